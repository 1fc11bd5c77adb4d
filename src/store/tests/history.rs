//! Entries and conversations listed together, newest first, a page at a time, through
//! the one filter.

use super::*;

#[test]
fn history_lists_entries_and_conversations_newest_first_a_page_at_a_time() {
    let store = journal();
    let all = store
        .history_page(&JournalFilter::default(), None, false, 100)
        .unwrap();
    assert_eq!(
        titles(&all),
        [
            "Career path · with Ana",
            "Feedback for @Sam went well #feedback",
            "Missed deadlines · with Sam",
            "Delegated the release to @Ana",
            "Hiring #planning note",
            "Budget #planning with @Sam",
        ]
    );
    assert_eq!(all[0].id, ItemId::Conversation(2));
    assert_eq!(all[0].day, day("2026-11-21"));
    // Pages of two walk the same order, older then back newer, without gaps or repeats.
    let filter = JournalFilter::default();
    let first = store.history_page(&filter, None, false, 2).unwrap();
    let second = store
        .history_page(&filter, Some(first[1].cursor), false, 2)
        .unwrap();
    let third = store
        .history_page(&filter, Some(second[1].cursor), false, 2)
        .unwrap();
    let walked: Vec<&str> = [&first, &second, &third]
        .iter()
        .flat_map(|p| titles(p))
        .collect();
    assert_eq!(walked, titles(&all));
    let back = store
        .history_page(&filter, Some(third[0].cursor), true, 2)
        .unwrap();
    assert_eq!(titles(&back), titles(&second));
    assert!(
        store
            .history_page(&filter, Some(third[1].cursor), false, 2)
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.history_count(&filter).unwrap(), 6);
}

#[test]
fn history_filters_combine() {
    let store = journal();
    let list = |f: JournalFilter| -> (Vec<String>, i64) {
        let rows = store.history_page(&f, None, false, 100).unwrap();
        let count = store.history_count(&f).unwrap();
        (rows.into_iter().map(|r| r.day.to_string()).collect(), count)
    };
    // A person: their entries and their conversations.
    let (days, n) = list(JournalFilter {
        person: Some("@sam".into()),
        ..Default::default()
    });
    assert_eq!(days, ["2026-11-20", "2026-11-19", "2026-11-16"]);
    assert_eq!(n, 3);
    // Person and kind.
    let (days, _) = list(JournalFilter {
        person: Some("Sam".into()),
        kind: Some(ItemKind::Conversation),
        ..Default::default()
    });
    assert_eq!(days, ["2026-11-19"]);
    // A tag leaves conversations out; with a date range.
    let (days, n) = list(JournalFilter {
        tag: Some("#Planning".into()),
        from: Some(day("2026-11-17")),
        ..Default::default()
    });
    assert_eq!((days, n), (vec!["2026-11-17".to_string()], 1));
    // Kind and date range.
    let (days, _) = list(JournalFilter {
        kind: Some(ItemKind::Entry(EntryKind::Reflection)),
        from: Some(day("2026-11-17")),
        to: Some(day("2026-11-20")),
        ..Default::default()
    });
    assert_eq!(days, ["2026-11-20", "2026-11-18"]);
    // Only some days (on this day).
    let (days, _) = list(JournalFilter {
        days: vec![day("2026-11-16"), day("2026-11-21")],
        ..Default::default()
    });
    assert_eq!(days, ["2026-11-21", "2026-11-16"]);
    // Nothing matches.
    assert_eq!(
        list(JournalFilter {
            tag: Some("none".into()),
            ..Default::default()
        }),
        (vec![], 0)
    );
}

#[test]
fn deleting_removes_an_entry_or_conversation_from_history_and_search() {
    let mut store = journal();
    assert!(store.delete_entry(4).unwrap());
    assert!(!store.delete_entry(4).unwrap());
    assert!(store.delete_conversation(1).unwrap());
    assert_eq!(store.history_count(&JournalFilter::default()).unwrap(), 4);
    let hits = store
        .search_journal(
            "feedback missed",
            &JournalFilter::default(),
            10,
            SearchOptions::AS_YOU_TYPE,
        )
        .unwrap();
    assert_eq!(hits.map(|h| h.len()), Some(0));
    let sam = JournalFilter {
        person: Some("sam".into()),
        ..Default::default()
    };
    assert_eq!(store.history_count(&sam).unwrap(), 1);
}
