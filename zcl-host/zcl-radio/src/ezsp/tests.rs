//! EZSP tests.

/// Deterministic generator for property tests (xorshift64*, seeded by proptest).
pub struct Rng(pub u64);

impl Rng {
    /// Next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0 | 1;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Random values of a type.
pub trait Sample {
    /// A random value.
    fn sample(rng: &mut Rng) -> Self;
}
