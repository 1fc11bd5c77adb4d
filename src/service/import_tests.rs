//! Importing without a second thread: what lands is what the two-thread import writes.

use chrono_tz::Europe::Berlin;

use super::{NO_SECOND_THREAD, import_as};
use crate::store::Store;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every occurrence stored, as the Week screen and the audit read them.
fn everything(store: &Store) -> Vec<crate::domain::event::EventOccurrence> {
    let (from, to) = (
        chrono::DateTime::from_timestamp(0, 0).unwrap(),
        chrono::DateTime::from_timestamp(4_102_444_800, 0).unwrap(),
    );
    let mut all = store.list_event_occurrences_between(from, to).unwrap();
    all.sort_by(|a, b| (a.start, &a.uid, a.key).cmp(&(b.start, &b.uid, b.key)));
    all
}

/// When the system will not start another thread, an import expands on its own thread
/// and writes after: the same rows, the same counts, first import and refresh alike.
#[test]
fn an_import_without_a_second_thread_stores_the_same() {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00")
        .unwrap()
        .to_utc();
    let files = ["google.ics", "outlook.ics", "rules.ics", "zimbra.ics"];
    let run = |one_thread: bool| {
        NO_SECOND_THREAD.with(|c| c.set(one_thread));
        let mut store = Store::open_in_memory().unwrap();
        let mut summaries = Vec::new();
        for f in files {
            summaries.push(import_as(&mut store, f, f, &fixture(f), Berlin, now).unwrap());
        }
        // A refresh where one event changed.
        let text = fixture("google.ics").replacen("SUMMARY:", "SUMMARY:Moved ", 1);
        summaries
            .push(import_as(&mut store, "google.ics", "google.ics", &text, Berlin, now).unwrap());
        NO_SECOND_THREAD.with(|c| c.set(false));
        (everything(&store), summaries)
    };
    let (two, two_summaries) = run(false);
    let (one, one_summaries) = run(true);
    assert!(two.len() > 50, "{}", two.len());
    assert_eq!(one, two);
    let counts = |s: &[super::ImportSummary]| -> Vec<(usize, usize, usize, usize)> {
        s.iter()
            .map(|s| (s.events, s.occurrences, s.series_written, s.series_kept))
            .collect()
    };
    assert_eq!(counts(&one_summaries), counts(&two_summaries));
    assert_eq!(two_summaries.last().unwrap().series_written, 1);
}
