//! Tuya's datapoint cluster 0xEF00 ("Tuya MCU" protocol), manufacturer code 0x125D.
//!
//! Source: observed traffic as documented by zigbee-herdsman 11's cluster table
//! (`manuSpecificTuya`: command ids and field lists) and zigpy-quirks' Tuya datapoint types;
//! facts only. Tuya devices send these frames without a manufacturer code in the ZCL header, so
//! the registry finds this definition for cluster 0xEF00 with or without one.
//!
//! A datapoint is `dp id (u8) | type (u8) | length (u16, big-endian) | value`; the value is
//! big-endian too, unlike the rest of the ZCL. Types: 0 raw bytes, 1 bool (1 byte), 2 value
//! (4-byte integer), 3 string, 4 enum (1 byte), 5 bitmap (1, 2 or 4 bytes).

use crate::field::*;
use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

#[cfg(feature = "registry")]
use crate::registry::{FieldVisitor, Value};

/// A datapoint's value, typed by its wire type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum DatapointValue<'a> {
    /// Type 0: raw bytes.
    Raw(&'a [u8]),
    /// Type 1: a boolean (one byte, 0 or 1).
    Bool(bool),
    /// Type 2: a 32-bit integer, big-endian on the wire (signed values are two's complement;
    /// `as i32` gives them).
    Value(u32),
    /// Type 3: a string (bytes as sent).
    String(&'a [u8]),
    /// Type 4: an enumeration value (one byte).
    Enum(u8),
    /// Type 5: a one-byte bitmap.
    Bitmap8(u8),
    /// Type 5: a two-byte bitmap.
    Bitmap16(u16),
    /// Type 5: a four-byte bitmap.
    Bitmap32(u32),
    /// An unknown type, or a known type with a length it never has: kept as sent.
    Other {
        /// Type code.
        data_type: u8,
        /// Value bytes.
        data: &'a [u8],
    },
}

impl<'a> DatapointValue<'a> {
    /// Types the value from its type code and bytes.
    pub fn from_wire(data_type: u8, data: &'a [u8]) -> Self {
        match (data_type, data) {
            (0, d) => DatapointValue::Raw(d),
            (1, [b @ (0 | 1)]) => DatapointValue::Bool(*b == 1),
            (2, [a, b, c, d]) => DatapointValue::Value(u32::from_be_bytes([*a, *b, *c, *d])),
            (3, d) => DatapointValue::String(d),
            (4, [e]) => DatapointValue::Enum(*e),
            (5, [b]) => DatapointValue::Bitmap8(*b),
            (5, [a, b]) => DatapointValue::Bitmap16(u16::from_be_bytes([*a, *b])),
            (5, [a, b, c, d]) => DatapointValue::Bitmap32(u32::from_be_bytes([*a, *b, *c, *d])),
            (t, d) => DatapointValue::Other {
                data_type: t,
                data: d,
            },
        }
    }

    /// The wire type code.
    pub fn data_type(&self) -> u8 {
        match self {
            DatapointValue::Raw(_) => 0,
            DatapointValue::Bool(_) => 1,
            DatapointValue::Value(_) => 2,
            DatapointValue::String(_) => 3,
            DatapointValue::Enum(_) => 4,
            DatapointValue::Bitmap8(_)
            | DatapointValue::Bitmap16(_)
            | DatapointValue::Bitmap32(_) => 5,
            DatapointValue::Other { data_type, .. } => *data_type,
        }
    }

    fn data_len(&self) -> usize {
        match self {
            DatapointValue::Raw(d) | DatapointValue::String(d) => d.len(),
            DatapointValue::Other { data, .. } => data.len(),
            DatapointValue::Bool(_) | DatapointValue::Enum(_) | DatapointValue::Bitmap8(_) => 1,
            DatapointValue::Bitmap16(_) => 2,
            DatapointValue::Value(_) | DatapointValue::Bitmap32(_) => 4,
        }
    }

    fn emit_data(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match *self {
            DatapointValue::Raw(d) | DatapointValue::String(d) => w.bytes(d),
            DatapointValue::Other { data, .. } => w.bytes(data),
            DatapointValue::Bool(b) => w.u8(u8::from(b)),
            DatapointValue::Enum(v) | DatapointValue::Bitmap8(v) => w.u8(v),
            DatapointValue::Bitmap16(v) => w.bytes(&v.to_be_bytes()),
            DatapointValue::Value(v) | DatapointValue::Bitmap32(v) => w.bytes(&v.to_be_bytes()),
        }
    }
}

/// One Tuya datapoint: its id and typed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Datapoint<'a> {
    /// Datapoint id (device-specific meaning).
    pub dp: u8,
    /// The value.
    pub value: DatapointValue<'a>,
}

impl Raw for Datapoint<'_> {
    fn raw_value(&self) -> u64 {
        u64::from(self.dp)
    }
}

impl<'a> Field<'a> for Datapoint<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let dp = r.u8()?;
        let data_type = r.u8()?;
        let len = u16::from_be_bytes(r.array::<2>()?);
        let data = r.take(usize::from(len))?;
        Ok(Datapoint {
            dp,
            value: DatapointValue::from_wire(data_type, data),
        })
    }
    fn encoded_len(&self) -> usize {
        4 + self.value.data_len()
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let len = self.value.data_len();
        let len16 = u16::try_from(len).map_err(|_| EncodeError::TooLong {
            field: "datapoint",
            len,
        })?;
        w.u8(self.dp)?;
        w.u8(self.value.data_type())?;
        w.bytes(&len16.to_be_bytes())?;
        self.value.emit_data(w)
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.begin_struct(name);
        v.value("dp", Value::Uint8(self.dp));
        v.value("type", Value::Enum8(self.value.data_type()));
        let value = match self.value {
            DatapointValue::Raw(d) => Value::OctetString(Some(d)),
            DatapointValue::Bool(b) => Value::Bool(u8::from(b)),
            DatapointValue::Value(x) => Value::Uint32(x),
            DatapointValue::String(s) => Value::CharString(Some(s)),
            DatapointValue::Enum(e) => Value::Enum8(e),
            DatapointValue::Bitmap8(b) => Value::Map8(b),
            DatapointValue::Bitmap16(b) => Value::Map16(b),
            DatapointValue::Bitmap32(b) => Value::Map32(b),
            DatapointValue::Other { data, .. } => Value::OctetString(Some(data)),
        };
        v.value("value", value);
        v.end_struct();
    }
    #[cfg(test)]
    fn sample() -> Self {
        Datapoint {
            dp: 2,
            value: DatapointValue::Value(215),
        }
    }
}

impl fmt::Display for Datapoint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dp {} = {:?}", self.dp, self.value)
    }
}

/// The datapoints of a Tuya data frame: they run to the end of the payload.
pub type Datapoints<'a> = List<'a, ToEnd, Datapoint<'a>>;

zcl_cluster! {
    /// Tuya datapoint cluster (0xEF00).
    cluster 0xef00 mfr 0x125d "Tuya";
    enums {
        /// Datapoint value types.
        DatapointType: enum8 { Raw = 0, Bool = 1, Value = 2, String = 3, Enum = 4, Bitmap = 5 }
    }
    bitmaps {}
    structs {}
    attributes {}
    received {
        /// Sets datapoints on the device.
        0x00 DataRequest<'a> "data_request" mandatory { seq: u16, datapoints: Datapoints<'a> }
        /// Asks the device to report all its datapoints.
        0x03 DataQuery "data_query" optional {}
        /// Sends datapoints to the device (an alternative to data request).
        0x04 SendData<'a> "send_data" optional { seq: u16, datapoints: Datapoints<'a> }
        /// Asks for the MCU firmware version.
        0x10 McuVersionRequest "mcu_version_request" optional { seq: u16 }
        /// Announces an MCU firmware image.
        0x12 McuOtaNotify "mcu_ota_notify" optional {
            seq: u16, key_hi: u32, key_lo: u32, version: u8, image_size: u32, crc: u32
        }
        /// A block of an MCU firmware image.
        0x14 McuOtaBlockDataResponse<'a> "mcu_ota_block_data_response" optional {
            seq: u16, status: u8, key_hi: u32, key_lo: u32, version: u8, offset: u32,
            image_data: Rest<'a>
        }
        /// Gives the device the time (payload: UTC and local time, 4 bytes each, big-endian).
        0x24 McuSyncTime<'a> "mcu_sync_time" optional { payload_size: u16, payload: Rest<'a> }
        /// Tells the device whether the gateway is connected.
        0x25 McuGatewayConnectionStatus "mcu_gateway_connection_status" optional {
            payload_size: u16, payload: u8
        }
        /// Weather data for the device.
        0x61 WeatherSync<'a> "weather_sync" optional { payload: Rest<'a> }
    }
    generated {
        /// Datapoints in answer to a data request.
        0x01 DataResponse<'a> "data_response" mandatory { seq: u16, datapoints: Datapoints<'a> }
        /// Datapoints the device reports on its own.
        0x02 DataReport<'a> "data_report" mandatory { seq: u16, datapoints: Datapoints<'a> }
        /// Status report (alternative id).
        0x05 ActiveStatusReportAlt<'a> "active_status_report_alt" optional {
            seq: u16, datapoints: Datapoints<'a>
        }
        /// Status report.
        0x06 ActiveStatusReport<'a> "active_status_report" optional {
            seq: u16, datapoints: Datapoints<'a>
        }
        /// The MCU firmware version.
        0x11 McuVersionResponse "mcu_version_response" optional { seq: u16, version: u8 }
        /// Asks for a block of an MCU firmware image.
        0x13 McuOtaBlockDataRequest "mcu_ota_block_data_request" optional {
            seq: u16, key_hi: u32, key_lo: u32, version: u8, offset: u32, size: u8
        }
        /// Result of an MCU firmware update.
        0x15 McuOtaResult "mcu_ota_result" optional {
            seq: u16, status: u8, key_hi: u32, key_lo: u32, version: u8
        }
        /// The device asks for the time.
        0x24 McuSyncTimeRequest "mcu_sync_time_request" optional { payload_size: u16 }
        /// The device asks whether the gateway is connected.
        0x25 McuGatewayConnectionStatusRequest "mcu_gateway_connection_status_request" optional {
            payload_size: u16
        }
        /// The device asks for weather data.
        0x60 WeatherRequest<'a> "weather_request" optional { payload: Rest<'a> }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Command;

    #[test]
    fn parse_datapoints_of_each_type() {
        let bytes = [
            0x2a, 0x00, // seq 42
            0x01, 0x01, 0x00, 0x01, 0x01, // dp 1, bool, len 1, true
            0x02, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0xd7, // dp 2, value, len 4, 215 (BE)
            0x03, 0x04, 0x00, 0x01, 0x02, // dp 3, enum, len 1, 2
            0x04, 0x05, 0x00, 0x02, 0x01, 0x02, // dp 4, bitmap, len 2, 0x0102 (BE)
            0x05, 0x03, 0x00, 0x02, b'h', b'i', // dp 5, string "hi"
            0x06, 0x00, 0x00, 0x03, 0xaa, 0xbb, 0xcc, // dp 6, raw, 3 bytes
            0x07, 0x05, 0x00, 0x01, 0x80, // dp 7, bitmap, len 1
            0x08, 0x05, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00, // dp 8, bitmap, len 4
            0x09, 0x09, 0x00, 0x01, 0x33, // dp 9, unknown type 9
        ];
        let cmd = DataReport::parse_payload(&bytes).unwrap();
        assert_eq!(cmd.seq, 42);
        let dps: Vec<_> = cmd.datapoints.iter().map(Result::unwrap).collect();
        assert_eq!(dps.len(), 9);
        assert_eq!(dps[0].value, DatapointValue::Bool(true));
        assert_eq!(dps[1].value, DatapointValue::Value(215));
        assert_eq!(dps[2].value, DatapointValue::Enum(2));
        assert_eq!(dps[3].value, DatapointValue::Bitmap16(0x0102));
        assert_eq!(dps[4].value, DatapointValue::String(b"hi"));
        assert_eq!(dps[5].value, DatapointValue::Raw(&[0xaa, 0xbb, 0xcc]));
        assert_eq!(dps[6].value, DatapointValue::Bitmap8(0x80));
        assert_eq!(dps[7].value, DatapointValue::Bitmap32(0x100));
        assert_eq!(
            dps[8].value,
            DatapointValue::Other {
                data_type: 9,
                data: &[0x33]
            }
        );
        // re-encodes to the same bytes (dirty and clean buffers)
        for fill in [0x00u8, 0xff] {
            let mut buf = [fill; 64];
            let n = cmd.emit_payload(&mut buf).unwrap();
            assert_eq!(&buf[..n], &bytes[..]);
        }
        // and typed datapoints encode the same bytes
        let typed = [
            dps[0], dps[1], dps[2], dps[3], dps[4], dps[5], dps[6], dps[7], dps[8],
        ];
        let again = DataReport {
            seq: 42,
            datapoints: Datapoints::new(&typed),
        };
        let mut buf = [0u8; 64];
        let n = again.emit_payload(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes[..]);
    }

    #[test]
    fn emit_negative_value_datapoint() {
        // Set dp 0x10 (a temperature setpoint) to -5: value type, big-endian two's complement.
        let dp = [Datapoint {
            dp: 0x10,
            value: DatapointValue::Value((-5i32) as u32),
        }];
        let cmd = DataRequest {
            seq: 0x0102,
            datapoints: Datapoints::new(&dp),
        };
        let mut buf = [0xffu8; 16];
        let n = cmd.emit_payload(&mut buf).unwrap();
        assert_eq!(
            &buf[..n],
            &[
                0x02, 0x01, // seq 0x0102, little-endian like other ZCL integers
                0x10, 0x02, 0x00, 0x04, // dp 16, value, len 4
                0xff, 0xff, 0xff, 0xfb, // -5 big-endian
            ]
        );
    }

    #[test]
    fn rejects_truncated_datapoint() {
        // dp 1, bool, length 2 but only one byte follows
        let bytes = [0x00, 0x01, 0x01, 0x01, 0x00, 0x02, 0x01];
        assert!(matches!(
            DataReport::parse_payload(&bytes),
            Err(DecodeError::Truncated { .. })
        ));
    }
}
