//! Typed EZSP commands, responses and callbacks.
//!
//! Every command is a struct implementing [`Message`] (frame id, name, the versions that have
//! it) and [`Parameters`] (the versioned parameter codec); [`Command`] ties it to its response
//! type. Callbacks implement [`Message`] and [`Parameters`] only. Commands and callbacks this
//! library does not know decode to an `Unknown` variant of [`AnyCommand`], [`AnyResponse`] or
//! [`Callback`] that keeps the frame id and parameter bytes.

use super::frame::{CallbackType, Frame, FrameControl, Header, HeaderFormat};
use super::types::{
    ApsFrame, ApsKeyMetadata, ChildData, ConfigId, CurrentSecurityState, DecisionId, DeviceUpdate,
    EmberOrSl, EmberStatus, Eui64, ExtendedValueId, EzspOrSl, IncomingMessageType,
    InitialSecurityState, JoinDecision, Key, KeyStruct, KeyType, MfgTokenId, MulticastTableEntry,
    NeighborTableEntry, NetworkKeyInfo, NetworkParameters, NetworkStatus, NodeType,
    OutgoingMessageType, PolicyId, RouteTableEntry, ScanType, SecurityManagerContext, SlStatus,
    TokenInfo, U8OrU16, U8OrU32, ValueId, ZigbeeNetwork,
};
use super::version::ProtocolVersion;
use super::wire::{
    decode_u16s, ezsp_struct, present, DecodeError, LvBytes32, Reader, U16List, U16Rest, Wire,
};

/// A frame type with a fixed frame id: a command, its response or a callback.
pub trait Message: Sized {
    /// Frame id.
    const ID: u16;
    /// UG100 name, e.g. `getNetworkParameters`.
    const NAME: &'static str;
    /// First version that has this frame.
    const SINCE: u8;
    /// First version that no longer has it (`u8::MAX`: still present).
    const UNTIL: u8;

    /// Whether version `v` has this frame.
    #[must_use]
    fn available(v: ProtocolVersion) -> bool {
        present(v, Self::SINCE, Self::UNTIL)
    }
}

/// The parameter codec of a frame.
pub trait Parameters: Sized {
    /// Appends the parameters laid out for version `v`.
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion);
    /// Decodes parameters laid out for version `v`; truncation and trailing bytes are errors.
    ///
    /// # Errors
    /// [`DecodeError`] naming the field and offset.
    fn decode(input: &[u8], v: ProtocolVersion) -> Result<Self, DecodeError>;
}

impl<T: Wire + Message> Parameters for T {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        Wire::encode(self, out, v);
    }
    fn decode(input: &[u8], v: ProtocolVersion) -> Result<Self, DecodeError> {
        let mut r = Reader::new(input);
        let value = <T as Wire>::decode(&mut r, v)?;
        r.finish(T::NAME)?;
        Ok(value)
    }
}

/// A command the host sends, and the type of the NCP's response (same frame id).
pub trait Command: Message + Parameters {
    /// The response.
    type Response: Message + Parameters;
}

/// The parameters of `msg` for version `v`.
#[must_use]
pub fn to_parameters<M: Parameters>(msg: &M, v: ProtocolVersion) -> Vec<u8> {
    let mut out = Vec::new();
    msg.encode(&mut out, v);
    out
}

/// Host: the bytes of command `cmd` with sequence number `sequence` (extended header).
#[must_use]
pub fn command_frame<C: Command>(cmd: &C, sequence: u8, v: ProtocolVersion) -> Vec<u8> {
    Frame {
        header: Header::command(sequence, C::ID, v),
        parameters: to_parameters(cmd, v),
    }
    .to_bytes()
}

/// Host: the first `version` command, in the legacy header every NCP understands
/// (`seq 00 00 desired`).
#[must_use]
pub fn legacy_version_frame(sequence: u8, desired: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(4);
    Header::legacy_version(sequence).emit(&mut out);
    out.push(desired);
    out
}

/// Host: decodes the response to `C` from a received frame; the frame id must be `C::ID`.
///
/// # Errors
/// [`DecodeError::WrongFrameId`] or a parameter error.
pub fn decode_response<C: Command>(
    frame: &Frame,
    v: ProtocolVersion,
) -> Result<C::Response, DecodeError> {
    if frame.header.frame_id != C::ID {
        return Err(DecodeError::WrongFrameId {
            command: C::NAME,
            expected: C::ID,
            actual: frame.header.frame_id,
        });
    }
    <C::Response as Parameters>::decode(&frame.parameters, v)
}

/// NCP: the bytes of a response answering the command with header `request` (same sequence,
/// header format, network index and frame id).
#[must_use]
pub fn response_frame<M: Message + Parameters>(
    response: &M,
    request: Header,
    v: ProtocolVersion,
) -> Vec<u8> {
    let mut header = request.response();
    header.frame_id = M::ID;
    Frame {
        header,
        parameters: to_parameters(response, v),
    }
    .to_bytes()
}

/// NCP: the bytes of a callback frame (direction response, callback type `kind`).
#[must_use]
pub fn callback_frame<M: Message + Parameters>(
    callback: &M,
    sequence: u8,
    kind: CallbackType,
    v: ProtocolVersion,
) -> Vec<u8> {
    let header = Header {
        sequence,
        control: FrameControl::RESPONSE.with_callback_type(kind),
        frame_id: M::ID,
        format: HeaderFormat::for_version(v),
    };
    Frame {
        header,
        parameters: to_parameters(callback, v),
    }
    .to_bytes()
}

macro_rules! message_impl {
    ($ty:ident, $id:literal, $name:literal, $($s:literal)?, $($u:literal)?) => {
        impl Message for $ty {
            const ID: u16 = $id;
            const NAME: &'static str = $name;
            const SINCE: u8 = 0 $(+ $s)?;
            const UNTIL: u8 = u8::MAX $(- u8::MAX + $u)?;
        }
    };
}

/// Declares a command, its response and the [`Command`] impl. `manual` takes a type whose
/// [`Wire`] impl is written by hand.
macro_rules! command {
    (
        $(#[$m:meta])* $id:literal $name:literal $([since $s:literal])? $([until $u:literal])?
        $cmd:ident { $($body:tt)* } => $(#[$rm:meta])* $rsp:ident { $($rbody:tt)* }
    ) => {
        ezsp_struct! { $(#[$m])* pub struct $cmd { $($body)* } }
        ezsp_struct! { $(#[$rm])* pub struct $rsp { $($rbody)* } }
        command!(@impl $cmd $rsp $id $name, $($s)?, $($u)?);
    };
    (
        $(#[$m:meta])* $id:literal $name:literal $([since $s:literal])? $([until $u:literal])?
        $cmd:ident { $($body:tt)* } => manual $rsp:ident
    ) => {
        ezsp_struct! { $(#[$m])* pub struct $cmd { $($body)* } }
        command!(@impl $cmd $rsp $id $name, $($s)?, $($u)?);
    };
    (
        $(#[$m:meta])* $id:literal $name:literal $([since $s:literal])? $([until $u:literal])?
        manual $cmd:ident => $(#[$rm:meta])* $rsp:ident { $($rbody:tt)* }
    ) => {
        ezsp_struct! { $(#[$rm])* pub struct $rsp { $($rbody)* } }
        command!(@impl $cmd $rsp $id $name, $($s)?, $($u)?);
    };
    (@impl $cmd:ident $rsp:ident $id:literal $name:literal, $($s:literal)?, $($u:literal)?) => {
        message_impl!($cmd, $id, $name, $($s)?, $($u)?);
        message_impl!($rsp, $id, $name, $($s)?, $($u)?);
        impl Command for $cmd {
            type Response = $rsp;
        }
    };
}

/// Declares a callback.
macro_rules! callback {
    (
        $(#[$m:meta])* $id:literal $name:literal $([since $s:literal])? $([until $u:literal])?
        $cb:ident { $($body:tt)* }
    ) => {
        ezsp_struct! { $(#[$m])* pub struct $cb { $($body)* } }
        message_impl!($cb, $id, $name, $($s)?, $($u)?);
    };
    (
        $(#[$m:meta])* $id:literal $name:literal $([since $s:literal])? $([until $u:literal])?
        manual $cb:ident
    ) => {
        message_impl!($cb, $id, $name, $($s)?, $($u)?);
    };
}

// ---------------------------------------------------------------------------------------------
// Configuration frames
// ---------------------------------------------------------------------------------------------

command! {
    /// `version` (0x0000): negotiates the protocol version; must be the first command.
    0x0000 "version" Version {
        /// Version the host wants.
        pub desired_protocol_version: u8,
    } => /// Response to [`Version`].
    VersionResponse {
        /// Version the NCP speaks.
        pub protocol_version: u8,
        /// Stack type (2: mesh).
        pub stack_type: u8,
        /// EmberZNet version, one nibble per digit (0x7430 = 7.4.3.0).
        pub stack_version: u16,
    }
}

command! {
    /// `getConfigurationValue` (0x0052).
    0x0052 "getConfigurationValue" GetConfigurationValue {
        /// Configuration id.
        pub config_id: ConfigId,
    } => /// Response to [`GetConfigurationValue`].
    GetConfigurationValueResponse {
        /// Status.
        pub status: EzspOrSl,
        /// Value.
        pub value: u16,
    }
}

command! {
    /// `setConfigurationValue` (0x0053).
    0x0053 "setConfigurationValue" SetConfigurationValue {
        /// Configuration id.
        pub config_id: ConfigId,
        /// Value.
        pub value: u16,
    } => /// Response to [`SetConfigurationValue`].
    SetConfigurationValueResponse {
        /// Status.
        pub status: EzspOrSl,
    }
}

command! {
    /// `addEndpoint` (0x0002): cluster counts precede the two cluster lists.
    0x0002 "addEndpoint" manual AddEndpoint => /// Response to [`AddEndpoint`].
    AddEndpointResponse {
        /// Status.
        pub status: EzspOrSl,
    }
}

/// `addEndpoint` (0x0002).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AddEndpoint {
    /// Endpoint number.
    pub endpoint: u8,
    /// Profile id.
    pub profile_id: u16,
    /// Device id.
    pub device_id: u16,
    /// Device version.
    pub device_version: u8,
    /// Server (input) clusters.
    pub input_clusters: Vec<u16>,
    /// Client (output) clusters.
    pub output_clusters: Vec<u16>,
}

impl Wire for AddEndpoint {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        let ni = u8::try_from(self.input_clusters.len()).unwrap_or(u8::MAX);
        let no = u8::try_from(self.output_clusters.len()).unwrap_or(u8::MAX);
        self.endpoint.encode(out, v);
        self.profile_id.encode(out, v);
        self.device_id.encode(out, v);
        self.device_version.encode(out, v);
        ni.encode(out, v);
        no.encode(out, v);
        for c in self.input_clusters.iter().take(usize::from(ni)) {
            c.encode(out, v);
        }
        for c in self.output_clusters.iter().take(usize::from(no)) {
            c.encode(out, v);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let endpoint = u8::decode(r.field("endpoint"), v)?;
        let profile_id = u16::decode(r.field("profile_id"), v)?;
        let device_id = u16::decode(r.field("device_id"), v)?;
        let device_version = u8::decode(r.field("device_version"), v)?;
        let ni = u8::decode(r.field("input_cluster_count"), v)?;
        let no = u8::decode(r.field("output_cluster_count"), v)?;
        let input_clusters = decode_u16s(r.field("input_clusters"), ni, v)?;
        let output_clusters = decode_u16s(r.field("output_clusters"), no, v)?;
        Ok(Self {
            endpoint,
            profile_id,
            device_id,
            device_version,
            input_clusters,
            output_clusters,
        })
    }
}

command! {
    /// `setPolicy` (0x0055).
    0x0055 "setPolicy" SetPolicy {
        /// Policy.
        pub policy_id: PolicyId,
        /// Decision (a bitmask for the trust center policy).
        pub decision_id: DecisionId,
    } => /// Response to [`SetPolicy`].
    SetPolicyResponse {
        /// Status.
        pub status: EzspOrSl,
    }
}

command! {
    /// `getPolicy` (0x0056).
    0x0056 "getPolicy" GetPolicy {
        /// Policy.
        pub policy_id: PolicyId,
    } => /// Response to [`GetPolicy`].
    GetPolicyResponse {
        /// Status.
        pub status: EzspOrSl,
        /// Decision.
        pub decision_id: DecisionId,
    }
}

command! {
    /// `getValue` (0x00AA).
    0x00AA "getValue" GetValue {
        /// Value id.
        pub value_id: ValueId,
    } => /// Response to [`GetValue`].
    GetValueResponse {
        /// Status.
        pub status: EzspOrSl,
        /// Value bytes.
        pub value: Vec<u8>,
    }
}

command! {
    /// `getExtendedValue` (0x0003).
    0x0003 "getExtendedValue" GetExtendedValue {
        /// Value id.
        pub value_id: ExtendedValueId,
        /// Characteristics (e.g. an endpoint).
        pub characteristics: u32,
    } => /// Response to [`GetExtendedValue`].
    GetExtendedValueResponse {
        /// Status.
        pub status: EzspOrSl,
        /// Value bytes.
        pub value: Vec<u8>,
    }
}

command! {
    /// `setValue` (0x00AB).
    0x00AB "setValue" SetValue {
        /// Value id.
        pub value_id: ValueId,
        /// Value bytes.
        pub value: Vec<u8>,
    } => /// Response to [`SetValue`].
    SetValueResponse {
        /// Status.
        pub status: EzspOrSl,
    }
}

// ---------------------------------------------------------------------------------------------
// Utilities
// ---------------------------------------------------------------------------------------------

command! {
    /// `nop` (0x0005).
    0x0005 "nop" Nop {} => /// Response to [`Nop`].
    NopResponse {}
}

command! {
    /// `echo` (0x0081).
    0x0081 "echo" Echo {
        /// Data to echo.
        pub data: Vec<u8>,
    } => /// Response to [`Echo`].
    EchoResponse {
        /// Echoed data.
        pub echo: Vec<u8>,
    }
}

command! {
    /// `invalidCommand` (0x0058): the NCP's answer to a command it could not process.
    0x0058 "invalidCommand" InvalidCommand {} => /// The `invalidCommand` response.
    InvalidCommandResponse {
        /// Reason.
        pub status: EzspOrSl,
    }
}

command! {
    /// `callback` (0x0006): asks for pending callbacks (SPI hosts).
    0x0006 "callback" CallbackRequest {} => /// Empty response to [`CallbackRequest`].
    CallbackRequestResponse {}
}

command! {
    /// `noCallbacks` (0x0007): the NCP has no pending callbacks.
    0x0007 "noCallbacks" NoCallbacks {} => /// Response form of [`NoCallbacks`].
    NoCallbacksResponse {}
}

command! {
    /// `setToken` (0x0009): 8-byte SimEEPROM token.
    0x0009 "setToken" SetToken {
        /// Token id.
        pub token_id: u8,
        /// Token data.
        pub token_data: [u8; 8],
    } => /// Response to [`SetToken`].
    SetTokenResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `getToken` (0x000A): 8-byte SimEEPROM token.
    0x000A "getToken" GetToken {
        /// Token id.
        pub token_id: u8,
    } => /// Response to [`GetToken`].
    GetTokenResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Token data.
        pub token_data: [u8; 8],
    }
}

command! {
    /// `getMfgToken` (0x000B).
    0x000B "getMfgToken" GetMfgToken {
        /// Token id.
        pub token_id: MfgTokenId,
    } => /// Response to [`GetMfgToken`].
    GetMfgTokenResponse {
        /// Token data.
        pub token_data: Vec<u8>,
    }
}

command! {
    /// `setMfgToken` (0x000C).
    0x000C "setMfgToken" SetMfgToken {
        /// Token id.
        pub token_id: MfgTokenId,
        /// Token data.
        pub token_data: Vec<u8>,
    } => /// Response to [`SetMfgToken`].
    SetMfgTokenResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `getRandomNumber` (0x0049).
    0x0049 "getRandomNumber" GetRandomNumber {} => /// Response to [`GetRandomNumber`].
    GetRandomNumberResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Random value.
        pub value: u16,
    }
}

command! {
    /// `getXncpInfo` (0x0013).
    0x0013 "getXncpInfo" GetXncpInfo {} => /// Response to [`GetXncpInfo`].
    GetXncpInfoResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Manufacturer id.
        pub manufacturer_id: u16,
        /// Version.
        pub version_number: u16,
    }
}

command! {
    /// `customFrame` (0x0047): an application-defined (XNCP) frame.
    0x0047 "customFrame" CustomFrame {
        /// Payload.
        pub payload: Vec<u8>,
    } => /// Response to [`CustomFrame`].
    CustomFrameResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Reply payload.
        pub reply: Vec<u8>,
    }
}

command! {
    /// `getEui64` (0x0026).
    0x0026 "getEui64" GetEui64 {} => /// Response to [`GetEui64`].
    GetEui64Response {
        /// IEEE address (wire order).
        pub eui64: Eui64,
    }
}

command! {
    /// `getNodeId` (0x0027).
    0x0027 "getNodeId" GetNodeId {} => /// Response to [`GetNodeId`].
    GetNodeIdResponse {
        /// Node id.
        pub node_id: u16,
    }
}

command! {
    /// `getLibraryStatus` (0x0001).
    0x0001 "getLibraryStatus" GetLibraryStatus {
        /// Library id.
        pub library_id: u8,
    } => /// Response to [`GetLibraryStatus`].
    GetLibraryStatusResponse {
        /// `EmberLibraryStatus`.
        pub status: u8,
    }
}

command! {
    /// `readCounters` (0x00F1).
    0x00F1 "readCounters" ReadCounters {} => /// Response to [`ReadCounters`].
    ReadCountersResponse {
        /// One value per `EmberCounterType`.
        pub values: U16Rest,
    }
}

command! {
    /// `readAndClearCounters` (0x0065).
    0x0065 "readAndClearCounters" ReadAndClearCounters {} => /// Response to [`ReadAndClearCounters`].
    ReadAndClearCountersResponse {
        /// One value per `EmberCounterType`.
        pub values: U16Rest,
    }
}

command! {
    /// `setManufacturerCode` (0x0015).
    0x0015 "setManufacturerCode" SetManufacturerCode {
        /// Manufacturer code.
        pub code: u16,
    } => /// Response to [`SetManufacturerCode`] (empty before v14).
    SetManufacturerCodeResponse {
        /// Status (v14+).
        [since 14] pub status: SlStatus,
    }
}

command! {
    /// `setRadioPower` (0x0099).
    0x0099 "setRadioPower" SetRadioPower {
        /// Power, dBm.
        pub power: i8,
    } => /// Response to [`SetRadioPower`].
    SetRadioPowerResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens (NVM3, v9+)
// ---------------------------------------------------------------------------------------------

command! {
    /// `getTokenCount` (0x0100, v9+); the count is 32-bit from v18.
    0x0100 "getTokenCount" [since 9] GetTokenCount {} => /// Response to [`GetTokenCount`].
    GetTokenCountResponse {
        /// Number of tokens.
        pub count: U8OrU32<18>,
    }
}

command! {
    /// `getTokenInfo` (0x0101, v9+).
    0x0101 "getTokenInfo" [since 9] GetTokenInfo {
        /// Token index.
        pub index: u8,
    } => /// Response to [`GetTokenInfo`].
    GetTokenInfoResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Token info.
        pub token_info: TokenInfo,
    }
}

command! {
    /// `getTokenData` (0x0102, v9+): the value is present only on success.
    0x0102 "getTokenData" [since 9] GetTokenData {
        /// NVM3 key.
        pub token: u32,
        /// Index in an indexed token.
        pub index: u32,
    } => manual GetTokenDataResponse
}

/// Response to [`GetTokenData`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GetTokenDataResponse {
    /// Status.
    pub status: EmberOrSl,
    /// Token data (only encoded, and only decoded, when `status` is success).
    pub value: LvBytes32,
}

impl Wire for GetTokenDataResponse {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        self.status.encode(out, v);
        if self.status.is_success() {
            self.value.encode(out, v);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let status = EmberOrSl::decode(r.field("status"), v)?;
        let value = if status.is_success() {
            LvBytes32::decode(r.field("value"), v)?
        } else {
            LvBytes32::default()
        };
        Ok(Self { status, value })
    }
}

command! {
    /// `setTokenData` (0x0103, v9+).
    0x0103 "setTokenData" [since 9] SetTokenData {
        /// NVM3 key.
        pub token: u32,
        /// Index in an indexed token.
        pub index: u32,
        /// Data.
        pub token_data: LvBytes32,
    } => /// Response to [`SetTokenData`].
    SetTokenDataResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `tokenFactoryReset` (0x0077, v13+).
    0x0077 "tokenFactoryReset" [since 13] TokenFactoryReset {
        /// Keep outgoing frame counters.
        pub exclude_outgoing_fc: bool,
        /// Keep the boot counter.
        pub exclude_boot_counter: bool,
    } => /// Response to [`TokenFactoryReset`].
    TokenFactoryResetResponse {}
}

// ---------------------------------------------------------------------------------------------
// Networking
// ---------------------------------------------------------------------------------------------

command! {
    /// `networkInit` (0x0017).
    0x0017 "networkInit" NetworkInit {
        /// `EmberNetworkInitBitmask`.
        pub bitmask: u16,
    } => /// Response to [`NetworkInit`].
    NetworkInitResponse {
        /// Status (`NOT_JOINED` when there is no saved network).
        pub status: EmberOrSl,
    }
}

command! {
    /// `networkState` (0x0018).
    0x0018 "networkState" NetworkState {} => /// Response to [`NetworkState`].
    NetworkStateResponse {
        /// Network status.
        pub status: NetworkStatus,
    }
}

command! {
    /// `startScan` (0x001A).
    0x001A "startScan" StartScan {
        /// Scan type.
        pub scan_type: ScanType,
        /// Channel mask.
        pub channel_mask: u32,
        /// Duration exponent.
        pub duration: u8,
    } => /// Response to [`StartScan`].
    StartScanResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `stopScan` (0x001D).
    0x001D "stopScan" StopScan {} => /// Response to [`StopScan`].
    StopScanResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `formNetwork` (0x001E).
    0x001E "formNetwork" FormNetwork {
        /// Network parameters.
        pub parameters: NetworkParameters,
    } => /// Response to [`FormNetwork`].
    FormNetworkResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `leaveNetwork` (0x0020); options exist from v14.
    0x0020 "leaveNetwork" LeaveNetwork {
        /// `sl_zigbee_leave_network_option_t` (v14+).
        [since 14] pub options: u8,
    } => /// Response to [`LeaveNetwork`].
    LeaveNetworkResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `permitJoining` (0x0022).
    0x0022 "permitJoining" PermitJoining {
        /// Seconds (0: close, 255: forever).
        pub duration: u8,
    } => /// Response to [`PermitJoining`].
    PermitJoiningResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `getNetworkParameters` (0x0028).
    0x0028 "getNetworkParameters" GetNetworkParameters {} => /// Response to [`GetNetworkParameters`].
    GetNetworkParametersResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Node type.
        pub node_type: NodeType,
        /// Parameters.
        pub parameters: NetworkParameters,
    }
}

command! {
    /// `getParentChildParameters` (0x0029).
    0x0029 "getParentChildParameters" GetParentChildParameters {} => /// Response to [`GetParentChildParameters`].
    GetParentChildParametersResponse {
        /// Number of children.
        pub child_count: u8,
        /// Parent IEEE address.
        pub parent_eui64: Eui64,
        /// Parent node id.
        pub parent_node_id: u16,
    }
}

command! {
    /// `getChildData` (0x004A).
    0x004A "getChildData" GetChildData {
        /// Child index.
        pub index: u8,
    } => /// Response to [`GetChildData`].
    GetChildDataResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Child data.
        pub child_data: ChildData,
    }
}

command! {
    /// `setChildData` (0x00AC, v9+).
    0x00AC "setChildData" [since 9] SetChildData {
        /// Child index.
        pub index: u8,
        /// Child data.
        pub child_data: ChildData,
    } => /// Response to [`SetChildData`].
    SetChildDataResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `getNeighbor` (0x0079).
    0x0079 "getNeighbor" GetNeighbor {
        /// Index.
        pub index: u8,
    } => /// Response to [`GetNeighbor`].
    GetNeighborResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Entry.
        pub value: NeighborTableEntry,
    }
}

command! {
    /// `getRouteTableEntry` (0x007B).
    0x007B "getRouteTableEntry" GetRouteTableEntry {
        /// Index.
        pub index: u8,
    } => /// Response to [`GetRouteTableEntry`].
    GetRouteTableEntryResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Entry.
        pub value: RouteTableEntry,
    }
}

command! {
    /// `getMulticastTableEntry` (0x0063).
    0x0063 "getMulticastTableEntry" GetMulticastTableEntry {
        /// Index.
        pub index: u8,
    } => /// Response to [`GetMulticastTableEntry`].
    GetMulticastTableEntryResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Entry.
        pub value: MulticastTableEntry,
    }
}

command! {
    /// `setMulticastTableEntry` (0x0064).
    0x0064 "setMulticastTableEntry" SetMulticastTableEntry {
        /// Index.
        pub index: u8,
        /// Entry.
        pub value: MulticastTableEntry,
    } => /// Response to [`SetMulticastTableEntry`].
    SetMulticastTableEntryResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `gpSinkTableClearAll` (0x00E2): empties the Green Power sink table.
    0x00E2 "gpSinkTableClearAll" GpSinkTableClearAll {} => /// Response to [`GpSinkTableClearAll`].
    GpSinkTableClearAllResponse {}
}

command! {
    /// `setRadioChannel` (0x009A).
    0x009A "setRadioChannel" SetRadioChannel {
        /// Channel.
        pub channel: u8,
    } => /// Response to [`SetRadioChannel`].
    SetRadioChannelResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `setConcentrator` (0x0010).
    0x0010 "setConcentrator" SetConcentrator {
        /// Enable.
        pub on: bool,
        /// Concentrator type (0xFFF8 low RAM, 0xFFF9 high RAM).
        pub concentrator_type: u16,
        /// Minimum time between route discoveries, s.
        pub min_time: u16,
        /// Maximum time between route discoveries, s.
        pub max_time: u16,
        /// Route error threshold.
        pub route_error_threshold: u8,
        /// Delivery failure threshold.
        pub delivery_failure_threshold: u8,
        /// Maximum hops.
        pub max_hops: u8,
    } => /// Response to [`SetConcentrator`].
    SetConcentratorResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `setSourceRouteDiscoveryMode` (0x005A).
    0x005A "setSourceRouteDiscoveryMode" SetSourceRouteDiscoveryMode {
        /// Mode (0 off, 1 on, 2 reschedule).
        pub mode: u8,
    } => /// Response to [`SetSourceRouteDiscoveryMode`].
    SetSourceRouteDiscoveryModeResponse {
        /// Milliseconds until the next discovery.
        pub remaining_time: u32,
    }
}

command! {
    /// `setSourceRoute` (0x00AE).
    0x00AE "setSourceRoute" SetSourceRoute {
        /// Destination.
        pub destination: u16,
        /// Relays.
        pub relay_list: U16List,
    } => /// Response to [`SetSourceRoute`].
    SetSourceRouteResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `setExtendedTimeout` (0x007E); the response has a status from v14.
    0x007E "setExtendedTimeout" SetExtendedTimeout {
        /// Remote IEEE address.
        pub remote_eui64: Eui64,
        /// Use the extended timeout.
        pub extended_timeout: bool,
    } => /// Response to [`SetExtendedTimeout`].
    SetExtendedTimeoutResponse {
        /// Status (v14+).
        [since 14] pub status: SlStatus,
    }
}

command! {
    /// `getExtendedTimeout` (0x007F): a flag before v14, a status from v14.
    0x007F "getExtendedTimeout" GetExtendedTimeout {
        /// Remote IEEE address.
        pub remote_eui64: Eui64,
    } => /// Response to [`GetExtendedTimeout`].
    GetExtendedTimeoutResponse {
        /// Extended timeout flag (before v14).
        [until 14] pub extended_timeout: bool,
        /// Status (v14+).
        [since 14] pub status: SlStatus,
    }
}

command! {
    /// `lookupNodeIdByEui64` (0x0060).
    0x0060 "lookupNodeIdByEui64" LookupNodeIdByEui64 {
        /// IEEE address.
        pub eui64: Eui64,
    } => /// Response to [`LookupNodeIdByEui64`].
    LookupNodeIdByEui64Response {
        /// Status (v14+).
        [since 14] pub status: SlStatus,
        /// Node id (0xFFFF: unknown).
        pub node_id: u16,
    }
}

command! {
    /// `lookupEui64ByNodeId` (0x0061).
    0x0061 "lookupEui64ByNodeId" LookupEui64ByNodeId {
        /// Node id.
        pub node_id: u16,
    } => /// Response to [`LookupEui64ByNodeId`].
    LookupEui64ByNodeIdResponse {
        /// Status.
        pub status: EmberOrSl,
        /// IEEE address.
        pub eui64: Eui64,
    }
}

command! {
    /// `getAddressTableRemoteEui64` (0x005E, before v14; the id is `getAddressTableInfo` from v14).
    0x005E "getAddressTableRemoteEui64" [until 14] GetAddressTableRemoteEui64 {
        /// Index.
        pub address_table_index: u8,
    } => /// Response to [`GetAddressTableRemoteEui64`].
    GetAddressTableRemoteEui64Response {
        /// IEEE address.
        pub eui64: Eui64,
    }
}

command! {
    /// `getAddressTableRemoteNodeId` (0x005F, before v14).
    0x005F "getAddressTableRemoteNodeId" [until 14] GetAddressTableRemoteNodeId {
        /// Index.
        pub address_table_index: u8,
    } => /// Response to [`GetAddressTableRemoteNodeId`].
    GetAddressTableRemoteNodeIdResponse {
        /// Node id.
        pub node_id: u16,
    }
}

command! {
    /// `getAddressTableInfo` (0x005E, v14+).
    0x005E "getAddressTableInfo" [since 14] GetAddressTableInfo {
        /// Index.
        pub index: u8,
    } => /// Response to [`GetAddressTableInfo`].
    GetAddressTableInfoResponse {
        /// Status.
        pub status: SlStatus,
        /// Node id.
        pub nwk: u16,
        /// IEEE address.
        pub eui64: Eui64,
    }
}

command! {
    /// `setAddressTableInfo` (0x005C, v14+).
    0x005C "setAddressTableInfo" [since 14] SetAddressTableInfo {
        /// Index.
        pub index: u8,
        /// IEEE address.
        pub eui64: Eui64,
        /// Node id.
        pub nwk: u16,
    } => /// Response to [`SetAddressTableInfo`].
    SetAddressTableInfoResponse {
        /// Status.
        pub status: SlStatus,
    }
}

command! {
    /// `replaceAddressTableEntry` (0x0082).
    0x0082 "replaceAddressTableEntry" ReplaceAddressTableEntry {
        /// Index.
        pub address_table_index: u8,
        /// New IEEE address.
        pub new_eui64: Eui64,
        /// New node id.
        pub new_id: u16,
        /// New extended timeout flag.
        pub new_extended_timeout: bool,
    } => /// Response to [`ReplaceAddressTableEntry`].
    ReplaceAddressTableEntryResponse {
        /// Status.
        pub status: EmberOrSl,
        /// Previous IEEE address.
        pub old_eui64: Eui64,
        /// Previous node id.
        pub old_id: u16,
        /// Previous extended timeout flag.
        pub old_extended_timeout: bool,
    }
}

// ---------------------------------------------------------------------------------------------
// Messaging
// ---------------------------------------------------------------------------------------------

command! {
    /// `sendUnicast` (0x0034); the message tag is 16-bit from v14.
    0x0034 "sendUnicast" SendUnicast {
        /// Outgoing message type.
        pub message_type: OutgoingMessageType,
        /// Destination node id, or address table / binding index.
        pub index_or_destination: u16,
        /// APS frame.
        pub aps_frame: ApsFrame,
        /// Tag echoed in `messageSentHandler`.
        pub message_tag: U8OrU16<14>,
        /// Payload.
        pub message: Vec<u8>,
    } => /// Response to [`SendUnicast`].
    SendUnicastResponse {
        /// Status.
        pub status: EmberOrSl,
        /// APS sequence number.
        pub sequence: u8,
    }
}

command! {
    /// `sendBroadcast` (0x0036); alias and sequence exist from v14, the tag is 16-bit from v14.
    0x0036 "sendBroadcast" SendBroadcast {
        /// Alias source (v14+).
        [since 14] pub alias: u16,
        /// Broadcast address.
        pub destination: u16,
        /// Alias sequence (v14+).
        [since 14] pub nwk_sequence: u8,
        /// APS frame.
        pub aps_frame: ApsFrame,
        /// Radius.
        pub radius: u8,
        /// Tag.
        pub message_tag: U8OrU16<14>,
        /// Payload.
        pub message: Vec<u8>,
    } => /// Response to [`SendBroadcast`].
    SendBroadcastResponse {
        /// Status.
        pub status: EmberOrSl,
        /// APS sequence number.
        pub sequence: u8,
    }
}

command! {
    /// `sendMulticast` (0x0038): v8-v13 carry a non-member radius; v14+ a broadcast address,
    /// alias and alias sequence, and a 16-bit tag.
    0x0038 "sendMulticast" SendMulticast {
        /// APS frame (group id set).
        pub aps_frame: ApsFrame,
        /// Hops.
        pub hops: u8,
        /// Non-member radius (before v14).
        [until 14] pub nonmember_radius: u8,
        /// Broadcast address (v14+).
        [since 14] pub broadcast_addr: u16,
        /// Alias source (v14+).
        [since 14] pub alias: u16,
        /// Alias sequence (v14+).
        [since 14] pub nwk_sequence: u8,
        /// Tag.
        pub message_tag: U8OrU16<14>,
        /// Payload.
        pub message: Vec<u8>,
    } => /// Response to [`SendMulticast`].
    SendMulticastResponse {
        /// Status.
        pub status: EmberOrSl,
        /// APS sequence number.
        pub sequence: u8,
    }
}

// ---------------------------------------------------------------------------------------------
// Security
// ---------------------------------------------------------------------------------------------

command! {
    /// `setInitialSecurityState` (0x0068).
    0x0068 "setInitialSecurityState" SetInitialSecurityState {
        /// State.
        pub state: InitialSecurityState,
    } => /// Response to [`SetInitialSecurityState`].
    SetInitialSecurityStateResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `getCurrentSecurityState` (0x0069).
    0x0069 "getCurrentSecurityState" GetCurrentSecurityState {} => /// Response to [`GetCurrentSecurityState`].
    GetCurrentSecurityStateResponse {
        /// Status.
        pub status: EmberOrSl,
        /// State.
        pub state: CurrentSecurityState,
    }
}

command! {
    /// `getKey` (0x006A, before v13).
    0x006A "getKey" [until 13] GetKey {
        /// Key type.
        pub key_type: KeyType,
    } => /// Response to [`GetKey`].
    GetKeyResponse {
        /// Status.
        pub status: EmberStatus,
        /// Key.
        pub key_struct: KeyStruct,
    }
}

command! {
    /// `getKeyTableEntry` (0x0071, before v13).
    0x0071 "getKeyTableEntry" [until 13] GetKeyTableEntry {
        /// Index.
        pub index: u8,
    } => /// Response to [`GetKeyTableEntry`].
    GetKeyTableEntryResponse {
        /// Status.
        pub status: EmberStatus,
        /// Key.
        pub key_struct: KeyStruct,
    }
}

command! {
    /// `findKeyTableEntry` (0x0075).
    0x0075 "findKeyTableEntry" FindKeyTableEntry {
        /// Partner IEEE address.
        pub address: Eui64,
        /// Link key (true) or master key.
        pub link_key: bool,
    } => /// Response to [`FindKeyTableEntry`].
    FindKeyTableEntryResponse {
        /// Index, 0xFF when not found.
        pub index: u8,
    }
}

command! {
    /// `eraseKeyTableEntry` (0x0076).
    0x0076 "eraseKeyTableEntry" EraseKeyTableEntry {
        /// Index.
        pub index: u8,
    } => /// Response to [`EraseKeyTableEntry`].
    EraseKeyTableEntryResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `clearKeyTable` (0x00B1).
    0x00B1 "clearKeyTable" ClearKeyTable {} => /// Response to [`ClearKeyTable`].
    ClearKeyTableResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `addTransientLinkKey` (0x00AF, before v13).
    0x00AF "addTransientLinkKey" [until 13] AddTransientLinkKey {
        /// Partner IEEE address.
        pub partner: Eui64,
        /// Key.
        pub transient_key: Key,
    } => /// Response to [`AddTransientLinkKey`].
    AddTransientLinkKeyResponse {
        /// Status.
        pub status: EmberStatus,
    }
}

command! {
    /// `addOrUpdateKeyTableEntry` (0x0066, before v13).
    0x0066 "addOrUpdateKeyTableEntry" [until 13] AddOrUpdateKeyTableEntry {
        /// Partner IEEE address.
        pub address: Eui64,
        /// Link key (true) or master key.
        pub link_key: bool,
        /// Key.
        pub key_data: Key,
    } => /// Response to [`AddOrUpdateKeyTableEntry`].
    AddOrUpdateKeyTableEntryResponse {
        /// Status.
        pub status: EmberStatus,
    }
}

command! {
    /// `removeDevice` (0x00A8).
    0x00A8 "removeDevice" RemoveDevice {
        /// Parent node id.
        pub dest_short: u16,
        /// Parent IEEE address.
        pub dest_long: Eui64,
        /// Device to remove.
        pub target_long: Eui64,
    } => /// Response to [`RemoveDevice`].
    RemoveDeviceResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `getNetworkKeyInfo` (0x0116, v13+).
    0x0116 "getNetworkKeyInfo" [since 13] GetNetworkKeyInfo {} => /// Response to [`GetNetworkKeyInfo`].
    GetNetworkKeyInfoResponse {
        /// Status.
        pub status: SlStatus,
        /// Key info.
        pub network_key_info: NetworkKeyInfo,
    }
}

command! {
    /// `exportKey` (0x0114, v12+): key then status before v14; status, key and the context from v14.
    0x0114 "exportKey" [since 12] ExportKey {
        /// Which key.
        pub context: SecurityManagerContext,
    } => manual ExportKeyResponse
}

/// Response to [`ExportKey`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportKeyResponse {
    /// Status.
    pub status: SlStatus,
    /// Key.
    pub key: Key,
    /// Context as the NCP completed it (v14+).
    pub context: SecurityManagerContext,
}

impl Wire for ExportKeyResponse {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        if v.uses_sl_status() {
            self.status.encode(out, v);
            self.key.encode(out, v);
            self.context.encode(out, v);
        } else {
            self.key.encode(out, v);
            self.status.encode(out, v);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        if v.uses_sl_status() {
            let status = SlStatus::decode(r.field("status"), v)?;
            let key = Key::decode(r.field("key"), v)?;
            let context = SecurityManagerContext::decode(r.field("context"), v)?;
            Ok(Self {
                status,
                key,
                context,
            })
        } else {
            let key = Key::decode(r.field("key"), v)?;
            let status = SlStatus::decode(r.field("status"), v)?;
            Ok(Self {
                status,
                key,
                context: SecurityManagerContext::default(),
            })
        }
    }
}

command! {
    /// `importKey` (0x0115, v12+).
    0x0115 "importKey" [since 12] ImportKey {
        /// Which key.
        pub context: SecurityManagerContext,
        /// Key.
        pub key: Key,
    } => /// Response to [`ImportKey`].
    ImportKeyResponse {
        /// Status.
        pub status: SlStatus,
        /// Context (v14+).
        [since 14] pub context: SecurityManagerContext,
    }
}

/// Response to [`ExportLinkKeyByIndex`] and [`ExportLinkKeyByEui`]: v12-v13 put the partner
/// (EUI64 by index; the index by EUI64) first and the status last; v14+ start with the status and
/// return the full context.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportLinkKeyResponse<const BY_INDEX: bool> {
    /// Status.
    pub status: SlStatus,
    /// Partner IEEE address (v12-v13, by index).
    pub eui64: Eui64,
    /// Key table index (v12-v13, by EUI64).
    pub index: u8,
    /// Context (v14+).
    pub context: SecurityManagerContext,
    /// Key.
    pub plaintext_key: Key,
    /// Key metadata.
    pub key_data: ApsKeyMetadata,
}

impl<const BY_INDEX: bool> Wire for ExportLinkKeyResponse<BY_INDEX> {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        if v.uses_sl_status() {
            self.status.encode(out, v);
            self.context.encode(out, v);
            self.plaintext_key.encode(out, v);
            self.key_data.encode(out, v);
        } else {
            if BY_INDEX {
                self.eui64.encode(out, v);
                self.plaintext_key.encode(out, v);
            } else {
                self.plaintext_key.encode(out, v);
                self.index.encode(out, v);
            }
            self.key_data.encode(out, v);
            self.status.encode(out, v);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let mut out = Self::default();
        if v.uses_sl_status() {
            out.status = SlStatus::decode(r.field("status"), v)?;
            out.context = SecurityManagerContext::decode(r.field("context"), v)?;
            out.plaintext_key = Key::decode(r.field("plaintext_key"), v)?;
            out.key_data = ApsKeyMetadata::decode(r.field("key_data"), v)?;
        } else {
            if BY_INDEX {
                out.eui64 = Eui64::decode(r.field("eui64"), v)?;
                out.plaintext_key = Key::decode(r.field("plaintext_key"), v)?;
            } else {
                out.plaintext_key = Key::decode(r.field("plaintext_key"), v)?;
                out.index = u8::decode(r.field("index"), v)?;
            }
            out.key_data = ApsKeyMetadata::decode(r.field("key_data"), v)?;
            out.status = SlStatus::decode(r.field("status"), v)?;
        }
        Ok(out)
    }
}

/// Response to [`ExportLinkKeyByIndex`].
pub type ExportLinkKeyByIndexResponse = ExportLinkKeyResponse<true>;
/// Response to [`ExportLinkKeyByEui`].
pub type ExportLinkKeyByEuiResponse = ExportLinkKeyResponse<false>;

ezsp_struct! {
    /// `exportLinkKeyByIndex` (0x010F, v12+).
    pub struct ExportLinkKeyByIndex {
        /// Key table index.
        pub index: u8,
    }
}
message_impl!(ExportLinkKeyByIndex, 0x010F, "exportLinkKeyByIndex", 12,);
impl Message for ExportLinkKeyByIndexResponse {
    const ID: u16 = 0x010F;
    const NAME: &'static str = "exportLinkKeyByIndex";
    const SINCE: u8 = 12;
    const UNTIL: u8 = u8::MAX;
}
impl Command for ExportLinkKeyByIndex {
    type Response = ExportLinkKeyByIndexResponse;
}

ezsp_struct! {
    /// `exportLinkKeyByEui` (0x010D, v12+).
    pub struct ExportLinkKeyByEui {
        /// Partner IEEE address.
        pub eui64: Eui64,
    }
}
message_impl!(ExportLinkKeyByEui, 0x010D, "exportLinkKeyByEui", 12,);
impl Message for ExportLinkKeyByEuiResponse {
    const ID: u16 = 0x010D;
    const NAME: &'static str = "exportLinkKeyByEui";
    const SINCE: u8 = 12;
    const UNTIL: u8 = u8::MAX;
}
impl Command for ExportLinkKeyByEui {
    type Response = ExportLinkKeyByEuiResponse;
}

command! {
    /// `importLinkKey` (0x010E, v12+).
    0x010E "importLinkKey" [since 12] ImportLinkKey {
        /// Key table index.
        pub index: u8,
        /// Partner IEEE address.
        pub address: Eui64,
        /// Key.
        pub key: Key,
    } => /// Response to [`ImportLinkKey`].
    ImportLinkKeyResponse {
        /// Status.
        pub status: SlStatus,
    }
}

command! {
    /// `importTransientKey` (0x0111, v12+).
    0x0111 "importTransientKey" [since 12] ImportTransientKey {
        /// Partner IEEE address.
        pub eui64: Eui64,
        /// Key.
        pub plaintext_key: Key,
        /// `sl_zb_sec_man_flags_t`.
        pub flags: u8,
    } => /// Response to [`ImportTransientKey`].
    ImportTransientKeyResponse {
        /// Status.
        pub status: SlStatus,
    }
}

// ---------------------------------------------------------------------------------------------
// Manufacturing test library
// ---------------------------------------------------------------------------------------------

command! {
    /// `mfglibStart` (0x0083).
    0x0083 "mfglibStart" MfglibStart {
        /// Deliver `mfglibRxHandler` callbacks.
        pub rx_callback: bool,
    } => /// Response to [`MfglibStart`].
    MfglibStartResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `mfglibEnd` (0x0084).
    0x0084 "mfglibEnd" MfglibEnd {} => /// Response to [`MfglibEnd`].
    MfglibEndResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `mfglibSetChannel` (0x008A).
    0x008A "mfglibSetChannel" MfglibSetChannel {
        /// Channel.
        pub channel: u8,
    } => /// Response to [`MfglibSetChannel`].
    MfglibSetChannelResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

command! {
    /// `mfglibSendPacket` (0x0089).
    0x0089 "mfglibSendPacket" MfglibSendPacket {
        /// PSDU (length includes the CRC).
        pub packet_contents: Vec<u8>,
    } => /// Response to [`MfglibSendPacket`].
    MfglibSendPacketResponse {
        /// Status.
        pub status: EmberOrSl,
    }
}

// ---------------------------------------------------------------------------------------------
// Callbacks
// ---------------------------------------------------------------------------------------------

callback! {
    /// `stackStatusHandler` (0x0019): the network went up, down or changed.
    0x0019 "stackStatusHandler" StackStatusHandler {
        /// Status (`NETWORK_UP`, `NETWORK_DOWN`, ...).
        pub status: EmberOrSl,
    }
}

callback! {
    /// `networkFoundHandler` (0x001B): a beacon during an active scan.
    0x001B "networkFoundHandler" NetworkFoundHandler {
        /// Network.
        pub network_found: ZigbeeNetwork,
        /// LQI.
        pub last_hop_lqi: u8,
        /// RSSI.
        pub last_hop_rssi: i8,
    }
}

callback! {
    /// `scanCompleteHandler` (0x001C).
    0x001C "scanCompleteHandler" ScanCompleteHandler {
        /// Channel that failed, or the last scanned.
        pub channel: u8,
        /// Status.
        pub status: EmberOrSl,
    }
}

callback! {
    /// `energyScanResultHandler` (0x0048).
    0x0048 "energyScanResultHandler" EnergyScanResultHandler {
        /// Channel.
        pub channel: u8,
        /// Maximum RSSI.
        pub max_rssi_value: i8,
    }
}

callback! {
    /// `childJoinHandler` (0x0023).
    0x0023 "childJoinHandler" ChildJoinHandler {
        /// Child index.
        pub index: u8,
        /// Joined (true) or left.
        pub joining: bool,
        /// Child node id.
        pub child_id: u16,
        /// Child IEEE address.
        pub child_eui64: Eui64,
        /// Child type.
        pub child_type: NodeType,
    }
}

callback! {
    /// `trustCenterJoinHandler` (0x0024).
    0x0024 "trustCenterJoinHandler" TrustCenterJoinHandler {
        /// Node id.
        pub new_node_id: u16,
        /// IEEE address.
        pub new_node_eui64: Eui64,
        /// What happened.
        pub status: DeviceUpdate,
        /// Decision taken.
        pub policy_decision: JoinDecision,
        /// Parent node id.
        pub parent_of_new_node_id: u16,
    }
}

callback! {
    /// `incomingRouteRecordHandler` (0x0059).
    0x0059 "incomingRouteRecordHandler" IncomingRouteRecordHandler {
        /// Source node id.
        pub source: u16,
        /// Source IEEE address.
        pub source_eui: Eui64,
        /// LQI.
        pub last_hop_lqi: u8,
        /// RSSI.
        pub last_hop_rssi: i8,
        /// Relays.
        pub relay_list: U16List,
    }
}

callback! {
    /// `incomingRouteErrorHandler` (0x0080).
    0x0080 "incomingRouteErrorHandler" IncomingRouteErrorHandler {
        /// Status.
        pub status: EmberOrSl,
        /// Target node id.
        pub target: u16,
    }
}

callback! {
    /// `idConflictHandler` (0x007C).
    0x007C "idConflictHandler" IdConflictHandler {
        /// Conflicting node id.
        pub node_id: u16,
    }
}

callback! {
    /// `mfglibRxHandler` (0x008E).
    0x008E "mfglibRxHandler" MfglibRxHandler {
        /// LQI.
        pub link_quality: u8,
        /// RSSI.
        pub rssi: i8,
        /// Packet.
        pub packet_contents: Vec<u8>,
    }
}

/// `incomingMessageHandler` (0x0045): a received APS message. v8-v13 and v14+ order the
/// fields differently; `eui64` and `timestamp` exist from v14 only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncomingMessageHandler {
    /// Incoming message type.
    pub message_type: IncomingMessageType,
    /// APS frame.
    pub aps_frame: ApsFrame,
    /// LQI.
    pub lqi: u8,
    /// RSSI.
    pub rssi: i8,
    /// Sender node id.
    pub sender: u16,
    /// Sender IEEE address (v14+).
    pub eui64: Eui64,
    /// Binding index.
    pub binding_index: u8,
    /// Address table index.
    pub address_index: u8,
    /// Receive timestamp (v14+).
    pub timestamp: u32,
    /// Payload.
    pub message: Vec<u8>,
}
callback!(0x0045 "incomingMessageHandler" manual IncomingMessageHandler);

impl Wire for IncomingMessageHandler {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        self.message_type.encode(out, v);
        self.aps_frame.encode(out, v);
        if v.at_least(14) {
            self.sender.encode(out, v);
            self.eui64.encode(out, v);
            self.binding_index.encode(out, v);
            self.address_index.encode(out, v);
            self.lqi.encode(out, v);
            self.rssi.encode(out, v);
            self.timestamp.encode(out, v);
        } else {
            self.lqi.encode(out, v);
            self.rssi.encode(out, v);
            self.sender.encode(out, v);
            self.binding_index.encode(out, v);
            self.address_index.encode(out, v);
        }
        self.message.encode(out, v);
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let mut m = Self {
            message_type: IncomingMessageType::decode(r.field("message_type"), v)?,
            aps_frame: ApsFrame::decode(r, v)?,
            ..Self::default()
        };
        if v.at_least(14) {
            m.sender = u16::decode(r.field("sender"), v)?;
            m.eui64 = Eui64::decode(r.field("eui64"), v)?;
            m.binding_index = u8::decode(r.field("binding_index"), v)?;
            m.address_index = u8::decode(r.field("address_index"), v)?;
            m.lqi = u8::decode(r.field("lqi"), v)?;
            m.rssi = i8::decode(r.field("rssi"), v)?;
            m.timestamp = u32::decode(r.field("timestamp"), v)?;
        } else {
            m.lqi = u8::decode(r.field("lqi"), v)?;
            m.rssi = i8::decode(r.field("rssi"), v)?;
            m.sender = u16::decode(r.field("sender"), v)?;
            m.binding_index = u8::decode(r.field("binding_index"), v)?;
            m.address_index = u8::decode(r.field("address_index"), v)?;
        }
        m.message = Vec::<u8>::decode(r.field("message"), v)?;
        Ok(m)
    }
}

/// `messageSentHandler` (0x003F): the outcome of a send. v14+ move the status first and widen
/// the tag and status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageSentHandler {
    /// Status.
    pub status: EmberOrSl,
    /// Outgoing message type.
    pub message_type: OutgoingMessageType,
    /// Destination or index.
    pub index_or_destination: u16,
    /// APS frame.
    pub aps_frame: ApsFrame,
    /// Tag from the send command.
    pub message_tag: U8OrU16<14>,
    /// Payload (when the policy asks for it).
    pub message: Vec<u8>,
}
callback!(0x003F "messageSentHandler" manual MessageSentHandler);

impl Wire for MessageSentHandler {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        let sl = v.uses_sl_status();
        if sl {
            self.status.encode(out, v);
        }
        self.message_type.encode(out, v);
        self.index_or_destination.encode(out, v);
        self.aps_frame.encode(out, v);
        self.message_tag.encode(out, v);
        if !sl {
            self.status.encode(out, v);
        }
        self.message.encode(out, v);
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let sl = v.uses_sl_status();
        let mut m = Self::default();
        if sl {
            m.status = EmberOrSl::decode(r.field("status"), v)?;
        }
        m.message_type = OutgoingMessageType::decode(r.field("message_type"), v)?;
        m.index_or_destination = u16::decode(r.field("index_or_destination"), v)?;
        m.aps_frame = ApsFrame::decode(r, v)?;
        m.message_tag = U8OrU16::decode(r.field("message_tag"), v)?;
        if !sl {
            m.status = EmberOrSl::decode(r.field("status"), v)?;
        }
        m.message = Vec::<u8>::decode(r.field("message"), v)?;
        Ok(m)
    }
}

/// Declares an enum over message types, decoded from a frame id and parameters.
macro_rules! any_enum {
    ($(#[$m:meta])* pub enum $name:ident { $( $var:ident = $ty:ty ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("[`", stringify!($ty), "`]")]
                $var($ty),
            )*
            /// A frame id this library does not know (or not in this version).
            Unknown {
                /// Frame id.
                id: u16,
                /// Raw parameters.
                params: Vec<u8>,
            },
        }

        impl $name {
            /// Decodes the parameters of frame `id` for version `v`; unknown ids give `Unknown`.
            ///
            /// # Errors
            /// [`DecodeError`] when a known frame's parameters are malformed.
            pub fn decode(id: u16, params: &[u8], v: ProtocolVersion) -> Result<Self, DecodeError> {
                $(
                    if id == <$ty as Message>::ID && <$ty as Message>::available(v) {
                        return <$ty as Parameters>::decode(params, v).map(Self::$var);
                    }
                )*
                Ok(Self::Unknown { id, params: params.to_vec() })
            }

            /// Decodes a whole frame's id and parameters.
            ///
            /// # Errors
            /// As [`Self::decode`].
            pub fn from_frame(frame: &Frame, v: ProtocolVersion) -> Result<Self, DecodeError> {
                Self::decode(frame.header.frame_id, &frame.parameters, v)
            }

            /// Frame id.
            #[must_use]
            pub fn id(&self) -> u16 {
                match self {
                    $( Self::$var(_) => <$ty as Message>::ID, )*
                    Self::Unknown { id, .. } => *id,
                }
            }

            /// UG100 name (`None` for unknown frames).
            #[must_use]
            pub fn name(&self) -> Option<&'static str> {
                match self {
                    $( Self::$var(_) => Some(<$ty as Message>::NAME), )*
                    Self::Unknown { .. } => None,
                }
            }

            /// Encoded parameters for version `v` (unknown frames give their raw bytes).
            #[must_use]
            pub fn to_parameters(&self, v: ProtocolVersion) -> Vec<u8> {
                let mut out = Vec::new();
                match self {
                    $( Self::$var(x) => Parameters::encode(x, &mut out, v), )*
                    Self::Unknown { params, .. } => out.extend_from_slice(params),
                }
                out
            }

            /// The default value of each known type, encoded (test helper, same order as
            /// [`Self::KNOWN`]).
            #[cfg(test)]
            pub(crate) const DEFAULTS: &'static [fn(ProtocolVersion) -> Vec<u8>] = &[
                $( |v| to_parameters(&<$ty as Default>::default(), v), )*
            ];

            /// Every known `(frame id, name, since, until)`.
            pub const KNOWN: &'static [(u16, &'static str, u8, u8)] = &[
                $( (<$ty as Message>::ID, <$ty as Message>::NAME, <$ty as Message>::SINCE, <$ty as Message>::UNTIL), )*
            ];
        }
    };
}

any_enum! {
    /// Any command a host can send: what a simulated NCP decodes.
    pub enum AnyCommand {
        Version = Version,
        GetConfigurationValue = GetConfigurationValue,
        SetConfigurationValue = SetConfigurationValue,
        AddEndpoint = AddEndpoint,
        SetPolicy = SetPolicy,
        GetPolicy = GetPolicy,
        GetValue = GetValue,
        GetExtendedValue = GetExtendedValue,
        SetValue = SetValue,
        Nop = Nop,
        Echo = Echo,
        InvalidCommand = InvalidCommand,
        Callback = CallbackRequest,
        NoCallbacks = NoCallbacks,
        SetToken = SetToken,
        GetToken = GetToken,
        GetMfgToken = GetMfgToken,
        SetMfgToken = SetMfgToken,
        GetRandomNumber = GetRandomNumber,
        GetXncpInfo = GetXncpInfo,
        CustomFrame = CustomFrame,
        GetEui64 = GetEui64,
        GetNodeId = GetNodeId,
        GetLibraryStatus = GetLibraryStatus,
        ReadCounters = ReadCounters,
        ReadAndClearCounters = ReadAndClearCounters,
        SetManufacturerCode = SetManufacturerCode,
        SetRadioPower = SetRadioPower,
        GetTokenCount = GetTokenCount,
        GetTokenInfo = GetTokenInfo,
        GetTokenData = GetTokenData,
        SetTokenData = SetTokenData,
        TokenFactoryReset = TokenFactoryReset,
        NetworkInit = NetworkInit,
        NetworkState = NetworkState,
        StartScan = StartScan,
        StopScan = StopScan,
        FormNetwork = FormNetwork,
        LeaveNetwork = LeaveNetwork,
        PermitJoining = PermitJoining,
        GetNetworkParameters = GetNetworkParameters,
        GetParentChildParameters = GetParentChildParameters,
        GetChildData = GetChildData,
        SetChildData = SetChildData,
        GetNeighbor = GetNeighbor,
        GetRouteTableEntry = GetRouteTableEntry,
        GetMulticastTableEntry = GetMulticastTableEntry,
        SetMulticastTableEntry = SetMulticastTableEntry,
        GpSinkTableClearAll = GpSinkTableClearAll,
        SetRadioChannel = SetRadioChannel,
        SetConcentrator = SetConcentrator,
        SetSourceRouteDiscoveryMode = SetSourceRouteDiscoveryMode,
        SetSourceRoute = SetSourceRoute,
        SetExtendedTimeout = SetExtendedTimeout,
        GetExtendedTimeout = GetExtendedTimeout,
        LookupNodeIdByEui64 = LookupNodeIdByEui64,
        LookupEui64ByNodeId = LookupEui64ByNodeId,
        GetAddressTableRemoteEui64 = GetAddressTableRemoteEui64,
        GetAddressTableRemoteNodeId = GetAddressTableRemoteNodeId,
        GetAddressTableInfo = GetAddressTableInfo,
        SetAddressTableInfo = SetAddressTableInfo,
        ReplaceAddressTableEntry = ReplaceAddressTableEntry,
        SendUnicast = SendUnicast,
        SendBroadcast = SendBroadcast,
        SendMulticast = SendMulticast,
        SetInitialSecurityState = SetInitialSecurityState,
        GetCurrentSecurityState = GetCurrentSecurityState,
        GetKey = GetKey,
        GetKeyTableEntry = GetKeyTableEntry,
        FindKeyTableEntry = FindKeyTableEntry,
        EraseKeyTableEntry = EraseKeyTableEntry,
        ClearKeyTable = ClearKeyTable,
        AddTransientLinkKey = AddTransientLinkKey,
        AddOrUpdateKeyTableEntry = AddOrUpdateKeyTableEntry,
        RemoveDevice = RemoveDevice,
        GetNetworkKeyInfo = GetNetworkKeyInfo,
        ExportKey = ExportKey,
        ImportKey = ImportKey,
        ExportLinkKeyByIndex = ExportLinkKeyByIndex,
        ExportLinkKeyByEui = ExportLinkKeyByEui,
        ImportLinkKey = ImportLinkKey,
        ImportTransientKey = ImportTransientKey,
        MfglibStart = MfglibStart,
        MfglibEnd = MfglibEnd,
        MfglibSetChannel = MfglibSetChannel,
        MfglibSendPacket = MfglibSendPacket,
    }
}

any_enum! {
    /// Any response to a command: what a host decodes when it does not know the command type.
    pub enum AnyResponse {
        Version = VersionResponse,
        GetConfigurationValue = GetConfigurationValueResponse,
        SetConfigurationValue = SetConfigurationValueResponse,
        AddEndpoint = AddEndpointResponse,
        SetPolicy = SetPolicyResponse,
        GetPolicy = GetPolicyResponse,
        GetValue = GetValueResponse,
        GetExtendedValue = GetExtendedValueResponse,
        SetValue = SetValueResponse,
        Nop = NopResponse,
        Echo = EchoResponse,
        InvalidCommand = InvalidCommandResponse,
        Callback = CallbackRequestResponse,
        NoCallbacks = NoCallbacksResponse,
        SetToken = SetTokenResponse,
        GetToken = GetTokenResponse,
        GetMfgToken = GetMfgTokenResponse,
        SetMfgToken = SetMfgTokenResponse,
        GetRandomNumber = GetRandomNumberResponse,
        GetXncpInfo = GetXncpInfoResponse,
        CustomFrame = CustomFrameResponse,
        GetEui64 = GetEui64Response,
        GetNodeId = GetNodeIdResponse,
        GetLibraryStatus = GetLibraryStatusResponse,
        ReadCounters = ReadCountersResponse,
        ReadAndClearCounters = ReadAndClearCountersResponse,
        SetManufacturerCode = SetManufacturerCodeResponse,
        SetRadioPower = SetRadioPowerResponse,
        GetTokenCount = GetTokenCountResponse,
        GetTokenInfo = GetTokenInfoResponse,
        GetTokenData = GetTokenDataResponse,
        SetTokenData = SetTokenDataResponse,
        TokenFactoryReset = TokenFactoryResetResponse,
        NetworkInit = NetworkInitResponse,
        NetworkState = NetworkStateResponse,
        StartScan = StartScanResponse,
        StopScan = StopScanResponse,
        FormNetwork = FormNetworkResponse,
        LeaveNetwork = LeaveNetworkResponse,
        PermitJoining = PermitJoiningResponse,
        GetNetworkParameters = GetNetworkParametersResponse,
        GetParentChildParameters = GetParentChildParametersResponse,
        GetChildData = GetChildDataResponse,
        SetChildData = SetChildDataResponse,
        GetNeighbor = GetNeighborResponse,
        GetRouteTableEntry = GetRouteTableEntryResponse,
        GetMulticastTableEntry = GetMulticastTableEntryResponse,
        SetMulticastTableEntry = SetMulticastTableEntryResponse,
        GpSinkTableClearAll = GpSinkTableClearAllResponse,
        SetRadioChannel = SetRadioChannelResponse,
        SetConcentrator = SetConcentratorResponse,
        SetSourceRouteDiscoveryMode = SetSourceRouteDiscoveryModeResponse,
        SetSourceRoute = SetSourceRouteResponse,
        SetExtendedTimeout = SetExtendedTimeoutResponse,
        GetExtendedTimeout = GetExtendedTimeoutResponse,
        LookupNodeIdByEui64 = LookupNodeIdByEui64Response,
        LookupEui64ByNodeId = LookupEui64ByNodeIdResponse,
        GetAddressTableRemoteEui64 = GetAddressTableRemoteEui64Response,
        GetAddressTableRemoteNodeId = GetAddressTableRemoteNodeIdResponse,
        GetAddressTableInfo = GetAddressTableInfoResponse,
        SetAddressTableInfo = SetAddressTableInfoResponse,
        ReplaceAddressTableEntry = ReplaceAddressTableEntryResponse,
        SendUnicast = SendUnicastResponse,
        SendBroadcast = SendBroadcastResponse,
        SendMulticast = SendMulticastResponse,
        SetInitialSecurityState = SetInitialSecurityStateResponse,
        GetCurrentSecurityState = GetCurrentSecurityStateResponse,
        GetKey = GetKeyResponse,
        GetKeyTableEntry = GetKeyTableEntryResponse,
        FindKeyTableEntry = FindKeyTableEntryResponse,
        EraseKeyTableEntry = EraseKeyTableEntryResponse,
        ClearKeyTable = ClearKeyTableResponse,
        AddTransientLinkKey = AddTransientLinkKeyResponse,
        AddOrUpdateKeyTableEntry = AddOrUpdateKeyTableEntryResponse,
        RemoveDevice = RemoveDeviceResponse,
        GetNetworkKeyInfo = GetNetworkKeyInfoResponse,
        ExportKey = ExportKeyResponse,
        ImportKey = ImportKeyResponse,
        ExportLinkKeyByIndex = ExportLinkKeyByIndexResponse,
        ExportLinkKeyByEui = ExportLinkKeyByEuiResponse,
        ImportLinkKey = ImportLinkKeyResponse,
        ImportTransientKey = ImportTransientKeyResponse,
        MfglibStart = MfglibStartResponse,
        MfglibEnd = MfglibEndResponse,
        MfglibSetChannel = MfglibSetChannelResponse,
        MfglibSendPacket = MfglibSendPacketResponse,
    }
}

any_enum! {
    /// Any callback the NCP sends: what a host decodes from frames it did not ask for.
    pub enum Callback {
        StackStatusHandler = StackStatusHandler,
        NetworkFoundHandler = NetworkFoundHandler,
        ScanCompleteHandler = ScanCompleteHandler,
        EnergyScanResultHandler = EnergyScanResultHandler,
        ChildJoinHandler = ChildJoinHandler,
        TrustCenterJoinHandler = TrustCenterJoinHandler,
        IncomingRouteRecordHandler = IncomingRouteRecordHandler,
        IncomingRouteErrorHandler = IncomingRouteErrorHandler,
        IdConflictHandler = IdConflictHandler,
        MfglibRxHandler = MfglibRxHandler,
        IncomingMessageHandler = IncomingMessageHandler,
        MessageSentHandler = MessageSentHandler,
    }
}

/// The UG100 name of a frame id (commands and callbacks; for ids reused across versions, the
/// first known; see [`name_in`]).
#[must_use]
pub fn name_of(frame_id: u16) -> Option<&'static str> {
    AnyCommand::KNOWN
        .iter()
        .chain(Callback::KNOWN)
        .find(|(id, ..)| *id == frame_id)
        .map(|(_, name, ..)| *name)
}

/// The UG100 name of a frame id in version `v`.
#[must_use]
pub fn name_in(frame_id: u16, v: ProtocolVersion) -> Option<&'static str> {
    AnyCommand::KNOWN
        .iter()
        .chain(Callback::KNOWN)
        .find(|(id, _, since, until)| *id == frame_id && present(v, *since, *until))
        .map(|(_, name, ..)| *name)
}
