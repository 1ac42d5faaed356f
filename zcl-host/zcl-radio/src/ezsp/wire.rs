//! Field codec for EZSP parameters: little-endian integers, fixed arrays and length-prefixed
//! lists, versioned, with errors that name the field and its offset.

use super::version::ProtocolVersion;

/// Errors decoding EZSP parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The parameters end inside a field.
    #[error("parameters truncated in `{field}` at offset {offset}: {needed} more bytes needed")]
    Truncated {
        /// Field being read.
        field: &'static str,
        /// Offset where the missing bytes start.
        offset: usize,
        /// Bytes missing.
        needed: usize,
    },
    /// Bytes remain after the last field.
    #[error("{count} trailing bytes at offset {offset} after `{command}`")]
    TrailingBytes {
        /// Command or callback name.
        command: &'static str,
        /// Offset of the first unread byte.
        offset: usize,
        /// Number of unread bytes.
        count: usize,
    },
    /// A field holds a value its type cannot represent.
    #[error("invalid value {value:#x} in `{field}` at offset {offset}")]
    InvalidValue {
        /// Field name.
        field: &'static str,
        /// Offset of the field.
        offset: usize,
        /// The offending value.
        value: u32,
    },
    /// The frame is shorter than its header.
    #[error("frame of {len} bytes is shorter than its {needed}-byte header")]
    ShortHeader {
        /// Frame length.
        len: usize,
        /// Header length.
        needed: usize,
    },
    /// The frame id is not the one of the type being decoded.
    #[error("frame id {actual:#06x} is not `{command}` ({expected:#06x})")]
    WrongFrameId {
        /// Name of the expected command.
        command: &'static str,
        /// Its frame id.
        expected: u16,
        /// The frame id found.
        actual: u16,
    },
}

/// A cursor over parameter bytes that records the offset and current field for error reports.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    field: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            pos: 0,
            field: "",
        }
    }

    /// Names the field the next reads belong to (used in errors).
    pub fn field(&mut self, name: &'static str) -> &mut Self {
        self.field = name;
        self
    }

    /// Current offset.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not yet read.
    #[must_use]
    pub fn remaining(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    /// Takes `n` bytes.
    ///
    /// # Errors
    /// [`DecodeError::Truncated`] when fewer remain.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let rest = self.remaining();
        match rest.get(..n) {
            Some(bytes) => {
                self.pos += n;
                Ok(bytes)
            }
            None => Err(DecodeError::Truncated {
                field: self.field,
                offset: self.pos,
                needed: n - rest.len(),
            }),
        }
    }

    /// Takes everything left.
    pub fn take_rest(&mut self) -> &'a [u8] {
        let rest = self.remaining();
        self.pos = self.data.len();
        rest
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

    /// An error for an invalid value in the current field, at `offset`.
    #[must_use]
    pub fn invalid(&self, offset: usize, value: u32) -> DecodeError {
        DecodeError::InvalidValue {
            field: self.field,
            offset,
            value,
        }
    }

    /// Checks that everything was read.
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

/// A value with a (possibly version-dependent) wire layout.
pub trait Wire: Sized {
    /// Appends the encoding for version `v`.
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion);
    /// Reads a value laid out for version `v`.
    ///
    /// # Errors
    /// [`DecodeError`] naming the field.
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError>;
}

macro_rules! wire_int {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn encode(&self, out: &mut Vec<u8>, _v: ProtocolVersion) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn decode(r: &mut Reader<'_>, _v: ProtocolVersion) -> Result<Self, DecodeError> {
                Ok(<$t>::from_le_bytes(r.array()?))
            }
        }
    )*};
}
wire_int!(u8, u16, u32, u64, i8);

impl Wire for bool {
    fn encode(&self, out: &mut Vec<u8>, _v: ProtocolVersion) {
        out.push(u8::from(*self));
    }
    fn decode(r: &mut Reader<'_>, _v: ProtocolVersion) -> Result<Self, DecodeError> {
        let at = r.position();
        match r.array::<1>()? {
            [0] => Ok(false),
            [1] => Ok(true),
            [b] => Err(r.invalid(at, u32::from(b))),
        }
    }
}

impl<const N: usize> Wire for [u8; N] {
    fn encode(&self, out: &mut Vec<u8>, _v: ProtocolVersion) {
        out.extend_from_slice(self);
    }
    fn decode(r: &mut Reader<'_>, _v: ProtocolVersion) -> Result<Self, DecodeError> {
        r.array()
    }
}

/// Bytes with a one-byte length prefix (`uint8_t length; uint8_t contents[length]`). Encoding
/// keeps at most 255 bytes.
impl Wire for Vec<u8> {
    fn encode(&self, out: &mut Vec<u8>, _v: ProtocolVersion) {
        let n = u8::try_from(self.len()).unwrap_or(u8::MAX);
        out.push(n);
        out.extend(self.iter().take(usize::from(n)));
    }
    fn decode(r: &mut Reader<'_>, _v: ProtocolVersion) -> Result<Self, DecodeError> {
        let [n] = r.array::<1>()?;
        Ok(r.take(usize::from(n))?.to_vec())
    }
}

/// Bytes with a 32-bit length prefix (the NVM3 token data of `getTokenData`/`setTokenData`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct LvBytes32(pub Vec<u8>);

impl Wire for LvBytes32 {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        let n = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        n.encode(out, v);
        out.extend(self.0.iter().take(usize::try_from(n).unwrap_or(usize::MAX)));
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let at = r.position();
        let n = u32::decode(r, v)?;
        let n = usize::try_from(n).map_err(|_| r.invalid(at, n))?;
        Ok(Self(r.take(n)?.to_vec()))
    }
}

/// 16-bit values with a one-byte count prefix (a relay list of node ids).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct U16List(pub Vec<u16>);

impl Wire for U16List {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        let n = u8::try_from(self.0.len()).unwrap_or(u8::MAX);
        out.push(n);
        for x in self.0.iter().take(usize::from(n)) {
            x.encode(out, v);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let [n] = r.array::<1>()?;
        (0..n)
            .map(|_| u16::decode(r, v))
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

/// 16-bit values filling the rest of the parameters, without a count (the counter array of
/// `readCounters`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct U16Rest(pub Vec<u16>);

impl Wire for U16Rest {
    fn encode(&self, out: &mut Vec<u8>, v: ProtocolVersion) {
        for x in &self.0 {
            x.encode(out, v);
        }
    }
    fn decode(r: &mut Reader<'_>, v: ProtocolVersion) -> Result<Self, DecodeError> {
        let mut values = Vec::new();
        while !r.remaining().is_empty() {
            values.push(u16::decode(r, v)?);
        }
        Ok(Self(values))
    }
}

/// Reads `count` 16-bit values.
///
/// # Errors
/// [`DecodeError::Truncated`].
pub fn decode_u16s(
    r: &mut Reader<'_>,
    count: u8,
    v: ProtocolVersion,
) -> Result<Vec<u16>, DecodeError> {
    (0..count).map(|_| u16::decode(r, v)).collect()
}

/// Whether a field declared `since`/`until` (exclusive) is present in version `v`.
#[must_use]
pub fn present(v: ProtocolVersion, since: u8, until: u8) -> bool {
    v.0 >= since && v.0 < until
}

/// Declares a struct whose fields are encoded in order, each optionally present only from
/// `[since N]` or before `[until N]` (absent fields decode to their default).
macro_rules! ezsp_struct {
    (
        $(#[$m:meta])* pub struct $name:ident {
            $( $(#[$fm:meta])* $([since $s:literal])? $([until $u:literal])? pub $f:ident : $t:ty ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            $( $(#[$fm])* pub $f: $t, )*
        }

        impl $crate::ezsp::wire::Wire for $name {
            #[allow(unused_variables)]
            fn encode(&self, out: &mut Vec<u8>, v: $crate::ezsp::version::ProtocolVersion) {
                $(
                    if $crate::ezsp::wire::present(v, 0 $(+ $s)?, u8::MAX $(- u8::MAX + $u)?) {
                        $crate::ezsp::wire::Wire::encode(&self.$f, out, v);
                    }
                )*
            }
            #[allow(unused_variables)]
            fn decode(
                r: &mut $crate::ezsp::wire::Reader<'_>,
                v: $crate::ezsp::version::ProtocolVersion,
            ) -> Result<Self, $crate::ezsp::wire::DecodeError> {
                $(
                    let $f = if $crate::ezsp::wire::present(v, 0 $(+ $s)?, u8::MAX $(- u8::MAX + $u)?) {
                        r.field(stringify!($f));
                        <$t as $crate::ezsp::wire::Wire>::decode(r, v)?
                    } else {
                        <$t>::default()
                    };
                )*
                Ok(Self { $($f),* })
            }
        }

        #[cfg(test)]
        impl $crate::ezsp::tests::Sample for $name {
            #[allow(unused_variables)]
            fn sample(rng: &mut $crate::ezsp::tests::Rng) -> Self {
                Self { $( $f: $crate::ezsp::tests::Sample::sample(rng), )* }
            }
        }
    };
}
pub(crate) use ezsp_struct;
