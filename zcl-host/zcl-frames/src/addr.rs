//! Typed addresses: the 64-bit IEEE (extended) address, the 16-bit short (network) address and
//! the 16-bit PAN identifier (IEEE 802.15.4-2015 7.2.1.4 to 7.2.1.7; Zigbee 05-3474 3.6.1).
//!
//! Each is a newtype over the integer as it is read from the air (little-endian on the wire),
//! with one text form: an IEEE address prints as eight colon-separated bytes, most significant
//! first (`00:12:4b:00:01:02:03:04`), short addresses and PAN ids as `0x1234`.

use core::fmt;

/// A 64-bit IEEE extended address (EUI-64), also used for extended PAN ids.
///
/// The inner value is the address as a number: the wire's eight little-endian bytes read as a
/// `u64`, so `0x0012_4b00_0102_0304` prints as `00:12:4b:00:01:02:03:04`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Eui64(pub u64);

impl Eui64 {
    /// All ones: "no address" in several Zigbee fields (05-3474 2.4.3.1.10).
    pub const UNASSIGNED: Eui64 = Eui64(u64::MAX);

    /// The address from its eight bytes in air order (least significant first).
    #[must_use]
    pub const fn from_le_bytes(bytes: [u8; 8]) -> Self {
        Eui64(u64::from_le_bytes(bytes))
    }

    /// Its eight bytes in air order (least significant first).
    #[must_use]
    pub const fn to_le_bytes(self) -> [u8; 8] {
        self.0.to_le_bytes()
    }

    /// The address as a number.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl From<u64> for Eui64 {
    fn from(v: u64) -> Self {
        Eui64(v)
    }
}

impl From<Eui64> for u64 {
    fn from(v: Eui64) -> Self {
        v.0
    }
}

impl fmt::Display for Eui64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g, h, i] = self.0.to_be_bytes();
        write!(
            f,
            "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}:{h:02x}:{i:02x}"
        )
    }
}

/// Why text is not an IEEE address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseEui64Error {
    /// A character that is neither a hex digit nor a separator (`:`, `-`, `_`).
    InvalidCharacter(char),
    /// Not 16 hex digits (the number found).
    WrongLength(usize),
}

impl fmt::Display for ParseEui64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseEui64Error::InvalidCharacter(c) => {
                write!(f, "{c:?} in an IEEE address (want hex digits)")
            }
            ParseEui64Error::WrongLength(n) => {
                write!(f, "IEEE address of {n} hex digits (want 16)")
            }
        }
    }
}

impl core::error::Error for ParseEui64Error {}

impl core::str::FromStr for Eui64 {
    type Err = ParseEui64Error;

    /// Reads an address written most significant byte first, as [`Eui64`] prints it
    /// (`00:12:4b:00:01:02:03:04`), or as 16 hex digits with an optional `0x` prefix and any
    /// `:`, `-` or `_` separators (`00124b0001020304`, `0x00124B0001020304`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let t = t
            .strip_prefix("0x")
            .or_else(|| t.strip_prefix("0X"))
            .unwrap_or(t);
        let mut v: u64 = 0;
        let mut digits = 0usize;
        for c in t.chars() {
            if matches!(c, ':' | '-' | '_') {
                continue;
            }
            let d = c.to_digit(16).ok_or(ParseEui64Error::InvalidCharacter(c))?;
            digits += 1;
            v = (v << 4) | u64::from(d);
        }
        if digits != 16 {
            return Err(ParseEui64Error::WrongLength(digits));
        }
        Ok(Eui64(v))
    }
}

impl fmt::Debug for Eui64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Eui64({self})")
    }
}

/// `From` both ways, `Display` as `0x1234` and `Debug` as `Name(0x1234)` for a 16-bit newtype.
macro_rules! hex16_newtype {
    ($t:ident) => {
        impl From<u16> for $t {
            fn from(v: u16) -> Self {
                $t(v)
            }
        }

        impl From<$t> for u16 {
            fn from(v: $t) -> Self {
                v.0
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "0x{:04x}", self.0)
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($t), "({})"), self)
            }
        }
    };
}

hex16_newtype!(ShortAddr);
hex16_newtype!(PanId);

/// A 16-bit short address: the MAC short address, which Zigbee uses as the network address
/// (IEEE 802.15.4-2015 7.2.1.7; 05-3474 3.6.1.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ShortAddr(pub u16);

impl ShortAddr {
    /// 0xffff: broadcast to all devices in the PAN (also "no short address").
    pub const BROADCAST: ShortAddr = ShortAddr(0xffff);
    /// 0x0000: the coordinator (the Zigbee trust center's usual address).
    pub const COORDINATOR: ShortAddr = ShortAddr(0x0000);

    /// Whether this is one of the broadcast addresses 0xfff8-0xffff (05-3474 3.6.5, table
    /// 3-69; 0xfff8-0xfffa are reserved), not a device's address.
    #[must_use]
    pub const fn is_broadcast(self) -> bool {
        self.0 >= 0xfff8
    }
}

/// A 16-bit PAN identifier (IEEE 802.15.4-2015 7.2.1.4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PanId(pub u16);

impl PanId {
    /// 0xffff: the broadcast PAN id.
    pub const BROADCAST: PanId = PanId(0xffff);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eui64_text_is_msb_first_with_colons() {
        let e = Eui64(0x0012_4b00_0102_0304);
        assert_eq!(e.to_string(), "00:12:4b:00:01:02:03:04");
        assert_eq!(format!("{e:?}"), "Eui64(00:12:4b:00:01:02:03:04)");
        assert_eq!(
            Eui64::from_le_bytes([0x04, 0x03, 0x02, 0x01, 0x00, 0x4b, 0x12, 0x00]),
            e
        );
        assert_eq!(
            e.to_le_bytes(),
            [0x04, 0x03, 0x02, 0x01, 0x00, 0x4b, 0x12, 0x00]
        );
        assert_eq!(Eui64::UNASSIGNED.to_string(), "ff:ff:ff:ff:ff:ff:ff:ff");
    }

    #[test]
    fn parse_eui64_text() {
        let e = Eui64(0x0012_4b00_0102_0304);
        assert_eq!("00:12:4b:00:01:02:03:04".parse::<Eui64>(), Ok(e));
        assert_eq!("00124B0001020304".parse::<Eui64>(), Ok(e));
        assert_eq!(" 0x00-12-4b-00_01_02_03_04 ".parse::<Eui64>(), Ok(e));
        assert_eq!(e.to_string().parse::<Eui64>(), Ok(e));
        assert_eq!(
            "00:12:4b".parse::<Eui64>(),
            Err(ParseEui64Error::WrongLength(6))
        );
        assert_eq!(
            "00124b00010203040".parse::<Eui64>(),
            Err(ParseEui64Error::WrongLength(17))
        );
        assert_eq!(
            "00124b000102030g".parse::<Eui64>(),
            Err(ParseEui64Error::InvalidCharacter('g'))
        );
    }

    #[test]
    fn short_and_pan_text() {
        assert_eq!(ShortAddr(0x1a).to_string(), "0x001a");
        assert_eq!(PanId(0xf72f).to_string(), "0xf72f");
        assert_eq!(format!("{:?}", ShortAddr::BROADCAST), "ShortAddr(0xffff)");
        assert_eq!(format!("{:?}", PanId(1)), "PanId(0x0001)");
        assert!(ShortAddr(0xfffd).is_broadcast() && ShortAddr::BROADCAST.is_broadcast());
        assert!(!ShortAddr(0xfff7).is_broadcast() && !ShortAddr::COORDINATOR.is_broadcast());
    }
}
