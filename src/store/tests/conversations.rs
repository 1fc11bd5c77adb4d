//! Store tests for conversations, people, and the shared search index.

use chrono::DateTime;

use super::{ConversationFilter, NewConversation, Store, StoreError};
use crate::domain::conversation::Status;
use crate::domain::{EntryKind, NewEntry};

fn at(s: &str) -> Option<DateTime<chrono::FixedOffset>> {
    Some(DateTime::parse_from_rfc3339(s).unwrap())
}

fn note(store: &mut Store, body: &str) {
    let at = DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap();
    store
        .insert_entry(
            &NewEntry {
                kind: EntryKind::Reflection,
                at,
                body: body.into(),
            },
            None,
        )
        .unwrap();
}

#[test]
fn conversations_round_trip_and_create_their_person_once() {
    let mut store = Store::open_in_memory().unwrap();
    note(&mut store, "Worried about @sam lately");
    let c = store
        .insert_conversation(&NewConversation {
            person: "Sam",
            topic: " Missed deadlines ",
            planned_at: at("2026-11-24T10:00:00+01:00"),
            stay_interview: false,
            event_uid: None,
        })
        .unwrap();
    assert_eq!(
        (c.person.as_str(), c.topic.as_str(), c.status),
        ("sam", "Missed deadlines", Status::Planned)
    );
    assert_eq!(
        store.list_people().unwrap().len(),
        1,
        "@sam and Sam are one person"
    );
    let mut held = c.clone();
    held.status = Status::Held;
    held.held_at = at("2026-11-24T10:30:00+01:00");
    held.prep.behaviour = "Three releases slipped\nwithout a heads-up".into();
    held.outcome.agreed = "Weekly check-in on the estimate".into();
    held.followup_on = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
    store.update_conversation(&held).unwrap();
    held.version += 1; // one more with every change
    assert_eq!(store.conversation(c.id).unwrap().unwrap(), held);
    let filter = ConversationFilter {
        status: Some(Status::Held),
        person: Some("@SAM".into()),
    };
    assert_eq!(store.list_conversations(&filter).unwrap().len(), 1);
    assert!(
        store
            .list_conversations(&ConversationFilter {
                status: Some(Status::Closed),
                ..Default::default()
            })
            .unwrap()
            .is_empty()
    );
    let mut ghost = held;
    ghost.id = 99;
    assert!(matches!(
        store.update_conversation(&ghost),
        Err(StoreError::NoSuchConversation(99))
    ));
}

#[test]
fn one_search_finds_words_in_preparation_outcome_and_reflections() {
    let mut store = Store::open_in_memory().unwrap();
    note(
        &mut store,
        "The estimate conversation went better than feared",
    );
    let c = store
        .insert_conversation(&NewConversation {
            person: "Ana",
            topic: "Promotion case",
            planned_at: None,
            stay_interview: true,
            event_uid: None,
        })
        .unwrap();
    let mut c = store.conversation(c.id).unwrap().unwrap();
    c.prep.opening = "I want to talk about your growth".into();
    c.outcome.happened = "She asked for a stretch project".into();
    store.update_conversation(&c).unwrap();
    let found = |store: &Store, q: &str| {
        super::conversations_found(store, q, 10)
            .into_iter()
            .map(|id| store.conversation(id).unwrap().unwrap().topic)
            .collect::<Vec<_>>()
    };
    assert_eq!(found(&store, "growth"), ["Promotion case"]);
    assert_eq!(found(&store, "stretch"), ["Promotion case"]);
    assert_eq!(found(&store, "promot*"), ["Promotion case"]);
    assert!(
        found(&store, "estimate").is_empty(),
        "reflections are not conversations"
    );
    assert_eq!(super::entries_found(&store, "estimate", 10).len(), 1);
    assert!(
        super::entries_found(&store, "stretch", 10).is_empty(),
        "conversations are not entries"
    );
    // Edits keep the index in step.
    c.outcome.happened = "She declined".into();
    store.update_conversation(&c).unwrap();
    assert!(found(&store, "stretch").is_empty());
}

#[test]
fn people_rename_and_merge_with_their_mentions() {
    let mut store = Store::open_in_memory().unwrap();
    note(&mut store, "Good call with @Sam");
    note(&mut store, "@Samuel shipped it");
    note(&mut store, "@Sam and @Samuel, both on the same entry");
    store
        .insert_conversation(&NewConversation {
            person: "Samuel",
            topic: "Ownership",
            planned_at: None,
            stay_interview: false,
            event_uid: None,
        })
        .unwrap();
    store.rename_person("sam", "Sam Okafor").unwrap();
    assert!(
        store
            .list_people()
            .unwrap()
            .iter()
            .any(|p| p.name == "Sam Okafor" && p.mentions == 2)
    );
    assert!(matches!(
        store.rename_person("Sam Okafor", "samuel"),
        Err(StoreError::PersonExists(_))
    ));
    assert!(matches!(
        store.rename_person("nobody", "x"),
        Err(StoreError::NoSuchPerson(_))
    ));
    store.merge_people("Samuel", "Sam Okafor").unwrap();
    let people = store.list_people().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(
        (people[0].name.as_str(), people[0].mentions),
        ("Sam Okafor", 3)
    );
    assert_eq!(
        store
            .list_conversations(&ConversationFilter {
                person: Some("sam okafor".into()),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
    let entries = store
        .list_entries(&crate::store::JournalFilter {
            person: Some("Sam Okafor".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(entries.len(), 3);
}

#[test]
fn a_journal_from_an_older_bearing_upgrades_and_keeps_its_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        crate::store::migrations::MIGRATIONS
            .to_version(&mut conn, 3)
            .unwrap();
        conn.pragma_update(None, "application_id", super::APPLICATION_ID)
            .unwrap();
        conn.execute(
            "INSERT INTO entries (kind, at, at_utc, day, body) VALUES ('reflection', '2026-01-05T09:00:00+01:00', 0, '2026-01-05', 'An old thought about delegation')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        super::latest_schema_version()
    );
    assert_eq!(super::entries_found(&store, "delegation", 10).len(), 1);
}

#[test]
fn heads_and_day_queries_read_only_what_they_need() {
    let mut store = Store::open_in_memory().unwrap();
    let planned = |store: &mut Store, topic: &str, when: &str| {
        store
            .insert_conversation(&NewConversation {
                person: "Sam",
                topic,
                planned_at: at(when),
                stay_interview: false,
                event_uid: None,
            })
            .unwrap()
    };
    let mut held = planned(&mut store, "Held one", "2026-11-10T10:00:00+01:00");
    held.status = Status::Held;
    held.held_at = at("2026-11-10T10:30:00+01:00");
    held.followup_on = Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    held.prep.situation = "long preparation".into();
    store.update_conversation(&held).unwrap();
    planned(&mut store, "Today's", "2026-11-22T15:00:00+01:00");
    planned(&mut store, "Later", "2026-12-01T15:00:00+01:00");
    let mut heads = store.list_conversation_heads().unwrap();
    heads.sort_by_key(|c| c.id);
    assert_eq!(heads.len(), 3);
    assert_eq!(
        (heads[0].topic.as_str(), heads[0].status),
        ("Held one", Status::Held)
    );
    assert!(heads[0].prep.situation.is_empty(), "no free text in heads");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let topics = |list: Vec<crate::domain::conversation::Conversation>| -> Vec<String> {
        list.into_iter().map(|c| c.topic).collect()
    };
    // Today: planned today, and the follow-up that is late.
    assert_eq!(
        topics(store.conversations_around(day, day, day).unwrap()),
        ["Held one", "Today's"]
    );
    // A week long ago: held in it; its follow-up was not due yet then.
    let week = chrono::NaiveDate::from_ymd_opt(2026, 11, 9).unwrap();
    assert_eq!(
        topics(
            store
                .conversations_around(week, week + chrono::Duration::days(6), week)
                .unwrap()
        ),
        ["Held one"]
    );
}

#[test]
fn people_whose_names_differ_by_accents_are_merged_on_upgrade_and_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        crate::store::migrations::MIGRATIONS
            .to_version(&mut conn, 12)
            .unwrap();
        conn.pragma_update(None, "application_id", super::APPLICATION_ID)
            .unwrap();
        // Format 12 keyed names by case only: zoe and Zoë were two people, each with
        // their conversation, address and delegation.
        conn.execute_batch(
            "INSERT INTO people (id, name, key, report) VALUES (1, 'zoe', 'zoe', 0), (2, 'Zoë', 'zoë', 1), (3, 'Sam', 'sam', 0);
             INSERT INTO person_aliases (key, name, person_id) VALUES ('zoë b', 'Zoë B', 2);
             INSERT INTO person_addresses (address, person_id) VALUES ('zoe@x', 2);
             INSERT INTO conversations (id, person_id, topic, status, created_at, updated_at) VALUES (1, 1, 'Growth', 'planned', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z'), (2, 2, 'Ownership', 'planned', '2026-11-02T09:00:00Z', '2026-11-02T09:00:00Z');
             INSERT INTO delegations (person_id, task, done_looks_like, since) VALUES (2, 'Report', 'Sent', '2026-11-01');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let people = store.list_people().unwrap();
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Sam", "zoe"]);
    let zoe = people.iter().find(|p| p.name == "zoe").unwrap();
    assert!(zoe.report, "a report mark stays");
    assert_eq!(zoe.addresses, ["zoe@x"]);
    assert_eq!(store.person_ids_matching("@Zoë").unwrap(), [zoe.id]);
    assert_eq!(store.person_ids_matching("ZOË B").unwrap(), [zoe.id]);
    let theirs = store
        .list_conversations(&ConversationFilter {
            status: None,
            person: Some("Zoë".into()),
        })
        .unwrap();
    assert_eq!(theirs.len(), 2);
    assert_eq!(store.list_delegations(Some("zoe")).unwrap().len(), 1);
    let told = store.take_notices().unwrap();
    assert_eq!(
        told,
        [
            "People whose names differ only by accents or case are one person now: merged Zoë into zoe."
        ]
    );
    assert!(store.take_notices().unwrap().is_empty(), "told once");
}

#[test]
fn one_person_per_name_folded_for_case_and_accents() {
    let mut store = Store::open_in_memory().unwrap();
    for body in ["Coffee with @zoe", "@Zoë took the lead", "@ZOE again"] {
        store
            .insert_entry(
                &crate::domain::NewEntry {
                    kind: crate::domain::EntryKind::Reflection,
                    at: at("2026-11-20T09:00:00+01:00").unwrap(),
                    body: body.into(),
                },
                None,
            )
            .unwrap();
    }
    let people = store.list_people().unwrap();
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(people[0].mentions, 3);
}
