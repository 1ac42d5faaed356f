//! Enumerations and bit sets shared by MT commands: Z-Stack status codes, device states,
//! capabilities, transmit options and the like. Every enum keeps values it does not name.

use super::wire::{wire_bits, wire_enum};

wire_enum! {
    /// Z-Stack status code (`ZStatus_t`) returned by most SRSPs and confirms.
    pub enum Status: u8 {
        /// `ZSuccess`.
        Success = 0x00,
        /// `ZFailure`.
        Failure = 0x01,
        /// `ZInvalidParameter`.
        InvalidParameter = 0x02,
        /// `INVALID_TASK`.
        InvalidTask = 0x03,
        /// `MSG_BUFFER_NOT_AVAIL`.
        MsgBufferNotAvail = 0x04,
        /// `INVALID_MSG_POINTER`.
        InvalidMsgPointer = 0x05,
        /// `INVALID_EVENT_ID`.
        InvalidEventId = 0x06,
        /// `INVALID_INTERRUPT_ID`.
        InvalidInterruptId = 0x07,
        /// `NO_TIMER_AVAIL`.
        NoTimerAvail = 0x08,
        /// `NV_ITEM_UNINIT`: the NV item was created now (or exists but was never written).
        NvItemUninit = 0x09,
        /// `NV_OPER_FAILED`: the NV operation failed (for a read: the item does not exist).
        NvOperFailed = 0x0A,
        /// `INVALID_MEM_SIZE`.
        InvalidMemSize = 0x0B,
        /// `NV_BAD_ITEM_LEN`.
        NvBadItemLen = 0x0C,
        /// `ZMemError`.
        MemError = 0x10,
        /// `ZBufferFull`.
        BufferFull = 0x11,
        /// `ZUnsupportedMode`.
        UnsupportedMode = 0x12,
        /// `ZMacMemError`.
        MacMemError = 0x13,
        /// `ZMacUnsupported` (the operation is not supported in this configuration).
        MacUnsupported = 0x18,
        /// `ZMacBadState`.
        MacBadState = 0x19,
        /// `ZMacNoResources`.
        MacNoResources = 0x1A,
        /// `ZSapiInProgress`.
        SapiInProgress = 0x20,
        /// `ZSapiTimeout`.
        SapiTimeout = 0x21,
        /// `ZSapiInit`.
        SapiInit = 0x22,
        /// `ZNotAuthorized`.
        NotAuthorized = 0x7E,
        /// `ZMalformedCmd`.
        MalformedCmd = 0x80,
        /// `ZUnsupClusterCmd`.
        UnsupClusterCmd = 0x81,
        /// `ZApsFail`.
        ApsFail = 0xB1,
        /// `ZApsTableFull`.
        ApsTableFull = 0xB2,
        /// `ZApsIllegalRequest`.
        ApsIllegalRequest = 0xB3,
        /// `ZApsInvalidBinding`.
        ApsInvalidBinding = 0xB4,
        /// `ZApsUnsupportedAttrib`.
        ApsUnsupportedAttrib = 0xB5,
        /// `ZApsNotSupported`.
        ApsNotSupported = 0xB6,
        /// `ZApsNoAck`: no APS acknowledgement.
        ApsNoAck = 0xB7,
        /// `ZApsDuplicateEntry`.
        ApsDuplicateEntry = 0xB8,
        /// `ZApsNoBoundDevice`.
        ApsNoBoundDevice = 0xB9,
        /// `ZApsNotAllowed`.
        ApsNotAllowed = 0xBA,
        /// `ZApsNotAuthenticated`.
        ApsNotAuthenticated = 0xBB,
        /// `ZSecNoKey`.
        SecNoKey = 0xA1,
        /// `ZSecOldFrmCount`.
        SecOldFrmCount = 0xA2,
        /// `ZSecMaxFrmCount`.
        SecMaxFrmCount = 0xA3,
        /// `ZSecCcmFail`.
        SecCcmFail = 0xA4,
        /// `ZSecFailure`.
        SecFailure = 0xAD,
        /// `ZNwkInvalidParam`.
        NwkInvalidParam = 0xC1,
        /// `ZNwkInvalidRequest`.
        NwkInvalidRequest = 0xC2,
        /// `ZNwkNotPermitted`.
        NwkNotPermitted = 0xC3,
        /// `ZNwkStartupFailure`.
        NwkStartupFailure = 0xC4,
        /// `ZNwkAlreadyPresent`.
        NwkAlreadyPresent = 0xC5,
        /// `ZNwkSyncFailure`.
        NwkSyncFailure = 0xC6,
        /// `ZNwkTableFull`.
        NwkTableFull = 0xC7,
        /// `ZNwkUnknownDevice`.
        NwkUnknownDevice = 0xC8,
        /// `ZNwkUnsupportedAttribute`.
        NwkUnsupportedAttribute = 0xC9,
        /// `ZNwkNoNetworks`.
        NwkNoNetworks = 0xCA,
        /// `ZNwkLeaveUnconfirmed`.
        NwkLeaveUnconfirmed = 0xCB,
        /// `ZNwkNoAck`.
        NwkNoAck = 0xCC,
        /// `ZNwkNoRoute`: no route to the destination.
        NwkNoRoute = 0xCD,
        /// `ZMacChannelAccessFailure`.
        MacChannelAccessFailure = 0xE1,
        /// `ZMacNoAck`: no MAC acknowledgement.
        MacNoAck = 0xE9,
        /// `ZMacTransactionExpired`.
        MacTransactionExpired = 0xF0,
        /// `ZMacTransactionOverflow`.
        MacTransactionOverflow = 0xF1,
    }
}

impl Status {
    /// Whether this is [`Status::Success`].
    #[must_use]
    pub fn is_success(self) -> bool {
        self == Self::Success
    }
}

wire_enum! {
    /// ZDO device state (`devStates_t`), reported by `ZDO_STATE_CHANGE_IND` and
    /// `UTIL_GET_DEVICE_INFO`.
    pub enum DeviceState: u8 {
        /// `DEV_HOLD`: initialised, not started automatically.
        Hold = 0x00,
        /// `DEV_INIT`: initialised, not connected to anything.
        Init = 0x01,
        /// `DEV_NWK_DISC`: discovering PANs to join.
        NwkDisc = 0x02,
        /// `DEV_NWK_JOINING`: joining a PAN.
        NwkJoining = 0x03,
        /// `DEV_NWK_SEC_REJOIN_CURR_CHANNEL`: secure rejoin on the current channel.
        NwkSecRejoinCurrChannel = 0x04,
        /// `DEV_END_DEVICE_UNAUTH`: joined, not yet authenticated by the trust center.
        EndDeviceUnauth = 0x05,
        /// `DEV_END_DEVICE`: started as an end device.
        EndDevice = 0x06,
        /// `DEV_ROUTER`: joined and authenticated as a router.
        Router = 0x07,
        /// `DEV_COORD_STARTING`: starting as coordinator.
        CoordStarting = 0x08,
        /// `DEV_ZB_COORD`: started as coordinator.
        ZbCoord = 0x09,
        /// `DEV_NWK_ORPHAN`: lost its parent.
        NwkOrphan = 0x0A,
        /// `DEV_NWK_KA`: sending keep-alive to its parent.
        NwkKeepAlive = 0x0B,
        /// `DEV_NWK_BACKOFF`: waiting before a rejoin.
        NwkBackoff = 0x0C,
        /// `DEV_NWK_SEC_REJOIN_ALL_CHANNEL`: secure rejoin on all channels.
        NwkSecRejoinAllChannel = 0x0D,
        /// `DEV_NWK_TC_REJOIN_CURR_CHANNEL`: trust-center rejoin on the current channel.
        NwkTcRejoinCurrChannel = 0x0E,
        /// `DEV_NWK_TC_REJOIN_ALL_CHANNEL`: trust-center rejoin on all channels.
        NwkTcRejoinAllChannel = 0x0F,
    }
}

wire_enum! {
    /// Reason in `SYS_RESET_IND`.
    pub enum ResetReason: u8 {
        /// Power-up.
        PowerUp = 0x00,
        /// External reset.
        External = 0x01,
        /// Watchdog (also after `SYS_RESET_REQ`).
        Watchdog = 0x02,
    }
}

wire_enum! {
    /// Kind of reset asked for by `SYS_RESET_REQ`.
    pub enum ResetType: u8 {
        /// Hardware (watchdog) reset.
        Hard = 0x00,
        /// Soft reset: jump to the reset vector (no USB re-enumeration on CC2531).
        Soft = 0x01,
        /// Shut down.
        Shutdown = 0x02,
    }
}

wire_enum! {
    /// Result of `ZDO_STARTUP_FROM_APP`.
    pub enum StartupState: u8 {
        /// Restored the network state from NV.
        RestoredNetworkState = 0x00,
        /// Started a new network state.
        NewNetworkState = 0x01,
        /// Not started (no network to restore).
        NotStarted = 0x02,
    }
}

wire_enum! {
    /// Request type of ZDO NWK/IEEE address requests.
    pub enum AddrRequestType: u8 {
        /// Only the device itself.
        Single = 0x00,
        /// The device and its associated devices.
        Extended = 0x01,
    }
}

wire_enum! {
    /// Latency requirement of `AF_REGISTER`.
    pub enum LatencyReq: u8 {
        /// No latency requirement.
        None = 0x00,
        /// Fast beacons.
        FastBeacons = 0x01,
        /// Slow beacons.
        SlowBeacons = 0x02,
    }
}

wire_enum! {
    /// LED mode of `UTIL_LED_CONTROL`.
    pub enum LedMode: u8 {
        /// Off.
        Off = 0,
        /// On.
        On = 1,
        /// Blink.
        Blink = 2,
        /// Flash.
        Flash = 3,
        /// Toggle.
        Toggle = 4,
    }
}

wire_enum! {
    /// Status in `APP_CNF_BDB_COMMISSIONING_NOTIFICATION`.
    pub enum BdbCommissioningStatus: u8 {
        /// Success.
        Success = 0x00,
        /// In progress.
        InProgress = 0x01,
        /// No network.
        NoNetwork = 0x02,
        /// Touchlink target failure.
        TlTargetFailure = 0x03,
        /// Touchlink: not address-assignment capable.
        TlNotAaCapable = 0x04,
        /// Touchlink: no scan response.
        TlNoScanResponse = 0x05,
        /// Touchlink not permitted.
        TlNotPermitted = 0x06,
        /// Trust-center link key exchange failed.
        TclkExFailure = 0x07,
        /// Network formation failed.
        FormationFailure = 0x08,
        /// Finding and binding: target in progress.
        FbTargetInProgress = 0x09,
        /// Finding and binding: initiator in progress.
        FbInitiatorInProgress = 0x0A,
        /// Finding and binding: no identify query response.
        FbNoIdentifyQueryResponse = 0x0B,
        /// Finding and binding: binding table full.
        FbBindingTableFull = 0x0C,
        /// Network restored from NV.
        NetworkRestored = 0x0D,
        /// Generic failure.
        Failure = 0x0E,
    }
}

wire_enum! {
    /// Error code of an RPC error SRSP (`MT_RPC_ERR_*`).
    pub enum RpcErrorCode: u8 {
        /// The subsystem is not supported by the firmware.
        InvalidSubsystem = 0x01,
        /// The command id is not supported by the firmware.
        InvalidCommandId = 0x02,
        /// A parameter is invalid.
        InvalidParameter = 0x03,
        /// The payload length is invalid.
        InvalidLength = 0x04,
    }
}

wire_enum! {
    /// NV system id of the extended NV commands (`NVINTF_SYSID_*`), Z-Stack 3.30+.
    pub enum NvSysId: u8 {
        /// NV driver (reserved).
        NvDrvr = 0,
        /// Z-Stack items.
        ZStack = 1,
        /// TI-MAC items.
        TiMac = 2,
        /// RemoTI items.
        RemoTi = 3,
        /// BLE items.
        Ble = 4,
        /// 6LoWPAN mesh items.
        SixMesh = 5,
        /// TI-OP items.
        TiOp = 6,
        /// Application items.
        App = 7,
    }
}

wire_bits! {
    /// Subsystems the firmware supports, from `SYS_PING`.
    pub struct MtCapabilities: u16 {
        /// SYS.
        const SYS = 1 << 0;
        /// MAC.
        const MAC = 1 << 1;
        /// NWK.
        const NWK = 1 << 2;
        /// AF.
        const AF = 1 << 3;
        /// ZDO.
        const ZDO = 1 << 4;
        /// SAPI.
        const SAPI = 1 << 5;
        /// UTIL.
        const UTIL = 1 << 6;
        /// DEBUG.
        const DEBUG = 1 << 7;
        /// APP.
        const APP = 1 << 8;
        /// Green Power.
        const GP = 1 << 9;
        /// APP_CNF (BDB); absent on Z-Stack Home 1.2.
        const APP_CNF = 1 << 10;
        /// ZOAD.
        const ZOAD = 1 << 12;
    }
}

wire_bits! {
    /// Transmit options of AF data requests.
    pub struct TransmitOptions: u8 {
        /// Use the wildcard profile id.
        const WILDCARD_PROFILE_ID = 0x02;
        /// Preprocess in APS before NWK.
        const APS_PREPROCESS = 0x04;
        /// Limit concentrator.
        const LIMIT_CONCENTRATOR = 0x08;
        /// Ask for an APS acknowledgement.
        const ACK_REQUEST = 0x10;
        /// Suppress route discovery on intermediate hops.
        const SUPPRESS_ROUTE_DISC = 0x20;
        /// APS security.
        const ENABLE_SECURITY = 0x40;
        /// Skip routing.
        const SKIP_ROUTING = 0x80;
    }
}

wire_bits! {
    /// BDB commissioning modes.
    pub struct BdbCommissioningMode: u8 {
        /// Touchlink initiator.
        const INITIATOR_TOUCHLINK = 1 << 0;
        /// Network steering (open the network for joining).
        const NWK_STEERING = 1 << 1;
        /// Network formation.
        const NWK_FORMATION = 1 << 2;
        /// Finding and binding.
        const FINDING_BINDING = 1 << 3;
        /// Touchlink.
        const TOUCHLINK = 1 << 4;
        /// Parent lost.
        const PARENT_LOST = 1 << 5;
    }
}

wire_bits! {
    /// IEEE 802.15.4 MAC capability flags (end device announce, association).
    pub struct MacCapabilities: u8 {
        /// Alternate PAN coordinator.
        const PAN_COORDINATOR = 1 << 0;
        /// Full-function device (router).
        const ROUTER = 1 << 1;
        /// Mains powered.
        const MAINS_POWERED = 1 << 2;
        /// Receiver on when idle.
        const RX_ON_WHEN_IDLE = 1 << 3;
        /// Security capable.
        const SECURITY_CAPABLE = 1 << 6;
        /// Allocate address.
        const ALLOCATE_ADDRESS = 1 << 7;
    }
}

wire_bits! {
    /// Options of `ZDO_MGMT_LEAVE_REQ`.
    pub struct LeaveOptions: u8 {
        /// Rejoin after leaving.
        const REJOIN = 1 << 0;
        /// Remove children too.
        const REMOVE_CHILDREN = 1 << 1;
    }
}

wire_bits! {
    /// Device types the firmware can act as (`UTIL_GET_DEVICE_INFO`).
    pub struct DeviceTypeCapabilities: u8 {
        /// Coordinator.
        const COORDINATOR = 1 << 0;
        /// Router.
        const ROUTER = 1 << 1;
        /// End device.
        const END_DEVICE = 1 << 2;
    }
}

wire_bits! {
    /// A channel mask: bit n set means channel n (11-26 for 2.4 GHz).
    pub struct Channels: u32 {
        /// No channel.
        const NONE = 0;
        /// All 2.4 GHz channels 11-26.
        const ALL_2_4_GHZ = 0x07FF_F800;
    }
}

impl Channels {
    /// The mask with only `channel` set (`None` above 31).
    #[must_use]
    pub fn single(channel: u8) -> Option<Self> {
        1u32.checked_shl(u32::from(channel)).map(Self)
    }

    /// The channels in the mask, lowest first.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (0u8..32).filter(move |&c| self.0 & (1u32 << c) != 0)
    }
}

wire_bits! {
    /// `ZCD_NV_STARTUP_OPTION` bits.
    pub struct StartupOptions: u8 {
        /// Clear configuration NV items on the next start.
        const CLEAR_CONFIG = 1 << 0;
        /// Clear network state on the next start.
        const CLEAR_STATE = 1 << 1;
        /// Start automatically.
        const AUTO_START = 1 << 2;
        /// Reset the frame counters of all network security material.
        const CLEAR_NWK_FRAME_COUNTER = 1 << 7;
    }
}

wire_enum! {
    /// ZDP status carried by ZDO response callbacks.
    pub enum ZdoStatus: u8 {
        /// Success.
        Success = 0x00,
        /// Invalid request type.
        InvRequestType = 0x80,
        /// Device not found.
        DeviceNotFound = 0x81,
        /// Invalid endpoint.
        InvalidEp = 0x82,
        /// Endpoint not active.
        NotActive = 0x83,
        /// Not supported.
        NotSupported = 0x84,
        /// Timeout.
        Timeout = 0x85,
        /// No match.
        NoMatch = 0x86,
        /// No entry.
        NoEntry = 0x88,
        /// No descriptor.
        NoDescriptor = 0x89,
        /// Insufficient space.
        InsufficientSpace = 0x8A,
        /// Not permitted.
        NotPermitted = 0x8B,
        /// Table full.
        TableFull = 0x8C,
        /// Not authorized.
        NotAuthorized = 0x8D,
    }
}

wire_enum! {
    /// Address mode byte used on its own (permit join, NWK update).
    pub enum AddrMode: u8 {
        /// No address.
        NotPresent = 0x00,
        /// Group address.
        Group = 0x01,
        /// 16-bit network address.
        Nwk = 0x02,
        /// 64-bit IEEE address.
        Ieee = 0x03,
        /// Broadcast.
        Broadcast = 0x0F,
    }
}
