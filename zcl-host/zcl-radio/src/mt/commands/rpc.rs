//! RPC error: the SRSP a coprocessor sends for an SREQ it cannot process.

use super::mt_command;
use crate::mt::frame::Header;
use crate::mt::types::RpcErrorCode;
use crate::mt::wire::{DecodeError, EncodeError, Reader, Wire};

/// The request header in an RPC error: CMD0 then CMD1.
impl Wire for Header {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.extend_from_slice(&[self.cmd0, self.cmd1]);
        Ok(())
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let [cmd0, cmd1] = r.array()?;
        Ok(Self { cmd0, cmd1 })
    }
}

mt_command! {
    /// RPC error SRSP (subsystem `RPC_ERROR`, id 0): the SREQ named by `request` was refused.
    Srsp RpcError 0x00 "RPC_ERROR"
    pub struct RpcError {
        /// Why the request was refused.
        pub error_code: RpcErrorCode,
        /// CMD0 and CMD1 of the refused request.
        pub request: Header,
    }
}
