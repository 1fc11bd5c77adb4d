//! Reading VEVENTs: leniently, each value checked, what cannot be read refused or left
//! out with a reason.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;

use super::{between, calendar, fixture, listing, minutes, week_of};
use crate::calendar::expand::expand;
use crate::calendar::series::parse;
use crate::calendar::values::parse_duration;

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

/// Zones defined in the file by yearly rules (as Outlook writes them, under names no
/// database knows) measure an event's length as they place its start: a night across
/// the autumn change lasts nine hours, and a call from one such zone to another as long
/// as it is. Before, the file's zones were not there yet when the length was measured,
/// and both ends were read as UTC (eight hours; one hour).
#[test]
fn lengths_are_measured_in_the_zones_the_file_defines() {
    let zone = |name: &str,
                (standard, to_standard): (&str, &str),
                (daylight, to_daylight): (&str, &str)| {
        format!(
            "BEGIN:VTIMEZONE\nTZID:{name}\nBEGIN:STANDARD\nDTSTART:16010101T030000\nTZOFFSETFROM:{daylight}\nTZOFFSETTO:{standard}\nRRULE:FREQ=YEARLY;{to_standard}\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:{standard}\nTZOFFSETTO:{daylight}\nRRULE:FREQ=YEARLY;{to_daylight}\nEND:DAYLIGHT\nEND:VTIMEZONE\n"
        )
    };
    let text = calendar(&format!(
        "{}{}BEGIN:VEVENT\nUID:night\nSUMMARY:Release night\nDTSTART;TZID=Office time:20261024T220000\nDTEND;TZID=Office time:20261025T060000\nEND:VEVENT\nBEGIN:VEVENT\nUID:call\nSUMMARY:Call to Boston\nDTSTART;TZID=Office time:20261117T150000\nDTEND;TZID=Boston time:20261117T100000\nEND:VEVENT\n",
        zone(
            "Office time",
            ("+0100", "BYDAY=-1SU;BYMONTH=10"),
            ("+0200", "BYDAY=-1SU;BYMONTH=3")
        ),
        zone(
            "Boston time",
            ("-0500", "BYDAY=1SU;BYMONTH=11"),
            ("-0400", "BYDAY=2SU;BYMONTH=3")
        ),
    ));
    let (got, notes) = between(&text, "2026-10-24", "2026-11-22");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        got,
        [
            "Sat 2026-10-24 20:00 540 Release night",
            "Tue 2026-11-17 14:00 60 Call to Boston",
        ]
    );
}
