//! Windows of stored occurrences: read from the index by start alone, in a new journal,
//! after a large import has built that index again, and in a journal from before it held
//! every column a window reads.

use super::calendars::{new_calendar, replace_series, weekly_rows};
use super::*;
use chrono::{TimeZone, Utc};

/// How SQLite reads a window of occurrences.
fn window_plan(store: &Store) -> String {
    let mut stmt = store
        .conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN {}",
            crate::store::events::WINDOW
        ))
        .unwrap();
    let rows = stmt
        .query_map([0, 604_800, 0], |r| r.get::<_, String>(3))
        .unwrap();
    rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
}

/// The plan of a window's query that reads no table row: a search of the start index
/// that holds every column, and no sort.
fn assert_index_only(plan: &str) {
    assert!(
        plan.contains("SEARCH o USING COVERING INDEX event_occurrences_by_start"),
        "{plan}"
    );
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}

#[test]
fn a_window_of_occurrences_is_read_from_the_start_index_alone() {
    let mut store = Store::open_in_memory().unwrap();
    assert_index_only(&window_plan(&store));
    // A first import this large drops the index and builds it again from the schema's
    // definition: still the whole one.
    let rows: Vec<_> = (0..50)
        .map(|i| weekly_rows(&format!("s{i}"), 500))
        .collect();
    let uids: Vec<String> = rows.iter().map(|r| r.uid.clone()).collect();
    replace_series(
        &mut store,
        &new_calendar("big", "1"),
        rows.into_iter().map(Ok),
        &uids,
    )
    .unwrap();
    assert_index_only(&window_plan(&store));
    let week = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(604_800 * 10, 0).unwrap(),
            Utc.timestamp_opt(604_800 * 11, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(week.len(), 50);
    assert!(week.iter().all(|o| o.key == 604_800 * 10 && !o.all_day));
    assert!(
        week.windows(2)
            .all(|w| (w[0].start, w[0].id) < (w[1].start, w[1].id))
    );
}

#[test]
fn a_journal_from_before_the_whole_start_index_upgrades_to_it_and_reads_its_windows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    // Format 14: the last without the whole start index (format 15).
    let before = 14;
    old_journal(
        &path,
        before,
        "INSERT INTO calendars (id, name, source, content_hash, imported_at, horizon_end, max_length, occurrences)
                 VALUES (1, 'work', 'work.ics', 'h', '2026-11-01T00:00:00Z', 4000000000, 3600, 3);
             INSERT INTO calendar_files (calendar_id, content) VALUES (1, 'BEGIN:VCALENDAR');
             INSERT INTO event_series (id, calendar_id, uid, recurring, content_hash)
                 VALUES (7, 1, 'standup@x', 1, 's'), (8, 1, 'review@x', 0, 's');
             INSERT INTO event_details (id, series_id, title, description, categories, organizer, attendees,
                                        attendee_list, transparent, tentative)
                 VALUES (3, 7, 'Standup', '', '', '', 0, '', 0, 0), (4, 8, 'Review', '', '', '', 0, '', 0, 0);
             INSERT INTO event_occurrences (series_id, details_id, occ_key, start_utc, end_utc, all_day)
                 VALUES (7, 3, 1000, 1000, 2800, 0), (7, 3, 9000, 9000, 9800, 0), (8, 4, 5000, 5000, 7800, 0);",
    );
    let old = rusqlite::Connection::open(&path).unwrap();
    let old_index: String = old
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'event_occurrences_by_start'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!old_index.contains("end_utc"), "{old_index}");
    drop(old);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert_index_only(&window_plan(&store));
    let all = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(0, 0).unwrap(),
            Utc.timestamp_opt(10_000, 0).unwrap(),
        )
        .unwrap();
    let seen: Vec<(&str, i64, i64, i64)> = all
        .iter()
        .map(|o| {
            (
                o.title.as_str(),
                o.key,
                o.start.timestamp(),
                o.end.timestamp(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Standup", 1000, 1000, 2800),
            ("Review", 5000, 5000, 7800),
            ("Standup", 9000, 9000, 9800)
        ]
    );
    // A window that starts inside the review reaches back to it (the longest occurrence
    // is an hour), and one after its end does not.
    let from = |at: i64| {
        store
            .list_event_occurrences_between(
                Utc.timestamp_opt(at, 0).unwrap(),
                Utc.timestamp_opt(8_000, 0).unwrap(),
            )
            .unwrap()
            .len()
    };
    assert_eq!((from(7_000), from(7_800)), (1, 0));
}

/// An occurrence's text belongs to its own series (bearing writes them so), but its
/// series and its text are read apart: should an occurrence name a text of another
/// series, it still has its own series' calendar and UID, and a text whose series is
/// gone still reads. An occurrence whose own series is gone is not read.
#[test]
fn an_occurrence_has_its_own_series_whatever_series_its_text_belongs_to() {
    let store = Store::open_in_memory().unwrap();
    store
        .conn
        .execute_batch(
            // Keys off: a text of a series that is gone cannot be written otherwise.
            "PRAGMA foreign_keys = OFF;
             INSERT INTO calendars (id, name, source, content_hash, imported_at, horizon_end, max_length, occurrences)
                 VALUES (1, 'work', 'work.ics', 'h', '2026-11-01T00:00:00Z', 4000000000, 3600, 4),
                        (2, 'home', 'home.ics', 'h', '2026-11-01T00:00:00Z', 4000000000, 3600, 0);
             INSERT INTO event_series (id, calendar_id, uid, recurring, content_hash)
                 VALUES (7, 1, 'standup@x', 1, 's'), (8, 2, 'review@x', 0, 's');
             INSERT INTO event_details (id, series_id, title, description, categories, organizer, attendees,
                                        attendee_list, transparent, tentative)
                 VALUES (3, 7, 'Standup', '', '', '', 0, '', 0, 0),
                        (4, 8, 'Review', '', '', '', 0, '', 0, 0),
                        (5, 99, 'Orphan', '', '', '', 0, '', 0, 0);
             INSERT INTO event_occurrences (series_id, details_id, occ_key, start_utc, end_utc, all_day)
                 VALUES (7, 4, 1000, 1000, 2800, 0), (8, 4, 2000, 2000, 2800, 0),
                        (7, 5, 3000, 3000, 3800, 0), (98, 3, 4000, 4000, 4800, 0);
             PRAGMA foreign_keys = ON;",
        )
        .unwrap();
    let all = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(0, 0).unwrap(),
            Utc.timestamp_opt(10_000, 0).unwrap(),
        )
        .unwrap();
    let seen: Vec<(&str, &str, &str, bool)> = all
        .iter()
        .map(|o| {
            (
                o.calendar.as_str(),
                o.uid.as_str(),
                o.title.as_str(),
                o.recurring,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("work", "standup@x", "Review", true),
            ("home", "review@x", "Review", false),
            ("work", "standup@x", "Orphan", true)
        ]
    );
}
