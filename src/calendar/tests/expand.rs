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
