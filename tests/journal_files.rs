//! The journal's files from outside: write-ahead logs that do or do not belong to the
//! journal, devices and pipes given as the journal, read-only files, file modes, paths
//! with no journal yet, backups that are killed. Each runs the real binary on real SQLite
//! files written by other connections.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::path::{Path, PathBuf};

use bearing::testkit::{Env, bin, claim_pages, journal_of, passphrase_command};
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
            let stderr = env.fails(&args);
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
        let stderr = env.fails(&args);
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
        let stderr = env.fails(&all);
        assert!(stderr.contains("not a bearing journal"), "{stderr}");
        assert!(snapshot(&other) == before, "{all:?}");
    }
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
    for env in Env::both() {
        a_killed_backup(&env);
    }
}

fn a_killed_backup(env: &Env) {
    journal_of(env, 3000);
    let out = env.dir.path().join("backups");
    std::fs::create_dir(&out).unwrap();
    let bin = bin();
    // Killed at different points of the copy: the target is either absent or whole.
    for (i, delay) in [0u64, 3, 6, 10, 15, 20, 30, 45].into_iter().enumerate() {
        let target = out.join(format!("copy-{i}.db"));
        let mut child = std::process::Command::new(&bin);
        child.env_clear();
        if env.encrypted {
            child.env("BEARING_PASSPHRASE_COMMAND", passphrase_command());
        }
        let mut child = child
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
            let head = std::fs::read(&target).unwrap();
            assert_eq!(
                &head[..16] == b"SQLite format 3\0",
                !env.encrypted,
                "{target:?}: the copy is as encrypted as the journal"
            );
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
    // Long ago by any clock: the suite also runs with its own clock 400 days ahead
    // (faketime), which the bearing it starts does not share.
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
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
    let stderr = env.fails(&["backup", target.to_str().unwrap()]);
    assert!(stderr.contains("already exists"), "{stderr}");
    let stderr = stderr.replace(&target.display().to_string(), "TARGET");
    assert!(
        !stderr.contains("partial") && !stderr.contains(".tmp"),
        "{stderr}"
    );
    assert!(!stderr.contains("File exists"), "{stderr}");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn reading_commands_on_a_missing_journal_say_so_and_create_nothing() {
    let env = Env::new();
    let data = env.db().parent().unwrap().to_path_buf();
    let backup = env.dir.path().join("b.db");
    let reading: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["search", "anything"],
        vec!["audit"],
        vec!["people"],
        vec!["export", "--format", "json"],
        vec!["export", "--format", "markdown"],
        vec!["check"],
        vec!["backup", backup.to_str().unwrap()],
        vec!["block", "list"],
        vec!["convo", "list"],
        vec!["convo", "show", "1"],
    ];
    for args in &reading {
        let stderr = env.fails(args);
        assert!(
            stderr.contains(&format!("no journal at {} yet", env.db().display()))
                && stderr.contains("write a reflection or run bearing to start one"),
            "{args:?}: {stderr}"
        );
        assert!(!data.exists(), "{args:?} created {data:?}");
        assert!(!backup.exists(), "{args:?}");
    }
    // `config` says where the journal would be, and creates nothing either.
    let config = env.json(&["config", "--json"]);
    assert_eq!(config["journal_exists"], false);
    assert!(!data.exists());
    // Writing starts one, private.
    env.reflect(&["the first"]);
    assert_eq!(entries(&env), 1);
    #[cfg(unix)]
    {
        assert_eq!(mode(&env.db()), 0o600);
        assert_eq!(mode(&data), 0o700);
    }
}

#[test]
fn a_failed_restore_leaves_no_journal_and_says_what_is_wrong() {
    let env = Env::new();
    let data = env.db().parent().unwrap().to_path_buf();
    let file = env.dir.path().join("export.json");
    let cases: Vec<(&str, String)> = vec![
        ("not JSON", "this is not json".into()),
        ("no bearing_export marker", r#"{"tables": {}}"#.into()),
        (
            "newer bearing",
            r#"{"bearing_export": 99, "schema": 99, "tables": {}}"#.into(),
        ),
        (
            "entries is not a list",
            r#"{"bearing_export": 1, "schema": 6, "tables": {"entries": 5}}"#.into(),
        ),
    ];
    for (said, text) in &cases {
        std::fs::write(&file, text).unwrap();
        let stderr = env.fails(&["restore", file.to_str().unwrap()]);
        assert!(stderr.contains(said), "{said}: {stderr}");
        assert!(
            !stderr.contains("holds a value bearing cannot read"),
            "{stderr}"
        );
        assert!(!stderr.contains("partial"), "{stderr}");
        assert!(!data.exists(), "{said}: a failed restore left {data:?}");
    }
    // A good export restores into a new, private journal.
    let source = Env::new();
    source.reflect(&["kept through the restore #safe"]);
    std::fs::write(&file, source.ok(&["export", "--format", "json"])).unwrap();
    let said = env.ok(&["restore", file.to_str().unwrap()]);
    assert!(said.starts_with("Restored "), "{said}");
    assert_eq!(entries(&env), 1);
    let names = names_in(&data);
    assert_eq!(names, ["journal.db"], "nothing else left beside it");
    #[cfg(unix)]
    {
        assert_eq!(mode(&env.db()), 0o600);
        assert_eq!(mode(&data), 0o700);
    }
    // Into a journal that has entries: refused, and it stays as it was.
    let before = std::fs::read(env.db()).unwrap();
    let stderr = env.fails(&["restore", file.to_str().unwrap()]);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_sockets_are_refused_before_anything_is_opened() {
    use std::time::Duration;
    let env = Env::new();
    let dir = env.dir.path();
    let fifo = dir.join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let socket = dir.join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let mut specials = vec![fifo.clone(), socket.clone(), dir.to_path_buf()];
    // A character device of our own (a copy of /dev/null), where the system allows it.
    let device = dir.join("null");
    if std::process::Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success())
    {
        specials.push(device.clone());
    }
    for special in &specials {
        let before = mode(special);
        for args in [vec!["list"], vec!["reflect", "x"]] {
            let out = env
                .bearing()
                .arg("--db")
                .arg(special)
                .args(&args)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{special:?} {args:?}");
            assert!(
                stderr.contains("not a regular file") || stderr.contains("not a bearing journal"),
                "{special:?} {args:?}: {stderr}"
            );
            assert_eq!(mode(special), before, "{special:?}: its mode is left alone");
            assert!(!side(special, "-wal").exists() && !side(special, "-shm").exists());
        }
    }
    // A pipe where SQLite would put the journal's -wal: refused, nothing waits on it.
    env.reflect(&["kept"]);
    let wal = side(&env.db(), "-wal");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&wal)
            .status()
            .unwrap()
            .success()
    );
    let out = env
        .bearing()
        .arg("list")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("journal.db-wal beside it is not a regular file"),
        "{stderr}"
    );
    std::fs::remove_file(&wal).unwrap();
    // --config on a pipe, a device that never ends, or a file far too big for a config.
    let big = dir.join("big.toml");
    std::fs::write(&big, "# ".repeat(1024 * 1024)).unwrap();
    for (config, said) in [
        (fifo.as_path(), "not a regular file"),
        (Path::new("/dev/zero"), "not a regular file"),
        (big.as_path(), "too big"),
    ] {
        let out = env
            .bearing()
            .arg("--config")
            .arg(config)
            .arg("list")
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{config:?}");
        assert!(stderr.contains(said), "{config:?}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_journal_made_read_only_stays_read_only_and_still_reads() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.reflect(&["written before #ro"]);
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    assert_eq!(entries(&env), 1);
    assert!(env.ok(&["search", "written"]).contains("before #ro"));
    env.ok(&["check"]);
    assert!(
        env.ok(&["export", "--format", "markdown"])
            .contains("written before")
    );
    for args in [vec!["reflect", "more"], vec!["block", "rm", "1"]] {
        let stderr = env.fails(&args);
        assert!(
            stderr.contains("read-only") && stderr.contains("chmod u+w"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(
        mode(&env.db()),
        0o444,
        "bearing never makes it writable again"
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    assert!(!side(&env.db(), "-wal").exists() && !side(&env.db(), "-shm").exists());
}

#[test]
fn a_file_with_bearings_mark_but_not_its_schema_is_refused_and_keeps_its_journal_mode() {
    let env = Env::new();
    let cases = [
        ("marked, versioned, no tables", "PRAGMA user_version = 3;"),
        (
            "marked, other tables",
            "CREATE TABLE entries2 (x); CREATE TABLE t (y);",
        ),
    ];
    for (what, sql) in cases {
        let path = env
            .dir
            .path()
            .join(format!("{}.db", what.replace([' ', ','], "_")));
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x4252_4E47)
            .unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let before = snapshot(&path);
        for args in [vec!["list"], vec!["reflect", "x"]] {
            let mut all = vec!["--db", path.to_str().unwrap()];
            all.extend(args);
            let stderr = env.fails(&all);
            assert!(
                stderr.contains("bearing changed nothing"),
                "{what}: {stderr}"
            );
            assert!(
                snapshot(&path) == before,
                "{what}: {all:?} changed the file"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn every_file_beside_the_journal_is_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.reflect(&["first"]);
    // Another connection keeps the journal open, so its -wal and -shm stay; someone
    // loosened their modes.
    let other = Connection::open(env.db()).unwrap();
    let _: i64 = other
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    for suffix in ["-wal", "-shm"] {
        std::fs::set_permissions(
            side(&env.db(), suffix),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
    }
    env.reflect(&["the typed draft goes through the -wal"]);
    for suffix in ["", "-wal", "-shm"] {
        assert_eq!(mode(&side(&env.db(), suffix)), 0o600, "journal.db{suffix}");
    }
    drop(other);
    // With no umask at all, a new journal, its folders and its files are private.
    let fresh = Env::new();
    let nested = fresh.dir.path().join("a").join("b").join("journal.db");
    let holder = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"umask 000; exec "$0" --db "$1" reflect "private from the start""#)
        .arg(bin())
        .arg(&nested)
        .env("BEARING_NOW", &fresh.now)
        .env("HOME", fresh.dir.path())
        .env("XDG_CONFIG_HOME", fresh.dir.path().join("xdg-config"))
        .output()
        .unwrap();
    assert!(
        holder.status.success(),
        "{}",
        String::from_utf8_lossy(&holder.stderr)
    );
    assert_eq!(mode(&nested), 0o600);
    assert_eq!(mode(nested.parent().unwrap()), 0o700);
    assert_eq!(mode(nested.parent().unwrap().parent().unwrap()), 0o700);
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_full_disk_reading_commands_still_read_and_writing_ones_say_the_disk_is_full() {
    for env in Env::both() {
        on_a_full_disk(&env);
    }
}

#[cfg(target_os = "linux")]
fn on_a_full_disk(env: &Env) {
    for i in 0..20 {
        env.reflect(&[&format!("written while there was room {i}")]);
    }
    let out = env.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let disk = env.dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    // A small disk of its own (tmpfs in a private mount namespace), filled to the last
    // byte, with the journal on it.
    let script = r#"
        set -u
        mount -t tmpfs -o size=2m tmpfs "$DISK" || exit 77
        cp "$SRC" "$DISK/journal.db"
        dd if=/dev/zero of="$DISK/fill" bs=4096 2>/dev/null
        head -c 100000 /dev/zero > "$DISK/fill2" 2>/dev/null
        run() { name=$1; shift; "$BIN" --db "$DISK/journal.db" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; echo $? > "$OUT/$name.rc"; }
        run list list --json
        run search search room
        run check check
        run export export --format json --plain
        run backup backup "$DISK/copy.db"
        run reflect reflect "this will not fit"
        ls -a "$DISK" > "$OUT/files"
    "#;
    let mut unshare = std::process::Command::new("unshare");
    if env.encrypted {
        unshare.env("BEARING_PASSPHRASE_COMMAND", passphrase_command());
    }
    let status = unshare
        .args(["-Urm", "sh", "-c", script])
        .env("DISK", &disk)
        .env("SRC", env.db())
        .env("OUT", &out)
        .env("BIN", bin())
        .env("BEARING_NOW", &env.now)
        .env("TZ", "Europe/Berlin")
        .env("HOME", env.dir.path())
        .env("XDG_CONFIG_HOME", env.dir.path().join("xdg-config"))
        .status();
    if !status.as_ref().is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot mount a small disk here ({status:?})");
        return;
    }
    let read = |name: &str, what: &str| {
        let file = if what.is_empty() {
            name.to_string()
        } else {
            format!("{name}.{what}")
        };
        std::fs::read_to_string(out.join(file)).unwrap()
    };
    for name in ["list", "search", "check", "export", "backup"] {
        assert_eq!(
            read(name, "rc").trim(),
            if name == "backup" { "1" } else { "0" },
            "{} {name}: {}",
            env.kind(),
            read(name, "err")
        );
    }
    let listed: serde_json::Value = serde_json::from_str(&read("list", "out")).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 20);
    assert!(
        read("search", "out").contains("room"),
        "{}",
        read("search", "out")
    );
    assert_eq!(read("check", "out").trim(), "The journal is sound.");
    let export: serde_json::Value = serde_json::from_str(&read("export", "out")).unwrap();
    assert_eq!(export["tables"]["entries"].as_array().unwrap().len(), 20);
    for name in ["reflect", "backup"] {
        let err = read(name, "err");
        assert_eq!(read(name, "rc").trim(), "1", "{name}");
        assert!(err.contains("disk is full"), "{name}: {err}");
        assert!(!err.contains("disk I/O error"), "{name}: {err}");
    }
    assert!(!read("backup", "err").contains("partial"));
    let files = read("files", "");
    assert!(
        !files.contains("partial") && !files.contains("copy.db"),
        "{files}"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_journal_with_a_crash_left_wal_reads_all_of_it_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.reflect(&["in the file"]);
    add_leaving_wal(&env.db(), 30, "in the log");
    let _ = std::fs::remove_file(side(&env.db(), "-shm"));
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(&env.db());
    assert_eq!(entries(&env), 31);
    assert_eq!(env.ok(&["check"]).trim(), "The journal is sound.");
    assert!(
        snapshot(&env.db()) == before,
        "read through a view that writes nothing"
    );
}

#[test]
fn a_crafted_wal_claiming_a_huge_journal_is_refused_without_allocating_it() {
    // 0xFFFFFFFF pages of 4 KiB are 16 TiB; 262,144 are 1 GiB, from a log of a few KiB.
    for claim in [u32::MAX, 262_144] {
        let env = Env::new();
        for i in 0..5 {
            env.reflect(&[&format!("kept {i}")]);
        }
        add_leaving_wal(&env.db(), 3, "logged");
        claim_pages(&side(&env.db(), "-wal"), claim);
        let before = snapshot(&env.db());
        let backup = env.dir.path().join("copy.db");
        for args in [
            vec!["list"],
            vec!["reflect", "more"],
            vec!["check"],
            vec!["export", "--format", "json"],
            vec!["backup", backup.to_str().unwrap()],
        ] {
            // With 256 MiB of address space, as a refusal needs, and no room for the claim.
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg("ulimit -v 262144 && exec \"$0\" \"$@\"")
                .arg(bin())
                .args(&args)
                .env_clear()
                .envs(env.vars())
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{claim} {args:?} succeeded");
            assert!(
                stderr.contains("journal.db-wal")
                    && stderr.contains("does not belong")
                    && stderr.contains("claims a journal larger"),
                "{claim} {args:?}: {stderr}"
            );
            assert!(
                snapshot(&env.db()) == before,
                "{claim} {args:?}: the journal, its -wal and -shm stay byte for byte"
            );
            assert!(!backup.exists());
        }
        // The journal itself was never touched: without the crafted log it reads as before.
        std::fs::remove_file(side(&env.db(), "-wal")).unwrap();
        assert_eq!(entries(&env), 5);
    }
}
