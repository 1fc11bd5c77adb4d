//! The real binary in a pseudo-terminal: keys typed, the screen read back through a
//! terminal emulator (vt100), the journal checked with `bearing list --json`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{Read, Write};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::pty::Pty;

const BIN: &str = env!("CARGO_BIN_EXE_bearing");

/// bearing running in an 80x24 pseudo-terminal, on the journal in its directory.
struct Session(Pty);

fn env_for(dir: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("HOME", dir.display().to_string()),
        ("XDG_CONFIG_HOME", dir.join("config").display().to_string()),
        ("BEARING_DB", dir.join("journal.db").display().to_string()),
        ("TZ", "Europe/Berlin".into()),
        ("BEARING_NOW", common::NOW.into()),
        ("TERM", "xterm-256color".into()),
        ("PATH", std::env::var("PATH").unwrap_or_default()),
    ]
}

impl Session {
    fn start(dir: &Path) -> Session {
        // The first run offers to encrypt the new journal: these tests keep it plain.
        let first_run = !dir.join("journal.db").exists();
        let mut pty = Pty::start(Path::new(BIN), &[], dir, &env_for(dir));
        if first_run {
            pty.wait_for("Encrypt it with a passphrase?");
            pty.send("n\r");
        }
        Session(pty)
    }
}

impl std::ops::Deref for Session {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.0
    }
}

impl std::ops::DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.0
    }
}

fn list_json(dir: &Path) -> Vec<Value> {
    let out = std::process::Command::new(BIN)
        .args(["list", "--json"])
        .env_clear()
        .envs(env_for(dir))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_reflection_typed_in_the_terminal_is_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.wait_for("Prompt of the day");
    s.send("i");
    s.wait_for("WRITING");
    s.send("Typed in a real terminal with @Pat #e2e");
    s.wait_for("with @Pat #e2e");
    s.send("\x13"); // Ctrl-S
    s.wait_for("Saved reflection #1");
    s.send("?");
    s.wait_for("Keys");
    s.send("\x1b"); // Esc closes the help
    s.wait_gone("Esc close");
    s.send("q");
    assert!(s.wait_exit(), "bearing exited with an error");

    let entries = list_json(dir.path());
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0]["body"],
        "Typed in a real terminal with @Pat #e2e"
    );
    assert_eq!(entries[0]["tags"], serde_json::json!(["e2e"]));
    assert_eq!(entries[0]["people"], serde_json::json!(["Pat"]));
}

#[cfg(unix)]
#[test]
fn text_typed_two_seconds_before_a_kill_is_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.wait_for("Prompt of the day");
    s.send("i");
    s.wait_for("WRITING");
    s.send("Words that must survive a kill");
    s.wait_for("survive a kill");
    thread::sleep(Duration::from_secs(2));
    s.kill();

    let mut s = Session::start(dir.path());
    s.wait_for("Recovered your unsaved draft");
    s.wait_for("Words that must survive a kill");
    s.send("\x13");
    s.wait_for("Saved reflection #1");
    s.send("q");
    assert!(s.wait_exit());
    assert_eq!(
        list_json(dir.path())[0]["body"],
        "Words that must survive a kill"
    );
}

/// History in a real terminal: search as you type, then edit the entry found in place,
/// and kill the process two seconds later: the edit is already in the journal.
#[cfg(unix)]
#[test]
fn an_entry_found_in_history_and_edited_in_place_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    for text in [
        "Budget planning ran long",
        "Feedback for @Sam went well #feedback",
    ] {
        let out = std::process::Command::new(BIN)
            .args(["reflect", text])
            .env_clear()
            .envs(env_for(dir.path()))
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let mut s = Session::start(dir.path());
    s.wait_for("Prompt of the day");
    s.send("6");
    s.wait_for("History · 2 items");
    s.send("/");
    s.send("feedb");
    s.wait_for("History · 1 match");
    s.send("\r"); // keep the results
    thread::sleep(Duration::from_millis(300));
    s.send("\r"); // edit the entry in place
    s.wait_for("Editing");
    s.send(" and I said so");
    s.wait_for("I said so");
    // The editor's border shows when it last saved (every half second). On a loaded
    // machine the redraw can lag, so wait for it rather than trust the clock alone.
    thread::sleep(Duration::from_secs(2));
    s.wait_for("saved ");
    s.kill();
    let bodies: Vec<String> = list_json(dir.path())
        .iter()
        .map(|e| e["body"].as_str().unwrap().to_string())
        .collect();
    assert!(
        bodies.contains(&"Feedback for @Sam went well #feedback and I said so".to_string()),
        "{bodies:?}"
    );
}

#[cfg(unix)]
#[test]
fn two_terminals_on_one_journal_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Session::start(dir.path());
    a.wait_for("Prompt of the day");
    let mut b = Session::start(dir.path());
    b.wait_for("Another bearing is open");
    a.send("i");
    a.wait_for("WRITING");
    a.send("Written in the first terminal");
    a.wait_for("first terminal");
    b.send("i");
    b.wait_for("WRITING");
    b.send("Written in the second terminal");
    b.wait_for("second terminal");
    // Both stop writing and quit; both drafts are kept.
    a.send("\x1b");
    a.wait_for("NORMAL");
    a.send("q");
    assert!(a.wait_exit());
    b.send("\x1b");
    b.wait_for("NORMAL");
    b.send("q");
    assert!(b.wait_exit());
    let mut c = Session::start(dir.path());
    c.wait_for("Recovered your unsaved draft");
    c.wait_for("Written in the first terminal");
    c.wait_for("Written in the second terminal");
    c.send("q");
    assert!(c.wait_exit());
}

#[test]
fn the_interface_opens_at_once_while_a_slow_calendar_is_read_again() {
    use std::net::TcpListener;
    let dir = tempfile::tempdir().unwrap();
    // A server that answers the first request at once and later ones after 5 seconds.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s1\r\nSUMMARY:Status\r\nDTSTART:20261123T080000Z\r\nDTEND:20261123T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            if n > 0 {
                thread::sleep(Duration::from_secs(5));
            }
            let body = if n > 0 {
                body.replace("Status", "Status moved")
            } else {
                body.to_string()
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    // Imported a day before "now": stale after six hours.
    let out = std::process::Command::new(BIN)
        .args(["import", &format!("http://127.0.0.1:{port}/team.ics")])
        .env_clear()
        .envs(env_for(dir.path()))
        .env("BEARING_NOW", "2026-11-21T10:00:00+01:00")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let started = Instant::now();
    let mut s = Session::start(dir.path());
    s.wait_for("Prompt of the day");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    s.send("2");
    s.wait_for("reading calendars");
    s.wait_for("Read 1 calendar again");
    assert!(started.elapsed() >= Duration::from_secs(5));
    s.send("q");
    assert!(s.wait_exit());
}
