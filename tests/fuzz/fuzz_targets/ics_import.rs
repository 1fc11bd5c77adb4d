//! Any bytes imported into a journal, as `bearing import` does: the import answers
//! (imported, or refused as not a calendar) without panicking, and a second import of
//! the same bytes writes nothing.
#![no_main]

use bearing::app::calendars::import::{ImportError, import_as};
use bearing::store::Store;
use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (Ok(mut store), Some(now)) = (
        Store::open_in_memory(),
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).single(),
    ) else {
        return;
    };
    let zone = chrono_tz::Europe::Berlin;
    match import_as(&mut store, "fuzz", "fuzz.ics", &text, zone, now) {
        Ok(first) => {
            let again = import_as(&mut store, "fuzz", "fuzz.ics", &text, zone, now);
            assert!(matches!(again, Ok(ref s) if s.unchanged && s.occurrences == first.occurrences));
        }
        Err(ImportError::NotACalendar { .. }) => {}
        Err(e) => panic!("the journal failed: {e}"),
    }
});
