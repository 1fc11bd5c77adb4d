//! The binary's test environment: a private temp home, a pinned time zone and "now",
//! and helpers that run `bearing` (as a process, in process, or in a pseudo-terminal)
//! and read its JSON.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clap::Parser;
use serde_json::Value;

use super::Pty;
use crate::cli::{Cli, Paths};
use crate::store::Store;

/// The "now" every test run of the binary is pinned to (`BEARING_NOW`), a Sunday; tests
/// write their dates relative to it, so they hold on any day they run.
pub const NOW: &str = "2026-11-22T10:00:00+01:00";

/// The passphrase of the encrypted journals of tests.
pub const PASSPHRASE: &str = "correct horse battery staple";

/// A passphrase command that prints [`PASSPHRASE`].
pub fn passphrase_command() -> String {
    format!("printf '%s' '{PASSPHRASE}'")
}

/// The `bearing` binary Cargo built for the integration tests (there is none for unit
/// tests).
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("bearing")
}

/// The `sid` of a row as `--json` shows it, checked to be a stable id bearing made at
/// random (32 lower-case hexadecimal digits: an entry's, a conversation's, a
/// delegation's, an added agenda item's).
pub fn random_sid(row: &Value) -> String {
    let sid = row["sid"]
        .as_str()
        .unwrap_or_else(|| panic!("no sid in {row}"));
    assert!(
        sid.len() == 32 && sid.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "not a random stable id: {sid}"
    );
    sid.to_string()
}

/// A temp home for one test.
pub struct Env {
    /// The temp directory standing in for $HOME.
    pub dir: tempfile::TempDir,
    /// The pinned "now" of this environment's runs.
    pub now: String,
    /// Whether the journal is encrypted: runs get [`passphrase_command`] (through
    /// `BEARING_PASSPHRASE_COMMAND`), so a new journal is made encrypted.
    pub encrypted: bool,
}

impl Default for Env {
    fn default() -> Self {
        Env::new()
    }
}

impl Env {
    /// A fresh environment.
    pub fn new() -> Env {
        Env::at(NOW)
    }

    /// A fresh environment whose runs see `now` (RFC 3339) as the current time.
    pub fn at(now: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        Env {
            dir,
            now: now.to_string(),
            encrypted: false,
        }
    }

    /// The temporary directory of this environment's runs (`TMPDIR`): where their
    /// editors' folders go, apart from every other test's.
    pub fn tmp(&self) -> PathBuf {
        self.dir.path().join("tmp")
    }

    /// A fake `$EDITOR` in this home: a shell script of `body`, run as `script FILE`.
    #[cfg(unix)]
    pub fn editor_script(&self, name: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let script = self.dir.path().join(name);
        std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    /// A fresh environment whose journal is encrypted with [`PASSPHRASE`].
    pub fn encrypted() -> Env {
        Env {
            encrypted: true,
            ..Env::new()
        }
    }

    /// Both kinds of environment, plain first, for tests that must hold for both.
    pub fn both() -> [Env; 2] {
        [Env::new(), Env::encrypted()]
    }

    /// What this environment is, for assertion messages.
    pub fn kind(&self) -> &'static str {
        if self.encrypted { "encrypted" } else { "plain" }
    }

    /// The journal at `path` opened in process (with the passphrase where encrypted),
    /// made if missing.
    pub fn store_at(&self, path: &Path) -> Store {
        use crate::store::{Key, OpenMode, Passphrase};
        if self.encrypted {
            let pass = Passphrase::new(PASSPHRASE.into()).unwrap();
            let key = Key::for_journal(path, &pass).unwrap();
            Store::open_encrypted(path, OpenMode::Write, &key).unwrap()
        } else {
            Store::open(path).unwrap()
        }
    }

    /// This environment's journal opened in process, made if missing.
    pub fn store(&self) -> Store {
        self.store_at(&self.db())
    }

    /// The journal path.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("journal.db")
    }

    /// The default config path under this home.
    pub fn config(&self) -> PathBuf {
        self.dir
            .path()
            .join("xdg-config")
            .join("bearing")
            .join("config.toml")
    }

    /// This environment's variables, as [`Env::bearing`] sets them, for a program started
    /// another way (in a pseudo-terminal, say).
    pub fn vars(&self) -> Vec<(&'static str, String)> {
        let mut vars = vec![
            ("HOME", self.dir.path().display().to_string()),
            ("TZ", "Europe/Berlin".to_string()),
            ("BEARING_NOW", self.now.clone()),
            ("BEARING_DB", self.db().display().to_string()),
            (
                "XDG_CONFIG_HOME",
                self.dir.path().join("xdg-config").display().to_string(),
            ),
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("TERM", "xterm-256color".to_string()),
            ("TMPDIR", self.tmp().display().to_string()),
        ];
        if self.encrypted {
            vars.push(("BEARING_PASSPHRASE_COMMAND", passphrase_command()));
        }
        vars
    }

    /// `bearing` with this environment's journal and config dir, Europe/Berlin time pinned
    /// at `now`, and no way to reach the real user's files.
    pub fn bearing(&self) -> Command {
        Command::from_std(self.process())
    }

    /// `bearing` as a plain process (to kill it, or to close its pipes), with the same
    /// environment as [`Env::bearing`].
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("TZ", "Europe/Berlin")
            .env("BEARING_NOW", &self.now)
            .env("BEARING_DB", self.db())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TMPDIR", self.tmp());
        if self.encrypted {
            cmd.env("BEARING_PASSPHRASE_COMMAND", passphrase_command());
        }
        cmd
    }

    /// Runs `bearing ARGS`, expects success, returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.bearing().args(args).write_stdin("").output().unwrap();
        assert!(
            out.status.success(),
            "bearing {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `bearing ARGS`, expects a failure that is no panic, returns standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.bearing().args(args).write_stdin("").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "bearing {args:?} succeeded: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Runs `bearing ARGS` and parses its JSON output.
    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// `bearing list --json ARGS` as an array.
    pub fn list_json(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        self.json(&all).as_array().unwrap().clone()
    }

    /// `bearing reflect ARGS`, returning the new id.
    pub fn reflect(&self, args: &[&str]) -> i64 {
        let mut all = vec!["reflect"];
        all.extend_from_slice(args);
        self.ok(&all).trim().parse().unwrap()
    }

    /// Runs `bearing ARGS` in this process, through [`crate::cli::run`] with this
    /// environment's journal and config and its "now" pinned in Europe/Berlin; returns
    /// what it wrote (before the binary makes control characters visible). For a plain
    /// journal: an encrypted one would need the process's environment. A command that
    /// reads standard input reads this process's.
    pub fn in_process(&self, args: &[&str]) -> anyhow::Result<String> {
        assert!(!self.encrypted, "in process, the journal must be plain");
        let cli = Cli::try_parse_from(std::iter::once("bearing").chain(args.iter().copied()))?;
        let command = cli
            .command
            .expect("a subcommand: the interface needs a terminal");
        let paths = Paths {
            journal: self.db(),
            config: self.config(),
            config_named: false,
            leftovers: false,
        };
        let clock = crate::domain::clock::pinned_clock(&self.now, chrono_tz::Europe::Berlin)?;
        let mut out = Vec::new();
        crate::cli::run(&paths, &clock, command, &mut out)?;
        Ok(String::from_utf8(out)?)
    }

    /// bearing's interface in an 80x24 pseudo-terminal, in this home with this
    /// environment's variables but no passphrase command: an encrypted journal is asked
    /// for on the terminal, as a user starting it would be.
    pub fn interface(&self) -> Pty {
        self.interface_with(&[])
    }

    /// [`Env::interface`] with the variables `more` too (`EDITOR`, say).
    pub fn interface_with(&self, more: &[(&'static str, String)]) -> Pty {
        let vars: Vec<_> = self
            .vars()
            .into_iter()
            .filter(|(k, _)| *k != "BEARING_PASSPHRASE_COMMAND")
            .chain(more.iter().cloned())
            .collect();
        Pty::start(&bin(), &[], self.dir.path(), &vars)
    }

    /// The interface on a plain journal: on the first run (no journal yet), its offer to
    /// encrypt the new journal is declined.
    pub fn session(&self) -> Pty {
        let first_run = !self.db().exists();
        let mut pty = self.interface();
        if first_run {
            pty.wait_for("Encrypt it with a passphrase?");
            pty.send("n\r");
        }
        pty
    }
}
