//! History queries, reviews, entry edits and the migration that added reviews.

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::domain::history::{ItemId, ItemKind};
use crate::domain::{EntryKind, NewEntry};

fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn add(store: &mut Store, when: &str, kind: EntryKind, body: &str) -> i64 {
    store
        .insert_entry(
            &NewEntry {
                kind,
                at: at(when),
                body: body.into(),
            },
            None,
        )
        .unwrap()
        .id
}

/// Four entries and two conversations over a week.
fn journal() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    add(
        &mut store,
        "2026-11-16T09:00:00+01:00",
        EntryKind::Reflection,
        "Budget #planning with @Sam",
    );
    add(
        &mut store,
        "2026-11-17T09:00:00+01:00",
        EntryKind::Note,
        "Hiring #planning note",
    );
    add(
        &mut store,
        "2026-11-18T09:00:00+01:00",
        EntryKind::Reflection,
        "Delegated the release to @Ana",
    );
    add(
        &mut store,
        "2026-11-20T18:00:00+01:00",
        EntryKind::Reflection,
        "Feedback for @Sam went well #feedback",
    );
    store
        .insert_conversation(&NewConversation {
            person: "Sam",
            topic: "Missed deadlines",
            planned_at: Some(at("2026-11-19T10:00:00+01:00")),
            stay_interview: false,
        })
        .unwrap();
    store
        .insert_conversation(&NewConversation {
            person: "Ana",
            topic: "Career path",
            planned_at: Some(at("2026-11-21T10:00:00+01:00")),
            stay_interview: true,
        })
        .unwrap();
    store
}

fn titles(rows: &[HistoryRow]) -> Vec<&str> {
    rows.iter().map(|r| r.title.as_str()).collect()
}

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
fn history_search_ranks_marks_and_filters() {
    let mut store = journal();
    add(
        &mut store,
        "2026-11-22T09:00:00+01:00",
        EntryKind::Note,
        "feedback feedback feedback: a feedback culture",
    );
    let search = |q: &str, f: &JournalFilter| -> Vec<HistoryRow> {
        store
            .search_journal(q, f, 50, SearchOptions::AS_YOU_TYPE)
            .unwrap()
            .unwrap_or_default()
    };
    let hits = search("feedback", &JournalFilter::default());
    assert_eq!(hits.len(), 2);
    assert!(
        hits[0].title.starts_with("feedback feedback"),
        "the denser match ranks first"
    );
    let snippet = hits[1].snippet.as_deref().unwrap();
    assert!(snippet.contains("\u{2}Feedback\u{3}"), "{snippet}");
    // Prefixes and phrases; conversations are found by their topic.
    assert_eq!(
        titles(&search("deleg*", &JournalFilter::default())),
        ["Delegated the release to @Ana"]
    );
    assert_eq!(
        titles(&search("\"career path\"", &JournalFilter::default())),
        ["Career path · with Ana"]
    );
    assert!(search("\"path career\"", &JournalFilter::default()).is_empty());
    // Filters narrow a search.
    let notes = JournalFilter {
        kind: Some(ItemKind::Entry(EntryKind::Note)),
        ..Default::default()
    };
    assert_eq!(search("feedback", &notes).len(), 1);
    let sam_convos = JournalFilter {
        person: Some("sam".into()),
        kind: Some(ItemKind::Conversation),
        ..Default::default()
    };
    assert_eq!(
        titles(&search("missed", &sam_convos)),
        ["Missed deadlines · with Sam"]
    );
    // Operators and punctuation are words, never an FTS syntax error.
    assert!(
        store
            .search_journal(
                "AND ( \" * NEAR",
                &JournalFilter::default(),
                10,
                SearchOptions::AS_YOU_TYPE,
            )
            .is_ok()
    );
    assert!(
        store
            .search_journal(
                "  ",
                &JournalFilter::default(),
                10,
                SearchOptions::AS_YOU_TYPE
            )
            .unwrap()
            .is_none()
    );
}

#[test]
fn editing_an_entry_updates_its_tags_people_and_index() {
    let mut store = journal();
    let edited = store
        .update_entry_body(1, "Now about #hiring with @Lee")
        .unwrap();
    assert_eq!(edited.tags, ["hiring"]);
    assert_eq!(edited.people, ["Lee"]);
    assert!(super::tests::entries_found(&store, "budget", 10).is_empty());
    assert_eq!(super::tests::entries_found(&store, "hiring", 10).len(), 2);
    let planning = JournalFilter {
        tag: Some("planning".into()),
        ..Default::default()
    };
    assert_eq!(store.history_count(&planning).unwrap(), 1);
    // Too much text is refused and nothing changes.
    let huge = "x".repeat(crate::domain::entry::MAX_BODY_BYTES + 1);
    assert!(store.update_entry_body(1, &huge).is_err());
    assert_eq!(
        store.entry(1).unwrap().unwrap().body,
        "Now about #hiring with @Lee"
    );
    assert!(store.update_entry_body(99, "x").is_err());
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

#[test]
fn a_weekly_review_is_one_entry_per_week_and_found_by_search() {
    let mut store = journal();
    let week = day("2026-11-16");
    assert!(store.review_for(week).unwrap().is_none());
    let first = store
        .save_review(
            week,
            "Weekly review\n## Who needs a check-in?\n@Lee about #growth",
            at("2026-11-22T17:00:00+01:00"),
        )
        .unwrap();
    assert_eq!(first.kind, EntryKind::Review);
    let again = store
        .save_review(
            week,
            "Weekly review\n## Who needs a check-in?\n@Lee and @Ana, #growth",
            at("2026-11-23T08:00:00+01:00"),
        )
        .unwrap();
    assert_eq!(
        again.id, first.id,
        "saving again replaces the week's review"
    );
    assert_eq!(again.at, first.at);
    assert_eq!(again.people, ["Lee", "Ana"]);
    assert_eq!(store.review_for(week).unwrap().unwrap().id, first.id);
    let hits = store
        .search_journal(
            "growth",
            &JournalFilter::default(),
            10,
            SearchOptions::EVERY_MATCH,
        )
        .unwrap()
        .unwrap();
    assert_eq!((hits.len(), hits[0].kind.as_str()), (1, "review"));
    let reviews = JournalFilter {
        kind: Some(ItemKind::Entry(EntryKind::Review)),
        ..Default::default()
    };
    assert_eq!(store.history_count(&reviews).unwrap(), 1);
    // A review cannot be slipped in as a plain entry without its week.
    let plain = NewEntry {
        kind: EntryKind::Review,
        at: at("2026-11-22T17:00:00+01:00"),
        body: "x".into(),
    };
    assert!(store.insert_entry(&plain, None).is_err());
}

#[test]
fn journaling_days_streak_and_first_day() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.streak(day("2026-11-22")).unwrap(), 0);
    assert_eq!(store.first_entry_day().unwrap(), None);
    for when in [
        "2026-11-10T09:00:00+01:00",
        "2026-11-19T09:00:00+01:00",
        "2026-11-20T09:00:00+01:00",
        "2026-11-20T19:00:00+01:00",
        "2026-11-21T09:00:00+01:00",
    ] {
        add(&mut store, when, EntryKind::Reflection, "x");
    }
    assert_eq!(store.streak(day("2026-11-21")).unwrap(), 3);
    assert_eq!(
        store.streak(day("2026-11-22")).unwrap(),
        3,
        "yesterday counts"
    );
    assert_eq!(store.streak(day("2026-11-23")).unwrap(), 0);
    assert_eq!(store.streak(day("2026-11-10")).unwrap(), 1);
    assert_eq!(
        store
            .entry_counts_by_day(day("2026-11-15"), day("2026-11-21"))
            .unwrap(),
        [
            (day("2026-11-19"), 1),
            (day("2026-11-20"), 2),
            (day("2026-11-21"), 1)
        ]
    );
    assert_eq!(store.first_entry_day().unwrap(), Some(day("2026-11-10")));
}

#[test]
fn a_version_4_journal_upgrades_without_losing_tags_people_or_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    super::tests::old_journal(
        &path,
        4,
        "INSERT INTO entries (kind, at, at_utc, day, body)
                 VALUES ('note', '2026-01-05T09:00:00+01:00', 1767600000, '2026-01-05', 'old #kept with @Sam');
             INSERT INTO tags (name) VALUES ('kept');
             INSERT INTO people (name, key) VALUES ('Sam', 'sam');
             INSERT INTO entry_tags VALUES (1, 1, 0);
             INSERT INTO entry_people VALUES (1, 1, 0);",
    );
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    let e = store.entry(1).unwrap().unwrap();
    assert_eq!(
        (e.tags, e.people),
        (vec!["kept".to_string()], vec!["Sam".to_string()])
    );
    assert_eq!(super::tests::entries_found(&store, "old", 5).len(), 1);
    // The rebuilt table's triggers index new and edited text.
    store.update_entry_body(1, "renewed").unwrap();
    assert_eq!(super::tests::entries_found(&store, "renewed", 5).len(), 1);
    // Foreign keys are on again: deleting the entry takes its tags along.
    store.delete_entry(1).unwrap();
    let left: i64 = store
        .conn
        .query_row("SELECT count(*) FROM entry_tags", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_review_is_found_by_its_answers_not_by_the_questions_bearing_wrote() {
    use crate::domain::review::{QUESTIONS, compose};
    let mut store = journal();
    let week = day("2026-11-16");
    let answers = vec![
        "Two offsites".to_string(),
        "Delegate the status report".to_string(),
        "Tuesday vision block".to_string(),
        "@Lee".to_string(),
    ];
    store
        .save_review(
            week,
            &compose(week, &answers),
            at("2026-11-22T17:00:00+01:00"),
        )
        .unwrap();
    // Every question's words, and the title's, match nothing: they are in every review.
    for words in ["protect", "moved split", "needs check", "weekly", "drop"] {
        let hits = store
            .search_journal(
                words,
                &JournalFilter::default(),
                10,
                SearchOptions::EVERY_MATCH,
            )
            .unwrap()
            .unwrap();
        assert!(hits.is_empty(), "{words:?} matched {hits:?}");
    }
    assert!(QUESTIONS.iter().any(|q| q.contains("protect")));
    for words in ["offsites", "status report", "vision"] {
        assert_eq!(
            store
                .search_journal(
                    words,
                    &JournalFilter::default(),
                    10,
                    SearchOptions::EVERY_MATCH
                )
                .unwrap()
                .unwrap()
                .len(),
            1,
            "{words}"
        );
    }
}

#[test]
fn a_version_6_journal_reindexes_its_reviews_without_the_questions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    super::tests::old_journal(
        &path,
        6,
        "INSERT INTO entries (kind, at, at_utc, day, body, week)
                 VALUES ('review', '2026-11-22T17:00:00+01:00', 1795363200, '2026-11-22',
                 'Weekly review, week of Mon 16 Nov 2026

Which block will you protect next week?
Tuesday vision', '2026-11-16');
             INSERT INTO people (name, key) VALUES ('Lee', 'lee');
             INSERT INTO conversations (person_id, topic, situation) VALUES (1, 'Handover', 'ask @Priya');",
    );
    let store = Store::open(&path).unwrap();
    assert!(
        store
            .search_journal(
                "protect",
                &JournalFilter::default(),
                5,
                SearchOptions::EVERY_MATCH
            )
            .unwrap()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .search_journal(
                "vision",
                &JournalFilter::default(),
                5,
                SearchOptions::EVERY_MATCH
            )
            .unwrap()
            .unwrap()
            .len(),
        1
    );
    // Mentions written in conversations before the upgrade are counted too.
    let people = store.list_people().unwrap();
    let priya = people.iter().find(|p| p.name == "Priya").unwrap();
    assert_eq!(priya.mentions, 1);
}
