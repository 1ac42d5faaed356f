//! Typed MT commands.
//!
//! Every command is a struct implementing [`Command`] (its header and payload codec). An SREQ
//! also implements [`Request`], which names its SRSP type, so a host encodes the request and
//! decodes the matching response, and a simulated coprocessor decodes the request (through
//! [`AnyRequest`]) and encodes the response. AREQs from the coprocessor decode through
//! [`Callback`]; any SRSP decodes through [`AnyResponse`]. Commands this library does not know
//! decode to an `Unknown` variant that keeps header and payload.
//!
//! Layouts follow what Z-Stack Home 1.2, Z-Stack 3.0.x and Z-Stack 3.30+ put on the wire. Where
//! the releases differ the type says so: [`sys::VersionResponse`] has optional trailing fields
//! (3.x only), [`sys::SetTxPowerResponse`] carries a status on 3.30+ and the applied power on
//! older releases, the `SYS_NV_*` extended NV commands and `APP_CNF` exist only on 3.x
//! (extended NV on 3.30+ only).

use super::frame::{CommandType, EncodeError, Frame, Header, Subsystem};
use super::wire::{DecodeError, Reader, Wire};

pub mod af;
pub mod app_cnf;
pub mod rpc;
pub mod sys;
pub mod util;
pub mod zdo;
pub mod zgp;

/// An MT command with a fixed header and a typed payload.
pub trait Command: Wire {
    /// Message type (SREQ, AREQ, SRSP).
    const KIND: CommandType;
    /// Subsystem.
    const SUBSYSTEM: Subsystem;
    /// Command id (CMD1).
    const ID: u8;
    /// Z-Stack name of the command, e.g. `SYS_PING`.
    const NAME: &'static str;

    /// The frame header of this command.
    #[must_use]
    fn header() -> Header {
        Header::new(Self::KIND, Self::SUBSYSTEM, Self::ID)
    }

    /// The encoded payload.
    ///
    /// # Errors
    /// [`EncodeError`] when a field overflows its length prefix or the frame maximum.
    fn to_payload(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }

    /// The command as a frame.
    ///
    /// # Errors
    /// [`EncodeError`] when a field overflows or the payload exceeds 250 bytes.
    fn to_frame(&self) -> Result<Frame, EncodeError> {
        Frame::new(Self::header(), self.to_payload()?)
    }

    /// Decodes a payload; trailing bytes are an error.
    ///
    /// # Errors
    /// [`DecodeError`] naming the field and offset.
    fn from_payload(payload: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(payload);
        let value = Self::decode(&mut r)?;
        r.finish(Self::NAME)?;
        Ok(value)
    }

    /// Decodes a frame after checking that its header is this command's.
    ///
    /// # Errors
    /// [`DecodeError::WrongHeader`] or a payload error.
    fn from_frame(frame: &Frame) -> Result<Self, DecodeError> {
        if frame.header != Self::header() {
            return Err(DecodeError::WrongHeader {
                command: Self::NAME,
                expected: Self::header(),
                actual: frame.header,
            });
        }
        Self::from_payload(frame.payload())
    }
}

/// A synchronous request (SREQ) and the type of its synchronous response (SRSP).
pub trait Request: Command {
    /// The SRSP answering this request (same subsystem and id).
    type Response: Command;
}

/// The SRSP header that answers an SREQ header.
#[must_use]
pub fn response_header(request: Header) -> Header {
    request.with_kind(CommandType::Srsp)
}

/// Declares a command struct, its [`Command`] impl and, for an SREQ, its response and the
/// [`Request`] impl.
macro_rules! mt_command {
    (@impl $ty:ident, $kind:ident, $sub:ident, $id:expr, $name:expr) => {
        impl $crate::mt::commands::Command for $ty {
            const KIND: $crate::mt::frame::CommandType = $crate::mt::frame::CommandType::$kind;
            const SUBSYSTEM: $crate::mt::frame::Subsystem = $crate::mt::frame::Subsystem::$sub;
            const ID: u8 = $id;
            const NAME: &'static str = $name;
        }
    };
    (
        $(#[$m:meta])* $kind:ident $sub:ident $id:literal $name:literal
        pub struct $req:ident { $($body:tt)* }
    ) => {
        $crate::mt::wire::wire_struct! { $(#[$m])* pub struct $req { $($body)* } }
        $crate::mt::commands::mt_command!(@impl $req, $kind, $sub, $id, $name);
    };
    (
        $(#[$m:meta])* $kind:ident $sub:ident $id:literal $name:literal
        pub struct $req:ident { $($body:tt)* }
        => status $(#[$rm:meta])* $rsp:ident
    ) => {
        $crate::mt::commands::mt_command! {
            $(#[$m])* $kind $sub $id $name pub struct $req { $($body)* }
            => $(#[$rm])* pub struct $rsp {
                /// Result of the request.
                pub status: $crate::mt::types::Status,
            }
        }
    };
    (
        $(#[$m:meta])* $kind:ident $sub:ident $id:literal $name:literal
        pub struct $req:ident { $($body:tt)* }
        => $(#[$rm:meta])* pub struct $rsp:ident { $($rbody:tt)* }
    ) => {
        $crate::mt::wire::wire_struct! { $(#[$m])* pub struct $req { $($body)* } }
        $crate::mt::commands::mt_command!(@impl $req, $kind, $sub, $id, $name);
        $crate::mt::wire::wire_struct! { $(#[$rm])* pub struct $rsp { $($rbody)* } }
        $crate::mt::commands::mt_command!(@impl $rsp, Srsp, $sub, $id, concat!($name, "_SRSP"));
        impl $crate::mt::commands::Request for $req {
            type Response = $rsp;
        }
    };
}
pub(crate) use mt_command;

/// Declares an enum over a list of commands, decoded from a header and payload.
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
            /// A command this library does not know: header and raw payload.
            Unknown {
                /// Frame header.
                header: Header,
                /// Raw payload.
                payload: Vec<u8>,
            },
        }

        impl $name {
            /// Decodes a known command by its header; an unknown header gives `Unknown`.
            ///
            /// # Errors
            /// [`DecodeError`] when the header is known but the payload does not fit it.
            pub fn decode(header: Header, payload: &[u8]) -> Result<Self, DecodeError> {
                $(
                    if header == <$ty as Command>::header() {
                        return <$ty as Command>::from_payload(payload).map(Self::$var);
                    }
                )*
                Ok(Self::Unknown { header, payload: payload.to_vec() })
            }

            /// Decodes a frame (see [`Self::decode`]).
            ///
            /// # Errors
            /// As [`Self::decode`].
            pub fn from_frame(frame: &Frame) -> Result<Self, DecodeError> {
                Self::decode(frame.header, frame.payload())
            }

            /// Headers of every command this enum names (not `Unknown`).
            #[must_use]
            pub fn known_headers() -> Vec<Header> {
                vec![$( <$ty as Command>::header(), )*]
            }

            /// The header of this command.
            #[must_use]
            pub fn header(&self) -> Header {
                match self {
                    $( Self::$var(_) => <$ty as Command>::header(), )*
                    Self::Unknown { header, .. } => *header,
                }
            }

            /// Z-Stack name of the command (`"UNKNOWN"` for an unknown one).
            #[must_use]
            pub fn name(&self) -> &'static str {
                match self {
                    $( Self::$var(_) => <$ty as Command>::NAME, )*
                    Self::Unknown { .. } => "UNKNOWN",
                }
            }

            /// Encodes the command as a frame.
            ///
            /// # Errors
            /// [`EncodeError`] when a field or the payload overflows.
            pub fn to_frame(&self) -> Result<Frame, EncodeError> {
                match self {
                    $( Self::$var(c) => c.to_frame(), )*
                    Self::Unknown { header, payload } => Frame::new(*header, payload.clone()),
                }
            }
        }

        $(
            impl From<$ty> for $name {
                fn from(c: $ty) -> Self {
                    Self::$var(c)
                }
            }
        )*
    };
}

any_enum! {
    /// Any request a host sends to the coprocessor (SREQs, and the AREQ `SYS_RESET_REQ`):
    /// what a simulated coprocessor decodes.
    pub enum AnyRequest {
        SysResetReq = sys::ResetReq,
        SysPing = sys::Ping,
        SysVersion = sys::Version,
        SysSetExtAddr = sys::SetExtAddr,
        SysGetExtAddr = sys::GetExtAddr,
        SysOsalNvItemInit = sys::OsalNvItemInit,
        SysOsalNvRead = sys::OsalNvRead,
        SysOsalNvWrite = sys::OsalNvWrite,
        SysOsalNvDelete = sys::OsalNvDelete,
        SysOsalNvLength = sys::OsalNvLength,
        SysSetTxPower = sys::SetTxPower,
        SysOsalNvReadExt = sys::OsalNvReadExt,
        SysOsalNvWriteExt = sys::OsalNvWriteExt,
        SysNvCreate = sys::NvCreate,
        SysNvDelete = sys::NvDelete,
        SysNvLength = sys::NvLength,
        SysNvRead = sys::NvRead,
        SysNvWrite = sys::NvWrite,
        SysNvUpdate = sys::NvUpdate,
        AfRegister = af::Register,
        AfDataRequest = af::DataRequest,
        AfDataRequestExt = af::DataRequestExt,
        AfDataRequestSrcRtg = af::DataRequestSrcRtg,
        ZdoNwkAddrReq = zdo::NwkAddrReq,
        ZdoIeeeAddrReq = zdo::IeeeAddrReq,
        ZdoNodeDescReq = zdo::NodeDescReq,
        ZdoSimpleDescReq = zdo::SimpleDescReq,
        ZdoActiveEpReq = zdo::ActiveEpReq,
        ZdoBindReq = zdo::BindReq,
        ZdoUnbindReq = zdo::UnbindReq,
        ZdoMgmtLqiReq = zdo::MgmtLqiReq,
        ZdoMgmtRtgReq = zdo::MgmtRtgReq,
        ZdoMgmtBindReq = zdo::MgmtBindReq,
        ZdoMgmtLeaveReq = zdo::MgmtLeaveReq,
        ZdoMgmtPermitJoinReq = zdo::MgmtPermitJoinReq,
        ZdoMgmtNwkUpdateReq = zdo::MgmtNwkUpdateReq,
        ZdoMsgCallbackRegister = zdo::MsgCallbackRegister,
        ZdoNwkDiscoveryReq = zdo::NwkDiscoveryReq,
        ZdoStartupFromApp = zdo::StartupFromApp,
        ZdoExtRouteDisc = zdo::ExtRouteDisc,
        ZdoExtRouteChk = zdo::ExtRouteChk,
        ZdoExtNwkInfo = zdo::ExtNwkInfo,
        UtilGetDeviceInfo = util::GetDeviceInfo,
        UtilGetNvInfo = util::GetNvInfo,
        UtilLedControl = util::LedControl,
        UtilLoopback = util::Loopback,
        UtilAssocFindDevice = util::AssocFindDevice,
        AppCnfSetNwkFrameCounter = app_cnf::SetNwkFrameCounter,
        AppCnfBdbStartCommissioning = app_cnf::BdbStartCommissioning,
        AppCnfBdbSetChannel = app_cnf::BdbSetChannel,
        AppCnfBdbAddInstallCode = app_cnf::BdbAddInstallCode,
        AppCnfBdbSetJoinUsesInstallCodeKey = app_cnf::BdbSetJoinUsesInstallCodeKey,
        AppCnfBdbSetTcRequireKeyExchange = app_cnf::BdbSetTcRequireKeyExchange,
    }
}

any_enum! {
    /// Any synchronous response (SRSP) from the coprocessor, including RPC errors.
    pub enum AnyResponse {
        RpcError = rpc::RpcError,
        SysPing = sys::PingResponse,
        SysVersion = sys::VersionResponse,
        SysSetExtAddr = sys::SetExtAddrResponse,
        SysGetExtAddr = sys::GetExtAddrResponse,
        SysOsalNvItemInit = sys::OsalNvItemInitResponse,
        SysOsalNvRead = sys::OsalNvReadResponse,
        SysOsalNvWrite = sys::OsalNvWriteResponse,
        SysOsalNvDelete = sys::OsalNvDeleteResponse,
        SysOsalNvLength = sys::OsalNvLengthResponse,
        SysSetTxPower = sys::SetTxPowerResponse,
        SysOsalNvReadExt = sys::OsalNvReadExtResponse,
        SysOsalNvWriteExt = sys::OsalNvWriteExtResponse,
        SysNvCreate = sys::NvCreateResponse,
        SysNvDelete = sys::NvDeleteResponse,
        SysNvLength = sys::NvLengthResponse,
        SysNvRead = sys::NvReadResponse,
        SysNvWrite = sys::NvWriteResponse,
        SysNvUpdate = sys::NvUpdateResponse,
        AfRegister = af::RegisterResponse,
        AfDataRequest = af::DataRequestResponse,
        AfDataRequestExt = af::DataRequestExtResponse,
        AfDataRequestSrcRtg = af::DataRequestSrcRtgResponse,
        ZdoNwkAddrReq = zdo::NwkAddrReqResponse,
        ZdoIeeeAddrReq = zdo::IeeeAddrReqResponse,
        ZdoNodeDescReq = zdo::NodeDescReqResponse,
        ZdoSimpleDescReq = zdo::SimpleDescReqResponse,
        ZdoActiveEpReq = zdo::ActiveEpReqResponse,
        ZdoBindReq = zdo::BindReqResponse,
        ZdoUnbindReq = zdo::UnbindReqResponse,
        ZdoMgmtLqiReq = zdo::MgmtLqiReqResponse,
        ZdoMgmtRtgReq = zdo::MgmtRtgReqResponse,
        ZdoMgmtBindReq = zdo::MgmtBindReqResponse,
        ZdoMgmtLeaveReq = zdo::MgmtLeaveReqResponse,
        ZdoMgmtPermitJoinReq = zdo::MgmtPermitJoinReqResponse,
        ZdoMgmtNwkUpdateReq = zdo::MgmtNwkUpdateReqResponse,
        ZdoMsgCallbackRegister = zdo::MsgCallbackRegisterResponse,
        ZdoNwkDiscoveryReq = zdo::NwkDiscoveryReqResponse,
        ZdoStartupFromApp = zdo::StartupFromAppResponse,
        ZdoExtRouteDisc = zdo::ExtRouteDiscResponse,
        ZdoExtRouteChk = zdo::ExtRouteChkResponse,
        ZdoExtNwkInfo = zdo::ExtNwkInfoResponse,
        UtilGetDeviceInfo = util::GetDeviceInfoResponse,
        UtilGetNvInfo = util::GetNvInfoResponse,
        UtilLedControl = util::LedControlResponse,
        UtilLoopback = util::LoopbackResponse,
        UtilAssocFindDevice = util::AssocFindDeviceResponse,
        AppCnfSetNwkFrameCounter = app_cnf::SetNwkFrameCounterResponse,
        AppCnfBdbStartCommissioning = app_cnf::BdbStartCommissioningResponse,
        AppCnfBdbSetChannel = app_cnf::BdbSetChannelResponse,
        AppCnfBdbAddInstallCode = app_cnf::BdbAddInstallCodeResponse,
        AppCnfBdbSetJoinUsesInstallCodeKey = app_cnf::BdbSetJoinUsesInstallCodeKeyResponse,
        AppCnfBdbSetTcRequireKeyExchange = app_cnf::BdbSetTcRequireKeyExchangeResponse,
    }
}

any_enum! {
    /// Any asynchronous message (AREQ) from the coprocessor: indications and callbacks.
    pub enum Callback {
        SysResetInd = sys::ResetInd,
        AfDataConfirm = af::DataConfirm,
        AfIncomingMsg = af::IncomingMsg,
        AfIncomingMsgExt = af::IncomingMsgExt,
        ZdoNwkAddrRsp = zdo::NwkAddrRsp,
        ZdoIeeeAddrRsp = zdo::IeeeAddrRsp,
        ZdoNodeDescRsp = zdo::NodeDescRsp,
        ZdoSimpleDescRsp = zdo::SimpleDescRsp,
        ZdoActiveEpRsp = zdo::ActiveEpRsp,
        ZdoBindRsp = zdo::BindRsp,
        ZdoUnbindRsp = zdo::UnbindRsp,
        ZdoMgmtLqiRsp = zdo::MgmtLqiRsp,
        ZdoMgmtRtgRsp = zdo::MgmtRtgRsp,
        ZdoMgmtBindRsp = zdo::MgmtBindRsp,
        ZdoMgmtLeaveRsp = zdo::MgmtLeaveRsp,
        ZdoMgmtPermitJoinRsp = zdo::MgmtPermitJoinRsp,
        ZdoMgmtNwkUpdateNotify = zdo::MgmtNwkUpdateNotify,
        ZdoStateChangeInd = zdo::StateChangeInd,
        ZdoEndDeviceAnnceInd = zdo::EndDeviceAnnceInd,
        ZdoSrcRtgInd = zdo::SrcRtgInd,
        ZdoLeaveInd = zdo::LeaveInd,
        ZdoTcDevInd = zdo::TcDevInd,
        ZdoPermitJoinInd = zdo::PermitJoinInd,
        ZdoBeaconNotifyInd = zdo::BeaconNotifyInd,
        ZdoNwkDiscoveryCnf = zdo::NwkDiscoveryCnf,
        ZdoMsgCbIncoming = zdo::MsgCbIncoming,
        AppCnfBdbCommissioningNotification = app_cnf::BdbCommissioningNotification,
        ZgpDataInd = zgp::DataInd,
    }
}
