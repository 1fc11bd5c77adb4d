//! Imported calendars: writing their series (only what changed, all or nothing), the
//! start index, stale imports, and calendars kept by older journals.

use super::*;

#[test]
fn an_import_that_fails_half_way_leaves_the_calendar_as_it_was() {
    use crate::domain::event::EventOccurrence;
    use crate::store::NewCalendar;
    use chrono::Utc;
    let mut store = Store::open_in_memory().unwrap();
    let occ = |title: &str, hour: i64| EventOccurrence {
        id: 0,
        calendar: "work".into(),
        uid: format!("{title}@x").into(),
        key: hour,
        title: title.into(),
        description: Default::default(),
        categories: Default::default(),
        organizer: Default::default(),
        attendees: 0,
        start: Utc.timestamp_opt(hour * 3600, 0).unwrap(),
        end: Utc.timestamp_opt(hour * 3600 + 1800, 0).unwrap(),
        all_day: false,
        recurring: false,
        ..Default::default()
    };
    use chrono::TimeZone;
    let now = Utc::now();
    let cal = |hash: &'static str| NewCalendar {
        name: "work",
        source: "f.ics",
        source_key: None,
        calname: None,
        content: "BEGIN:VCALENDAR",
        content_hash: hash,
        imported_at: now,
        horizon_end: now,
    };
    store
        .replace_calendar(&cal("one"), &[occ("Status", 1), occ("Coaching", 2)])
        .unwrap();
    let before = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(0, 0).unwrap(),
            Utc.timestamp_opt(10 * 3600, 0).unwrap(),
        )
        .unwrap();
    // SQLite refuses the third row of the new import: nothing of it may land.
    store.conn.execute_batch("CREATE TEMP TRIGGER boom BEFORE INSERT ON event_details WHEN new.title = 'boom' BEGIN SELECT RAISE(ABORT, 'disk full, say'); END;").unwrap();
    let err = store.replace_calendar(
        &cal("two"),
        &[occ("New A", 3), occ("New B", 4), occ("boom", 5)],
    );
    assert!(err.is_err());
    let after = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(0, 0).unwrap(),
            Utc.timestamp_opt(10 * 3600, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(store.calendar("work").unwrap().unwrap().content_hash, "one");
}

#[test]
fn a_refresh_rewrites_only_the_series_that_changed_and_text_is_stored_once() {
    use crate::domain::event::EventOccurrence;
    use crate::store::NewCalendar;
    use chrono::{TimeZone, Utc};
    let mut store = Store::open_in_memory().unwrap();
    let weekly = |uid: &str, title: &str, weeks: i64| -> Vec<EventOccurrence> {
        (0..weeks)
            .map(|w| EventOccurrence {
                calendar: "work".into(),
                uid: uid.into(),
                key: w * 604_800,
                title: title.into(),
                description: "a long agenda ".repeat(100).into(),
                start: Utc.timestamp_opt(w * 604_800, 0).unwrap(),
                end: Utc.timestamp_opt(w * 604_800 + 1800, 0).unwrap(),
                recurring: true,
                ..Default::default()
            })
            .collect()
    };
    let now = Utc.timestamp_opt(0, 0).unwrap();
    let cal = NewCalendar {
        name: "work",
        source: "f.ics",
        source_key: None,
        calname: None,
        content: "BEGIN:VCALENDAR",
        content_hash: "one",
        imported_at: now,
        horizon_end: now,
    };
    let mut all: Vec<EventOccurrence> = (0..20)
        .flat_map(|i| weekly(&format!("s{i}"), &format!("Series {i}"), 50))
        .collect();
    let first = store.replace_calendar(&cal, &all).unwrap();
    assert_eq!((first.written, first.kept, first.removed), (20, 0, 0));
    // Each series' text is stored once, not once per occurrence.
    let details: i64 = store
        .conn
        .query_row("SELECT count(*) FROM event_details", [], |r| r.get(0))
        .unwrap();
    assert_eq!(details, 20);
    let ids_before: Vec<i64> = store
        .conn
        .prepare("SELECT id FROM event_occurrences WHERE series_id = (SELECT id FROM event_series WHERE uid = 's1')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // One series renamed, one gone, one new: only those are written.
    for o in all.iter_mut().filter(|o| o.uid == "s0") {
        o.title = "Renamed".into();
    }
    all.retain(|o| o.uid != "s19");
    all.extend(weekly("new", "New series", 5));
    let again = store.replace_calendar(&cal, &all).unwrap();
    assert_eq!((again.written, again.kept, again.removed), (2, 18, 1));
    let ids_after: Vec<i64> = store
        .conn
        .prepare("SELECT id FROM event_occurrences WHERE series_id = (SELECT id FROM event_series WHERE uid = 's1')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(ids_after, ids_before, "an unchanged series is not touched");
    let window = store
        .list_event_occurrences_between(now, Utc.timestamp_opt(604_800 * 60, 0).unwrap())
        .unwrap();
    assert_eq!(window.len(), 19 * 50 + 5);
    assert!(window.iter().any(|o| o.title == "Renamed") && !window.iter().any(|o| o.uid == "s19"));
    // Unchanged altogether: nothing is written.
    let same = store.replace_calendar(&cal, &all).unwrap();
    assert_eq!((same.written, same.kept, same.removed), (0, 20, 0));
}

#[test]
fn a_version_8_journal_keeps_its_events_in_the_new_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    old_journal(
        &path,
        8,
        "INSERT INTO calendars (name, source, content, content_hash, imported_at, horizon_end, max_length)
                 VALUES ('work', 'w.ics', 'BEGIN:VCALENDAR', 'abc', '2026-11-01T00:00:00+00:00', 1900000000, 3600);
             INSERT INTO event_occurrences (calendar_id, uid, occ_key, title, description, categories, organizer, attendees, start_utc, end_utc, all_day, recurring)
                 VALUES (1, 'u1', 100, 'Status', '', 'x', '', 3, 1795000000, 1795003600, 0, 1),
                        (1, 'u1', 200, 'Status', '', 'x', '', 3, 1795604800, 1795608400, 0, 1),
                        (1, 'u2', 300, 'Coaching Sam', 'notes', '', 'me', 2, 1795100000, 1795101800, 0, 0);",
    );
    let store = Store::open(&path).unwrap();
    use chrono::{TimeZone, Utc};
    let all = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(1_794_000_000, 0).unwrap(),
            Utc.timestamp_opt(1_796_000_000, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].title, "Status");
    assert_eq!(all[0].categories, ["x"]);
    assert_eq!(all[1].description, "notes");
    assert_eq!(all[1].attendees, 2);
    let details: i64 = store
        .conn
        .query_row("SELECT count(*) FROM event_details", [], |r| r.get(0))
        .unwrap();
    assert_eq!(details, 2, "the two Status occurrences share their text");
    // Its hash is cleared, so the next import rebuilds it with attendees from its file.
    assert_eq!(store.calendar("work").unwrap().unwrap().content_hash, "");
}

#[test]
fn a_journal_from_before_step_11_keeps_its_calendars_and_removes_them_whole() {
    use chrono::{TimeZone, Utc};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    old_journal(
        &path,
        10,
        "INSERT INTO calendars (id, name, source, content, content_hash, imported_at, horizon_end, max_length)
                 VALUES (1, 'work', 'work.ics', 'BEGIN:VCALENDAR (the file)', 'h', '2026-11-01T00:00:00Z', 4000000000, 3600);
             INSERT INTO event_series (id, calendar_id, uid, recurring, content_hash) VALUES (7, 1, 'standup@x', 1, 's');
             INSERT INTO event_details (id, series_id, title, description, categories, organizer, attendees,
                                        attendee_list, transparent, tentative)
                 VALUES (3, 7, 'Standup', '', '', '', 0, '', 0, 0),
                        (4, 7, 'Standup (moved)', '', '', '', 0, '', 0, 0);
             INSERT INTO event_occurrences (series_id, details_id, occ_key, start_utc, end_utc, all_day)
                 VALUES (7, 3, 1000, 1000, 2800, 0), (7, 4, 5000, 6000, 7800, 0);",
    );
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    let all = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(0, 0).unwrap(),
            Utc.timestamp_opt(10_000, 0).unwrap(),
        )
        .unwrap();
    let titles: Vec<(&str, i64)> = all
        .iter()
        .map(|o| (o.title.as_str(), o.start.timestamp()))
        .collect();
    assert_eq!(titles, [("Standup", 1000), ("Standup (moved)", 6000)]);
    assert_eq!(
        store.calendar_contents().unwrap(),
        [("work".to_string(), "BEGIN:VCALENDAR (the file)".to_string())]
    );
    let id = store.calendar("work").unwrap().unwrap().id;
    assert_eq!(store.count_calendar_occurrences(id).unwrap(), 2);
    store.remove_calendar("work").unwrap();
    let left: (i64, i64) = store
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM event_details), (SELECT count(*) FROM event_occurrences)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(left, (0, 0));
}

/// A large first import builds the start index once after its rows rather than keeping
/// it up row by row; the index must be there after, as the schema made it, and serve
/// window queries. A small import keeps it up, and changes no schema.
#[test]
fn a_large_import_builds_the_start_index_again_and_a_small_one_keeps_it() {
    use chrono::{TimeZone, Utc};
    let mut store = Store::open_in_memory().unwrap();
    let (made, version) = start_index(&store);
    assert!(made.is_some());
    let series = |prefix: &str, n: usize, weeks: i64| -> Vec<crate::domain::event::SeriesRows> {
        (0..n)
            .map(|i| weekly_rows(&format!("{prefix}{i}"), weeks))
            .collect()
    };
    let hashes = |rows: &[crate::domain::event::SeriesRows]| -> Vec<String> {
        rows.iter().map(|s| s.uid.clone()).collect()
    };
    let big = series("big", 50, 500);
    replace_series(
        &mut store,
        &new_calendar("big", "1"),
        big.clone().into_iter().map(Ok),
        &hashes(&big),
    )
    .unwrap();
    let (after, rebuilt) = start_index(&store);
    assert_eq!(
        after, made,
        "the index is there again, as the schema made it"
    );
    assert_ne!(
        rebuilt, version,
        "a 25,000-occurrence first import rebuilds it"
    );
    let plan: String = store
        .conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM event_occurrences WHERE start_utc >= 0 AND start_utc < 604800",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("event_occurrences_by_start"), "{plan}");
    let week = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(604_800 * 10, 0).unwrap(),
            Utc.timestamp_opt(604_800 * 11, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(week.len(), 50);
    // A small calendar beside it: the index is kept up, the schema untouched.
    let small = series("small", 3, 10);
    replace_series(
        &mut store,
        &new_calendar("small", "2"),
        small.clone().into_iter().map(Ok),
        &hashes(&small),
    )
    .unwrap();
    assert_eq!(start_index(&store), (made.clone(), rebuilt));
    // As large as the first but into a journal that holds more: kept up too.
    let second = series("second", 40, 500);
    replace_series(
        &mut store,
        &new_calendar("second", "3"),
        second.clone().into_iter().map(Ok),
        &hashes(&second),
    )
    .unwrap();
    assert_eq!(start_index(&store), (made, rebuilt));
    let week = store
        .list_event_occurrences_between(
            Utc.timestamp_opt(604_800 * 5, 0).unwrap(),
            Utc.timestamp_opt(604_800 * 6, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(week.len(), 50 + 3 + 40);
}

/// The series of an import come while they are expanded; if they stop coming before the
/// end (the expansion failed), nothing of the import lands, not even the index set
/// aside for it.
#[test]
fn an_import_whose_series_stop_coming_changes_nothing() {
    use chrono::{TimeZone, Utc};
    let mut store = Store::open_in_memory().unwrap();
    let first = vec![weekly_rows("kept", 20)];
    replace_series(
        &mut store,
        &new_calendar("work", "1"),
        first.into_iter().map(Ok),
        &["kept".to_string()],
    )
    .unwrap();
    let all = |store: &Store| {
        store
            .list_event_occurrences_between(
                Utc.timestamp_opt(0, 0).unwrap(),
                Utc.timestamp_opt(604_800 * 1000, 0).unwrap(),
            )
            .unwrap()
    };
    let before = (
        all(&store),
        start_index(&store),
        store.calendar("work").unwrap(),
    );
    // Enough to set the index aside, then the stream breaks.
    let mut stream: Vec<Result<crate::domain::event::SeriesRows>> = (0..50)
        .map(|i| Ok(weekly_rows(&format!("new{i}"), 500)))
        .collect();
    stream.push(Err(StoreError::CutOff));
    let mut named = vec!["kept".to_string()];
    named.extend((0..50).map(|i| format!("new{i}")));
    let err = replace_series(&mut store, &new_calendar("work", "2"), stream, &named).unwrap_err();
    assert!(matches!(err, StoreError::CutOff), "{err:?}");
    assert_eq!(
        (
            all(&store),
            start_index(&store),
            store.calendar("work").unwrap()
        ),
        before
    );
}

/// Journal format 12 checks no foreign key on each occurrence written (bearing writes
/// its series just before it); removing a series, or its calendar, still removes its
/// occurrences, by a trigger.
#[test]
fn a_format_11_journal_upgrades_and_removing_a_series_still_removes_its_occurrences() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    old_journal(
        &path,
        11,
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
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    let keys: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM pragma_foreign_key_list('event_occurrences')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(keys, 0, "no key is checked on each occurrence");
    let count = |store: &Store| -> i64 {
        store
            .conn
            .query_row("SELECT count(*) FROM event_occurrences", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&store), 3);
    store
        .conn
        .execute("DELETE FROM event_series WHERE id = 7", [])
        .unwrap();
    assert_eq!(count(&store), 1);
    let mut store = store;
    store.remove_calendar("work").unwrap();
    assert_eq!(count(&store), 0);
}

/// An import reads the calendar's stored series once, before it parses the file, and
/// writes with what it read. Should the journal change in between (another bearing, or
/// this connection) to those series, the write is refused as stale and changes nothing:
/// the series the import left unexpanded, as unchanged by that read, may have changed
/// since. Read again, the same write lands; a write meanwhile to anything else does not
/// make it stale.
#[test]
fn an_import_whose_stored_series_changed_since_it_read_them_is_refused_as_stale() {
    use chrono::{TimeZone, Utc};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut store = Store::open(&path).unwrap();
    let uids = |names: &[&str]| -> Vec<String> { names.iter().map(|n| n.to_string()).collect() };
    let all = |store: &Store| {
        store
            .list_event_occurrences_between(
                Utc.timestamp_opt(0, 0).unwrap(),
                Utc.timestamp_opt(604_800 * 100, 0).unwrap(),
            )
            .unwrap()
    };
    // "a" and "b", three weeks each, at hash 1.
    let two = |store: &mut Store| {
        let rows = [weekly_rows("a", 3), weekly_rows("b", 3)];
        replace_series(
            store,
            &new_calendar("work", "1"),
            rows.map(Ok),
            &uids(&["a", "b"]),
        )
        .unwrap();
    };
    two(&mut store);
    for other_connection in [true, false] {
        let stale = store.stored_series("work").unwrap();
        assert_eq!(stale.hash("a"), Some(1));
        // Meanwhile: "a" rewritten with another hash and 5 weeks, "b" removed.
        let meanwhile = |store: &mut Store| {
            let hashes = [("a", 2)].into_iter().collect();
            let fresh = store.stored_series("work").unwrap();
            store
                .replace_calendar_series(
                    &new_calendar("work", "2"),
                    [Ok(weekly_rows("a", 5))],
                    &hashes,
                    fresh,
                )
                .unwrap()
        };
        if other_connection {
            meanwhile(&mut Store::open(&path).unwrap());
        } else {
            meanwhile(&mut store);
        }
        assert_eq!(all(&store).len(), 5);
        // Now the import that read before: "a" unchanged by its read (so not expanded),
        // and a new "c".
        let hashes = [("a", 1), ("c", 1)].into_iter().collect();
        let rows = || [Ok(weekly_rows("c", 1))];
        let before = (all(&store), store.calendar("work").unwrap());
        let err = store
            .replace_calendar_series(&new_calendar("work", "3"), rows(), &hashes, stale)
            .unwrap_err();
        assert!(matches!(err, StoreError::Stale), "{err:?}");
        assert_eq!(
            (all(&store), store.calendar("work").unwrap()),
            before,
            "other connection: {other_connection}"
        );
        // Read again: "a" is stored at hash 2, so it is not kept as the file's hash 1
        // with no rows; here it is written empty, as an import that had expanded it and
        // found nothing in the window would.
        let fresh = store.stored_series("work").unwrap();
        assert_eq!(fresh.hash("a"), Some(2));
        let stats = store
            .replace_calendar_series(&new_calendar("work", "3"), rows(), &hashes, fresh)
            .unwrap();
        assert_eq!((stats.written, stats.kept, stats.removed), (2, 0, 0));
        assert_eq!(all(&store).len(), 1);
        assert_eq!(
            store.calendar_counts(stats.calendar).unwrap().occurrences,
            1
        );
        // Back to a and b for the next round.
        two(&mut store);
    }
    // A write meanwhile to anything but the calendar's series (a reflection typed in
    // another window) leaves the read good: the import lands.
    let read = store.stored_series("work").unwrap();
    Store::open(&path)
        .unwrap()
        .insert_entry(
            &crate::domain::NewEntry {
                kind: crate::domain::EntryKind::Reflection,
                at: chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap(),
                body: "typed meanwhile".into(),
            },
            None,
        )
        .unwrap();
    let stats = store
        .replace_calendar_series(
            &new_calendar("work", "4"),
            [Ok(weekly_rows("c", 2))],
            &[("a", 1), ("b", 1), ("c", 1)].into_iter().collect(),
            read,
        )
        .unwrap();
    assert_eq!((stats.written, stats.kept), (1, 2));
}

/// A refresh writes only the rows that differ; what it leaves must be what a first
/// import of the same events gives, and the calendar's count must be the rows' count.
#[test]
fn a_refresh_that_changes_rows_in_place_ends_as_a_fresh_import_would() {
    use chrono::{TimeZone, Utc};
    // 20 one-off meetings and 10 weekly series of 8, as a calendar file gives them; then
    // meeting 3 retitled, series 21 moved an hour, 22 three fewer, 23 two more, meeting 5
    // gone, and series 24's first occurrence moved an hour later by an override with its
    // own title.
    let first = meetings(false);
    let second = meetings(true);
    assert_ne!(first, second);
    let occurrences = |store: &Store| {
        let mut all: Vec<String> = store
            .list_event_occurrences_between(
                Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap(),
            )
            .unwrap()
            .into_iter()
            .map(|mut o| {
                o.id = 0;
                format!("{o:?}")
            })
            .collect();
        all.sort();
        all
    };
    let mut refreshed = Store::open_in_memory().unwrap();
    refreshed
        .replace_calendar(&new_calendar("work", "first"), &first)
        .unwrap();
    let stats = refreshed
        .replace_calendar(&new_calendar("work", "second"), &second)
        .unwrap();
    assert_eq!(stats.written, 5, "{stats:?}");
    let mut fresh = Store::open_in_memory().unwrap();
    fresh
        .replace_calendar(&new_calendar("work", "second"), &second)
        .unwrap();
    let (got, want) = (occurrences(&refreshed), occurrences(&fresh));
    assert_eq!(got, want);
    assert_eq!(got.iter().filter(|o| o.contains("\"Moved\"")).count(), 1);
    assert_eq!(got.len(), 20 - 1 + 8 * 8 + 5 + 10);
    let id = refreshed.calendar("work").unwrap().unwrap().id;
    let counted: i64 = refreshed
        .conn
        .query_row("SELECT count(*) FROM event_occurrences", [], |r| r.get(0))
        .unwrap();
    assert_eq!(refreshed.count_calendar_occurrences(id).unwrap(), counted);
    assert_eq!(counted as usize, got.len());
    assert_eq!(second.len(), got.len());
    // Texts no occurrence uses are not left behind.
    let orphans: i64 = refreshed
        .conn
        .query_row(
            "SELECT count(*) FROM event_details d
             WHERE NOT EXISTS (SELECT 1 FROM event_occurrences o WHERE o.details_id = d.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn an_export_from_before_calendar_files_restores_with_its_calendars_files() {
    let text = "BEGIN:VCALENDAR\r\n(three meetings and two series of four)\r\nEND:VCALENDAR\r\n";
    // Three one-off meetings and two weekly series of four.
    let all = meetings(false);
    let mut occurrences = Vec::new();
    for n in [0, 1, 2, 20, 21] {
        let uid = format!("meeting-{n}@example");
        occurrences.extend(all.iter().filter(|o| o.uid == uid).take(4).cloned());
    }
    let mut store = Store::open_in_memory().unwrap();
    let cal = NewCalendar {
        content: text,
        ..new_calendar("work", "h")
    };
    store.replace_calendar(&cal, &occurrences).unwrap();
    let mut doc = serde_json::Value::Object(store.export_json().unwrap());
    // As journal format 10 wrote it: the file in the calendar's row, no count.
    let tables = doc["tables"].as_object_mut().unwrap();
    let files = tables.remove("calendar_files").unwrap();
    let calendar = &mut tables.get_mut("calendars").unwrap()[0];
    calendar["content"] = files[0]["content"].clone();
    calendar.as_object_mut().unwrap().remove("occurrences");
    doc["schema"] = serde_json::Value::from(10);
    let mut restored = Store::open_in_memory().unwrap();
    restored.restore_json(&doc).unwrap();
    assert_eq!(
        restored.calendar_contents().unwrap(),
        [("work".to_string(), text.to_string())]
    );
    let id = restored.calendar("work").unwrap().unwrap().id;
    assert_eq!(
        restored.count_calendar_occurrences(id).unwrap(),
        3 + 2 * 4,
        "the count is taken from the rows"
    );
}

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;
/// Monday 5 January 2026, midnight UTC.
const MEETINGS_START: i64 = 1_767_571_200;

/// The meetings of a calendar: 20 one-off meetings ("Meeting 0" to "Meeting 19", a day
/// apart) and 10 weekly series of 8 ("Meeting 20" to "Meeting 29"), each with two
/// attendees. `changed`, as a later read of the same calendar: meeting 3 retitled,
/// meeting 5 gone, series 21 an hour later (so under new occurrence keys), 22 with 5
/// occurrences and 23 with 10, and series 24's first occurrence an hour later under its
/// own title, "Moved" (the same key).
fn meetings(changed: bool) -> Vec<crate::domain::event::EventOccurrence> {
    use crate::domain::event::{Attendee, EventOccurrence, PartStat};
    let at = |seconds: i64| chrono::DateTime::from_timestamp(seconds, 0).unwrap();
    let meeting = |n: i64, key: i64, start: i64, recurring: bool| EventOccurrence {
        calendar: "work".into(),
        uid: format!("meeting-{n}@example").into(),
        key,
        title: format!("Meeting {n}").into(),
        attendees: 2,
        attendee_list: ["a@x", "b@x"]
            .map(|address| Attendee {
                address: address.into(),
                partstat: PartStat::NeedsAction,
            })
            .to_vec()
            .into(),
        start: at(start),
        end: at(start + 30 * 60),
        recurring,
        ..EventOccurrence::default()
    };
    let mut all = Vec::new();
    for n in 0..20 {
        if changed && n == 5 {
            continue;
        }
        let start = MEETINGS_START + n * DAY + 9 * HOUR;
        let mut o = meeting(n, start, start, false);
        if changed && n == 3 {
            o.title.push_str(" (renamed)");
        }
        all.push(o);
    }
    for n in 20..30 {
        let (weeks, later) = match (changed, n) {
            (true, 21) => (8, HOUR),
            (true, 22) => (5, 0),
            (true, 23) => (10, 0),
            _ => (8, 0),
        };
        for w in 0..weeks {
            let start = MEETINGS_START + n * DAY + w * WEEK + 10 * HOUR + later;
            let mut o = meeting(n, start, start, true);
            if changed && n == 24 && w == 0 {
                o.title = "Moved".into();
                o.start = at(start + HOUR);
                o.end = at(start + HOUR + 30 * 60);
            }
            all.push(o);
        }
    }
    all
}

/// Weekly occurrences of series `uid` for `weeks` weeks.
pub(super) fn weekly_rows(uid: &str, weeks: i64) -> crate::domain::event::SeriesRows {
    use crate::domain::event::{EventText, OccurrenceRow, SeriesRows};
    SeriesRows {
        uid: uid.into(),
        recurring: true,
        texts: vec![EventText {
            title: format!("Series {uid}"),
            ..EventText::default()
        }],
        occurrences: (0..weeks)
            .map(|w| OccurrenceRow {
                text: 0,
                key: w * 604_800,
                start: w * 604_800,
                end: w * 604_800 + 1800,
                all_day: false,
            })
            .collect(),
    }
}

pub(super) fn new_calendar<'a>(name: &'a str, hash: &'a str) -> crate::store::NewCalendar<'a> {
    let now = chrono::DateTime::from_timestamp(0, 0).unwrap();
    crate::store::NewCalendar {
        name,
        source: "f.ics",
        source_key: None,
        calname: None,
        content: "BEGIN:VCALENDAR",
        content_hash: hash,
        imported_at: now,
        horizon_end: now,
    }
}

/// The index of occurrences by start as the schema holds it, and the schema's version
/// (which any change to the schema moves).
fn start_index(store: &Store) -> (Option<String>, i64) {
    let sql = store
        .conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'event_occurrences_by_start'",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap();
    let version = store
        .conn
        .pragma_query_value(None, "schema_version", |r| r.get(0))
        .unwrap();
    (sql, version)
}

/// Replaces calendar `cal` with `series`, naming the series `uids`, each with one hash.
pub(super) fn replace_series<R: std::borrow::Borrow<crate::domain::event::SeriesRows>>(
    store: &mut Store,
    cal: &NewCalendar<'_>,
    series: impl IntoIterator<Item = Result<R>>,
    uids: &[String],
) -> Result<super::ReplaceStats> {
    let hashes = uids.iter().map(|u| (u.as_str(), 1)).collect();
    let stored = store.stored_series(cal.name)?;
    store.replace_calendar_series(cal, series, &hashes, stored)
}
