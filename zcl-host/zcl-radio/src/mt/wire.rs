//! Field codec for MT payloads: little-endian integers, addresses, keys and length-prefixed
//! lists, with errors that name the field and its offset.

pub use super::frame::EncodeError;

/// Errors decoding a typed payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The payload ends inside a field.
    #[error("payload truncated in `{field}` at offset {offset}: {needed} more bytes needed")]
    Truncated {
        /// Field being read.
        field: &'static str,
        /// Payload offset where the field (or its part) starts.
        offset: usize,
        /// Bytes missing.
        needed: usize,
    },
    /// Bytes remain after the last field.
    #[error("{count} trailing bytes at offset {offset} after `{command}`")]
    TrailingBytes {
        /// Command name.
        command: &'static str,
        /// Payload offset of the first unread byte.
        offset: usize,
        /// Number of unread bytes.
        count: usize,
    },
    /// A field holds a value its type cannot represent.
    #[error("invalid value {value:#x} in `{field}` at offset {offset}")]
    InvalidValue {
        /// Field name.
        field: &'static str,
        /// Payload offset of the field.
        offset: usize,
        /// The offending value.
        value: u32,
    },
    /// The frame header does not belong to the command being decoded.
    #[error("frame {actual} is not `{command}` ({expected})")]
    WrongHeader {
        /// Command name.
        command: &'static str,
        /// Header of the command.
        expected: super::frame::Header,
        /// Header of the frame.
        actual: super::frame::Header,
    },
}

/// A cursor over a payload that records the offset for error reports.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }

    /// Current offset into the payload.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not yet read.
    #[must_use]
    pub fn remaining(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    /// Whether everything has been read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.remaining().is_empty()
    }

    /// Takes `n` bytes.
    ///
    /// # Errors
    /// [`DecodeError::Truncated`] (with an empty field name, filled in by [`Reader::field`]).
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let rest = self.remaining();
        match rest.get(..n) {
            Some(bytes) => {
                self.pos += n;
                Ok(bytes)
            }
            None => Err(DecodeError::Truncated {
                field: "",
                offset: self.pos,
                needed: n - rest.len(),
            }),
        }
    }

    /// Takes a fixed-size array.
    ///
    /// # Errors
    /// [`DecodeError::Truncated`].
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// Takes everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        let rest = self.remaining();
        self.pos = self.data.len();
        rest
    }

    /// Decodes one field, naming it in any error.
    ///
    /// # Errors
    /// The field's [`DecodeError`], with `field` set to `name` when the inner error had none.
    pub fn field<T: Wire>(&mut self, name: &'static str) -> Result<T, DecodeError> {
        T::decode(self).map_err(|e| name_error(e, name))
    }

    /// Fails with [`DecodeError::TrailingBytes`] if bytes remain.
    ///
    /// # Errors
    /// [`DecodeError::TrailingBytes`].
    pub fn finish(&self, command: &'static str) -> Result<(), DecodeError> {
        let count = self.remaining().len();
        if count == 0 {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes {
                command,
                offset: self.pos,
                count,
            })
        }
    }
}

fn name_error(e: DecodeError, name: &'static str) -> DecodeError {
    match e {
        DecodeError::Truncated {
            field: "",
            offset,
            needed,
        } => DecodeError::Truncated {
            field: name,
            offset,
            needed,
        },
        DecodeError::InvalidValue {
            field: "",
            offset,
            value,
        } => DecodeError::InvalidValue {
            field: name,
            offset,
            value,
        },
        other => other,
    }
}

/// A value with an MT wire encoding.
pub trait Wire: Sized {
    /// Appends the encoded value.
    ///
    /// # Errors
    /// [`EncodeError::FieldTooLong`] when a length prefix overflows.
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError>;
    /// Reads one value.
    ///
    /// # Errors
    /// A [`DecodeError`] for short or invalid input.
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

macro_rules! wire_int {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
                out.extend_from_slice(&self.to_le_bytes());
                Ok(())
            }
            fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                Ok(<$t>::from_le_bytes(r.array()?))
            }
        }
    )*};
}
wire_int!(u8, u16, u32, u64, i8);

/// Booleans are one byte; any non-zero byte decodes as `true`, `true` encodes as 1.
impl Wire for bool {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.push(u8::from(*self));
        Ok(())
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(u8::decode(r)? != 0)
    }
}

impl<const N: usize> Wire for [u8; N] {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.extend_from_slice(self);
        Ok(())
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.array()
    }
}

/// A 64-bit IEEE (extended) address; on the wire least significant byte first. The one typed
/// address of the frame layers, so it prints like every other IEEE address.
pub use zcl_frames::Eui64;

impl Wire for Eui64 {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        self.0.encode(out)
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self(u64::decode(r)?))
    }
}

/// A 128-bit key (network key, link key), in wire order.
pub type Key = [u8; 16];

fn push_len(out: &mut Vec<u8>, len: usize, max: usize, wide: bool) -> Result<(), EncodeError> {
    if len > max {
        return Err(EncodeError::FieldTooLong {
            field: "",
            len,
            max,
        });
    }
    if wide {
        let n = u16::try_from(len).unwrap_or(u16::MAX);
        out.extend_from_slice(&n.to_le_bytes());
    } else {
        out.push(u8::try_from(len).unwrap_or(u8::MAX));
    }
    Ok(())
}

/// Bytes with a one-byte length prefix.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShortBytes(pub Vec<u8>);

impl Wire for ShortBytes {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        push_len(out, self.0.len(), usize::from(u8::MAX), false)?;
        out.extend_from_slice(&self.0);
        Ok(())
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let n = u8::decode(r)?;
        Ok(Self(r.take(usize::from(n))?.to_vec()))
    }
}

/// Bytes with a two-byte little-endian length prefix.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LongBytes(pub Vec<u8>);

impl Wire for LongBytes {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        push_len(out, self.0.len(), usize::from(u16::MAX), true)?;
        out.extend_from_slice(&self.0);
        Ok(())
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let n = u16::decode(r)?;
        Ok(Self(r.take(usize::from(n))?.to_vec()))
    }
}

/// All remaining bytes of the payload, without a prefix (must be the last field).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestBytes(pub Vec<u8>);

impl Wire for RestBytes {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.0);
        Ok(())
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self(r.rest().to_vec()))
    }
}

/// A list with a one-byte item count prefix.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List8<T>(pub Vec<T>);

impl<T: Wire> Wire for List8<T> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        push_len(out, self.0.len(), usize::from(u8::MAX), false)?;
        self.0.iter().try_for_each(|item| item.encode(out))
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let n = u8::decode(r)?;
        (0..n)
            .map(|_| T::decode(r))
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

/// A list that runs to the end of the payload (must be the last field).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestList<T>(pub Vec<T>);

impl<T: Wire> Wire for RestList<T> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        self.0.iter().try_for_each(|item| item.encode(out))
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mut items = Vec::new();
        while !r.is_empty() {
            items.push(T::decode(r)?);
        }
        Ok(Self(items))
    }
}

/// An address with its mode, in the fixed nine-byte layout of AF and UTIL commands:
/// mode byte, then eight address bytes (a 16-bit address is followed by six zero bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddrModeAddress {
    /// Group address (mode 0x01).
    Group(u16),
    /// Network (short) address (mode 0x02).
    Nwk(u16),
    /// IEEE address (mode 0x03).
    Ieee(Eui64),
    /// Broadcast address (mode 0x0F), e.g. 0xFFFC.
    Broadcast(u16),
    /// Any other mode, or a 16-bit mode with non-zero padding: kept byte for byte.
    Raw {
        /// Mode byte.
        mode: u8,
        /// The eight address bytes.
        address: [u8; 8],
    },
}

impl Wire for AddrModeAddress {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let short = |out: &mut Vec<u8>, mode: u8, a: u16| {
            out.push(mode);
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&[0; 6]);
        };
        match *self {
            Self::Group(a) => short(out, 0x01, a),
            Self::Nwk(a) => short(out, 0x02, a),
            Self::Broadcast(a) => short(out, 0x0F, a),
            Self::Ieee(a) => {
                out.push(0x03);
                a.encode(out)?;
            }
            Self::Raw { mode, address } => {
                out.push(mode);
                out.extend_from_slice(&address);
            }
        }
        Ok(())
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mode = u8::decode(r)?;
        let address: [u8; 8] = r.array()?;
        let [lo, hi, pad @ ..] = address;
        let short = u16::from_le_bytes([lo, hi]);
        let zero_pad = pad.iter().all(|&b| b == 0);
        Ok(match mode {
            0x01 if zero_pad => Self::Group(short),
            0x02 if zero_pad => Self::Nwk(short),
            0x0F if zero_pad => Self::Broadcast(short),
            0x03 => Self::Ieee(Eui64(u64::from_le_bytes(address))),
            _ => Self::Raw { mode, address },
        })
    }
}

/// Declares a struct of wire fields, encoded in declaration order.
macro_rules! wire_struct {
    ($(#[$m:meta])* pub struct $name:ident { $( $(#[$fm:meta])* pub $f:ident : $t:ty ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name { $( $(#[$fm])* pub $f: $t, )* }

        impl $crate::mt::wire::Wire for $name {
            fn encode(&self, out: &mut Vec<u8>) -> Result<(), $crate::mt::wire::EncodeError> {
                let _ = &out;
                $( $crate::mt::wire::Wire::encode(&self.$f, out).map_err(|e| match e {
                    $crate::mt::wire::EncodeError::FieldTooLong { field: "", len, max } =>
                        $crate::mt::wire::EncodeError::FieldTooLong { field: stringify!($f), len, max },
                    other => other,
                })?; )*
                Ok(())
            }
            fn decode(r: &mut $crate::mt::wire::Reader<'_>) -> Result<Self, $crate::mt::wire::DecodeError> {
                let _ = &r;
                Ok(Self { $( $f: r.field(stringify!($f))?, )* })
            }
        }
    };
}
pub(crate) use wire_struct;

/// Declares a `u8`/`u16` enum that keeps unknown values.
macro_rules! wire_enum {
    ($(#[$m:meta])* pub enum $name:ident : $repr:ty { $( $(#[$vm:meta])* $v:ident = $val:expr ),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vm])* $v, )*
            /// A value this library does not name, kept as received.
            Unknown($repr),
        }

        impl From<$repr> for $name {
            fn from(v: $repr) -> Self {
                match v {
                    $( x if x == $val => Self::$v, )*
                    other => Self::Unknown(other),
                }
            }
        }

        impl From<$name> for $repr {
            fn from(v: $name) -> $repr {
                match v {
                    $( $name::$v => $val, )*
                    $name::Unknown(x) => x,
                }
            }
        }

        impl $crate::mt::wire::Wire for $name {
            fn encode(&self, out: &mut Vec<u8>) -> Result<(), $crate::mt::wire::EncodeError> {
                $crate::mt::wire::Wire::encode(&<$repr>::from(*self), out)
            }
            fn decode(r: &mut $crate::mt::wire::Reader<'_>) -> Result<Self, $crate::mt::wire::DecodeError> {
                Ok(Self::from(<$repr as $crate::mt::wire::Wire>::decode(r)?))
            }
        }
    };
}
pub(crate) use wire_enum;

/// Declares a bit set newtype with named bits; every bit (named or not) round-trips.
macro_rules! wire_bits {
    ($(#[$m:meta])* pub struct $name:ident : $repr:ty { $( $(#[$vm:meta])* const $v:ident = $val:expr; )* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(pub $repr);

        impl $name {
            $( $(#[$vm])* pub const $v: Self = Self($val); )*

            /// Whether every bit of `other` is set.
            #[must_use]
            pub fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
        }

        impl core::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }

        impl $crate::mt::wire::Wire for $name {
            fn encode(&self, out: &mut Vec<u8>) -> Result<(), $crate::mt::wire::EncodeError> {
                $crate::mt::wire::Wire::encode(&self.0, out)
            }
            fn decode(r: &mut $crate::mt::wire::Reader<'_>) -> Result<Self, $crate::mt::wire::DecodeError> {
                Ok(Self(<$repr as $crate::mt::wire::Wire>::decode(r)?))
            }
        }
    };
}
pub(crate) use wire_bits;
