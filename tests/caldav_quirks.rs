//! CalDAV accounts against servers that depart from the RFCs the way the public ones do,
//! imitated in process by `testkit::FakeCalDav` (none of them can be started by a test):
//! Google (no MKCALENDAR, a first `sync-collection` refused with 400, DELETE ignoring
//! `If-Match`, names of its own for what a client creates, OAuth), iCloud (the calendars
//! on a per-account host that discovery leads to) and Baïkal (Digest only). Each is
//! added, read and refreshed through the real binary as a user would; what only the
//! client library can show (Bearer, conditional writes) is driven through it directly.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::cell::RefCell;
use std::collections::HashMap;

use bearing::io::dav::{self, Auth, HeldTags, Known, Options, Written};
use bearing::testkit::{
    Env, Event, FAKE_BEARER_TOKEN, FAKE_PASSWORD, FAKE_USER, FakeAuth, FakeCalDav, Ics, NOW, Quirks,
};
use chrono::{DateTime, Duration};
use serde_json::Value;
use zeroize::Zeroizing;

/// `days` after the pinned now, at `hhmmss` local time: `20261123T100000`.
fn local(days: i64, hhmmss: &str) -> String {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    format!("{}T{hhmmss}", (now + Duration::days(days)).format("%Y%m%d"))
}

/// A half-hour event `days` after the pinned now, at 10:00 in Berlin.
fn half_hour(uid: &str, title: &str, days: i64) -> Event {
    Event::new(uid)
        .stamp("20261101T000000Z")
        .start_in("Europe/Berlin", &local(days, "100000"))
        .end_in("Europe/Berlin", &local(days, "103000"))
        .summary(title)
}

/// An object of one event.
fn object(event: Event) -> String {
    Ics::new()
        .prodid("-//Fake//CalDAV quirks//EN")
        .event(event)
        .build()
}

/// A half-hour meeting `days` after the pinned now, at 10:00 in Berlin.
fn meeting(uid: &str, title: &str, days: i64) -> String {
    object(half_hour(uid, title, days))
}

/// A server with `quirks` and two calendars, Work and Team, one meeting in each.
fn server(quirks: Quirks) -> (FakeCalDav, String, String) {
    let fake = FakeCalDav::start(quirks);
    let work = fake.add_calendar("work", "Work");
    let team = fake.add_calendar("team", "Team");
    fake.put(
        &work,
        "one-on-one.ics",
        &meeting("one-on-one@quirks.test", "1:1 Priya", 1),
    );
    fake.put(
        &team,
        "standup.ics",
        &meeting("standup@quirks.test", "Team standup", 2),
    );
    (fake, work, team)
}

/// A password command printing `password` (it never reaches bearing's argv).
fn password_command(env: &Env, password: &str) -> String {
    let file = env.tmp().join("password");
    std::fs::write(&file, password).unwrap();
    format!("cat {}", file.display())
}

fn add_args(env: &Env, fake: &FakeCalDav, password: &str) -> Vec<String> {
    [
        "account",
        "add",
        "work",
        "--url",
        &fake.url(),
        "--user",
        FAKE_USER,
        "--password-command",
        &password_command(env, password),
        "--json",
    ]
    .map(str::to_string)
    .to_vec()
}

/// Adds account `work` on `fake`, reads both its calendars, and refreshes once.
fn add_and_read(env: &Env, fake: &FakeCalDav) -> Value {
    let args = add_args(env, fake, FAKE_PASSWORD);
    let account = env.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    env.ok(&["account", "use", "work", "Work", "--for", "read"]);
    env.ok(&["account", "use", "work", "Team", "--for", "read"]);
    let first = env.json(&["refresh", "--json"]);
    for outcome in first.as_array().unwrap() {
        assert!(
            outcome["error"].is_null(),
            "{}: {first}",
            fake.quirks().name
        );
        assert_eq!(outcome["changed"], true, "{first}");
    }
    account
}

/// How many events calendar `name` holds, as `bearing calendars --json` counts them.
fn events_in(env: &Env, name: &str) -> i64 {
    env.json(&["calendars", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains(name))
        .map_or(0, |c| c["events"].as_i64().unwrap())
}

/// Refreshes with nothing changed on the server, and returns what the server answered.
fn unchanged_refresh(env: &Env, fake: &FakeCalDav) -> Vec<String> {
    fake.clear_seen();
    let again = env.json(&["refresh", "--json"]);
    for outcome in again.as_array().unwrap() {
        assert!(outcome["error"].is_null(), "{again}");
        assert_eq!(outcome["changed"], false, "{again}");
    }
    fake.answered()
}

#[test]
fn a_standard_server_is_read_by_token_and_an_unchanged_refresh_is_one_report_per_calendar() {
    let (fake, work, _) = server(Quirks::standard());
    let env = Env::new();
    add_and_read(&env, &fake);
    assert_eq!((events_in(&env, "Work"), events_in(&env, "Team")), (1, 1));
    // When each calendar was synced reads as a time in the user's zone.
    let listed = env.ok(&["account", "calendars", "work"]);
    assert!(
        listed.contains("read    Work  (synced Sun 22 Nov 2026 10:00)"),
        "{listed}"
    );
    // Renamed in bearing, an account's calendar is read with its account: a refresh by
    // its new name says so, and changes nothing.
    env.ok(&["calendars", "rename", "Team", "Team (mine)"]);
    let refused = env.fails(&["refresh", "Team (mine)"]);
    assert!(
        refused.contains(
            "'Team (mine)' comes from account 'work': read it again with `bearing refresh work`"
        ),
        "{refused}"
    );
    env.ok(&["calendars", "rename", "Team (mine)", "Team"]);
    // The first sync asked for the token, then every object with its text by one
    // calendar-query per calendar: no listing, no multiget.
    assert_eq!(fake.count("REPORT calendar-query"), 2, "{:#?}", fake.seen());
    assert_eq!(
        fake.count("REPORT calendar-multiget"),
        0,
        "{:#?}",
        fake.seen()
    );
    assert_eq!(
        fake.count("REPORT sync-collection"),
        0,
        "{:#?}",
        fake.seen()
    );
    assert_eq!(
        unchanged_refresh(&env, &fake),
        ["REPORT sync-collection", "REPORT sync-collection"],
        "{:#?}",
        fake.seen()
    );
    assert!(fake.challenges() <= 1, "{:#?}", fake.seen());
    // An hour later, read again with nothing new: each calendar counts as read then.
    let mut env = env;
    env.now = "2026-11-22T11:00:00+01:00".to_string();
    unchanged_refresh(&env, &fake);
    for calendar in env.json(&["calendars", "--json"]).as_array().unwrap() {
        assert_eq!(
            calendar["refreshed_at"], "2026-11-22T11:00:00+01:00",
            "{calendar}"
        );
    }

    // A new object is fetched; then the server forgets its tokens: the whole list is
    // read again, and nothing is counted twice.
    fake.put(
        &work,
        "review.ics",
        &meeting("review@quirks.test", "Review", 3),
    );
    env.ok(&["refresh"]);
    assert_eq!(events_in(&env, "Work"), 2);
    fake.forget_sync_tokens();
    fake.delete(&format!("{work}review.ics"));
    let resynced = env.json(&["refresh", "--json"]);
    assert!(resynced[0]["error"].is_null(), "{resynced}");
    assert_eq!((events_in(&env, "Work"), events_in(&env, "Team")), (1, 1));
    let statuses: Vec<(String, u16)> = fake
        .seen()
        .into_iter()
        .filter(|s| s.what == "REPORT sync-collection")
        .map(|s| (s.what, s.status))
        .collect();
    assert!(
        statuses.iter().any(|(_, status)| *status == 403),
        "the stale token was refused: {statuses:?}"
    );
}

#[test]
fn google_a_first_sync_refused_with_400_falls_back_to_the_etag_listing() {
    // bearing's command line has no Google sign-in yet: a password stands in for the
    // token here (the Bearer path is driven through the library below).
    let (fake, work, _) = server(Quirks::google().with_auth(FakeAuth::Basic));
    let env = Env::new();
    let account = add_and_read(&env, &fake);
    assert_eq!(
        account["calendars"].as_array().unwrap().len(),
        2,
        "{account}"
    );
    assert_eq!((events_in(&env, "Work"), events_in(&env, "Team")), (1, 1));
    // A first sync takes the token Google gives a Depth 0 PROPFIND, then every object
    // by calendar-query: no sync-collection without a token for it to refuse.
    let seen = fake.seen();
    assert_eq!(fake.count("REPORT calendar-query"), 2, "{seen:#?}");
    assert!(
        !seen.iter().any(|s| s.status == 400),
        "nothing refused: {seen:#?}"
    );
    // Its tokens forgotten, the stale one is refused, a sync-collection without one
    // too (400), and the ETag listing reads the calendar whole, nothing doubled.
    fake.forget_sync_tokens();
    fake.clear_seen();
    env.ok(&["refresh"]);
    let seen = fake.seen();
    assert!(
        seen.iter()
            .any(|s| s.what == "REPORT sync-collection" && s.status == 400),
        "{seen:#?}"
    );
    assert_eq!((events_in(&env, "Work"), events_in(&env, "Team")), (1, 1));
    // Changes on the server still come through, new and deleted.
    fake.put(
        &work,
        "review.ics",
        &meeting("review@quirks.test", "Review", 3),
    );
    env.ok(&["refresh"]);
    assert_eq!(events_in(&env, "Work"), 2);
    fake.delete(&format!("{work}one-on-one.ics"));
    env.ok(&["refresh"]);
    assert_eq!(events_in(&env, "Work"), 1);
}

#[test]
fn google_an_unchanged_refresh_is_one_cheap_request_per_calendar() {
    let (fake, _, _) = server(Quirks::google().with_auth(FakeAuth::Basic));
    let env = Env::new();
    add_and_read(&env, &fake);
    env.ok(&["refresh"]);
    // Google serves the sync token to a Depth 0 PROPFIND and wants clients on
    // sync-collection from the second sync on; a client that never takes the token
    // sends a refused sync-collection and a ctag PROPFIND on every refresh.
    let answered = unchanged_refresh(&env, &fake);
    assert_eq!(
        answered.len(),
        2,
        "one request per calendar, not: {:#?}",
        fake.seen()
    );
}

fn google_transport(fake: &FakeCalDav) -> (dav::Transport, dav::Discovery) {
    let given = dav::server_address(&fake.url()).unwrap();
    let auth = Auth::Bearer(Zeroizing::new(FAKE_BEARER_TOKEN.to_string()));
    dav::discover(&given, auth, &Options::default()).unwrap()
}

#[test]
fn google_with_its_token_finds_the_calendars_and_a_delete_checks_the_etag_it_ignores() {
    let (fake, work, _) = server(Quirks::google());
    let (transport, found) = google_transport(&fake);
    let mut names: Vec<&str> = found.calendars.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Team", "Work"]);
    assert!(fake.seen().iter().all(|s| {
        s.status == 401
            || s.authorization.as_deref() == Some(&format!("Bearer {FAKE_BEARER_TOKEN}"))
    }));
    // Another client changed the object since bearing read it: Google would delete it
    // all the same, so bearing asks first and leaves it.
    let href = format!("{work}one-on-one.ics");
    let (read_etag, _) = fake.object(&href).unwrap();
    fake.put(
        &work,
        "one-on-one.ics",
        &meeting("one-on-one@quirks.test", "1:1 Priya (moved)", 1),
    );
    assert_eq!(
        dav::delete(&transport, &href, &read_etag).unwrap(),
        Written::Changed
    );
    assert!(
        fake.object(&href).is_some(),
        "the other client's change is kept"
    );
    let (current, _) = fake.object(&href).unwrap();
    assert_eq!(
        dav::delete(&transport, &href, &current).unwrap(),
        Written::Done(None)
    );
    assert!(fake.object(&href).is_none());
}

#[test]
fn google_an_object_bearing_creates_is_found_again_where_bearing_keeps_it() {
    let (fake, work, _) = server(Quirks::google());
    let (transport, _) = google_transport(&fake);
    let href = format!("{work}block-1@bearing.test.ics");
    let block = meeting("block-1@bearing.test", "Leadership block", 2);
    let (Written::Done(Some(etag)), Some(kept_at)) =
        dav::create(&transport, &href, &block).unwrap()
    else {
        panic!("created without an ETag or without the name Google gave it");
    };
    assert_ne!(kept_at, href);
    // Google kept it under a name of its own (its answer's Location says which); the
    // next sync lists it there.
    let listed = dav::changes(&transport, &work, &Known::default(), &mut |_, _| {}).unwrap();
    let hrefs: Vec<&str> = listed.changed.iter().map(|o| o.href.as_str()).collect();
    assert_eq!(hrefs.len(), 2, "{hrefs:?}");
    assert!(hrefs.contains(&kept_at.as_str()), "{hrefs:?}");
    // bearing updates it where Google keeps it.
    let moved = meeting("block-1@bearing.test", "Leadership block (moved)", 3);
    let updated = dav::update(&transport, &kept_at, &moved, &etag).unwrap();
    assert!(
        matches!(updated, Written::Done(_)),
        "{updated:?}: bearing updates {href}, the server holds {hrefs:?}"
    );
}

#[test]
fn icloud_discovery_moves_to_the_per_account_host_and_stays_there() {
    let (fake, _, _) = server(Quirks::icloud());
    let account_port = fake.account_port().unwrap();
    let env = Env::new();
    let args = add_args(&env, &fake, FAKE_PASSWORD);
    let out = env.bearing().args(&args).write_stdin("").output().unwrap();
    assert!(
        out.status.success(),
        "account add on iCloud: {}\n{:#?}",
        String::from_utf8_lossy(&out.stderr),
        fake.seen()
    );
    let account: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(account["server"], fake.calendar_origin(), "{account}");
    env.ok(&["account", "use", "work", "Work", "--for", "read"]);
    env.ok(&["account", "use", "work", "Team", "--for", "read"]);
    fake.clear_seen();
    env.ok(&["refresh"]);
    assert_eq!((events_in(&env, "Work"), events_in(&env, "Team")), (1, 1));
    // Everything after discovery went to the per-account host.
    let seen = fake.seen();
    assert!(seen.iter().all(|s| s.port == account_port), "{seen:#?}");
    assert_eq!(
        unchanged_refresh(&env, &fake),
        ["REPORT sync-collection", "REPORT sync-collection"]
    );
    // The credentials went to the fake's two ports and nowhere else.
    let ports = fake.ports();
    assert!(
        fake.seen()
            .iter()
            .filter(|s| s.authorization.is_some())
            .all(|s| ports.contains(&s.port))
    );
}

#[test]
fn baikal_digest_is_answered_and_a_wrong_password_says_401_without_the_password() {
    let (fake, _, _) = server(Quirks::baikal());
    let env = Env::new();
    let wrong = "not-the-baikal-password";
    let args = add_args(&env, &fake, wrong);
    let out = env.bearing().args(&args).write_stdin("").output().unwrap();
    assert!(!out.status.success());
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stderr.contains("401"), "{stderr}");
    assert!(
        !stderr.contains(wrong) && !stdout.contains(wrong),
        "{stdout}{stderr}"
    );
    assert_eq!(
        env.json(&["account", "list", "--json"]),
        serde_json::json!([])
    );

    add_and_read(&env, &fake);
    assert_eq!((events_in(&env, "Work"), events_in(&env, "Team")), (1, 1));
    assert_eq!(
        unchanged_refresh(&env, &fake),
        ["REPORT sync-collection", "REPORT sync-collection"]
    );
    assert_eq!(
        fake.challenges(),
        1,
        "one challenge per run: {:#?}",
        fake.seen()
    );
    for header in fake.seen().iter().filter_map(|s| s.authorization.clone()) {
        assert!(header.starts_with("Digest "), "{header}");
        assert!(
            !header.contains(FAKE_PASSWORD) && !header.contains(wrong),
            "{header}"
        );
    }
}

#[test]
fn a_server_that_leaves_the_text_out_of_sync_collection_has_it_fetched_by_multiget() {
    let quirks = Quirks {
        name: "no text in sync-collection",
        sync_leaves_text_out: true,
        ..Quirks::standard()
    };
    let (fake, work, _) = server(quirks);
    let env = Env::new();
    add_and_read(&env, &fake);
    assert_eq!((events_in(&env, "Work"), events_in(&env, "Team")), (1, 1));
    // A first sync is the token, then a calendar-query: no sync-collection to leave out.
    fake.clear_seen();
    fake.put(
        &work,
        "review.ics",
        &meeting("review@quirks.test", "Review", 3),
    );
    env.ok(&["refresh"]);
    assert_eq!(
        fake.count("REPORT calendar-multiget"),
        1,
        "{:#?}",
        fake.seen()
    );
    assert_eq!(events_in(&env, "Work"), 2);
}

/// What bearing holds of a calendar, in memory, noting what a sync asks of it.
#[derive(Debug, Default)]
struct Held {
    etags: HashMap<String, String>,
    asked: RefCell<Vec<String>>,
}

impl HeldTags for Held {
    fn any(&self) -> Result<bool, String> {
        self.asked.borrow_mut().push("any".to_string());
        Ok(!self.etags.is_empty())
    }

    fn all(&self) -> Result<HashMap<String, String>, String> {
        self.asked.borrow_mut().push("all".to_string());
        Ok(self.etags.clone())
    }

    fn among(&self, hrefs: &[&str]) -> Result<HashMap<String, String>, String> {
        let mut names: Vec<&str> = hrefs.to_vec();
        names.sort_unstable();
        self.asked.borrow_mut().push(format!("among {names:?}"));
        Ok(hrefs
            .iter()
            .filter_map(|&h| self.etags.get_key_value(h))
            .map(|(h, e)| (h.clone(), e.clone()))
            .collect())
    }
}

/// Where a sync by token left a calendar that holds `held`.
fn known<'a>(held: &'a Held, token: Option<&'a str>) -> Known<'a> {
    Known {
        token,
        ctag: None,
        supports_sync: true,
        held: Some(held),
    }
}

#[test]
fn a_sync_by_token_asks_what_bearing_holds_only_of_the_objects_it_names() {
    let (fake, work, _) = server(Quirks::standard());
    let auth = Auth::Password {
        user: FAKE_USER.to_string(),
        password: Zeroizing::new(FAKE_PASSWORD.to_string()),
    };
    let given = dav::server_address(&fake.url()).unwrap();
    let (transport, _) = dav::discover(&given, auth, &Options::default()).unwrap();
    let nothing = Held::default();
    let first = dav::changes(&transport, &work, &known(&nothing, None), &mut |_, _| {}).unwrap();
    assert_eq!(nothing.asked.take(), ["any", "all"]);
    let held = Held {
        etags: first
            .changed
            .iter()
            .map(|o| (o.href.clone(), o.etag.clone()))
            .collect(),
        asked: RefCell::default(),
    };
    let token = first.token.unwrap();
    // Nothing new: nothing asked.
    let same = dav::changes(
        &transport,
        &work,
        &known(&held, Some(&token)),
        &mut |_, _| {},
    );
    assert!(same.unwrap().changed.is_empty());
    assert!(held.asked.take().is_empty());
    // One changed, one new: asked of those two only, and both come.
    fake.put(
        &work,
        "one-on-one.ics",
        &meeting("one-on-one@quirks.test", "1:1 Priya (moved)", 2),
    );
    fake.put(
        &work,
        "review.ics",
        &meeting("review@quirks.test", "Review", 3),
    );
    let two = dav::changes(
        &transport,
        &work,
        &known(&held, Some(&token)),
        &mut |_, _| {},
    );
    assert_eq!(two.unwrap().changed.len(), 2);
    assert_eq!(
        held.asked.take(),
        [format!(
            "among {:?}",
            [format!("{work}one-on-one.ics"), format!("{work}review.ics")]
        )]
    );
    // A token the server forgot: the whole list, against everything held.
    fake.forget_sync_tokens();
    let whole = dav::changes(
        &transport,
        &work,
        &known(&held, Some(&token)),
        &mut |_, _| {},
    );
    assert_eq!(whole.unwrap().changed.len(), 2, "the changed and the new");
    assert_eq!(held.asked.take(), ["all"]);
}

#[test]
fn once_read_a_calendar_is_read_again_by_its_changed_objects_only_and_ends_as_read_whole() {
    let (fake, work, _) = server(Quirks::standard());
    for (i, title) in ["Budget review", "Hiring sync", "Roadmap"]
        .iter()
        .enumerate()
    {
        fake.put(
            &work,
            &format!("m{i}.ics"),
            &meeting(&format!("m{i}@quirks.test"), title, 3 + i as i64),
        );
    }
    let env = Env::new();
    add_and_read(&env, &fake);
    assert_eq!(events_in(&env, "Work"), 4);
    // One changed, one gone, one new: only the changed and the new are written.
    fake.put(
        &work,
        "m0.ics",
        &meeting("m0@quirks.test", "Budget review (moved)", 5),
    );
    fake.delete(&format!("{work}m1.ics"));
    fake.put(&work, "m3.ics", &meeting("m3@quirks.test", "Offsite", 6));
    let again = env.json(&["refresh", "work", "--json"]);
    let work_outcome = again
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["calendar"] == "Work")
        .unwrap();
    let summary = &work_outcome["summary"];
    assert_eq!(summary["series_written"], 2, "{again}");
    assert_eq!(summary["series_kept"], 2, "{again}");
    assert_eq!(events_in(&env, "Work"), 4);
    let titles = |env: &Env| -> Vec<String> {
        let mut t: Vec<String> = env.json(&[
            "audit",
            "--json",
            "--from",
            "2026-11-01",
            "--to",
            "2026-12-31",
        ])["top_series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["title"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    let incremental = titles(&env);
    assert!(
        incremental.contains(&"Budget review (moved)".to_string())
            && !incremental.contains(&"Hiring sync".to_string())
            && incremental.contains(&"Offsite".to_string()),
        "{incremental:?}"
    );
    // Read whole from nothing (a new journal), the same calendar comes to the same.
    let fresh = Env::new();
    add_and_read(&fresh, &fake);
    assert_eq!(titles(&fresh), incremental);
}

#[test]
fn accounts_travel_in_an_export_only_with_include_secrets_and_a_restored_one_syncs_again() {
    let (fake, work, _) = server(Quirks::standard());
    let env = Env::new();
    add_and_read(&env, &fake);
    env.ok(&["account", "use", "work", "Work", "--for", "both"]);
    env.ok(&[
        "block",
        "add",
        "Vision work",
        "--start",
        "2026-11-24 09:00",
        "--minutes",
        "120",
        "--weekly",
        "--days",
        "tue",
    ]);
    env.ok(&["block", "publish", "1"]);
    env.ok(&["refresh"]);
    let objects = fake.hrefs(&work).len();

    let shared = env.json(&["export", "--format", "json"]);
    assert!(shared["tables"].get("accounts").is_none(), "{shared}");
    assert!(!shared.to_string().contains(&fake.url()));

    let file = env.tmp().join("whole.json");
    env.ok(&[
        "export",
        "--format",
        "json",
        "--include-secrets",
        "--out",
        file.to_str().unwrap(),
    ]);
    let whole: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(whole["tables"]["accounts"][0]["name"], "work", "{whole}");
    assert_eq!(
        whole["tables"]["block_publications"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let copy = env.tmp().join("restored.db");
    let copy = copy.to_str().unwrap();
    env.ok(&["restore", file.to_str().unwrap(), "--db", copy]);
    let accounts = env.json(&["account", "list", "--json", "--db", copy]);
    assert_eq!(accounts[0]["name"], "work", "{accounts}");
    // Read whole again (no sync state came along), nothing doubled, the block still one
    // object on the server and in step.
    let again = env.json(&["refresh", "--json", "--db", copy]);
    for outcome in again.as_array().unwrap() {
        assert!(outcome["error"].is_null(), "{again}");
    }
    let pushed: Vec<&str> = again
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["done"].as_str())
        .collect();
    assert_eq!(pushed, ["unchanged"], "{again}");
    assert_eq!(fake.hrefs(&work).len(), objects);
    let count = |db: Option<&str>| {
        let mut args = vec!["calendars", "--json"];
        if let Some(db) = db {
            args.extend(["--db", db]);
        }
        env.json(&args)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["events"].as_i64().unwrap())
            .sum::<i64>()
    };
    assert_eq!(count(Some(copy)), count(None));
}

#[test]
fn a_calendar_no_one_changes_still_has_its_repeating_events_expanded_ahead() {
    let fake = FakeCalDav::start(Quirks::standard());
    let work = fake.add_calendar("work", "Work");
    let weekly =
        object(half_hour("weekly@quirks.test", "Weekly 1:1 Priya", 1).rrule("FREQ=WEEKLY"));
    fake.put(&work, "weekly.ics", &weekly);
    let mut env = Env::new();
    let args = add_args(&env, &fake, FAKE_PASSWORD);
    env.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    env.ok(&["account", "use", "work", "Work", "--for", "read"]);
    env.ok(&["refresh"]);
    let hours = |env: &Env, week: &str| {
        env.json(&["audit", "--week", week, "--json"])["total_hours"]
            .as_f64()
            .unwrap()
    };
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let first_week = (now + Duration::days(1)).format("%Y-%m-%d").to_string();
    assert_eq!(hours(&env, &first_week), 0.5);
    // Two and a half years on, past the horizon the first read expanded to, with nothing
    // changed on the server since (so nothing is imported again): the meeting is still
    // there every week, expanded from the objects as kept.
    let later = now + Duration::days(900);
    env.now = later.to_rfc3339();
    let week = later.format("%Y-%m-%d").to_string();
    fake.clear_seen();
    let again = env.json(&["refresh", "--json"]);
    assert!(again[0]["error"].is_null(), "{again}");
    assert!(
        fake.answered().iter().all(|a| a != "REPORT calendar-query"),
        "read by token, nothing new: {:?}",
        fake.answered()
    );
    assert_eq!(hours(&env, &week), 0.5, "{again}");
}
