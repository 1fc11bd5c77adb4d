//! Encryption at rest through the real binary: `bearing encrypt`, `decrypt` and
//! `passphrase`, the passphrase from a command or the terminal, wrong passphrases, plain
//! and encrypted journals mistaken for each other, kills in the middle of a rewrite,
//! encrypted exports that the `age` tool decrypts, and encrypted backups.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bearing::testkit::{Env, PASSPHRASE, Pty, journal_of, passphrase_command};

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

fn side(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The bytes of the journal and of the files SQLite keeps beside it.
fn snapshot(path: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|s| std::fs::read(side(path, s)).ok())
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// `bearing` in `env`, with `command` as its passphrase command.
fn with_command(env: &Env, command: &str) -> assert_cmd::Command {
    let mut cmd = env.bearing();
    cmd.env("BEARING_PASSPHRASE_COMMAND", command);
    cmd
}

/// `bearing` in `env` with no passphrase command.
fn without_command(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.bearing();
    cmd.env_remove("BEARING_PASSPHRASE_COMMAND");
    cmd
}

/// Runs `cmd ARGS`, expects success, returns standard output.
fn ok(mut cmd: assert_cmd::Command, args: &[&str]) -> String {
    let out = cmd.args(args).write_stdin("").output().unwrap();
    assert!(
        out.status.success(),
        "bearing {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `cmd ARGS`, expects failure, returns standard error.
fn fails(mut cmd: assert_cmd::Command, args: &[&str]) -> String {
    let out = cmd.args(args).write_stdin("").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "bearing {args:?} succeeded");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.contains("sqlcipher"),
        "SQLCipher's own log: {stderr}"
    );
    stderr
}

/// A journal with reflections, a conversation and a block.
fn some_journal(env: &Env) {
    env.reflect(&["Explained the why of the roadmap to @Sam #why"]);
    env.reflect(&["--at", "2026-11-20 17:00", "Zanzibar offsite idea for @Pat"]);
    env.ok(&[
        "convo",
        "add",
        "--new-person",
        "--with",
        "Pat",
        "--topic",
        "missed deadlines",
    ]);
    env.ok(&[
        "block",
        "add",
        "Vision time",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "120",
        "--weekly",
    ]);
}

#[test]
fn encrypt_then_decrypt_gives_the_same_json_export() {
    let env = Env::new();
    some_journal(&env);
    let before = env.ok(&["export", "--format", "json"]);
    let said = ok(with_command(&env, &passphrase_command()), &["encrypt"]);
    assert!(said.contains("Encrypted the journal"), "{said}");
    let bytes = std::fs::read(env.db()).unwrap();
    assert_ne!(&bytes[..16], MAGIC);
    assert!(!contains(&bytes, "Zanzibar"));
    let encrypted = Env {
        encrypted: true,
        ..env
    };
    let env = &encrypted;
    assert_eq!(env.ok(&["export", "--format", "json", "--plain"]), before);
    let listed = env.list_json(&[]);
    assert_eq!(listed.len(), 2);
    assert!(env.ok(&["search", "zanzibar"]).contains("[Zanzibar]"));
    assert_eq!(env.ok(&["check"]).trim(), "The journal is sound.");
    let said = env.ok(&["decrypt"]);
    assert!(said.contains("plain text on disk"), "{said}");
    assert!(said.contains("A passphrase command is set"), "{said}");
    assert_eq!(&std::fs::read(env.db()).unwrap()[..16], MAGIC);
    let plain = Env {
        encrypted: false,
        ..encrypted
    };
    assert_eq!(plain.ok(&["export", "--format", "json"]), before);
    // Nothing of either rewrite is left beside the journal.
    let left: Vec<String> = std::fs::read_dir(plain.db().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rewrite"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_new_journal_is_encrypted_when_a_passphrase_command_is_set_and_holds_no_word_in_clear() {
    let env = Env::encrypted();
    env.reflect(&["Stay interview with @Robin: Quetzalcoatl project keeps her"]);
    let bytes = std::fs::read(env.db()).unwrap();
    assert_ne!(&bytes[..16], MAGIC);
    for word in ["Quetzalcoatl", "Robin", "Stay interview"] {
        for (suffix, file) in ["", "-wal", "-shm"].iter().zip(snapshot(&env.db())) {
            assert!(
                !file.is_some_and(|b| contains(&b, word)),
                "journal.db{suffix} holds {word:?}"
            );
        }
    }
    assert_eq!(env.list_json(&[]).len(), 1);
    // The same passphrase opens it in SQLCipher's own way (PRAGMA key, and the HMAC
    // bearing uses), as a `sqlcipher` shell would.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.pragma_update(None, "key", PASSPHRASE).unwrap();
    conn.pragma_update(None, "cipher_hmac_algorithm", "HMAC_SHA256")
        .unwrap();
    let body: String = conn
        .query_row("SELECT body FROM entries", [], |r| r.get(0))
        .unwrap();
    assert!(body.contains("Quetzalcoatl"));
}

#[test]
fn a_wrong_passphrase_is_a_clear_error_and_leaves_the_file_byte_for_byte() {
    let env = Env::encrypted();
    some_journal(&env);
    let before = snapshot(&env.db());
    for args in [
        vec!["list"],
        vec!["reflect", "more"],
        vec!["check"],
        vec!["search", "why"],
        vec!["decrypt"],
        vec!["export", "--format", "json"],
    ] {
        let stderr = fails(with_command(&env, "printf 'not it'"), &args);
        assert!(
            stderr.contains("the passphrase does not open it"),
            "{args:?}: {stderr}"
        );
        assert!(snapshot(&env.db()) == before, "{args:?} changed a file");
    }
    // A command that fails says so, and opens nothing.
    let stderr = fails(with_command(&env, "exit 4"), &["list"]);
    assert!(stderr.contains("passphrase command"), "{stderr}");
    assert!(stderr.contains("failed"), "{stderr}");
    assert!(snapshot(&env.db()) == before);
}

#[test]
fn a_plain_journal_opened_as_encrypted_and_an_encrypted_one_opened_as_plain_say_which_they_are() {
    let plain = Env::new();
    plain.reflect(&["plain words"]);
    let before = snapshot(&plain.db());
    let stderr = fails(with_command(&plain, &passphrase_command()), &["list"]);
    assert!(
        stderr.contains("it is a plain journal, not an encrypted one")
            && stderr.contains("bearing encrypt")
            && stderr.contains("BEARING_PASSPHRASE_COMMAND"),
        "{stderr}"
    );
    assert!(snapshot(&plain.db()) == before);
    let stderr = fails(plain.bearing(), &["decrypt"]);
    assert!(stderr.contains("not encrypted"), "{stderr}");
    let stderr = fails(plain.bearing(), &["passphrase"]);
    assert!(stderr.contains("not encrypted"), "{stderr}");

    let secret = Env::encrypted();
    secret.reflect(&["secret words"]);
    let before = snapshot(&secret.db());
    // Without a passphrase command, and with no terminal to ask on.
    for args in [
        vec!["list"],
        vec!["reflect", "x"],
        vec!["backup", "/tmp/never.db"],
    ] {
        let stderr = fails(without_command(&secret), &args);
        assert!(
            stderr.contains("it is encrypted") || stderr.contains("encrypted journal"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("passphrase"), "{stderr}");
        assert!(snapshot(&secret.db()) == before);
    }
    let stderr = fails(secret.bearing(), &["encrypt"]);
    assert!(stderr.contains("already encrypted"), "{stderr}");
}

#[test]
fn the_passphrase_command_in_the_config_works_as_the_variable_does() {
    let env = Env::new();
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    std::fs::write(
        env.config(),
        format!(
            "[security]\npassphrase_command = \"{}\"\n",
            passphrase_command()
        ),
    )
    .unwrap();
    env.reflect(&["made encrypted by the config"]);
    assert_ne!(&std::fs::read(env.db()).unwrap()[..16], MAGIC);
    assert_eq!(env.list_json(&[]).len(), 1);
    // The variable wins over the config.
    let stderr = fails(with_command(&env, "printf other"), &["list"]);
    assert!(stderr.contains("passphrase does not open"), "{stderr}");
    let shown = env.ok(&["config"]);
    assert!(shown.contains("passphrase_command"), "{shown}");
}

#[test]
fn the_passphrase_changes_and_a_backup_made_before_keeps_the_old_one() {
    let env = Env::encrypted();
    some_journal(&env);
    let backup = env.dir.path().join("before.db");
    env.ok(&["backup", backup.to_str().unwrap()]);
    assert_ne!(&std::fs::read(&backup).unwrap()[..16], MAGIC);
    let said = env.ok(&["passphrase", "--new-command", "printf 'brand new'"]);
    assert!(said.contains("Changed the journal's passphrase"), "{said}");
    assert!(said.contains("make it print the new passphrase"), "{said}");
    let stderr = fails(env.bearing(), &["list"]);
    assert!(stderr.contains("passphrase does not open"), "{stderr}");
    let listed = ok(
        with_command(&env, "printf 'brand new'"),
        &["list", "--json"],
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&listed)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The backup opens with the old passphrase, not the new one.
    let old = env.ok(&["list", "--json", "--db", backup.to_str().unwrap()]);
    assert_eq!(old, listed);
    let stderr = fails(
        with_command(&env, "printf 'brand new'"),
        &["list", "--db", backup.to_str().unwrap()],
    );
    assert!(stderr.contains("passphrase does not open"), "{stderr}");
    // The same passphrase again changes nothing.
    let stderr = fails(
        with_command(&env, "printf 'brand new'"),
        &["passphrase", "--new-command", "printf 'brand new'"],
    );
    assert!(stderr.contains("already"), "{stderr}");
}

#[test]
fn encrypt_refuses_while_another_bearing_has_the_journal_open() {
    for env in Env::both() {
        some_journal(&env);
        let open = env.store();
        let before = std::fs::read(env.db()).unwrap();
        let args = if env.encrypted {
            vec!["decrypt"]
        } else {
            vec!["encrypt"]
        };
        let stderr = fails(with_command(&env, &passphrase_command()), &args);
        assert!(
            stderr.contains("has the journal open") && stderr.contains("close it"),
            "{}: {stderr}",
            env.kind()
        );
        assert_eq!(std::fs::read(env.db()).unwrap(), before);
        assert_eq!(open.count_entries().unwrap(), 2, "the open one goes on");
    }
}

/// Whether the journal is encrypted now, checking that it opens (either way) and holds
/// all `n` entries.
fn opens_with_all(env: &Env, n: usize) -> bool {
    let encrypted = &std::fs::read(env.db()).unwrap()[..16] != MAGIC;
    let mut cmd = env.bearing();
    if encrypted {
        cmd.env("BEARING_PASSPHRASE_COMMAND", passphrase_command());
    } else {
        cmd.env_remove("BEARING_PASSPHRASE_COMMAND");
    }
    let out = ok(cmd, &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), n);
    encrypted
}

#[cfg(unix)]
#[test]
fn sigkill_during_encrypt_and_decrypt_at_several_moments_leaves_a_journal_that_opens() {
    const N: usize = 2500;
    let env = Env::new();
    journal_of(&env, N);
    let dir = env.db().parent().unwrap().to_path_buf();
    let partial_exists = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".rewrite-"))
    };
    #[derive(Debug, Clone, Copy)]
    enum Moment {
        /// This many milliseconds after the start.
        After(u64),
        /// As soon as the new file appears beside the journal.
        PartialAppears,
        /// As soon as the new file has replaced the journal (before the process ends).
        Renamed,
    }
    let inode = || {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(env.db()).unwrap().ino()
    };
    let mut moments = vec![Moment::PartialAppears, Moment::Renamed, Moment::After(0)];
    moments.extend([20, 60, 120, 180, 250, 350, 500, 700, 1000].map(Moment::After));
    moments.extend([Moment::PartialAppears, Moment::Renamed]);
    let (mut interrupted, mut finished) = (0, 0);
    let mut encrypted = false;
    for moment in moments {
        let mut cmd = env.process();
        cmd.env("BEARING_PASSPHRASE_COMMAND", passphrase_command())
            .arg(if encrypted { "decrypt" } else { "encrypt" })
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let before = inode();
        let mut child = cmd.spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        match moment {
            Moment::After(ms) => std::thread::sleep(Duration::from_millis(ms)),
            Moment::PartialAppears => {
                while !partial_exists() && child.try_wait().unwrap().is_none() {
                    assert!(Instant::now() < deadline);
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
            Moment::Renamed => {
                while inode() == before && child.try_wait().unwrap().is_none() {
                    assert!(Instant::now() < deadline);
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = opens_with_all(&env, N);
        eprintln!(
            "{moment:?}: {}",
            if now == encrypted {
                "before the rename"
            } else {
                "after"
            }
        );
        if now == encrypted {
            interrupted += 1;
        } else {
            finished += 1;
        }
        encrypted = now;
    }
    assert!(
        interrupted >= 2 && finished >= 2,
        "the kills fell before and after the rename: {interrupted} interrupted, {finished} finished"
    );
    // Whatever the kills left beside the journal, the next rewrite removes.
    ok(
        with_command(&env, &passphrase_command()),
        &[if encrypted { "decrypt" } else { "encrypt" }],
    );
    assert!(!partial_exists(), "a partial file is left");
}

/// `age -d FILE` in a pseudo-terminal (age reads passphrases from the terminal only),
/// typing `passphrase`; returns what it wrote.
fn age_decrypt(env: &Env, file: &Path, passphrase: &str) -> Option<Vec<u8>> {
    let age = ["/usr/bin/age", "/usr/local/bin/age"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("the age tool is not installed (Debian's package age; .ci/run installs it)");
    let out = env.dir.path().join("decrypted.out");
    let _ = std::fs::remove_file(&out);
    let mut pty = Pty::start(
        &age,
        &["-d", "-o", out.to_str().unwrap(), file.to_str().unwrap()],
        env.dir.path(),
        &env.vars(),
    );
    pty.wait_for("passphrase");
    pty.send(passphrase);
    pty.send("\r");
    let ok = pty.wait_exit();
    ok.then(|| std::fs::read(&out).unwrap())
}

#[test]
fn an_encrypted_export_decrypts_with_the_age_tool_and_restores() {
    let env = Env::encrypted();
    some_journal(&env);
    let plain = env.ok(&["export", "--format", "json", "--plain"]);
    let sealed = env.dir.path().join("journal.json.age");
    let out = env
        .bearing()
        .args(["export", "--format", "json", "--out"])
        .arg(&sealed)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("age -d"));
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!contains(&bytes, "Zanzibar") && !contains(&bytes, "roadmap"));
    // Standard output gets the same, armoured (terminal-safe) text.
    let to_stdout = env.ok(&["export", "--format", "markdown"]);
    assert!(to_stdout.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!to_stdout.contains("Zanzibar"));
    assert!(
        env.ok(&["export", "--format", "markdown", "--plain"])
            .contains("Zanzibar")
    );

    // The age tool decrypts it with the journal's passphrase, and no other.
    assert_eq!(
        age_decrypt(&env, &sealed, PASSPHRASE).unwrap(),
        plain.as_bytes()
    );
    assert!(age_decrypt(&env, &sealed, "not it").is_none());

    // bearing restore reads it into a new journal, which is encrypted too.
    let copy = env.dir.path().join("restored.db");
    env.ok(&[
        "restore",
        sealed.to_str().unwrap(),
        "--db",
        copy.to_str().unwrap(),
    ]);
    assert_ne!(&std::fs::read(&copy).unwrap()[..16], MAGIC);
    assert_eq!(
        env.ok(&[
            "export",
            "--format",
            "json",
            "--plain",
            "--db",
            copy.to_str().unwrap()
        ]),
        plain
    );
    // With no passphrase to be had, it says what it needs.
    let stderr = fails(
        without_command(&env),
        &[
            "restore",
            sealed.to_str().unwrap(),
            "--db",
            "/tmp/nowhere/x.db",
        ],
    );
    assert!(
        stderr.contains("encrypted") && stderr.contains("terminal"),
        "{stderr}"
    );
    let stderr = fails(
        with_command(&env, "printf wrong"),
        &[
            "restore",
            sealed.to_str().unwrap(),
            "--db",
            "/tmp/nowhere/x.db",
        ],
    );
    assert!(stderr.contains("does not decrypt"), "{stderr}");
    assert!(!Path::new("/tmp/nowhere").exists());
}
