//! `serde::Serialize` for ZDP frames (feature `serde`), shaped for the host tool's JSON: IEEE
//! addresses as `"xx:xx:..:xx"` (most significant byte first), NWK short addresses and group
//! addresses as `"0x1234"`, lists as sequences, bitflags as their bits, code enums as their
//! snake_case name (the number for an unknown code), trailing bytes as hex.
//!
//! Everything formats through `collect_str`, so no allocation is needed (no_std).

use core::fmt;

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

use super::{List, Record, ZdpCluster};

/// An IEEE address shown most significant byte first, colon separated.
struct Ieee(u64);

impl fmt::Display for Ieee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.to_be_bytes().iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// A 16-bit address shown as `0x` and four hex digits.
struct Short(u16);

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x}", self.0)
    }
}

/// Bytes as lowercase hex.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl Serialize for Ieee {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Short {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `serialize_with` for an IEEE (extended) address or extended PAN id.
pub(crate) fn ieee<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&Ieee(*v))
}

/// `serialize_with` for a NWK short address or a group address.
pub(crate) fn short<S: Serializer>(v: &u16, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&Short(*v))
}

/// `serialize_with` for trailing bytes: a hex string.
pub(crate) fn hex<S: Serializer>(v: &&[u8], s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&Hex(v))
}

/// `skip_serializing_if` for trailing bytes: most frames have none.
pub(crate) fn is_empty(v: &&[u8]) -> bool {
    v.is_empty()
}

/// `serialize_with` for a list of IEEE addresses.
pub(crate) fn ieee_list<S: Serializer>(v: &List<'_, u64>, s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for a in v {
        seq.serialize_element(&Ieee(a))?;
    }
    seq.end()
}

/// `serialize_with` for a list of NWK short addresses.
pub(crate) fn short_list<S: Serializer>(v: &List<'_, u16>, s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for a in v {
        seq.serialize_element(&Short(a))?;
    }
    seq.end()
}

/// A list is a sequence of its elements.
impl<T: Record + Serialize> Serialize for List<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// Writes `serde::Serialize` for a bitflags type: its bits as a number, reserved bits included.
macro_rules! bitflags_serde {
    ($($name:ident),*) => {
        $(
            impl Serialize for super::$name {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    self.bits().serialize(s)
                }
            }
        )*
    };
}

bitflags_serde!(
    FrequencyBand,
    MacCapabilityFlags,
    ServerMask,
    DescriptorCapability,
    PowerSources,
    LeaveFlags
);

/// The fields of a ZDP frame this crate does not decode.
#[derive(Serialize)]
pub(crate) struct UnknownFrame<'a> {
    /// The cluster id.
    pub(crate) cluster: ZdpCluster,
    /// Transaction sequence number.
    pub(crate) tsn: u8,
    /// Everything after the TSN, as hex.
    #[serde(serialize_with = "hex")]
    pub(crate) payload: &'a [u8],
}
