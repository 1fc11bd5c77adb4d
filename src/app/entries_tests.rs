//! The entry use cases on an in-memory journal, with their refusals.

use chrono::{DateTime, NaiveDate, Weekday};

use super::*;
use crate::domain::FixedClock;
use crate::store::Store;

const NOW: &str = "2026-11-22T09:30:00+01:00";

fn journal() -> Journal {
    Journal::new(Store::open_in_memory().unwrap())
}

fn now() -> Now {
    Now::of(&FixedClock::at(NOW))
}

fn at(s: &str) -> Option<DateTime<FixedOffset>> {
    Some(DateTime::parse_from_rfc3339(s).unwrap())
}

fn reflection(text: &str) -> NewReflection {
    NewReflection {
        kind: EntryKind::Reflection,
        at: None,
        text: text.into(),
    }
}

#[test]
fn an_entry_is_added_now_or_back_dated_with_its_tags_and_people() {
    let mut j = journal();
    let e = add(&mut j, now(), &reflection("Coached @Ana #growth\n\n"), None).unwrap();
    assert_eq!(e.body, "Coached @Ana #growth");
    assert_eq!(e.at, now().at);
    assert_eq!(
        (e.tags.as_slice(), e.people.as_slice()),
        (&["growth".to_string()][..], &["Ana".to_string()][..])
    );
    let back = NewReflection {
        kind: EntryKind::Note,
        at: at("2026-11-20T18:00:00+01:00"),
        text: "Budget talk".into(),
    };
    let e = add(&mut j, now(), &back, None).unwrap();
    assert_eq!(e.day, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    assert_eq!(e.kind, EntryKind::Note);
    let day = |d| on_day(&j, NaiveDate::from_ymd_opt(2026, 11, d).unwrap()).unwrap();
    assert_eq!(day(22).len(), 1);
    assert_eq!(day(20)[0].body, "Budget talk");
}

#[test]
fn an_empty_long_future_or_review_entry_is_refused_naming_its_field() {
    let mut j = journal();
    let cases = [
        (
            reflection(" \n "),
            Field::Text,
            "nothing to save: the text is empty",
        ),
        (
            reflection(&"x".repeat(entry::MAX_BODY_BYTES + 1)),
            Field::Text,
            "the text is too long: an entry holds at most 256 KB",
        ),
        (
            NewReflection {
                at: at("2026-11-22T09:32:00+01:00"),
                ..reflection("ahead")
            },
            Field::WrittenAt,
            "Sun 22 Nov 2026 09:32 is in the future; reflections can only be back-dated",
        ),
        (
            NewReflection {
                kind: EntryKind::Review,
                ..reflection("answers")
            },
            Field::Kind,
            "a weekly review is written for its week on the Review screen, not added as an entry",
        ),
    ];
    for (new, field, message) in cases {
        let e = add(&mut j, now(), &new, None).unwrap_err();
        assert_eq!(e.field(), Some(field), "{message}");
        assert_eq!(e.to_string(), message);
    }
    assert_eq!(j.store().count_entries().unwrap(), 0);
}

#[test]
fn adding_from_the_editor_clears_its_draft_and_blank_drafts_are_not_kept() {
    let mut j = journal();
    save_draft(&mut j, now(), "today", EntryKind::Note, "half a thought").unwrap();
    let kept = draft(&j, "today").unwrap().unwrap();
    assert_eq!(
        (kept.kind, kept.body.as_str()),
        (EntryKind::Note, "half a thought")
    );
    assert_eq!(kept.saved_at, now().at);
    add(&mut j, now(), &reflection("half a thought"), Some("today")).unwrap();
    assert_eq!(draft(&j, "today").unwrap(), None);
    save_draft(&mut j, now(), "today", EntryKind::Note, "again").unwrap();
    save_draft(&mut j, now(), "today", EntryKind::Note, "  \n").unwrap();
    assert_eq!(
        draft(&j, "today").unwrap(),
        None,
        "a blank draft clears the slot"
    );
    save_draft(
        &mut j,
        now(),
        "today-1",
        EntryKind::Reflection,
        "left by another",
    )
    .unwrap();
    assert_eq!(
        adopt_drafts(&mut j, "today", &["today-1".into()]).unwrap(),
        1
    );
    assert_eq!(draft(&j, "today").unwrap().unwrap().body, "left by another");
    clear_draft(&mut j, "today").unwrap();
    assert_eq!(draft(&j, "today").unwrap(), None);
    assert_eq!(journal_file(&j), None, "in memory");
}

#[test]
fn an_entry_is_edited_in_place_and_deleted() {
    let mut j = journal();
    let e = add(&mut j, now(), &reflection("Book the room."), None).unwrap();
    let Edit::Saved(edited) = edit_text(&mut j, &e, "Book the room. @Sam #offsite\n").unwrap()
    else {
        panic!("nobody else changed it")
    };
    assert_eq!(edited.body, "Book the room. @Sam #offsite");
    assert_eq!(edited.tags, ["offsite"]);
    assert_eq!(edited.version, e.version + 1);
    let e2 = edit_text(&mut j, &edited, &"x".repeat(entry::MAX_BODY_BYTES + 1)).unwrap_err();
    assert_eq!(e2.field(), Some(Field::Text));
    assert_eq!(
        on_day(&j, now().today()).unwrap()[0].body,
        "Book the room. @Sam #offsite"
    );
    delete(&mut j, ItemId::Entry(e.id)).unwrap();
    assert!(on_day(&j, now().today()).unwrap().is_empty());
}

#[test]
fn a_conversation_is_deleted_by_its_item_id() {
    let mut j = journal();
    let c = crate::app::conversations::add(
        &mut j,
        now(),
        &crate::app::conversations::NewConversation {
            person: "Sam".into(),
            topic: "Missed deadlines".into(),
            new_person: true,
            ..Default::default()
        },
    )
    .unwrap();
    delete(&mut j, ItemId::Conversation(c.id)).unwrap();
    assert!(crate::app::conversations::get(&j, c.id).is_err());
}

#[test]
fn last_weeks_review_is_missing_once_the_journal_is_older_than_this_week() {
    let mut j = journal();
    let today = now().today();
    let mon = Weekday::Mon;
    assert_eq!(
        crate::app::reviews::missing(&j, today, mon).unwrap(),
        None,
        "an empty journal"
    );
    let new = NewReflection {
        at: at("2026-11-16T09:00:00+01:00"),
        ..reflection("started this week")
    };
    add(&mut j, now(), &new, None).unwrap();
    assert_eq!(
        crate::app::reviews::missing(&j, today, mon).unwrap(),
        None,
        "started this week"
    );
    let older = NewReflection {
        at: at("2026-11-12T09:00:00+01:00"),
        ..reflection("started last week")
    };
    add(&mut j, now(), &older, None).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 11, 9).unwrap();
    assert_eq!(
        crate::app::reviews::missing(&j, today, mon).unwrap(),
        Some(last)
    );
    let written = DateTime::parse_from_rfc3339("2026-11-15T18:00:00+01:00").unwrap();
    j.store_mut().save_review(last, "answers", written).unwrap();
    assert_eq!(crate::app::reviews::missing(&j, today, mon).unwrap(), None);
}

#[test]
fn an_edit_over_a_text_changed_elsewhere_is_kept_as_a_marked_copy() {
    let mut j = journal();
    let loaded = add(&mut j, now(), &reflection("Plan"), None).unwrap();
    // Someone else (another window, a command) saves first.
    let theirs = match edit_text(&mut j, &loaded, "Plan, theirs").unwrap() {
        Edit::Saved(e) => e,
        other => panic!("{other:?}"),
    };
    let Edit::Copied { copy, original } = edit_text(&mut j, &loaded, "Plan, mine").unwrap() else {
        panic!("the other text would be overwritten")
    };
    assert_eq!(original, loaded.id);
    assert_eq!(get(&j, loaded.id).unwrap().unwrap().body, "Plan, theirs");
    assert!(
        copy.body.contains(merge::EDITED_IN_TWO_PLACES),
        "{}",
        copy.body
    );
    assert!(copy.body.ends_with("Plan, mine"), "{}", copy.body);
    assert_eq!((copy.kind, copy.at), (loaded.kind, loaded.at));
    // The same text saved twice is no conflict; a change of the version alone (the text
    // as loaded) is none either.
    assert!(matches!(
        edit_text(&mut j, &loaded, "Plan, theirs").unwrap(),
        Edit::Saved(_)
    ));
    let stale = Entry {
        version: theirs.version - 1,
        ..theirs.clone()
    };
    assert!(matches!(
        edit_text(&mut j, &stale, "Plan, theirs, more").unwrap(),
        Edit::Saved(e) if e.id == theirs.id
    ));
}

#[test]
fn an_edit_of_an_entry_deleted_elsewhere_is_kept_as_a_copy() {
    let mut j = journal();
    let loaded = add(&mut j, now(), &reflection("Plan"), None).unwrap();
    delete(&mut j, ItemId::Entry(loaded.id)).unwrap();
    let Edit::Copied { copy, .. } = edit_text(&mut j, &loaded, "Plan, mine").unwrap() else {
        panic!("the text would be lost")
    };
    assert!(copy.body.contains("was deleted elsewhere"), "{}", copy.body);
    assert_eq!(on_day(&j, now().today()).unwrap().len(), 1);
}
