//! Telling Z-Stack releases apart from `SYS_VERSION` and `SYS_PING`.
//!
//! The product id in the version response is the primary signal: 0 Z-Stack Home 1.2,
//! 1 Z-Stack 3.x.0 (3.30 and later, CC26x2/CC13x2), 2 Z-Stack 3.0.x (CC2530/CC2531/CC2538).
//! This is the numbering zigbee-herdsman uses (`zStack12`, `zStack3x0`, `zStack30x`). The
//! capabilities from `SYS_PING` cross-check it: Z-Stack 1.2 has no `APP_CNF` subsystem.
//! zigpy-znp detects the same three releases without the product id: no `APP_CNF` means 1.2;
//! otherwise a `SYS_NV_READ` of the extended TCLK table that fails with an RPC error means
//! 3.0.x, anything else 3.30+. [`ZStackRelease::from_nv_read_probe`] encodes that second step.

use super::commands::sys::VersionResponse;
use super::types::MtCapabilities;

/// A Z-Stack release family, which decides NV layouts and available commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ZStackRelease {
    /// Z-Stack Home 1.2 (CC2530/CC2531).
    Home1_2,
    /// Z-Stack 3.0.x (CC2530/CC2531/CC2538).
    V3_0,
    /// Z-Stack 3.30 and later ("3.x.0", CC26x2/CC13x2): extended NV items.
    V3_30,
}

impl ZStackRelease {
    /// The release named by a product id, if known.
    #[must_use]
    pub fn from_product_id(product_id: u8) -> Option<Self> {
        match product_id {
            0 => Some(Self::Home1_2),
            1 => Some(Self::V3_30),
            2 => Some(Self::V3_0),
            _ => None,
        }
    }

    /// Detects the release from the version response and, if known, the ping capabilities.
    ///
    /// A known product id decides, unless the capabilities contradict it (no `APP_CNF` means
    /// 1.2 whatever the product id says; `APP_CNF` with product id 0 is a 3.x build and is
    /// reported as `None` so the caller probes with [`Self::from_nv_read_probe`]). An unknown
    /// product id gives 1.2 when `APP_CNF` is missing and `None` otherwise.
    #[must_use]
    pub fn detect(version: &VersionResponse, capabilities: Option<MtCapabilities>) -> Option<Self> {
        let has_app_cnf = capabilities.map(|c| c.contains(MtCapabilities::APP_CNF));
        match (Self::from_product_id(version.product_id), has_app_cnf) {
            (_, Some(false)) => Some(Self::Home1_2),
            (Some(Self::Home1_2), Some(true)) => None,
            (Some(release), _) => Some(release),
            (None, _) => None,
        }
    }

    /// zigpy-znp's second step for a 3.x device: whether `SYS_NV_READ` was refused with an
    /// RPC error (3.0.x) or answered at all, even with a failure status (3.30+).
    #[must_use]
    pub fn from_nv_read_probe(refused_by_rpc_error: bool) -> Self {
        if refused_by_rpc_error {
            Self::V3_0
        } else {
            Self::V3_30
        }
    }

    /// Whether the release has the `SYS_NV_*` extended NV commands and `ZCD_NV_EX_*` tables.
    #[must_use]
    pub fn has_extended_nv(self) -> bool {
        self == Self::V3_30
    }

    /// Whether the release has the `APP_CNF` (BDB) subsystem.
    #[must_use]
    pub fn has_bdb(self) -> bool {
        self != Self::Home1_2
    }

    /// Whether `SYS_SET_TX_POWER` answers with a status (3.30+) rather than the applied power.
    #[must_use]
    pub fn tx_power_returns_status(self) -> bool {
        self == Self::V3_30
    }
}
