//! Codec errors: what went wrong and at which byte offset.
//!
//! These abort decoding or encoding of a frame. They are separate from the ZCL status codes
//! (`Status`), which are values carried inside frames.

use core::fmt;

/// Why a byte string could not be decoded. Offsets count from the start of the buffer handed to
/// the parser that failed (for a frame: from its first header byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ended early: `needed` more bytes were required at `offset`.
    Truncated {
        /// Offset where the missing field starts.
        offset: usize,
        /// How many bytes were needed from there.
        needed: usize,
    },
    /// A data type id that the ZCL does not define (or that cannot be carried here).
    UnknownDataType {
        /// Offset of the type id byte.
        offset: usize,
        /// The type id read.
        type_id: u8,
    },
    /// Collections (array, set, bag, structure) nested deeper than [`crate::types::MAX_NESTING`].
    NestingTooDeep {
        /// Offset of the collection that went too deep.
        offset: usize,
    },
    /// A length or count field that cannot be right (for example it points past the end).
    InvalidLength {
        /// Offset of the length or count field.
        offset: usize,
    },
    /// A field holds a value the format does not allow.
    InvalidValue {
        /// Offset of the field.
        offset: usize,
        /// Which field.
        field: &'static str,
    },
    /// Bytes were left over where the format says the frame ends.
    TrailingBytes {
        /// Offset of the first unexpected byte.
        offset: usize,
    },
}

impl DecodeError {
    /// The byte offset this error refers to.
    pub fn offset(&self) -> usize {
        match *self {
            DecodeError::Truncated { offset, .. }
            | DecodeError::UnknownDataType { offset, .. }
            | DecodeError::NestingTooDeep { offset }
            | DecodeError::InvalidLength { offset }
            | DecodeError::InvalidValue { offset, .. }
            | DecodeError::TrailingBytes { offset } => offset,
        }
    }

    /// The same error with its offset moved by `base` (used when a sub-parser worked on a slice
    /// that starts `base` bytes into the outer buffer).
    #[must_use]
    pub fn shifted(self, base: usize) -> Self {
        match self {
            DecodeError::Truncated { offset, needed } => DecodeError::Truncated {
                offset: offset.saturating_add(base),
                needed,
            },
            DecodeError::UnknownDataType { offset, type_id } => DecodeError::UnknownDataType {
                offset: offset.saturating_add(base),
                type_id,
            },
            DecodeError::NestingTooDeep { offset } => DecodeError::NestingTooDeep {
                offset: offset.saturating_add(base),
            },
            DecodeError::InvalidLength { offset } => DecodeError::InvalidLength {
                offset: offset.saturating_add(base),
            },
            DecodeError::InvalidValue { offset, field } => DecodeError::InvalidValue {
                offset: offset.saturating_add(base),
                field,
            },
            DecodeError::TrailingBytes { offset } => DecodeError::TrailingBytes {
                offset: offset.saturating_add(base),
            },
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::Truncated { offset, needed } => {
                write!(
                    f,
                    "truncated at byte {offset}: {needed} more byte(s) needed"
                )
            }
            DecodeError::UnknownDataType { offset, type_id } => {
                write!(f, "unknown data type 0x{type_id:02x} at byte {offset}")
            }
            DecodeError::NestingTooDeep { offset } => {
                write!(f, "collections nested too deeply at byte {offset}")
            }
            DecodeError::InvalidLength { offset } => {
                write!(f, "invalid length or count at byte {offset}")
            }
            DecodeError::InvalidValue { offset, field } => {
                write!(f, "invalid {field} at byte {offset}")
            }
            DecodeError::TrailingBytes { offset } => {
                write!(f, "unexpected trailing bytes from byte {offset}")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for DecodeError {}

/// Why a value could not be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum EncodeError {
    /// The output buffer is too small: `needed` bytes in all, `available` given.
    BufferTooSmall {
        /// Bytes the whole encoding needs.
        needed: usize,
        /// Bytes the buffer holds.
        available: usize,
    },
    /// A value does not fit its wire type (for example 0x0100_0000 as a uint24).
    ValueOutOfRange {
        /// Which field or type.
        field: &'static str,
    },
    /// A string or list is longer than its length or count field can say.
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its length.
        len: usize,
    },
    /// A value's variant does not match the data type it is written as.
    TypeMismatch,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EncodeError::BufferTooSmall { needed, available } => {
                write!(
                    f,
                    "buffer too small: {needed} bytes needed, {available} available"
                )
            }
            EncodeError::ValueOutOfRange { field } => write!(f, "{field} out of range"),
            EncodeError::TooLong { field, len } => write!(f, "{field} too long ({len})"),
            EncodeError::TypeMismatch => write!(f, "value does not match its data type"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for EncodeError {}
