//! CalDAV accounts against real servers (Radicale and Xandikos, started by the tests on
//! 127.0.0.1): an account found from the host alone or the well-known address, its
//! calendars listed with their roles, a read calendar synced incrementally (new, changed
//! and deleted objects; a second sync changes nothing), a stale sync token, a wrong
//! password, a server stopped mid-way, and a calendar that suddenly comes back empty.
//! Each test skips (one line on stderr) where its server is not installed, and fails
//! under CI.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use bearing::testkit::{DavKind, DavServer, Env, Event, Ics};
use serde_json::Value;

const KINDS: [DavKind; 2] = [DavKind::Radicale, DavKind::Xandikos];

/// A weekly 1:1 on Mondays from the week after the pinned now, and a one-off review.
fn one_on_one(title: &str) -> String {
    Ics::new()
        .prodid("-//Google Inc//Google Calendar 70.9054//EN")
        .event(
            Event::new("one-on-one@caldav.test")
                .stamp("20261101T000000Z")
                .start_in("Europe/Berlin", "20261123T100000")
                .end_in("Europe/Berlin", "20261123T103000")
                .rrule("FREQ=WEEKLY;COUNT=6")
                .summary(title),
        )
        .build()
}

fn review() -> String {
    Ics::new()
        .prodid("-//Apple Inc.//macOS 15.1//EN")
        .event(
            Event::new("review@caldav.test")
                .stamp("20261101T000000Z")
                .start("20261124T130000Z")
                .end("20261124T140000Z")
                .summary("Quarterly review"),
        )
        .build()
}

/// The password command for `server`'s user (the password never reaches bearing's argv).
fn password_command(env: &Env, server: &DavServer) -> String {
    let file = env.tmp().join("password");
    std::fs::write(&file, server.password()).unwrap();
    format!("cat {}", file.display())
}

/// Adds account `work` on `server` from `url`.
fn add(env: &Env, server: &DavServer, url: &str) -> Value {
    env.json(&[
        "account",
        "add",
        "work",
        "--url",
        url,
        "--user",
        server.user(),
        "--password-command",
        &password_command(env, server),
        "--json",
    ])
}

fn calendar_named<'v>(account: &'v Value, name: &str) -> &'v Value {
    account["calendars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains(name))
        .unwrap_or_else(|| panic!("no calendar {name} in {account}"))
}

/// How many events calendar `name` holds, as `bearing calendars --json` counts them.
fn events_in(env: &Env, name: &str) -> i64 {
    let all = env.json(&["calendars", "--json"]);
    all.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains(name))
        .map_or(0, |c| c["events"].as_i64().unwrap())
}

fn titles(env: &Env) -> Vec<String> {
    let week = env.json(&["audit", "--json", "--week", "2026-11-23"]);
    let mut out: Vec<String> = week["top_series"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["title"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

#[test]
fn an_account_is_found_from_the_host_or_the_well_known_address_with_its_calendars() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        server.make_calendar("work", "Work");
        server.make_calendar("leadership", "Leadership");
        let env = Env::new();
        let account = add(&env, &server, &server.base_url());
        assert_eq!(account["name"], "work", "{}", kind.name());
        for name in ["Work", "Leadership"] {
            assert_eq!(
                calendar_named(&account, name)["role"],
                "unused",
                "{account}"
            );
        }
        // The same from the well-known address, as another account.
        let other = Env::new();
        let well_known = format!(
            "{}/.well-known/caldav",
            server.base_url().trim_end_matches('/')
        );
        let account = add(&other, &server, &well_known);
        assert_eq!(
            account["calendars"].as_array().unwrap().len(),
            2,
            "{account}"
        );
        // Roles: one read, one for blocks; listed as such.
        env.ok(&["account", "use", "work", "Work", "--for", "read"]);
        env.ok(&["account", "use", "work", "Leadership", "--for", "blocks"]);
        let listed = env.json(&["account", "calendars", "work", "--json"]);
        let role = |name: &str| {
            listed
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"].as_str().unwrap().contains(name))
                .unwrap()["role"]
                .clone()
        };
        assert_eq!(role("Work"), "read");
        assert_eq!(role("Leadership"), "blocks");
        // A calendar that is not there is refused, naming the ones that are.
        let refused = env.fails(&["account", "use", "work", "Nope", "--for", "read"]);
        assert!(
            refused.contains("Work") && refused.contains("Leadership"),
            "{refused}"
        );
    }
}

#[test]
fn a_read_calendar_follows_the_server_new_changed_and_deleted_objects() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        let work = server.make_calendar("work", "Work");
        let one_on_one_url = format!("{}/one-on-one.ics", work.trim_end_matches('/'));
        let review_url = format!("{}/review.ics", work.trim_end_matches('/'));
        server.put(&one_on_one_url, &one_on_one("1:1 Priya"));
        let env = Env::new();
        add(&env, &server, &server.base_url());
        env.ok(&["account", "use", "work", "Work", "--for", "read"]);
        let first = env.json(&["refresh", "--json"]);
        assert_eq!(first[0]["changed"], true, "{}: {first}", kind.name());
        assert_eq!(events_in(&env, "Work"), 1);
        assert_eq!(titles(&env), ["1:1 Priya"]);
        // Nothing changed on the server: nothing changes here.
        let again = env.json(&["refresh", "--json"]);
        assert_eq!(again[0]["changed"], false, "{again}");
        assert!(again[0]["error"].is_null(), "{again}");
        // A new object and a changed one.
        server.put(&review_url, &review());
        server.put(&one_on_one_url, &one_on_one("1:1 Priya (moved room)"));
        let changed = env.json(&["refresh", "--json"]);
        assert_eq!(changed[0]["changed"], true, "{changed}");
        assert_eq!(events_in(&env, "Work"), 2);
        assert_eq!(titles(&env), ["1:1 Priya (moved room)", "Quarterly review"]);
        // A deleted one.
        server.delete(&review_url);
        env.ok(&["refresh"]);
        assert_eq!(events_in(&env, "Work"), 1);
        assert_eq!(titles(&env), ["1:1 Priya (moved room)"]);
        // A stale token: the whole list is read again, and nothing is counted twice.
        let db = rusqlite::Connection::open(env.db()).unwrap();
        db.execute(
            "UPDATE account_calendars SET sync_token = 'http://radicale.org/ns/sync/bogus', ctag = 'bogus'",
            [],
        )
        .unwrap();
        drop(db);
        server.put(&review_url, &review());
        let resynced = env.json(&["refresh", "--json"]);
        assert!(resynced[0]["error"].is_null(), "{resynced}");
        assert_eq!(events_in(&env, "Work"), 2);
        // Removing the account removes its calendars' events, and nothing else.
        env.reflect(&["A note that stays"]);
        env.ok(&["account", "rm", "work"]);
        assert_eq!(events_in(&env, "Work"), 0);
        assert_eq!(env.list_json(&[]).len(), 1);
    }
}

#[test]
fn a_wrong_password_a_stopped_server_and_an_emptied_calendar_change_nothing() {
    for kind in KINDS {
        let Some(mut server) = DavServer::of(kind) else {
            continue;
        };
        let work = server.make_calendar("work", "Work");
        let url = format!("{}/one-on-one.ics", work.trim_end_matches('/'));
        server.put(&url, &one_on_one("1:1 Priya"));
        let env = Env::new();
        if kind == DavKind::Radicale {
            // Xandikos has no passwords of its own.
            let wrong = env.tmp().join("wrong");
            std::fs::write(&wrong, "not-the-password").unwrap();
            let refused = env.fails(&[
                "account",
                "add",
                "work",
                "--url",
                &server.base_url(),
                "--user",
                server.user(),
                "--password-command",
                &format!("cat {}", wrong.display()),
            ]);
            assert!(refused.contains("401"), "{refused}");
            assert!(!refused.contains("not-the-password"), "{refused}");
            assert_eq!(
                env.json(&["account", "list", "--json"]),
                serde_json::json!([])
            );
        }
        add(&env, &server, &server.base_url());
        env.ok(&["account", "use", "work", "Work", "--for", "read"]);
        env.ok(&["refresh"]);
        assert_eq!(events_in(&env, "Work"), 1);
        // The server is down: a clear failure, the events kept.
        server.stop();
        let down = env.fails(&["refresh"]);
        assert!(
            down.contains("Work") && down.contains("127.0.0.1"),
            "{down}"
        );
        assert_eq!(events_in(&env, "Work"), 1);
        let listed = env.json(&["account", "calendars", "work", "--json"]);
        assert!(
            listed[0]["error"].is_string() || listed[1]["error"].is_string(),
            "{listed}"
        );
        server.restart();
        // The calendar comes back empty: refused unless forced.
        server.delete(&url);
        let emptied = env.fails(&["refresh"]);
        assert!(emptied.contains("--force"), "{emptied}");
        assert_eq!(events_in(&env, "Work"), 1);
        env.ok(&["refresh", "--force"]);
        assert_eq!(events_in(&env, "Work"), 0);
    }
}

#[test]
fn a_leadership_calendar_is_made_on_the_server_when_asked() {
    for kind in KINDS {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        server.make_calendar("work", "Work");
        let env = Env::new();
        add(&env, &server, &server.base_url());
        let refused = env.fails(&["account", "use", "work", "Leadership", "--for", "blocks"]);
        assert!(
            refused.contains("has no calendar 'Leadership'"),
            "{refused}"
        );
        let made = env.ok(&[
            "account",
            "use",
            "work",
            "Leadership",
            "--for",
            "blocks",
            "--create",
        ]);
        assert!(
            made.contains("Made the calendar 'Leadership'"),
            "{}: {made}",
            kind.name()
        );
        let listed = env.json(&["account", "calendars", "work", "--json"]);
        let leadership = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "Leadership")
            .unwrap_or_else(|| panic!("{listed}"));
        assert_eq!(leadership["role"], "blocks");
        // It is a real calendar on the server: a published block lands in it.
        env.ok(&[
            "block",
            "add",
            "Vision work",
            "--start",
            "2026-11-24 09:00",
            "--minutes",
            "60",
        ]);
        env.ok(&["block", "publish", "1"]);
        let out = env.json(&["refresh", "--json"]);
        assert!(out.to_string().contains("\"created\""), "{out}");
    }
}
