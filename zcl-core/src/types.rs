//! ZCL data type identifiers (ZCL revision 8, section 2.6.2, table 2-10).

/// How deep arrays, sets, bags and structures may nest before decoding refuses the input.
/// The specification allows nesting; this bound keeps the stack small on a microcontroller.
pub const MAX_NESTING: u8 = 8;

/// The broad class of a data type, which decides how the reporting engine compares values
/// (ZCL 2.6.2: analog types use a reportable change, discrete types report every change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum TypeClass {
    /// Numbers and times: a reportable change applies.
    Analog,
    /// Everything else.
    Discrete,
    /// No data, or a type this crate does not know.
    None,
}

/// A fixed size as one byte of [`SIZES`]-style tables (sizes are at most 16 bytes).
const fn size_byte(size: Option<usize>) -> u8 {
    match size {
        #[allow(clippy::cast_possible_truncation)]
        Some(n) => n as u8,
        None => 0xff,
    }
}

macro_rules! data_types {
    ($( $(#[$m:meta])* $variant:ident = $code:literal, $name:literal, $size:expr, $class:ident; )*) => {
        /// A ZCL data type id (ZCL 2.6.2). Ids the specification does not define are kept as
        /// [`DataType::Unknown`] so they round-trip.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[non_exhaustive]
        pub enum DataType {
            $( $(#[$m])* $variant, )*
            /// An id the ZCL does not define.
            Unknown(u8),
        }

        /// The variants in declaration order, for [`DataType::to_u8`].
        #[allow(dead_code)]
        enum Position {
            $( $variant, )*
            Unknown,
        }

        /// The wire ids in declaration order.
        const CODES: &[u8] = &[$( $code, )*];

        /// [`SIZES`] entry of a type without a fixed size.
        const VARIABLE_SIZE: u8 = 0xff;

        /// The fixed sizes in declaration order ([`VARIABLE_SIZE`] for strings and collections).
        const SIZES: &[u8] = &[$( size_byte($size), )*];

        impl DataType {
            /// Every type the ZCL defines, in id order.
            pub const ALL: &'static [DataType] = &[$(DataType::$variant,)*];

            /// The type for a wire id.
            // Out of line on bare metal: one copy serves every record parser (smaller firmware);
            // inlined on hosts (speed).
            #[cfg_attr(target_os = "none", inline(never))]
            #[cfg_attr(not(target_os = "none"), inline)]
            pub const fn from_u8(code: u8) -> Self {
                match code {
                    $( $code => DataType::$variant, )*
                    other => DataType::Unknown(other),
                }
            }

            /// The wire id.
            // Out of line: inlined into the record parsers it made them larger (thumbv7em).
            #[inline(never)]
            pub const fn to_u8(self) -> u8 {
                // The position folds to the enum's own tag, so this is a bounds check and a
                // table load rather than a jump table with one branch per variant.
                let i = self.position() as usize;
                if i < CODES.len() {
                    #[allow(clippy::indexing_slicing)] // `i` is checked just above.
                    CODES[i]
                } else if let DataType::Unknown(other) = self {
                    other
                } else {
                    0
                }
            }

            /// The declaration position of the variant (`Unknown` last).
            #[inline(always)]
            const fn position(self) -> u8 {
                match self {
                    $( DataType::$variant => Position::$variant as u8, )*
                    DataType::Unknown(_) => Position::Unknown as u8,
                }
            }

            /// The specification's short name ("uint16", "string", ...).
            pub const fn name(self) -> &'static str {
                match self {
                    $( DataType::$variant => $name, )*
                    DataType::Unknown(_) => "unknown",
                }
            }

            /// Encoded size in bytes of a value of this type if it is fixed; `None` for strings,
            /// collections and unknown ids.
            #[cfg_attr(target_os = "none", inline(never))]
            #[cfg_attr(not(target_os = "none"), inline)]
            pub const fn fixed_size(self) -> Option<usize> {
                // A byte table indexed like `to_u8`'s: a match here compiles to two tables of
                // `usize` (the option's tag and value), four times the flash.
                let i = self.position() as usize;
                let size = if i < SIZES.len() {
                    #[allow(clippy::indexing_slicing)] // `i` is checked just above.
                    SIZES[i]
                } else {
                    VARIABLE_SIZE
                };
                if size == VARIABLE_SIZE {
                    None
                } else {
                    Some(size as usize)
                }
            }

            /// Whether the type is analog or discrete (ZCL table 2-10).
            pub const fn class(self) -> TypeClass {
                match self {
                    $( DataType::$variant => TypeClass::$class, )*
                    DataType::Unknown(_) => TypeClass::None,
                }
            }
        }
    };
}

data_types! {
    /// No data (0x00).
    NoData = 0x00, "nodata", Some(0), None;
    /// 8-bit data (0x08).
    Data8 = 0x08, "data8", Some(1), Discrete;
    /// 16-bit data (0x09).
    Data16 = 0x09, "data16", Some(2), Discrete;
    /// 24-bit data (0x0a).
    Data24 = 0x0a, "data24", Some(3), Discrete;
    /// 32-bit data (0x0b).
    Data32 = 0x0b, "data32", Some(4), Discrete;
    /// 40-bit data (0x0c).
    Data40 = 0x0c, "data40", Some(5), Discrete;
    /// 48-bit data (0x0d).
    Data48 = 0x0d, "data48", Some(6), Discrete;
    /// 56-bit data (0x0e).
    Data56 = 0x0e, "data56", Some(7), Discrete;
    /// 64-bit data (0x0f).
    Data64 = 0x0f, "data64", Some(8), Discrete;
    /// Boolean (0x10).
    Bool = 0x10, "bool", Some(1), Discrete;
    /// 8-bit bitmap (0x18).
    Map8 = 0x18, "map8", Some(1), Discrete;
    /// 16-bit bitmap (0x19).
    Map16 = 0x19, "map16", Some(2), Discrete;
    /// 24-bit bitmap (0x1a).
    Map24 = 0x1a, "map24", Some(3), Discrete;
    /// 32-bit bitmap (0x1b).
    Map32 = 0x1b, "map32", Some(4), Discrete;
    /// 40-bit bitmap (0x1c).
    Map40 = 0x1c, "map40", Some(5), Discrete;
    /// 48-bit bitmap (0x1d).
    Map48 = 0x1d, "map48", Some(6), Discrete;
    /// 56-bit bitmap (0x1e).
    Map56 = 0x1e, "map56", Some(7), Discrete;
    /// 64-bit bitmap (0x1f).
    Map64 = 0x1f, "map64", Some(8), Discrete;
    /// Unsigned 8-bit integer (0x20).
    Uint8 = 0x20, "uint8", Some(1), Analog;
    /// Unsigned 16-bit integer (0x21).
    Uint16 = 0x21, "uint16", Some(2), Analog;
    /// Unsigned 24-bit integer (0x22).
    Uint24 = 0x22, "uint24", Some(3), Analog;
    /// Unsigned 32-bit integer (0x23).
    Uint32 = 0x23, "uint32", Some(4), Analog;
    /// Unsigned 40-bit integer (0x24).
    Uint40 = 0x24, "uint40", Some(5), Analog;
    /// Unsigned 48-bit integer (0x25).
    Uint48 = 0x25, "uint48", Some(6), Analog;
    /// Unsigned 56-bit integer (0x26).
    Uint56 = 0x26, "uint56", Some(7), Analog;
    /// Unsigned 64-bit integer (0x27).
    Uint64 = 0x27, "uint64", Some(8), Analog;
    /// Signed 8-bit integer (0x28).
    Int8 = 0x28, "int8", Some(1), Analog;
    /// Signed 16-bit integer (0x29).
    Int16 = 0x29, "int16", Some(2), Analog;
    /// Signed 24-bit integer (0x2a).
    Int24 = 0x2a, "int24", Some(3), Analog;
    /// Signed 32-bit integer (0x2b).
    Int32 = 0x2b, "int32", Some(4), Analog;
    /// Signed 40-bit integer (0x2c).
    Int40 = 0x2c, "int40", Some(5), Analog;
    /// Signed 48-bit integer (0x2d).
    Int48 = 0x2d, "int48", Some(6), Analog;
    /// Signed 56-bit integer (0x2e).
    Int56 = 0x2e, "int56", Some(7), Analog;
    /// Signed 64-bit integer (0x2f).
    Int64 = 0x2f, "int64", Some(8), Analog;
    /// 8-bit enumeration (0x30).
    Enum8 = 0x30, "enum8", Some(1), Discrete;
    /// 16-bit enumeration (0x31).
    Enum16 = 0x31, "enum16", Some(2), Discrete;
    /// Semi-precision (half) float (0x38).
    Semi = 0x38, "semi", Some(2), Analog;
    /// Single-precision float (0x39).
    Single = 0x39, "single", Some(4), Analog;
    /// Double-precision float (0x3a).
    Double = 0x3a, "double", Some(8), Analog;
    /// Octet string, 1-byte length (0x41).
    OctetString = 0x41, "octstr", None, Discrete;
    /// Character string, 1-byte length (0x42).
    CharString = 0x42, "string", None, Discrete;
    /// Long octet string, 2-byte length (0x43).
    LongOctetString = 0x43, "octstr16", None, Discrete;
    /// Long character string, 2-byte length (0x44).
    LongCharString = 0x44, "string16", None, Discrete;
    /// Array (0x48).
    Array = 0x48, "array", None, Discrete;
    /// Structure (0x4c).
    Structure = 0x4c, "struct", None, Discrete;
    /// Set (0x50).
    Set = 0x50, "set", None, Discrete;
    /// Bag (0x51).
    Bag = 0x51, "bag", None, Discrete;
    /// Time of day (0xe0).
    TimeOfDay = 0xe0, "ToD", Some(4), Analog;
    /// Date (0xe1).
    Date = 0xe1, "date", Some(4), Analog;
    /// UTC time, seconds since 2000-01-01 (0xe2).
    UtcTime = 0xe2, "UTC", Some(4), Analog;
    /// Cluster id (0xe8).
    ClusterId = 0xe8, "clusterId", Some(2), Discrete;
    /// Attribute id (0xe9).
    AttributeId = 0xe9, "attribId", Some(2), Discrete;
    /// BACnet object identifier (0xea).
    BacnetOid = 0xea, "bacOID", Some(4), Discrete;
    /// IEEE (EUI-64) address (0xf0).
    IeeeAddress = 0xf0, "EUI64", Some(8), Discrete;
    /// 128-bit security key (0xf1).
    SecurityKey = 0xf1, "key128", Some(16), Discrete;
    /// Unknown (0xff); carries no data.
    Unk = 0xff, "unk", Some(0), None;
}

impl From<u8> for DataType {
    fn from(code: u8) -> Self {
        DataType::from_u8(code)
    }
}

impl From<DataType> for u8 {
    fn from(t: DataType) -> u8 {
        t.to_u8()
    }
}

impl DataType {
    /// Whether values of this type are analog (a reportable change applies).
    pub const fn is_analog(self) -> bool {
        matches!(self.class(), TypeClass::Analog)
    }

    /// Whether this is one of the collection types (array, structure, set, bag).
    pub const fn is_collection(self) -> bool {
        matches!(
            self,
            DataType::Array | DataType::Structure | DataType::Set | DataType::Bag
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_defined_id_round_trips_and_unknown_ids_are_kept() {
        for code in 0..=255u8 {
            assert_eq!(DataType::from_u8(code).to_u8(), code);
        }
        assert_eq!(DataType::ALL.len(), 56);
        assert_eq!(DataType::from_u8(0x21), DataType::Uint16);
        assert_eq!(DataType::from_u8(0x01), DataType::Unknown(0x01));
        assert_eq!(DataType::Uint24.fixed_size(), Some(3));
        assert_eq!(DataType::CharString.fixed_size(), None);
        assert!(DataType::Single.is_analog());
        assert!(!DataType::Enum8.is_analog());
    }

    #[test]
    fn fixed_sizes_from_the_byte_table() {
        // The size of every type (ZCL 2.6.2 Table 2-10), None where the length is in the value.
        let expected: &[(DataType, Option<usize>)] = &[
            (DataType::NoData, Some(0)),
            (DataType::Data8, Some(1)),
            (DataType::Data64, Some(8)),
            (DataType::Bool, Some(1)),
            (DataType::Map48, Some(6)),
            (DataType::Uint56, Some(7)),
            (DataType::Int64, Some(8)),
            (DataType::Semi, Some(2)),
            (DataType::Double, Some(8)),
            (DataType::OctetString, None),
            (DataType::LongCharString, None),
            (DataType::Array, None),
            (DataType::Structure, None),
            (DataType::Set, None),
            (DataType::TimeOfDay, Some(4)),
            (DataType::ClusterId, Some(2)),
            (DataType::IeeeAddress, Some(8)),
            (DataType::SecurityKey, Some(16)),
            (DataType::Unknown(0x07), None),
        ];
        for (ty, size) in expected {
            assert_eq!(ty.fixed_size(), *size, "{ty:?}");
        }
        // Every fixed-size type is one of the analog or discrete classes, or nodata.
        for ty in DataType::ALL {
            if ty.fixed_size().is_none() {
                assert!(!ty.is_analog(), "{ty:?}");
            }
        }
    }
}
