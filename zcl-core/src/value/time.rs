//! Time of day and date (ZCL 2.6.2, types 0xe0 and 0xe1).
//!
//! Both are four one-byte fields. A field of 0xff means "unused" (for example a date that
//! repeats every year leaves the year at 0xff); all four at 0xff is the type's non-value
//! (ZCL table 2-10: 0xffffffff).

/// The value of an unused field.
const UNUSED: u8 = 0xff;

/// A time of day (ZCL 2.6.2, type 0xe0): hours (0-23), minutes (0-59), seconds (0-59), hundredths
/// (0-99). Values outside these ranges are kept as read, so they round-trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TimeOfDay {
    /// Hours, 0-23, or 0xff if unused.
    pub hours: u8,
    /// Minutes, 0-59, or 0xff if unused.
    pub minutes: u8,
    /// Seconds, 0-59, or 0xff if unused.
    pub seconds: u8,
    /// Hundredths of a second, 0-99, or 0xff if unused.
    pub hundredths: u8,
}

impl TimeOfDay {
    /// The non-value: every field unused (ZCL table 2-10).
    pub const NON_VALUE: TimeOfDay = TimeOfDay {
        hours: UNUSED,
        minutes: UNUSED,
        seconds: UNUSED,
        hundredths: UNUSED,
    };

    /// Whether this is the non-value (all fields 0xff).
    #[inline]
    pub const fn is_non_value(&self) -> bool {
        self.hours == UNUSED
            && self.minutes == UNUSED
            && self.seconds == UNUSED
            && self.hundredths == UNUSED
    }

    /// Whether every field that is used is in its range (an unused field, 0xff, is valid).
    pub const fn is_valid(&self) -> bool {
        in_range(self.hours, 23)
            && in_range(self.minutes, 59)
            && in_range(self.seconds, 59)
            && in_range(self.hundredths, 99)
    }

    /// The wire bytes, in order.
    #[inline]
    pub const fn to_bytes(self) -> [u8; 4] {
        [self.hours, self.minutes, self.seconds, self.hundredths]
    }

    /// From the wire bytes, in order.
    #[inline]
    pub const fn from_bytes(b: [u8; 4]) -> Self {
        let [hours, minutes, seconds, hundredths] = b;
        TimeOfDay {
            hours,
            minutes,
            seconds,
            hundredths,
        }
    }
}

/// A date (ZCL 2.6.2, type 0xe1): year since 1900, month (1-12), day of month (1-31), day of week
/// (1-7, Monday is 1). Values outside these ranges are kept as read, so they round-trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Date {
    /// Years since 1900 (so 2024 is 124), or 0xff if unused.
    pub year_since_1900: u8,
    /// Month, 1-12, or 0xff if unused.
    pub month: u8,
    /// Day of the month, 1-31, or 0xff if unused.
    pub day_of_month: u8,
    /// Day of the week, 1 (Monday) to 7 (Sunday), or 0xff if unused.
    pub day_of_week: u8,
}

impl Date {
    /// The non-value: every field unused (ZCL table 2-10).
    pub const NON_VALUE: Date = Date {
        year_since_1900: UNUSED,
        month: UNUSED,
        day_of_month: UNUSED,
        day_of_week: UNUSED,
    };

    /// Whether this is the non-value (all fields 0xff).
    #[inline]
    pub const fn is_non_value(&self) -> bool {
        self.year_since_1900 == UNUSED
            && self.month == UNUSED
            && self.day_of_month == UNUSED
            && self.day_of_week == UNUSED
    }

    /// The calendar year (1900-2154), or `None` if the year field is unused.
    pub const fn year(&self) -> Option<u16> {
        if self.year_since_1900 == UNUSED {
            None
        } else {
            Some(1900 + self.year_since_1900 as u16)
        }
    }

    /// Whether every field that is used is in its range (an unused field, 0xff, is valid).
    pub const fn is_valid(&self) -> bool {
        in_range_from_one(self.month, 12)
            && in_range_from_one(self.day_of_month, 31)
            && in_range_from_one(self.day_of_week, 7)
    }

    /// The wire bytes, in order.
    #[inline]
    pub const fn to_bytes(self) -> [u8; 4] {
        [
            self.year_since_1900,
            self.month,
            self.day_of_month,
            self.day_of_week,
        ]
    }

    /// From the wire bytes, in order.
    #[inline]
    pub const fn from_bytes(b: [u8; 4]) -> Self {
        let [year_since_1900, month, day_of_month, day_of_week] = b;
        Date {
            year_since_1900,
            month,
            day_of_month,
            day_of_week,
        }
    }
}

const fn in_range(v: u8, max: u8) -> bool {
    v == UNUSED || v <= max
}

const fn in_range_from_one(v: u8, max: u8) -> bool {
    v == UNUSED || (v >= 1 && v <= max)
}
