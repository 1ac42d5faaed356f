//! Fault injection on the simulator's side of the serial link: the faults real links show
//! (corrupted bytes, lost frames, coprocessor resets, a stalled coprocessor), seeded so a run can
//! be repeated exactly.

use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Which faults to inject and how often (`zcl-host sim --corrupt --drop --reset-after --stall`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultConfig {
    /// Probability (0.0-1.0) that a frame crossing the link, either way, arrives with one byte
    /// damaged (one bit flipped). Counted per frame rather than per byte so that the rate means
    /// the same for short ACKs and long DATA frames.
    pub corrupt: f64,
    /// Probability (0.0-1.0) that a whole frame sent by the coprocessor is lost.
    pub drop: f64,
    /// Reset the coprocessor after every this many host frames handled (`None`: never).
    pub reset_after: Option<u64>,
    /// Delay before each answer leaves the coprocessor.
    pub stall: Duration,
    /// Seed of the fault generator.
    pub seed: u64,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            corrupt: 0.0,
            drop: 0.0,
            reset_after: None,
            stall: Duration::ZERO,
            seed: 1,
        }
    }
}

impl FaultConfig {
    /// Whether any fault is configured.
    pub fn is_active(&self) -> bool {
        self.corrupt > 0.0 || self.drop > 0.0 || self.reset_after.is_some() || !self.stall.is_zero()
    }
}

/// What the injector did, for the simulator's log and the tests' figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounters {
    /// Frames (or read chunks) with a damaged byte, both directions.
    pub frames_corrupted: u64,
    /// Outgoing frames dropped.
    pub frames_dropped: u64,
    /// Coprocessor resets performed.
    pub resets: u64,
}

/// Applies a [`FaultConfig`] to the bytes and frames of one link.
#[derive(Debug, Clone)]
pub struct FaultInjector {
    config: FaultConfig,
    rng: SmallRng,
    frames_handled: u64,
    counters: FaultCounters,
}

impl FaultInjector {
    /// An injector for `config`, seeded from `config.seed`.
    pub fn new(config: FaultConfig) -> Self {
        Self {
            config,
            rng: SmallRng::seed_from_u64(config.seed),
            frames_handled: 0,
            counters: FaultCounters::default(),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// What has been injected so far.
    pub fn counters(&self) -> FaultCounters {
        self.counters
    }

    /// One frame the coprocessor is about to send: `None` when it is lost, otherwise the bytes,
    /// possibly corrupted.
    pub fn outgoing(&mut self, mut frame: Vec<u8>) -> Option<Vec<u8>> {
        if self.config.drop > 0.0 && self.rng.random_bool(self.config.drop.min(1.0)) {
            self.counters.frames_dropped += 1;
            return None;
        }
        self.corrupt(&mut frame);
        Some(frame)
    }

    /// Bytes that arrived from the host (one read, usually one frame), corrupted in place at
    /// the configured rate.
    pub fn incoming(&mut self, bytes: &mut [u8]) {
        self.corrupt(bytes);
    }

    /// Counts one handled host frame; true when the coprocessor must reset now.
    pub fn frame_handled(&mut self) -> bool {
        self.frames_handled += 1;
        match self.config.reset_after {
            Some(n) if n > 0 && self.frames_handled.is_multiple_of(n) => {
                self.counters.resets += 1;
                true
            }
            _ => false,
        }
    }

    /// The delay before an answer may leave.
    pub fn stall(&self) -> Duration {
        self.config.stall
    }

    fn corrupt(&mut self, bytes: &mut [u8]) {
        if self.config.corrupt <= 0.0 {
            return;
        }
        if bytes.is_empty() || !self.rng.random_bool(self.config.corrupt.min(1.0)) {
            return;
        }
        let at = self.rng.random_range(0..bytes.len());
        if let Some(byte) = bytes.get_mut(at) {
            *byte ^= 1 << self.rng.random_range(0..8u32);
            self.counters.frames_corrupted += 1;
        }
    }
}

impl crate::radio::ash_driver::WireTap for FaultInjector {
    fn outgoing(&mut self, frame: Vec<u8>) -> Option<Vec<u8>> {
        FaultInjector::outgoing(self, frame)
    }
    fn incoming(&mut self, bytes: &mut [u8]) {
        FaultInjector::incoming(self, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_faults_leave_frames_alone() {
        let mut faults = FaultInjector::new(FaultConfig::default());
        let frame = vec![0x00, 0x42, 0x21, 0xA8, 0x50, 0xED, 0x2C, 0x7E];
        for _ in 0..1000 {
            assert_eq!(faults.outgoing(frame.clone()).as_deref(), Some(&frame[..]));
            assert!(!faults.frame_handled());
        }
        assert_eq!(faults.counters(), FaultCounters::default());
    }

    #[test]
    fn rates_are_roughly_what_was_asked_and_repeatable() {
        let config = FaultConfig {
            corrupt: 0.01,
            drop: 0.01,
            seed: 7,
            ..FaultConfig::default()
        };
        let run = || {
            let mut faults = FaultInjector::new(config);
            let mut out = Vec::new();
            for i in 0..10_000u32 {
                out.push(faults.outgoing(i.to_le_bytes().repeat(4)));
            }
            (faults.counters(), out)
        };
        let (counters, first) = run();
        // 10,000 frames: about 100 dropped and about 99 of the kept ones damaged.
        assert!((50..200).contains(&counters.frames_dropped), "{counters:?}");
        assert!(
            (50..200).contains(&counters.frames_corrupted),
            "{counters:?}"
        );
        let damaged = first.iter().enumerate().filter(|(i, f)| {
            f.as_ref()
                .is_some_and(|f| *f != (*i as u32).to_le_bytes().repeat(4))
        });
        assert_eq!(damaged.count() as u64, counters.frames_corrupted);
        assert_eq!(
            first.iter().filter(|f| f.is_none()).count() as u64,
            counters.frames_dropped
        );
        // The same seed gives the same faults.
        assert_eq!(run().1, first);
    }

    #[test]
    fn reset_after_fires_every_n_frames() {
        let config = FaultConfig {
            reset_after: Some(3),
            ..FaultConfig::default()
        };
        let mut faults = FaultInjector::new(config);
        let fired: Vec<bool> = (0..7).map(|_| faults.frame_handled()).collect();
        assert_eq!(fired, [false, false, true, false, false, true, false]);
        assert_eq!(faults.counters().resets, 2);
    }
}
