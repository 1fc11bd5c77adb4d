//! The injected clock: "now" and the local time zone come from here, never from
//! `Local::now()` scattered about, so tests can pin both.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;

/// A source of the current time and the user's time zone.
pub trait Clock: Send {
    /// The current local date and time, with its UTC offset.
    fn now(&self) -> DateTime<FixedOffset>;

    /// The user's IANA time zone, used to place wall-clock times such as block starts.
    fn zone(&self) -> Tz;

    /// Today's local date.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The real clock in the user's zone.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    zone: Tz,
}

impl SystemClock {
    /// The zone named by `TZ` (an IANA name, optionally with a leading `:`), else the
    /// system's zone, else UTC.
    pub fn detect() -> SystemClock {
        let from_env = std::env::var("TZ")
            .ok()
            .and_then(|tz| tz.trim_start_matches(':').parse::<Tz>().ok());
        let from_system = || {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| n.parse::<Tz>().ok())
        };
        SystemClock {
            zone: from_env.or_else(from_system).unwrap_or(Tz::UTC),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Utc::now().with_timezone(&self.zone).fixed_offset()
    }

    fn zone(&self) -> Tz {
        self.zone
    }
}

/// A clock stopped at one instant in one zone, for tests and reproducible renders.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock {
    now: DateTime<FixedOffset>,
    zone: Tz,
}

impl FixedClock {
    /// A fixed clock at an RFC 3339 instant, in `zone`.
    ///
    /// # Panics
    /// On text that is not RFC 3339; meant for tests and fixtures.
    #[allow(clippy::expect_used)]
    pub fn new(rfc3339: &str, zone: Tz) -> Self {
        let instant = DateTime::parse_from_rfc3339(rfc3339).expect("valid RFC 3339 time");
        Self {
            now: instant.with_timezone(&zone).fixed_offset(),
            zone,
        }
    }

    /// A fixed clock in Europe/Berlin, the zone the test fixtures are written in.
    pub fn at(rfc3339: &str) -> Self {
        Self::new(rfc3339, chrono_tz::Europe::Berlin)
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    fn zone(&self) -> Tz {
        self.zone
    }
}
