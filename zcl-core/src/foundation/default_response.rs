//! Default Response (ZCL 2.5.12).

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::foundation::impl_emit;
use crate::status::Status;

/// Default Response (0x0b, ZCL 2.5.12): the command id it answers and a status.
///
/// Payload: command identifier (u8), status code (u8). This fixed-size command is both the
/// parsed view and the encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DefaultResponse {
    /// The id of the received command this answers (cluster-specific or global, as the frame
    /// control of the received command said).
    pub command_id: u8,
    /// The outcome.
    pub status: Status,
}

impl DefaultResponse {
    /// Bytes of the payload.
    pub const LEN: usize = 2;

    /// Reads the payload; bytes after the two fields are rejected
    /// ([`DecodeError::TrailingBytes`]).
    #[inline]
    pub fn parse(payload: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(payload);
        let command_id = r.u8()?;
        let status = Status::from_u8(r.u8()?);
        r.finish()?;
        Ok(DefaultResponse { command_id, status })
    }

    /// Bytes [`DefaultResponse::emit`] writes.
    #[inline]
    pub const fn encoded_len(&self) -> usize {
        Self::LEN
    }

    /// The payload: command id, status code.
    #[inline]
    pub const fn to_bytes(&self) -> [u8; Self::LEN] {
        [self.command_id, self.status.to_u8()]
    }

    /// Writes the payload at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.bytes(&self.to_bytes())
    }

    impl_emit!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::test_util::check_emit;

    #[test]
    fn parse_and_emit_default_response() {
        // Checked against zigpy: Default Response schema serialize(0x02, UNSUPPORTED_ATTRIBUTE).
        let bytes = [
            0x02, // command id: the answered command (here Write Attributes)
            0x86, // status: unsupported_attribute
        ];
        let d = DefaultResponse::parse(&bytes).unwrap();
        assert_eq!(d.command_id, 0x02);
        assert_eq!(d.status, Status::UnsupportedAttribute);
        check_emit(&bytes, d.encoded_len(), |b| d.emit(b));
    }

    #[test]
    fn unknown_status_round_trips() {
        let bytes = [0x01, 0x5a];
        let d = DefaultResponse::parse(&bytes).unwrap();
        assert_eq!(d.status, Status::Unknown(0x5a));
        check_emit(&bytes, d.encoded_len(), |b| d.emit(b));
    }

    #[test]
    fn rejects_truncated_and_trailing_bytes() {
        assert_eq!(
            DefaultResponse::parse(&[0x01]),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 1
            })
        );
        assert_eq!(
            DefaultResponse::parse(&[]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        assert_eq!(
            DefaultResponse::parse(&[0x01, 0x00, 0x00]),
            Err(DecodeError::TrailingBytes { offset: 2 })
        );
    }
}
