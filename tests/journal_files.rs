//! The journal's files from outside: write-ahead logs that do or do not belong to the
//! journal, devices and pipes given as the journal, read-only files, file modes, paths
//! with no journal yet, backups that are killed. Each runs the real binary on real SQLite
//! files written by other connections.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::path::{Path, PathBuf};

use common::Env;
use rusqlite::{Connection, config::DbConfig};

fn side(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The bytes of a file and of the `-wal` and `-shm` beside it (`None` for a missing one).
fn snapshot(path: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| std::fs::read(side(path, s)).ok())
        .collect()
}

/// Runs `bearing ARGS` expecting failure; returns standard error.
fn fails(env: &Env, args: &[&str]) -> String {
    let out = env.bearing().args(args).write_stdin("").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "bearing {args:?} succeeded: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Writes through `conn` and closes it without a checkpoint, so what it wrote stays in
/// the `-wal` (and `-shm`), as a process killed before it could checkpoint leaves them.
fn close_leaving_wal(conn: Connection) {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .unwrap();
    drop(conn);
}

/// Another program's database at `path`, in WAL mode, its last rows still in its `-wal`.
fn other_database_with_wal(path: &Path, page_size: u32) {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "page_size", page_size).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch("CREATE TABLE notes (x TEXT)").unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    for i in 0..200 {
        conn.execute(
            "INSERT INTO notes VALUES (?1)",
            [format!("other program's row {i} {}", "z".repeat(300))],
        )
        .unwrap();
    }
    close_leaving_wal(conn);
    assert!(side(path, "-wal").exists());
}

/// Adds `n` reflections to the journal through a plain SQLite connection that leaves
/// them in the `-wal`.
fn add_leaving_wal(journal: &Path, n: usize, what: &str) {
    let conn = Connection::open(journal).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    for i in 0..n {
        conn.execute(
            "INSERT INTO entries (kind, at, at_utc, day, body) VALUES ('reflection', '2026-11-20T09:00:00+01:00', 1795680000, '2026-11-20', ?1)",
            [format!("{what} {i} {}", "a longer reflection to fill pages ".repeat(6))],
        )
        .unwrap();
    }
    close_leaving_wal(conn);
    assert!(side(journal, "-wal").exists());
}

fn entries(env: &Env) -> usize {
    env.list_json(&[]).len()
}

#[test]
fn another_databases_wal_beside_the_journal_is_refused_and_never_replayed() {
    for page_size in [4096, 1024] {
        let env = Env::new();
        for i in 0..5 {
            env.reflect(&[&format!("kept {i}")]);
        }
        let other = env.dir.path().join("other.db");
        other_database_with_wal(&other, page_size);
        std::fs::copy(side(&other, "-wal"), side(&env.db(), "-wal")).unwrap();
        let before = snapshot(&env.db());
        assert!(before[2].is_none(), "no -shm to start with");
        for args in [vec!["list"], vec!["reflect", "more"], vec!["check"]] {
            let stderr = fails(&env, &args);
            assert!(
                stderr.contains("journal.db-wal") && stderr.contains("does not belong"),
                "{page_size} {args:?}: {stderr}"
            );
            if page_size == 1024 {
                assert!(stderr.contains("page size"), "{stderr}");
            }
            assert!(
                snapshot(&env.db()) == before,
                "{page_size} {args:?}: the journal, its -wal and -shm stay byte for byte"
            );
        }
        // The journal itself was never touched: without the stray log it reads as before.
        std::fs::remove_file(side(&env.db(), "-wal")).unwrap();
        assert_eq!(entries(&env), 5);
    }
}

#[test]
fn a_backup_restored_over_a_journal_with_a_leftover_wal_is_not_damaged_by_it() {
    let env = Env::new();
    for i in 0..5 {
        env.reflect(&[&format!("early {i}")]);
    }
    let backup = env.dir.path().join("backup.db");
    env.ok(&["backup", backup.to_str().unwrap()]);
    // Later work, some of it checkpointed into the file, the last of it still in the
    // -wal when the machine went down.
    for i in 0..40 {
        env.reflect(&[&format!(
            "later {i} {}",
            "a longer reflection to fill pages ".repeat(6)
        )]);
    }
    add_leaving_wal(&env.db(), 60, "unsaved");
    // The user copies the backup over the journal; the -wal of the old file stays.
    std::fs::copy(&backup, env.db()).unwrap();
    let before = snapshot(&env.db());
    for args in [vec!["list"], vec!["reflect", "more"]] {
        let stderr = fails(&env, &args);
        assert!(stderr.contains("does not belong"), "{args:?}: {stderr}");
        assert!(stderr.contains("move journal.db-wal away"), "{stderr}");
        assert!(snapshot(&env.db()) == before, "{args:?}");
    }
    std::fs::remove_file(side(&env.db(), "-wal")).unwrap();
    let _ = std::fs::remove_file(side(&env.db(), "-shm"));
    assert_eq!(entries(&env), 5, "the restored backup, whole");
    assert_eq!(
        env.ok(&["check"]).trim(),
        "The journal is sound.",
        "and sound"
    );
}

#[test]
fn the_journals_own_wal_left_by_a_crash_is_replayed() {
    let env = Env::new();
    for i in 0..3 {
        env.reflect(&[&format!("saved {i}")]);
    }
    add_leaving_wal(&env.db(), 50, "in the log");
    // Without its -shm too (as after a reboot that cleared it, or a copy of both files).
    let _ = std::fs::remove_file(side(&env.db(), "-shm"));
    assert_eq!(entries(&env), 53);
    env.ok(&["check"]);
    // Opening replayed and checkpointed it: the file alone now holds everything.
    assert!(!side(&env.db(), "-wal").exists());
    assert_eq!(entries(&env), 53);
}

#[test]
fn another_programs_database_with_its_own_wal_is_refused_byte_for_byte() {
    let env = Env::new();
    let other = env.dir.path().join("other.db");
    other_database_with_wal(&other, 4096);
    let before = snapshot(&other);
    for args in [vec!["list"], vec!["reflect", "x"]] {
        let mut all = vec!["--db", other.to_str().unwrap()];
        all.extend(args);
        let stderr = fails(&env, &all);
        assert!(stderr.contains("not a bearing journal"), "{stderr}");
        assert!(snapshot(&other) == before, "{all:?}");
    }
}

/// A journal of `n` entries of about a kilobyte, written in-process.
fn journal_of(env: &Env, n: usize) {
    let mut store = bearing::store::Store::open(&env.db()).unwrap();
    let entries: Vec<_> = (0..n)
        .map(|i| bearing::domain::NewEntry {
            kind: bearing::domain::EntryKind::Reflection,
            at: chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap(),
            body: format!(
                "entry {i}: {}",
                "a longer reflection to fill pages ".repeat(30)
            ),
        })
        .collect();
    store.insert_entries(&entries).unwrap();
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_killed_backup_never_leaves_a_file_at_the_target_and_the_next_one_cleans_up() {
    let env = Env::new();
    journal_of(&env, 3000);
    let out = env.dir.path().join("backups");
    std::fs::create_dir(&out).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("bearing");
    // Killed at different points of the copy: the target is either absent or whole.
    for (i, delay) in [0u64, 3, 6, 10, 15, 20, 30, 45].into_iter().enumerate() {
        let target = out.join(format!("copy-{i}.db"));
        let mut child = std::process::Command::new(&bin)
            .env_clear()
            .env("BEARING_NOW", &env.now)
            .env("HOME", env.dir.path())
            .env("XDG_CONFIG_HOME", env.dir.path().join("xdg-config"))
            .arg("--db")
            .arg(env.db())
            .arg("backup")
            .arg(&target)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        if target.exists() {
            let copy = env
                .bearing()
                .args(["list", "--json", "--db"])
                .arg(&target)
                .output()
                .unwrap();
            let rows: serde_json::Value = serde_json::from_slice(&copy.stdout).unwrap();
            assert_eq!(rows.as_array().unwrap().len(), 3000, "{target:?} is whole");
        }
    }
    // A backup killed mid-copy left its partial file; the next backup to that name
    // succeeds and removes it.
    let target = out.join("tonight.db");
    std::fs::write(
        out.join(".tonight.db.partial-Ab12Cd"),
        b"SQLite format 3\0half",
    )
    .unwrap();
    let said = env.ok(&["backup", target.to_str().unwrap()]);
    assert_eq!(
        said.trim(),
        format!("Backed up the journal to {}.", target.display())
    );
    assert!(
        !names_in(&out)
            .iter()
            .any(|n| n.contains("tonight.db.partial")),
        "{:?}",
        names_in(&out)
    );
    // Those of other names are removed once they are old.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for name in names_in(&out).iter().filter(|n| n.contains("partial")) {
        std::fs::File::options()
            .append(true)
            .open(out.join(name))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    env.ok(&["backup", out.join("another.db").to_str().unwrap()]);
    let names = names_in(&out);
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
    assert!(names.contains(&"another.db".to_string()), "{names:?}");
    // The next one to the same name says why it will not, and shows no temporary name.
    let stderr = fails(&env, &["backup", target.to_str().unwrap()]);
    assert!(stderr.contains("already exists"), "{stderr}");
    let stderr = stderr.replace(&target.display().to_string(), "TARGET");
    assert!(
        !stderr.contains("partial") && !stderr.contains(".tmp"),
        "{stderr}"
    );
    assert!(!stderr.contains("File exists"), "{stderr}");
}
