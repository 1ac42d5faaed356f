//! The transition list of the Thermostat's weekly schedule commands (ZCL 6.3.3.3.1, Set Weekly
//! Schedule, and 6.3.3.4.1, Get Weekly Schedule Response).
//!
//! Each transition is a time (minutes since midnight) followed by a heat setpoint if bit 0 of the
//! command's mode for sequence is set and a cool setpoint if bit 1 is set, so the layout of an
//! element depends on an earlier field. The declaration passes the count and the mode packed
//! into one number: `count | mode << 8`.

use crate::field::{Field, Raw};
use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

#[cfg(feature = "registry")]
use crate::registry::{FieldVisitor, Value};

/// One transition of a weekly schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Transition {
    /// Minutes since midnight.
    pub transition_time: u16,
    /// Heat setpoint in 0.01 °C (present when the mode has the heat bit).
    pub heat_set_point: Option<i16>,
    /// Cool setpoint in 0.01 °C (present when the mode has the cool bit).
    pub cool_set_point: Option<i16>,
}

/// The transitions of a weekly schedule: borrowed wire bytes or typed transitions to encode.
#[derive(Clone, Copy)]
pub struct WeeklyTransitions<'a> {
    repr: Repr<'a>,
}

#[derive(Clone, Copy)]
enum Repr<'a> {
    Wire {
        count: usize,
        mode: u8,
        bytes: &'a [u8],
    },
    Items(&'a [Transition]),
}

const HEAT: u8 = 0x01;
const COOL: u8 = 0x02;

impl<'a> WeeklyTransitions<'a> {
    /// Transitions to encode. Each must carry exactly the setpoints the command's mode says.
    pub const fn new(items: &'a [Transition]) -> Self {
        WeeklyTransitions {
            repr: Repr::Items(items),
        }
    }

    /// Number of transitions.
    pub fn len(&self) -> usize {
        match self.repr {
            Repr::Wire { count, .. } => count,
            Repr::Items(i) => i.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The transitions, decoded one by one.
    pub fn iter(&self) -> impl Iterator<Item = Result<Transition, DecodeError>> + 'a {
        let (mut r, count, mode, items) = match self.repr {
            Repr::Wire { count, mode, bytes } => (Reader::new(bytes), count, mode, &[][..]),
            Repr::Items(i) => (Reader::new(&[]), 0, 0, i),
        };
        let wire = (0..count).map(move |_| read_one(&mut r, mode));
        wire.chain(items.iter().map(|t| Ok(*t)))
    }

    /// [`WeeklyTransitions::parse_counted`] without error details.
    pub fn read_counted(r: &mut Reader<'a>, ctx: usize) -> Option<Self> {
        Self::parse_counted(r, ctx).ok()
    }

    /// Parses `ctx & 0xff` transitions laid out as mode `ctx >> 8` says.
    pub fn parse_counted(r: &mut Reader<'a>, ctx: usize) -> Result<Self, DecodeError> {
        let count = ctx & 0xff;
        let mode = ((ctx >> 8) & 0xff) as u8;
        let start = *r;
        for _ in 0..count {
            read_one(r, mode)?;
        }
        let used = start.remaining() - r.remaining();
        let mut s = start;
        Ok(WeeklyTransitions {
            repr: Repr::Wire {
                count,
                mode,
                bytes: s.take(used)?,
            },
        })
    }

    #[cfg(test)]
    pub(crate) fn sample_n(ctx: usize) -> Self {
        let mode = ((ctx >> 8) & 0xff) as u8;
        let v: std::vec::Vec<Transition> = (0..(ctx & 0xff))
            .map(|i| Transition {
                transition_time: 360 + i as u16,
                heat_set_point: (mode & HEAT != 0).then_some(2000),
                cool_set_point: (mode & COOL != 0).then_some(2600),
            })
            .collect();
        WeeklyTransitions::new(std::vec::Vec::leak(v))
    }
}

fn read_one(r: &mut Reader<'_>, mode: u8) -> Result<Transition, DecodeError> {
    let transition_time = r.u16()?;
    let heat_set_point = if mode & HEAT != 0 {
        Some(r.i16()?)
    } else {
        None
    };
    let cool_set_point = if mode & COOL != 0 {
        Some(r.i16()?)
    } else {
        None
    };
    Ok(Transition {
        transition_time,
        heat_set_point,
        cool_set_point,
    })
}

impl PartialEq for WeeklyTransitions<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl fmt::Debug for WeeklyTransitions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for WeeklyTransitions<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "WeeklyTransitions(len {=usize})", self.len());
    }
}

impl Raw for WeeklyTransitions<'_> {
    fn raw_value(&self) -> u64 {
        self.len() as u64
    }
}

impl<'a> Field<'a> for WeeklyTransitions<'a> {
    /// Without the count and mode from the command this reads nothing; the declaration always
    /// uses [`WeeklyTransitions::parse_counted`].
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Self::parse_counted(r, 0)
    }
    fn encoded_len(&self) -> usize {
        match self.repr {
            Repr::Wire { bytes, .. } => bytes.len(),
            Repr::Items(i) => i
                .iter()
                .map(|t| {
                    2 + 2 * usize::from(t.heat_set_point.is_some())
                        + 2 * usize::from(t.cool_set_point.is_some())
                })
                .sum(),
        }
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match self.repr {
            Repr::Wire { bytes, .. } => w.bytes(bytes),
            Repr::Items(items) => items.iter().try_for_each(|t| {
                w.u16(t.transition_time)?;
                if let Some(h) = t.heat_set_point {
                    w.i16(h)?;
                }
                if let Some(c) = t.cool_set_point {
                    w.i16(c)?;
                }
                Ok(())
            }),
        }
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.begin_list(name);
        for t in self.iter().flatten() {
            v.begin_struct("");
            v.value("transition_time", Value::Uint16(t.transition_time));
            if let Some(h) = t.heat_set_point {
                v.value("heat_set_point", Value::Int16(h));
            }
            if let Some(c) = t.cool_set_point {
                v.value("cool_set_point", Value::Int16(c));
            }
            v.end_struct();
        }
        v.end_list();
    }
    #[cfg(test)]
    fn sample() -> Self {
        Self::sample_n(0)
    }
}
