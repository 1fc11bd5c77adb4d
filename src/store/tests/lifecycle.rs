//! Opening the journal's file: a new one is made private, files that are not journals
//! (or are newer ones) are refused untouched, migrations run, two writers lose nothing.

use super::*;

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

/// The descriptors this process has open on the file `path` names now.
#[cfg(target_os = "linux")]
fn open_descriptors(path: &Path) -> usize {
    fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| fs::read_link(e.ok()?.path()).ok())
        .filter(|target| target == path)
        .count()
}

/// A journal holding one reflection, `body`, closed.
fn journal_saying(path: &Path, body: &str) {
    let mut store = Store::open(path).unwrap();
    store
        .insert_entry(&entry_at("2026-11-22T09:00:00+01:00", body), None)
        .unwrap();
}

#[test]
fn a_write_to_a_journal_renamed_over_says_so_and_never_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let other = dir.path().join("new.db");
    journal_saying(&path, "old");
    journal_saying(&other, "new");
    // A connection on the journal in rollback mode (as `encrypt` leaves the old file),
    // then the new file renamed over it (as `encrypt` finishes).
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    fs::rename(&other, &path).unwrap();
    let e = conn
        .execute("DELETE FROM entries", [])
        .expect_err("SQLite notices the file moved");
    assert_eq!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly));
    assert!(moved(&e));
    let said = StoreError::from(e).to_string();
    assert!(
        said.contains("the journal was replaced while bearing read it (another bearing encrypted or restored it); run the command again"),
        "{said}"
    );
    assert!(!said.contains("read-only"), "{said}");
    let given_up = StoreError::Replaced(path.clone()).to_string();
    assert!(given_up.contains("run the command again") && !given_up.contains("read-only"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_journal_renamed_over_while_it_is_opened_is_opened_anew() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let other = dir.path().join("new.db");
    journal_saying(&path, "old");
    journal_saying(&other, "new");
    // As `encrypt` holds the old journal: alone, in rollback mode, locked exclusively.
    let holder = Connection::open(&path).unwrap();
    holder
        .execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;",
        )
        .unwrap();
    let held = open_descriptors(&path);
    let opening = {
        let path = path.clone();
        std::thread::spawn(move || Store::open(&path))
    };
    // Wait until the opening's connection has the old file open and waits for its lock
    // (a descriptor that stays), then rename the new file over it and let go.
    let mut steady = 0;
    let started = std::time::Instant::now();
    while steady < 6 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the opening never waited on the old file"
        );
        steady = if open_descriptors(&path) > held {
            steady + 1
        } else {
            0
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    fs::rename(&other, &path).unwrap();
    drop(holder);
    let store = opening.join().unwrap().expect("the new journal opens");
    let bodies: Vec<String> = store
        .list_entries(&JournalFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    assert_eq!(bodies, ["new"]);
}
