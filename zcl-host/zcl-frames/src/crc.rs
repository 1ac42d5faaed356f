//! The cyclic redundancy checks of the links a Zigbee frame travels over, in one place, all
//! computed by the `crc` crate (table driven, `no_std`):
//!
//! | function | algorithm | where |
//! |---|---|---|
//! | [`fcs16`] | CRC-16/KERMIT (0x1021 reflected, init 0, no final xor) | the 2-octet 802.15.4 FCS (IEEE 802.15.4-2015 7.2.10) |
//! | [`fcs32`] | CRC-32 (IEEE 802.3) | the 4-octet FCS of the SUN PHYs (IEEE 802.15.4-2015 7.2.10) |
//! | [`x25`] | CRC-16/X-25 (0x1021 reflected, init and final xor 0xffff) | install codes (Zigbee BDB 10.1), HDLC-lite of sniffer firmware (RFC 1662) |
//! | [`ccitt`] | CRC-16/CCITT-FALSE (0x1021, init 0xffff, not reflected) | ASH frames (Silicon Labs UG101 2.3) |
//!
//! Each returns the CRC as a number; the FCS and the X-25 CRC go on the wire least significant
//! octet first, the ASH CRC most significant octet first.

use crc::{Crc, Table, CRC_16_IBM_3740, CRC_16_IBM_SDLC, CRC_16_KERMIT, CRC_32_ISO_HDLC};

/// The FCS runs over every sniffed frame: sixteen tables (8 KiB) let it take 16 octets a step.
static FCS16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_KERMIT);
/// Rare (SUN PHY frames only): one table.
static FCS32: Crc<u32, Table<1>> = Crc::<u32, Table<1>>::new(&CRC_32_ISO_HDLC);
/// Short inputs (install codes, serial frames): one table.
static X25: Crc<u16, Table<1>> = Crc::<u16, Table<1>>::new(&CRC_16_IBM_SDLC);
/// ASH frames are at most about 130 octets: one table.
static CCITT: Crc<u16, Table<1>> = Crc::<u16, Table<1>>::new(&CRC_16_IBM_3740);

/// The 2-octet 802.15.4 FCS of `data` (MAC header and payload): CRC-16/KERMIT, whose
/// little-endian octets end the frame on air (IEEE 802.15.4-2015 7.2.10.1).
#[must_use]
#[inline]
pub fn fcs16(data: &[u8]) -> u16 {
    FCS16.checksum(data)
}

/// The 4-octet FCS of `data` for SUN PHY frames: the IEEE 802.3 CRC-32, sent least significant
/// octet first (IEEE 802.15.4-2015 7.2.10.2).
#[must_use]
pub fn fcs32(data: &[u8]) -> u32 {
    FCS32.checksum(data)
}

/// CRC-16/X-25 of `data`: the CRC that ends an install code (Zigbee Base Device Behavior
/// 10.1, sent least significant octet first) and an HDLC-lite frame (RFC 1662 C.2).
#[must_use]
pub fn x25(data: &[u8]) -> u16 {
    X25.checksum(data)
}

/// CRC-16/CCITT-FALSE of `data`: the CRC of an ASH frame (Silicon Labs UG101 2.3), sent most
/// significant octet first.
#[must_use]
pub fn ccitt(data: &[u8]) -> u16 {
    CCITT.checksum(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit-by-bit reflected CRC-16 over polynomial 0x8408 (the reference for KERMIT and X-25).
    fn reflected_reference(init: u16, data: &[u8]) -> u16 {
        let mut crc = init;
        for &b in data {
            crc ^= u16::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0x8408
                } else {
                    crc >> 1
                };
            }
        }
        crc
    }

    #[test]
    fn check_values() {
        // The catalogue check values of "123456789".
        assert_eq!(fcs16(b"123456789"), 0x2189);
        assert_eq!(fcs32(b"123456789"), 0xCBF4_3926);
        assert_eq!(x25(b"123456789"), 0x906E);
        assert_eq!(ccitt(b"123456789"), 0x29B1);
        assert_eq!(fcs16(&[]), 0);
    }

    #[test]
    fn fcs16_of_captured_frame() {
        // Frame 1 of the killerbee Control4 sample (link type 195): a NWK data frame whose last
        // two octets 0xf6 0x11 are its FCS (0x11f6, little-endian on air).
        let frame = hex::decode(
            "41880e5933ffff00000912fcff000001c022021f0000ff0f0028ba22010022021f0000ff0f00\
             00658df37b6af6976da6",
        )
        .unwrap();
        assert_eq!(fcs16(&frame), 0x11f6);
    }

    #[test]
    fn fcs16_and_x25_match_the_reference_at_every_length() {
        let data: Vec<u8> = (0u16..300).map(|i| (i * 37 + 11) as u8).collect();
        for len in 0..data.len() {
            let d = &data[..len];
            assert_eq!(fcs16(d), reflected_reference(0, d), "length {len}");
            assert_eq!(x25(d), !reflected_reference(0xffff, d), "length {len}");
        }
    }

    #[test]
    fn ash_vector() {
        // UG101 example: the RST frame 0xC0 has CRC 0x38BC.
        assert_eq!(ccitt(&[0xC0]), 0x38BC);
    }
}
