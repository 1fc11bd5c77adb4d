//! Calendars as sources through the real binary: names that never collide, a bad copy
//! that changes nothing, `bearing calendars` and `bearing refresh`, against files and a
//! loopback HTTP server holding two calendars on one host.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use bearing::testkit::{Env, Event, Gate, HttpServer, Ics, Reply, fixture, fixture_path};
use predicates::prelude::*;
use serde_json::Value;

fn calendars(env: &Env) -> Vec<Value> {
    env.json(&["calendars", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn managing_hours(env: &Env) -> f64 {
    env.json(&["audit", "--week", "2026-11-25", "--json"])["hours"]["managing"]
        .as_f64()
        .unwrap()
}

/// A calendar without its own name, with one 75-minute status meeting on 23 November.
fn plain_calendar(uid: &str, title: &str) -> String {
    Ics::new()
        .event(
            Event::new(uid)
                .summary(title)
                .start("20261123T080000Z")
                .end("20261123T091500Z")
                .categories("status"),
        )
        .build()
}

#[test]
fn two_google_calendars_on_one_host_get_their_own_names_and_secrets_stay_hidden() {
    let server = HttpServer::new();
    let team = plain_calendar("team-1", "Team status");
    let mine = plain_calendar("mine-1", "My status");
    let secret_a =
        "/calendar/ical/team%40group.calendar.google.com/private-0a1b2c3d4e5f60718293/basic.ics";
    let secret_b = "/calendar/ical/me%40example.com/private-ffeeddccbbaa99887766/basic.ics";
    server.page(secret_a, Reply::ok(team));
    server.page(secret_b, Reply::ok(mine));
    let env = Env::new();
    let a = server.url(secret_a);
    let b = server.url(secret_b);
    env.ok(&["import", &a]);
    env.ok(&["import", &b]);
    let list = calendars(&env);
    let names: Vec<&str> = list.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["me", "team"], "named from the path, never the host");
    for c in &list {
        let source = c["source"].as_str().unwrap();
        assert!(!source.contains("private-"), "{source}");
        assert!(source.ends_with('…'), "{source}");
        assert_eq!(c["events"], 1);
        assert_eq!(c["series"], 0);
        assert_eq!(c["last_error"], Value::Null);
        assert_eq!(c["refreshed_at"], "2026-11-22T10:00:00+01:00");
    }
    let text = env.ok(&["calendars"]);
    assert!(!text.contains("private-"), "{text}");
    // Both count: 1.25 h each.
    assert_eq!(managing_hours(&env), 2.5);
    // The same address again under another name is refused, naming the calendar.
    env.bearing()
        .args(["import", &a, "--calendar", "Team again"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "already imported as calendar 'team'",
        ))
        .stderr(predicate::str::contains("private-").not());
    assert_eq!(calendars(&env).len(), 2);
}

#[test]
fn names_never_collide_and_the_same_calendar_is_never_counted_twice() {
    let env = Env::new();
    let dir = env.dir.path();
    // Two files that both call themselves "Work".
    let one = dir.join("one.ics");
    let two = dir.join("two.ics");
    std::fs::write(&one, fixture("google.ics")).unwrap();
    let other = fixture("google.ics").replace("UID:", "UID:other-");
    std::fs::write(&two, other).unwrap();
    env.ok(&["import", one.to_str().unwrap()]);
    env.ok(&["import", two.to_str().unwrap()]);
    let names: Vec<String> = calendars(&env)
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Work", "Work (2)"]);
    // A different file under a taken name: refused unless --replace.
    let three = dir.join("three.ics");
    std::fs::write(&three, plain_calendar("t-1", "Status")).unwrap();
    env.bearing()
        .args(["import", three.to_str().unwrap(), "--calendar", "Work"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("add --replace"));
    // The same file under a second name, or piped in: refused, hours not doubled.
    let before = managing_hours(&env);
    env.bearing()
        .args(["import", one.to_str().unwrap(), "--calendar", "Copy"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "already imported as calendar 'Work'",
        ));
    env.bearing()
        .args(["import", "-", "--calendar", "Piped"])
        .write_stdin(fixture("google.ics"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("the same calendar as 'Work'"));
    assert_eq!(managing_hours(&env), before);
    // --replace takes the name for the other file.
    env.ok(&[
        "import",
        three.to_str().unwrap(),
        "--calendar",
        "Work",
        "--replace",
    ]);
    let work = calendars(&env)
        .into_iter()
        .find(|c| c["name"] == "Work")
        .unwrap();
    assert_eq!(work["events"], 1);
}

#[test]
fn a_cut_or_emptied_copy_changes_nothing_unless_forced() {
    let env = Env::new();
    let file = env.dir.path().join("work.ics");
    let whole = fixture("outlook.ics");
    std::fs::write(&file, &whole).unwrap();
    env.ok(&["import", file.to_str().unwrap(), "--calendar", "work"]);
    let before = env.json(&["audit", "--week", "2026-11-25", "--json"]);
    // Cut in the middle of an event: the download stopped.
    let cut = &whole[..whole.len() * 2 / 3];
    std::fs::write(&file, cut).unwrap();
    env.bearing()
        .args(["import", file.to_str().unwrap(), "--calendar", "work"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("ends before END:VCALENDAR"));
    assert_eq!(
        env.json(&["audit", "--week", "2026-11-25", "--json"]),
        before
    );
    // No events at all for a calendar that has some.
    let empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    std::fs::write(&file, empty).unwrap();
    env.bearing()
        .args(["import", file.to_str().unwrap(), "--calendar", "work"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("has no events"));
    assert_eq!(
        env.json(&["audit", "--week", "2026-11-25", "--json"]),
        before
    );
    // Asked for: taken.
    env.ok(&[
        "import",
        file.to_str().unwrap(),
        "--calendar",
        "work",
        "--force",
    ]);
    assert_eq!(calendars(&env)[0]["events"], 0);
}

#[test]
fn refresh_reads_every_source_again_keeps_good_copies_and_names_failures() {
    let server = HttpServer::new();
    server.page(
        "/team.ics",
        Reply::ok(plain_calendar("team-1", "Team status")),
    );
    let env = Env::new();
    let file = env.dir.path().join("mine.ics");
    std::fs::write(&file, plain_calendar("mine-1", "My status")).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    env.ok(&["import", &server.url("/team.ics")]);
    env.bearing()
        .args(["import", "-", "--calendar", "piped"])
        .write_stdin(plain_calendar("piped-1", "Something").replace("CATEGORIES:status\r\n", ""))
        .assert()
        .success();
    assert_eq!(managing_hours(&env), 2.5);
    // Nothing changed: nothing written.
    let out = env.ok(&["refresh"]);
    assert!(
        out.contains("mine: unchanged") && out.contains("team: unchanged"),
        "{out}"
    );
    assert!(out.contains("piped: imported from standard input"), "{out}");
    // The file changes (the meeting is now 30 minutes longer); the download is cut.
    std::fs::write(
        &file,
        plain_calendar("mine-1", "My status").replace("T091500Z", "T094500Z"),
    )
    .unwrap();
    let cut = plain_calendar("team-1", "Team status");
    let cut = cut[..cut.len() - 20].to_string();
    server.page("/team.ics", Reply::ok(cut));
    env.bearing()
        .arg("refresh")
        .assert()
        .failure()
        .stdout(predicate::str::contains("mine: refreshed"))
        .stderr(predicate::str::contains(
            "1 calendar could not be refreshed: 'team'",
        ))
        .stderr(predicate::str::contains("END:VCALENDAR"));
    // The file's change landed; the team calendar kept its last good copy.
    assert_eq!(managing_hours(&env), 1.75 + 1.25);
    let team = calendars(&env)
        .into_iter()
        .find(|c| c["name"] == "team")
        .unwrap();
    assert!(
        team["last_error"]
            .as_str()
            .unwrap()
            .contains("END:VCALENDAR")
    );
    // The server answers again: the error clears.
    server.page(
        "/team.ics",
        Reply::ok(plain_calendar("team-1", "Team status")),
    );
    env.ok(&["refresh", "team"]);
    let team = calendars(&env)
        .into_iter()
        .find(|c| c["name"] == "team")
        .unwrap();
    assert_eq!(team["last_error"], Value::Null);
    env.bearing()
        .args(["refresh", "nosuch"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no calendar or account called 'nosuch'; `bearing calendars` and `bearing account list` list them",
        ));
}

#[test]
fn calendars_are_removed_after_saying_how_much_and_renamed() {
    let env = Env::new();
    env.ok(&["import", &fixture_path("google.ics")]);
    env.bearing()
        .args(["calendars", "rm", "Work"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("add --yes"));
    assert_eq!(calendars(&env).len(), 1);
    env.ok(&["calendars", "rename", "Work", "Office"]);
    env.bearing()
        .args(["calendars", "rename", "Nope", "X"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no calendar called 'Nope'"));
    let out = env.ok(&["calendars", "rm", "Office", "--yes"]);
    assert!(
        out.starts_with("Removed calendar 'Office' and its 4 events ("),
        "{out}"
    );
    assert!(calendars(&env).is_empty());
    assert_eq!(managing_hours(&env), 0.0);
}

#[test]
fn exports_leave_out_private_addresses_unless_asked() {
    let server = HttpServer::new();
    let path = "/calendar/ical/me%40example.com/private-ffeeddccbbaa99887766/basic.ics";
    server.page(path, Reply::ok(plain_calendar("m-1", "Status")));
    let env = Env::new();
    env.ok(&["import", &server.url(path)]);
    let plain = env.ok(&["export", "--format", "json"]);
    assert!(!plain.contains("private-ffee"), "the secret is left out");
    let whole = env.ok(&["export", "--format", "json", "--include-secrets"]);
    assert!(whole.contains("private-ffeeddccbbaa99887766"));
}

fn audit_week(env: &Env) -> Value {
    env.json(&["audit", "--week", "2026-11-25", "--json"])
}

fn hours_of(r: &Value) -> (f64, f64, f64, f64) {
    let h = &r["hours"];
    (
        h["managing"].as_f64().unwrap(),
        h["leading"].as_f64().unwrap(),
        h["unclassified"].as_f64().unwrap(),
        h["excluded"].as_f64().unwrap(),
    )
}

#[test]
fn declined_and_free_time_count_no_hours_and_a_shared_meeting_counts_once() {
    // Saturday 28 November: the week of 23-29 November is over.
    let env = Env::at("2026-11-28T12:00:00+01:00");
    // A Google calendar named by the manager's address, and an Outlook team calendar
    // that holds the same planning meeting (same UID, same time in another zone).
    env.ok(&["import", &fixture_path("google-attendance.ics")]);
    env.ok(&["import", &fixture_path("outlook-team.ics")]);
    let r = audit_week(&env);
    // By hand: the 1 h budget review was declined; the 2 h tech talk and the 10 h car
    // reservation are free time; the 1.5 h status review (tentative) counts once, not
    // twice; stand-up 5 x 15 min; the 30 min catch-up is a 1:1 (two attendees).
    assert_eq!(hours_of(&r), (2.75, 0.5, 0.0, 0.0));
    assert_eq!(r["not_counted"]["declined"], 1.0);
    assert_eq!(r["not_counted"]["free"], 12.0);
    let top = r["top_series"].as_array().unwrap();
    let review = top
        .iter()
        .find(|s| s["title"] == "Weekly status report review")
        .unwrap();
    assert_eq!(review["hours"], 1.5);
    // The address bearing learned from the calendar's name is shown.
    let config = env.json(&["config", "--json"]);
    assert_eq!(
        config["my_addresses"][0]["address"],
        "dana.lead@example.com"
    );
    // Removing the team calendar keeps the meeting: the personal calendar has it too.
    env.ok(&["calendars", "rm", "Team calendar", "--yes"]);
    let r = audit_week(&env);
    assert_eq!(
        hours_of(&r).0,
        1.5,
        "the review stays; the stand-up went with its calendar"
    );
}

#[test]
fn free_time_counts_when_the_config_says_so_and_declines_need_my_address() {
    let env = Env::at("2026-11-28T12:00:00+01:00");
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    std::fs::write(env.config(), "[audit]\ncount_free = true\n").unwrap();
    // Imported under another name, the calendar no longer says whose it is.
    env.ok(&[
        "import",
        &fixture_path("google-attendance.ics"),
        "--calendar",
        "work",
    ]);
    let r = audit_week(&env);
    assert_eq!(r["not_counted"]["free"], 0.0);
    assert_eq!(
        r["not_counted"]["declined"], 1.0,
        "the file's own name is still an address"
    );
    let (_, _, unclassified, _) = hours_of(&r);
    assert_eq!(
        unclassified, 12.0,
        "the talk and the car are counted, unclassified"
    );
    // Without any address of mine, nobody's decline is mine.
    let other = Env::at("2026-11-28T12:00:00+01:00");
    let text = fixture("google-attendance.ics")
        .replace("X-WR-CALNAME:dana.lead@example.com", "X-WR-CALNAME:Work");
    other
        .bearing()
        .args(["import", "-", "--calendar", "work"])
        .write_stdin(text.clone())
        .assert()
        .success();
    assert_eq!(audit_week(&other)["not_counted"]["declined"], 0.0);
    std::fs::create_dir_all(other.config().parent().unwrap()).unwrap();
    std::fs::write(
        other.config(),
        "[me]\naddresses = [\"Dana.Lead@example.com\"]\n",
    )
    .unwrap();
    assert_eq!(audit_week(&other)["not_counted"]["declined"], 1.0);
}

#[test]
fn a_one_on_one_with_a_linked_address_is_a_check_in_whatever_its_title() {
    let env = Env::at("2026-11-28T12:00:00+01:00");
    env.ok(&["reflect", "Noticed @Sam went quiet"]);
    env.ok(&["import", &fixture_path("google-attendance.ics")]);
    let people = env.json(&["people", "--json"]);
    assert_eq!(
        people[0]["last_checkin"],
        Value::Null,
        "'Catch-up' names nobody"
    );
    env.bearing()
        .args(["people", "link", "sam", "mailto:S.Okafor@example.com"])
        .assert()
        .success()
        .stdout("Linked s.okafor@example.com to Sam: 1:1s with it count as check-ins.\n");
    let people = env.json(&["people", "--json"]);
    assert_eq!(people[0]["last_checkin"], "2026-11-27");
    assert_eq!(people[0]["addresses"][0], "s.okafor@example.com");
    // The address is Sam's; nobody else can have it; it can be unlinked.
    env.ok(&["reflect", "and @Lee"]);
    env.bearing()
        .args(["people", "link", "Lee", "s.okafor@example.com"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is Sam's address"));
    env.bearing()
        .args(["people", "link", "Lee", "not an address"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not an e-mail address"));
    env.ok(&["people", "unlink", "s.okafor@example.com"]);
    let people = env.json(&["people", "--json"]);
    let sam = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Sam")
        .unwrap();
    assert_eq!(sam["last_checkin"], Value::Null);
}

#[test]
fn a_refresh_a_week_later_rewrites_only_what_changed() {
    let env = Env::new();
    let file = env.dir.path().join("team.ics");
    let text = fixture("outlook-team.ics");
    std::fs::write(&file, &text).unwrap();
    env.ok(&["import", file.to_str().unwrap(), "--json"]);
    // A week later the stand-up series is unchanged; the one-off moved by an hour.
    std::fs::write(
        &file,
        text.replace("20261126T100000", "20261126T110000")
            .replace("20261126T113000", "20261126T123000"),
    )
    .unwrap();
    let later = env
        .bearing()
        .env("BEARING_NOW", "2026-11-29T10:00:00+01:00")
        .args(["import", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let summary: Value = serde_json::from_slice(&later.stdout).unwrap();
    assert_eq!(summary["unchanged"], false);
    assert_eq!(summary["series_written"], 1, "{summary}");
    assert_eq!(summary["series_kept"], 1, "{summary}");
}

#[test]
fn an_address_that_never_answers_is_named_with_how_long_bearing_waited() {
    // A server that takes the connection and says nothing.
    let server = HttpServer::answering(|_| Reply::silence());
    let port = server.port();
    let env = Env::new();
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    std::fs::write(env.config(), "[calendars]\nfetch_timeout_seconds = 1\n").unwrap();
    let url =
        format!("http://127.0.0.1:{port}/calendar/ical/private-0123456789abcdef0123/basic.ics");
    let started = std::time::Instant::now();
    env.bearing()
        .args(["import", &url])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "http://127.0.0.1:{port}/calendar/… did not answer within 1 second"
        )))
        .stderr(predicate::str::contains("private-").not());
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn an_unknown_time_zone_is_named_once_with_the_zone_used() {
    let env = Env::new();
    env.ok(&["reflect", "a journal"]);
    env.bearing()
        .env("TZ", "Mars/Olympus_Mons")
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "TZ='Mars/Olympus_Mons' is not a time zone bearing knows",
        ));
}

#[test]
fn an_import_counts_its_events_and_series_as_calendars_lists_them() {
    let env = Env::new();
    for name in ["messy.ics", "zimbra.ics", "google.ics", "rules.ics"] {
        let said = env.json(&["import", &fixture_path(name), "--json"]);
        let listed = calendars(&env)
            .into_iter()
            .find(|c| c["name"] == said["calendar"])
            .unwrap_or_else(|| panic!("{said} listed"));
        assert_eq!(
            said["events"], listed["events"],
            "{name}: {said} / {listed}"
        );
        assert_eq!(
            said["recurring_series"], listed["series"],
            "{name}: {said} / {listed}"
        );
    }
}

/// Starts `bearing refresh NAME` and returns once the server has the request (held at a
/// gate): the refresh is fetching.
fn refresh_while_fetching(env: &Env, server: &HttpServer, name: &str) -> std::process::Child {
    let before = server.requests();
    let child = env
        .process()
        .args(["refresh", name])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while server.requests() == before {
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}

/// Issue #24, item 11: a calendar removed (or renamed) while its refresh fetches. The
/// refresh wrote by name, so the removed calendar came back with its address and
/// events, and a renamed one came back twice. It now writes only into the row it started
/// from, if that is still there.
#[test]
fn a_calendar_removed_or_renamed_while_its_refresh_fetches_is_not_imported_again() {
    let server = HttpServer::new();
    let env = Env::new();
    server.page(
        "/team.ics",
        Reply::ok(plain_calendar("team-1", "Team status")),
    );
    let url = server.url("/team.ics");
    env.ok(&["import", &url, "--calendar", "team"]);
    // Renamed meanwhile: the refresh lands in the renamed calendar, under its new name.
    let gate = Gate::new();
    let moved = plain_calendar("team-1", "Team status").replace("T091500Z", "T094500Z");
    server.page("/team.ics", Reply::ok(moved).at(&gate));
    let refresh = refresh_while_fetching(&env, &server, "team");
    env.ok(&["calendars", "rename", "team", "Team B"]);
    gate.open();
    let done = refresh.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success(), "{said}");
    assert!(said.contains("Team B: refreshed"), "{said}");
    let names: Vec<Value> = calendars(&env).iter().map(|c| c["name"].clone()).collect();
    assert_eq!(names, ["Team B"]);
    assert_eq!(managing_hours(&env), 1.75);
    // Removed meanwhile: it stays removed, and the refresh says why it did nothing.
    let gate = Gate::new();
    server.page(
        "/team.ics",
        Reply::ok(plain_calendar("team-1", "Team status")).at(&gate),
    );
    let refresh = refresh_while_fetching(&env, &server, "Team B");
    env.ok(&["calendars", "rm", "Team B", "--yes"]);
    gate.open();
    let done = refresh.wait_with_output().unwrap();
    let complaint = String::from_utf8_lossy(&done.stderr);
    assert!(!done.status.success());
    assert!(
        complaint.contains(
            "calendar 'Team B' was removed while its source was read; it was not imported again"
        ),
        "{complaint}"
    );
    assert!(calendars(&env).is_empty(), "{:?}", calendars(&env));
    assert_eq!(managing_hours(&env), 0.0);
}

/// Issue #24, item 12: two sources whose files become the same bytes (both emptied)
/// were called one calendar: the second's refresh, and `import --force` of its own
/// address, failed with "the same calendar as 'teamA'", and its removed events went on
/// counting. A source is its address: each is refreshed, with the usual question about
/// a copy suddenly empty, and `--force` empties it.
#[test]
fn two_calendars_whose_files_become_the_same_stay_two_calendars() {
    let server = HttpServer::new();
    let env = Env::new();
    server.page("/a.ics", Reply::ok(plain_calendar("a-1", "Team A status")));
    server.page("/b.ics", Reply::ok(plain_calendar("b-1", "Team B status")));
    let (a, b) = (server.url("/a.ics"), server.url("/b.ics"));
    env.ok(&["import", &a, "--calendar", "teamA"]);
    env.ok(&["import", &b, "--calendar", "teamB"]);
    assert_eq!(managing_hours(&env), 2.5);
    // Both emptied, alike, byte for byte.
    let empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n";
    server.page("/a.ics", Reply::ok(empty));
    server.page("/b.ics", Reply::ok(empty));
    let refresh = env.bearing().arg("refresh").output().unwrap();
    let complaint = String::from_utf8_lossy(&refresh.stderr);
    assert!(!refresh.status.success());
    for name in ["teamA", "teamB"] {
        assert!(
            complaint.contains(&format!(
                "has no events, but calendar '{name}' has 1; the copy looks empty by mistake"
            )),
            "{complaint}"
        );
    }
    assert!(!complaint.contains("same calendar"), "{complaint}");
    // Confirmed, each is emptied from its own address.
    env.ok(&["import", &a, "--force"]);
    env.ok(&["import", &b, "--force"]);
    assert_eq!(managing_hours(&env), 0.0);
    let refreshed = env.ok(&["refresh"]);
    assert!(
        refreshed.contains("teamA: unchanged") && refreshed.contains("teamB: unchanged"),
        "{refreshed}"
    );
    // Both now serve one file with events: each is refreshed, the meeting counted once.
    let shared = plain_calendar("shared-1", "Shared status");
    server.page("/a.ics", Reply::ok(shared.clone()));
    server.page("/b.ics", Reply::ok(shared.clone()));
    let refreshed = env.ok(&["refresh"]);
    assert!(
        refreshed.contains("teamA: refreshed") && refreshed.contains("teamB: refreshed"),
        "{refreshed}"
    );
    assert_eq!(managing_hours(&env), 1.25);
    // A new name for that same file from elsewhere is still refused: it would be a copy.
    env.bearing()
        .args(["import", "-", "--calendar", "Piped"])
        .write_stdin(shared)
        .assert()
        .failure()
        .stderr(predicate::str::contains("the same calendar as 'teamA'"));
    // But an empty file is nobody's copy: a third empty calendar is its own.
    let c = server.url("/c.ics");
    server.page("/c.ics", Reply::ok(empty));
    env.ok(&["import", &c, "--calendar", "teamC"]);
    assert_eq!(calendars(&env).len(), 3);
}
