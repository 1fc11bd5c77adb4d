//! Expanding series into occurrences: repeat rules of every kind, RDATE, EXDATE, EXRULE
//! and overrides, and an import's series handed on whole.

use chrono::DateTime;
use chrono_tz::Europe::Berlin;

use super::{between, calendar, fixture, listing, minutes, occurrences, week_of};
use crate::calendar::expand::{expand, expand_for_import_each};
use crate::calendar::series::parse;

#[test]
fn endless_rules_expand_for_any_window_quickly() {
    let parsed = parse(&fixture("messy.ics"), Berlin).unwrap();
    let (from, to) = week_of("2036-06-02");
    let occ = expand(&parsed, "test", from, to, &mut Vec::new());
    assert_eq!(occ.iter().filter(|o| o.title == "Daily check").count(), 7);
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

/// An import writes each series as soon as it is expanded, so each UID must come whole
/// and once, even when a file of several VCALENDARs has it in two of them (here a
/// series, and in a second VCALENDAR one of its occurrences moved).
#[test]
fn an_import_gets_each_uid_once_and_whole_and_can_stop_the_expansion() {
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

/// Two test calendars of python-recurring-ical-events (3.8.2, LGPL-3.0-or-later;
/// `recurring_ical_events/test/calendars/`), copied unchanged into `tests/fixtures/`.
/// Where bearing's answer differs from that library's, RFC 5545 is followed, and the
/// test says which sentence.
///
/// `issue_75_range_parameter.ics`: an every-other-day series with RANGE=THISANDFUTURE
/// overrides. The instances an override moves are chosen by their RECURRENCE-ID, that
/// is their start before any move, and each moves by the override's own difference, one
/// override in a component of its own not moved by the others (3.8.4.4: "Subsequent
/// instances are determined by their RECURRENCE-ID value and not their current
/// scheduled start time"); both agree on all of it. They differ on the series' last
/// instance: its UNTIL is a DATE (20250920) though DTSTART is a UTC date-time, which
/// 3.3.10 forbids ("MUST have the same value type"). bearing reads such a date as
/// bounding "in an inclusive manner" (3.3.10), through the end of that day, so the 20
/// September 12:00 instance is in the series and moves to Sunday 21 September 14:22:
/// 4 occurrences, 7.4 h, in the week of 15 September 2025. The reference reads the date
/// as its first midnight: 3 occurrences, 5.55 h.
#[test]
fn this_and_future_overrides_move_the_instances_after_them_by_their_recurrence_id() {
    let text = fixture("issue_75_range_parameter.ics");
    let (got, notes) = between(&text, "2024-09-09", "2024-09-24");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        got,
        [
            "Mon 2024-09-09 12:00 120 ORIGINAL EVENT",
            "Wed 2024-09-11 12:00 120 ORIGINAL EVENT",
            // The THISANDFUTURE override itself: 3 hours earlier, 7 hours long.
            "Fri 2024-09-13 09:00 420 MODIFIED EVENT",
            // The RDATE after it moves with it.
            "Sat 2024-09-14 06:00 420 MODIFIED EVENT",
            // An override of its own is left as it is.
            "Sun 2024-09-15 17:00 120 MODIFIED EVENT",
            "Tue 2024-09-17 09:00 420 MODIFIED EVENT",
            "Thu 2024-09-19 09:00 420 MODIFIED EVENT",
            // The second THISANDFUTURE override (21 September) moves a day and 2:22 on.
            "Sun 2024-09-22 14:22 111 EDITED EVENT",
            "Tue 2024-09-24 14:22 111 EDITED EVENT",
        ]
    );
    let (last_week, _) = between(&text, "2025-09-15", "2025-09-21");
    assert_eq!(
        last_week,
        [
            "Mon 2025-09-15 14:22 111 EDITED EVENT",
            "Wed 2025-09-17 14:22 111 EDITED EVENT",
            "Fri 2025-09-19 14:22 111 EDITED EVENT",
            "Sun 2025-09-21 14:22 111 EDITED EVENT",
        ]
    );
    // Written as 3.3.10 asks, a UTC time, the UNTIL needs no reading: at 12:00 on the
    // 20th that instance is the last; at midnight, the one before it is.
    for (until, count) in [("20250920T120000Z", 4), ("20250920T000000Z", 3)] {
        let exact = text.replace("UNTIL=20250920", &format!("UNTIL={until}"));
        let (week, _) = between(&exact, "2025-09-15", "2025-09-21");
        assert_eq!(week.len(), count, "{until}: {week:?}");
    }
}

/// `multiple_rrule.ics` (see above): a DTSTART on a Thursday with two RRULEs, weekly on
/// Thursdays (COUNT=20) and monthly on second Mondays (COUNT=2). RFC 5545 calls a set of
/// several RRULEs undefined (3.8.5.3) and gathers "all of the start DATE-TIME values
/// generated by any of the specified RRULE and RDATE properties", duplicates counted
/// once; bearing unites the rules so. Each rule counts DTSTART as its first occurrence,
/// as 3.3.10 has it ("The DTSTART property value always counts as the first occurrence")
/// and as bearing does for a single rule: the monthly rule's two are 12 January and 13
/// February. 21 occurrences of 2 hours in 2023: 42 h. The reference, through
/// python-dateutil, counts DTSTART toward a rule only when the rule produces it
/// (dateutil documents that as its departure from the RFC), and adds 13 March: 44 h;
/// with the monthly rule alone it gives three occurrences for COUNT=2.
#[test]
fn several_rrules_are_united_each_counting_dtstart_as_its_first() {
    let text = fixture("multiple_rrule.ics");
    let (got, notes) = between(&text, "2023-01-01", "2023-12-31");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(got.len(), 21, "{got:?}");
    assert!(got.iter().all(|r| r.ends_with(" 120 My repeating event")));
    let mondays: Vec<&String> = got.iter().filter(|r| r.starts_with("Mon")).collect();
    assert_eq!(mondays, ["Mon 2023-02-13 10:00 120 My repeating event"]);
    assert_eq!(got[0], "Thu 2023-01-12 10:00 120 My repeating event");
    assert_eq!(got[20], "Thu 2023-05-25 09:00 120 My repeating event");
    // The monthly rule alone gives the same two: DTSTART and 13 February.
    let monthly = text.replace("RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=20\r\n", "");
    let (alone, _) = between(&monthly, "2023-01-01", "2023-12-31");
    assert_eq!(
        alone,
        [
            "Thu 2023-01-12 10:00 120 My repeating event",
            "Mon 2023-02-13 10:00 120 My repeating event"
        ]
    );
}
