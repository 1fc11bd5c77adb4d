//! Encrypted journals: nothing readable in any file, a wrong passphrase changes nothing,
//! plain and encrypted say which they are, rewrites keep every row, and the checks done on
//! opening (the write-ahead log's, a read-only file's) hold for them too.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;

use super::pass;
use super::*;
use crate::domain::{EntryKind, NewEntry};
use crate::store::lifecycle::{cipher, files};

const WORD: &str = "Zanzibarquokka";

fn key_for(path: &Path) -> Key {
    Key::for_journal(path, &pass()).unwrap()
}

fn entry(body: &str) -> NewEntry {
    NewEntry {
        kind: EntryKind::Reflection,
        at: chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap(),
        body: body.to_string(),
    }
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    files::sidecar(path, suffix)
}

/// The bytes of the journal and of its `-wal` and `-shm`.
fn snapshot(path: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| fs::read(side(path, s)).ok())
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// An encrypted journal with `n` reflections, closed.
fn encrypted_journal(path: &Path, n: usize) -> Key {
    let key = key_for(path);
    let mut store = Store::open_encrypted(path, OpenMode::Write, &key).unwrap();
    let entries: Vec<_> = (0..n)
        .map(|i| entry(&format!("entry {i}: {}", "a longer reflection ".repeat(10))))
        .collect();
    store.insert_entries(&entries).unwrap();
    key
}

/// Adds `n` reflections through a connection that closes without a checkpoint, so they
/// stay in the `-wal`, as a process killed before it could checkpoint leaves them.
fn add_leaving_wal(path: &Path, key: &Key, n: usize, what: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    key.apply(&conn, "main").unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    for i in 0..n {
        conn.execute(
            "INSERT INTO entries (kind, at, at_utc, day, body) VALUES ('reflection', '2026-11-20T09:00:00+01:00', 1795680000, '2026-11-20', ?1)",
            [format!("{what} {i} {}", "filling pages ".repeat(20))],
        )
        .unwrap();
    }
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .unwrap();
    drop(conn);
    assert!(side(path, "-wal").exists());
}

#[test]
fn no_word_written_is_in_the_journal_its_wal_or_its_shm() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = key_for(&path);
    let mut store = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap();
    store
        .insert_entry(&entry(&format!("Told @Patricia about {WORD} #stay")), None)
        .unwrap();
    let draft = Draft {
        kind: EntryKind::Reflection,
        body: format!("half-typed {WORD}"),
        saved_at: chrono::DateTime::parse_from_rfc3339("2026-11-20T09:01:00+01:00").unwrap(),
    };
    store.save_draft("today", &draft).unwrap();
    // Open, the latest writes are in the write-ahead log.
    let open = snapshot(&path);
    assert!(open[1].as_ref().is_some_and(|w| !w.is_empty()), "a -wal");
    assert!(open[2].is_some(), "a -shm");
    for (file, bytes) in ["journal", "-wal", "-shm"].iter().zip(&open) {
        let bytes = bytes.as_deref().unwrap_or_default();
        assert!(!contains(bytes, WORD), "{file} holds the word");
        assert!(!contains(bytes, "Patricia"), "{file} holds the name");
    }
    let main = open[0].as_ref().unwrap();
    assert_ne!(&main[..16], b"SQLite format 3\0");
    // Search still finds it, and after closing the file holds it all, unreadably.
    assert_eq!(
        store
            .search_journal(
                WORD,
                &JournalFilter::default(),
                10,
                SearchOptions::EVERY_MATCH
            )
            .unwrap()
            .unwrap()
            .len(),
        1
    );
    drop(store);
    assert!(!contains(&fs::read(&path).unwrap(), WORD));
    let store = Store::open_encrypted(&path, OpenMode::Read, &key_for(&path)).unwrap();
    assert!(store.is_encrypted());
    let cache: i64 = store
        .conn
        .pragma_query_value(None, "cache_size", |r| r.get(0))
        .unwrap();
    assert_eq!(cache, cipher::CACHE_KIB, "the larger page cache");
    assert_eq!(
        store
            .search_journal(
                WORD,
                &JournalFilter::default(),
                10,
                SearchOptions::EVERY_MATCH
            )
            .unwrap()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.draft("today").unwrap().unwrap().body, draft.body);
    // The search itself is sound: in a plain journal the same words are there to find.
    let plain = dir.path().join("plain.db");
    let mut store = Store::open(&plain).unwrap();
    store
        .insert_entry(&entry(&format!("Told @Patricia about {WORD} #stay")), None)
        .unwrap();
    assert!(snapshot(&plain).iter().flatten().any(|b| contains(b, WORD)));
}

#[test]
fn a_wrong_passphrase_is_refused_and_every_file_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 20);
    add_leaving_wal(&path, &key, 30, "unsaved");
    let before = snapshot(&path);
    let wrong = Key::for_journal(&path, &Passphrase::new("wrong".into()).unwrap()).unwrap();
    for mode in [OpenMode::Read, OpenMode::Write] {
        let err = Store::open_encrypted(&path, mode, &wrong).unwrap_err();
        assert!(matches!(err, StoreError::WrongPassphrase(_)), "{err}");
        assert!(err.to_string().contains("passphrase"), "{err}");
        assert!(snapshot(&path) == before, "the files stay byte for byte");
    }
    // The right one opens it, its crash-left log replayed.
    let store = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap();
    assert_eq!(store.count_entries().unwrap(), 50);
}

#[test]
fn a_plain_journal_and_an_encrypted_one_say_which_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db");
    drop(Store::open(&plain).unwrap());
    let bytes = fs::read(&plain).unwrap();
    let err = Store::open_encrypted(&plain, OpenMode::Read, &key_for(&plain)).unwrap_err();
    assert!(matches!(err, StoreError::NotEncrypted(_)), "{err}");
    assert!(err.to_string().contains("plain journal"), "{err}");
    assert_eq!(fs::read(&plain).unwrap(), bytes);

    let secret = dir.path().join("secret.db");
    encrypted_journal(&secret, 1);
    let bytes = fs::read(&secret).unwrap();
    for mode in [OpenMode::Read, OpenMode::Write] {
        let err = Store::open_with(&secret, mode).unwrap_err();
        assert!(matches!(err, StoreError::Encrypted(_)), "{err}");
        assert!(err.to_string().contains("encrypted journal"), "{err}");
    }
    assert_eq!(fs::read(&secret).unwrap(), bytes);
}

#[test]
fn encrypting_and_decrypting_keep_every_row_and_the_search_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut store = Store::open(&path).unwrap();
    store
        .insert_entries(
            &(0..200)
                .map(|i| entry(&format!("note {i} #t{}", i % 7)))
                .collect::<Vec<_>>(),
        )
        .unwrap();
    store
        .insert_entry(&entry(&format!("{WORD} with @Sam")), None)
        .unwrap();
    let before = store.export_json().unwrap();
    let key = Key::for_new_file(&pass()).unwrap();
    let done = store.rewrite(Some(&key)).unwrap();
    assert!(done.rows > 201 && done.tables > 10, "{done:?}");
    let bytes = fs::read(&path).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert!(!contains(&bytes, WORD));
    assert!(!side(&path, "-wal").exists());
    let store = Store::open_encrypted(&path, OpenMode::Write, &key_for(&path)).unwrap();
    assert_eq!(store.export_json().unwrap(), before);
    assert_eq!(
        store
            .search_journal(
                WORD,
                &JournalFilter::default(),
                5,
                SearchOptions::EVERY_MATCH
            )
            .unwrap()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    store.rewrite(None).unwrap();
    let store = Store::open(&path).unwrap();
    assert!(!store.is_encrypted());
    assert_eq!(store.export_json().unwrap(), before);
    assert_eq!(
        store
            .search_journal(
                WORD,
                &JournalFilter::default(),
                5,
                SearchOptions::EVERY_MATCH
            )
            .unwrap()
            .unwrap()
            .len(),
        1
    );
    // Nothing of the rewrites is left beside the journal.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("journal.db"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn a_new_passphrase_opens_the_rewritten_journal_and_the_old_one_no_longer_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 10);
    let old_salt = fs::read(&path).unwrap()[..16].to_vec();
    let store = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap();
    let new = Passphrase::new("a new one".into()).unwrap();
    store
        .rewrite(Some(&Key::for_new_file(&new).unwrap()))
        .unwrap();
    assert_ne!(
        fs::read(&path).unwrap()[..16].to_vec(),
        old_salt,
        "a fresh salt"
    );
    let err = Store::open_encrypted(&path, OpenMode::Read, &key_for(&path)).unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase(_)), "{err}");
    let store = Store::open_encrypted(
        &path,
        OpenMode::Read,
        &Key::for_journal(&path, &new).unwrap(),
    )
    .unwrap();
    assert_eq!(store.count_entries().unwrap(), 10);
}

#[test]
fn a_rewrite_needs_the_journal_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 5);
    let mut first = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap();
    first.insert_entry(&entry("still open"), None).unwrap();
    let second = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap();
    let err = second.rewrite(None).unwrap_err();
    assert!(matches!(err, StoreError::InUse(_)), "{err}");
    // The first goes on writing, to the journal it has.
    first.insert_entry(&entry("and writing"), None).unwrap();
    drop(first);
    let store = Store::open_encrypted(&path, OpenMode::Read, &key).unwrap();
    assert_eq!(store.count_entries().unwrap(), 7);
}

#[test]
fn another_encrypted_databases_wal_beside_the_journal_is_refused_and_never_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    encrypted_journal(&path, 5);
    // Another encrypted journal, with the same passphrase but its own salt.
    let other = dir.path().join("other.db");
    let other_key = encrypted_journal(&other, 5);
    add_leaving_wal(&other, &other_key, 40, "other");
    fs::copy(side(&other, "-wal"), side(&path, "-wal")).unwrap();
    let before = snapshot(&path);
    for mode in [OpenMode::Read, OpenMode::Write] {
        let err = Store::open_encrypted(&path, mode, &key_for(&path)).unwrap_err();
        assert!(matches!(err, StoreError::WalMismatch { .. }), "{err}");
        assert!(snapshot(&path) == before);
    }
    fs::remove_file(side(&path, "-wal")).unwrap();
    let store = Store::open_encrypted(&path, OpenMode::Read, &key_for(&path)).unwrap();
    assert_eq!(store.count_entries().unwrap(), 5);
}

#[cfg(unix)]
#[test]
fn a_read_only_encrypted_journal_with_a_crash_left_wal_reads_all_of_it_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 10);
    add_leaving_wal(&path, &key, 25, "unsaved");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    let before = snapshot(&path);
    let store = Store::open_encrypted(&path, OpenMode::Read, &key_for(&path)).unwrap();
    assert_eq!(store.read_only(), Some(ReadOnly::File));
    assert_eq!(store.count_entries().unwrap(), 35);
    // Backup works from the replayed copy too, and is encrypted.
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).unwrap();
    drop(store);
    assert!(snapshot(&path) == before, "the files stay byte for byte");
    let copied = Store::open_encrypted(&copy, OpenMode::Read, &key_for(&copy)).unwrap();
    assert_eq!(copied.count_entries().unwrap(), 35);
}

#[test]
fn a_backup_of_an_encrypted_journal_is_encrypted_with_the_same_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 30);
    let mut store = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap();
    store.insert_entry(&entry(WORD), None).unwrap();
    let copy = dir.path().join("backup.db");
    store.backup_to(&copy).unwrap();
    let bytes = fs::read(&copy).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert!(!contains(&bytes, WORD));
    let err = Store::open_with(&copy, OpenMode::Read).unwrap_err();
    assert!(matches!(err, StoreError::Encrypted(_)), "{err}");
    let copied = Store::open_encrypted(&copy, OpenMode::Read, &key_for(&copy)).unwrap();
    assert_eq!(copied.count_entries().unwrap(), 31);
    assert_eq!(copied.integrity_check().unwrap(), "ok");
}

#[test]
fn damage_inside_an_encrypted_journal_is_found_by_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 300);
    let mut bytes = fs::read(&path).unwrap();
    assert!(bytes.len() > 12 * 4096);
    for b in &mut bytes[10 * 4096 + 100..10 * 4096 + 200] {
        *b ^= 0x5A;
    }
    fs::write(&path, &bytes).unwrap();
    let report = match Store::open_encrypted(&path, OpenMode::Read, &key) {
        Ok(store) => store.integrity_check().unwrap(),
        Err(e) => e.to_string(),
    };
    assert_ne!(report, "ok");
    assert!(
        report.contains("damaged") || report.contains("hmac"),
        "{report}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes, "the file stays as it was");
}

#[test]
fn a_damaged_first_page_is_damage_with_the_right_passphrase_and_wrong_with_another() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 50);
    let mut bytes = fs::read(&path).unwrap();
    for b in &mut bytes[100..4000] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let err = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap_err();
    assert!(matches!(err, StoreError::Damaged(_)), "{err}");
    let wrong = Key::for_journal(&path, &Passphrase::new("wrong".into()).unwrap()).unwrap();
    let err = Store::open_encrypted(&path, OpenMode::Write, &wrong).unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase(_)), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_second_connection_opened_again_for_the_interface_uses_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let key = encrypted_journal(&path, 3);
    let store = Store::open_encrypted(&path, OpenMode::Write, &key).unwrap();
    let options = store.reopen_options();
    assert_eq!(options.key.as_ref(), Some(&key));
    let mut again = Store::reopen(&path, &options).unwrap();
    again
        .insert_entry(&entry("from the background"), None)
        .unwrap();
    assert_eq!(store.count_entries().unwrap(), 4);
    // Without the key it would not open.
    let err = Store::reopen(&path, &ReopenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::Encrypted(_)), "{err}");
}
