//! Conversation use cases where two writers meet: an editor's save writes only what it
//! changed; commands never revert an editor's save.

use super::*;
use crate::domain::FixedClock;
use crate::store::Store;

const NOW: &str = "2026-11-22T09:30:00+01:00";

fn now() -> Now {
    Now::of(&FixedClock::at(NOW))
}

fn noted(j: &mut Journal) -> Conversation {
    add(
        j,
        now(),
        &NewConversation {
            person: "Sam".into(),
            topic: "Missed deadlines".into(),
            new_person: true,
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn an_editors_save_writes_only_the_fields_it_changed() {
    let mut j = Journal::new(Store::open_in_memory().unwrap());
    let base = noted(&mut j);
    let (held, _) = hold(&mut j, now(), base.id, None).unwrap();
    assert_eq!(held.version, base.version + 1);
    let mut mine = base.clone();
    mine.prep.situation = "Three sprints".into();
    let saved = save(&mut j, &base, &mine).unwrap();
    assert!(saved.conflicts.is_empty());
    let stored = get(&j, base.id).unwrap();
    assert_eq!(stored.status, Status::Held, "the hold stays");
    assert_eq!(stored.held_at, held.held_at);
    assert_eq!(stored.prep.situation, "Three sprints");
    assert_eq!(saved.conversation, stored);
}

#[test]
fn a_field_both_changed_keeps_both_texts_or_the_stored_value() {
    let mut j = Journal::new(Store::open_in_memory().unwrap());
    let base = noted(&mut j);
    let mut theirs = base.clone();
    theirs.topic = "Deadlines, again".into();
    theirs.prep.impact = "The team waits".into();
    save(&mut j, &base, &theirs).unwrap();
    let mut mine = base.clone();
    mine.topic = "Estimates".into();
    mine.prep.impact = "Customers wait".into();
    let saved = save(&mut j, &base, &mine).unwrap();
    let stored = get(&j, base.id).unwrap();
    assert_eq!(stored.topic, "Deadlines, again", "a topic is not merged");
    assert!(stored.prep.impact.starts_with("The team waits"));
    assert!(stored.prep.impact.ends_with("Customers wait"));
    assert!(stored.prep.impact.contains(merge::EDITED_IN_TWO_PLACES));
    assert_eq!(saved.conflicts, ["topic", "Impact"]);
}

#[test]
fn every_change_of_a_row_counts_one_more_version_whoever_writes_it() {
    let mut j = Journal::new(Store::open_in_memory().unwrap());
    let c = noted(&mut j);
    let v = c.version;
    // A merge of two people rewrites the conversation's person without naming the
    // version: the trigger counts it.
    let other = add(
        &mut j,
        now(),
        &NewConversation {
            person: "Samuel".into(),
            topic: "x".into(),
            new_person: true,
            ..Default::default()
        },
    )
    .unwrap();
    crate::app::people::merge(&mut j, "Sam", "Samuel").unwrap();
    assert_eq!(get(&j, c.id).unwrap().version, v + 1);
    assert_eq!(get(&j, other.id).unwrap().version, other.version);
}
