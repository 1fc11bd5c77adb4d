//! The People ranking, on data made by hand (no journal): the pure part of
//! `people_summaries`; then the use cases on a journal, with their refusals.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::store::PersonRow;

fn person(id: i64, name: &str, mentions: i64) -> PersonRow {
    PersonRow {
        id,
        sid: format!("person:{}", crate::domain::person::key(name)),
        name: name.into(),
        mentions,
        aliases: Vec::new(),
        addresses: Vec::new(),
        report: false,
        archived: false,
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

/// The journal of these tests, now (Sunday 22 November 2026, 09:30 in Berlin), with
/// reflections mentioning @Sam and @Ana.
fn journal() -> (Journal, Now) {
    let mut store = Store::open_in_memory().unwrap();
    let at = DateTime::parse_from_rfc3339("2026-11-20T18:00:00+01:00").unwrap();
    for body in ["1:1 with @Sam", "Lunch with @Ana"] {
        let entry = crate::domain::NewEntry {
            kind: crate::domain::EntryKind::Reflection,
            at,
            body: body.into(),
        };
        store.insert_entry(&entry, None).unwrap();
    }
    let now = Now {
        at: DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap(),
        zone: Berlin,
    };
    (Journal::new(store), now)
}

/// The field a refusal names and its words.
fn refusal<T: std::fmt::Debug>(result: super::super::Result<T>) -> (Field, String) {
    match result {
        Err(Error::Refused { field, message }) => (field, message),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[test]
fn renaming_and_merging_are_refused_at_the_field_at_fault() {
    let (mut journal, _) = journal();
    let j = &mut journal;
    assert_eq!(
        refusal(rename(j, "Sam", " @ ")),
        (Field::NewName, "the new name is empty".into())
    );
    assert_eq!(refusal(rename(j, "Nobody", "Kim")).0, Field::Person);
    let (field, message) = refusal(rename(j, "Ana", "sam"));
    assert_eq!(field, Field::NewName);
    assert!(message.contains("merge the two"), "{message}");
    assert_eq!(rename(j, "Sam", " Samuel ").unwrap(), "Samuel");
    assert_eq!(
        refusal(merge(j, "Ana", "  ")),
        (Field::MergeInto, "the name to merge into is empty".into())
    );
    assert_eq!(refusal(merge(j, "Nobody", "Ana")).0, Field::Person);
    assert_eq!(refusal(merge(j, "Ana", "Nobody")).0, Field::MergeInto);
    let (field, message) = refusal(merge(j, "Samuel", "sam"));
    assert_eq!(field, Field::MergeInto);
    assert!(message.contains("already the same person"), "{message}");
    merge(j, "Ana", "Samuel").unwrap();
    let names: Vec<String> = j
        .store()
        .list_people()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Samuel"]);
}

#[test]
fn addresses_and_reports_add_people_once_and_refuse_what_is_not_theirs() {
    let (mut journal, _) = journal();
    let j = &mut journal;
    assert_eq!(
        refusal(link(j, "Lee", " ")),
        (Field::Address, "the address is empty".into())
    );
    assert_eq!(refusal(link(j, "Lee", "not an address")).0, Field::Address);
    assert!(!j.store().knows_person("Lee").unwrap(), "nobody is added");
    let linked = link(j, "Lee", "MAILTO:Lee@Example.com").unwrap();
    assert_eq!(
        linked,
        Linked {
            address: "lee@example.com".into(),
            person: "Lee".into(),
            added: true
        }
    );
    assert!(!link(j, "lee", "lee@example.com").unwrap().added);
    let (field, message) = refusal(link(j, "Kim", "lee@example.com"));
    assert_eq!(field, Field::Address);
    assert!(message.contains("Lee's address"), "{message}");
    assert!(!j.store().knows_person("Kim").unwrap(), "nobody is added");
    assert_eq!(
        refusal(unlink(j, "kim@example.com")),
        (
            Field::Address,
            "kim@example.com is not linked to anyone".into()
        )
    );
    unlink(j, "lee@example.com").unwrap();
    assert_eq!(refusal(set_report(j, "Nobody", false)).0, Field::Person);
    assert_eq!(
        refusal(set_report(j, "@", true)),
        (Field::Person, "a person needs a name".into())
    );
    let marked = set_report(j, "@zed", true).unwrap();
    assert_eq!(
        marked,
        Marked {
            person: "zed".into(),
            added: true
        }
    );
    assert!(!set_report(j, "sam", true).unwrap().added);
    assert_eq!(reports(j).unwrap(), ["Sam", "zed"]);
    set_report(j, "Zed", false).unwrap();
    assert_eq!(reports(j).unwrap(), ["Sam"]);
}

#[test]
fn the_screen_lists_people_the_calendar_knows_and_the_command_does_not() {
    let (mut journal, now) = journal();
    let ics = crate::testkit::Ics::new()
        .event(
            crate::testkit::Event::new("priya-1")
                .summary("1:1 Priya")
                .start("20261118T090000Z")
                .end("20261118T093000Z"),
        )
        .build();
    crate::app::calendars::import::import_as(
        journal.store_mut(),
        "work",
        "work.ics",
        &ics,
        Berlin,
        now.at.to_utc(),
    )
    .unwrap();
    set_report(&mut journal, "Sam", true).unwrap();
    let config = Config::default();
    let settings = AuditSettings::from_config_or_defaults(&config);
    let names = |people: &[PersonSummary]| -> Vec<String> {
        people.iter().map(|p| p.name.clone()).collect()
    };
    let listed = list(&journal, &settings, &config, now).unwrap();
    assert_eq!(names(&listed), ["Sam", "Ana"]);
    let overview = overview(&journal, &settings, &config, now).unwrap();
    assert_eq!(names(&overview.people), ["Sam", "Ana", "Priya"]);
    assert!(overview.people[2].calendar_only);
    assert_eq!(overview.reports, ["Sam"]);
    assert_eq!(overview.coverage.len(), 1);
    assert_eq!(overview.coverage[0].name, "Sam");
    // Someone met on the calendar only has an empty page.
    let page = page(&journal, now.today(), "Priya", 5).unwrap();
    assert!(page.agenda.is_empty() && page.conversations.is_empty());
    assert!(page.mentions.is_empty() && page.delegations.is_empty());
}
