//! The real binary in a pseudo-terminal: keys typed, the screen read back through a
//! terminal emulator (vt100), the journal checked with `bearing list --json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::thread;
use std::time::{Duration, Instant};

use bearing::testkit::{Env, Event, HttpServer, Ics, Reply};

#[test]
fn a_reflection_typed_in_the_terminal_is_in_the_journal() {
    let env = Env::new();
    let mut s = env.session();
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

    let entries = env.list_json(&[]);
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
    let env = Env::new();
    let mut s = env.session();
    s.wait_for("Prompt of the day");
    s.send("i");
    s.wait_for("WRITING");
    s.send("Words that must survive a kill");
    s.wait_for("survive a kill");
    thread::sleep(Duration::from_secs(2));
    s.kill();

    let mut s = env.session();
    s.wait_for("Recovered your unsaved draft");
    s.wait_for("Words that must survive a kill");
    s.send("\x13");
    s.wait_for("Saved reflection #1");
    s.send("q");
    assert!(s.wait_exit());
    assert_eq!(
        env.list_json(&[])[0]["body"],
        "Words that must survive a kill"
    );
}

/// History in a real terminal: search as you type, then edit the entry found in place,
/// and kill the process two seconds later: the edit is already in the journal.
#[cfg(unix)]
#[test]
fn an_entry_found_in_history_and_edited_in_place_survives_a_kill() {
    let env = Env::new();
    for text in [
        "Budget planning ran long",
        "Feedback for @Sam went well #feedback",
    ] {
        env.ok(&["reflect", text]);
    }
    let mut s = env.session();
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
    let bodies: Vec<String> = env
        .list_json(&[])
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
    let env = Env::new();
    let mut a = env.session();
    a.wait_for("Prompt of the day");
    let mut b = env.session();
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
    let mut c = env.session();
    c.wait_for("Recovered your unsaved draft");
    c.wait_for("Written in the first terminal");
    c.wait_for("Written in the second terminal");
    c.send("q");
    assert!(c.wait_exit());
}

#[test]
fn the_interface_opens_at_once_while_a_slow_calendar_is_read_again() {
    // A server that answers the first request at once and later ones after 5 seconds.
    let status = |title: &str| {
        Ics::new()
            .event(
                Event::new("s1")
                    .summary(title)
                    .start("20261123T080000Z")
                    .end("20261123T090000Z"),
            )
            .build()
    };
    let (first, moved) = (status("Status"), status("Status moved"));
    let server = HttpServer::answering(move |r| {
        if r.number == 0 {
            Reply::ok(first.clone())
        } else {
            Reply::ok(moved.clone()).after(Duration::from_secs(5))
        }
    });
    let env = Env::new();
    // Imported a day before "now": stale after six hours.
    let out = env
        .bearing()
        .args(["import", &server.url("/team.ics")])
        .env("BEARING_NOW", "2026-11-21T10:00:00+01:00")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let started = Instant::now();
    let mut s = env.session();
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
