//! Looking back: a typed filter checked once (with its refusals), the listing and search
//! through it, and History's windows, on in-memory journals.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::domain::EntryKind;
use crate::domain::NewEntry;
use crate::store::{NewConversation, Store};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn entry(at: &str, body: &str) -> NewEntry {
    NewEntry {
        kind: EntryKind::Reflection,
        at: DateTime::parse_from_rfc3339(at).unwrap(),
        body: body.into(),
    }
}

/// Three reflections and a conversation with Sam.
fn journal() -> Journal {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_entries(&[
            entry(
                "2026-10-22T09:00:00+02:00",
                "First skip-level with @Lee #growth",
            ),
            entry(
                "2026-11-16T09:00:00+01:00",
                "Budget planning with @Sam #planning",
            ),
            entry(
                "2026-11-20T17:30:00+01:00",
                "Feedback for @Sam about deadlines #feedback",
            ),
        ])
        .unwrap();
    store
        .insert_conversation(&NewConversation {
            person: "Sam",
            topic: "Missed deadlines",
            planned_at: Some(DateTime::parse_from_rfc3339("2026-11-19T10:00:00+01:00").unwrap()),
            stay_interview: false,
            event_uid: None,
        })
        .unwrap();
    Journal::new(store)
}

/// `n` reflections, one a day from 1 January 2026, `day I` each.
fn long_journal(n: i64) -> Journal {
    let start = day("2026-01-01");
    let entries: Vec<NewEntry> = (0..n)
        .map(|i| {
            let d = start + chrono::Duration::days(i);
            entry(&format!("{d}T09:00:00+01:00"), &format!("day {i}"))
        })
        .collect();
    let mut store = Store::open_in_memory().unwrap();
    store.insert_entries(&entries).unwrap();
    Journal::new(store)
}

fn refusal(typed: TypedFilter) -> (Option<Field>, String) {
    let e = check(&typed).unwrap_err();
    (e.field(), e.to_string())
}

#[test]
fn a_typed_filter_is_made_the_journals() {
    let filter = check(&TypedFilter {
        tag: Some(" #Growth ".into()),
        person: Some("@Sam".into()),
        kind: Some(ItemKind::Entry(EntryKind::Note)),
        from: Some(day("2026-11-01")),
        to: Some(day("2026-11-01")),
    })
    .unwrap();
    assert_eq!(filter.tag.as_deref(), Some("growth"));
    assert_eq!(filter.person.as_deref(), Some("Sam"));
    assert_eq!(filter.kind, Some(ItemKind::Entry(EntryKind::Note)));
    assert!(filter.days.is_empty());
    assert!(check(&TypedFilter::default()).unwrap().is_empty());
}

#[test]
fn each_bad_filter_is_refused_at_its_field() {
    let tag = |t: &str| TypedFilter {
        tag: Some(t.into()),
        ..TypedFilter::default()
    };
    let one_tag = (
        Some(Field::Tag),
        "a tag is one word, e.g. #growth".to_string(),
    );
    assert_eq!(refusal(tag("#")), one_tag);
    assert_eq!(refusal(tag("")), one_tag);
    assert_eq!(refusal(tag("two words")), one_tag);
    assert_eq!(
        refusal(TypedFilter {
            person: Some(" @ ".into()),
            ..TypedFilter::default()
        }),
        (
            Some(Field::Person),
            "a person needs a name, e.g. @Sam".to_string()
        )
    );
    assert_eq!(
        refusal(TypedFilter {
            from: Some(day("2026-11-20")),
            to: Some(day("2026-11-01")),
            ..TypedFilter::default()
        }),
        (
            Some(Field::To),
            "the first day, 2026-11-20, is after the last, 2026-11-01".to_string()
        )
    );
    assert_eq!(
        refusal(TypedFilter {
            tag: Some("growth".into()),
            kind: Some(ItemKind::Conversation),
            ..TypedFilter::default()
        }),
        (
            Some(Field::Tag),
            "conversations have no tags; clear the tag or the kind".to_string()
        )
    );
    // The first refusal found, in the order the fields are typed.
    let both = TypedFilter {
        tag: Some("#".into()),
        person: Some("@".into()),
        ..TypedFilter::default()
    };
    assert_eq!(refusal(both).0, Some(Field::Tag));
}

#[test]
fn the_listing_goes_through_the_check() {
    let journal = journal();
    let sam = TypedFilter {
        person: Some("@sam".into()),
        ..TypedFilter::default()
    };
    let bodies: Vec<String> = list_entries(&journal, &sam)
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    assert_eq!(
        bodies,
        [
            "Budget planning with @Sam #planning",
            "Feedback for @Sam about deadlines #feedback"
        ]
    );
    let refused = list_entries(
        &journal,
        &TypedFilter {
            tag: Some("a b".into()),
            ..TypedFilter::default()
        },
    );
    assert_eq!(refused.unwrap_err().field(), Some(Field::Tag));
    // Nobody by that name: nothing, not a refusal.
    let nobody = TypedFilter {
        person: Some("nobody".into()),
        ..TypedFilter::default()
    };
    assert!(list_entries(&journal, &nobody).unwrap().is_empty());
}

#[test]
fn a_search_finds_entries_and_conversations_and_counts_them() {
    let journal = journal();
    let filter = JournalFilter::default();
    let rows = search(
        &journal,
        "deadlines",
        &filter,
        10,
        SearchOptions::EVERY_MATCH,
    )
    .unwrap()
    .unwrap();
    let ids: Vec<ItemId> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&ItemId::Entry(3)) && ids.contains(&ItemId::Conversation(1)));
    assert_eq!(count_matches(&journal, "deadlines").unwrap(), Some(2));
    assert_eq!(
        search(&journal, "***", &filter, 10, SearchOptions::AS_YOU_TYPE).unwrap(),
        None,
        "nothing to search for"
    );
}

#[test]
fn windows_open_at_the_newest_the_oldest_or_a_day() {
    let journal = long_journal(250);
    let all = JournalFilter::default();
    let newest = newest(&journal, &all).unwrap();
    assert_eq!(newest.total, 250);
    assert_eq!(newest.rows.len(), PAGE);
    assert_eq!(newest.rows[0].title, "day 249");
    assert_eq!(newest.selected, Some(0));
    assert!(newest.has_older && !newest.has_newer);
    let oldest = oldest(&journal, &all).unwrap();
    assert_eq!(oldest.rows.last().unwrap().title, "day 0");
    assert_eq!(oldest.selected, Some(PAGE - 1));
    assert!(!oldest.has_older && oldest.has_newer);
    // Day 100 is 11 April 2026.
    let april = from_day(&journal, Berlin, &all, day("2026-04-11")).unwrap();
    assert_eq!(april.rows[0].title, "day 100");
    assert!(april.has_older && april.has_newer);
    // Before the journal began: the oldest page.
    let before = from_day(&journal, Berlin, &all, day("2020-01-01")).unwrap();
    assert_eq!(before, oldest);
    // The pages past either edge.
    let older = older(&journal, &all, newest.rows.last().map(|r| r.cursor)).unwrap();
    assert_eq!(older.rows[0].title, "day 149");
    assert!(older.more);
    let newer = newer(&journal, &all, april.rows.first().map(|r| r.cursor)).unwrap();
    assert_eq!(newer.rows.last().unwrap().title, "day 101");
    assert_eq!(newer.rows[0].title, "day 200");
    assert!(newer.more);
}

#[test]
fn a_window_read_again_keeps_its_top_and_selection() {
    let journal = long_journal(250);
    let all = JournalFilter::default();
    let april = from_day(&journal, Berlin, &all, day("2026-04-11")).unwrap();
    let again = reread(&journal, &all, april.rows.first().map(|r| r.cursor), 5).unwrap();
    assert_eq!(
        again.rows[0].title, "day 100",
        "the first row is read again"
    );
    assert_eq!(again.rows.len(), 101, "days 100 to 0");
    assert_eq!(again.selected, Some(5));
    assert!(!again.has_older && again.has_newer);
    let top = reread(&journal, &all, None, 3).unwrap();
    assert_eq!(top.rows.len(), 3 + PAGE);
    assert!(top.has_older && !top.has_newer);
}

#[test]
fn on_this_day_looks_back_to_the_same_day_of_earlier_months() {
    let journal = journal();
    let days = on_this_day(&journal, day("2026-11-22")).unwrap();
    assert_eq!(days, [day("2026-10-22")]);
    // Nothing to look back to: one impossible day, so the filter shows nothing.
    let empty = Journal::new(Store::open_in_memory().unwrap());
    assert_eq!(
        on_this_day(&empty, day("2026-11-22")).unwrap(),
        [NaiveDate::MIN]
    );
}

#[test]
fn journaling_counts_days_and_the_streak() {
    let journal = journal();
    let j = journaling(&journal, day("2026-11-21"), 53).unwrap();
    assert_eq!(j.streak, 1, "the 20th; the 21st is not over");
    assert_eq!(
        j.days,
        [
            (day("2026-10-22"), 1),
            (day("2026-11-16"), 1),
            (day("2026-11-20"), 1)
        ]
    );
}

#[test]
fn an_item_is_read_in_full_or_is_gone() {
    let journal = journal();
    match item(&journal, ItemId::Entry(1)).unwrap() {
        Some(Item::Entry(e)) => assert!(e.body.starts_with("First skip-level")),
        other => panic!("{other:?}"),
    }
    match item(&journal, ItemId::Conversation(1)).unwrap() {
        Some(Item::Conversation(c)) => assert_eq!(c.topic, "Missed deadlines"),
        other => panic!("{other:?}"),
    }
    assert_eq!(item(&journal, ItemId::Entry(99)).unwrap(), None);
}
