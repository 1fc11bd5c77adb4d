//! Any bytes as an .ics file: the reader must answer (a calendar or an error) without
//! panicking, and what it accepts must expand to well-formed occurrences.
#![no_main]

use bearing::calendar::events::{expand, parse};
use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(parsed) = parse(&text, chrono_tz::Europe::Berlin) {
        let (Some(from), Some(to)) = (
            Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single(),
            Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).single(),
        ) else {
            return;
        };
        for o in expand(&parsed, "fuzz", from, to, &mut Vec::new()) {
            assert!(o.end >= o.start);
        }
    }
});
