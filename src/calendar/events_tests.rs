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

    const FIXTURES: [&str; 8] = [
        "zimbra.ics",
        "lotus.ics",
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

    /// A repeating event's DTSTART and rule, as one generated case.
    #[derive(Debug, Clone)]
    struct Repeat {
        dtstart: String,
        rule: String,
    }

    /// DTSTARTs in 2026 (UTC, Berlin or all-day) and rules of every frequency with
    /// BYDAY, BYMONTHDAY and INTERVAL, often not matching their DTSTART.
    fn repeat() -> impl Strategy<Value = Repeat> {
        let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        (
            0u32..365,
            0u32..24,
            0usize..3,
            0usize..3,
            1u8..128,
            1u32..29,
            1u32..4,
        )
            .prop_map(move |(day, hour, zone, freq, mask, monthday, interval)| {
                let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                    + chrono::Duration::days(i64::from(day));
                let dtstart = match zone {
                    0 => format!("DTSTART:{}T{hour:02}3000Z", date.format("%Y%m%d")),
                    1 => format!(
                        "DTSTART;TZID=Europe/Berlin:{}T{hour:02}3000",
                        date.format("%Y%m%d")
                    ),
                    _ => format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")),
                };
                let byday: Vec<&str> = days
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, d)| *d)
                    .collect();
                let rule = match freq {
                    0 => format!("FREQ=DAILY;INTERVAL={interval};BYDAY={}", byday.join(",")),
                    1 => format!("FREQ=WEEKLY;INTERVAL={interval};BYDAY={}", byday.join(",")),
                    _ => format!("FREQ=MONTHLY;INTERVAL={interval};BYMONTHDAY={monthday}"),
                };
                Repeat { dtstart, rule }
            })
    }

    /// The keys of every occurrence of `body` (one VEVENT's lines) from 1970 to 2100.
    fn keys(body: &str) -> Vec<i64> {
        let text = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:p\r\nSUMMARY:p\r\n{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        let parsed = parse(&text, Berlin).unwrap();
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        let from = DateTime::parse_from_rfc3339("1970-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let to = DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let mut notes = Vec::new();
        let occ = expand(&parsed, "p", from, to, &mut notes);
        assert!(notes.is_empty(), "{notes:?}");
        occ.iter().map(|o| o.key).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// RFC 5545 3.8.5.3: DTSTART is the first occurrence, and COUNT counts it, whether
        /// or not the rule produces it: exactly COUNT occurrences, the first at DTSTART.
        #[test]
        fn count_counts_dtstart_and_dtstart_comes_first(r in repeat(), count in 1u32..25) {
            let all = keys(&format!("{}\r\nRRULE:{};COUNT={count}", r.dtstart, r.rule));
            prop_assert_eq!(all.len(), count as usize, "{:?}", all);
            let alone = keys(&r.dtstart);
            prop_assert_eq!(all[0], alone[0]);
            prop_assert!(all.windows(2).all(|w| w[0] < w[1]));
        }

        /// Two RRULEs give the union of what each gives alone.
        #[test]
        fn two_rules_give_the_union_of_each(a in repeat(), b in repeat(), count in 1u32..15) {
            let rule_b = format!("{};COUNT={count}", b.rule);
            let rule_a = format!("{};COUNT={count}", a.rule);
            let both = keys(&format!("{}\r\nRRULE:{rule_a}\r\nRRULE:{rule_b}", a.dtstart));
            let mut union = keys(&format!("{}\r\nRRULE:{rule_a}", a.dtstart));
            union.extend(keys(&format!("{}\r\nRRULE:{rule_b}", a.dtstart)));
            union.sort_unstable();
            union.dedup();
            prop_assert_eq!(both, union);
        }

        /// An EXRULE equal to the RRULE takes away everything the rule produces: what is
        /// left is DTSTART when the rule does not produce it, else nothing.
        #[test]
        fn an_exrule_equal_to_the_rrule_leaves_only_an_off_rule_dtstart(r in repeat(), count in 1u32..20) {
            let rule = format!("{};COUNT={count}", r.rule);
            let left = keys(&format!("{}\r\nRRULE:{rule}\r\nEXRULE:{rule}", r.dtstart));
            let all = keys(&format!("{}\r\nRRULE:{}", r.dtstart, r.rule.clone() + ";COUNT=2"));
            let dtstart = keys(&r.dtstart)[0];
            // With COUNT=2, the rule's own first time is DTSTART exactly when it matches.
            let on_rule = keys(&format!("{}\r\nEXRULE:{}", r.dtstart, r.rule + ";COUNT=1")).is_empty();
            if on_rule {
                prop_assert!(left.is_empty(), "{:?}", left);
            } else {
                prop_assert_eq!(left, vec![dtstart]);
            }
            prop_assert_eq!(all[0], dtstart);
        }
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

/// A calendar of `body` (VEVENTs and VTIMEZONEs, `\n` line ends).
fn calendar(body: &str) -> String {
    format!("BEGIN:VCALENDAR\nVERSION:2.0\n{body}END:VCALENDAR\n")
}

/// Occurrences of `text` from day `first` through day `last` (Berlin days), as "Mon
/// 2026-11-23 08:00 60 title" in UTC, with the notes.
fn between(text: &str, first: &str, last: &str) -> (Vec<String>, Vec<String>) {
    let parsed = parse(text, Berlin).unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (from, to) = day_window(Berlin, d(first), d(last));
    let mut notes = parsed.notes.clone();
    let occ = expand(&parsed, "t", from, to, &mut notes);
    let rows = occ
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o.start.format("%a %Y-%m-%d %H:%M"),
                if o.all_day {
                    format!("{}d", (o.end - o.start).num_hours().div_euclid(23).max(1))
                } else {
                    o.minutes().to_string()
                },
                o.title
            )
        })
        .collect();
    (rows, notes)
}

/// RFC 5545 3.8.5.3: DTSTART is the first instance even when the rule does not produce
/// it, and it counts toward COUNT. Before, a Tuesday DTSTART with a Monday rule of
/// COUNT=3 gave three Mondays and no Tuesday.
#[test]
fn dtstart_off_its_rule_is_the_first_occurrence_and_counts_toward_count() {
    let text = calendar(
        "BEGIN:VEVENT\nUID:off\nSUMMARY:Kick-off then Mondays\nDTSTART:20261124T090000Z\nDTEND:20261124T100000Z\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3\nEND:VEVENT\n",
    );
    let (got, _) = between(&text, "2026-11-01", "2027-01-31");
    assert_eq!(
        got,
        [
            "Tue 2026-11-24 09:00 60 Kick-off then Mondays",
            "Mon 2026-11-30 09:00 60 Kick-off then Mondays",
            "Mon 2026-12-07 09:00 60 Kick-off then Mondays",
        ]
    );
    // Without COUNT the rule goes on; DTSTART is still there, once.
    let endless = text.replace(";COUNT=3", ";UNTIL=20261208T000000Z");
    let (got, _) = between(&endless, "2026-11-01", "2027-01-31");
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[0].starts_with("Tue 2026-11-24"));
}

/// Several RRULEs and RDATEs in one VEVENT are united; a time produced twice counts once.
/// Before, only the first RRULE was read.
#[test]
fn several_rrules_and_rdates_are_united() {
    let text = calendar(
        "BEGIN:VEVENT\nUID:two-rules\nSUMMARY:Planning\nDTSTART;TZID=Europe/Berlin:20261123T100000\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261126T000000Z\nRDATE;TZID=Europe/Berlin:20261127T150000,20261123T100000\nEND:VEVENT\n",
    );
    let (got, _) = between(&text, "2026-11-23", "2026-12-06");
    assert_eq!(
        got,
        [
            "Mon 2026-11-23 09:00 30 Planning",
            "Wed 2026-11-25 09:00 30 Planning",
            "Fri 2026-11-27 14:00 30 Planning",
            "Mon 2026-11-30 09:00 30 Planning",
        ]
    );
    let parsed = parse(&text, Berlin).unwrap();
    assert_eq!(parsed.recurring_count(), 1);
}

/// EXRULE (RFC 2445; Zimbra, Lotus and older Outlook write it) takes away what it
/// matches. Before, it was ignored and weekends counted.
#[test]
fn exrule_takes_away_what_it_matches() {
    let text = calendar(
        "BEGIN:VEVENT\nUID:exrule\nSUMMARY:Daily check\nDTSTART;TZID=Europe/Berlin:20261123T090000\nDTEND;TZID=Europe/Berlin:20261123T091500\nRRULE:FREQ=DAILY;COUNT=14\nEXRULE:FREQ=WEEKLY;BYDAY=SA,SU\nEXRULE:FREQ=DAILY;INTERVAL=7;COUNT=1\nEXDATE;TZID=Europe/Berlin:20261126T090000\nEND:VEVENT\n",
    );
    let (got, _) = between(&text, "2026-11-23", "2026-12-13");
    // 14 days from Monday 23 November: weekends out, DTSTART out (the second EXRULE
    // matches it), Thursday 26 out (EXDATE).
    assert_eq!(
        got,
        [
            "Tue 2026-11-24 08:00 15 Daily check",
            "Wed 2026-11-25 08:00 15 Daily check",
            "Fri 2026-11-27 08:00 15 Daily check",
            "Mon 2026-11-30 08:00 15 Daily check",
            "Tue 2026-12-01 08:00 15 Daily check",
            "Wed 2026-12-02 08:00 15 Daily check",
            "Thu 2026-12-03 08:00 15 Daily check",
            "Fri 2026-12-04 08:00 15 Daily check",
        ]
    );
}

/// A TZID parameter in quotes, or with backslash escapes, finds the VTIMEZONE whose TZID
/// value escapes its comma. Before, the names did not match and the times were read as
/// the user's local time (Berlin), seven hours off.
#[test]
fn quoted_and_escaped_tzids_find_their_vtimezone() {
    let zone = "BEGIN:VTIMEZONE\nTZID:Kuala Lumpur\\, Singapore\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0800\nTZOFFSETTO:+0800\nEND:STANDARD\nEND:VTIMEZONE\n";
    for tzid in [
        "\"Kuala Lumpur, Singapore\"",
        "Kuala Lumpur\\, Singapore",
        "\"Kuala Lumpur\\, Singapore\"",
    ] {
        let text = calendar(&format!(
            "{zone}BEGIN:VEVENT\nUID:kl\nSUMMARY:Regional sync\nDTSTART;TZID={tzid}:20261124T170000\nDTEND;TZID={tzid}:20261124T180000\nEND:VEVENT\n"
        ));
        let (got, notes) = between(&text, "2026-11-23", "2026-11-29");
        assert_eq!(got, ["Tue 2026-11-24 09:00 60 Regional sync"], "{tzid}");
        assert!(
            !notes.iter().any(|n| n.contains("unknown time zone")),
            "{tzid}: {notes:?}"
        );
    }
}

/// RANGE=THISANDFUTURE: later occurrences move as the override moved its own, in
/// wall-clock time, and last as long as the override does. Before, the move was taken in
/// UTC (an hour off after a DST change when the override itself crossed one) and, for
/// all-day events, in whole 24-hour days (no move at all across the spring change).
#[test]
fn this_and_future_overrides_move_in_wall_clock_time_and_keep_their_own_length() {
    // Weekly Monday 10:00 Berlin, 60 minutes. From 19 October (summer time) on it moves
    // a week later to the Tuesday 27 October (winter time) at 10:00, 30 minutes.
    let timed = calendar(
        "BEGIN:VEVENT\nUID:weekly\nSUMMARY:Team sync\nDTSTART;TZID=Europe/Berlin:20261005T100000\nDTEND;TZID=Europe/Berlin:20261005T110000\nRRULE:FREQ=WEEKLY\nEND:VEVENT\nBEGIN:VEVENT\nUID:weekly\nSUMMARY:Team sync (short)\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261019T100000\nDTSTART;TZID=Europe/Berlin:20261027T100000\nDTEND;TZID=Europe/Berlin:20261027T103000\nEND:VEVENT\n",
    );
    let (got, _) = between(&timed, "2026-10-05", "2026-11-10");
    assert_eq!(
        got,
        [
            "Mon 2026-10-05 08:00 60 Team sync",
            "Mon 2026-10-12 08:00 60 Team sync",
            "Tue 2026-10-27 09:00 30 Team sync (short)",
            "Tue 2026-11-03 09:00 30 Team sync (short)",
            "Tue 2026-11-10 09:00 30 Team sync (short)",
        ]
    );
    // All-day on Saturdays; from 28 March on, Sundays and two days long. The spring
    // change (29 March) makes that move 23 hours.
    let all_day = calendar(
        "BEGIN:VEVENT\nUID:weekend\nSUMMARY:On call\nDTSTART;VALUE=DATE:20260314\nDTEND;VALUE=DATE:20260315\nRRULE:FREQ=WEEKLY;COUNT=5\nEND:VEVENT\nBEGIN:VEVENT\nUID:weekend\nSUMMARY:On call (long)\nRECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20260328\nDTSTART;VALUE=DATE:20260329\nDTEND;VALUE=DATE:20260331\nEND:VEVENT\n",
    );
    let parsed = parse(&all_day, Berlin).unwrap();
    let (from, to) = week_of("2026-03-09");
    let occ = expand(
        &parsed,
        "t",
        from,
        to + chrono::Duration::days(40),
        &mut Vec::new(),
    );
    let days: Vec<String> = occ
        .iter()
        .map(|o| {
            let local = o.start.with_timezone(&Berlin);
            let end = o.end.with_timezone(&Berlin);
            format!(
                "{} {} {}",
                local.format("%a %d"),
                (end.date_naive() - local.date_naive()).num_days(),
                o.title
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            "Sat 14 1 On call",
            "Sat 21 1 On call",
            "Sun 29 2 On call (long)",
            "Sun 05 2 On call (long)",
            "Sun 12 2 On call (long)",
        ]
    );
}

/// Values beyond chrono's range refuse their event with a reason, without a panic, and
/// the rest of the file imports. Before, `P999999999999999999W`, `PT9223372036854775807S`
/// and the all-day variant panicked inside chrono.
#[test]
fn values_beyond_chrono_s_range_refuse_their_event_and_the_rest_imports() {
    let ev = |uid: &str, lines: &str| {
        format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\n{lines}\nEND:VEVENT\n")
    };
    let text = calendar(
        &[
            ev("weeks", "DTSTART:20261124T090000Z\nDURATION:P999999999999999999W"),
            ev("seconds", "DTSTART:20261124T090000Z\nDURATION:PT9223372036854775807S"),
            ev("all-day", "DTSTART;VALUE=DATE:20261124\nDURATION:P999999999999999999W"),
            ev("all-day-seconds", "DTSTART;VALUE=DATE:20261124\nDURATION:PT9223372036854775807S"),
            ev("ends-too-late", "DTSTART:20261124T090000Z\nDURATION:P99999999W"),
            ev("all-day-too-late", "DTSTART;VALUE=DATE:20261124\nDURATION:P99999999D"),
            ev("digits", "DTSTART:20261124T090000Z\nDURATION:PT99999999999999999999999999S"),
            ev("year-zero", "DTSTART:00001231T090000Z\nDTEND:00001231T100000Z"),
            ev("ends-in-10000", "DTSTART;VALUE=DATE:99991231\nDURATION:P3D"),
            ev("bad-override", "DTSTART:20261124T090000Z\nRECURRENCE-ID:00000101T000000Z"),
            ev("year-9999", "DTSTART:99991230T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY"),
            ev("far-until", "DTSTART:20261123T090000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;UNTIL=99991231T235959Z\nRDATE:00001231T090000Z,20261125T090000Z\nEXDATE:99991231T090000Z,-0011231T090000Z"),
            ev("fine", "DTSTART:20261124T090000Z\nDURATION:PT1H"),
        ]
        .concat(),
    );
    let parsed = parse(&text, Berlin).unwrap();
    let reasons: Vec<String> = parsed
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.title, s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "weeks: DURATION 'P999999999999999999W' is longer than bearing can count",
            "seconds: DURATION 'PT9223372036854775807S' is longer than bearing can count",
            "all-day: DURATION 'P999999999999999999W' is longer than bearing can count",
            "all-day-seconds: DURATION 'PT9223372036854775807S' is longer than bearing can count",
            "ends-too-late: it ends after the year 9999",
            "all-day-too-late: it ends after the year 9999",
            "digits: DURATION 'PT99999999999999999999999999S' is longer than bearing can count",
            "year-zero: DTSTART '00001231T090000Z' is outside the years 1 to 9999",
            "ends-in-10000: it ends after the year 9999",
            "bad-override: RECURRENCE-ID '00000101T000000Z' is outside the years 1 to 9999",
        ]
    );
    assert!(
        parsed
            .notes
            .iter()
            .any(|n| n.contains("RDATE '00001231T090000Z' is outside")),
        "{:?}",
        parsed.notes
    );
    let (got, _) = between(&text, "2026-11-23", "2026-11-29");
    assert_eq!(
        got,
        [
            "Mon 2026-11-23 09:00 60 far-until",
            "Tue 2026-11-24 09:00 60 fine",
            "Wed 2026-11-25 09:00 60 far-until",
        ]
    );
    // Year 9999 is within chrono's range: read, and expanded to the end of the range.
    let (last, _) = between(&text, "9999-12-27", "9999-12-31");
    assert!(
        last.iter()
            .any(|r| r.starts_with("Thu 9999-12-30 09:00 60 year-9999")),
        "{last:?}"
    );
    assert!(
        last.iter()
            .any(|r| r.starts_with("Fri 9999-12-31 09:00 60 year-9999")),
        "{last:?}"
    );
    // Windows at the ends of chrono's range do not panic either.
    let mut notes = Vec::new();
    let _ = expand(
        &parsed,
        "t",
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        &mut notes,
    );
    let _ = expand(
        &parsed,
        "t",
        DateTime::<Utc>::MAX_UTC,
        DateTime::<Utc>::MIN_UTC,
        &mut notes,
    );
}

/// Zimbra: quoted TZIDs with made-up names (one with an escaped comma), EXRULE, X-
/// properties, folds inside parameter values and with tabs, a moved instance, a
/// cancelled series. Hand-computed for the week of 23 November 2026 (times in UTC).
#[test]
fn zimbra_export_with_exrule_and_quoted_zones() {
    let parsed = parse(&fixture("zimbra.ics"), Berlin).unwrap();
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let mut notes = parsed.notes.clone();
    let (from, to) = week_of("2026-11-23");
    let occ = expand(&parsed, "z", from, to, &mut notes);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        listing(&occ),
        [
            "Mon 08:30 15 Stand-up",
            "Tue 09:00 30 Alex / me",
            "Wed 08:00 15 Stand-up",
            "Thu 13:00 90 Budget review",
            "Thu 23:00 0 Offsite",
        ]
    );
    // Friday's stand-up is taken away by the fortnightly EXRULE (weeks of 9 and 23
    // November), so the week before keeps its Friday and the one before that does not.
    assert_eq!(minutes(&occ), 150);
    let before = occurrences("zimbra.ics", "2026-11-16");
    assert_eq!(
        listing(&before)
            .iter()
            .filter(|l| l.contains("Stand-up"))
            .collect::<Vec<_>>(),
        [
            "Mon 08:00 15 Stand-up",
            "Wed 08:00 15 Stand-up",
            "Fri 08:00 15 Stand-up"
        ]
    );
    let first = occurrences("zimbra.ics", "2026-11-09");
    assert_eq!(first.iter().filter(|o| o.title == "Stand-up").count(), 2);
    // The quoted TZID finds its VTIMEZONE, with summer time (not the fixed +01.00 its
    // name says): the last Thursday of June is at 12:00 UTC.
    let june = occurrences("zimbra.ics", "2026-06-22");
    assert_eq!(
        listing(&june)
            .iter()
            .filter(|l| l.contains("Budget"))
            .collect::<Vec<_>>(),
        ["Thu 12:00 90 Budget review"]
    );
    let one_on_one = occ.iter().find(|o| o.title == "Alex / me").unwrap();
    assert_eq!(one_on_one.attendees, 2);
    assert_eq!(
        one_on_one.description,
        "Career conversation: where do you want to be in a year?\nWhat blocks you today?"
    );
    assert_eq!(one_on_one.organizer, "Robin Manager");
}

/// Lotus Notes: a repeating meeting written as RDATE periods in UTC after a DTSTART in a
/// zone named "W. Europe", an EXDATE, each changed instance as its own VEVENT, X-LOTUS
/// properties, folds inside a property name and a quoted TZID (one with a tab), an
/// anniversary and a reminder with no end.
#[test]
fn lotus_notes_export_with_rdate_periods_and_odd_folding() {
    let parsed = parse(&fixture("lotus.ics"), Berlin).unwrap();
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let mut notes = parsed.notes.clone();
    let (from, to) = week_of("2026-11-23");
    let occ = expand(&parsed, "l", from, to, &mut notes);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        listing(&occ),
        [
            "Mon 13:00 60 Weekly Ops (moved)",
            "Tue 13:00 60 Hiring panel",
            "Tue 23:00 0 Sam's work anniversary",
            "Thu 07:00 0 Send payroll approval",
        ]
    );
    assert_eq!(minutes(&occ), 120);
    assert!(
        occ[1]
            .description
            .ends_with("stay-interview questions to the current team first.")
    );
    let ops = |monday: &str| {
        listing(&occurrences("lotus.ics", monday))
            .into_iter()
            .filter(|l| l.contains("Weekly Ops"))
            .collect::<Vec<_>>()
    };
    assert_eq!(ops("2026-11-02"), ["Mon 09:00 60 Weekly Ops"]);
    assert_eq!(ops("2026-11-09"), ["Mon 09:00 60 Weekly Ops"]);
    assert!(ops("2026-11-16").is_empty(), "the EXDATE takes it away");
    assert_eq!(ops("2026-11-30"), ["Mon 09:00 60 Weekly Ops"]);
    assert!(ops("2026-12-07").is_empty(), "the RDATE list ends");
    assert_eq!(parsed.recurring_count(), 2);
}

/// A file of concatenated invitations: the series in one VCALENDAR, a moved occurrence
/// in another, each with its own made-up zone. Before, the override's zone was looked up
/// among the first calendar's zones by its position in its own, and landed in the wrong
/// one (here three hours off).
#[test]
fn an_override_in_another_vcalendar_keeps_its_own_zone() {
    let zone = |name: &str, offset: &str| {
        format!(
            "BEGIN:VTIMEZONE\nTZID:{name}\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\nEND:STANDARD\nEND:VTIMEZONE\n"
        )
    };
    let text = format!(
        "{}{}",
        calendar(&format!(
            "{}BEGIN:VEVENT\nUID:inv\nSUMMARY:Vendor review\nDTSTART;TZID=Office:20261123T100000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=3\nEND:VEVENT\n",
            zone("Office", "+0100")
        )),
        calendar(&format!(
            "{}BEGIN:VEVENT\nUID:inv\nSUMMARY:Vendor review (from the Gulf)\nRECURRENCE-ID;TZID=Travel:20261130T120000\nDTSTART;TZID=Travel:20261130T150000\nDURATION:PT1H\nEND:VEVENT\n",
            zone("Travel", "+0300")
        )),
    );
    let (got, notes) = between(&text, "2026-11-23", "2026-12-13");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        got,
        [
            "Mon 2026-11-23 09:00 60 Vendor review",
            "Mon 2026-11-30 12:00 60 Vendor review (from the Gulf)",
            "Mon 2026-12-07 09:00 60 Vendor review",
        ]
    );
}

#[test]
fn a_series_the_caller_holds_is_counted_and_fingerprinted_without_being_read() {
    use super::events::parse_known;
    for name in [
        "google.ics",
        "outlook.ics",
        "apple.ics",
        "thunderbird.ics",
        "zimbra.ics",
        "lotus.ics",
        "messy.ics",
        "rules.ics",
    ] {
        let text = fixture(name);
        let read = parse(&text, Berlin).unwrap();
        // What an import of it stored: every series it read, by fingerprint.
        let stored: std::collections::HashMap<&str, u64> =
            read.series_fingerprints().into_iter().collect();
        let held =
            parse_known(&text, Berlin, &|uid, print| stored.get(uid) == Some(&print)).unwrap();
        let mut all = read.series_fingerprints();
        let mut known = held.series_fingerprints();
        all.sort();
        known.sort();
        assert_eq!(
            all, known,
            "{name}: the same series with the same fingerprints"
        );
        assert_eq!(read.series_count(), held.series_count(), "{name}");
        assert_eq!(read.recurring_count(), held.recurring_count(), "{name}");
        // Held series are not expanded again (those without a UID always are).
        let (from, to) = week_of("2020-01-06");
        let far = to + chrono::Duration::days(365 * 20);
        let anonymous = held
            .series_fingerprints()
            .iter()
            .filter(|(uid, _)| uid.starts_with("bearing-"))
            .count();
        let expanded = expand(
            &held,
            "c",
            from - chrono::Duration::days(365 * 10),
            far,
            &mut Vec::new(),
        );
        assert!(
            anonymous > 0 || expanded.is_empty(),
            "{name}: {} occurrences from series the caller holds",
            expanded.len()
        );
    }
}

#[test]
fn a_changed_event_changes_only_its_own_series_fingerprint() {
    let text = fixture("google.ics");
    let parsed = parse(&text, Berlin).unwrap();
    let before: std::collections::HashMap<&str, u64> =
        parsed.series_fingerprints().into_iter().collect();
    let mut first = true;
    let changed: String = text
        .lines()
        .map(|l| {
            if first && l.starts_with("SUMMARY:") {
                first = false;
                format!("{l} (renamed)\r\n")
            } else {
                format!("{l}\r\n")
            }
        })
        .collect();
    let reread = parse(&changed, Berlin).unwrap();
    let after = reread.series_fingerprints();
    let differ = after
        .iter()
        .filter(|(uid, p)| before.get(uid) != Some(p))
        .count();
    assert_eq!(differ, 1, "{after:?}");
    assert_eq!(after.len(), before.len());
}

/// An import writes each series as soon as it is expanded, so each UID must come whole
/// and once, even when a file of several VCALENDARs has it in two of them (here a
/// series, and in a second VCALENDAR one of its occurrences moved).
#[test]
fn an_import_gets_each_uid_once_and_whole_and_can_stop_the_expansion() {
    use super::events::expand_for_import_each;
    let event = |uid: &str, extra: &str, start: &str, title: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\n{extra}SUMMARY:{title}\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        )
    };
    let text = format!(
        "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\nBEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n",
        event(
            "a",
            "RRULE:FREQ=WEEKLY;COUNT=3\r\n",
            "20261102T090000Z",
            "A"
        ),
        event("b", "", "20261103T090000Z", "B"),
        event(
            "a",
            "RECURRENCE-ID:20261109T090000Z\r\n",
            "20261109T150000Z",
            "A moved"
        ),
    );
    let parsed = parse(&text, Berlin).unwrap();
    let window = (
        DateTime::from_timestamp(0, 0).unwrap(),
        DateTime::from_timestamp(1_900_000_000, 0).unwrap(),
    );
    let mut got = Vec::new();
    expand_for_import_each(&parsed, "t", window, None, &mut Vec::new(), &mut |s| {
        got.push(s);
        true
    });
    let uids: Vec<&str> = got.iter().map(|s| s.uid.as_str()).collect();
    assert_eq!(uids, ["a", "b"]);
    let a = &got[0];
    let titles: Vec<&str> = a.texts.iter().map(|t| t.title.as_str()).collect();
    assert!(
        titles.contains(&"A") && titles.contains(&"A moved"),
        "{titles:?}"
    );
    assert!(a.occurrences.len() >= 3, "{:?}", a.occurrences);
    // Asked to stop, it stops.
    let mut handed = 0;
    expand_for_import_each(&parsed, "t", window, None, &mut Vec::new(), &mut |_| {
        handed += 1;
        false
    });
    assert_eq!(handed, 1);
}
