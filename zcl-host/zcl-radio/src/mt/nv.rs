//! Non-volatile memory: item ids needed for a network backup and the structures stored in
//! them, for both memory layouts.
//!
//! Z-Stack stores C structures in NV as they sit in RAM. On the 8051 (CC2530/CC2531) they are
//! packed; on ARM (CC2538, CC26x2, CC13x2) each field is aligned to its size, so padding appears
//! (the NIB is 110 bytes packed, 116 aligned). [`StructAlignment`] selects the layout;
//! `UTIL_ASSOC_FIND_DEVICE` tells which one a coprocessor uses.
//!
//! Item locations by release:
//! - Z-Stack Home 1.2: network key and frame counter in [`OsalNvId::NWKKEY`]
//!   ([`NwkActiveKeyItems`]); trust-center link keys in the legacy TCLK range.
//! - Z-Stack 3.0.x: frame counters in the legacy NWK security material range
//!   ([`OsalNvId::LEGACY_NWK_SEC_MATERIAL_TABLE_START`]..=`_END`, [`NwkSecMaterialDesc`]);
//!   hashed TCLK entries in the legacy TCLK range ([`TclkDevEntry`]).
//! - Z-Stack 3.30+: tables moved to extended items (`SYS_NV_*` with [`ExNvId`], sub id =
//!   table index): address manager, TCLK table, TCLK IC table, APS key data, NWK security
//!   material. The single items (NIB, keys, PAN id, ...) stay legacy OSAL items.

use super::wire::{DecodeError, Eui64, Key};

/// A legacy OSAL NV item id (`ZCD_NV_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OsalNvId(pub u16);

impl OsalNvId {
    /// `ZCD_NV_EXTADDR`: IEEE address.
    pub const EXTADDR: Self = Self(0x0001);
    /// `ZCD_NV_BOOTCOUNTER`.
    pub const BOOTCOUNTER: Self = Self(0x0002);
    /// `ZCD_NV_STARTUP_OPTION`: [`super::types::StartupOptions`].
    pub const STARTUP_OPTION: Self = Self(0x0003);
    /// `ZCD_NV_START_DELAY`.
    pub const START_DELAY: Self = Self(0x0004);
    /// `ZCD_NV_NIB`: the network information base ([`Nib`]).
    pub const NIB: Self = Self(0x0021);
    /// `ZCD_NV_DEVICE_LIST`.
    pub const DEVICE_LIST: Self = Self(0x0022);
    /// `ZCD_NV_ADDRMGR`: address manager table (1.2, 3.0.x) of [`AddrMgrEntry`].
    pub const ADDRMGR: Self = Self(0x0023);
    /// `ZCD_NV_EXTENDED_PAN_ID`.
    pub const EXTENDED_PAN_ID: Self = Self(0x002D);
    /// `ZCD_NV_NWK_ACTIVE_KEY_INFO`: active network key ([`NwkKeyDesc`]).
    pub const NWK_ACTIVE_KEY_INFO: Self = Self(0x003A);
    /// `ZCD_NV_NWK_ALTERN_KEY_INFO`: alternate network key ([`NwkKeyDesc`]).
    pub const NWK_ALTERN_KEY_INFO: Self = Self(0x003B);
    /// `ZCD_NV_BINDING_TABLE`.
    pub const BINDING_TABLE: Self = Self(0x0041);
    /// `ZCD_NV_GROUP_TABLE`.
    pub const GROUP_TABLE: Self = Self(0x0042);
    /// `ZCD_NV_APS_USE_EXT_PANID`.
    pub const APS_USE_EXT_PANID: Self = Self(0x0047);
    /// `ZCD_NV_APS_LINK_KEY_TABLE`.
    pub const APS_LINK_KEY_TABLE: Self = Self(0x004C);
    /// `ZCD_NV_BDBNODEISONANETWORK`: 1 once formed or joined (3.x).
    pub const BDBNODEISONANETWORK: Self = Self(0x0055);
    /// Marker written by zigbee-shepherd/Zigbee2MQTT on Z-Stack 3.
    pub const HAS_CONFIGURED_ZSTACK3: Self = Self(0x0060);
    /// `ZCD_NV_SECURITY_LEVEL`.
    pub const SECURITY_LEVEL: Self = Self(0x0061);
    /// `ZCD_NV_PRECFGKEY`: pre-configured network key.
    pub const PRECFGKEY: Self = Self(0x0062);
    /// `ZCD_NV_PRECFGKEYS_ENABLE`: distribute the pre-configured key.
    pub const PRECFGKEYS_ENABLE: Self = Self(0x0063);
    /// `ZCD_NV_USE_DEFAULT_TCLK`.
    pub const USE_DEFAULT_TCLK: Self = Self(0x006D);
    /// `ZCD_NV_TRUSTCENTER_ADDR`.
    pub const TRUSTCENTER_ADDR: Self = Self(0x0071);
    /// First legacy NWK security material entry (3.0.x frame counters).
    pub const LEGACY_NWK_SEC_MATERIAL_TABLE_START: Self = Self(0x0075);
    /// Last legacy NWK security material entry.
    pub const LEGACY_NWK_SEC_MATERIAL_TABLE_END: Self = Self(0x0080);
    /// `ZCD_NV_NWKKEY`: on 1.2 the active key and frame counter ([`NwkActiveKeyItems`]).
    pub const NWKKEY: Self = Self(0x0082);
    /// `ZCD_NV_PANID`.
    pub const PANID: Self = Self(0x0083);
    /// `ZCD_NV_CHANLIST`: channel mask.
    pub const CHANLIST: Self = Self(0x0084);
    /// `ZCD_NV_LOGICAL_TYPE`: 0 coordinator, 1 router, 2 end device.
    pub const LOGICAL_TYPE: Self = Self(0x0087);
    /// `ZCD_NV_ZDO_DIRECT_CB`: deliver ZDO responses as MT callbacks.
    pub const ZDO_DIRECT_CB: Self = Self(0x008F);
    /// Marker written by zigbee-shepherd/Zigbee2MQTT on Z-Stack 1.2.
    pub const HAS_CONFIGURED_ZSTACK1: Self = Self(0x0F00);
    /// `ZCD_NV_TCLK_SEED`: seed from which unique TCLKs are derived (3.x).
    pub const TCLK_SEED: Self = Self(0x0101);
    /// `ZCD_NV_TCLK_JOIN_DEV`.
    pub const TCLK_JOIN_DEV: Self = Self(0x0102);
    /// `ZCD_NV_TCLK_DEFAULT`.
    pub const TCLK_DEFAULT: Self = Self(0x0103);
    /// First legacy TCLK install-code entry (3.0.x).
    pub const LEGACY_TCLK_IC_TABLE_START: Self = Self(0x0104);
    /// Last legacy TCLK install-code entry.
    pub const LEGACY_TCLK_IC_TABLE_END: Self = Self(0x0110);
    /// First legacy TCLK table entry (1.2, 3.0.x), [`TclkDevEntry`] on 3.0.x.
    pub const LEGACY_TCLK_TABLE_START: Self = Self(0x0111);
    /// Last legacy TCLK table entry.
    pub const LEGACY_TCLK_TABLE_END: Self = Self(0x01FF);
    /// First legacy APS link key data entry.
    pub const LEGACY_APS_LINK_KEY_DATA_START: Self = Self(0x0201);
    /// Last legacy APS link key data entry.
    pub const LEGACY_APS_LINK_KEY_DATA_END: Self = Self(0x02FF);
}

/// An extended NV item id (`ZCD_NV_EX_*`), used with `NvSysId::ZStack` on Z-Stack 3.30+.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExNvId(pub u16);

impl ExNvId {
    /// `ZCD_NV_EX_LEGACY`: legacy items seen through the extended interface (sub id = item).
    pub const LEGACY: Self = Self(0x0000);
    /// `ZCD_NV_EX_ADDRMGR`: address manager entries ([`AddrMgrEntry`]).
    pub const ADDRMGR: Self = Self(0x0001);
    /// `ZCD_NV_EX_BINDING_TABLE`.
    pub const BINDING_TABLE: Self = Self(0x0002);
    /// `ZCD_NV_EX_DEVICE_LIST`.
    pub const DEVICE_LIST: Self = Self(0x0003);
    /// `ZCD_NV_EX_TCLK_TABLE`: hashed TCLK entries ([`TclkDevEntry`]).
    pub const TCLK_TABLE: Self = Self(0x0004);
    /// `ZCD_NV_EX_TCLK_IC_TABLE`: install-code derived keys.
    pub const TCLK_IC_TABLE: Self = Self(0x0005);
    /// `ZCD_NV_EX_APS_KEY_DATA_TABLE`: APS keys.
    pub const APS_KEY_DATA_TABLE: Self = Self(0x0006);
    /// `ZCD_NV_EX_NWK_SEC_MATERIAL_TABLE`: frame counters per network ([`NwkSecMaterialDesc`]).
    pub const NWK_SEC_MATERIAL_TABLE: Self = Self(0x0007);
}

/// Memory layout of NV structures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StructAlignment {
    /// Packed, as on the 8051 (CC2530/CC2531).
    Packed,
    /// Natural alignment, as on ARM (CC2538, CC26x2, CC13x2).
    Aligned,
}

impl StructAlignment {
    /// The layout implied by the length of a `UTIL_ASSOC_FIND_DEVICE` answer (28 packed,
    /// 36 aligned); `None` for any other length.
    #[must_use]
    pub fn from_assoc_device_len(len: usize) -> Option<Self> {
        match len {
            28 => Some(Self::Packed),
            36 => Some(Self::Aligned),
            _ => None,
        }
    }
}

/// Reads a C structure field by field, skipping alignment padding.
struct StructReader<'a> {
    data: &'a [u8],
    pos: usize,
    align: StructAlignment,
    name: &'static str,
}

impl<'a> StructReader<'a> {
    fn new(data: &'a [u8], align: StructAlignment, name: &'static str) -> Self {
        Self {
            data,
            pos: 0,
            align,
            name,
        }
    }

    fn take<const N: usize>(&mut self, alignment: usize) -> Result<[u8; N], DecodeError> {
        if self.align == StructAlignment::Aligned && alignment > 1 {
            self.pos = self.pos.next_multiple_of(alignment);
        }
        let bytes =
            self.data
                .get(self.pos..)
                .and_then(|r| r.get(..N))
                .ok_or(DecodeError::Truncated {
                    field: self.name,
                    offset: self.pos,
                    needed: (self.pos + N).saturating_sub(self.data.len()),
                })?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        self.pos += N;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(u8::from_le_bytes(self.take::<1>(1)?))
    }
    fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.take::<2>(2)?))
    }
    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.take::<4>(4)?))
    }
    fn eui64(&mut self) -> Result<Eui64, DecodeError> {
        Ok(Eui64(u64::from_le_bytes(self.take::<8>(1)?)))
    }
    fn key(&mut self) -> Result<Key, DecodeError> {
        self.take::<16>(1)
    }

    /// Checks the total size (including tail padding to `struct_align`).
    fn finish(&mut self, struct_align: usize) -> Result<(), DecodeError> {
        if self.align == StructAlignment::Aligned {
            self.pos = self.pos.next_multiple_of(struct_align);
        }
        if self.pos > self.data.len() {
            return Err(DecodeError::Truncated {
                field: self.name,
                offset: self.data.len(),
                needed: self.pos - self.data.len(),
            });
        }
        if self.pos < self.data.len() {
            return Err(DecodeError::TrailingBytes {
                command: self.name,
                offset: self.pos,
                count: self.data.len() - self.pos,
            });
        }
        Ok(())
    }
}

/// Writes a C structure field by field, inserting zero padding.
struct StructWriter {
    out: Vec<u8>,
    align: StructAlignment,
}

impl StructWriter {
    fn new(align: StructAlignment) -> Self {
        Self {
            out: Vec::new(),
            align,
        }
    }
    fn put(&mut self, bytes: &[u8], alignment: usize) {
        if self.align == StructAlignment::Aligned && alignment > 1 {
            let target = self.out.len().next_multiple_of(alignment);
            self.out.resize(target, 0);
        }
        self.out.extend_from_slice(bytes);
    }
    fn u8(&mut self, v: u8) {
        self.put(&[v], 1);
    }
    fn u16(&mut self, v: u16) {
        self.put(&v.to_le_bytes(), 2);
    }
    fn u32(&mut self, v: u32) {
        self.put(&v.to_le_bytes(), 4);
    }
    fn finish(mut self, struct_align: usize) -> Vec<u8> {
        if self.align == StructAlignment::Aligned {
            let target = self.out.len().next_multiple_of(struct_align);
            self.out.resize(target, 0);
        }
        self.out
    }
}

/// A network key with its sequence number (`nwkKeyDesc`), 17 bytes in both layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NwkKeyDesc {
    /// Key sequence number.
    pub key_seq_num: u8,
    /// The key.
    pub key: Key,
}

impl NwkKeyDesc {
    fn read(r: &mut StructReader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            key_seq_num: r.u8()?,
            key: r.key()?,
        })
    }
    fn write(&self, w: &mut StructWriter) {
        w.u8(self.key_seq_num);
        w.put(&self.key, 1);
    }

    /// Parses the 17-byte item ([`OsalNvId::NWK_ACTIVE_KEY_INFO`]).
    ///
    /// # Errors
    /// Truncated or trailing bytes.
    pub fn parse(data: &[u8]) -> Result<Self, DecodeError> {
        let mut r = StructReader::new(data, StructAlignment::Packed, "nwkKeyDesc");
        let v = Self::read(&mut r)?;
        r.finish(1)?;
        Ok(v)
    }

    /// The 17-byte item.
    #[must_use]
    pub fn emit(&self) -> Vec<u8> {
        let mut w = StructWriter::new(StructAlignment::Packed);
        self.write(&mut w);
        w.finish(1)
    }
}

/// Active key and outgoing frame counter (`nwkActiveKeyItems`), Z-Stack 1.2's
/// [`OsalNvId::NWKKEY`]: 21 bytes packed, 24 aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NwkActiveKeyItems {
    /// Active key.
    pub active: NwkKeyDesc,
    /// Outgoing NWK frame counter.
    pub frame_counter: u32,
}

impl NwkActiveKeyItems {
    /// Parses the item in the given layout.
    ///
    /// # Errors
    /// Truncated or trailing bytes.
    pub fn parse(data: &[u8], align: StructAlignment) -> Result<Self, DecodeError> {
        let mut r = StructReader::new(data, align, "nwkActiveKeyItems");
        let v = Self {
            active: NwkKeyDesc::read(&mut r)?,
            frame_counter: r.u32()?,
        };
        r.finish(4)?;
        Ok(v)
    }

    /// The item in the given layout.
    #[must_use]
    pub fn emit(&self, align: StructAlignment) -> Vec<u8> {
        let mut w = StructWriter::new(align);
        self.active.write(&mut w);
        w.u32(self.frame_counter);
        w.finish(4)
    }
}

/// One NWK security material entry (`nwkSecMaterialDesc_t`): the frame counter for an
/// extended PAN id (all-ones for the global entry). 12 bytes in both layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NwkSecMaterialDesc {
    /// Outgoing NWK frame counter.
    pub frame_counter: u32,
    /// Extended PAN id the counter belongs to.
    pub extended_pan_id: Eui64,
}

impl NwkSecMaterialDesc {
    /// Parses the entry.
    ///
    /// # Errors
    /// Truncated or trailing bytes.
    pub fn parse(data: &[u8], align: StructAlignment) -> Result<Self, DecodeError> {
        let mut r = StructReader::new(data, align, "nwkSecMaterialDesc");
        let v = Self {
            frame_counter: r.u32()?,
            extended_pan_id: r.eui64()?,
        };
        r.finish(4)?;
        Ok(v)
    }

    /// The entry.
    #[must_use]
    pub fn emit(&self, align: StructAlignment) -> Vec<u8> {
        let mut w = StructWriter::new(align);
        w.u32(self.frame_counter);
        w.put(&self.extended_pan_id.0.to_le_bytes(), 1);
        w.finish(4)
    }
}

/// A hashed trust-center link key entry (`APSME_TCLKDevEntry_t`, 3.x): 19 bytes packed, 20
/// aligned. The key itself is derived from [`OsalNvId::TCLK_SEED`] and `seed_shift_ic_index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TclkDevEntry {
    /// Outgoing APS frame counter.
    pub tx_frame_counter: u32,
    /// Incoming APS frame counter.
    pub rx_frame_counter: u32,
    /// Device IEEE address.
    pub ext_addr: Eui64,
    /// Key attributes (0 provisional, 1 unverified, 2 verified, 0xFF default, ...).
    pub key_attributes: u8,
    /// Key type (4 TC link key).
    pub key_type: u8,
    /// Seed shift for a unique key, or the IC table index for an install-code key.
    pub seed_shift_ic_index: u8,
}

impl TclkDevEntry {
    /// Parses the entry.
    ///
    /// # Errors
    /// Truncated or trailing bytes.
    pub fn parse(data: &[u8], align: StructAlignment) -> Result<Self, DecodeError> {
        let mut r = StructReader::new(data, align, "APSME_TCLKDevEntry_t");
        let v = Self {
            tx_frame_counter: r.u32()?,
            rx_frame_counter: r.u32()?,
            ext_addr: r.eui64()?,
            key_attributes: r.u8()?,
            key_type: r.u8()?,
            seed_shift_ic_index: r.u8()?,
        };
        r.finish(4)?;
        Ok(v)
    }

    /// The entry.
    #[must_use]
    pub fn emit(&self, align: StructAlignment) -> Vec<u8> {
        let mut w = StructWriter::new(align);
        w.u32(self.tx_frame_counter);
        w.u32(self.rx_frame_counter);
        w.put(&self.ext_addr.0.to_le_bytes(), 1);
        w.u8(self.key_attributes);
        w.u8(self.key_type);
        w.u8(self.seed_shift_ic_index);
        w.finish(4)
    }
}

/// An address manager entry (`AddrMgrEntry_t`): 11 bytes packed, 12 aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddrMgrEntry {
    /// User bits: 0x01 associated, 0x02 security, 0x04 binding; 0xFF marks an unused entry.
    pub user_type: u8,
    /// Short address.
    pub nwk_addr: u16,
    /// IEEE address.
    pub ext_addr: Eui64,
}

impl AddrMgrEntry {
    /// Parses one entry.
    ///
    /// # Errors
    /// Truncated or trailing bytes.
    pub fn parse(data: &[u8], align: StructAlignment) -> Result<Self, DecodeError> {
        let mut r = StructReader::new(data, align, "AddrMgrEntry_t");
        let v = Self {
            user_type: r.u8()?,
            nwk_addr: r.u16()?,
            ext_addr: r.eui64()?,
        };
        r.finish(2)?;
        Ok(v)
    }

    /// Size of one entry in the layout (for splitting a table item).
    #[must_use]
    pub fn size(align: StructAlignment) -> usize {
        match align {
            StructAlignment::Packed => 11,
            StructAlignment::Aligned => 12,
        }
    }

    /// The entry.
    #[must_use]
    pub fn emit(&self, align: StructAlignment) -> Vec<u8> {
        let mut w = StructWriter::new(align);
        w.u8(self.user_type);
        w.u16(self.nwk_addr);
        w.put(&self.ext_addr.0.to_le_bytes(), 1);
        w.finish(2)
    }
}

/// The network information base (`nwkIB_t`) in [`OsalNvId::NIB`]: 110 bytes packed, 116
/// aligned. `nwk_state` is a 16-bit enum on ARM; its high byte is alignment padding here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs)] // Field names are Z-Stack's `nwkIB_t` members.
pub struct Nib {
    pub sequence_num: u8,
    pub passive_ack_timeout: u8,
    pub max_broadcast_retries: u8,
    pub max_children: u8,
    pub max_depth: u8,
    pub max_routers: u8,
    pub dummy_neighbor_table: u8,
    pub broadcast_delivery_time: u8,
    pub report_constant_cost: u8,
    pub route_disc_retries: u8,
    pub dummy_routing_table: u8,
    pub secure_all_frames: u8,
    pub security_level: u8,
    pub sym_link: u8,
    pub capability_flags: u8,
    pub transaction_persistence_time: u16,
    pub nwk_protocol_version: u8,
    pub route_discovery_time: u8,
    pub route_expiry_time: u8,
    /// Own short address.
    pub nwk_dev_address: u16,
    /// Current channel (0 when no network is formed).
    pub nwk_logical_channel: u8,
    pub nwk_coord_address: u16,
    pub nwk_coord_ext_address: Eui64,
    /// PAN id.
    pub nwk_pan_id: u16,
    pub nwk_state: u8,
    pub channel_list: u32,
    pub beacon_order: u8,
    pub super_frame_order: u8,
    pub scan_duration: u8,
    pub batt_life_ext: u8,
    pub allocated_router_addresses: u32,
    pub allocated_end_device_addresses: u32,
    pub node_depth: u8,
    /// Extended PAN id.
    pub extended_pan_id: Eui64,
    /// Whether a network key is loaded.
    pub nwk_key_loaded: u8,
    pub spare1: NwkKeyDesc,
    pub spare2: NwkKeyDesc,
    pub spare3: u8,
    pub spare4: u8,
    pub nwk_link_status_period: u8,
    pub nwk_router_age_limit: u8,
    pub nwk_use_multicast: u8,
    pub nwk_is_concentrator: u8,
    pub nwk_concentrator_discovery_time: u8,
    pub nwk_concentrator_radius: u8,
    pub nwk_all_fresh: u8,
    pub nwk_manager_addr: u16,
    pub nwk_total_transmissions: u16,
    /// NWK update id.
    pub nwk_update_id: u8,
}

impl Nib {
    /// Encoded size in the layout.
    #[must_use]
    pub fn size(align: StructAlignment) -> usize {
        match align {
            StructAlignment::Packed => 110,
            StructAlignment::Aligned => 116,
        }
    }

    /// Parses the NIB; the length must be exactly [`Nib::size`].
    ///
    /// # Errors
    /// Truncated or trailing bytes.
    pub fn parse(data: &[u8], align: StructAlignment) -> Result<Self, DecodeError> {
        let mut r = StructReader::new(data, align, "nwkIB_t");
        let v = Self {
            sequence_num: r.u8()?,
            passive_ack_timeout: r.u8()?,
            max_broadcast_retries: r.u8()?,
            max_children: r.u8()?,
            max_depth: r.u8()?,
            max_routers: r.u8()?,
            dummy_neighbor_table: r.u8()?,
            broadcast_delivery_time: r.u8()?,
            report_constant_cost: r.u8()?,
            route_disc_retries: r.u8()?,
            dummy_routing_table: r.u8()?,
            secure_all_frames: r.u8()?,
            security_level: r.u8()?,
            sym_link: r.u8()?,
            capability_flags: r.u8()?,
            transaction_persistence_time: r.u16()?,
            nwk_protocol_version: r.u8()?,
            route_discovery_time: r.u8()?,
            route_expiry_time: r.u8()?,
            nwk_dev_address: r.u16()?,
            nwk_logical_channel: r.u8()?,
            nwk_coord_address: r.u16()?,
            nwk_coord_ext_address: r.eui64()?,
            nwk_pan_id: r.u16()?,
            nwk_state: r.u8()?,
            channel_list: r.u32()?,
            beacon_order: r.u8()?,
            super_frame_order: r.u8()?,
            scan_duration: r.u8()?,
            batt_life_ext: r.u8()?,
            allocated_router_addresses: r.u32()?,
            allocated_end_device_addresses: r.u32()?,
            node_depth: r.u8()?,
            extended_pan_id: r.eui64()?,
            nwk_key_loaded: r.u8()?,
            spare1: NwkKeyDesc::read(&mut r)?,
            spare2: NwkKeyDesc::read(&mut r)?,
            spare3: r.u8()?,
            spare4: r.u8()?,
            nwk_link_status_period: r.u8()?,
            nwk_router_age_limit: r.u8()?,
            nwk_use_multicast: r.u8()?,
            nwk_is_concentrator: r.u8()?,
            nwk_concentrator_discovery_time: r.u8()?,
            nwk_concentrator_radius: r.u8()?,
            nwk_all_fresh: r.u8()?,
            nwk_manager_addr: r.u16()?,
            nwk_total_transmissions: r.u16()?,
            nwk_update_id: r.u8()?,
        };
        r.finish(4)?;
        Ok(v)
    }

    /// The NIB in the layout, padding as zero bytes.
    #[must_use]
    pub fn emit(&self, align: StructAlignment) -> Vec<u8> {
        let mut w = StructWriter::new(align);
        for b in [
            self.sequence_num,
            self.passive_ack_timeout,
            self.max_broadcast_retries,
            self.max_children,
            self.max_depth,
            self.max_routers,
            self.dummy_neighbor_table,
            self.broadcast_delivery_time,
            self.report_constant_cost,
            self.route_disc_retries,
            self.dummy_routing_table,
            self.secure_all_frames,
            self.security_level,
            self.sym_link,
            self.capability_flags,
        ] {
            w.u8(b);
        }
        w.u16(self.transaction_persistence_time);
        w.u8(self.nwk_protocol_version);
        w.u8(self.route_discovery_time);
        w.u8(self.route_expiry_time);
        w.u16(self.nwk_dev_address);
        w.u8(self.nwk_logical_channel);
        w.u16(self.nwk_coord_address);
        w.put(&self.nwk_coord_ext_address.0.to_le_bytes(), 1);
        w.u16(self.nwk_pan_id);
        w.u8(self.nwk_state);
        w.u32(self.channel_list);
        w.u8(self.beacon_order);
        w.u8(self.super_frame_order);
        w.u8(self.scan_duration);
        w.u8(self.batt_life_ext);
        w.u32(self.allocated_router_addresses);
        w.u32(self.allocated_end_device_addresses);
        w.u8(self.node_depth);
        w.put(&self.extended_pan_id.0.to_le_bytes(), 1);
        w.u8(self.nwk_key_loaded);
        self.spare1.write(&mut w);
        self.spare2.write(&mut w);
        for b in [
            self.spare3,
            self.spare4,
            self.nwk_link_status_period,
            self.nwk_router_age_limit,
            self.nwk_use_multicast,
            self.nwk_is_concentrator,
            self.nwk_concentrator_discovery_time,
            self.nwk_concentrator_radius,
            self.nwk_all_fresh,
        ] {
            w.u8(b);
        }
        w.u16(self.nwk_manager_addr);
        w.u16(self.nwk_total_transmissions);
        w.u8(self.nwk_update_id);
        w.finish(4)
    }
}
