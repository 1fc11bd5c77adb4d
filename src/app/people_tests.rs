//! The People ranking, on data made by hand (no journal): the pure part of
//! `people_summaries`.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::store::PersonRow;

fn person(id: i64, name: &str, mentions: i64) -> PersonRow {
    PersonRow {
        id,
        name: name.into(),
        mentions,
        aliases: Vec::new(),
        addresses: Vec::new(),
        report: false,
    }
}

fn seen(title: &str, attendees: u32, last: &str) -> crate::store::SeenText {
    crate::store::SeenText {
        title: title.into(),
        attendees,
        attendee_list: Vec::new(),
        last_start: DateTime::parse_from_rfc3339(last).unwrap().timestamp(),
    }
}

#[test]
fn the_quietest_without_a_check_in_come_first_and_calendar_people_appear_too() {
    let now = DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap();
    let reads = PeopleReads {
        people: vec![
            person(1, "Sam", 5),
            person(2, "Zoë", 1),
            person(3, "Lee", 9),
        ],
        conversations: Vec::new(),
        titles: vec![
            seen("1:1 Sam", 5, "2026-11-20T10:00:00+01:00"),
            seen("1:1 Priya", 5, "2026-10-01T10:00:00+02:00"),
            seen("Sync with Ana", 2, "2026-11-19T10:00:00+01:00"),
        ],
    };
    let ranked = rank_people(&reads, Berlin, now, 14);
    let names: Vec<&str> = ranked.iter().map(|p| p.name.as_str()).collect();
    // Zoë and Lee never checked in: the less mentioned first; Sam had a 1:1 two days ago.
    assert_eq!(names, ["Zoë", "Lee", "Sam"]);
    assert_eq!(
        ranked[2].last_one_on_one,
        NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    let met = calendar_only_people(&reads, &ranked, Berlin, now, 14);
    let met: Vec<(&str, bool, bool)> = met
        .iter()
        .map(|p| (p.name.as_str(), p.calendar_only, p.nudge))
        .collect();
    // "Sync with Ana" had two attendees but does not say 1:1: no name is read from it.
    assert_eq!(met, [("Priya", true, true)]);
}
