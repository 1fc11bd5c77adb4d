//! Store tests on in-memory and tempfile journals.

use super::*;
use crate::domain::history::{ItemId, ItemKind};
use crate::domain::{EntryKind, NewEntry};
use chrono::{DateTime, NaiveDate};
use rusqlite::OptionalExtension;
use std::fs;
use std::path::Path;

fn entry_at(at: &str, body: &str) -> NewEntry {
    NewEntry {
        kind: EntryKind::Reflection,
        at: DateTime::parse_from_rfc3339(at).unwrap(),
        body: body.to_string(),
    }
}

/// The ids of the entries whose text matches `query`, best first, at most `limit`.
pub(super) fn entries_found(store: &Store, query: &str, limit: usize) -> Vec<i64> {
    found(store, query)
        .into_iter()
        .filter_map(|id| match id {
            ItemId::Entry(id) => Some(id),
            ItemId::Conversation(_) => None,
        })
        .take(limit)
        .collect()
}

/// The ids of the conversations whose text matches `query`, best first, at most `limit`.
pub(super) fn conversations_found(store: &Store, query: &str, limit: usize) -> Vec<i64> {
    found(store, query)
        .into_iter()
        .filter_map(|id| match id {
            ItemId::Conversation(id) => Some(id),
            ItemId::Entry(_) => None,
        })
        .take(limit)
        .collect()
}

/// Every entry and conversation matching `query`, best first.
fn found(store: &Store, query: &str) -> Vec<ItemId> {
    store
        .search_journal(
            query,
            &JournalFilter::default(),
            usize::MAX,
            SearchOptions::EVERY_MATCH,
        )
        .unwrap()
        .unwrap_or_default()
        .into_iter()
        .map(|row| row.id)
        .collect()
}

/// The passphrase of the encrypted journals of tests.
pub(super) fn pass() -> Passphrase {
    Passphrase::new("correct horse battery staple".into()).unwrap()
}

/// Makes the journal file `path` as an older bearing left it: schema `version`, holding
/// the rows `sql` writes.
pub(super) fn old_journal(path: &std::path::Path, version: usize, sql: &str) {
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    migrations::MIGRATIONS
        .to_version(&mut conn, version)
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn migrates_from_empty_to_the_latest_schema() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert_eq!(store.count_entries().unwrap(), 0);
    let app: i32 = store
        .conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn migrations_are_valid() {
    migrations::MIGRATIONS.validate().unwrap();
}

#[test]
fn reopening_keeps_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .insert_entry(&entry_at("2026-11-22T09:00:00+01:00", "kept #safe"), None)
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let all = store.list_entries(&JournalFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].body, "kept #safe");
    assert_eq!(all[0].tags, ["safe"]);
}

#[test]
fn a_blank_sqlite_file_or_empty_file_becomes_a_journal() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    fs::write(&empty, b"").unwrap();
    assert!(Store::open(&empty).is_ok());
    let blank = dir.path().join("blank.db");
    Connection::open(&blank)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    assert!(Store::open(&blank).is_ok());
}

#[test]
fn a_journal_from_a_newer_bearing_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_schema_version() + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer bearing"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn files_that_are_not_journals_are_refused_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "notes.txt",
            b"Dear diary,\nthis is not a database.\n".to_vec(),
        ),
        (
            "random.bin",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        ("short", b"SQLite".to_vec()),
        // Right magic, garbage after: SQLite itself must say it is not a database.
        (
            "fake.db",
            [b"SQLite format 3\0".as_slice(), &[0xAB; 2000]].concat(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).unwrap_err();
        if name == "random.bin" {
            // Whole pages of random bytes are what an encrypted journal looks like: only a
            // key can tell, and no key opens them.
            assert!(matches!(err, StoreError::Encrypted(_)), "{name}: {err}");
            let key = super::Key::for_journal(&path, &pass()).unwrap();
            let err = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap_err();
            assert!(
                matches!(err, StoreError::WrongPassphrase(_)),
                "{name}: {err}"
            );
        } else {
            assert!(matches!(err, StoreError::NotAJournal(_)), "{name}: {err}");
        }
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name} was modified");
        assert!(
            !dir.path().join(format!("{name}-wal")).exists(),
            "{name}: WAL created"
        );
    }
}

#[test]
fn another_programs_sqlite_database_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::ForeignDatabase(_)), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn the_journal_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("bearing").join("journal.db");
    let mut store = Store::open(&path).unwrap();
    store
        .insert_entry(&entry_at("2026-11-22T09:00:00+01:00", "private"), None)
        .unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let wal = path.with_file_name("journal.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
}

#[cfg(unix)]
#[test]
fn an_existing_journal_with_loose_permissions_is_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(Store::open(&path).unwrap());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn entries_keep_tags_and_people_in_order_with_unicode_names() {
    let mut store = Store::open_in_memory().unwrap();
    let saved = store
        .insert_entry(
            &entry_at(
                "2026-11-22T18:05:00+09:00",
                "1:1 with @Zoë and @田中 about #growth #キャリア; @zoë agreed",
            ),
            None,
        )
        .unwrap();
    assert_eq!(saved.tags, ["growth", "キャリア"]);
    assert_eq!(saved.people, ["Zoë", "田中"]);
    assert_eq!(saved.day, day("2026-11-22"));
    assert_eq!(saved.at.to_rfc3339(), "2026-11-22T18:05:00+09:00");
    let by_person = |p: &str| {
        store
            .list_entries(&JournalFilter {
                person: Some(p.into()),
                ..Default::default()
            })
            .unwrap()
    };
    assert_eq!(by_person("ZOË").len(), 1);
    assert_eq!(by_person("@田中").len(), 1);
    assert_eq!(by_person("Sam").len(), 0);
}

#[test]
fn a_person_keeps_the_name_first_written() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_entry(&entry_at("2026-11-20T09:00:00Z", "met @Sam"), None)
        .unwrap();
    let later = store
        .insert_entry(&entry_at("2026-11-21T09:00:00Z", "then @sam again"), None)
        .unwrap();
    assert_eq!(later.people, ["Sam"]);
}

#[test]
fn filters_combine() {
    let mut store = Store::open_in_memory().unwrap();
    for (at, body) in [
        ("2026-11-20T09:00:00+01:00", "#growth with @Sam"),
        ("2026-11-21T09:00:00+01:00", "#growth with @Ana"),
        ("2026-11-22T09:00:00+01:00", "#budget with @Sam"),
        ("2026-11-23T09:00:00+01:00", "#growth with @Sam"),
    ] {
        store.insert_entry(&entry_at(at, body), None).unwrap();
    }
    let list = |f: JournalFilter| -> Vec<String> {
        store
            .list_entries(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.day.to_string())
            .collect()
    };
    assert_eq!(
        list(JournalFilter {
            tag: Some("#Growth".into()),
            person: Some("sam".into()),
            ..Default::default()
        }),
        ["2026-11-20", "2026-11-23"]
    );
    assert_eq!(
        list(JournalFilter {
            from: Some(day("2026-11-21")),
            to: Some(day("2026-11-22")),
            ..Default::default()
        }),
        ["2026-11-21", "2026-11-22"]
    );
    assert_eq!(
        list(JournalFilter {
            kind: Some(ItemKind::Entry(EntryKind::Note)),
            ..Default::default()
        }),
        Vec::<String>::new()
    );
}

#[test]
fn full_text_search_finds_words_and_prefixes() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_entry(
            &entry_at(
                "2026-11-20T09:00:00Z",
                "Explained the why behind the migration",
            ),
            None,
        )
        .unwrap();
    store
        .insert_entry(
            &entry_at(
                "2026-11-21T09:00:00Z",
                "Celebrated a small win with the team",
            ),
            None,
        )
        .unwrap();
    store
        .insert_entry(
            &entry_at("2026-11-22T09:00:00Z", "Naïve plan: réunion d'équipe"),
            None,
        )
        .unwrap();
    let found = |q: &str| -> Vec<i64> { entries_found(&store, q, 10) };
    assert_eq!(found("migration"), [1]);
    assert_eq!(found("celebr*"), [2]);
    assert_eq!(found("MIGRATION"), [1]);
    assert_eq!(found("\"small win\""), [2]);
    assert_eq!(found("\"win small\""), Vec::<i64>::new());
    assert_eq!(found("reunion"), [3], "diacritics are folded");
    let mut with_the = found("the");
    with_the.sort();
    assert_eq!(with_the, [1, 2]);
    assert_eq!(found("nothing-like-this"), Vec::<i64>::new());
    // FTS operators typed by a user are words, not syntax errors.
    assert!(
        store
            .search_journal(
                "AND OR NOT ( \" *",
                &JournalFilter::default(),
                10,
                SearchOptions::EVERY_MATCH
            )
            .is_ok()
    );
}

#[test]
fn fts_queries_are_always_well_formed() {
    let cases = [
        ("hello", Some("\"hello\"")),
        ("  two   words ", Some("\"two\" \"words\"")),
        ("pre*", Some("\"pre\"*")),
        ("\"a phrase\" x", Some("\"a phrase\" \"x\"")),
        ("\"unclosed phrase", Some("\"unclosed phrase\"")),
        ("say \"hi", Some("\"say\" \"hi\"")),
        ("AND", Some("\"AND\"")),
        ("*** ()", None),
        ("", None),
    ];
    for (input, want) in cases {
        assert_eq!(fts_query(input).as_deref(), want, "{input:?}");
    }
}

#[test]
fn saving_an_entry_clears_its_draft_in_the_same_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    let draft = Draft {
        kind: EntryKind::Note,
        body: "half a thought".into(),
        saved_at: DateTime::parse_from_rfc3339("2026-11-22T09:00:00Z").unwrap(),
    };
    store.save_draft("today", &draft).unwrap();
    assert_eq!(store.draft("today").unwrap(), Some(draft.clone()));
    store
        .save_draft(
            "today",
            &Draft {
                body: "a whole thought".into(),
                ..draft
            },
        )
        .unwrap();
    assert_eq!(
        store.draft("today").unwrap().unwrap().body,
        "a whole thought"
    );
    store
        .insert_entry(
            &entry_at("2026-11-22T09:01:00Z", "a whole thought"),
            Some("today"),
        )
        .unwrap();
    assert_eq!(store.draft("today").unwrap(), None);
}

#[test]
fn an_oversized_entry_is_refused_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let huge = "x".repeat(crate::domain::entry::MAX_BODY_BYTES + 1);
    assert!(matches!(
        store.insert_entry(&entry_at("2026-11-22T09:00:00Z", &huge), None),
        Err(StoreError::BadData(_))
    ));
    assert_eq!(store.count_entries().unwrap(), 0);
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(Store::open(&path).unwrap());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..100 {
                    let body = format!("writer {w} entry {i} #w{w} @Person{i}");
                    store
                        .insert_entry(&entry_at("2026-11-22T09:00:00Z", &body), None)
                        .unwrap();
                    let draft = Draft {
                        kind: EntryKind::Note,
                        body,
                        saved_at: DateTime::parse_from_rfc3339("2026-11-22T09:00:00Z").unwrap(),
                    };
                    store.save_draft("today", &draft).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count_entries().unwrap(), 200);
    for w in 0..2 {
        let filter = JournalFilter {
            tag: Some(format!("w{w}")),
            ..Default::default()
        };
        assert_eq!(store.list_entries(&filter).unwrap().len(), 100);
    }
}

#[test]
fn an_import_that_fails_half_way_leaves_the_calendar_as_it_was() {
    use crate::domain::event::EventOccurrence;
    use crate::store::NewCalendar;
    use chrono::Utc;
    let mut store = Store::open_in_memory().unwrap();
    let occ = |title: &str, hour: i64| EventOccurrence {
        id: 0,
        calendar: "work".into(),
        uid: format!("{title}@x"),
        key: hour,
        title: title.into(),
        description: String::new(),
        categories: vec![],
        organizer: String::new(),
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
                description: "a long agenda ".repeat(100),
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
fn a_journal_whose_making_was_cut_short_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    // What a process killed while writing a new journal's schema leaves: the first pages
    // in the file, and a rollback journal saying the file was empty before.
    {
        let whole = dir.path().join("whole.db");
        let conn = Connection::open(&whole).unwrap();
        conn.execute_batch("CREATE TABLE a (x); CREATE TABLE b (y); CREATE TABLE c (z);")
            .unwrap();
        drop(conn);
        let bytes = fs::read(&whole).unwrap();
        fs::write(&path, &bytes[..4096]).unwrap();
        let mut journal = vec![0u8; 512];
        journal[..8].copy_from_slice(&[0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
        journal[20..24].copy_from_slice(&512u32.to_be_bytes()); // sector size
        journal[24..28].copy_from_slice(&4096u32.to_be_bytes()); // page size
        fs::write(dir.path().join("journal.db-journal"), &journal).unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    store
        .insert_entry(&entry_at("2026-11-22T09:00:00+01:00", "made again"), None)
        .unwrap();
    assert_eq!(store.count_entries().unwrap(), 1);
    assert_eq!(store.integrity_check().unwrap(), "ok");
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

/// A refresh writes only the rows that differ; what it leaves must be what a first
/// import of the same file gives, and the calendar's count must be the rows' count.
#[test]
fn a_refresh_that_changes_rows_in_place_ends_as_a_fresh_import_would() {
    use chrono::{TimeZone, Utc};
    let zone = chrono_tz::Europe::Berlin;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let first = crate::seed::calendar_ics(20, 10, 8, 2026, 1, 5);
    let mut events: Vec<String> = first.split("BEGIN:VEVENT").map(str::to_string).collect();
    let tail = events.pop().unwrap();
    let (last, end) = tail.split_once("END:VEVENT\r\n").unwrap();
    events.push(format!("{last}END:VEVENT\r\n"));
    let head = events.remove(0);
    // Event 3 retitled; series 21 moved an hour; 22 three fewer, 23 two more; 5 gone.
    events[3] = events[3].replace("\r\nDTSTART", " (renamed)\r\nDTSTART");
    events[21] = events[21]
        .split("\r\n")
        .map(|line| match line.split_once(':') {
            Some((name, value)) if name.starts_with("DTSTART") || name.starts_with("DTEND") => {
                let hour: u32 = value[9..11].parse().unwrap();
                format!("{name}:{}{:02}{}", &value[..9], hour + 1, &value[11..])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    events[22] = events[22].replace("COUNT=8", "COUNT=5");
    events[23] = events[23].replace("COUNT=8", "COUNT=10");
    // Series 24's first occurrence moved an hour later by an override, with its own title.
    let start = events[24]
        .lines()
        .find_map(|l| l.strip_prefix("DTSTART;TZID=Europe/Berlin:"))
        .unwrap()
        .to_string();
    let uid = events[24]
        .lines()
        .find_map(|l| l.strip_prefix("UID:"))
        .unwrap()
        .to_string();
    let hour: u32 = start[9..11].parse().unwrap();
    let later = format!("{}{:02}{}", &start[..9], hour + 1, &start[11..]);
    events.push(format!(
        "\r\nUID:{uid}\r\nRECURRENCE-ID;TZID=Europe/Berlin:{start}\r\nSUMMARY:Moved\r\nDTSTART;TZID=Europe/Berlin:{later}\r\nDURATION:PT30M\r\nEND:VEVENT\r\n"
    ));
    events.remove(5);
    let second = format!("{head}BEGIN:VEVENT{}{end}", events.join("BEGIN:VEVENT"));
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
    crate::service::import_as(&mut refreshed, "work", "work.ics", &first, zone, now).unwrap();
    let summary =
        crate::service::import_as(&mut refreshed, "work", "work.ics", &second, zone, now).unwrap();
    assert_eq!(summary.series_written, 5, "{summary:?}");
    let mut fresh = Store::open_in_memory().unwrap();
    crate::service::import_as(&mut fresh, "work", "work.ics", &second, zone, now).unwrap();
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
    assert_eq!(summary.occurrences, got.len());
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
    use chrono::{TimeZone, Utc};
    let zone = chrono_tz::Europe::Berlin;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let text = crate::seed::calendar_ics(3, 2, 4, 2026, 1, 9);
    let mut store = Store::open_in_memory().unwrap();
    crate::service::import_as(&mut store, "work", "work.ics", &text, zone, now).unwrap();
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
        [("work".to_string(), text)]
    );
    let id = restored.calendar("work").unwrap().unwrap().id;
    assert_eq!(
        restored.count_calendar_occurrences(id).unwrap(),
        3 + 2 * 4,
        "the count is taken from the rows"
    );
}

/// Weekly occurrences of series `uid` for `weeks` weeks.
fn weekly_rows(uid: &str, weeks: i64) -> crate::domain::event::SeriesRows {
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

fn new_calendar<'a>(name: &'a str, hash: &'a str) -> crate::store::NewCalendar<'a> {
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
fn replace_series<R: std::borrow::Borrow<crate::domain::event::SeriesRows>>(
    store: &mut Store,
    cal: &NewCalendar<'_>,
    series: impl IntoIterator<Item = Result<R>>,
    uids: &[String],
) -> Result<super::ReplaceStats> {
    let hashes = uids.iter().map(|u| (u.as_str(), 1)).collect();
    let stored = store.stored_series(cal.name)?;
    store.replace_calendar_series(cal, series, &hashes, stored)
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
