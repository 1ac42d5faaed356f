//! ZCL foundation (global, profile-wide) commands (ZCL revision 8, section 2.5).
//!
//! Each command has
//! * a zero-copy view (`ReadAttributes<'a>`, `ReportAttributes<'a>`, ...) made by `parse(payload)`
//!   over the frame payload (the bytes after the ZCL header). Record lists are walked lazily by
//!   [`Records`] iterators that yield one `Result` per record; after the first error the
//!   iterator ends.
//! * an encoder: a `...Repr` (or the plain struct for fixed-size commands) with `encoded_len()`,
//!   `emit_to(&mut Writer)` and `emit(&mut [u8]) -> Result<usize, EncodeError>`. Record-list
//!   encoders take anything that iterates over records or references to records (slices,
//!   arrays, `Vec`s, cloneable iterators); the list is walked twice (length, then bytes).
//!
//! **Offsets** in the [`DecodeError`]s of this module count from the first byte of the payload
//! handed to `parse` (not from the start of the ZCL frame; add [`crate::Frame::payload_offset`]
//! for that).
//!
//! [`GlobalCommand::parse`] picks the view for a command id.
//!
//! Parsing a report and walking its records:
//!
//! ```
//! use zcl_core::foundation::GlobalCommand;
//! use zcl_core::value::Value;
//! use zcl_core::Frame;
//!
//! // Report Attributes (0x0a): attribute 0x0000, int16, 2150.
//! let bytes = [0x18, 0x07, 0x0a, 0x00, 0x00, 0x29, 0x66, 0x08];
//! let frame = Frame::parse(&bytes).unwrap();
//! let command = GlobalCommand::parse(frame.header.command_id, frame.payload).unwrap();
//! let GlobalCommand::ReportAttributes(report) = command else { unreachable!() };
//! for record in report.reports() {
//!     let record = record.unwrap(); // a malformed record is an Err with its payload offset
//!     assert_eq!(record.attribute_id, 0x0000);
//!     assert_eq!(record.value, Value::Int16(2150));
//! }
//! ```
//!
//! Building a Read Attributes frame and a Read Attributes Response payload:
//!
//! ```
//! use zcl_core::foundation::{
//!     GlobalCommandId, ReadAttributeStatusRecord, ReadAttributesRepr, ReadAttributesResponseRepr,
//! };
//! use zcl_core::value::Value;
//! use zcl_core::{Direction, FrameType, Header, Status};
//!
//! let header = Header::new(
//!     FrameType::Global,
//!     Direction::ClientToServer,
//!     0x2a,
//!     GlobalCommandId::ReadAttributes.to_u8(),
//! );
//! let mut frame = [0u8; 16];
//! let h = header.emit(&mut frame).unwrap();
//! let n = ReadAttributesRepr { attribute_ids: [0x0004u16, 0x0005] }
//!     .emit(&mut frame[h..])
//!     .unwrap();
//! assert_eq!(&frame[..h + n], &[0x00, 0x2a, 0x00, 0x04, 0x00, 0x05, 0x00]);
//!
//! let records = [
//!     ReadAttributeStatusRecord::success(0x0004, Value::CharString(Some(b"ACME"))),
//!     ReadAttributeStatusRecord::failure(0x0005, Status::UnsupportedAttribute),
//! ];
//! let response = ReadAttributesResponseRepr { records: &records[..] };
//! let mut payload = [0u8; 32];
//! let n = response.emit(&mut payload).unwrap();
//! assert_eq!(n, response.encoded_len());
//! assert_eq!(
//!     &payload[..n],
//!     &[0x04, 0x00, 0x00, 0x42, 4, b'A', b'C', b'M', b'E', 0x05, 0x00, 0x86]
//! );
//! ```

use core::borrow::Borrow;
use core::fmt;
use core::marker::PhantomData;

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

mod default_response;
mod discover;
mod display;
mod read_attributes;
mod reporting;
mod structured;
mod write_attributes;

pub use default_response::DefaultResponse;
pub use discover::{
    AttributeAccessControl, DiscoverAttributes, DiscoverAttributesExtendedResponse,
    DiscoverAttributesExtendedResponseRepr, DiscoverAttributesResponse,
    DiscoverAttributesResponseRepr, DiscoverCommands, DiscoverCommandsResponse,
    DiscoverCommandsResponseRepr, DiscoveredAttribute, DiscoveredAttributeExtended,
};
pub use read_attributes::{
    ReadAttributeStatusRecord, ReadAttributeStatusRecordOf, ReadAttributes, ReadAttributesRepr,
    ReadAttributesResponse, ReadAttributesResponseRepr,
};
pub use reporting::{
    AttributeReportingConfigurationRecord, AttributeReportingConfigurationRecordOf,
    AttributeStatusRecord, ConfigureReporting, ConfigureReportingRepr, ConfigureReportingResponse,
    ConfigureReportingResponseRepr, ReadReportingConfiguration, ReadReportingConfigurationRecord,
    ReadReportingConfigurationRepr, ReadReportingConfigurationResponse,
    ReadReportingConfigurationResponseRepr, ReportAttributes, ReportAttributesRepr,
    ReportingConfigurationStatusRecord, ReportingConfigurationStatusRecordOf, ReportingDirection,
    ReportingParameters, ReportingParametersOf,
};
pub use structured::{
    ReadAttributesStructured, ReadAttributesStructuredRepr, Selector, StructuredAttributeRecord,
    WriteAttributeStructuredRecord, WriteAttributeStructuredStatusRecord,
    WriteAttributesStructured, WriteAttributesStructuredRepr, WriteAttributesStructuredResponse,
    WriteAttributesStructuredResponseRepr,
};
pub use write_attributes::{
    AttributeRecord, AttributeRecordOf, RawAttributeRecord, WriteAttributeStatusRecord,
    WriteAttributes, WriteAttributesRepr, WriteAttributesResponse, WriteAttributesResponseRepr,
};

/// A foundation command id (ZCL 2.5, table 2-3). Ids the specification does not define are kept
/// as [`GlobalCommandId::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum GlobalCommandId {
    /// Read Attributes (0x00, ZCL 2.5.1).
    ReadAttributes,
    /// Read Attributes Response (0x01, ZCL 2.5.2).
    ReadAttributesResponse,
    /// Write Attributes (0x02, ZCL 2.5.3).
    WriteAttributes,
    /// Write Attributes Undivided (0x03, ZCL 2.5.4).
    WriteAttributesUndivided,
    /// Write Attributes Response (0x04, ZCL 2.5.5).
    WriteAttributesResponse,
    /// Write Attributes No Response (0x05, ZCL 2.5.6).
    WriteAttributesNoResponse,
    /// Configure Reporting (0x06, ZCL 2.5.7).
    ConfigureReporting,
    /// Configure Reporting Response (0x07, ZCL 2.5.8).
    ConfigureReportingResponse,
    /// Read Reporting Configuration (0x08, ZCL 2.5.9).
    ReadReportingConfiguration,
    /// Read Reporting Configuration Response (0x09, ZCL 2.5.10).
    ReadReportingConfigurationResponse,
    /// Report Attributes (0x0a, ZCL 2.5.11).
    ReportAttributes,
    /// Default Response (0x0b, ZCL 2.5.12).
    DefaultResponse,
    /// Discover Attributes (0x0c, ZCL 2.5.13).
    DiscoverAttributes,
    /// Discover Attributes Response (0x0d, ZCL 2.5.14).
    DiscoverAttributesResponse,
    /// Read Attributes Structured (0x0e, ZCL 2.5.15).
    ReadAttributesStructured,
    /// Write Attributes Structured (0x0f, ZCL 2.5.16).
    WriteAttributesStructured,
    /// Write Attributes Structured Response (0x10, ZCL 2.5.17).
    WriteAttributesStructuredResponse,
    /// Discover Commands Received (0x11, ZCL 2.5.18).
    DiscoverCommandsReceived,
    /// Discover Commands Received Response (0x12, ZCL 2.5.19).
    DiscoverCommandsReceivedResponse,
    /// Discover Commands Generated (0x13, ZCL 2.5.20).
    DiscoverCommandsGenerated,
    /// Discover Commands Generated Response (0x14, ZCL 2.5.21).
    DiscoverCommandsGeneratedResponse,
    /// Discover Attributes Extended (0x15, ZCL 2.5.22).
    DiscoverAttributesExtended,
    /// Discover Attributes Extended Response (0x16, ZCL 2.5.23).
    DiscoverAttributesExtendedResponse,
    /// An id the ZCL does not define.
    Unknown(u8),
}

impl GlobalCommandId {
    /// Every defined foundation command, in id order.
    pub const ALL: &'static [GlobalCommandId] = &[
        GlobalCommandId::ReadAttributes,
        GlobalCommandId::ReadAttributesResponse,
        GlobalCommandId::WriteAttributes,
        GlobalCommandId::WriteAttributesUndivided,
        GlobalCommandId::WriteAttributesResponse,
        GlobalCommandId::WriteAttributesNoResponse,
        GlobalCommandId::ConfigureReporting,
        GlobalCommandId::ConfigureReportingResponse,
        GlobalCommandId::ReadReportingConfiguration,
        GlobalCommandId::ReadReportingConfigurationResponse,
        GlobalCommandId::ReportAttributes,
        GlobalCommandId::DefaultResponse,
        GlobalCommandId::DiscoverAttributes,
        GlobalCommandId::DiscoverAttributesResponse,
        GlobalCommandId::ReadAttributesStructured,
        GlobalCommandId::WriteAttributesStructured,
        GlobalCommandId::WriteAttributesStructuredResponse,
        GlobalCommandId::DiscoverCommandsReceived,
        GlobalCommandId::DiscoverCommandsReceivedResponse,
        GlobalCommandId::DiscoverCommandsGenerated,
        GlobalCommandId::DiscoverCommandsGeneratedResponse,
        GlobalCommandId::DiscoverAttributesExtended,
        GlobalCommandId::DiscoverAttributesExtendedResponse,
    ];

    /// The command for a wire id.
    #[inline]
    pub const fn from_u8(id: u8) -> Self {
        use GlobalCommandId as G;
        match id {
            0x00 => G::ReadAttributes,
            0x01 => G::ReadAttributesResponse,
            0x02 => G::WriteAttributes,
            0x03 => G::WriteAttributesUndivided,
            0x04 => G::WriteAttributesResponse,
            0x05 => G::WriteAttributesNoResponse,
            0x06 => G::ConfigureReporting,
            0x07 => G::ConfigureReportingResponse,
            0x08 => G::ReadReportingConfiguration,
            0x09 => G::ReadReportingConfigurationResponse,
            0x0a => G::ReportAttributes,
            0x0b => G::DefaultResponse,
            0x0c => G::DiscoverAttributes,
            0x0d => G::DiscoverAttributesResponse,
            0x0e => G::ReadAttributesStructured,
            0x0f => G::WriteAttributesStructured,
            0x10 => G::WriteAttributesStructuredResponse,
            0x11 => G::DiscoverCommandsReceived,
            0x12 => G::DiscoverCommandsReceivedResponse,
            0x13 => G::DiscoverCommandsGenerated,
            0x14 => G::DiscoverCommandsGeneratedResponse,
            0x15 => G::DiscoverAttributesExtended,
            0x16 => G::DiscoverAttributesExtendedResponse,
            other => G::Unknown(other),
        }
    }

    /// The wire id.
    #[inline]
    pub const fn to_u8(self) -> u8 {
        use GlobalCommandId as G;
        match self {
            G::ReadAttributes => 0x00,
            G::ReadAttributesResponse => 0x01,
            G::WriteAttributes => 0x02,
            G::WriteAttributesUndivided => 0x03,
            G::WriteAttributesResponse => 0x04,
            G::WriteAttributesNoResponse => 0x05,
            G::ConfigureReporting => 0x06,
            G::ConfigureReportingResponse => 0x07,
            G::ReadReportingConfiguration => 0x08,
            G::ReadReportingConfigurationResponse => 0x09,
            G::ReportAttributes => 0x0a,
            G::DefaultResponse => 0x0b,
            G::DiscoverAttributes => 0x0c,
            G::DiscoverAttributesResponse => 0x0d,
            G::ReadAttributesStructured => 0x0e,
            G::WriteAttributesStructured => 0x0f,
            G::WriteAttributesStructuredResponse => 0x10,
            G::DiscoverCommandsReceived => 0x11,
            G::DiscoverCommandsReceivedResponse => 0x12,
            G::DiscoverCommandsGenerated => 0x13,
            G::DiscoverCommandsGeneratedResponse => 0x14,
            G::DiscoverAttributesExtended => 0x15,
            G::DiscoverAttributesExtendedResponse => 0x16,
            G::Unknown(other) => other,
        }
    }

    /// The specification's name in snake case ("read_attributes_response", ...);
    /// "unknown" for ids it does not define.
    pub const fn name(self) -> &'static str {
        use GlobalCommandId as G;
        match self {
            G::ReadAttributes => "read_attributes",
            G::ReadAttributesResponse => "read_attributes_response",
            G::WriteAttributes => "write_attributes",
            G::WriteAttributesUndivided => "write_attributes_undivided",
            G::WriteAttributesResponse => "write_attributes_response",
            G::WriteAttributesNoResponse => "write_attributes_no_response",
            G::ConfigureReporting => "configure_reporting",
            G::ConfigureReportingResponse => "configure_reporting_response",
            G::ReadReportingConfiguration => "read_reporting_configuration",
            G::ReadReportingConfigurationResponse => "read_reporting_configuration_response",
            G::ReportAttributes => "report_attributes",
            G::DefaultResponse => "default_response",
            G::DiscoverAttributes => "discover_attributes",
            G::DiscoverAttributesResponse => "discover_attributes_response",
            G::ReadAttributesStructured => "read_attributes_structured",
            G::WriteAttributesStructured => "write_attributes_structured",
            G::WriteAttributesStructuredResponse => "write_attributes_structured_response",
            G::DiscoverCommandsReceived => "discover_commands_received",
            G::DiscoverCommandsReceivedResponse => "discover_commands_received_response",
            G::DiscoverCommandsGenerated => "discover_commands_generated",
            G::DiscoverCommandsGeneratedResponse => "discover_commands_generated_response",
            G::DiscoverAttributesExtended => "discover_attributes_extended",
            G::DiscoverAttributesExtendedResponse => "discover_attributes_extended_response",
            G::Unknown(_) => "unknown",
        }
    }
}

impl From<u8> for GlobalCommandId {
    #[inline]
    fn from(id: u8) -> Self {
        GlobalCommandId::from_u8(id)
    }
}

impl From<GlobalCommandId> for u8 {
    #[inline]
    fn from(id: GlobalCommandId) -> u8 {
        id.to_u8()
    }
}

impl fmt::Display for GlobalCommandId {
    /// The snake-case name, or `unknown(0xNN)` for an undefined id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            GlobalCommandId::Unknown(id) => write!(f, "unknown(0x{id:02x})"),
            other => f.write_str(other.name()),
        }
    }
}

/// A parsed foundation command: the view of its payload, picked by command id
/// (ZCL 2.5). Commands that share a payload layout share a view type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum GlobalCommand<'a> {
    /// Read Attributes (0x00).
    ReadAttributes(ReadAttributes<'a>),
    /// Read Attributes Response (0x01).
    ReadAttributesResponse(ReadAttributesResponse<'a>),
    /// Write Attributes (0x02).
    WriteAttributes(WriteAttributes<'a>),
    /// Write Attributes Undivided (0x03).
    WriteAttributesUndivided(WriteAttributes<'a>),
    /// Write Attributes Response (0x04).
    WriteAttributesResponse(WriteAttributesResponse<'a>),
    /// Write Attributes No Response (0x05).
    WriteAttributesNoResponse(WriteAttributes<'a>),
    /// Configure Reporting (0x06).
    ConfigureReporting(ConfigureReporting<'a>),
    /// Configure Reporting Response (0x07).
    ConfigureReportingResponse(ConfigureReportingResponse<'a>),
    /// Read Reporting Configuration (0x08).
    ReadReportingConfiguration(ReadReportingConfiguration<'a>),
    /// Read Reporting Configuration Response (0x09).
    ReadReportingConfigurationResponse(ReadReportingConfigurationResponse<'a>),
    /// Report Attributes (0x0a).
    ReportAttributes(ReportAttributes<'a>),
    /// Default Response (0x0b).
    DefaultResponse(DefaultResponse),
    /// Discover Attributes (0x0c).
    DiscoverAttributes(DiscoverAttributes),
    /// Discover Attributes Response (0x0d).
    DiscoverAttributesResponse(DiscoverAttributesResponse<'a>),
    /// Read Attributes Structured (0x0e).
    ReadAttributesStructured(ReadAttributesStructured<'a>),
    /// Write Attributes Structured (0x0f).
    WriteAttributesStructured(WriteAttributesStructured<'a>),
    /// Write Attributes Structured Response (0x10).
    WriteAttributesStructuredResponse(WriteAttributesStructuredResponse<'a>),
    /// Discover Commands Received (0x11).
    DiscoverCommandsReceived(DiscoverCommands),
    /// Discover Commands Received Response (0x12).
    DiscoverCommandsReceivedResponse(DiscoverCommandsResponse<'a>),
    /// Discover Commands Generated (0x13).
    DiscoverCommandsGenerated(DiscoverCommands),
    /// Discover Commands Generated Response (0x14).
    DiscoverCommandsGeneratedResponse(DiscoverCommandsResponse<'a>),
    /// Discover Attributes Extended (0x15).
    DiscoverAttributesExtended(DiscoverAttributes),
    /// Discover Attributes Extended Response (0x16).
    DiscoverAttributesExtendedResponse(DiscoverAttributesExtendedResponse<'a>),
    /// A command id the ZCL does not define, with its raw payload.
    Unknown {
        /// The command id.
        command_id: u8,
        /// The payload as received.
        payload: &'a [u8],
    },
}

impl<'a> GlobalCommand<'a> {
    /// The view for `command_id` over `payload` (the bytes after the ZCL header). Fixed-size
    /// commands and the leading fields of discovery responses are checked here; records are
    /// checked as they are iterated ([`GlobalCommand::validate`] walks them all). An undefined
    /// id gives [`GlobalCommand::Unknown`]. Error offsets count from the start of `payload`.
    #[inline]
    pub fn parse(command_id: u8, payload: &'a [u8]) -> Result<Self, DecodeError> {
        use GlobalCommand as C;
        use GlobalCommandId as G;
        Ok(match GlobalCommandId::from_u8(command_id) {
            G::ReadAttributes => C::ReadAttributes(ReadAttributes::parse(payload)?),
            G::ReadAttributesResponse => {
                C::ReadAttributesResponse(ReadAttributesResponse::parse(payload)?)
            }
            G::WriteAttributes => C::WriteAttributes(WriteAttributes::parse(payload)?),
            G::WriteAttributesUndivided => {
                C::WriteAttributesUndivided(WriteAttributes::parse(payload)?)
            }
            G::WriteAttributesResponse => {
                C::WriteAttributesResponse(WriteAttributesResponse::parse(payload)?)
            }
            G::WriteAttributesNoResponse => {
                C::WriteAttributesNoResponse(WriteAttributes::parse(payload)?)
            }
            G::ConfigureReporting => C::ConfigureReporting(ConfigureReporting::parse(payload)?),
            G::ConfigureReportingResponse => {
                C::ConfigureReportingResponse(ConfigureReportingResponse::parse(payload)?)
            }
            G::ReadReportingConfiguration => {
                C::ReadReportingConfiguration(ReadReportingConfiguration::parse(payload)?)
            }
            G::ReadReportingConfigurationResponse => C::ReadReportingConfigurationResponse(
                ReadReportingConfigurationResponse::parse(payload)?,
            ),
            G::ReportAttributes => C::ReportAttributes(ReportAttributes::parse(payload)?),
            G::DefaultResponse => C::DefaultResponse(DefaultResponse::parse(payload)?),
            G::DiscoverAttributes => C::DiscoverAttributes(DiscoverAttributes::parse(payload)?),
            G::DiscoverAttributesResponse => {
                C::DiscoverAttributesResponse(DiscoverAttributesResponse::parse(payload)?)
            }
            G::ReadAttributesStructured => {
                C::ReadAttributesStructured(ReadAttributesStructured::parse(payload)?)
            }
            G::WriteAttributesStructured => {
                C::WriteAttributesStructured(WriteAttributesStructured::parse(payload)?)
            }
            G::WriteAttributesStructuredResponse => C::WriteAttributesStructuredResponse(
                WriteAttributesStructuredResponse::parse(payload)?,
            ),
            G::DiscoverCommandsReceived => {
                C::DiscoverCommandsReceived(DiscoverCommands::parse(payload)?)
            }
            G::DiscoverCommandsReceivedResponse => {
                C::DiscoverCommandsReceivedResponse(DiscoverCommandsResponse::parse(payload)?)
            }
            G::DiscoverCommandsGenerated => {
                C::DiscoverCommandsGenerated(DiscoverCommands::parse(payload)?)
            }
            G::DiscoverCommandsGeneratedResponse => {
                C::DiscoverCommandsGeneratedResponse(DiscoverCommandsResponse::parse(payload)?)
            }
            G::DiscoverAttributesExtended => {
                C::DiscoverAttributesExtended(DiscoverAttributes::parse(payload)?)
            }
            G::DiscoverAttributesExtendedResponse => C::DiscoverAttributesExtendedResponse(
                DiscoverAttributesExtendedResponse::parse(payload)?,
            ),
            G::Unknown(command_id) => C::Unknown {
                command_id,
                payload,
            },
        })
    }

    /// The command id.
    pub fn command_id(&self) -> GlobalCommandId {
        use GlobalCommand as C;
        use GlobalCommandId as G;
        match self {
            C::ReadAttributes(_) => G::ReadAttributes,
            C::ReadAttributesResponse(_) => G::ReadAttributesResponse,
            C::WriteAttributes(_) => G::WriteAttributes,
            C::WriteAttributesUndivided(_) => G::WriteAttributesUndivided,
            C::WriteAttributesResponse(_) => G::WriteAttributesResponse,
            C::WriteAttributesNoResponse(_) => G::WriteAttributesNoResponse,
            C::ConfigureReporting(_) => G::ConfigureReporting,
            C::ConfigureReportingResponse(_) => G::ConfigureReportingResponse,
            C::ReadReportingConfiguration(_) => G::ReadReportingConfiguration,
            C::ReadReportingConfigurationResponse(_) => G::ReadReportingConfigurationResponse,
            C::ReportAttributes(_) => G::ReportAttributes,
            C::DefaultResponse(_) => G::DefaultResponse,
            C::DiscoverAttributes(_) => G::DiscoverAttributes,
            C::DiscoverAttributesResponse(_) => G::DiscoverAttributesResponse,
            C::ReadAttributesStructured(_) => G::ReadAttributesStructured,
            C::WriteAttributesStructured(_) => G::WriteAttributesStructured,
            C::WriteAttributesStructuredResponse(_) => G::WriteAttributesStructuredResponse,
            C::DiscoverCommandsReceived(_) => G::DiscoverCommandsReceived,
            C::DiscoverCommandsReceivedResponse(_) => G::DiscoverCommandsReceivedResponse,
            C::DiscoverCommandsGenerated(_) => G::DiscoverCommandsGenerated,
            C::DiscoverCommandsGeneratedResponse(_) => G::DiscoverCommandsGeneratedResponse,
            C::DiscoverAttributesExtended(_) => G::DiscoverAttributesExtended,
            C::DiscoverAttributesExtendedResponse(_) => G::DiscoverAttributesExtendedResponse,
            C::Unknown { command_id, .. } => G::Unknown(*command_id),
        }
    }

    /// The command's snake-case name.
    pub fn name(&self) -> &'static str {
        self.command_id().name()
    }

    /// Walks every record (and so every value's framing) and returns the first error, if any.
    /// Values inside collections are not walked: their framing is checked when the collection
    /// is read. An unknown command is not checked.
    pub fn validate(&self) -> Result<(), DecodeError> {
        fn all<T>(it: impl Iterator<Item = Result<T, DecodeError>>) -> Result<(), DecodeError> {
            for r in it {
                r?;
            }
            Ok(())
        }
        use GlobalCommand as C;
        match self {
            C::ReadAttributes(v) => all(v.attribute_ids()),
            C::ReadAttributesResponse(v) => all(v.records()),
            C::WriteAttributes(v)
            | C::WriteAttributesUndivided(v)
            | C::WriteAttributesNoResponse(v) => all(v.records()),
            C::WriteAttributesResponse(v) => all(v.records()),
            C::ConfigureReporting(v) => all(v.records()),
            C::ConfigureReportingResponse(v) => all(v.records()),
            C::ReadReportingConfiguration(v) => all(v.records()),
            C::ReadReportingConfigurationResponse(v) => all(v.records()),
            C::ReportAttributes(v) => all(v.reports()),
            C::DiscoverAttributesResponse(v) => all(v.attributes()),
            C::ReadAttributesStructured(v) => all(v.records()),
            C::WriteAttributesStructured(v) => all(v.records()),
            C::WriteAttributesStructuredResponse(v) => all(v.records()),
            C::DiscoverCommandsReceivedResponse(v) | C::DiscoverCommandsGeneratedResponse(v) => {
                all(v.command_ids())
            }
            C::DiscoverAttributesExtendedResponse(v) => all(v.attributes()),
            C::DefaultResponse(_)
            | C::DiscoverAttributes(_)
            | C::DiscoverCommandsReceived(_)
            | C::DiscoverCommandsGenerated(_)
            | C::DiscoverAttributesExtended(_)
            | C::Unknown { .. } => Ok(()),
        }
    }
}

/// One record of a foundation command's record list: how to read it from and write it to the
/// wire. Implemented by every record type of this module (and by `u8` command ids and `u16`
/// attribute ids for the plain id lists).
pub trait Record<'a>: Sized {
    /// Reads one record; offsets in errors come from the reader.
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError>;
    /// Reads one record like [`Record::parse`], `None` where it fails, with no error details
    /// (see [`Reader::u8_or_none`]): what device firmware uses, where a record that does not
    /// read only makes the command MALFORMED_COMMAND. Accepts exactly what `parse` accepts.
    #[inline]
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        Self::parse(r).ok()
    }
    /// Bytes this record takes on the wire.
    fn encoded_len(&self) -> usize;
    /// Writes the record.
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError>;
}

impl<'a> Record<'a> for u8 {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        r.u8()
    }
    #[inline]
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        r.u8_or_none()
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        1
    }
    #[inline]
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(*self)
    }
}

impl<'a> Record<'a> for u16 {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        r.u16()
    }
    #[inline]
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        r.u16_or_none()
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        2
    }
    #[inline]
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(*self)
    }
}

/// A lazy iterator over the records of a list that runs to the end of the payload.
///
/// Each call reads one record and yields `Ok(record)`, or `Err` with the offset (from the start
/// of the payload) of the field that failed; after an error the iterator ends. No allocation,
/// and each byte is read once.
pub struct Records<'a, R> {
    reader: Reader<'a>,
    failed: bool,
    _record: PhantomData<fn() -> R>,
}

impl<'a, R> Records<'a, R> {
    /// Records in `bytes`, which start `base` bytes into the payload (for error offsets).
    #[inline]
    pub fn new(bytes: &'a [u8], base: usize) -> Self {
        Records {
            reader: Reader::with_base(bytes, base),
            failed: false,
            _record: PhantomData,
        }
    }

    /// An iterator that yields nothing.
    #[inline]
    pub fn empty() -> Self {
        Records::new(&[], 0)
    }

    /// The bytes not read yet.
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        self.reader.rest()
    }
}

impl<R> Clone for Records<'_, R> {
    fn clone(&self) -> Self {
        Records {
            reader: self.reader,
            failed: self.failed,
            _record: PhantomData,
        }
    }
}

impl<R> fmt::Debug for Records<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records")
            .field("offset", &self.reader.offset())
            .field("remaining", &self.reader.remaining())
            .finish()
    }
}

impl<'a, R: Record<'a>> Iterator for Records<'a, R> {
    type Item = Result<R, DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.reader.is_empty() {
            return None;
        }
        let item = R::parse(&mut self.reader);
        if item.is_err() {
            self.failed = true;
        }
        Some(item)
    }
}

impl<'a, R: Record<'a>> core::iter::FusedIterator for Records<'a, R> {}

impl<'a, R: Record<'a>> Records<'a, R> {
    /// Whether every record reads to the end of the list (with [`Record::read`]): a command
    /// whose list does not is MALFORMED_COMMAND and must change nothing.
    pub fn all_read(&self) -> bool {
        let mut r = self.reader;
        while !r.is_empty() {
            if R::read(&mut r).is_none() {
                return false;
            }
        }
        true
    }

    /// The records read with [`Record::read`], with no error details: `Some(record)` for each
    /// record that reads, then, if one does not, a single `None` (the command is malformed)
    /// after which the iterator ends.
    pub fn read_each(self) -> RecordReads<'a, R> {
        RecordReads { records: self }
    }
}

/// The records of a list read without error details: see [`Records::read_each`].
pub struct RecordReads<'a, R> {
    records: Records<'a, R>,
}

impl<'a, R: Record<'a>> Iterator for RecordReads<'a, R> {
    type Item = Option<R>;

    #[inline]
    fn next(&mut self) -> Option<Option<R>> {
        let records = &mut self.records;
        if records.failed || records.reader.is_empty() {
            return None;
        }
        let item = R::read(&mut records.reader);
        records.failed = item.is_none();
        Some(item)
    }
}

/// Bytes a record list takes.
#[inline]
pub(crate) fn list_len<'v, R, I>(records: I) -> usize
where
    R: Record<'v>,
    I: IntoIterator,
    I::Item: Borrow<R>,
{
    records
        .into_iter()
        .map(|r| r.borrow().encoded_len())
        .fold(0usize, usize::saturating_add)
}

/// Writes a record list.
#[inline]
pub(crate) fn emit_list<'v, R, I>(records: I, w: &mut Writer<'_>) -> Result<(), EncodeError>
where
    R: Record<'v>,
    I: IntoIterator,
    I::Item: Borrow<R>,
{
    for r in records {
        r.borrow().emit_to(w)?;
    }
    Ok(())
}

/// Checks the whole length up front (so a short buffer reports the full size needed), then
/// writes with `f`.
#[inline]
pub(crate) fn emit_checked(
    buf: &mut [u8],
    needed: usize,
    f: impl FnOnce(&mut Writer<'_>) -> Result<(), EncodeError>,
) -> Result<usize, EncodeError> {
    if buf.len() < needed {
        return Err(EncodeError::BufferTooSmall {
            needed,
            available: buf.len(),
        });
    }
    let mut w = Writer::new(buf);
    f(&mut w)?;
    Ok(w.len())
}

/// Adds the inherent `emit` of an encoder from its `encoded_len` and `emit_to`.
macro_rules! impl_emit {
    ($(#[$m:meta])*) => {
        $(#[$m])*
        /// Writes the payload into `buf` and returns the number of bytes written
        /// ([`crate::EncodeError::BufferTooSmall`] if `buf` is shorter than `encoded_len()`).
        pub fn emit(&self, buf: &mut [u8]) -> Result<usize, crate::EncodeError> {
            let needed = self.encoded_len();
            crate::foundation::emit_checked(buf, needed, |w| self.emit_to(w))
        }
    };
}
pub(crate) use impl_emit;

/// A record that carries a ZCL status (used by the responses with a short success form).
pub trait StatusRecord {
    /// The record's status.
    fn status(&self) -> crate::Status;
}

/// Defines the view and the encoder of a command whose payload is one record list running to
/// the end of the payload.
macro_rules! list_command {
    (
        $(#[$vm:meta])* view $view:ident;
        $(#[$rm:meta])* repr $repr:ident;
        $(#[$am:meta])* records $acc:ident: $rec:ty;
    ) => {
        $(#[$vm])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $view<'a> {
            payload: &'a [u8],
        }

        impl<'a> $view<'a> {
            /// A view over the payload. It cannot fail: records are checked as they are read.
            #[inline]
            pub fn parse(payload: &'a [u8]) -> Result<Self, crate::DecodeError> {
                Ok(Self { payload })
            }

            /// The whole payload.
            #[inline]
            pub fn payload(&self) -> &'a [u8] {
                self.payload
            }

            $(#[$am])*
            #[inline]
            pub fn $acc(&self) -> crate::foundation::Records<'a, $rec> {
                crate::foundation::Records::new(self.payload, 0)
            }
        }

        $(#[$rm])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $repr<I> {
            /// The records, in wire order (a slice, an array, a `Vec` or a cloneable iterator of
            /// records or of references to records).
            pub $acc: I,
        }

        impl<'a, I> $repr<I>
        where
            I: IntoIterator + Clone,
            I::Item: core::borrow::Borrow<$rec>,
        {
            /// Bytes [`Self::emit`] writes.
            pub fn encoded_len(&self) -> usize {
                crate::foundation::list_len::<$rec, _>(self.$acc.clone())
            }

            /// Writes the payload at the writer's position.
            pub fn emit_to(&self, w: &mut crate::Writer<'_>) -> Result<(), crate::EncodeError> {
                crate::foundation::emit_list::<$rec, _>(self.$acc.clone(), w)
            }

            crate::foundation::impl_emit!();
        }
    };
}
pub(crate) use list_command;

/// Defines the view and encoder of a response made of status records that has a short form:
/// a single SUCCESS status byte when every record succeeded.
macro_rules! status_list_command {
    (
        $(#[$vm:meta])* view $view:ident;
        $(#[$rm:meta])* repr $repr:ident;
        records $rec:ty;
    ) => {
        $(#[$vm])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $view<'a> {
            payload: &'a [u8],
            short: bool,
        }

        impl<'a> $view<'a> {
            /// A view over the payload. It cannot fail: records are checked as they are read.
            /// A payload of the single byte 0x00 is the short form (everything succeeded).
            #[inline]
            pub fn parse(payload: &'a [u8]) -> Result<Self, crate::DecodeError> {
                Ok(Self {
                    payload,
                    short: payload == [0x00],
                })
            }

            /// The whole payload.
            #[inline]
            pub fn payload(&self) -> &'a [u8] {
                self.payload
            }

            /// Whether this is the short form: one SUCCESS byte meaning every attribute
            /// succeeded. [`Self::records`] is then empty.
            #[inline]
            pub fn is_short_form(&self) -> bool {
                self.short
            }

            /// Whether every attribute succeeded: the short form, or a list of records that all
            /// read cleanly and all say SUCCESS (some devices send those).
            pub fn all_succeeded(&self) -> bool {
                self.short
                    || self.records().all(|r| {
                        r.is_ok_and(|r| crate::foundation::StatusRecord::status(&r).is_success())
                    })
            }

            /// The status records (none in the short form).
            #[inline]
            pub fn records(&self) -> crate::foundation::Records<'a, $rec> {
                if self.short {
                    crate::foundation::Records::empty()
                } else {
                    crate::foundation::Records::new(self.payload, 0)
                }
            }
        }

        $(#[$rm])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $repr<I> {
            /// The status records, in wire order (a slice, an array, a `Vec` or a cloneable
            /// iterator of records or of references to records).
            pub records: I,
            /// `false` (the specification's form): successful records are left out, and when
            /// none is left the payload is the short form, one SUCCESS byte. `true`: every record
            /// is written as given, even when all succeeded (to reproduce a device's long form).
            pub long_form: bool,
        }

        impl<I> $repr<I>
        where
            I: IntoIterator + Clone,
            I::Item: core::borrow::Borrow<$rec>,
        {
            /// An encoder in the specification's form: only the failed records are written, and
            /// a single SUCCESS byte when every record succeeded or there are none.
            pub fn new(records: I) -> Self {
                Self {
                    records,
                    long_form: false,
                }
            }

            /// An encoder that writes every record as given.
            pub fn with_long_form(records: I) -> Self {
                Self {
                    records,
                    long_form: true,
                }
            }

            /// The records written in the long list: all of them in the long form, the failed
            /// ones otherwise.
            fn written(&self) -> impl Iterator<Item = I::Item> {
                let long_form = self.long_form;
                self.records.clone().into_iter().filter(move |r| {
                    long_form
                        || !crate::foundation::StatusRecord::status(
                            core::borrow::Borrow::<$rec>::borrow(r),
                        )
                        .is_success()
                })
            }

            /// Whether [`Self::emit`] writes the short form.
            pub fn writes_short_form(&self) -> bool {
                !self.long_form && self.written().next().is_none()
            }

            /// Bytes [`Self::emit`] writes.
            pub fn encoded_len(&self) -> usize {
                if self.writes_short_form() {
                    1
                } else {
                    crate::foundation::list_len::<$rec, _>(self.written())
                }
            }

            /// Writes the payload at the writer's position.
            pub fn emit_to(&self, w: &mut crate::Writer<'_>) -> Result<(), crate::EncodeError> {
                if self.writes_short_form() {
                    w.u8(crate::Status::Success.to_u8())
                } else {
                    crate::foundation::emit_list::<$rec, _>(self.written(), w)
                }
            }

            crate::foundation::impl_emit!();
        }
    };
}
pub(crate) use status_list_command;

/// Defines the view and encoder of a discovery response: a discovery-complete byte followed by
/// a record list.
macro_rules! discovery_response {
    (
        $(#[$vm:meta])* view $view:ident;
        $(#[$rm:meta])* repr $repr:ident;
        $(#[$am:meta])* records $acc:ident: $rec:ty;
    ) => {
        $(#[$vm])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $view<'a> {
            discovery_complete: u8,
            list: &'a [u8],
        }

        impl<'a> $view<'a> {
            /// Reads the discovery-complete byte; the records are checked as they are read.
            #[inline]
            pub fn parse(payload: &'a [u8]) -> Result<Self, crate::DecodeError> {
                let mut r = crate::Reader::new(payload);
                let discovery_complete = r.u8()?;
                Ok(Self {
                    discovery_complete,
                    list: r.rest(),
                })
            }

            /// The discovery-complete field as sent: 0 = more to discover, 1 = complete.
            #[inline]
            pub fn discovery_complete(&self) -> u8 {
                self.discovery_complete
            }

            /// Whether the discovery is complete (field not 0).
            #[inline]
            pub fn is_complete(&self) -> bool {
                self.discovery_complete != 0
            }

            $(#[$am])*
            #[inline]
            pub fn $acc(&self) -> crate::foundation::Records<'a, $rec> {
                crate::foundation::Records::new(self.list, 1)
            }
        }

        $(#[$rm])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $repr<I> {
            /// The discovery-complete field: 0 = more to discover, 1 = complete.
            pub discovery_complete: u8,
            /// The records, in wire order (a slice, an array, a `Vec` or a cloneable iterator of
            /// records or of references to records).
            pub $acc: I,
        }

        impl<I> $repr<I>
        where
            I: IntoIterator + Clone,
            I::Item: core::borrow::Borrow<$rec>,
        {
            /// An encoder with the discovery-complete field set from `complete`.
            pub fn new(complete: bool, $acc: I) -> Self {
                Self {
                    discovery_complete: u8::from(complete),
                    $acc,
                }
            }

            /// Bytes [`Self::emit`] writes.
            pub fn encoded_len(&self) -> usize {
                1 + crate::foundation::list_len::<$rec, _>(self.$acc.clone())
            }

            /// Writes the payload at the writer's position.
            pub fn emit_to(&self, w: &mut crate::Writer<'_>) -> Result<(), crate::EncodeError> {
                w.u8(self.discovery_complete)?;
                crate::foundation::emit_list::<$rec, _>(self.$acc.clone(), w)
            }

            crate::foundation::impl_emit!();
        }
    };
}
pub(crate) use discovery_response;

#[cfg(test)]
pub(crate) mod test_util {
    //! Helpers shared by the command tests.
    use crate::value::Value;
    use crate::EncodeError;
    use proptest::prelude::*;

    /// Bytes that generated strings borrow from (values borrow, so they need 'static data).
    static POOL: [u8; 300] = {
        let mut p = [0u8; 300];
        let mut i = 0;
        while i < 300 {
            p[i] = (i as u8).wrapping_mul(37).wrapping_add(b'a');
            i += 1;
        }
        p
    };

    fn pool_slice(start: usize, len: usize) -> &'static [u8] {
        &POOL[start..start + len]
    }

    fn unsigned(bits: u32) -> impl Strategy<Value = u64> {
        any::<u64>().prop_map(move |v| {
            if bits == 64 {
                v
            } else {
                v & ((1u64 << bits) - 1)
            }
        })
    }

    fn signed(bits: u32) -> impl Strategy<Value = i64> {
        any::<i64>().prop_map(move |v| (v << (64 - bits)) >> (64 - bits))
    }

    /// Values of analog types (those that carry a reportable change).
    pub(crate) fn analog_value() -> impl Strategy<Value = Value<'static>> {
        prop_oneof![
            any::<u8>().prop_map(Value::Uint8),
            any::<u16>().prop_map(Value::Uint16),
            unsigned(24).prop_map(|v| Value::Uint24(v as u32)),
            any::<u32>().prop_map(Value::Uint32),
            unsigned(40).prop_map(Value::Uint40),
            unsigned(48).prop_map(Value::Uint48),
            unsigned(56).prop_map(Value::Uint56),
            any::<u64>().prop_map(Value::Uint64),
            any::<i8>().prop_map(Value::Int8),
            any::<i16>().prop_map(Value::Int16),
            signed(24).prop_map(|v| Value::Int24(v as i32)),
            any::<i32>().prop_map(Value::Int32),
            signed(40).prop_map(Value::Int40),
            signed(48).prop_map(Value::Int48),
            signed(56).prop_map(Value::Int56),
            any::<i64>().prop_map(Value::Int64),
            any::<u16>().prop_map(Value::Semi),
            proptest::num::f32::NORMAL.prop_map(Value::Single),
            proptest::num::f64::NORMAL.prop_map(Value::Double),
            any::<u32>().prop_map(Value::UtcTime),
        ]
    }

    /// Values of discrete types, strings included (collections are covered by vectors).
    pub(crate) fn discrete_value() -> impl Strategy<Value = Value<'static>> {
        prop_oneof![
            Just(Value::NoData),
            Just(Value::Unknown),
            any::<u8>().prop_map(Value::Data8),
            any::<u16>().prop_map(Value::Data16),
            unsigned(24).prop_map(|v| Value::Data24(v as u32)),
            unsigned(48).prop_map(Value::Data48),
            any::<u64>().prop_map(Value::Data64),
            any::<u8>().prop_map(Value::Bool),
            any::<u8>().prop_map(Value::Map8),
            any::<u32>().prop_map(Value::Map32),
            any::<u8>().prop_map(Value::Enum8),
            any::<u16>().prop_map(Value::Enum16),
            any::<u16>().prop_map(Value::ClusterId),
            any::<u16>().prop_map(Value::AttributeId),
            any::<u64>().prop_map(Value::IeeeAddress),
            any::<[u8; 16]>().prop_map(Value::SecurityKey),
            (0usize..40, 0usize..30).prop_map(|(s, l)| Value::OctetString(Some(pool_slice(s, l)))),
            (0usize..40, 0usize..30).prop_map(|(s, l)| Value::CharString(Some(pool_slice(s, l)))),
            Just(Value::CharString(None)),
            (0usize..40, 0usize..260)
                .prop_map(|(s, l)| Value::LongOctetString(Some(pool_slice(s, l)))),
            Just(Value::LongCharString(None)),
        ]
    }

    /// Any generated value.
    pub(crate) fn value() -> impl Strategy<Value = Value<'static>> {
        prop_oneof![analog_value(), discrete_value()]
    }

    /// An attribute record with any generated value.
    pub(crate) fn attribute_record() -> impl Strategy<Value = super::AttributeRecord<'static>> {
        (any::<u16>(), value()).prop_map(|(attribute_id, value)| super::AttributeRecord {
            attribute_id,
            value,
        })
    }

    /// Emits with `f` into a 0xFF-filled and a zeroed buffer of `expected.len() + 8` bytes,
    /// checks both give `expected` and the reported length, and that one byte less fails.
    pub(crate) fn check_emit(
        expected: &[u8],
        encoded_len: usize,
        f: impl Fn(&mut [u8]) -> Result<usize, EncodeError>,
    ) {
        assert_eq!(encoded_len, expected.len(), "encoded_len");
        for fill in [0xffu8, 0x00] {
            let mut buf = [fill; 256];
            let n = f(&mut buf[..expected.len() + 8]).unwrap();
            assert_eq!(&buf[..n], expected, "fill 0x{fill:02x}");
            assert!(buf[n..].iter().all(|b| *b == fill), "wrote past the end");
        }
        if !expected.is_empty() {
            let mut buf = [0u8; 256];
            assert_eq!(
                f(&mut buf[..expected.len() - 1]),
                Err(EncodeError::BufferTooSmall {
                    needed: expected.len(),
                    available: expected.len() - 1
                })
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Records::all_read` and `read_each` (the firmware's path) against the iterator with
    /// errors: the same records, and "all read" exactly when no record fails.
    fn reads_agree<'a, R>(bytes: &'a [u8])
    where
        R: Record<'a> + PartialEq + fmt::Debug,
    {
        let records = Records::<R>::new(bytes, 0);
        let parsed: std::vec::Vec<Result<R, DecodeError>> = records.clone().collect();
        let all_ok = parsed.iter().all(Result::is_ok);
        assert_eq!(records.all_read(), all_ok, "{bytes:02x?}");
        let read: std::vec::Vec<Option<R>> = records.read_each().collect();
        let ok: std::vec::Vec<Option<R>> = parsed.into_iter().map(Result::ok).collect();
        // Compared as printed: a float value may be NaN, which is not equal to itself.
        assert_eq!(format!("{read:?}"), format!("{ok:?}"), "{bytes:02x?}");
    }

    fn all_record_reads_agree(bytes: &[u8]) {
        use crate::value::{RawValue, Value};
        reads_agree::<u8>(bytes);
        reads_agree::<u16>(bytes);
        reads_agree::<AttributeRecordOf<Value<'_>>>(bytes);
        reads_agree::<AttributeRecordOf<RawValue<'_>>>(bytes);
        reads_agree::<ReadReportingConfigurationRecord>(bytes);
        reads_agree::<AttributeReportingConfigurationRecordOf<Value<'_>>>(bytes);
        reads_agree::<AttributeReportingConfigurationRecordOf<RawValue<'_>>>(bytes);
    }

    #[test]
    fn record_reads_agree_with_parse_on_every_prefix() {
        // Write records: OnOff bool 1, a uint16, a string "ab", an unknown type 0xff.
        // Configure Reporting records: reported uint16 with change 5, received timeout 10,
        // reported bool (discrete: no change), direction 2 (undefined).
        let lists: [&[u8]; 2] = [
            &[
                0x00, 0x00, 0x10, 0x01, 0x01, 0x00, 0x21, 0x34, 0x12, 0x05, 0x00, 0x42, 0x02, b'a',
                b'b', 0x06, 0x00, 0xff, 0x00,
            ],
            &[
                0x00, 0x00, 0x00, 0x21, 0x01, 0x00, 0x0a, 0x00, 0x05, 0x00, 0x01, 0x01, 0x00, 0x0a,
                0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x10, 0x00, 0x02, 0x00, 0x00,
            ],
        ];
        for list in lists {
            for end in 0..=list.len() {
                all_record_reads_agree(&list[..end]);
            }
        }
        // And it can tell: the full Configure Reporting list fails at direction 2.
        let cfg =
            Records::<AttributeReportingConfigurationRecordOf<crate::value::RawValue<'_>>>::new(
                lists[1], 0,
            );
        assert!(!cfg.all_read());
        let reads: std::vec::Vec<bool> = cfg.read_each().map(|r| r.is_some()).collect();
        assert_eq!(reads, [true, true, true, false]);
    }

    proptest::proptest! {
        #[test]
        fn record_reads_agree_with_parse(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..32)) {
            all_record_reads_agree(&bytes);
        }
    }

    #[test]
    fn every_command_id_round_trips_and_names_are_snake_case() {
        for id in 0..=255u8 {
            let c = GlobalCommandId::from_u8(id);
            assert_eq!(c.to_u8(), id);
            assert_eq!(matches!(c, GlobalCommandId::Unknown(_)), id > 0x16);
        }
        assert_eq!(GlobalCommandId::ALL.len(), 23);
        for (i, c) in GlobalCommandId::ALL.iter().enumerate() {
            assert_eq!(usize::from(c.to_u8()), i);
            assert!(c
                .name()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
        assert_eq!(
            GlobalCommandId::from_u8(0x01).name(),
            "read_attributes_response"
        );
        assert_eq!(
            GlobalCommandId::from_u8(0x09).name(),
            "read_reporting_configuration_response"
        );
        assert_eq!(
            GlobalCommandId::from_u8(0x16).to_string(),
            "discover_attributes_extended_response"
        );
        assert_eq!(GlobalCommandId::from_u8(0x17).to_string(), "unknown(0x17)");
    }

    #[test]
    fn parse_global_commands_from_a_frame() {
        use crate::value::Value;
        use crate::{Frame, FrameType};
        // A Report Attributes frame from a temperature sensor.
        let frame = [
            0x18, // frame control: global, server to client, disable default response
            0x07, // transaction sequence number
            0x0a, // command id: report attributes
            0x00, 0x00, // attribute id 0x0000
            0x29, // data type: int16
            0x66, 0x08, // value: 2150 (21.50 degrees)
        ];
        let f = Frame::parse(&frame).unwrap();
        assert_eq!(f.header.frame_control.frame_type(), FrameType::Global);
        let cmd = GlobalCommand::parse(f.header.command_id, f.payload).unwrap();
        assert_eq!(cmd.command_id(), GlobalCommandId::ReportAttributes);
        assert_eq!(cmd.name(), "report_attributes");
        let GlobalCommand::ReportAttributes(report) = cmd else {
            panic!("wrong variant {cmd:?}");
        };
        let recs: Vec<_> = report.reports().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [AttributeRecord {
                attribute_id: 0,
                value: Value::Int16(2150)
            }]
        );
        assert_eq!(cmd.validate(), Ok(()));
    }

    #[test]
    fn parse_picks_the_view_for_every_id() {
        // One valid payload per command id.
        let cases: [(u8, &[u8]); 23] = [
            (0x00, &[0x00, 0x00]),
            (0x01, &[0x00, 0x00, 0x86]),
            (0x02, &[0x00, 0x00, 0x20, 0x01]),
            (0x03, &[0x00, 0x00, 0x20, 0x01]),
            (0x04, &[0x00]),
            (0x05, &[0x00, 0x00, 0x20, 0x01]),
            (0x06, &[0x01, 0x00, 0x00, 0x00, 0x00]),
            (0x07, &[0x00]),
            (0x08, &[0x00, 0x00, 0x00]),
            (0x09, &[0x86, 0x00, 0x00, 0x00]),
            (0x0a, &[0x00, 0x00, 0x10, 0x01]),
            (0x0b, &[0x01, 0x00]),
            (0x0c, &[0x00, 0x00, 0x05]),
            (0x0d, &[0x01, 0x00, 0x00, 0x20]),
            (0x0e, &[0x00, 0x00, 0x00]),
            (0x0f, &[0x00, 0x00, 0x00, 0x20, 0x01]),
            (0x10, &[0x00]),
            (0x11, &[0x00, 0x10]),
            (0x12, &[0x01, 0x00, 0x01]),
            (0x13, &[0x00, 0x10]),
            (0x14, &[0x01, 0x00, 0x01]),
            (0x15, &[0x00, 0x00, 0x05]),
            (0x16, &[0x01, 0x00, 0x00, 0x20, 0x01]),
        ];
        for (id, payload) in cases {
            let cmd = GlobalCommand::parse(id, payload).unwrap();
            assert_eq!(cmd.command_id().to_u8(), id);
            assert_eq!(cmd.validate(), Ok(()), "{cmd:?}");
        }
        let cmd = GlobalCommand::parse(0x40, &[1, 2, 3]).unwrap();
        assert_eq!(
            cmd,
            GlobalCommand::Unknown {
                command_id: 0x40,
                payload: &[1, 2, 3]
            }
        );
        assert_eq!(cmd.command_id(), GlobalCommandId::Unknown(0x40));
        assert_eq!(cmd.validate(), Ok(()));
    }

    #[test]
    fn shared_layouts_dispatch_to_their_own_variants() {
        use crate::value::Value;
        let write = [
            0x00, 0x00, // attribute id 0x0000
            0x30, // data type: enum8
            0x01, // value 1
        ];
        for id in [0x02u8, 0x03, 0x05] {
            let cmd = GlobalCommand::parse(id, &write).unwrap();
            let v = match cmd {
                GlobalCommand::WriteAttributes(v) if id == 0x02 => v,
                GlobalCommand::WriteAttributesUndivided(v) if id == 0x03 => v,
                GlobalCommand::WriteAttributesNoResponse(v) if id == 0x05 => v,
                other => panic!("0x{id:02x} gave {other:?}"),
            };
            let recs: Vec<_> = v.records().map(Result::unwrap).collect();
            assert_eq!(
                recs,
                [AttributeRecord {
                    attribute_id: 0,
                    value: Value::Enum8(1)
                }]
            );
        }
        let discover = [
            0x00, 0x00, // start attribute id 0x0000
            0x08, // max 8 attributes
        ];
        assert!(matches!(
            GlobalCommand::parse(0x15, &discover).unwrap(),
            GlobalCommand::DiscoverAttributesExtended(DiscoverAttributes {
                start_attribute_id: 0,
                max_attribute_ids: 8
            })
        ));
        let commands = [
            0x00, // start command id
            0x20, // max 32 command ids
        ];
        assert!(matches!(
            GlobalCommand::parse(0x11, &commands).unwrap(),
            GlobalCommand::DiscoverCommandsReceived(_)
        ));
        assert!(matches!(
            GlobalCommand::parse(0x13, &commands).unwrap(),
            GlobalCommand::DiscoverCommandsGenerated(DiscoverCommands {
                start_command_id: 0,
                max_command_ids: 0x20
            })
        ));
        let response = [
            0x01, // discovery complete
            0x00, 0x01, // command ids 0x00, 0x01
        ];
        for id in [0x12u8, 0x14] {
            let (GlobalCommand::DiscoverCommandsReceivedResponse(v)
            | GlobalCommand::DiscoverCommandsGeneratedResponse(v)) =
                GlobalCommand::parse(id, &response).unwrap()
            else {
                panic!("0x{id:02x} gave the wrong variant");
            };
            assert_eq!(
                GlobalCommand::parse(id, &response)
                    .unwrap()
                    .command_id()
                    .to_u8(),
                id
            );
            assert_eq!(
                v.command_ids().map(Result::unwrap).collect::<Vec<_>>(),
                [0, 1]
            );
        }
    }

    #[test]
    fn rejects_bad_payloads_at_parse_or_validate() {
        // Fixed-size commands fail at parse.
        assert_eq!(
            GlobalCommand::parse(0x0b, &[0x01]),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 1
            })
        );
        assert_eq!(
            GlobalCommand::parse(0x0d, &[]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        // Record lists fail when walked.
        let cmd = GlobalCommand::parse(0x01, &[0x00, 0x00, 0x00, 0x21, 0x01]).unwrap();
        assert_eq!(
            cmd.validate(),
            Err(DecodeError::Truncated {
                offset: 4,
                needed: 1
            })
        );
        let cmd = GlobalCommand::parse(0x16, &[0x01, 0x00, 0x00, 0x20]).unwrap();
        assert_eq!(
            cmd.validate(),
            Err(DecodeError::Truncated {
                offset: 4,
                needed: 1
            })
        );
    }

    /// Re-encodes a parsed command from its records with the matching encoder.
    fn reencode(cmd: &GlobalCommand<'_>, out: &mut [u8]) -> usize {
        fn all<T>(it: impl Iterator<Item = Result<T, DecodeError>>) -> Vec<T> {
            it.map(Result::unwrap).collect()
        }
        use GlobalCommand as C;
        match *cmd {
            C::ReadAttributes(v) => ReadAttributesRepr {
                attribute_ids: all(v.attribute_ids()),
            }
            .emit(out),
            C::ReadAttributesResponse(v) => ReadAttributesResponseRepr {
                records: all(v.records()),
            }
            .emit(out),
            C::WriteAttributes(v)
            | C::WriteAttributesUndivided(v)
            | C::WriteAttributesNoResponse(v) => WriteAttributesRepr {
                records: all(v.records()),
            }
            .emit(out),
            C::WriteAttributesResponse(v) => WriteAttributesResponseRepr {
                records: all(v.records()),
                long_form: !v.is_short_form(),
            }
            .emit(out),
            C::ConfigureReporting(v) => ConfigureReportingRepr {
                records: all(v.records()),
            }
            .emit(out),
            C::ConfigureReportingResponse(v) => ConfigureReportingResponseRepr {
                records: all(v.records()),
                long_form: !v.is_short_form(),
            }
            .emit(out),
            C::ReadReportingConfiguration(v) => ReadReportingConfigurationRepr {
                records: all(v.records()),
            }
            .emit(out),
            C::ReadReportingConfigurationResponse(v) => ReadReportingConfigurationResponseRepr {
                records: all(v.records()),
            }
            .emit(out),
            C::ReportAttributes(v) => ReportAttributesRepr {
                reports: all(v.reports()),
            }
            .emit(out),
            C::DefaultResponse(d) => d.emit(out),
            C::DiscoverAttributes(d) | C::DiscoverAttributesExtended(d) => d.emit(out),
            C::DiscoverAttributesResponse(v) => DiscoverAttributesResponseRepr {
                discovery_complete: v.discovery_complete(),
                attributes: all(v.attributes()),
            }
            .emit(out),
            C::ReadAttributesStructured(v) => ReadAttributesStructuredRepr {
                records: all(v.records()),
            }
            .emit(out),
            C::WriteAttributesStructured(v) => WriteAttributesStructuredRepr {
                records: all(v.records()),
            }
            .emit(out),
            C::WriteAttributesStructuredResponse(v) => WriteAttributesStructuredResponseRepr {
                records: all(v.records()),
                long_form: !v.is_short_form(),
            }
            .emit(out),
            C::DiscoverCommandsReceived(d) | C::DiscoverCommandsGenerated(d) => d.emit(out),
            C::DiscoverCommandsReceivedResponse(v) | C::DiscoverCommandsGeneratedResponse(v) => {
                DiscoverCommandsResponseRepr {
                    discovery_complete: v.discovery_complete(),
                    command_ids: all(v.command_ids()),
                }
                .emit(out)
            }
            C::DiscoverAttributesExtendedResponse(v) => DiscoverAttributesExtendedResponseRepr {
                discovery_complete: v.discovery_complete(),
                attributes: all(v.attributes()),
            }
            .emit(out),
            C::Unknown { payload, .. } => {
                out[..payload.len()].copy_from_slice(payload);
                Ok(payload.len())
            }
        }
        .unwrap()
    }

    /// Bytes biased toward zeros, small numbers and data type ids, so that random payloads
    /// often form valid records.
    fn payload_byte() -> impl proptest::strategy::Strategy<Value = u8> {
        use proptest::prelude::*;
        prop_oneof![
            Just(0u8),
            0u8..0x30,
            proptest::sample::select(vec![
                0x10u8, 0x20, 0x21, 0x29, 0x39, 0x42, 0x48, 0x4c, 0x50, 0xe0, 0xff
            ]),
            any::<u8>(),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn roundtrip_any_valid_payload_byte_for_byte(
            id in 0u8..0x18,
            bytes in proptest::collection::vec(payload_byte(), 0..40)
        ) {
            // Whatever parses and validates is written back unchanged by the encoders.
            if let Ok(cmd) = GlobalCommand::parse(id, &bytes) {
                if cmd.validate().is_ok() {
                    let mut out = [0xffu8; 64];
                    let n = reencode(&cmd, &mut out);
                    proptest::prop_assert_eq!(&out[..n], &bytes[..], "{}", cmd);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_fail_without_panicking(
            id in 0u8..0x18,
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)
        ) {
            if let Ok(cmd) = GlobalCommand::parse(id, &bytes) {
                let _ = cmd.validate();
            }
        }
    }

    #[test]
    fn records_iterator_stops_after_the_first_error() {
        // Three u16 ids, the last one cut after its first byte.
        let bytes = [0x01, 0x00, 0x02, 0x00, 0x03];
        let mut it = Records::<u16>::new(&bytes, 4);
        assert_eq!(it.next(), Some(Ok(1)));
        assert_eq!(it.next(), Some(Ok(2)));
        assert_eq!(
            it.next(),
            Some(Err(DecodeError::Truncated {
                offset: 8,
                needed: 1
            }))
        );
        assert_eq!(it.next(), None);
        assert_eq!(it.next(), None);
    }
}
