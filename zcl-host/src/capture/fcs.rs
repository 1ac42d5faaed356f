//! Frame check sequences of IEEE 802.15.4 frames.
//!
//! The 2-octet FCS is the ITU-T CRC-16 (polynomial x^16 + x^12 + x^5 + 1, initial value 0, no final
//! XOR) computed over the MAC header and payload, least significant bit first, and sent least
//! significant octet first (IEEE 802.15.4-2020 section 7.2.10). The 4-octet FCS of the SUN PHYs is
//! the IEEE 802.3 CRC-32, also sent least significant octet first.

/// Slicing-by-8 tables of the reflected CRC-16 (0x8408): `CRC16_TABLES[0]` is the one-octet
/// table; `CRC16_TABLES[k][b]` is the CRC of octet `b` followed by `k` zero octets.
const CRC16_TABLES: [[u16; 256]; 8] = crc16_tables();
/// Table of the reflected CRC-32 (0xEDB88320) for one octet.
const CRC32_TABLE: [u32; 256] = crc32_table();

// Evaluated at compile time: an index out of bounds would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const fn crc16_tables() -> [[u16; 256]; 8] {
    let mut t = [[0u16; 256]; 8];
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
        t[0][i] = crc;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            i += 1;
        }
        k += 1;
    }
    t
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
    // Slicing by 8: eight table lookups per 8 octets instead of a dependent chain of eight.
    let [t0, t1, t2, t3, t4, t5, t6, t7] = &CRC16_TABLES;
    let mut crc = 0u16;
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let [b0, b1, b2, b3, b4, b5, b6, b7] = <[u8; 8]>::try_from(c).unwrap_or([0; 8]);
        let x = crc ^ u16::from_le_bytes([b0, b1]);
        let [x0, x1] = x.to_le_bytes();
        crc = lut(t7, x0)
            ^ lut(t6, x1)
            ^ lut(t5, b2)
            ^ lut(t4, b3)
            ^ lut(t3, b4)
            ^ lut(t2, b5)
            ^ lut(t1, b6)
            ^ lut(t0, b7);
    }
    for &b in chunks.remainder() {
        let [low, _] = (crc ^ u16::from(b)).to_le_bytes();
        crc = (crc >> 8) ^ lut(t0, low);
    }
    crc
}

/// `table[index]`; an octet index is always in a 256-entry table, so the check compiles away.
#[inline(always)]
fn lut(table: &[u16; 256], index: u8) -> u16 {
    table.get(usize::from(index)).copied().unwrap_or(0)
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
    fn crc16_matches_reference_at_every_length() {
        let data: Vec<u8> = (0u16..300).map(|i| (i * 37 + 11) as u8).collect();
        for len in 0..data.len() {
            assert_eq!(
                crc16(&data[..len]),
                crc16_reference(&data[..len]),
                "length {len}"
            );
        }
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
