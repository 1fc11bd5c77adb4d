//! Leadership time blocks as tests describe them.

use chrono::{NaiveDateTime, Weekday};

use crate::domain::block::{BlockSpec, Repeat};

/// A local time written `YYYY-MM-DD HH:MM`.
pub fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// A block called `title` from `start` (`YYYY-MM-DD HH:MM`) for `minutes`, no intention.
pub fn spec(title: &str, start: &str, minutes: u32, repeat: Repeat) -> BlockSpec {
    BlockSpec {
        title: title.into(),
        intention: String::new(),
        start: local(start),
        minutes,
        repeat,
    }
}

/// Every week on `days`, without end.
pub fn weekly(days: &[Weekday]) -> Repeat {
    Repeat::Weekly {
        days: days.to_vec(),
        every: 1,
        until: None,
    }
}
