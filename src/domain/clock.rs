//! The injected clock: "now" comes from here, never from `Local::now()` scattered about,
//! so tests can pin time.

use chrono::{DateTime, FixedOffset, Local, NaiveDate};

/// A source of the current local time.
pub trait Clock: Send {
    /// The current local date and time, with its UTC offset.
    fn now(&self) -> DateTime<FixedOffset>;

    /// Today's local date.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The real clock, in the process's local time zone (honours `TZ`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock stopped at one instant, for tests and reproducible renders.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<FixedOffset>);

impl FixedClock {
    /// A fixed clock parsed from RFC 3339 text, e.g. `2026-11-22T09:30:00+01:00`.
    ///
    /// # Panics
    /// On text that is not RFC 3339; meant for tests and fixtures.
    #[allow(clippy::expect_used)]
    pub fn at(rfc3339: &str) -> Self {
        Self(DateTime::parse_from_rfc3339(rfc3339).expect("valid RFC 3339 time"))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}
