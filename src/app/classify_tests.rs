//! Classifying imported meetings: one occurrence, a series, every series with a title,
//! back to the rules and undone, with their refusals.

use chrono_tz::Europe::Berlin;

use super::*;
use crate::app::calendars::import::import_as;
use crate::store::Store;
use crate::testkit::{Event, Ics};

/// A journal with a weekly "Status" (three times), "Status sync" once, and "Lunch".
fn journal() -> Journal {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    let ics = Ics::new()
        .event(
            Event::new("status")
                .summary("Status")
                .start("20261123T080000Z")
                .end("20261123T090000Z")
                .rrule("FREQ=WEEKLY;COUNT=3"),
        )
        .event(
            Event::new("sync")
                .summary("Status sync")
                .start("20261124T080000Z")
                .end("20261124T083000Z"),
        )
        .event(
            Event::new("lunch")
                .summary("Lunch")
                .start("20261124T110000Z")
                .end("20261124T120000Z"),
        )
        .build();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T12:00:00+01:00")
        .unwrap()
        .to_utc();
    import_as(journal.store_mut(), "work", "work.ics", &ics, Berlin, now).unwrap();
    journal
}

/// The stored occurrences of series `uid`, by start.
fn occurrences(journal: &Journal, uid: &str) -> Vec<EventOccurrence> {
    let (from, to) = (
        chrono::DateTime::from_timestamp(0, 0).unwrap(),
        chrono::DateTime::from_timestamp(4_102_444_800, 0).unwrap(),
    );
    let mut all = journal
        .store()
        .list_event_occurrences_between(from, to)
        .unwrap();
    all.retain(|o| o.uid == uid);
    all.sort_by_key(|o| o.start);
    all
}

#[test]
fn one_occurrence_is_classified_alone_and_a_missing_one_is_named() {
    let mut journal = journal();
    let second = occurrences(&journal, "status")[1].clone();
    let classified = event(&mut journal, second.id, Category::Excluded).unwrap();
    assert_eq!(
        (classified.uid.as_str(), classified.key),
        ("status", second.key)
    );
    assert_eq!(
        choices(&journal, "status").unwrap(),
        [(second.key, Category::Excluded)]
    );
    let e = event(&mut journal, 999_999, Category::Leading).unwrap_err();
    assert!(matches!(e, Error::Missing { id: 999_999, .. }), "{e:?}");
    assert_eq!(e.to_string(), "there is no imported event 999999");
}

#[test]
fn a_series_is_classified_over_its_occurrences_and_an_unknown_uid_is_refused() {
    let mut journal = journal();
    let first = occurrences(&journal, "status")[0].clone();
    occurrence(&mut journal, "status", first.key, Category::Excluded).unwrap();
    let before = series(&mut journal, "status", Category::Managing).unwrap();
    assert_eq!(before, [(first.key, Category::Excluded)]);
    assert_eq!(
        choices(&journal, "status").unwrap(),
        [(WHOLE_SERIES, Category::Managing)]
    );
    let e = series(&mut journal, "nobody", Category::Leading).unwrap_err();
    assert_eq!(e.field(), Some(Field::Series));
    assert_eq!(e.to_string(), "no imported series has the UID 'nobody'");
    assert!(choices(&journal, "nobody").unwrap().is_empty());
}

#[test]
fn every_series_with_a_title_is_classified_and_a_blank_or_unmatched_title_is_refused() {
    let mut journal = journal();
    let found = titled(&mut journal, "STATUS", Category::Managing).unwrap();
    assert_eq!(
        found,
        [
            ("status".to_string(), "Status".to_string()),
            ("sync".to_string(), "Status sync".to_string())
        ]
    );
    for uid in ["status", "sync"] {
        assert_eq!(
            choices(&journal, uid).unwrap(),
            [(WHOLE_SERIES, Category::Managing)]
        );
    }
    assert!(choices(&journal, "lunch").unwrap().is_empty());
    for (pattern, says) in [
        ("  ", "a title search needs some text to look for"),
        ("zzz", "no imported event title contains 'zzz'"),
    ] {
        let e = titled(&mut journal, pattern, Category::Leading).unwrap_err();
        assert_eq!(e.field(), Some(Field::TitleSearch));
        assert_eq!(e.to_string(), says);
    }
}

#[test]
fn a_series_goes_back_to_the_rules_and_is_restored_as_it_was() {
    let mut journal = journal();
    let first = occurrences(&journal, "status")[0].clone();
    series(&mut journal, "status", Category::Leading).unwrap();
    occurrence(&mut journal, "status", first.key, Category::Excluded).unwrap();
    let mut had = choices(&journal, "status").unwrap();
    had.sort_by_key(|(key, _)| *key);
    let mut before = to_rules(&mut journal, "status").unwrap();
    before.sort_by_key(|(key, _)| *key);
    assert_eq!(before, had);
    assert!(choices(&journal, "status").unwrap().is_empty());
    restore(&mut journal, "status", &before).unwrap();
    let mut again = choices(&journal, "status").unwrap();
    again.sort_by_key(|(key, _)| *key);
    assert_eq!(again, had);
}
