//! The negotiated EZSP protocol version.

use std::fmt;

/// An EZSP protocol version (the `desiredProtocolVersion` / `protocolVersion` of the `version`
/// command, UG100 §3).
///
/// Every encode and decode takes the version because parameter layouts change between
/// releases: v8 introduced the extended header, v9 the NVM3 token commands, v10 the child timeout
/// field, v12/v13 the security manager key commands and v14 32-bit `sl_status_t` codes and new
/// messaging layouts. Versions newer than [`ProtocolVersion::NEWEST`] use the newest layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProtocolVersion(pub u8);

impl ProtocolVersion {
    /// EZSP v8 (EmberZNet 6.7): the first version with the extended frame header.
    pub const V8: Self = Self(8);
    /// EZSP v9 (EmberZNet 6.8 / 6.9).
    pub const V9: Self = Self(9);
    /// EZSP v10 (EmberZNet 6.10).
    pub const V10: Self = Self(10);
    /// EZSP v11 (EmberZNet 7.0).
    pub const V11: Self = Self(11);
    /// EZSP v12 (EmberZNet 7.1 / 7.2).
    pub const V12: Self = Self(12);
    /// EZSP v13 (EmberZNet 7.3 / 7.4).
    pub const V13: Self = Self(13);
    /// EZSP v14 (EmberZNet 8.0): `sl_status_t` everywhere.
    pub const V14: Self = Self(14);
    /// EZSP v16 (EmberZNet 8.1).
    pub const V16: Self = Self(16);
    /// EZSP v17 (EmberZNet 8.1.x).
    pub const V17: Self = Self(17);
    /// EZSP v18 (EmberZNet 8.2).
    pub const V18: Self = Self(18);
    /// The oldest version whose layouts this module knows.
    pub const OLDEST: Self = Self::V8;
    /// The newest version whose layouts this module knows; newer ones decode with it.
    pub const NEWEST: Self = Self::V18;

    /// Whether frames of this version use the extended (v8+) header.
    #[must_use]
    pub fn uses_extended_header(self) -> bool {
        self.0 >= 8
    }

    /// Whether statuses are 32-bit `sl_status_t` (v14+) rather than 8-bit Ember/EZSP codes.
    #[must_use]
    pub fn uses_sl_status(self) -> bool {
        self.0 >= 14
    }

    /// Whether this version is at least `major`.
    #[must_use]
    pub fn at_least(self, major: u8) -> bool {
        self.0 >= major
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EZSPv{}", self.0)
    }
}
