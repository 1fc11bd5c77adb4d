//! Searching the journal: what the index finds, how queries are read, ranking, passages
//! and filters.

use super::*;

#[test]
fn full_text_search_finds_words_and_prefixes() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_entry(
            &entry_at(
                "2026-11-20T09:00:00Z",
                "Explained the why behind the migration",
            ),
            None,
        )
        .unwrap();
    store
        .insert_entry(
            &entry_at(
                "2026-11-21T09:00:00Z",
                "Celebrated a small win with the team",
            ),
            None,
        )
        .unwrap();
    store
        .insert_entry(
            &entry_at("2026-11-22T09:00:00Z", "Naïve plan: réunion d'équipe"),
            None,
        )
        .unwrap();
    let found = |q: &str| -> Vec<i64> { entries_found(&store, q, 10) };
    assert_eq!(found("migration"), [1]);
    assert_eq!(found("celebr*"), [2]);
    assert_eq!(found("MIGRATION"), [1]);
    assert_eq!(found("\"small win\""), [2]);
    assert_eq!(found("\"win small\""), Vec::<i64>::new());
    assert_eq!(found("reunion"), [3], "diacritics are folded");
    let mut with_the = found("the");
    with_the.sort();
    assert_eq!(with_the, [1, 2]);
    assert_eq!(found("nothing-like-this"), Vec::<i64>::new());
    // FTS operators typed by a user are words, not syntax errors.
    assert!(
        store
            .search_journal(
                "AND OR NOT ( \" *",
                &JournalFilter::default(),
                10,
                SearchOptions::EVERY_MATCH
            )
            .is_ok()
    );
}

#[test]
fn fts_queries_are_always_well_formed() {
    let cases = [
        ("hello", Some("\"hello\"")),
        ("  two   words ", Some("\"two\" \"words\"")),
        ("pre*", Some("\"pre\"*")),
        ("\"a phrase\" x", Some("\"a phrase\" \"x\"")),
        ("\"unclosed phrase", Some("\"unclosed phrase\"")),
        ("say \"hi", Some("\"say\" \"hi\"")),
        ("AND", Some("\"AND\"")),
        ("*** ()", None),
        ("", None),
    ];
    for (input, want) in cases {
        assert_eq!(fts_query(input).as_deref(), want, "{input:?}");
    }
    // A term repeated is asked for once (300 × `t*` made a query fifteen seconds long),
    // and a pasted paragraph is searched by its first distinct terms.
    assert_eq!(fts_query(&"t* ".repeat(300)).as_deref(), Some("\"t\"*"));
    assert_eq!(
        fts_query("The the THE cat").as_deref(),
        Some("\"The\" \"cat\"")
    );
    let pasted: String = (0..1000).map(|i| format!("word{i} ")).collect();
    let query = fts_query(&pasted).unwrap();
    assert_eq!(
        query.split(' ').count(),
        crate::domain::history::MAX_SEARCH_TERMS
    );
    assert_eq!(
        crate::domain::history::search_terms(&pasted).len(),
        crate::domain::history::MAX_SEARCH_TERMS
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
    super::old_journal(
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

/// `bearing search` and the History screen rank and cut alike but for two choices each
/// keeps: equal matches oldest first against newest first, and FTS5's `[bracketed]`
/// passages against bearing's marked ones.
#[test]
fn the_two_search_options_order_ties_and_cut_passages_as_each_front_end_always_did() {
    let mut store = Store::open_in_memory().unwrap();
    for day in ["2026-11-20", "2026-11-21", "2026-11-22"] {
        add(
            &mut store,
            &format!("{day}T09:00:00+01:00"),
            EntryKind::Note,
            "Same words about the roadmap",
        );
    }
    let search = |options: SearchOptions, filter: &JournalFilter| {
        store
            .search_journal("roadmap", filter, 10, options)
            .unwrap()
            .unwrap()
    };
    let ids = |rows: &[HistoryRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    let every = search(SearchOptions::EVERY_MATCH, &JournalFilter::default());
    assert_eq!(
        ids(&every),
        [ItemId::Entry(1), ItemId::Entry(2), ItemId::Entry(3)]
    );
    assert_eq!(
        every[0].snippet.as_deref(),
        Some("Same words about the [roadmap]")
    );
    let typed = search(SearchOptions::AS_YOU_TYPE, &JournalFilter::default());
    assert_eq!(
        ids(&typed),
        [ItemId::Entry(3), ItemId::Entry(2), ItemId::Entry(1)]
    );
    assert_eq!(
        typed[0].snippet.as_deref(),
        Some(format!("Same words about the {MATCH_START}roadmap{MATCH_END}").as_str())
    );
    // Filtered, every match that passes is ranked, ties newest first; the passage is
    // still the one asked for.
    let notes = JournalFilter {
        kind: Some(ItemKind::Entry(EntryKind::Note)),
        ..Default::default()
    };
    let filtered = search(SearchOptions::EVERY_MATCH, &notes);
    assert_eq!(
        ids(&filtered),
        [ItemId::Entry(3), ItemId::Entry(2), ItemId::Entry(1)]
    );
    assert_eq!(
        filtered[0].snippet.as_deref(),
        Some("Same words about the [roadmap]")
    );
    assert_eq!(
        ids(&search(SearchOptions::AS_YOU_TYPE, &notes)),
        ids(&filtered)
    );
}

/// The one filter serves lists of entries too: asking for conversations lists none.
/// A filter nothing can pass finds nothing.
#[test]
fn a_filter_for_conversations_lists_no_entries() {
    let store = journal();
    let conversations = JournalFilter {
        kind: Some(ItemKind::Conversation),
        ..Default::default()
    };
    assert!(store.list_entries(&conversations).unwrap().is_empty());
    assert_eq!(store.history_count(&conversations).unwrap(), 2);
    let all = store.list_entries(&JournalFilter::default()).unwrap();
    assert_eq!(all.len(), 4);
    // Conversations have no tags: with one, nothing passes (and nothing fails).
    let tagged = JournalFilter {
        tag: Some("planning".into()),
        ..conversations
    };
    assert_eq!(store.history_count(&tagged).unwrap(), 0);
    let found = store
        .search_journal("missed", &tagged, 10, SearchOptions::AS_YOU_TYPE)
        .unwrap();
    assert_eq!(found, Some(Vec::new()));
}
