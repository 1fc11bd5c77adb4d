//! The real-server harness (`testkit::DavServer`) proved against Radicale, Xandikos and
//! wsgidav: each starts, is discovered (the well-known URL, `current-user-principal`,
//! `calendar-home-set`), takes a calendar (MKCALENDAR) and an event (PUT), expands its
//! series itself (a `calendar-query` REPORT with `expand`), and stops; a stopped server
//! refuses connections and a restarted one has kept its storage; servers running at once
//! have ports and storage of their own; the servers' clock is the machine's even when the
//! tests run 400 days ahead; and a test process that dies without dropping its server
//! takes the server with it. Each test skips (one line on stderr) where its server is not
//! installed, and fails under CI.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use bearing::testkit::{DavKind, DavServer, Event, Ics};
use chrono::{DateTime, TimeZone, Utc};

fn utc(y: i32, mo: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
}

/// Vision work, Mondays 09:00-10:00 UTC, three weeks from 5 January 2026.
fn weekly_block() -> String {
    Ics::new()
        .prodid("-//bearing tests//EN")
        .event(
            Event::new("vision-block@bearing.test")
                .stamp("20260101T000000Z")
                .start("20260105T090000Z")
                .end("20260105T100000Z")
                .rrule("FREQ=WEEKLY;COUNT=3")
                .summary("Vision work"),
        )
        .build()
}

/// The values of the RECURRENCE-ID lines in an expanded REPORT's calendar data.
fn recurrence_ids(report: &str) -> Vec<String> {
    let mut ids: Vec<String> = report
        .lines()
        .filter_map(|line| line.trim().strip_prefix("RECURRENCE-ID"))
        .map(|rest| rest.rsplit(':').next().unwrap().trim().to_string())
        .collect();
    ids.sort();
    ids
}

/// The path of a URL on the server (`/manager/`), as hrefs are written.
fn path_of(server: &DavServer, url: &str) -> String {
    format!(
        "/{}",
        url.strip_prefix(&server.base_url())
            .expect("a URL on the server")
    )
}

/// Discovery as a client does it from the host alone: the well-known URL (a redirect to
/// the root), `current-user-principal` there, then `calendar-home-set` on the principal.
fn discover(server: &DavServer) {
    let well_known = server.propfind("/.well-known/caldav", "0", "<d:current-user-principal/>");
    assert!(
        (300..400).contains(&well_known.status),
        "{}: {} {}",
        server.kind().name(),
        well_known.status,
        well_known.body
    );
    let root = well_known.location().unwrap().to_string();
    let principal = server.propfind(&root, "0", "<d:current-user-principal/>");
    assert_eq!(principal.status, 207, "{}", principal.body);
    let principal = principal.href_in("current-user-principal").unwrap();
    assert_eq!(principal, path_of(server, &server.principal_url()));
    let home = server.propfind(&principal, "0", "<c:calendar-home-set/>");
    assert_eq!(
        home.href_in("calendar-home-set").unwrap(),
        path_of(server, &server.calendar_home_url())
    );
}

/// What the harness promises a CalDAV test, in order: start, discovery, MKCALENDAR, PUT,
/// the server's own expansion, GET, DELETE, stop.
fn round_trip(mut server: DavServer) {
    let name = server.kind().name();
    assert!(server.is_running(), "{name}");
    discover(&server);

    let calendar = server.make_calendar("leadership", "Leadership & vision");
    let listed = server.propfind(&server.calendar_home_url(), "1", "<d:resourcetype/>");
    assert!(
        listed
            .hrefs_in("response")
            .contains(&path_of(&server, &calendar)),
        "{name}: {}",
        listed.body
    );
    let about = server.propfind(&calendar, "0", "<d:displayname/><d:resourcetype/>");
    assert!(
        about.body.contains("Leadership &amp; vision"),
        "{name}: {}",
        about.body
    );
    assert!(about.body.contains("calendar"), "{name}: {}", about.body);

    let object = format!("{calendar}vision-block.ics");
    let etag = server.put(&object, &weekly_block());
    assert!(etag.len() > 2, "{name}: ETag {etag:?}");
    let got = server.get(&object);
    assert_eq!(got.status, 200, "{name}");
    assert_eq!(got.etag(), Some(etag.as_str()), "{name}");
    assert!(got.body.contains("UID:vision-block@bearing.test"), "{name}");
    assert!(got.body.contains("RRULE:FREQ=WEEKLY;COUNT=3"), "{name}");

    // The server expands the series itself: each occurrence in the range, no others.
    let january = server.report_expand(&calendar, utc(2026, 1, 1, 0), utc(2026, 2, 1, 0));
    assert_eq!(
        recurrence_ids(&january),
        ["20260105T090000Z", "20260112T090000Z", "20260119T090000Z"],
        "{name}: {january}"
    );
    assert!(
        !january.contains("RRULE"),
        "{name}: not expanded: {january}"
    );
    let one_week = server.report_expand(&calendar, utc(2026, 1, 10, 0), utc(2026, 1, 15, 0));
    assert_eq!(recurrence_ids(&one_week), ["20260112T090000Z"], "{name}");
    let after = server.report_expand(&calendar, utc(2026, 2, 1, 0), utc(2026, 3, 1, 0));
    assert!(recurrence_ids(&after).is_empty(), "{name}: {after}");

    server.delete(&object);
    assert_eq!(server.get(&object).status, 404, "{name}");

    let port = server.port();
    server.stop();
    assert!(!server.is_running(), "{name}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "{name}");
}

#[test]
fn radicale_is_discovered_takes_a_calendar_and_an_event_and_expands_it() {
    let Some(server) = DavServer::radicale() else {
        return;
    };
    round_trip(server);
}

#[test]
fn xandikos_is_discovered_takes_a_calendar_and_an_event_and_expands_it() {
    let Some(server) = DavServer::xandikos() else {
        return;
    };
    round_trip(server);
}

/// A stopped server refuses connections (what a "server stopped mid-sync" test needs);
/// started again, it is on the same port with the same storage.
fn stop_and_restart(mut server: DavServer) {
    let name = server.kind().name();
    let calendar = server.make_calendar("blocks", "Blocks");
    let object = format!("{calendar}vision-block.ics");
    let etag = server.put(&object, &weekly_block());
    let port = server.port();
    let pid = server.pid().unwrap();

    server.stop();
    assert_eq!(server.pid(), None, "{name}");
    assert!(!process_exists(pid), "{name}: process {pid} is still there");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "{name}");
    assert!(server.request("GET", &object).send().is_err(), "{name}");

    server.restart();
    assert_eq!(server.port(), port, "{name}");
    assert_ne!(server.pid(), Some(pid), "{name}");
    let got = server.get(&object);
    assert_eq!(got.status, 200, "{name}: {}", server.log());
    assert_eq!(got.etag(), Some(etag.as_str()), "{name}");
}

#[test]
fn a_stopped_radicale_refuses_connections_and_restarts_with_its_storage() {
    let Some(server) = DavServer::radicale() else {
        return;
    };
    stop_and_restart(server);
}

#[test]
fn a_stopped_xandikos_refuses_connections_and_restarts_with_its_storage() {
    let Some(server) = DavServer::xandikos() else {
        return;
    };
    stop_and_restart(server);
}

#[test]
fn servers_running_at_once_have_ports_and_storage_of_their_own() {
    let (Some(first), Some(second)) = (DavServer::radicale(), DavServer::radicale()) else {
        return;
    };
    assert_ne!(first.port(), second.port());
    assert_ne!(first.storage(), second.storage());
    let calendar = first.make_calendar("mine", "Mine");
    first.put(&format!("{calendar}a.ics"), &weekly_block());
    let on_second = second.get(&format!("{}mine/a.ics", second.calendar_home_url()));
    assert_eq!(on_second.status, 404);
    // A server of another kind beside them, on a port of its own too.
    if let Some(third) = DavServer::xandikos() {
        assert!(![first.port(), second.port()].contains(&third.port()));
        assert!(third.request("GET", "/").send().is_ok());
    }
}

#[test]
fn radicale_answers_a_wrong_or_missing_password_with_401() {
    let Some(server) = DavServer::radicale() else {
        return;
    };
    let principal = server.principal_url();
    let wrong = server
        .request("PROPFIND", &principal)
        .auth(server.user(), "not the password")
        .header("Depth", "0")
        .send()
        .unwrap();
    assert_eq!(wrong.status, 401);
    let none = server
        .request("PROPFIND", &principal)
        .no_auth()
        .header("Depth", "0")
        .send()
        .unwrap();
    assert_eq!(none.status, 401);
    assert_eq!(
        server.propfind(&principal, "0", "<d:displayname/>").status,
        207
    );
}

#[test]
fn wsgidav_keeps_files_behind_its_account() {
    let Some(server) = DavServer::wsgidav() else {
        return;
    };
    assert_eq!(server.kind(), DavKind::Wsgidav);
    let url = server.url("/journal.bin");
    let put = server
        .request("PUT", &url)
        .body(&b"\x00journal bytes\xff"[..])
        .send()
        .unwrap();
    assert!(matches!(put.status, 201 | 204), "{}", put.body);
    let got = server.get(&url);
    assert_eq!(got.status, 200);
    assert!(got.etag().is_some());
    assert_eq!(got.bytes, b"\x00journal bytes\xff");
    assert_eq!(
        std::fs::read(server.storage().join("journal.bin")).unwrap(),
        b"\x00journal bytes\xff"
    );
    let wrong = server
        .request("GET", &url)
        .auth(server.user(), "wrong")
        .send()
        .unwrap();
    assert_eq!(wrong.status, 401);
    let listing = server.propfind(&server.base_url(), "1", "<d:getetag/>");
    assert_eq!(listing.status, 207);
    assert!(
        listing
            .hrefs_in("response")
            .contains(&"/journal.bin".to_string())
    );
}

/// The machine's real time, from the kernel's boot time and uptime: files that
/// libfaketime does not shift, so this holds under `faketime -f +400d` too.
#[cfg(target_os = "linux")]
fn real_now() -> DateTime<Utc> {
    let stat = std::fs::read_to_string("/proc/stat").unwrap();
    let boot: i64 = stat
        .lines()
        .find_map(|line| line.strip_prefix("btime "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let uptime = std::fs::read_to_string("/proc/uptime").unwrap();
    let up: f64 = uptime.split_whitespace().next().unwrap().parse().unwrap();
    #[allow(clippy::cast_possible_truncation)]
    let up = up as i64;
    DateTime::from_timestamp(boot + up, 0).unwrap()
}

/// CI runs the test executables 400 days ahead; the servers must not be (their own
/// clocks decide sync tokens, DTSTAMPs and what "now" is in a REPORT).
#[cfg(target_os = "linux")]
#[test]
fn the_servers_keep_the_machines_own_clock() {
    for kind in [DavKind::Radicale, DavKind::Xandikos, DavKind::Wsgidav] {
        let Some(server) = DavServer::of(kind) else {
            continue;
        };
        let answer = server.get(&server.base_url());
        let date = answer.header("Date").unwrap();
        let theirs = DateTime::parse_from_rfc2822(date).unwrap();
        let off = (theirs.with_timezone(&Utc) - real_now())
            .num_seconds()
            .abs();
        assert!(off < 300, "{}: Date {date} is {off} s off", kind.name());
    }
}

/// Whether process `pid` is there and not a zombie (one whose parent is gone waits as a
/// zombie until whoever adopted it reaps it).
fn process_exists(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // "pid (name) state ...": the state follows the name's closing parenthesis.
    let state = stat.rsplit_once(')').map(|(_, rest)| rest.trim_start());
    !state.is_some_and(|rest| rest.starts_with('Z'))
}

#[test]
fn dropping_a_server_ends_its_process() {
    let Some(server) = DavServer::radicale() else {
        return;
    };
    let pid = server.pid().unwrap();
    assert!(process_exists(pid));
    drop(server);
    assert!(!process_exists(pid), "process {pid} is still there");
}

const ABANDON: &str = "BEARING_TEST_ABANDON_SERVER";

/// Run by `a_server_ends_with_the_test_process_that_left_it` in a process of its own:
/// starts a server, prints its pid and aborts, so nothing drops it. In the ordinary run
/// of the suite it does nothing.
#[test]
fn abandoned_server() {
    if std::env::var_os(ABANDON).is_none() {
        return;
    }
    let Some(server) = DavServer::radicale() else {
        return;
    };
    println!("server pid {}", server.pid().unwrap());
    std::process::abort();
}

/// A test process killed (or timed out) with a server running leaves no server behind:
/// the server watches its stdin, a pipe from the test process, and exits at its end.
#[test]
fn a_server_ends_with_the_test_process_that_left_it() {
    if DavServer::radicale().is_none() {
        return;
    }
    // The aborted process leaves its server's folder; it leaves it in this one.
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "abandoned_server",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ABANDON, "1")
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let pid: u32 = stdout
        .lines()
        .find_map(|line| line.split_once("server pid ").map(|(_, pid)| pid.trim()))
        .unwrap_or_else(|| panic!("no pid in {stdout}"))
        .parse()
        .unwrap();
    assert!(!out.status.success(), "the helper was meant to abort");
    let deadline = Instant::now() + Duration::from_secs(10);
    while process_exists(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !process_exists(pid),
        "server {pid} outlived its test process"
    );
}
