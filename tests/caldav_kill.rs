//! A sync killed at any moment (`kill -9`) leaves the journal consistent, and the next
//! sync converges: every event once, every published block once on the server. Against
//! Radicale, started by the test (skipped, with one line, where it is not installed).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Duration;

use bearing::testkit::{DavServer, Env, Event, Ics};

const EVENTS: usize = 150;
const BLOCKS: usize = 4;

fn meeting(n: usize) -> String {
    Ics::new()
        .event(
            Event::new(&format!("meeting-{n}@kill.test"))
                .stamp("20261101T000000Z")
                .start_in(
                    "Europe/Berlin",
                    &format!("202611{:02}T{:02}0000", 23 + n % 5, 8 + n % 9),
                )
                .end_in(
                    "Europe/Berlin",
                    &format!("202611{:02}T{:02}3000", 23 + n % 5, 8 + n % 9),
                )
                .summary(&format!("Meeting {n}")),
        )
        .build()
}

#[test]
fn a_sync_killed_at_any_moment_converges_on_the_next() {
    let Some(server) = DavServer::radicale() else {
        return;
    };
    let work = server.make_calendar("work", "Work");
    let leadership = server.make_calendar("leadership", "Leadership");
    for n in 0..EVENTS {
        server.put(&format!("{work}m{n}.ics"), &meeting(n));
    }
    let env = Env::new();
    let password = env.tmp().join("password");
    std::fs::write(&password, server.password()).unwrap();
    env.ok(&[
        "account",
        "add",
        "work",
        "--url",
        &server.base_url(),
        "--user",
        server.user(),
        "--password-command",
        &format!("cat {}", password.display()),
    ]);
    env.ok(&["account", "use", "work", "Work", "--for", "read"]);
    env.ok(&["account", "use", "work", "Leadership", "--for", "blocks"]);
    for b in 0..BLOCKS {
        env.ok(&[
            "block",
            "add",
            &format!("Block {b}"),
            "--start",
            &format!("2026-11-2{} 0{}:00", 3 + b, 7 + b),
            "--minutes",
            "60",
            "--weekly",
            "--days",
            "mon,wed",
        ]);
        env.ok(&["block", "publish", &(b + 1).to_string()]);
    }
    // Killed early, mid-way and late, a few times over.
    for delay in [5, 40, 120, 250, 500] {
        let mut child = env.process().arg("refresh").spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        // The journal opens and reads after each kill.
        env.ok(&["calendars"]);
    }
    env.ok(&["refresh"]);
    let again = env.json(&["refresh", "--json"]);
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["error"].is_null()),
        "{again}"
    );
    let calendars = env.json(&["calendars", "--json"]);
    let work_events = calendars
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Work")
        .map(|c| c["events"].as_i64().unwrap());
    assert_eq!(work_events, Some(EVENTS as i64), "{calendars}");
    let objects: Vec<String> = server
        .propfind(&leadership, "1", "<d:getetag/>")
        .hrefs_in("response")
        .into_iter()
        .filter(|h| h.ends_with(".ics"))
        .collect();
    assert_eq!(
        objects.len(),
        BLOCKS,
        "one object per block, never two: {objects:?}"
    );
}
