//! Xiaomi / Aqara (Lumi, manufacturer code 0x115F): the manufacturer cluster 0xFCC0 and the
//! tag-length-free "TLV" structure Xiaomi devices pack into Basic attributes 0xFF01 (inside a
//! character string) and 0x00F7 (an octet string, also on 0xFCC0).
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' Lumi definitions
//! (`manuSpecificLumi` attribute ids and types) and zigpy-quirks' Xiaomi parsing; facts only.
//!
//! The structure is a sequence of `tag (u8) | ZCL type id (u8) | value`, the value encoded as a
//! ZCL attribute value of that type. Common tags (observed): 0x01 battery voltage in mV,
//! 0x03 device temperature in °C, 0x05 power-on count, 0x64 first "state" value (on/off or a
//! temperature, depending on the device), 0x65 and 0x66 further state values, 0x95 energy,
//! 0x96 voltage, 0x97 current, 0x98 power.

use zcl_core::value::Value;
use zcl_core::{DecodeError, Reader};

/// A view over a Xiaomi TLV byte string; iterate it to get `(tag, value)` pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    bytes: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A view over these bytes (the contents of the string attribute, without its length).
    pub const fn new(bytes: &'a [u8]) -> Self {
        Tlv { bytes }
    }

    /// The entries, decoded lazily. An entry whose type id is unknown ends the walk with an
    /// error (its length cannot be known).
    pub fn iter(&self) -> TlvIter<'a> {
        TlvIter {
            r: Reader::new(self.bytes),
            failed: false,
        }
    }
}

/// One entry of a Xiaomi TLV structure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TlvEntry<'a> {
    /// The tag (what the value means, device-specific).
    pub tag: u8,
    /// The value with its ZCL type.
    pub value: Value<'a>,
}

impl TlvEntry<'_> {
    /// A name for the tag where its meaning is common to Xiaomi devices.
    pub fn tag_name(&self) -> Option<&'static str> {
        tag_name(self.tag)
    }
}

/// A name for a TLV tag whose meaning is common to Xiaomi devices (observed traffic).
pub fn tag_name(tag: u8) -> Option<&'static str> {
    Some(match tag {
        0x01 => "battery_voltage_mv",
        0x03 => "device_temperature",
        0x05 => "power_on_count",
        0x64 => "state_1",
        0x65 => "state_2",
        0x66 => "state_3",
        0x95 => "energy",
        0x96 => "voltage",
        0x97 => "current",
        0x98 => "power",
        _ => return None,
    })
}

/// Iterator over a [`Tlv`].
#[derive(Debug, Clone)]
pub struct TlvIter<'a> {
    r: Reader<'a>,
    failed: bool,
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<TlvEntry<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.r.is_empty() {
            return None;
        }
        let entry = (|| {
            let tag = self.r.u8()?;
            let value = Value::parse_typed(&mut self.r)?;
            Ok(TlvEntry { tag, value })
        })();
        if entry.is_err() {
            self.failed = true;
        }
        Some(entry)
    }
}

zcl_cluster! {
    /// Aqara/Xiaomi manufacturer cluster (0xFCC0, Lumi 0x115F).
    cluster 0xfcc0 mfr 0x115f "Aqara (Lumi)";
    enums {}
    bitmaps {}
    structs {}
    attributes {
        /// Operation mode (device-specific meaning).
        0x0009 MODE "mode": Uint8 [R W] optional;
        /// Packed device state (a [`Tlv`] structure).
        0x00f7 TLV_STATE "tlv_state": OctetString [R P] optional;
        /// Illuminance (lux).
        0x0112 ILLUMINANCE "illuminance": Uint32 [R W] optional;
        /// Display unit (sensors with a screen).
        0x0114 DISPLAY_UNIT "display_unit": Uint8 [R W] optional;
        /// Movement event (vibration sensors).
        0x0118 MOVEMENT "movement": Uint8 [R] optional;
        /// Air quality (TVOC sensors).
        0x0129 AIR_QUALITY "air_quality": Uint8 [R W] optional;
        /// Power outage memory (relays and plugs).
        0x0201 POWER_OUTAGE_MEMORY "power_outage_memory": Bool [R W] optional;
        /// LED off at night.
        0x0203 LED_DISABLED_NIGHT "led_disabled_night": Bool [R W] optional;
        /// Curtain motor direction reversed.
        0x0400 CURTAIN_REVERSE "curtain_reverse": Bool [R W] optional;
        /// Curtain opens when pulled by hand.
        0x0401 CURTAIN_HAND_OPEN "curtain_hand_open": Bool [R W] optional;
        /// Curtain calibrated.
        0x0402 CURTAIN_CALIBRATED "curtain_calibrated": Bool [R W] optional;
    }
    received {}
    generated {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_xiaomi_tlv_from_a_temperature_sensor_report() {
        // Contents of Basic attribute 0xFF01 as an Aqara temperature sensor sends it.
        let bytes = [
            0x01, 0x21, 0xd1, 0x0b, // tag 0x01, uint16, 3025 mV battery
            0x04, 0x21, 0xa8, 0x13, // tag 0x04, uint16, 0x13a8
            0x05, 0x21, 0x09, 0x00, // tag 0x05, uint16, 9 power-ons
            0x64, 0x29, 0x2b, 0x09, // tag 0x64, int16, 2347 (23.47 °C)
            0x65, 0x21, 0x4c, 0x14, // tag 0x65, uint16, 5196 (51.96 %)
            0x0a, 0x21, 0x00, 0x00, // tag 0x0a, uint16, parent 0x0000
            0x98, 0x39, 0x00, 0x00, 0x20, 0x41, // tag 0x98, single, 10.0
            0x03, 0x28, 0x1b, // tag 0x03, int8, 27 °C
            0x9b, 0x10, 0x01, // tag 0x9b, bool, true
        ];
        let entries: Vec<_> = Tlv::new(&bytes).iter().map(Result::unwrap).collect();
        assert_eq!(entries.len(), 9);
        assert_eq!(entries[0].tag, 0x01);
        assert_eq!(entries[0].value, Value::Uint16(3025));
        assert_eq!(entries[0].tag_name(), Some("battery_voltage_mv"));
        assert_eq!(entries[3].value, Value::Int16(2347));
        assert_eq!(entries[4].value, Value::Uint16(5196));
        assert_eq!(entries[6].value, Value::Single(10.0));
        assert_eq!(entries[7].value, Value::Int8(27));
        assert_eq!(entries[8].value, Value::Bool(1));
    }

    #[test]
    fn rejects_tlv_with_unknown_type_and_stops() {
        let bytes = [
            0x01, 0x21, 0xd1, 0x0b, 0x02, 0x07, 0x00, 0x01, 0x21, 0x00, 0x00,
        ];
        let mut it = Tlv::new(&bytes).iter();
        // Tag 0x01, uint16 0x0bd1 (3025 mV: the battery voltage).
        assert!(matches!(
            it.next(),
            Some(Ok(TlvEntry {
                tag: 0x01,
                value: Value::Uint16(0x0bd1)
            }))
        ));
        assert!(matches!(
            it.next(),
            Some(Err(DecodeError::UnknownDataType { type_id: 0x07, .. }))
        ));
        assert!(it.next().is_none());
    }

    #[test]
    fn rejects_truncated_tlv_value() {
        let bytes = [0x01, 0x21, 0xd1];
        let mut it = Tlv::new(&bytes).iter();
        assert!(matches!(
            it.next(),
            Some(Err(DecodeError::Truncated { .. }))
        ));
    }
}
