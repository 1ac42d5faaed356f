//! The simulated ZNP's non-volatile memory, laid out as Z-Stack 3.30 keeps it on a CC26x2: the
//! legacy OSAL items (one 16-bit id each) and the extended NV tables (system id, item id, sub
//! id), with C structures in their naturally aligned ARM layout.
//!
//! The items live in the virtual network's token store, so they are saved in the same state
//! file as the network. Legacy OSAL item `n` is the extended item (Z-Stack, `LEGACY`, `n`), as
//! on a real 3.30 stick.

use zcl_radio::mt::nv::{
    AddrMgrEntry, ExNvId, Nib, NwkKeyDesc, NwkSecMaterialDesc, OsalNvId, StructAlignment,
    TclkDevEntry,
};
use zcl_radio::mt::wire::Eui64;

use crate::sim::Network;

/// Struct layout of the simulated chip (a CC2652: ARM, naturally aligned).
pub const ALIGNMENT: StructAlignment = StructAlignment::Aligned;

/// `NvSysId` of Z-Stack's own items.
pub const SYS_ZSTACK: u8 = 1;

/// Entries in the address manager table (`NWK_MAX_ADDRESSES`).
pub const ADDRMGR_ENTRIES: u16 = 50;
/// Entries in the trust center link key table (`ZDSECMGR_TC_DEVICE_MAX`).
pub const TCLK_ENTRIES: u16 = 50;
/// Entries in the table of unhashed APS link keys.
pub const APS_KEY_DATA_ENTRIES: u16 = 10;
/// Entries in the network security material table (one per network plus a global one).
pub const NWK_SEC_MATERIAL_ENTRIES: u16 = 4;
/// Entries the APS link key index table has room for.
pub const APS_LINK_KEY_TABLE_ENTRIES: usize = 10;

/// Key attributes of an unused TCLK table entry (`DEFAULT_KEY`).
pub const TCLK_ATTR_DEFAULT: u8 = 0xFF;
/// Key attributes of a unique key the trust center verified (`VERIFIED_KEY`).
pub const TCLK_ATTR_VERIFIED: u8 = 0x02;

/// Address manager user-type bits.
pub const ADDRMGR_ASSOC: u8 = 0x01;
/// The device has a security (link key) entry.
pub const ADDRMGR_SECURITY: u8 = 0x02;
/// An unused address manager entry on Z-Stack 3.30.
pub const ADDRMGR_EMPTY: u8 = 0xFF;

/// Legacy items Z-Stack creates on first boot that hosts read before writing (the
/// concentrator and routing settings zigpy-znp checks), with their defaults.
const BYTE_DEFAULTS: [(u16, u8); 9] = [
    (OsalNvId::STARTUP_OPTION.0, 0),
    (OsalNvId::LOGICAL_TYPE.0, 0),
    (0x0030, 30), // BCAST_DELIVERY_TIME
    (0x0032, 0),  // CONCENTRATOR_ENABLE
    (0x0033, 0),  // CONCENTRATOR_DISCOVERY
    (0x0036, 0),  // CONCENTRATOR_RC
    (0x0038, 2),  // SRC_RTG_EXPIRY_TIME
    (0x003E, 1),  // NWK_CHILD_AGE_ENABLE
    (OsalNvId::ZDO_DIRECT_CB.0, 0),
];

/// The Z-Stack default pre-configured network key (`DEFAULT_KEY` in `nwk_globals.c`).
const DEFAULT_PRECFGKEY: [u8; 16] = [
    0x01, 0x03, 0x05, 0x07, 0x09, 0x0B, 0x0D, 0x0F, 0x00, 0x02, 0x04, 0x06, 0x08, 0x0A, 0x0C, 0x0D,
];

/// The address of one NV item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NvKey {
    /// System id (1: Z-Stack).
    pub sys_id: u8,
    /// Item id (0: legacy OSAL items, whose id is then the sub id).
    pub item_id: u16,
    /// Sub id (table index, or the legacy OSAL id).
    pub sub_id: u16,
}

impl NvKey {
    /// The legacy OSAL item `id`.
    pub const fn osal(id: OsalNvId) -> Self {
        Self::osal_raw(id.0)
    }

    /// The legacy OSAL item with the numeric id `id`.
    pub const fn osal_raw(id: u16) -> Self {
        Self {
            sys_id: SYS_ZSTACK,
            item_id: ExNvId::LEGACY.0,
            sub_id: id,
        }
    }

    /// Entry `sub` of the extended table `item`.
    pub const fn table(item: ExNvId, sub: u16) -> Self {
        Self {
            sys_id: SYS_ZSTACK,
            item_id: item.0,
            sub_id: sub,
        }
    }

    /// The token id the item is stored under (the top bit marks NV items apart from the EZSP
    /// front end's tokens); `None` for ids outside what the store can address.
    fn token(self) -> Option<u32> {
        if self.sys_id > 7 || self.item_id > 0x0FFF {
            return None;
        }
        Some(
            0x8000_0000
                | (u32::from(self.sys_id) << 28)
                | (u32::from(self.item_id) << 16)
                | u32::from(self.sub_id),
        )
    }
}

/// Reads an item.
pub fn get(network: &Network, key: NvKey) -> Option<&[u8]> {
    network.token(key.token()?)
}

/// Writes (creates or replaces) an item; `false` when the key cannot be stored.
pub fn set(network: &mut Network, key: NvKey, value: Vec<u8>) -> bool {
    match key.token() {
        Some(token) => {
            network.set_token(token, value);
            true
        }
        None => false,
    }
}

/// Deletes an item; returns whether it existed.
pub fn delete(network: &mut Network, key: NvKey) -> bool {
    key.token()
        .is_some_and(|token| network.remove_token(token).is_some())
}

/// A one-byte legacy item.
pub fn get_u8(network: &Network, id: OsalNvId) -> Option<u8> {
    get(network, NvKey::osal(id)).and_then(|v| v.first().copied())
}

/// Whether the NV memory was ever initialised (any NV item exists).
pub fn is_initialised(network: &Network) -> bool {
    network.tokens().keys().any(|t| t & 0x8000_0000 != 0)
}

/// Creates every item a freshly flashed coordinator has, keeping items that already exist.
/// `tclk_seed` seeds the trust center's hashed link keys.
pub fn create_defaults(network: &mut Network, tclk_seed: [u8; 16]) {
    let ieee = network.coordinator_ieee();
    let mut defaults: Vec<(NvKey, Vec<u8>)> = vec![
        (NvKey::osal(OsalNvId::EXTADDR), ieee.to_le_bytes().to_vec()),
        (
            NvKey::osal(OsalNvId::PANID),
            0xFFFFu16.to_le_bytes().to_vec(),
        ),
        (
            NvKey::osal(OsalNvId::CHANLIST),
            (1u32 << 11).to_le_bytes().to_vec(),
        ),
        (NvKey::osal(OsalNvId::PRECFGKEY), DEFAULT_PRECFGKEY.to_vec()),
        (NvKey::osal(OsalNvId::PRECFGKEYS_ENABLE), vec![0]),
        (NvKey::osal(OsalNvId::APS_USE_EXT_PANID), vec![0; 8]),
        (NvKey::osal(OsalNvId::EXTENDED_PAN_ID), vec![0; 8]),
        (NvKey::osal(OsalNvId::SECURITY_LEVEL), vec![5]),
        (NvKey::osal(OsalNvId::BDBNODEISONANETWORK), vec![0]),
        (NvKey::osal(OsalNvId::NIB), blank_nib().emit(ALIGNMENT)),
        (
            NvKey::osal(OsalNvId::NWK_ACTIVE_KEY_INFO),
            NwkKeyDesc::default().emit(),
        ),
        (
            NvKey::osal(OsalNvId::NWK_ALTERN_KEY_INFO),
            NwkKeyDesc::default().emit(),
        ),
        (NvKey::osal(OsalNvId::TCLK_SEED), tclk_seed.to_vec()),
        (
            NvKey::osal(OsalNvId::APS_LINK_KEY_TABLE),
            vec![0; 2 + 6 * APS_LINK_KEY_TABLE_ENTRIES],
        ),
    ];
    for (id, value) in BYTE_DEFAULTS {
        defaults.push((NvKey::osal_raw(id), vec![value]));
    }
    for sub in 0..ADDRMGR_ENTRIES {
        defaults.push((NvKey::table(ExNvId::ADDRMGR, sub), empty_addrmgr_entry()));
    }
    for sub in 0..TCLK_ENTRIES {
        defaults.push((NvKey::table(ExNvId::TCLK_TABLE, sub), empty_tclk_entry()));
    }
    for sub in 0..APS_KEY_DATA_ENTRIES {
        defaults.push((NvKey::table(ExNvId::APS_KEY_DATA_TABLE, sub), vec![0; 24]));
    }
    for sub in 0..NWK_SEC_MATERIAL_ENTRIES {
        defaults.push((
            NvKey::table(ExNvId::NWK_SEC_MATERIAL_TABLE, sub),
            NwkSecMaterialDesc::default().emit(ALIGNMENT),
        ));
    }
    for (key, value) in defaults {
        if get(network, key).is_none() {
            set(network, key, value);
        }
    }
}

/// Clears the network state (`ZCD_STARTOPT_DEFAULT_NETWORK_STATE`): the NIB, the keys, the
/// device tables and the commissioning flag go back to a never-joined coprocessor's values.
/// Frame counters survive unless `clear_frame_counters`.
pub fn clear_network_state(network: &mut Network, clear_frame_counters: bool) {
    set(
        network,
        NvKey::osal(OsalNvId::NIB),
        blank_nib().emit(ALIGNMENT),
    );
    for id in [OsalNvId::NWK_ACTIVE_KEY_INFO, OsalNvId::NWK_ALTERN_KEY_INFO] {
        set(network, NvKey::osal(id), NwkKeyDesc::default().emit());
    }
    set(network, NvKey::osal(OsalNvId::BDBNODEISONANETWORK), vec![0]);
    set(network, NvKey::osal(OsalNvId::EXTENDED_PAN_ID), vec![0; 8]);
    for sub in 0..ADDRMGR_ENTRIES {
        set(
            network,
            NvKey::table(ExNvId::ADDRMGR, sub),
            empty_addrmgr_entry(),
        );
    }
    for sub in 0..TCLK_ENTRIES {
        set(
            network,
            NvKey::table(ExNvId::TCLK_TABLE, sub),
            empty_tclk_entry(),
        );
    }
    if clear_frame_counters {
        for sub in 0..NWK_SEC_MATERIAL_ENTRIES {
            set(
                network,
                NvKey::table(ExNvId::NWK_SEC_MATERIAL_TABLE, sub),
                NwkSecMaterialDesc::default().emit(ALIGNMENT),
            );
        }
    }
}

/// Restores the configuration items (`ZCD_STARTOPT_DEFAULT_CONFIG_STATE`) to their defaults.
pub fn clear_config(network: &mut Network) {
    for key in [
        NvKey::osal(OsalNvId::PANID),
        NvKey::osal(OsalNvId::CHANLIST),
        NvKey::osal(OsalNvId::PRECFGKEY),
        NvKey::osal(OsalNvId::PRECFGKEYS_ENABLE),
        NvKey::osal(OsalNvId::APS_USE_EXT_PANID),
        NvKey::osal(OsalNvId::SECURITY_LEVEL),
    ] {
        delete(network, key);
    }
    for (id, _) in BYTE_DEFAULTS {
        delete(network, NvKey::osal_raw(id));
    }
    let seed = get(network, NvKey::osal(OsalNvId::TCLK_SEED))
        .and_then(|s| <[u8; 16]>::try_from(s).ok())
        .unwrap_or([0; 16]);
    create_defaults(network, seed);
}

/// A NIB as Z-Stack 3.30 has it before any network: no channel, PAN id 0xFFFE, no key.
pub fn blank_nib() -> Nib {
    Nib {
        sequence_num: 0,
        passive_ack_timeout: 5,
        max_broadcast_retries: 2,
        max_children: 20,
        max_depth: 15,
        max_routers: 20,
        broadcast_delivery_time: 30,
        secure_all_frames: 1,
        security_level: 5,
        sym_link: 1,
        capability_flags: 0x8F,
        transaction_persistence_time: 7,
        nwk_protocol_version: 2,
        route_discovery_time: 5,
        route_expiry_time: 30,
        nwk_dev_address: 0xFFFE,
        nwk_logical_channel: 0,
        nwk_coord_address: 0x0000,
        nwk_pan_id: 0xFFFE,
        nwk_state: 0,
        channel_list: 1 << 11,
        beacon_order: 15,
        super_frame_order: 15,
        scan_duration: 4,
        nwk_link_status_period: 15,
        nwk_router_age_limit: 3,
        nwk_is_concentrator: 1,
        nwk_concentrator_discovery_time: 120,
        nwk_concentrator_radius: 10,
        nwk_all_fresh: 1,
        ..Nib::default()
    }
}

/// The stored NIB, if it parses.
pub fn nib(network: &Network) -> Option<Nib> {
    get(network, NvKey::osal(OsalNvId::NIB)).and_then(|b| Nib::parse(b, ALIGNMENT).ok())
}

/// The stored active network key.
pub fn active_key(network: &Network) -> Option<NwkKeyDesc> {
    get(network, NvKey::osal(OsalNvId::NWK_ACTIVE_KEY_INFO)).and_then(|b| NwkKeyDesc::parse(b).ok())
}

/// The outgoing NWK frame counter stored for `extended_pan_id` (or the global entry).
pub fn frame_counter(network: &Network, extended_pan_id: u64) -> Option<u32> {
    let mut global = None;
    for sub in 0..NWK_SEC_MATERIAL_ENTRIES {
        let Some(entry) = get(network, NvKey::table(ExNvId::NWK_SEC_MATERIAL_TABLE, sub))
            .and_then(|b| NwkSecMaterialDesc::parse(b, ALIGNMENT).ok())
        else {
            continue;
        };
        if entry.extended_pan_id.0 == extended_pan_id {
            return Some(entry.frame_counter);
        }
        if entry.extended_pan_id.0 == u64::MAX {
            global = Some(entry.frame_counter);
        }
    }
    global
}

/// Stores the outgoing frame counter for `extended_pan_id`, in its entry or the first free one.
pub fn set_frame_counter(network: &mut Network, extended_pan_id: u64, counter: u32) {
    let mut free = None;
    for sub in 0..NWK_SEC_MATERIAL_ENTRIES {
        let key = NvKey::table(ExNvId::NWK_SEC_MATERIAL_TABLE, sub);
        let entry = get(network, key).and_then(|b| NwkSecMaterialDesc::parse(b, ALIGNMENT).ok());
        match entry {
            Some(e) if e.extended_pan_id.0 == extended_pan_id => {
                free = Some(key);
                break;
            }
            Some(e) if e.extended_pan_id.0 == 0 && free.is_none() => free = Some(key),
            _ => {}
        }
    }
    if let Some(key) = free {
        let entry = NwkSecMaterialDesc {
            frame_counter: counter,
            extended_pan_id: Eui64(extended_pan_id),
        };
        set(network, key, entry.emit(ALIGNMENT));
    }
}

/// Puts `entry` into the address manager table: over the entry with the same IEEE address, or
/// into the first unused one.
pub fn put_addrmgr(network: &mut Network, entry: AddrMgrEntry) {
    let mut free = None;
    for sub in 0..ADDRMGR_ENTRIES {
        let key = NvKey::table(ExNvId::ADDRMGR, sub);
        match get(network, key).and_then(|b| AddrMgrEntry::parse(b, ALIGNMENT).ok()) {
            Some(e) if e.ext_addr == entry.ext_addr => {
                free = Some(key);
                break;
            }
            Some(e) if e.user_type == ADDRMGR_EMPTY && free.is_none() => free = Some(key),
            _ => {}
        }
    }
    if let Some(key) = free {
        set(network, key, entry.emit(ALIGNMENT));
    }
}

/// Marks the address manager entry of `ieee` unused.
pub fn remove_addrmgr(network: &mut Network, ieee: u64) {
    for sub in 0..ADDRMGR_ENTRIES {
        let key = NvKey::table(ExNvId::ADDRMGR, sub);
        if get(network, key)
            .and_then(|b| AddrMgrEntry::parse(b, ALIGNMENT).ok())
            .is_some_and(|e| e.ext_addr.0 == ieee)
        {
            set(network, key, empty_addrmgr_entry());
        }
    }
}

fn empty_addrmgr_entry() -> Vec<u8> {
    AddrMgrEntry {
        user_type: ADDRMGR_EMPTY,
        nwk_addr: 0xFFFF,
        ext_addr: Eui64(u64::MAX),
    }
    .emit(ALIGNMENT)
}

fn empty_tclk_entry() -> Vec<u8> {
    TclkDevEntry {
        key_attributes: TCLK_ATTR_DEFAULT,
        ..TclkDevEntry::default()
    }
    .emit(ALIGNMENT)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::sim::NetworkConfig;

    #[test]
    fn defaults_have_z_stack_sizes_and_survive_a_second_call() {
        let mut net = Network::new(NetworkConfig::default());
        assert!(!is_initialised(&net));
        create_defaults(&mut net, [7; 16]);
        assert!(is_initialised(&net));
        // The aligned NIB is 116 bytes, an address manager entry 12, a TCLK entry 20.
        assert_eq!(get(&net, NvKey::osal(OsalNvId::NIB)).unwrap().len(), 116);
        assert_eq!(
            get(&net, NvKey::table(ExNvId::ADDRMGR, 0)).unwrap(),
            [0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        );
        assert_eq!(
            get(&net, NvKey::table(ExNvId::TCLK_TABLE, TCLK_ENTRIES - 1))
                .unwrap()
                .len(),
            20
        );
        assert!(get(&net, NvKey::table(ExNvId::TCLK_TABLE, TCLK_ENTRIES)).is_none());
        set(&mut net, NvKey::osal(OsalNvId::PANID), vec![0x34, 0x12]);
        create_defaults(&mut net, [9; 16]);
        assert_eq!(
            get(&net, NvKey::osal(OsalNvId::PANID)).unwrap(),
            [0x34, 0x12]
        );
        assert_eq!(
            get(&net, NvKey::osal(OsalNvId::TCLK_SEED)).unwrap(),
            [7; 16]
        );
    }

    #[test]
    fn frame_counter_entry_per_network_with_global_fallback() {
        let mut net = Network::new(NetworkConfig::default());
        create_defaults(&mut net, [0; 16]);
        assert_eq!(frame_counter(&net, 0xDDDD), None);
        set_frame_counter(&mut net, u64::MAX, 77);
        assert_eq!(frame_counter(&net, 0xDDDD), Some(77));
        set_frame_counter(&mut net, 0xDDDD, 1000);
        set_frame_counter(&mut net, 0xDDDD, 1001);
        assert_eq!(frame_counter(&net, 0xDDDD), Some(1001));
        assert_eq!(frame_counter(&net, u64::MAX), Some(77));
    }

    #[test]
    fn address_manager_reuses_the_entry_of_a_known_device() {
        let mut net = Network::new(NetworkConfig::default());
        create_defaults(&mut net, [0; 16]);
        let entry = |nwk| AddrMgrEntry {
            user_type: ADDRMGR_ASSOC,
            nwk_addr: nwk,
            ext_addr: Eui64(0x1122),
        };
        put_addrmgr(&mut net, entry(0x1000));
        put_addrmgr(&mut net, entry(0x2000));
        let first = get(&net, NvKey::table(ExNvId::ADDRMGR, 0)).unwrap();
        assert_eq!(
            AddrMgrEntry::parse(first, ALIGNMENT).unwrap(),
            entry(0x2000)
        );
        let second = get(&net, NvKey::table(ExNvId::ADDRMGR, 1)).unwrap();
        assert_eq!(second, empty_addrmgr_entry());
        remove_addrmgr(&mut net, 0x1122);
        assert_eq!(
            get(&net, NvKey::table(ExNvId::ADDRMGR, 0)).unwrap(),
            empty_addrmgr_entry()
        );
    }
}
