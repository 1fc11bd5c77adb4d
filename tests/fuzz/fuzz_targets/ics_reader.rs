//! Any bytes as an .ics file: the reader must answer (a calendar or an error) without
//! panicking, and what it accepts must expand to well-formed occurrences, in the window
//! an import uses, in a window chosen by the input (anywhere in the years 1 to 9999),
//! and within the limits of occurrences per calendar.
#![no_main]

use bearing::calendar::expand::{MAX_OCCURRENCES_PER_CALENDAR, expand};
use bearing::calendar::series::parse;
use chrono::{Duration, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The last two bytes (also part of the file) choose a week to view.
    let choice = &data[data.len().saturating_sub(2)..];
    let text = String::from_utf8_lossy(data);
    let Ok(parsed) = parse(&text, chrono_tz::Europe::Berlin) else {
        return;
    };
    let (Some(from), Some(to)) = (
        Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).single(),
        Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).single(),
    ) else {
        return;
    };
    let weeks = choice.iter().fold(0i64, |n, b| n * 256 + i64::from(*b));
    let Some(week) = Utc
        .with_ymd_and_hms(1, 1, 1, 0, 0, 0)
        .single()
        .and_then(|first| first.checked_add_signed(Duration::weeks(weeks * 8)))
    else {
        return;
    };
    for (from, to) in [(from, to), (week, week + Duration::weeks(1))] {
        let occ = expand(&parsed, "fuzz", from, to, &mut Vec::new());
        assert!(occ.len() <= MAX_OCCURRENCES_PER_CALENDAR);
        for o in &occ {
            assert!(o.end >= o.start);
            assert!(o.start < to && (o.end > from || o.start >= from));
        }
        assert!(occ.windows(2).all(|w| w[0].start <= w[1].start));
    }
});
