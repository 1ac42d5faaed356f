//! A value written with its data type id in front (ZCL 2.5.3.1, the attribute data type and
//! attribute data of a write attribute record), as cluster commands that carry attribute
//! records use it (Partition, ZCL 3.17.3.2.3 Write Handshake Param and 3.17.3.3.2 Read
//! Handshake Param Response).

use crate::field::{Field, Raw};
use zcl_core::{DecodeError, EncodeError, Reader, Value, Writer};

#[cfg(feature = "registry")]
use crate::registry::FieldVisitor;

/// A data type id and a value of that type.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TypedValue<'a>(pub Value<'a>);

impl Raw for TypedValue<'_> {
    fn raw_value(&self) -> u64 {
        self.0.as_u64().unwrap_or(0)
    }
}

impl<'a> Field<'a> for TypedValue<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Value::parse_typed(r).map(TypedValue)
    }
    fn encoded_len(&self) -> usize {
        self.0.encoded_len_typed()
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        self.0.emit_typed_to(w)
    }
    /// Two fields: `type` (the data type id) and the value under `name` (none for no data).
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.value("type", Value::Uint8(self.0.data_type().to_u8()));
        if !matches!(self.0, Value::NoData) {
            v.value(name, self.0);
        }
    }
    #[cfg(test)]
    fn sample() -> Self {
        TypedValue(Value::Uint16(0x1234))
    }
}
