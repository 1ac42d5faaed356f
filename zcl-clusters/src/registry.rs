//! Lookup of cluster definitions by (cluster id, manufacturer code), and decoding of any known
//! cluster command into typed, named fields.
//!
//! Only built with the `registry` feature (on by default): it names every cluster, so a firmware
//! that links it carries them all. A firmware that names only the clusters it uses links only
//! those.
//!
//! ```
//! use zcl_clusters::registry::{self, FieldVisitor, Value};
//! use zcl_core::Direction;
//!
//! struct Print(Vec<String>);
//! impl FieldVisitor for Print {
//!     fn value(&mut self, name: &str, value: Value<'_>) {
//!         self.0.push(format!("{name}={value:?}"));
//!     }
//!     fn begin_list(&mut self, name: &str) {}
//!     fn end_list(&mut self) {}
//!     fn begin_struct(&mut self, name: &str) {}
//!     fn end_struct(&mut self) {}
//! }
//!
//! let level = registry::lookup(0x0008, None).unwrap();
//! assert_eq!(level.meta.name, "Level Control");
//! // Move To Level: level 0x80, transition time 10 (tenths of a second).
//! let mut p = Print(Vec::new());
//! let cmd = registry::decode_command(0x0008, None, Direction::ClientToServer, 0x00,
//!     &[0x80, 0x0a, 0x00], &mut p).unwrap().unwrap();
//! assert_eq!(cmd.name, "move_to_level");
//! assert_eq!(p.0[0], "level=Uint8(128)");
//! ```

use crate::field::Command;
use crate::meta::{ClusterMeta, CommandMeta};
use zcl_core::{DecodeError, Direction, Reader};

pub use zcl_core::value::Value;

/// Receives the fields of a decoded command, in wire order.
///
/// Lists arrive as `begin_list(name)`, their elements (named `""`), `end_list()`; structures
/// as `begin_struct(name)`, their fields, `end_struct()`.
pub trait FieldVisitor {
    /// A field with a single value.
    fn value(&mut self, name: &str, value: Value<'_>);
    /// A list starts.
    fn begin_list(&mut self, name: &str);
    /// The current list ends.
    fn end_list(&mut self);
    /// A structure starts.
    fn begin_struct(&mut self, name: &str);
    /// The current structure ends.
    fn end_struct(&mut self);
}

/// Decodes `payload` as command `C` into `v`. Bytes after the known fields are handed over as
/// an octet string named `trailing` (a later specification revision may have added fields).
pub fn visit_payload<'a, C: Command<'a>>(
    payload: &'a [u8],
    v: &mut dyn FieldVisitor,
) -> Result<(), DecodeError> {
    let mut r = Reader::new(payload);
    let cmd = C::parse(&mut r)?;
    let mut top = SkipOuter { inner: v, depth: 0 };
    cmd.visit("", &mut top);
    if !r.is_empty() {
        v.value("trailing", Value::OctetString(Some(r.rest())));
    }
    Ok(())
}

/// Passes everything through except the command's own (outermost) structure.
struct SkipOuter<'v> {
    inner: &'v mut dyn FieldVisitor,
    depth: usize,
}

impl FieldVisitor for SkipOuter<'_> {
    fn value(&mut self, name: &str, value: Value<'_>) {
        self.inner.value(name, value);
    }
    fn begin_list(&mut self, name: &str) {
        self.depth += 1;
        self.inner.begin_list(name);
    }
    fn end_list(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.inner.end_list();
    }
    fn begin_struct(&mut self, name: &str) {
        if self.depth > 0 {
            self.inner.begin_struct(name);
        }
        self.depth += 1;
    }
    fn end_struct(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth > 0 {
            self.inner.end_struct();
        }
    }
}

/// Decodes a command of one cluster by direction and id into a visitor; `None` for a command
/// the cluster does not define.
pub type CommandDecoder =
    fn(Direction, u8, &[u8], &mut dyn FieldVisitor) -> Option<Result<(), DecodeError>>;

/// One registered cluster: its metadata and its command decoder.
#[derive(Clone, Copy)]
pub struct Entry {
    /// Names, attributes and commands.
    pub meta: &'static ClusterMeta,
    /// Decoder of its commands.
    pub decode: CommandDecoder,
    /// The value names of its attributes (named enums and bitmaps), by attribute id.
    pub values: fn(u16) -> Option<&'static crate::meta::ValueNames>,
}

impl core::fmt::Debug for Entry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Entry").field("meta", self.meta).finish()
    }
}

/// Every registered cluster: the ZCL's, then the manufacturer-specific ones.
pub fn all() -> &'static [Entry] {
    crate::clusters::REGISTRY
}

/// The cluster with this id. With a manufacturer code, a manufacturer-specific definition of
/// that vendor wins; otherwise (or when there is none) the standard one is returned.
pub fn lookup(cluster: u16, manufacturer: Option<u16>) -> Option<&'static Entry> {
    let all = all();
    if let Some(m) = manufacturer {
        if let Some(e) = all
            .iter()
            .find(|e| e.meta.id == cluster && e.meta.manufacturer == Some(m))
        {
            return Some(e);
        }
    }
    all.iter()
        .find(|e| e.meta.id == cluster && e.meta.manufacturer.is_none())
        .or_else(|| {
            // A vendor cluster seen without a manufacturer code (Tuya's 0xEF00 never carries
            // one; other vendors omit it in reports): take the only definition if there is
            // exactly one.
            let mut it = all.iter().filter(|e| e.meta.id == cluster);
            match (it.next(), it.next()) {
                (Some(e), None) => Some(e),
                _ => None,
            }
        })
}

/// Decodes a cluster-specific command into typed named fields. Returns the command's metadata;
/// `Ok(None)` when the cluster or command is unknown (the caller shows the payload raw).
pub fn decode_command(
    cluster: u16,
    manufacturer: Option<u16>,
    direction: Direction,
    command_id: u8,
    payload: &[u8],
    v: &mut dyn FieldVisitor,
) -> Result<Option<&'static CommandMeta>, DecodeError> {
    let Some(entry) = lookup(cluster, manufacturer) else {
        return Ok(None);
    };
    // ZCL 2.4.1.1.2: with the manufacturer-specific bit set, the command id is the vendor's,
    // not the standard cluster's command with the same id.
    if manufacturer.is_some() && entry.meta.manufacturer.is_none() {
        return Ok(None);
    }
    let Some(meta) = entry.meta.command(command_id, direction) else {
        return Ok(None);
    };
    match (entry.decode)(direction, command_id, payload, v) {
        Some(Ok(())) => Ok(Some(meta)),
        Some(Err(e)) => Err(e),
        None => Ok(None),
    }
}

/// The attribute `id` of a cluster as a frame with (or without) a manufacturer code means it:
/// with a code, a standard cluster's attribute ids are the vendor's (ZCL 2.4.1.1.2), so only
/// that vendor's attributes match; a vendor cluster's own attributes always match.
pub fn attribute(
    cluster: u16,
    manufacturer: Option<u16>,
    id: u16,
) -> Option<&'static crate::meta::AttributeMeta> {
    let entry = lookup(cluster, manufacturer)?;
    let attrs: &'static [crate::meta::AttributeMeta] = entry.meta.attributes;
    match (manufacturer, entry.meta.manufacturer) {
        (Some(m), None) => attrs
            .iter()
            .find(|a| a.id == id && a.manufacturer == Some(m)),
        _ => attrs
            .iter()
            .find(|a| a.id == id && a.manufacturer.is_none()),
    }
}

/// The names of the values of an attribute (a named enum or bitmap in its cluster's definition),
/// found as [`attribute`] finds the attribute.
pub fn attribute_values(
    cluster: u16,
    manufacturer: Option<u16>,
    id: u16,
) -> Option<&'static crate::meta::ValueNames> {
    attribute(cluster, manufacturer, id)?;
    (lookup(cluster, manufacturer)?.values)(id)
}

/// Totals over the registry: (clusters, manufacturer-specific clusters, attributes, commands).
pub fn totals() -> (usize, usize, usize, usize) {
    let all = all();
    let mfr = all.iter().filter(|e| e.meta.manufacturer.is_some()).count();
    let attrs = all.iter().map(|e| e.meta.attributes.len()).sum();
    let cmds = all.iter().map(|e| e.meta.commands.len()).sum();
    (all.len(), mfr, attrs, cmds)
}

/// Helpers for the generated round-trip tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    /// Records what a visitor sees as text lines.
    #[derive(Default)]
    pub(crate) struct Recorder(pub Vec<String>);

    impl FieldVisitor for Recorder {
        fn value(&mut self, name: &str, value: Value<'_>) {
            self.0.push(std::format!("{name}={value:?}"));
        }
        fn begin_list(&mut self, name: &str) {
            self.0.push(std::format!("{name}=["));
        }
        fn end_list(&mut self) {
            self.0.push(String::from("]"));
        }
        fn begin_struct(&mut self, name: &str) {
            self.0.push(std::format!("{name}={{"));
        }
        fn end_struct(&mut self) {
            self.0.push(String::from("}"));
        }
    }

    /// Sample -> bytes -> typed (equal) -> bytes (equal) -> registry decode by name (the same
    /// named values as the typed command's own visit).
    pub(crate) fn roundtrip<'a, C: Command<'a> + PartialEq + core::fmt::Debug>() {
        let sample = C::sample();
        let n = sample.encoded_len();
        let mut buf = std::vec![0xffu8; n];
        assert_eq!(sample.emit_payload(&mut buf).unwrap(), n, "{}", C::NAME);
        let buf: &'a [u8] = Vec::leak(buf);
        let back = C::parse_payload(buf).unwrap_or_else(|e| panic!("{}: {e:?}", C::NAME));
        assert_eq!(back, sample, "{}", C::NAME);
        // The firmware's reader (no error details) agrees with the parser on the whole payload
        // and on every prefix of it: same value where it parses, None where it fails.
        for end in 0..=n {
            let part = &buf[..end];
            assert_eq!(
                C::read_payload(part),
                C::parse_payload(part).ok(),
                "{}: first {end} of {n} bytes",
                C::NAME
            );
        }
        let mut again = std::vec![0u8; n];
        back.emit_payload(&mut again).unwrap();
        assert_eq!(again, buf, "{}", C::NAME);
        if n > 0 {
            assert!(
                matches!(
                    back.emit_payload(&mut again[..n - 1]),
                    Err(zcl_core::EncodeError::BufferTooSmall { .. })
                ),
                "{}",
                C::NAME
            );
        }
        let mut expected = Recorder::default();
        let mut top = SkipOuter {
            inner: &mut expected,
            depth: 0,
        };
        sample.visit("", &mut top);
        let mut got = Recorder::default();
        let meta = decode_command(
            C::CLUSTER_ID,
            C::MANUFACTURER,
            C::DIRECTION,
            C::ID,
            buf,
            &mut got,
        )
        .unwrap_or_else(|e| panic!("{}: {e:?}", C::NAME))
        .unwrap_or_else(|| panic!("{} not in the registry", C::NAME));
        assert_eq!(meta.name, C::NAME);
        assert_eq!(got.0, expected.0, "{}", C::NAME);
    }
}
