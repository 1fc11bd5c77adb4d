//! Delegations, agendas, a person's page and the day, through the use cases: their
//! refusals name the field at fault.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::config::Config;

/// Sunday 22 November 2026.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn now() -> Now {
    Now {
        at: DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap(),
        zone: Berlin,
    }
}

/// A journal with a reflection that gives Sam an agenda line.
fn journal() -> Journal {
    let mut store = Store::open_in_memory().unwrap();
    let entry = crate::domain::NewEntry {
        kind: crate::domain::EntryKind::Reflection,
        at: DateTime::parse_from_rfc3339("2026-11-20T18:00:00+01:00").unwrap(),
        body: "1:1 with @Sam.\nNext: agree on the on-call rota".into(),
    };
    store.insert_entry(&entry, None).unwrap();
    Journal::new(store)
}

/// The field a refusal names and its words.
fn refusal<T: std::fmt::Debug>(result: super::super::Result<T>) -> (Field, String) {
    match result {
        Err(Error::Refused { field, message }) => (field, message),
        other => panic!("not a refusal: {other:?}"),
    }
}

fn new(person: &str, task: &str, done: &str) -> NewDelegation {
    NewDelegation {
        person: person.into(),
        task: task.into(),
        done_looks_like: done.into(),
        ..Default::default()
    }
}

#[test]
fn a_delegation_is_refused_at_the_field_at_fault_and_stored_only_when_whole() {
    let mut journal = journal();
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d);
    for (new, field, words) in [
        (new(" @ ", "t", "d"), Field::Person, "say who it goes to"),
        (
            new("Sam", " ", "d"),
            Field::Task,
            "a delegation needs the task",
        ),
        (
            new("Sam", "t", ""),
            Field::DoneLooksLike,
            "say what done looks like: delegate the outcome, not the task",
        ),
        (
            NewDelegation {
                check_in: day(21),
                ..new("Sam", "t", "d")
            },
            Field::CheckIn,
            "the check-in (2026-11-21) is in the past; a check-in is ahead",
        ),
        (
            NewDelegation {
                check_in: day(30),
                due: day(25),
                ..new("Sam", "t", "d")
            },
            Field::CheckIn,
            "the check-in (2026-11-30) is after the due date (2026-11-25)",
        ),
    ] {
        assert_eq!(
            refusal(delegate(&mut journal, today(), &new)),
            (field, words.to_string())
        );
    }
    assert!(delegations(&journal, None).unwrap().is_empty());
    let d = delegate(
        &mut journal,
        today(),
        &NewDelegation {
            check_in: Some(today()),
            ..new("@sam", "Release notes", "Published on Thursdays")
        },
    )
    .unwrap();
    assert_eq!((d.person.as_str(), d.since), ("Sam", today()));
    assert_eq!(delegations(&journal, Some("SAM")).unwrap(), [d]);
}

#[test]
fn a_delegation_closes_once_and_an_unknown_one_is_missing() {
    let mut journal = journal();
    let d = delegate(&mut journal, today(), &new("Sam", "t", "d")).unwrap();
    let closed = close_delegation(&mut journal, today(), d.id, DelegationStatus::Done).unwrap();
    assert_eq!(closed.status, DelegationStatus::Done);
    assert_eq!(
        refusal(close_delegation(
            &mut journal,
            today(),
            d.id,
            DelegationStatus::Dropped
        )),
        (
            Field::Status,
            format!("delegation {} is already done", d.id)
        )
    );
    assert!(matches!(
        close_delegation(&mut journal, today(), 9, DelegationStatus::Done),
        Err(Error::Missing {
            what: "delegation",
            id: 9
        })
    ));
}

#[test]
fn an_agenda_item_is_discussed_once_and_nobody_has_no_agenda() {
    let mut journal = journal();
    let (who, items) = agenda(&journal, "@sam", today()).unwrap();
    assert_eq!(who, "Sam");
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["r1.1"]);
    assert_eq!(
        refusal(agenda(&journal, " Nobody ", today())),
        (
            Field::Person,
            "there is nobody called 'Nobody' in the journal".into()
        )
    );
    assert_eq!(
        refusal(mark_discussed(&mut journal, now(), None, "r9.9")),
        (
            Field::AgendaItem,
            "there is no open agenda item 'r9.9'".into()
        )
    );
    // On someone else's agenda it is not open.
    assert_eq!(
        refusal(mark_discussed(&mut journal, now(), Some("Ana"), "r1.1")).0,
        Field::AgendaItem
    );
    mark_discussed(&mut journal, now(), Some("Sam"), " r1.1 ").unwrap();
    assert!(agenda(&journal, "Sam", today()).unwrap().1.is_empty());
    assert_eq!(
        refusal(mark_discussed(&mut journal, now(), None, "r1.1")).0,
        Field::AgendaItem,
        "discussed once"
    );
}

#[test]
fn a_page_is_someones_and_the_day_of_a_quiet_journal_has_its_prompt() {
    let journal = journal();
    let config = Config::default();
    let settings = AuditSettings::from_config_or_defaults(&config);
    let page = person_page(&journal, &settings, &config, now(), "sam").unwrap();
    assert_eq!(page.name, "Sam");
    assert_eq!(page.agenda.len(), 1);
    assert_eq!(
        refusal(person_page(&journal, &settings, &config, now(), "Nobody")).0,
        Field::Person
    );
    let day = day(&journal, &settings, &config, now()).unwrap();
    assert!(!day.prompt.text.is_empty());
    assert!(day.meetings.is_empty() && day.agendas.is_empty());
    assert!(day.conversations.is_empty() && day.follow_ups.is_empty());
}
