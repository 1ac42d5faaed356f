//! Configure Reporting (ZCL 2.5.7) and its response (2.5.8), Read Reporting Configuration
//! (2.5.9) and its response (2.5.10), Report Attributes (2.5.11).

use core::fmt;

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::foundation::{list_command, status_list_command, Record, StatusRecord};
use crate::status::Status;

/// The direction field of reporting records (ZCL 2.5.7.1.1). Other values are kept as
/// [`ReportingDirection::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ReportingDirection {
    /// 0x00: the receiver of the command reports the attribute (min/max interval, change).
    Reported,
    /// 0x01: the receiver of the command receives reports of the attribute (timeout).
    Received,
    /// A value the ZCL does not define.
    Unknown(u8),
}

impl ReportingDirection {
    /// The direction for a wire value.
    #[inline]
    pub const fn from_u8(v: u8) -> Self {
        match v {
            0x00 => ReportingDirection::Reported,
            0x01 => ReportingDirection::Received,
            other => ReportingDirection::Unknown(other),
        }
    }

    /// The wire value.
    #[inline]
    pub const fn to_u8(self) -> u8 {
        match self {
            ReportingDirection::Reported => 0x00,
            ReportingDirection::Received => 0x01,
            ReportingDirection::Unknown(v) => v,
        }
    }

    /// A short name: "reported", "received" or "unknown".
    pub const fn name(self) -> &'static str {
        match self {
            ReportingDirection::Reported => "reported",
            ReportingDirection::Received => "received",
            ReportingDirection::Unknown(_) => "unknown",
        }
    }
}

impl fmt::Display for ReportingDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ReportingDirection::Unknown(v) => write!(f, "unknown(0x{v:02x})"),
            other => f.write_str(other.name()),
        }
    }
}

/// An attribute status record of Configure Reporting Response (ZCL 2.5.8.1). Wire: status (u8),
/// direction (u8), attribute id (u16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AttributeStatusRecord {
    /// Why configuring failed (SUCCESS only in a device's long form).
    pub status: Status,
    /// The direction of the configuration it answers.
    pub direction: ReportingDirection,
    /// The attribute.
    pub attribute_id: u16,
}

impl<'a> Record<'a> for AttributeStatusRecord {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let status = Status::from_u8(r.u8()?);
        let direction = ReportingDirection::from_u8(r.u8()?);
        let attribute_id = r.u16()?;
        Ok(AttributeStatusRecord {
            status,
            direction,
            attribute_id,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        4
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.status.to_u8())?;
        w.u8(self.direction.to_u8())?;
        w.u16(self.attribute_id)
    }
}

impl StatusRecord for AttributeStatusRecord {
    #[inline]
    fn status(&self) -> Status {
        self.status
    }
}

status_list_command! {
    /// Configure Reporting Response (0x07, ZCL 2.5.8): attribute status records for the
    /// configurations that failed, or the short form (a single SUCCESS byte) when all succeeded.
    view ConfigureReportingResponse;
    /// Encoder of Configure Reporting Response.
    repr ConfigureReportingResponseRepr;
    records AttributeStatusRecord;
}

/// An attribute record of Read Reporting Configuration (ZCL 2.5.9.1). Wire: direction (u8),
/// attribute id (u16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReadReportingConfigurationRecord {
    /// Which configuration to read: how the attribute is reported, or how reports of it are
    /// expected.
    pub direction: ReportingDirection,
    /// The attribute.
    pub attribute_id: u16,
}

impl<'a> Record<'a> for ReadReportingConfigurationRecord {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let direction = ReportingDirection::from_u8(r.u8()?);
        let attribute_id = r.u16()?;
        Ok(ReadReportingConfigurationRecord {
            direction,
            attribute_id,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        3
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.direction.to_u8())?;
        w.u16(self.attribute_id)
    }
}

list_command! {
    /// Read Reporting Configuration (0x08, ZCL 2.5.9): a list of (direction, attribute id)
    /// records.
    view ReadReportingConfiguration;
    /// Encoder of Read Reporting Configuration.
    repr ReadReportingConfigurationRepr;
    /// The attribute records, read lazily.
    records records: ReadReportingConfigurationRecord;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::test_util::check_emit;
    use proptest::prelude::*;

    #[test]
    fn parse_and_emit_configure_reporting_response_short_form() {
        let bytes = [
            0x00, // status: success; direction and attribute id omitted
        ];
        let v = ConfigureReportingResponse::parse(&bytes).unwrap();
        assert!(v.is_short_form());
        assert!(v.all_succeeded());
        assert_eq!(v.records().count(), 0);
        let none: [AttributeStatusRecord; 0] = [];
        let repr = ConfigureReportingResponseRepr::new(none);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn parse_and_emit_configure_reporting_response_long_form() {
        // Checked against zigpy: ConfigureReportingResponseRecord(UNREPORTABLE_ATTRIBUTE,
        // ReportingDirection.SendReports, 0x0005) serializes to the first four bytes.
        let bytes = [
            0x8c, // status: unreportable_attribute
            0x00, // direction: reported
            0x05, 0x00, // attribute id 0x0005
            0x86, // status: unsupported_attribute
            0x01, // direction: received
            0x00, 0x40, // attribute id 0x4000
        ];
        let v = ConfigureReportingResponse::parse(&bytes).unwrap();
        assert!(!v.is_short_form());
        assert!(!v.all_succeeded());
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                AttributeStatusRecord {
                    status: Status::UnreportableAttribute,
                    direction: ReportingDirection::Reported,
                    attribute_id: 5
                },
                AttributeStatusRecord {
                    status: Status::UnsupportedAttribute,
                    direction: ReportingDirection::Received,
                    attribute_id: 0x4000
                },
            ]
        );
        let repr = ConfigureReportingResponseRepr::new(&recs[..]);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_truncated_attribute_status_record() {
        let bytes = [0x8c, 0x00, 0x05, 0x00, 0x86, 0x01];
        let got: Vec<_> = ConfigureReportingResponse::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got[1],
            Err(DecodeError::Truncated {
                offset: 6,
                needed: 2
            })
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn parse_and_emit_read_reporting_configuration() {
        let bytes = [
            0x00, // direction: reported
            0x00, 0x00, // attribute id 0x0000 (On/Off: on_off)
            0x01, // direction: received
            0x21, 0x00, // attribute id 0x0021
            0x07, // direction: undefined value, kept
            0x01, 0x00, // attribute id 0x0001
        ];
        let v = ReadReportingConfiguration::parse(&bytes).unwrap();
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                ReadReportingConfigurationRecord {
                    direction: ReportingDirection::Reported,
                    attribute_id: 0
                },
                ReadReportingConfigurationRecord {
                    direction: ReportingDirection::Received,
                    attribute_id: 0x21
                },
                ReadReportingConfigurationRecord {
                    direction: ReportingDirection::Unknown(7),
                    attribute_id: 1
                },
            ]
        );
        let repr = ReadReportingConfigurationRepr { records: &recs[..] };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_truncated_read_reporting_configuration_record() {
        let bytes = [0x00, 0x00, 0x00, 0x01];
        let got: Vec<_> = ReadReportingConfiguration::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got[1],
            Err(DecodeError::Truncated {
                offset: 4,
                needed: 2
            })
        );
    }

    #[test]
    fn reporting_direction_round_trips() {
        for v in 0..=255u8 {
            assert_eq!(ReportingDirection::from_u8(v).to_u8(), v);
        }
        assert_eq!(ReportingDirection::Received.to_string(), "received");
        assert_eq!(ReportingDirection::Unknown(9).to_string(), "unknown(0x09)");
    }

    proptest! {
        #[test]
        fn roundtrip_read_reporting_configuration(
            raw in proptest::collection::vec((any::<u8>(), any::<u16>()), 0..20)
        ) {
            let recs: Vec<_> = raw
                .iter()
                .map(|&(d, a)| ReadReportingConfigurationRecord {
                    direction: ReportingDirection::from_u8(d),
                    attribute_id: a,
                })
                .collect();
            let repr = ReadReportingConfigurationRepr { records: &recs[..] };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let back: Vec<_> = ReadReportingConfiguration::parse(&buf[..n])
                .unwrap()
                .records()
                .collect::<Result<_, _>>()
                .unwrap();
            prop_assert_eq!(back, recs);
        }

        #[test]
        fn roundtrip_configure_reporting_response_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..40)
        ) {
            let v = ConfigureReportingResponse::parse(&bytes).unwrap();
            let recs: Result<Vec<_>, _> = v.records().collect();
            prop_assert_eq!(recs.is_ok(), v.is_short_form() || bytes.len() % 4 == 0);
            if let Ok(recs) = recs {
                let repr = ConfigureReportingResponseRepr {
                    records: &recs[..],
                    long_form: !v.is_short_form(),
                };
                let mut buf = vec![0xffu8; 64];
                let n = repr.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }
    }
}
