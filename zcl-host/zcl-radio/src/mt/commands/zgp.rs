//! ZGP subsystem: Green Power data indications.

use super::mt_command;
use crate::mt::types::AddrMode;
use crate::mt::wire::ShortBytes;

mt_command! {
    /// `ZGP_DATA_IND` (AREQ): a received Green Power frame. The address fields hold short
    /// addresses (the layout zigpy-znp uses); an IEEE-addressed GPDF is not represented.
    Areq Zgp 0x04 "ZGP_DATA_IND"
    pub struct DataInd {
        /// dGP stub status.
        pub status: u8,
        /// RSSI in dBm.
        pub rssi: i8,
        /// Link quality.
        pub lqi: u8,
        /// MAC sequence number.
        pub seq_num: u8,
        /// Source address mode.
        pub src_addr_mode: AddrMode,
        /// Source PAN id.
        pub src_pan_id: u16,
        /// Source short address.
        pub src_nwk: u16,
        /// Destination address mode.
        pub dst_addr_mode: AddrMode,
        /// Destination PAN id.
        pub dst_pan_id: u16,
        /// Destination short address.
        pub dst_nwk: u16,
        /// The GP MPDU.
        pub mpdu: ShortBytes,
    }
}
