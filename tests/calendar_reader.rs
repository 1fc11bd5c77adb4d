//! The calendar reader and recurrence expansion against the files an adversarial run
//! built: each blow-up it found is a regression test here, with a time bound (and, for
//! memory, a bound on the peak of a child process). Inputs are scaled down where the full
//! size would be slow in a debug build; the limits they meet are the real ones. Then
//! property tests through the whole import path, into a journal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use bearing::app::calendars::import::{ImportError, ImportRequest, import_as, import_calendar};
use bearing::calendar::expand::{
    Limits, MAX_OCCURRENCES_PER_CALENDAR, MAX_OCCURRENCES_PER_SERIES, expand, expand_with,
};
use bearing::calendar::series::parse;
use bearing::calendar::zones::MAX_VTIMEZONES;
use bearing::domain::event::EventOccurrence;
use bearing::store::Store;
use bearing::testkit::{Event, Ics};
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

/// The "now" of these tests (a Sunday); nothing here reads the clock.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

/// The window an import expands: from 1970 to two years ahead.
fn import_window() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2028, 11, 22, 0, 0, 0).unwrap(),
    )
}

/// A week far past any stored horizon, as the Week screen asks for it.
fn far_week() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        Utc.with_ymd_and_hms(2036, 6, 2, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2036, 6, 9, 0, 0, 0).unwrap(),
    )
}

/// Runs `f`, failing if it takes longer than `seconds` (bounds are generous: debug
/// builds on a loaded two-core machine).
fn within<T>(seconds: u64, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(seconds),
        "{what} took {took:?}, more than {seconds} s"
    );
    out
}

/// An event titled by its UID, with `lines` (each CRLF-ended) as its properties.
fn event(uid: &str, lines: &str) -> String {
    Event::new(uid).summary(uid).lines(lines).text()
}

/// A weekly meeting that must survive whatever comes before it in the file.
fn weekly_sync() -> String {
    event(
        "sync",
        "DTSTART;TZID=Europe/Berlin:20261123T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY\r\n",
    )
}

fn titled<'a>(occ: &'a [EventOccurrence], title: &str) -> Vec<&'a EventOccurrence> {
    occ.iter().filter(|o| o.title == title).collect()
}

fn expand_all(
    text: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> (Vec<EventOccurrence>, Vec<String>) {
    let parsed = parse(text, Berlin).unwrap();
    let mut notes = parsed.notes.clone();
    let occ = expand(&parsed, "t", window.0, window.1, &mut notes);
    (occ, notes)
}

/// 300,000 unclosed BEGIN lines overflowed the stack (the reader was recursive in
/// effect: a tree as deep as the file, dropped recursively).
#[test]
fn unclosed_begins_do_not_overflow_the_stack() {
    let mut text = Ics::new().raw(&weekly_sync()).build();
    text.truncate(text.len() - "END:VCALENDAR\r\n".len());
    text.push_str(&"BEGIN:VEVENT\r\n".repeat(300_000));
    let (occ, notes) = within(20, "300k BEGIN lines", || expand_all(&text, far_week()));
    assert_eq!(titled(&occ, "sync").len(), 1);
    assert!(
        notes.iter().any(|n| n.contains("nested more than")),
        "{notes:?}"
    );
    assert!(
        notes.len() <= bearing::calendar::MAX_NOTES + 2,
        "{}",
        notes.len()
    );
}

/// 5,000,000 unmatched END lines each rescanned every open component (minutes under a
/// deep stack of unclosed BEGINs), and each left a note. Scaled to 1,000,000 under
/// 100,000 unclosed BEGINs: at most MAX_DEPTH are kept open, the rest skipped.
#[test]
fn unmatched_ends_are_read_in_linear_time() {
    let depth = bearing::calendar::read::MAX_DEPTH;
    let mut body = "BEGIN:X-OPEN\r\n".repeat(100_000);
    body.push_str(&"END:VEVENT\r\n".repeat(1_000_000));
    body.push_str(&"END:X-OPEN\r\n".repeat(depth - 1));
    body.push_str(&weekly_sync());
    let text = Ics::new().raw(&body).build();
    let (occ, notes) = within(30, "1M unmatched END lines", || {
        expand_all(&text, far_week())
    });
    assert_eq!(titled(&occ, "sync").len(), 1);
    assert!(
        notes.last().unwrap().contains("more notes"),
        "{:?}",
        notes.last()
    );
}

fn vtimezone(name: &str, standard: &str, daylight: &str) -> String {
    format!(
        "BEGIN:VTIMEZONE\r\nTZID:{name}\r\nBEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:{daylight}\r\nTZOFFSETTO:{standard}\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:{standard}\r\nTZOFFSETTO:{daylight}\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
}

/// 20,000 VTIMEZONEs took 37 s: each was evaluated from its rules, and every time read
/// in one rebuilt its list of offsets. Now a file evaluates at most MAX_VTIMEZONES
/// zones, each TZID once, and says so when it has more.
#[test]
fn twenty_thousand_vtimezones_are_bounded() {
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&vtimezone(&format!("Zone {i}"), "+0300", "+0400"));
    }
    body.push_str(&event(
        "first",
        "DTSTART;TZID=Zone 0:20260701T120000\r\nDURATION:PT1H\r\n",
    ));
    body.push_str(&event(
        "last",
        "DTSTART;TZID=Zone 19999:20260701T120000\r\nDURATION:PT1H\r\n",
    ));
    let text = Ics::new().raw(&body).build();
    let july = (
        Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 7, 2, 0, 0, 0).unwrap(),
    );
    let (occ, notes) = within(30, "20k VTIMEZONEs", || expand_all(&text, july));
    // Zone 0 is evaluated (summer offset +04:00); the last is past the limit and read as
    // local time (Berlin, +02:00), with notes saying both.
    assert_eq!(
        titled(&occ, "first")[0].start.format("%H:%M").to_string(),
        "08:00"
    );
    assert_eq!(
        titled(&occ, "last")[0].start.format("%H:%M").to_string(),
        "10:00"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&format!("more than {MAX_VTIMEZONES} time zones"))),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("unknown time zone 'Zone 19999'")),
        "{notes:?}"
    );

    // The same zone repeated (as concatenated invitations repeat it) costs one evaluation
    // and meets no limit.
    let same = vtimezone("Repeated", "+0300", "+0400").repeat(20_000)
        + &event(
            "again",
            "DTSTART;TZID=Repeated:20260701T120000\r\nDURATION:PT1H\r\n",
        );
    let (occ, notes) = within(30, "20k copies of one VTIMEZONE", || {
        expand_all(&Ics::new().raw(&same).build(), july)
    });
    assert_eq!(
        titled(&occ, "again")[0].start.format("%H:%M").to_string(),
        "08:00"
    );
    assert!(notes.is_empty(), "{notes:?}");
}

/// 100 HOURLY rules that never match took 30 s, and again on every view past the
/// stored horizon: the rrule crate searches for the next match up to the year 10,000.
/// Now each search is cut short and every calendar's rules share a work budget.
#[test]
fn rules_that_never_match_cost_a_bounded_search() {
    let mut body = String::new();
    for i in 0..100 {
        body.push_str(&event(
            &format!("never-{i}"),
            "DTSTART:20261101T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30\r\n",
        ));
    }
    body.push_str(&weekly_sync());
    let text = Ics::new().raw(&body).build();
    let parsed = parse(&text, Berlin).unwrap();
    for (name, window) in [
        ("the import window", import_window()),
        ("a far week", far_week()),
    ] {
        let mut notes = Vec::new();
        let occ = within(60, name, || {
            expand(&parsed, "t", window.0, window.1, &mut notes)
        });
        assert!(!titled(&occ, "sync").is_empty(), "{name}");
        // DTSTART is each never-matching series' only occurrence.
        assert_eq!(
            occ.iter().filter(|o| o.title.starts_with("never")).count(),
            if name == "a far week" { 0 } else { 100 }
        );
    }
    // Past the budget, later repeating events count their first occurrence only, and a
    // note says so (a small budget stands in for many more such rules).
    let limits = Limits {
        rule_work: 2_000_000,
        ..Limits::default()
    };
    let mut notes = Vec::new();
    let (from, to) = import_window();
    let occ = expand_with(&parsed, "t", from, to, &limits, &mut notes);
    assert_eq!(
        titled(&occ, "sync").len(),
        1,
        "only DTSTART once the budget is spent"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("need more work than bearing allows")),
        "{notes:?}"
    );
}

/// One HOURLY event with a 50 KB DESCRIPTION made 975 MB of memory: each occurrence
/// copied the text. Now the occurrences of a series carry at most
/// `Limits::series_text_bytes` of text in full (a calendar `Limits::text_bytes`); past
/// it, a short title each.
#[test]
fn a_long_description_repeated_hourly_does_not_fill_the_memory() {
    let description = "Agenda. ".repeat(50_000 / 8);
    let text = Ics::new().raw(&event(
        "hourly",
        &format!(
            "DTSTART:20261101T000000Z\r\nDURATION:PT30M\r\nDESCRIPTION:{description}\r\nRRULE:FREQ=HOURLY\r\n"
        ),
    )).build();
    let (occ, notes) = within(60, "an hourly 50 KB description", || {
        expand_all(&text, import_window())
    });
    // Every hour from 1 November 2026 to the window's end (22 November 2028: 752 days)
    // still counts.
    assert_eq!(occ.len(), 752 * 24);
    assert!(occ.len() < MAX_OCCURRENCES_PER_SERIES);
    let carried: usize = occ.iter().map(|o| o.description.len()).sum();
    assert!(
        carried <= Limits::default().series_text_bytes,
        "{carried} bytes"
    );
    assert_eq!(occ[0].description.len(), description.len());
    assert!(occ.iter().all(|o| o.title == "hourly" && o.end > o.start));
    assert!(
        notes.iter().any(|n| n.contains("MB of its text")),
        "{notes:?}"
    );

    // Ordinary text is not cut: forty daily meetings with 2 KB of video-call text each
    // keep it in every occurrence.
    let boilerplate = "Join the video call: https://example.com/j/123 ".repeat(2_000 / 48);
    let mut body = String::new();
    for i in 0..40 {
        body.push_str(&event(
            &format!("daily-{i}"),
            &format!("DTSTART:20261101T0{}0000Z\r\nDURATION:PT15M\r\nDESCRIPTION:{boilerplate}\r\nRRULE:FREQ=DAILY\r\n", i % 10),
        ));
    }
    let (occ, notes) = expand_all(&Ics::new().raw(&body).build(), import_window());
    assert_eq!(occ.len(), 40 * 752);
    assert!(
        occ.iter().all(|o| o.description == boilerplate),
        "{notes:?}"
    );
}

/// 300 hourly series made 6,000,000 occurrences (25 s, 2 GB). Now a calendar has at
/// most MAX_OCCURRENCES_PER_CALENDAR in a window, and says so.
#[test]
fn three_hundred_hourly_series_meet_the_calendar_s_limit() {
    let mut body = weekly_sync();
    for i in 0..300 {
        body.push_str(&event(
            &format!("h{i}"),
            "DTSTART:20261101T000000Z\r\nDURATION:PT15M\r\nRRULE:FREQ=HOURLY\r\n",
        ));
    }
    let (occ, notes) = within(60, "300 hourly series", || {
        expand_all(&Ics::new().raw(&body).build(), import_window())
    });
    assert_eq!(occ.len(), MAX_OCCURRENCES_PER_CALENDAR);
    assert!(
        !titled(&occ, "sync").is_empty(),
        "series before the limit are whole"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("occurrences in the period")),
        "{notes:?}"
    );
}

/// The peak memory (VmHWM, in MB) of this process, on Linux.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024)
}

/// 20 MB of tiny lines read whole; also run in a process of its own by
/// `tiny_lines_cost_a_small_multiple_of_the_file`, which measures its memory.
#[test]
fn child_reads_twenty_megabytes_of_tiny_lines() {
    let mut text = String::with_capacity(21 << 20);
    text.push_str("BEGIN:VCALENDAR\r\n");
    text.push_str(&weekly_sync());
    while text.len() < 20 << 20 {
        text.push_str("X:1\r\n");
    }
    text.push_str("END:VCALENDAR\r\n");
    let before = peak_mb().unwrap_or(0);
    let (occ, _) = expand_all(&text, far_week());
    assert_eq!(titled(&occ, "sync").len(), 1);
    println!("PEAK {} {}", before, peak_mb().unwrap_or(0));
}

/// 100 MB of tiny lines took 3.5 GB: a String per line to unfold it, then a Property
/// with three more allocations. Now a property borrows its line and costs 40 bytes,
/// and reading stops at MAX_PROPERTIES. Scaled to 20 MB, measured in a child process so
/// the other tests' memory does not count.
#[test]
fn tiny_lines_cost_a_small_multiple_of_the_file() {
    if peak_mb().is_none() {
        return; // No /proc: not Linux.
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_reads_twenty_megabytes_of_tiny_lines",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("PEAK ").map(|(_, rest)| rest))
        .expect("the child reports its peak");
    let numbers: Vec<u64> = line
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let (text_built, after) = (numbers[0], numbers[1]);
    // The text itself is about 20 MB; 3 million kept properties add 120 MB. Before,
    // this took about 800 MB.
    assert!(
        after < 200,
        "peak {after} MB, {text_built} MB before reading"
    );
}

/// A line of a calendar file an adversary might write: real property names with values
/// at and beyond the edges.
fn wild_line() -> impl Strategy<Value = String> {
    let date = prop_oneof![
        Just("20261124T090000Z".to_string()),
        Just("20261124".to_string()),
        Just("99991231T235959Z".to_string()),
        Just("00000101T000000".to_string()),
        Just("19700101".to_string()),
        "[0-9]{8}(T[0-9]{6}Z?)?",
    ];
    let duration = prop_oneof![
        Just("P999999999999999999W".to_string()),
        Just("PT9223372036854775807S".to_string()),
        Just("P99999999D".to_string()),
        Just("-PT1H".to_string()),
        "[-+]?P[0-9]{1,20}[WD](T[0-9]{1,20}[HMS])?",
    ];
    let rule = prop_oneof![
        Just("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30".to_string()),
        Just("FREQ=YEARLY;INTERVAL=400;BYMONTH=2;BYMONTHDAY=29".to_string()),
        Just("FREQ=DAILY;COUNT=4000000000".to_string()),
        Just("FREQ=WEEKLY;UNTIL=99991231T235959Z".to_string()),
        Just("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU".to_string()),
        "FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY)(;INTERVAL=[0-9]{1,6})?(;COUNT=[0-9]{1,4})?(;BYDAY=(MO|-1FR|2TU|SU))?(;BYMONTHDAY=-?[0-9]{1,2})?(;BYSETPOS=-?[0-9])?",
    ];
    prop_oneof![
        Just("BEGIN:VEVENT".to_string()),
        Just("END:VEVENT".to_string()),
        "UID:u[0-3]",
        date.clone().prop_map(|d| format!("DTSTART:{d}")),
        date.clone().prop_map(|d| format!("DTSTART;TZID=\"Kuala Lumpur, Singapore\":{d}")),
        date.clone().prop_map(|d| format!("DTEND;VALUE=DATE:{d}")),
        duration.prop_map(|d| format!("DURATION:{d}")),
        rule.clone().prop_map(|r| format!("RRULE:{r}")),
        rule.prop_map(|r| format!("EXRULE:{r}")),
        (date.clone(), date.clone()).prop_map(|(a, b)| format!("RDATE:{a},{b}")),
        (date.clone(), date.clone()).prop_map(|(a, b)| format!("RDATE;VALUE=PERIOD:{a}/{b}")),
        date.clone().prop_map(|d| format!("EXDATE:{d}")),
        date.prop_map(|d| format!("RECURRENCE-ID;RANGE=THISANDFUTURE:{d}")),
        Just("STATUS:CANCELLED".to_string()),
        Just("BEGIN:VTIMEZONE\r\nTZID:Kuala Lumpur\\, Singapore\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the file holds, importing it into a journal answers (imported, or
    /// refused as not a calendar, or as cut short when a VEVENT is left open and then
    /// imported when forced) without a panic, within a bounded time, and what it stores
    /// is well formed.
    #[test]
    fn importing_wild_calendars_never_panics(lines in prop::collection::vec(wild_line(), 0..30)) {
        let text = format!("BEGIN:VCALENDAR\r\n{}\r\nEND:VCALENDAR\r\n", lines.join("\r\n"));
        let mut store = Store::open_in_memory().unwrap();
        let start = Instant::now();
        let imported = match import_as(&mut store, "wild", "wild.ics", &text, Berlin, now()) {
            Err(ImportError::CutShort { .. }) => {
                let source = bearing::domain::source::Source::parse("wild.ics");
                let forced = ImportRequest { source: &source, text: &text, name: Some("wild"), replace: true, force: true, calendar: None };
                import_calendar(&mut store, &forced, Berlin, now())
            }
            other => other,
        };
        match imported {
            Ok(summary) => prop_assert!(summary.occurrences <= MAX_OCCURRENCES_PER_CALENDAR),
            Err(ImportError::NotACalendar { .. }) => {}
            Err(e) => prop_assert!(false, "{e}"),
        }
        prop_assert!(start.elapsed() < Duration::from_secs(30), "{:?}", start.elapsed());
        let parsed = parse(&text, Berlin).unwrap();
        let (from, to) = far_week();
        for o in expand(&parsed, "wild", from, to, &mut Vec::new()) {
            prop_assert!(o.end >= o.start && o.end > from - chrono::Duration::days(1) && o.start < to);
        }
    }
}

/// The journal keeps every line of a real export the reader reports on, so writing a
/// calendar body out is honest about what is left out.
#[test]
fn notes_name_lines_and_stay_few() {
    let mut body = String::new();
    for _ in 0..10_000 {
        body.push_str("this is not a property\r\n");
    }
    let _ = write!(body, "{}", weekly_sync());
    let (occ, notes) = expand_all(&Ics::new().raw(&body).build(), far_week());
    assert_eq!(titled(&occ, "sync").len(), 1);
    assert_eq!(notes.len(), bearing::calendar::MAX_NOTES + 1);
    assert!(notes[0].starts_with("line 3:"), "{}", notes[0]);
    assert_eq!(notes.last().unwrap(), "... and 9800 more notes like these");
}

/// One event with a thousand RRULEs and EXRULEs of every-minute hours: only the first
/// few rules of each kind are read, and the series stops at its limit.
#[test]
fn one_event_with_a_thousand_rules_is_bounded() {
    let mut lines = String::from("DTSTART:20261101T000000Z\r\nDURATION:PT1M\r\n");
    for i in 0..1000 {
        let _ = write!(lines, "RRULE:FREQ=HOURLY;BYMINUTE={}\r\n", i % 60);
        let _ = write!(lines, "EXRULE:FREQ=DAILY;BYHOUR={};BYMINUTE=0\r\n", i % 24);
    }
    let text = Ics::new().raw(&event("many", &lines)).build();
    let (occ, notes) = within(60, "a thousand rules", || {
        expand_all(&text, import_window())
    });
    assert!(occ.len() <= MAX_OCCURRENCES_PER_SERIES, "{}", occ.len());
    assert!(!occ.is_empty());
    assert!(
        notes
            .iter()
            .any(|n| n.contains("has 1000 RRULEs; only the first 20 are read")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("has 1000 EXRULEs")),
        "{notes:?}"
    );
}

/// Whether an import takes `text` or refuses it as cut short.
fn import_verdict(text: &str) -> Result<usize, String> {
    let mut store = Store::open_in_memory().unwrap();
    match import_as(&mut store, "work", "work.ics", text, Berlin, now()) {
        Ok(summary) => Ok(summary.events),
        Err(ImportError::CutShort { .. }) => Err("cut short".into()),
        Err(other) => Err(other.to_string()),
    }
}

/// Text after END:VCALENDAR (a server's cache comment) or a mistyped last line
/// (END:VCALENDARD) was refused as cut short: only the last line was looked at. Now a
/// file is cut short when a component inside the calendar is left open or no line
/// starting with END:VCALENDAR follows the last component; real truncations are still
/// refused, and a VEVENT missing its END now is too.
#[test]
fn an_import_refuses_a_file_cut_short_and_takes_one_with_text_after_its_end() {
    let whole = bearing::testkit::fixture("google.ics");
    let events = import_verdict(&whole).unwrap();
    assert!(events > 0);
    let taken = [
        format!("{whole}<!-- cached by calendar-proxy 2.3 at 2026-11-20T06:00:00Z -->\r\n"),
        format!("{whole}\r\n\r\n# generated in 12 ms\r\n"),
        whole.replace("END:VCALENDAR", "END:VCALENDARD"),
    ];
    for text in &taken {
        assert_eq!(
            import_verdict(text),
            Ok(events),
            "{}",
            &text[text.len() - 80..]
        );
    }
    let last_event_end = whole.rfind("END:VEVENT\r\n").unwrap() + "END:VEVENT\r\n".len();
    let refused = [
        // A download cut right after an END:VEVENT, and one cut inside an event.
        whole[..last_event_end].to_string(),
        whole[..whole.len() * 2 / 3].to_string(),
        // A VEVENT without its END, though the file ends with END:VCALENDAR.
        whole.replacen("END:VEVENT\r\n", "", 1),
    ];
    for text in &refused {
        assert_eq!(
            import_verdict(text),
            Err("cut short".to_string()),
            "{}",
            &text[text.len().saturating_sub(80)..]
        );
    }
}

/// An exporter that folds lines at 75 octets, counting bytes rather than characters,
/// splits a character across a fold (`Caf\xc3` CRLF SPACE `\xa9`): the file is not
/// UTF-8 as it stands. Read as an import reads a source, the bytes are unfolded before
/// they are decoded, and the titles come back whole. Before, each half became U+FFFD
/// ("Caf��").
#[test]
fn characters_split_by_a_fold_are_read_whole() {
    let path = bearing::testkit::fixture_path("octet-folds.ics");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture splits characters"
    );
    let source = bearing::domain::source::Source::parse(&path);
    let text = bearing::io::source::read(&source, bearing::io::source::FETCH_TIMEOUT).unwrap();
    assert!(!text.contains('\u{fffd}'), "{text}");
    assert_eq!(text.len(), bytes.len(), "mended in place");
    let week = (
        Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap(),
    );
    let (occ, notes) = expand_all(&text, week);
    assert!(notes.is_empty(), "{notes:?}");
    let titles: Vec<&str> = occ.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Roadmap review with the Zürich and Lyon teams; then lunch at Café Odeon",
            "1:1 Renée / Søren — Entwicklungsgespräch und die Planung der Übergabe",
        ]
    );
    assert_eq!(
        occ[0].description,
        "Agenda: Rückblick auf Q3, die Ziele für Q4, offene Fragen 🙂 Lest bitte die Folien vorab."
    );
    let mut store = Store::open_in_memory().unwrap();
    let summary = import_as(&mut store, "rooms", &path, &text, Berlin, now()).unwrap();
    assert_eq!((summary.events, summary.notes.len()), (2, 0));
}

/// A journal's series stored before a change to how files are read keep the hash the
/// old rules gave them. The hash now includes the version of the reading rules: the
/// next import of the calendar (a refresh, or the rebuild after an upgrade clears its
/// file's hash) reads and rewrites every such series, though the file is the same; read
/// with the rules of now, they are kept.
#[test]
fn series_stored_under_old_reading_rules_are_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut store = Store::open(&path).unwrap();
    let text = bearing::testkit::fixture("outlook-one-on-ones.ics");
    let first = import_as(&mut store, "work", "work.ics", &text, Berlin, now()).unwrap();
    assert_eq!(first.series_written, 3);
    // The hash each series had before the rules were counted (import.rs, Fingerprints).
    let horizon = store.list_calendars().unwrap()[0].horizon_end;
    let old_hash = |print: u64| {
        let mut h = bearing::domain::hash::Fnv::new();
        h.write(&print.to_le_bytes());
        h.write_i64(horizon.timestamp());
        h.write_str(Berlin.name());
        format!("{:016x}", h.finish())
    };
    let journal = rusqlite::Connection::open(&path).unwrap();
    let as_before = || {
        for (uid, print) in parse(&text, Berlin).unwrap().series_fingerprints() {
            journal
                .execute(
                    "UPDATE event_series SET content_hash = ?1 WHERE uid = ?2",
                    rusqlite::params![old_hash(print), uid],
                )
                .unwrap();
        }
    };
    let file_read_again = || {
        journal
            .execute("UPDATE calendars SET content_hash = ''", [])
            .unwrap();
    };
    as_before();
    file_read_again();
    let again = import_as(&mut store, "work", "work.ics", &text, Berlin, now()).unwrap();
    assert_eq!((again.series_written, again.series_kept), (3, 0));
    file_read_again();
    let kept = import_as(&mut store, "work", "work.ics", &text, Berlin, now()).unwrap();
    assert_eq!((kept.series_written, kept.series_kept), (0, 3));
}
