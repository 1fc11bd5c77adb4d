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
        SystemClock {
            zone: detect_zone(std::env::var("TZ").ok().as_deref()).0,
        }
    }

    /// The real clock in `zone`.
    pub fn in_zone(zone: Tz) -> SystemClock {
        SystemClock { zone }
    }
}

/// The user's zone: `tz` (the `TZ` variable: an IANA name, optionally with a leading
/// `:`), else the system's zone, else UTC. When `tz` is set but names no zone bearing
/// knows, the second value says so and which zone is used instead.
pub fn detect_zone(tz: Option<&str>) -> (Tz, Option<String>) {
    let from_system = || {
        iana_time_zone::get_timezone()
            .ok()
            .and_then(|n| n.parse::<Tz>().ok())
    };
    let named = tz
        .map(|t| t.trim_start_matches(':'))
        .filter(|t| !t.is_empty());
    match named {
        Some(name) => match name.parse::<Tz>() {
            Ok(zone) => (zone, None),
            Err(_) => {
                let zone = from_system().unwrap_or(Tz::UTC);
                let warning = format!(
                    "TZ='{name}' is not a time zone bearing knows (it takes IANA names such as Europe/Berlin); using {}",
                    zone.name()
                );
                (zone, Some(warning))
            }
        },
        None => (from_system().unwrap_or(Tz::UTC), None),
    }
}

/// Why `BEARING_NOW` was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "BEARING_NOW='{0}' is not a time: write RFC 3339 (2030-01-09T10:00:00+01:00) or local \"YYYY-MM-DD HH:MM\""
)]
pub struct PinnedNowError(pub String);

/// The clock `BEARING_NOW` asks for: stopped at `text` (RFC 3339, or `YYYY-MM-DD HH:MM`
/// in `zone`), in `zone`.
pub fn pinned_clock(text: &str, zone: Tz) -> Result<FixedClock, PinnedNowError> {
    let bad = || PinnedNowError(text.to_string());
    let t = text.trim();
    let instant = match DateTime::parse_from_rfc3339(t) {
        Ok(instant) => instant,
        Err(_) => {
            let naive = super::time::parse_local_datetime(t).map_err(|_| bad())?;
            super::time::localize_in(&zone, naive).map_err(|_| bad())?
        }
    };
    Ok(FixedClock {
        now: instant.with_timezone(&zone).fixed_offset(),
        zone,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use chrono_tz::Europe::Berlin;

    #[test]
    fn bearing_now_takes_rfc3339_or_local_time() {
        let a = pinned_clock("2030-01-09T10:00:00+01:00", Berlin).unwrap();
        assert_eq!(a.now().to_rfc3339(), "2030-01-09T10:00:00+01:00");
        let b = pinned_clock("2030-07-09 10:00", Berlin).unwrap();
        assert_eq!(b.now().to_rfc3339(), "2030-07-09T10:00:00+02:00");
        // An instant in another offset is shown in the user's zone.
        let c = pinned_clock("2030-01-09T09:00:00Z", Berlin).unwrap();
        assert_eq!(c.now().hour(), 10);
        assert_eq!(c.today().to_string(), "2030-01-09");
        for bad in ["", "tomorrow", "2030-13-01 10:00", "2030-01-09T25:00:00Z"] {
            let err = pinned_clock(bad, Berlin).unwrap_err();
            assert!(err.to_string().contains("BEARING_NOW"), "{bad:?}");
        }
    }

    #[test]
    fn an_unknown_tz_warns_and_names_the_zone_used() {
        let (zone, warning) = detect_zone(Some("Europe/Berlin"));
        assert_eq!((zone, warning), (Berlin, None));
        let (_, warning) = detect_zone(Some(":Mars/Olympus"));
        let warning = warning.unwrap();
        assert!(
            warning.contains("Mars/Olympus") && warning.contains("using"),
            "{warning}"
        );
    }
}
