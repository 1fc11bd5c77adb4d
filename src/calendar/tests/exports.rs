//! Fixture files in the styles of real exports (Google, Outlook, Apple, Thunderbird,
//! Zimbra, Lotus Notes), with hours computed by hand.

use chrono_tz::Europe::Berlin;

use super::{fixture, listing, minutes, occurrences, week_of};
use crate::calendar::expand::expand;
use crate::calendar::series::parse;

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

/// khal: time zones under names that are not IANA names (`Europe_Berlin`,
/// `America_New_York`), each defined in the file by a list of its changes (RDATE, no
/// RRULE), and flights that start in one and end in the other. Before, the file's zones
/// were not there yet when an event's length was measured: both ends were read as UTC,
/// and the 09:30 Berlin to 10:30 New York flight lasted an hour instead of seven.
/// Hand-computed for the week of 23 November 2026 (CET +01:00, EST -05:00; UTC).
#[test]
fn khal_export_with_zones_defined_by_their_changes() {
    let parsed = parse(&fixture("khal.ics"), Berlin).unwrap();
    let mut notes = parsed.notes.clone();
    let (from, to) = week_of("2026-11-23");
    let occ = expand(&parsed, "k", from, to, &mut notes);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        listing(&occ),
        [
            "Tue 08:30 420 Flight to New York",
            "Wed 14:00 420 Site visit",
            "Thu 23:30 465 Flight home",
        ]
    );
    assert_eq!(minutes(&occ), 1305);
}
