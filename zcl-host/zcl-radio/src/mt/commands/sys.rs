//! SYS subsystem: reset, ping, version, extended address, TX power and NV memory.

use super::mt_command;
use crate::mt::types::{MtCapabilities, NvSysId, ResetReason, ResetType, Status};
use crate::mt::wire::{DecodeError, EncodeError, Eui64, LongBytes, Reader, ShortBytes, Wire};

mt_command! {
    /// `SYS_RESET_REQ` (AREQ, no response): resets the coprocessor, which then sends
    /// [`ResetInd`].
    Areq Sys 0x00 "SYS_RESET_REQ"
    pub struct ResetReq {
        /// Hard (watchdog) or soft reset.
        pub reset_type: ResetType,
    }
}

mt_command! {
    /// `SYS_PING`: checks that the coprocessor is alive and reads its capabilities.
    Sreq Sys 0x01 "SYS_PING"
    pub struct Ping {}
    => /// Answer to [`Ping`].
    pub struct PingResponse {
        /// Subsystems compiled into the firmware.
        pub capabilities: MtCapabilities,
    }
}

mt_command! {
    /// `SYS_VERSION`: firmware version; see [`crate::mt::version`] for telling releases apart.
    Sreq Sys 0x02 "SYS_VERSION"
    pub struct Version {}
}

/// Answer to [`Version`]. Z-Stack 1.2 sends the first five fields; Z-Stack 3.x firmware builds
/// add a code revision (often a build date such as 20210708), and some a bootloader build type
/// and bootloader revision. Each optional field is present only if all before it are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionResponse {
    /// MT transport protocol revision.
    pub transport_rev: u8,
    /// Product id: 0 Z-Stack Home 1.2, 1 Z-Stack 3.x.0 (3.30+), 2 Z-Stack 3.0.x.
    pub product_id: u8,
    /// Major release.
    pub major_rel: u8,
    /// Minor release.
    pub minor_rel: u8,
    /// Maintenance release.
    pub maint_rel: u8,
    /// Code revision (3.x builds).
    pub code_revision: Option<u32>,
    /// Bootloader build type: 0 none, 1 binary, 2 hex (some 3.x builds).
    pub bootloader_build_type: Option<u8>,
    /// Bootloader revision; 0 not provided, 0xFFFF_FFFF not supported (some 3.x builds).
    pub bootloader_revision: Option<u32>,
}

impl Wire for VersionResponse {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.extend_from_slice(&[
            self.transport_rev,
            self.product_id,
            self.major_rel,
            self.minor_rel,
            self.maint_rel,
        ]);
        if let Some(rev) = self.code_revision {
            rev.encode(out)?;
            if let Some(bt) = self.bootloader_build_type {
                out.push(bt);
                if let Some(br) = self.bootloader_revision {
                    br.encode(out)?;
                }
            }
        }
        Ok(())
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mut v = Self {
            transport_rev: r.field("transport_rev")?,
            product_id: r.field("product_id")?,
            major_rel: r.field("major_rel")?,
            minor_rel: r.field("minor_rel")?,
            maint_rel: r.field("maint_rel")?,
            code_revision: None,
            bootloader_build_type: None,
            bootloader_revision: None,
        };
        if !r.is_empty() {
            v.code_revision = Some(r.field("code_revision")?);
        }
        if !r.is_empty() {
            v.bootloader_build_type = Some(r.field("bootloader_build_type")?);
        }
        if !r.is_empty() {
            v.bootloader_revision = Some(r.field("bootloader_revision")?);
        }
        Ok(v)
    }
}

impl super::Command for VersionResponse {
    const KIND: crate::mt::frame::CommandType = crate::mt::frame::CommandType::Srsp;
    const SUBSYSTEM: crate::mt::frame::Subsystem = crate::mt::frame::Subsystem::Sys;
    const ID: u8 = 0x02;
    const NAME: &'static str = "SYS_VERSION_SRSP";
}

impl super::Request for Version {
    type Response = VersionResponse;
}

mt_command! {
    /// `SYS_SET_EXTADDR`: sets the IEEE address.
    Sreq Sys 0x03 "SYS_SET_EXTADDR"
    pub struct SetExtAddr {
        /// New IEEE address.
        pub ext_addr: Eui64,
    }
    => status /// Answer to [`SetExtAddr`].
    SetExtAddrResponse
}

mt_command! {
    /// `SYS_GET_EXTADDR`: reads the IEEE address.
    Sreq Sys 0x04 "SYS_GET_EXTADDR"
    pub struct GetExtAddr {}
    => /// Answer to [`GetExtAddr`].
    pub struct GetExtAddrResponse {
        /// The device's IEEE address.
        pub ext_addr: Eui64,
    }
}

mt_command! {
    /// `SYS_OSAL_NV_ITEM_INIT`: creates a legacy NV item of `item_len` bytes if missing,
    /// writing `init_value` at its start. Answers [`Status::NvItemUninit`] when it created it.
    Sreq Sys 0x07 "SYS_OSAL_NV_ITEM_INIT"
    pub struct OsalNvItemInit {
        /// NV item id.
        pub id: u16,
        /// Size of the item.
        pub item_len: u16,
        /// Initial data (may be shorter than the item).
        pub init_value: ShortBytes,
    }
    => status /// Answer to [`OsalNvItemInit`].
    OsalNvItemInitResponse
}

mt_command! {
    /// `SYS_OSAL_NV_READ`: reads a legacy NV item from an 8-bit offset (at most ~246 bytes).
    Sreq Sys 0x08 "SYS_OSAL_NV_READ"
    pub struct OsalNvRead {
        /// NV item id.
        pub id: u16,
        /// Offset into the item.
        pub offset: u8,
    }
    => /// Answer to [`OsalNvRead`].
    pub struct OsalNvReadResponse {
        /// Result; [`Status::InvalidParameter`] for a missing item on some releases.
        pub status: Status,
        /// Data read.
        pub value: ShortBytes,
    }
}

mt_command! {
    /// `SYS_OSAL_NV_WRITE`: writes a legacy NV item at an 8-bit offset.
    Sreq Sys 0x09 "SYS_OSAL_NV_WRITE"
    pub struct OsalNvWrite {
        /// NV item id.
        pub id: u16,
        /// Offset into the item.
        pub offset: u8,
        /// Data to write.
        pub value: ShortBytes,
    }
    => status /// Answer to [`OsalNvWrite`].
    OsalNvWriteResponse
}

mt_command! {
    /// `SYS_OSAL_NV_DELETE`: deletes a legacy NV item; `item_len` must match its size.
    Sreq Sys 0x12 "SYS_OSAL_NV_DELETE"
    pub struct OsalNvDelete {
        /// NV item id.
        pub id: u16,
        /// Size of the item.
        pub item_len: u16,
    }
    => status /// Answer to [`OsalNvDelete`].
    OsalNvDeleteResponse
}

mt_command! {
    /// `SYS_OSAL_NV_LENGTH`: size of a legacy NV item; 0 when it does not exist.
    Sreq Sys 0x13 "SYS_OSAL_NV_LENGTH"
    pub struct OsalNvLength {
        /// NV item id.
        pub id: u16,
    }
    => /// Answer to [`OsalNvLength`].
    pub struct OsalNvLengthResponse {
        /// Item size in bytes.
        pub item_len: u16,
    }
}

mt_command! {
    /// `SYS_SET_TX_POWER`: sets the radio transmit power in dBm.
    Sreq Sys 0x14 "SYS_SET_TX_POWER"
    pub struct SetTxPower {
        /// Requested power in dBm.
        pub tx_power: i8,
    }
    => /// Answer to [`SetTxPower`]. Z-Stack 3.30+ returns a [`Status`] code here; Z-Stack 1.2 and
    /// 3.0.x return the power actually applied, in dBm.
    pub struct SetTxPowerResponse {
        /// Status (3.30+) or applied power (1.2, 3.0.x).
        pub status_or_power: i8,
    }
}

mt_command! {
    /// `SYS_OSAL_NV_READ_EXT`: reads a legacy NV item from a 16-bit offset (3.x).
    Sreq Sys 0x1C "SYS_OSAL_NV_READ_EXT"
    pub struct OsalNvReadExt {
        /// NV item id.
        pub id: u16,
        /// Offset into the item.
        pub offset: u16,
    }
    => /// Answer to [`OsalNvReadExt`].
    pub struct OsalNvReadExtResponse {
        /// Result.
        pub status: Status,
        /// Data read.
        pub value: ShortBytes,
    }
}

mt_command! {
    /// `SYS_OSAL_NV_WRITE_EXT`: writes a legacy NV item at a 16-bit offset (3.x).
    Sreq Sys 0x1D "SYS_OSAL_NV_WRITE_EXT"
    pub struct OsalNvWriteExt {
        /// NV item id.
        pub id: u16,
        /// Offset into the item.
        pub offset: u16,
        /// Data to write (16-bit length prefix).
        pub value: LongBytes,
    }
    => status /// Answer to [`OsalNvWriteExt`].
    OsalNvWriteExtResponse
}

mt_command! {
    /// `SYS_NV_CREATE`: creates an extended NV item (Z-Stack 3.30+).
    Sreq Sys 0x30 "SYS_NV_CREATE"
    pub struct NvCreate {
        /// NV system.
        pub sys_id: NvSysId,
        /// Item id (see [`crate::mt::nv::ExNvId`]).
        pub item_id: u16,
        /// Sub id (table index).
        pub sub_id: u16,
        /// Item size.
        pub length: u32,
    }
    => status /// Answer to [`NvCreate`].
    NvCreateResponse
}

mt_command! {
    /// `SYS_NV_DELETE`: deletes an extended NV item (Z-Stack 3.30+).
    Sreq Sys 0x31 "SYS_NV_DELETE"
    pub struct NvDelete {
        /// NV system.
        pub sys_id: NvSysId,
        /// Item id.
        pub item_id: u16,
        /// Sub id.
        pub sub_id: u16,
    }
    => status /// Answer to [`NvDelete`].
    NvDeleteResponse
}

mt_command! {
    /// `SYS_NV_LENGTH`: size of an extended NV item, 0 when missing (Z-Stack 3.30+).
    Sreq Sys 0x32 "SYS_NV_LENGTH"
    pub struct NvLength {
        /// NV system.
        pub sys_id: NvSysId,
        /// Item id.
        pub item_id: u16,
        /// Sub id.
        pub sub_id: u16,
    }
    => /// Answer to [`NvLength`].
    pub struct NvLengthResponse {
        /// Item size in bytes.
        pub length: u32,
    }
}

mt_command! {
    /// `SYS_NV_READ`: reads an extended NV item (Z-Stack 3.30+); Z-Stack 3.0.x answers with an
    /// RPC error, which is how zigpy-znp tells 3.0.x from 3.30+.
    Sreq Sys 0x33 "SYS_NV_READ"
    pub struct NvRead {
        /// NV system.
        pub sys_id: NvSysId,
        /// Item id.
        pub item_id: u16,
        /// Sub id.
        pub sub_id: u16,
        /// Offset into the item.
        pub offset: u16,
        /// Bytes to read.
        pub length: u8,
    }
    => /// Answer to [`NvRead`].
    pub struct NvReadResponse {
        /// Result.
        pub status: Status,
        /// Data read.
        pub value: ShortBytes,
    }
}

mt_command! {
    /// `SYS_NV_WRITE`: writes an extended NV item (Z-Stack 3.30+).
    Sreq Sys 0x34 "SYS_NV_WRITE"
    pub struct NvWrite {
        /// NV system.
        pub sys_id: NvSysId,
        /// Item id.
        pub item_id: u16,
        /// Sub id.
        pub sub_id: u16,
        /// Offset into the item.
        pub offset: u16,
        /// Data to write.
        pub value: ShortBytes,
    }
    => status /// Answer to [`NvWrite`].
    NvWriteResponse
}

mt_command! {
    /// `SYS_NV_UPDATE`: writes an extended NV item whole, creating it if needed (3.30+).
    Sreq Sys 0x35 "SYS_NV_UPDATE"
    pub struct NvUpdate {
        /// NV system.
        pub sys_id: NvSysId,
        /// Item id.
        pub item_id: u16,
        /// Sub id.
        pub sub_id: u16,
        /// New contents.
        pub value: ShortBytes,
    }
    => status /// Answer to [`NvUpdate`].
    NvUpdateResponse
}

mt_command! {
    /// `SYS_RESET_IND` (AREQ): sent after every reset, with the firmware version.
    Areq Sys 0x80 "SYS_RESET_IND"
    pub struct ResetInd {
        /// Why the device reset.
        pub reason: ResetReason,
        /// MT transport revision.
        pub transport_rev: u8,
        /// Product id (as in [`VersionResponse`]).
        pub product_id: u8,
        /// Major release.
        pub major_rel: u8,
        /// Minor release.
        pub minor_rel: u8,
        /// Maintenance release.
        pub maint_rel: u8,
    }
}
