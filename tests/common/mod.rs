//! Shared set-up for the binary's integration tests: a private temp home, a pinned time
//! zone, and helpers that run `bearing` and read its JSON.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod pty;

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// The "now" every test run of the binary is pinned to (`BEARING_NOW`), a Sunday; tests
/// write their dates relative to it, so they hold on any day they run.
pub const NOW: &str = "2026-11-22T10:00:00+01:00";

/// The passphrase of the encrypted journals of tests.
pub const PASSPHRASE: &str = "correct horse battery staple";

/// A passphrase command that prints [`PASSPHRASE`].
pub fn passphrase_command() -> String {
    format!("printf '%s' '{PASSPHRASE}'")
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

impl Env {
    /// A fresh environment.
    pub fn new() -> Env {
        Env::at(NOW)
    }

    /// A fresh environment whose runs see `now` (RFC 3339) as the current time.
    pub fn at(now: &str) -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: now.to_string(),
            encrypted: false,
        }
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
    pub fn store_at(&self, path: &std::path::Path) -> bearing::store::Store {
        use bearing::store::{Key, OpenMode, Passphrase, Store};
        if self.encrypted {
            let pass = Passphrase::new(PASSPHRASE.into()).unwrap();
            let key = Key::for_journal(path, &pass).unwrap();
            Store::open_encrypted(path, OpenMode::Write, &key).unwrap()
        } else {
            Store::open(path).unwrap()
        }
    }

    /// This environment's journal opened in process, made if missing.
    pub fn store(&self) -> bearing::store::Store {
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
        ];
        if self.encrypted {
            vars.push(("BEARING_PASSPHRASE_COMMAND", passphrase_command()));
        }
        vars
    }

    /// `bearing` with this environment's journal and config dir, Europe/Berlin time pinned
    /// at `now`, and no way to reach the real user's files.
    pub fn bearing(&self) -> Command {
        let mut cmd = Command::cargo_bin("bearing").unwrap();
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("TZ", "Europe/Berlin")
            .env("BEARING_NOW", &self.now)
            .env("BEARING_DB", self.db())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        if self.encrypted {
            cmd.env("BEARING_PASSPHRASE_COMMAND", passphrase_command());
        }
        cmd
    }

    /// `bearing` as a plain process (to kill it, or to close its pipes), with the same
    /// environment as [`Env::bearing`].
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bearing"));
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("TZ", "Europe/Berlin")
            .env("BEARING_NOW", &self.now)
            .env("BEARING_DB", self.db())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
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
}
