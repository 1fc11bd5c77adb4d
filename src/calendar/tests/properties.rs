//! Whatever bytes arrive, the reader answers (a calendar or an error) and never
//! panics; what it accepts expands to well-formed occurrences.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

use super::{fixture, week_of};
use crate::calendar::expand::expand;
use crate::calendar::series::parse;

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
