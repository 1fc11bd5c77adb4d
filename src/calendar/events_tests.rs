//! Fixture files in the styles of real exports, with hours computed by hand.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;

use super::events::{expand, parse, parse_duration};
use crate::domain::event::EventOccurrence;
use crate::domain::week::day_window;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn week_of(day: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    day_window(Berlin, d, d + chrono::Duration::days(6))
}

fn occurrences(name: &str, monday: &str) -> Vec<EventOccurrence> {
    let parsed = parse(&fixture(name), Berlin).unwrap();
    let (from, to) = week_of(monday);
    expand(&parsed, "test", from, to, &mut Vec::new())
}

fn minutes(occ: &[EventOccurrence]) -> i64 {
    occ.iter().map(EventOccurrence::minutes).sum()
}

fn listing(occ: &[EventOccurrence]) -> Vec<String> {
    occ.iter()
        .map(|o| format!("{} {} {}", o.start.format("%a %H:%M"), o.minutes(), o.title))
        .collect()
}

#[test]
fn google_export() {
    let occ = occurrences("google.ics", "2026-11-23");
    assert_eq!(
        listing(&occ),
        [
            "Mon 08:30 15 Team stand-up",
            "Tue 08:30 15 Team stand-up",
            "Tue 11:00 60 Lunch",
            "Tue 13:00 30 Sam / me",
            "Thu 09:00 30 Team stand-up (moved)",
            "Thu 23:00 0 Team offsite",
            "Fri 08:30 15 Team stand-up",
        ]
    );
    assert_eq!(minutes(&occ), 165);
    let one_on_one = occ.iter().find(|o| o.title == "Sam / me").unwrap();
    assert_eq!(one_on_one.attendees, 2);
    assert!(
        occ.iter()
            .find(|o| o.title == "Team offsite")
            .unwrap()
            .all_day
    );
    let standup = &occ[0];
    assert!(
        standup
            .description
            .contains("what you did, what you will do; and what blocks you.")
    );
    assert!(standup.recurring);
}

#[test]
fn outlook_export_with_windows_zone_names() {
    let occ = occurrences("outlook.ics", "2026-11-23");
    assert_eq!(
        listing(&occ),
        [
            "Mon 07:00 30 Email / admin",
            "Mon 13:00 60 Weekly status report review",
            "Tue 16:00 90 Budget planning",
            "Wed 07:00 30 Email / admin"
        ]
    );
    assert_eq!(minutes(&occ), 210);
    // The same Monday meeting is 12:00 UTC in summer time and 13:00 after the switch.
    let october = occurrences("outlook.ics", "2026-10-19");
    assert_eq!(
        october
            .iter()
            .find(|o| o.title.starts_with("Weekly"))
            .unwrap()
            .start
            .format("%H:%M")
            .to_string(),
        "12:00"
    );
    let after = occurrences("outlook.ics", "2026-10-26");
    assert_eq!(
        after
            .iter()
            .find(|o| o.title.starts_with("Weekly"))
            .unwrap()
            .start
            .format("%H:%M")
            .to_string(),
        "13:00"
    );
    // UNTIL ends it in December; COUNT=10 ends the admin block on 25 November.
    assert!(occurrences("outlook.ics", "2027-01-04").is_empty());
}

#[test]
fn apple_export_with_durations_rdates_and_prefixed_zones() {
    let occ = occurrences("apple.ics", "2026-11-23");
    assert_eq!(
        listing(&occ),
        [
            "Mon 14:00 45 Coaching with Ana",
            "Wed 15:00 45 Coaching with Ana",
            "Thu 08:00 120 Strategy offsite prep",
            "Fri 09:00 30 Career conversation review"
        ]
    );
    assert_eq!(minutes(&occ), 240);
    assert_eq!(occ[2].categories, ["Strategy", "Vision"]);
}

#[test]
fn thunderbird_export_with_custom_zones_and_this_and_future() {
    let occ = occurrences("thunderbird.ics", "2026-11-23");
    assert_eq!(
        listing(&occ),
        [
            "Mon 13:00 60 Hiring sync",
            "Mon 16:00 30 Planning (short)",
            "Tue 09:00 60 Vendor call",
            "Thu 16:00 30 Planning (short)"
        ]
    );
    assert_eq!(minutes(&occ), 180);
    // Before the change, the series is unchanged.
    let before = occurrences("thunderbird.ics", "2026-11-16");
    assert_eq!(
        listing(&before),
        ["Mon 15:00 60 Planning", "Thu 16:00 30 Planning (short)"]
    );
}

#[test]
fn messy_file_is_read_leniently_and_reports_what_it_skipped() {
    let parsed = parse(&fixture("messy.ics"), Berlin).unwrap();
    let reasons: Vec<String> = parsed
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.title, s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "No start: no DTSTART",
            "Backwards: it ends before it starts"
        ]
    );
    assert!(parsed.skipped.iter().all(|s| s.line > 0));
    let (from, to) = week_of("2026-11-23");
    let mut notes = Vec::new();
    let occ = expand(&parsed, "test", from, to, &mut notes);
    assert_eq!(
        listing(&occ),
        [
            "Mon 08:00 15 Stand-up (no uid)",
            "Mon 08:00 15 Stand-up (no uid)",
            "Mon 09:00 15 Daily check",
            "Tue 09:00 15 Daily check",
            "Tue 10:00 60 New title",
            "Wed 09:00 15 Daily check",
            "Wed 12:00 10 Too frequent",
            "Thu 09:00 15 Daily check",
            "Thu 12:00 0 Reminder",
            "Fri 09:00 15 Daily check",
            "Sat 09:00 15 Daily check",
            "Sun 09:00 15 Daily check",
        ]
    );
    assert_eq!(minutes(&occ), 205);
    assert_ne!(
        occ[0].uid, occ[1].uid,
        "UID-less events get distinct stable UIDs"
    );
    assert!(
        notes.iter().any(|n| n.contains("Too frequent")),
        "{notes:?}"
    );
    // The same file gives the same made-up UIDs every time.
    let again = expand(
        &parse(&fixture("messy.ics"), Berlin).unwrap(),
        "test",
        from,
        to,
        &mut Vec::new(),
    );
    assert_eq!(
        occ.iter().map(|o| &o.uid).collect::<Vec<_>>(),
        again.iter().map(|o| &o.uid).collect::<Vec<_>>()
    );
}

#[test]
fn endless_rules_expand_for_any_window_quickly() {
    let parsed = parse(&fixture("messy.ics"), Berlin).unwrap();
    let (from, to) = week_of("2036-06-02");
    let occ = expand(&parsed, "test", from, to, &mut Vec::new());
    assert_eq!(occ.iter().filter(|o| o.title == "Daily check").count(), 7);
}

#[test]
fn not_a_calendar_is_refused() {
    let err = parse(&fixture("not-a-calendar.ics"), Berlin).unwrap_err();
    assert!(err.to_string().starts_with("line 1:"), "{err}");
}

#[test]
fn durations_parse() {
    let cases = [
        ("PT1H30M", 90 * 60),
        ("P1D", 86_400),
        ("P2W", 14 * 86_400),
        ("-PT15M", -900),
        ("P1DT2H", 93_600),
        ("PT0S", 0),
    ];
    for (text, seconds) in cases {
        assert_eq!(
            parse_duration(text).map(|d| d.num_seconds()),
            Some(seconds),
            "{text}"
        );
    }
    for bad in ["1H", "PT", "PTXM", "P1H"] {
        assert!(
            parse_duration(bad).is_none_or(|d| d.num_seconds() == 0 && bad == "PT"),
            "{bad}"
        );
    }
}

#[test]
fn repeat_rules_of_every_kind() {
    // Hand-computed for the week of Monday 23 November 2026 (Berlin, UTC+1; times in UTC).
    let occ = occurrences("rules.ics", "2026-11-23");
    assert_eq!(
        listing(&occ),
        [
            "Mon 08:00 15 Every third day",
            "Mon 23:00 0 Offsite days",
            "Tue 23:00 0 Offsite days",
            "Thu 08:00 60 Anniversary review",
            "Thu 08:00 15 Every third day",
            "Thu 13:00 60 Monthly report",
            "Fri 15:00 60 Last Friday",
            "Sun 08:00 15 Every third day",
        ]
    );
    assert_eq!(minutes(&occ), 225);
    assert!(
        occ.iter()
            .filter(|o| o.title == "Offsite days")
            .all(|o| o.all_day)
    );
    // INTERVAL=2: the fortnightly sync is in the weeks before and after, not this one.
    assert!(
        occurrences("rules.ics", "2026-11-16")
            .iter()
            .any(|o| o.title == "Fortnightly sync")
    );
    assert!(
        occurrences("rules.ics", "2026-11-30")
            .iter()
            .any(|o| o.title == "Fortnightly sync")
    );
    // COUNT=5 ends the every-third-day series on 2 December.
    assert_eq!(
        occurrences("rules.ics", "2026-11-30")
            .iter()
            .filter(|o| o.title == "Every third day")
            .count(),
        1
    );
    assert_eq!(
        occurrences("rules.ics", "2026-12-07")
            .iter()
            .filter(|o| o.title == "Every third day")
            .count(),
        0
    );
}

mod properties {
    //! Whatever bytes arrive, the reader answers (a calendar or an error) and never
    //! panics; what it accepts expands to well-formed occurrences.

    use proptest::prelude::*;

    use super::*;

    const FIXTURES: [&str; 6] = [
        "google.ics",
        "outlook.ics",
        "apple.ics",
        "thunderbird.ics",
        "messy.ics",
        "rules.ics",
    ];

    fn check(text: &str) {
        if let Ok(parsed) = parse(text, Berlin) {
            let (from, to) = week_of("2026-11-16");
            for o in expand(
                &parsed,
                "p",
                from - chrono::Duration::days(400),
                to,
                &mut Vec::new(),
            ) {
                assert!(o.end >= o.start, "{o:?}");
            }
        }
    }

    /// Lines that real calendars are made of, to build plausible-but-broken files from.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("BEGIN:VCALENDAR".to_string()),
            Just("END:VCALENDAR".to_string()),
            Just("BEGIN:VEVENT".to_string()),
            Just("END:VEVENT".to_string()),
            Just("BEGIN:VTIMEZONE".to_string()),
            Just("END:VTIMEZONE".to_string()),
            "UID:[a-z0-9@]{0,12}",
            "SUMMARY:[ -~]{0,20}",
            "DTSTART(;TZID=[A-Za-z/_ ]{0,20})?:[0-9TZ]{0,16}",
            "DTEND(;VALUE=DATE)?:[0-9TZ]{0,16}",
            "DURATION:[-+]?P[0-9WDTHMS]{0,8}",
            "RRULE:FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;COUNT=[0-9]{1,3})?(;INTERVAL=[0-9]{1,2})?(;BYDAY=[A-Z0-9,+-]{0,10})?(;UNTIL=[0-9TZ]{0,16})?",
            "EXDATE(;TZID=Europe/Berlin)?:[0-9TZ,]{0,34}",
            "RDATE(;VALUE=DATE)?:[0-9TZ,]{0,20}",
            "RECURRENCE-ID(;RANGE=THISANDFUTURE)?:[0-9TZ]{0,16}",
            "TZOFFSETFROM:[-+][0-9]{0,4}",
            "TZOFFSETTO:[-+][0-9]{0,4}",
            "STATUS:(CANCELLED|CONFIRMED|[A-Z]{0,5})",
            " [ -~]{0,10}",
            "[ -~]{0,30}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn any_text_is_read_or_refused_without_panicking(text in "\\PC{0,400}") {
            check(&text);
        }

        #[test]
        fn calendars_built_from_real_lines_never_panic(lines in prop::collection::vec(line(), 0..40)) {
            check(&lines.join("\r\n"));
        }

        #[test]
        fn real_exports_cut_or_damaged_anywhere_never_panic(
            which in 0..FIXTURES.len(),
            cut in any::<prop::sample::Index>(),
            damage in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let text = fixture(FIXTURES[which]);
            let mut bytes = text.into_bytes();
            if !bytes.is_empty() {
                let at = damage.index(bytes.len());
                bytes[at] = byte;
                let end = cut.index(bytes.len() + 1);
                bytes.truncate(end);
            }
            check(&String::from_utf8_lossy(&bytes));
        }
    }
}

/// Found by fuzzing: a non-ASCII character in a repeat rule made the `rrule` crate
/// panic. Now the rule is refused with a note and the event counted once.
#[test]
fn a_repeat_rule_with_non_ascii_characters_is_refused_not_a_crash() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SÜ\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:x@y\r\nSUMMARY:Stand-up\r\nDTSTART;TZID=Europe/Berlin:20261116T093000\r\nDTEND;TZID=Europe/Berlin:20261116T094500\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,\u{fffd}H,FR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let parsed = parse(text, Berlin).unwrap();
    let (from, to) = week_of("2026-11-16");
    let mut notes = Vec::new();
    let got = expand(&parsed, "odd", from, to, &mut notes);
    assert_eq!(got.len(), 1);
    assert!(
        notes.iter().any(|n| n.contains("cannot be read")),
        "{notes:?}"
    );
}
