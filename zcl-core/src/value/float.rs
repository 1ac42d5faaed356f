//! Semi-precision (IEEE 754 binary16) floats, ZCL 2.6.2 ("semi", type 0x38).
//!
//! A semi is kept as its raw 16 bits in [`crate::value::Value::Semi`] so that every bit pattern,
//! including NaN payloads, round-trips. These two functions convert to and from `f32` by bit
//! manipulation (no floating-point unit or library needed beyond `f32` itself).

/// Bits of the binary16 exponent field.
const EXP_MASK: u16 = 0x7c00;
/// Bits of the binary16 significand field.
const MANT_MASK: u16 = 0x03ff;

/// Whether the raw semi bits are a NaN (exponent all ones, significand not zero): the semi
/// non-value (ZCL table 2-10).
#[inline]
pub const fn semi_is_nan(bits: u16) -> bool {
    bits & EXP_MASK == EXP_MASK && bits & MANT_MASK != 0
}

/// Converts raw semi-precision bits to the `f32` of the same value. Exact: every binary16 value
/// (normal, subnormal, zero, infinity) is representable in binary32; a NaN stays a NaN with its
/// payload moved to the top of the `f32` significand.
#[inline]
pub fn semi_to_f32(bits: u16) -> f32 {
    let sign = u32::from(bits & 0x8000) << 16;
    let exp = (bits & EXP_MASK) >> 10;
    let mant = u32::from(bits & MANT_MASK);
    let out = match exp {
        0 if mant == 0 => sign,
        0 => {
            // Subnormal: value = mant * 2^-24, which f32 holds exactly.
            #[allow(clippy::cast_precision_loss)]
            let magnitude = mant as f32 * (1.0 / 16_777_216.0);
            return if sign == 0 { magnitude } else { -magnitude };
        }
        0x1f => sign | 0x7f80_0000 | (mant << 13),
        // Rebias the exponent from 15 to 127.
        _ => sign | ((u32::from(exp) + 112) << 23) | (mant << 13),
    };
    f32::from_bits(out)
}

/// Converts an `f32` to semi-precision bits, rounding to nearest with ties to even (as IEEE 754
/// conversion does). Values too large become infinity; values too small become (signed) zero or
/// a subnormal; a NaN stays a quiet NaN keeping the top of its payload.
pub fn semi_from_f32(value: f32) -> u16 {
    let x = value.to_bits();
    #[allow(clippy::cast_possible_truncation)]
    let sign = ((x >> 16) & 0x8000) as u16;
    let exp = (x >> 23) & 0xff;
    let mant = x & 0x007f_ffff;
    if exp == 0xff {
        if mant == 0 {
            return sign | EXP_MASK;
        }
        #[allow(clippy::cast_possible_truncation)]
        let payload = (mant >> 13) as u16;
        return sign | EXP_MASK | 0x0200 | payload;
    }
    // Exponent rebias from 127 to 15; `e` is the binary16 exponent field if it is in 1..=30.
    #[allow(clippy::cast_possible_wrap)]
    let e = exp as i32 - 112;
    if e >= 0x1f {
        return sign | EXP_MASK;
    }
    if e <= 0 {
        // Subnormal or zero in binary16: significand = m * 2^(e - 14) with m holding the
        // implicit leading one; shift right and round.
        let m = mant | 0x0080_0000;
        #[allow(clippy::cast_sign_loss)]
        let shift = (14 - e) as u32;
        if shift > 24 {
            return sign;
        }
        return sign | round_shift(m, shift);
    }
    // Exponent and significand side by side, shifted and rounded as one number: a carry out of
    // the significand moves into the exponent, giving the next binade or infinity, as it should.
    #[allow(clippy::cast_sign_loss)]
    let combined = (e as u32) << 23 | mant;
    sign | round_shift(combined, 13)
}

/// `m >> shift` rounded to nearest, ties to even. `shift` is in 1..=24.
#[inline]
fn round_shift(m: u32, shift: u32) -> u16 {
    let q = m >> shift;
    let rem = m & ((1 << shift) - 1);
    let half = 1 << (shift - 1);
    let q = if rem > half || (rem == half && q & 1 == 1) {
        q + 1
    } else {
        q
    };
    #[allow(clippy::cast_possible_truncation)]
    let out = q as u16;
    out
}
