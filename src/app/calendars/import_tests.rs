//! Imports and what reads them back: without a second thread, and one meeting in several
//! calendars.

use chrono_tz::Europe::Berlin;

use super::{NO_SECOND_THREAD, ONE_THREAD_RUNS, import_as};
use crate::store::Store;
use crate::testkit::{Event, Ics, fixture};

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
        ONE_THREAD_RUNS.with(|n| n.set(0));
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
        // Every import but the unchanged ones took the one-thread path, or none did.
        let runs = ONE_THREAD_RUNS.with(std::cell::Cell::get);
        assert_eq!(runs, if one_thread { files.len() + 1 } else { 0 });
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

/// One meeting in several calendars is kept once: the copy not cancelled, else the one
/// listing most attendees, else the first calendar by name; it names the others, and
/// everything comes out in start order.
#[test]
fn one_meeting_in_several_calendars_is_kept_once_the_copy_that_knows_most() {
    use crate::domain::event::{Attendee, EventOccurrence, PartStat};
    let at = |h: i64| chrono::DateTime::from_timestamp(1_795_338_000 + h * 3600, 0).unwrap();
    let attendees = |n: usize| -> Vec<Attendee> {
        (0..n)
            .map(|i| Attendee {
                address: format!("p{i}@x"),
                partstat: PartStat::Accepted,
            })
            .collect()
    };
    let occ =
        |uid: &str, key: i64, calendar: &str, people: usize, cancelled: bool| EventOccurrence {
            uid: uid.into(),
            key,
            calendar: calendar.into(),
            start: at(key),
            end: at(key + 1),
            attendee_list: attendees(people).into(),
            cancelled,
            ..EventOccurrence::default()
        };
    let all = vec![
        occ("sync", 5, "a", 0, false),
        occ("sync", 5, "c", 2, false),
        occ("other", 9, "a", 0, false),
        occ("sync", 5, "d", 9, true),
        occ("sync", 5, "b", 2, false),
        occ("sync", 1, "a", 0, false),
        occ("sync", 5, "b", 2, false),
    ];
    let once = crate::app::audit::once_each(all);
    let seen: Vec<(&str, i64, &str, Vec<&str>)> = once
        .iter()
        .map(|o| {
            (
                o.uid.as_str(),
                o.key,
                o.calendar.as_str(),
                o.also_in.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("sync", 1, "a", vec![]),
            ("sync", 5, "b", vec!["c", "a", "d"]),
            ("other", 9, "a", vec![]),
        ]
    );
}

/// Events wholly past the stored horizon (years ahead) bring no occurrences but are
/// still the calendar's series: two of them import, keep their own UIDs, and a refresh
/// that changes one of them works.
#[test]
fn events_beyond_the_horizon_are_stored_under_their_own_uids_and_refresh() {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00")
        .unwrap()
        .to_utc();
    let text = [
        ("soon", "20261130", "Planning"),
        ("far-1", "20340105", "Offsite"),
        ("far-2", "20350105", "Retreat"),
    ]
    .into_iter()
    .fold(
        Ics::new().prodid("-//test//EN"),
        |ics, (uid, day, title)| {
            ics.event(
                Event::new(uid)
                    .start(&format!("{day}T100000Z"))
                    .end(&format!("{day}T110000Z"))
                    .summary(title),
            )
        },
    )
    .build();
    let mut store = Store::open_in_memory().unwrap();
    let first = import_as(&mut store, "work", "work.ics", &text, Berlin, now).unwrap();
    assert_eq!((first.events, first.occurrences), (3, 1));
    let mut uids: Vec<String> = store
        .stored_series("work")
        .unwrap()
        .uids()
        .map(str::to_string)
        .collect();
    uids.sort();
    assert_eq!(uids, ["far-1", "far-2", "soon"]);
    let changed = text.replace("SUMMARY:Retreat", "SUMMARY:Retreat (moved)");
    let again = import_as(&mut store, "work", "work.ics", &changed, Berlin, now).unwrap();
    assert_eq!((again.series_written, again.series_kept), (1, 2));
    assert_eq!(again.events, 3);
}

/// Another bearing changes the calendar while a refresh parses its file: the refresh's
/// write is refused as stale, and the refresh is made again from what is stored then,
/// so what lands is the file, whole.
#[test]
fn a_refresh_the_calendar_changed_under_is_made_again_and_lands_whole() {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00")
        .unwrap()
        .to_utc();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut store = Store::open(&path).unwrap();
    let text = fixture("google.ics");
    import_as(&mut store, "work", "work.ics", &text, Berlin, now).unwrap();
    let whole = everything(&store);
    // Meanwhile, another bearing imports a file where every event was renamed.
    let renamed = text.replace("SUMMARY:", "SUMMARY:Renamed ");
    let other = path.clone();
    super::MEANWHILE.with(|m| {
        *m.borrow_mut() = Some(Box::new(move || {
            let mut other = Store::open(&other).unwrap();
            import_as(&mut other, "work", "work.ics", &renamed, Berlin, now).unwrap();
        }))
    });
    // This refresh reads the original file with one event changed.
    let changed = text.replacen("SUMMARY:", "SUMMARY:Moved ", 1);
    import_as(&mut store, "work", "work.ics", &changed, Berlin, now).unwrap();
    assert!(super::MEANWHILE.with(|m| m.borrow().is_none()), "it ran");
    // What lands is what importing that file afresh stores.
    let mut fresh = Store::open_in_memory().unwrap();
    import_as(&mut fresh, "work", "work.ics", &changed, Berlin, now).unwrap();
    let seen = |all: Vec<crate::domain::event::EventOccurrence>| -> Vec<(String, i64, String)> {
        all.into_iter()
            .map(|o| (o.uid.to_string(), o.key, o.title.to_string()))
            .collect()
    };
    let after = seen(everything(&store));
    assert_eq!(after.len(), whole.len());
    assert_eq!(after, seen(everything(&fresh)));
    assert!(after.iter().all(|o| !o.2.starts_with("Renamed")));
    assert!(after.iter().any(|o| o.2.starts_with("Moved")));
    // And a fresh import of that file writes nothing more: what is stored is the file.
    let again = import_as(&mut store, "work", "work.ics", &changed, Berlin, now).unwrap();
    assert!(again.unchanged);
}

/// A refresh names the calendar row it reads again: should another bearing remove that
/// calendar between the refresh reading what it holds and writing, the write is stale,
/// and the refresh, made again, finds the row gone and writes nothing (it used to make
/// the calendar anew under its old name).
#[test]
fn a_refresh_of_a_calendar_removed_under_it_writes_nothing() {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00")
        .unwrap()
        .to_utc();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut store = Store::open(&path).unwrap();
    let text = fixture("google.ics");
    import_as(&mut store, "work", "work.ics", &text, Berlin, now).unwrap();
    let id = store.calendar("work").unwrap().unwrap().id;
    let other = path.clone();
    super::MEANWHILE.with(|m| {
        *m.borrow_mut() = Some(Box::new(move || {
            Store::open(&other)
                .unwrap()
                .remove_calendar("work")
                .unwrap();
        }))
    });
    let changed = text.replacen("SUMMARY:", "SUMMARY:Moved ", 1);
    let source = crate::domain::source::Source::parse("work.ics");
    let request = super::ImportRequest {
        source: &source,
        text: &changed,
        name: Some("work"),
        replace: true,
        force: false,
        calendar: Some(id),
    };
    let refused = super::import_calendar(&mut store, &request, Berlin, now).unwrap_err();
    assert!(super::MEANWHILE.with(|m| m.borrow().is_none()), "it ran");
    assert!(
        matches!(&refused, super::ImportError::Removed { calendar } if calendar == "work"),
        "{refused}"
    );
    assert!(store.list_calendars().unwrap().is_empty());
    assert!(everything(&store).is_empty());
}
