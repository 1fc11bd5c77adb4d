//! A journal reached through a symbolic link (the journal file a link into a synced
//! folder, or its folder a link), through the real binary: `encrypt`, `decrypt` and
//! `passphrase` rewrite the real file in its own folder and leave the link a link; the
//! write-ahead log vetted is the real file's; backups, restores and writes reach the real
//! file; a link to nothing and a loop of links are refused in words.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::path::{Path, PathBuf};

use bearing::store::{Key, OpenMode, Passphrase, Store};
use bearing::testkit::{Env, PASSPHRASE, passphrase_command};

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
const SECRET: &str = "Zanzibar";

/// How the journal's path (`Env::db`, `data/journal.db`) reaches the real journal,
/// `sync/journal.db`.
#[derive(Debug, Clone, Copy)]
enum Reach {
    /// `data/journal.db` is a link to `../sync/journal.db`.
    FileLink,
    /// `data` is a link to `sync`.
    FolderLink,
}

/// An environment whose journal path reaches `sync/journal.db` as `reach` says, with a
/// reflection holding [`SECRET`] in it; returns the real journal's path.
fn linked(reach: Reach) -> (Env, PathBuf) {
    let env = Env::new();
    let sync = env.dir.path().join("sync");
    std::fs::create_dir(&sync).unwrap();
    let real = sync.join("journal.db");
    let words = format!("{SECRET} offsite idea for @Pat");
    match reach {
        Reach::FileLink => {
            // The journal is made where it really lives, then linked to.
            let out = env
                .bearing()
                .env("BEARING_DB", &real)
                .args(["reflect", &words])
                .output()
                .unwrap();
            assert!(out.status.success());
            std::fs::create_dir(env.dir.path().join("data")).unwrap();
            std::os::unix::fs::symlink("../sync/journal.db", env.db()).unwrap();
        }
        Reach::FolderLink => {
            std::os::unix::fs::symlink("sync", env.dir.path().join("data")).unwrap();
            env.reflect(&[&words]);
        }
    }
    assert!(real.is_file());
    (env, real)
}

/// The link that reaches the journal is still a link.
fn still_linked(env: &Env, reach: Reach) {
    let link = match reach {
        Reach::FileLink => env.db(),
        Reach::FolderLink => env.dir.path().join("data"),
    };
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "{reach:?}: {} is no longer a link",
        link.display()
    );
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

/// Every regular file under `dir` (links are not followed) that holds `word`.
fn files_holding(dir: &Path, word: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            found.extend(files_holding(&entry.path(), word));
        } else if kind.is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            if bytes.windows(word.len()).any(|w| w == word.as_bytes()) {
                found.push(entry.path());
            }
        }
    }
    found
}

/// `bearing` in `env` with `command` as its passphrase command (none for `None`).
fn run(env: &Env, command: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut cmd = env.bearing();
    match command {
        Some(c) => cmd.env("BEARING_PASSPHRASE_COMMAND", c),
        None => cmd.env_remove("BEARING_PASSPHRASE_COMMAND"),
    };
    cmd.args(args).write_stdin("").output().unwrap()
}

fn ok(env: &Env, command: Option<&str>, args: &[&str]) -> String {
    let out = run(env, command, args);
    assert!(
        out.status.success(),
        "bearing {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(env: &Env, command: Option<&str>, args: &[&str]) -> String {
    let out = run(env, command, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "bearing {args:?} succeeded");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// How many reflections the journal at `path` lists, opened with `command`.
fn count_at(env: &Env, path: &Path, command: Option<&str>) -> usize {
    let listed = ok(
        env,
        command,
        &["list", "--json", "--db", path.to_str().unwrap()],
    );
    serde_json::from_str::<serde_json::Value>(&listed)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_linked_journal_is_encrypted_written_rekeyed_and_decrypted_in_its_real_place() {
    for reach in [Reach::FileLink, Reach::FolderLink] {
        let (env, real) = linked(reach);
        let sync = real.parent().unwrap().to_path_buf();
        let pass = passphrase_command();
        let said = ok(&env, Some(&pass), &["encrypt"]);
        assert!(said.contains("Encrypted the journal"), "{reach:?}: {said}");
        still_linked(&env, reach);
        assert_ne!(&std::fs::read(&real).unwrap()[..16], MAGIC, "{reach:?}");
        // No plain copy anywhere: not the old file behind the link, not a partial.
        assert_eq!(
            files_holding(env.dir.path(), SECRET),
            Vec::<PathBuf>::new(),
            "{reach:?}"
        );
        assert_eq!(names_in(&sync), ["journal.db"], "{reach:?}");
        if let Reach::FileLink = reach {
            assert_eq!(names_in(&env.dir.path().join("data")), ["journal.db"]);
        }

        // Written through the link, read at the real path: one journal.
        ok(&env, Some(&pass), &["reflect", "written through the link"]);
        assert_eq!(count_at(&env, &real, Some(&pass)), 2, "{reach:?}");
        // Open, the journal keeps its -wal and -shm beside the real file.
        let passphrase = Passphrase::new(PASSPHRASE.into()).unwrap();
        let key = Key::for_journal(&env.db(), &passphrase).unwrap();
        let store = Store::open_encrypted(&env.db(), OpenMode::Write, &key).unwrap();
        assert_eq!(
            names_in(&sync),
            ["journal.db", "journal.db-shm", "journal.db-wal"],
            "{reach:?}"
        );
        if let Reach::FileLink = reach {
            assert_eq!(store.path(), Some(real.canonicalize().unwrap().as_path()));
            assert_eq!(names_in(&env.dir.path().join("data")), ["journal.db"]);
        }
        drop(store);

        let said = ok(
            &env,
            Some(&pass),
            &["passphrase", "--new-command", "printf 'brand new'"],
        );
        assert!(said.contains("Changed the journal's passphrase"), "{said}");
        still_linked(&env, reach);
        assert_eq!(count_at(&env, &real, Some("printf 'brand new'")), 2);
        let stderr = fails(&env, Some(&pass), &["list"]);
        assert!(stderr.contains("passphrase does not open"), "{stderr}");

        let said = ok(&env, Some("printf 'brand new'"), &["decrypt"]);
        assert!(said.contains("plain text on disk"), "{said}");
        still_linked(&env, reach);
        assert_eq!(&std::fs::read(&real).unwrap()[..16], MAGIC, "{reach:?}");
        assert_eq!(count_at(&env, &env.db(), None), 2, "{reach:?}");
        assert_eq!(names_in(&sync), ["journal.db"], "{reach:?}");
    }
}

#[test]
fn the_write_ahead_log_vetted_is_the_one_beside_the_real_file() {
    let (env, real) = linked(Reach::FileLink);
    // Another program's database, its last rows still in its -wal, copied beside the
    // real journal (where SQLite itself looks for the journal's log).
    let other = env.dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.pragma_update(None, "page_size", 1024).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES (randomblob(5000))")
        .unwrap();
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .unwrap();
    drop(conn);
    let wal = PathBuf::from(format!("{}-wal", real.display()));
    std::fs::copy(format!("{}-wal", other.display()), &wal).unwrap();
    let before = (std::fs::read(&real).unwrap(), std::fs::read(&wal).unwrap());
    for args in [vec!["list"], vec!["reflect", "more"]] {
        let stderr = fails(&env, None, &args);
        assert!(
            stderr.contains("journal.db-wal") && stderr.contains("does not belong"),
            "{args:?}: {stderr}"
        );
        assert!(
            (std::fs::read(&real).unwrap(), std::fs::read(&wal).unwrap()) == before,
            "{args:?} changed the journal or its log"
        );
    }
}

#[test]
fn backup_and_restore_through_a_link_reach_the_real_journal() {
    let (env, real) = linked(Reach::FileLink);
    let copy = env.dir.path().join("copy.db");
    ok(&env, None, &["backup", copy.to_str().unwrap()]);
    assert_eq!(count_at(&env, &copy, None), 1);
    let export = env.dir.path().join("export.json");
    ok(
        &env,
        None,
        &[
            "export",
            "--format",
            "json",
            "--out",
            export.to_str().unwrap(),
        ],
    );

    // An empty journal behind a link, restored into through the link.
    let empty = env.dir.path().join("sync").join("empty.db");
    drop(Store::open(&empty).unwrap());
    let link = env.dir.path().join("data").join("restored.db");
    std::os::unix::fs::symlink(&empty, &link).unwrap();
    let said = ok(
        &env,
        None,
        &[
            "restore",
            export.to_str().unwrap(),
            "--db",
            link.to_str().unwrap(),
        ],
    );
    assert!(said.contains("Restored"), "{said}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(count_at(&env, &empty, None), 1);
    assert_eq!(count_at(&env, &real, None), 1);
}

#[test]
fn a_link_to_nothing_and_a_loop_of_links_are_refused_in_words_and_nothing_is_made() {
    let env = Env::new();
    let data = env.dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let export = env.dir.path().join("export.json");
    std::fs::write(
        &export,
        r#"{"bearing_export": 1, "schema": 11, "tables": {}}"#,
    )
    .unwrap();
    // The journal a link into a folder that is not there (a sync folder not mounted).
    std::os::unix::fs::symlink("../sync/journal.db", env.db()).unwrap();
    for args in [
        vec!["reflect", "x"],
        vec!["list"],
        vec!["encrypt"],
        vec!["restore", export.to_str().unwrap()],
    ] {
        let stderr = fails(&env, Some(&passphrase_command()), &args);
        assert!(
            stderr.contains("is a symbolic link to ../sync/journal.db, which does not exist"),
            "{args:?}: {stderr}"
        );
        assert!(!env.dir.path().join("sync").exists(), "{args:?}");
        assert_eq!(names_in(&data), ["journal.db"], "{args:?}");
    }
    // A loop of links.
    std::fs::remove_file(env.db()).unwrap();
    std::os::unix::fs::symlink("other.db", env.db()).unwrap();
    std::os::unix::fs::symlink("journal.db", data.join("other.db")).unwrap();
    for args in [vec!["reflect", "x"], vec!["list"]] {
        let stderr = fails(&env, None, &args);
        assert!(
            stderr.contains("leads back to itself"),
            "{args:?}: {stderr}"
        );
        assert_eq!(names_in(&data), ["journal.db", "other.db"], "{args:?}");
    }
    // The journal's folder a link to nothing.
    std::fs::remove_dir_all(&data).unwrap();
    std::os::unix::fs::symlink("nowhere", &data).unwrap();
    for args in [
        vec!["reflect", "x"],
        vec!["restore", export.to_str().unwrap()],
    ] {
        let stderr = fails(&env, None, &args);
        assert!(
            stderr.contains("data is a symbolic link to nowhere, which does not exist"),
            "{args:?}: {stderr}"
        );
        assert!(!env.dir.path().join("nowhere").exists(), "{args:?}");
    }
}
