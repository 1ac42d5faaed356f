//! Frame check sequences of IEEE 802.15.4 frames.
//!
//! The 2-octet FCS is the ITU-T CRC-16 (polynomial x^16 + x^12 + x^5 + 1, initial value 0, no final
//! XOR) computed over the MAC header and payload, least significant bit first, and sent least
//! significant octet first (IEEE 802.15.4-2020 section 7.2.10). The 4-octet FCS of the SUN PHYs is
//! the IEEE 802.3 CRC-32, also sent least significant octet first.

/// Table of the reflected CRC-16 (0x8408) for one octet.
const CRC16_TABLE: [u16; 256] = crc16_table();
/// Table of the reflected CRC-32 (0xEDB88320) for one octet.
const CRC32_TABLE: [u32; 256] = crc32_table();

// Evaluated at compile time: an index out of bounds would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const fn crc16_table() -> [u16; 256] {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x8408
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

// Evaluated at compile time: an index out of bounds would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// The 16-bit FCS of `data` (the MAC header and payload), as the value whose little-endian octets
/// end the frame on air.
#[must_use]
pub fn crc16(data: &[u8]) -> u16 {
    data.iter().fold(0u16, |crc, &b| {
        let index = usize::from((crc ^ u16::from(b)) & 0xff);
        // The table has 256 entries and the index is masked to 8 bits.
        (crc >> 8) ^ CRC16_TABLE.get(index).copied().unwrap_or(0)
    })
}

/// The 32-bit FCS of `data`, as the value whose little-endian octets end the frame on air.
#[must_use]
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(0xFFFF_FFFFu32, |crc, &b| {
        let index = usize::try_from((crc ^ u32::from(b)) & 0xff).unwrap_or(0);
        (crc >> 8) ^ CRC32_TABLE.get(index).copied().unwrap_or(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc16_of_captured_frame() {
        // Frame 1 of the killerbee Control4 sample (link type 195): a NWK data frame whose last
        // two octets 0xf6 0x11 are its FCS (0x11f6, little-endian on air).
        let frame = hex::decode(
            "4188 0e 5933 ffff 0000 0912fcff000001c022021f0000ff0f0028ba22010022021f0000ff0f00\
             00658df37b6af6976da6"
                .replace(' ', ""),
        )
        .unwrap();
        assert_eq!(crc16(&frame), 0x11f6);
        assert_eq!(crc16(&frame), crc16_reference(&frame));
    }

    /// Bit-by-bit reference of CRC-16/KERMIT.
    fn crc16_reference(data: &[u8]) -> u16 {
        let mut crc = 0u16;
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
    fn crc16_check_value() {
        // CRC-16/KERMIT check value of "123456789".
        assert_eq!(crc16(b"123456789"), 0x2189);
        assert_eq!(crc16(&[]), 0);
    }

    #[test]
    fn crc32_check_value() {
        // CRC-32 (IEEE 802.3) check value of "123456789".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
