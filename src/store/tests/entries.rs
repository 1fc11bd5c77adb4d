//! Entries with their tags and people: saving, filtering, editing, weekly reviews,
//! journaling days, and journals from older bearings.

use super::*;

#[test]
fn entries_keep_tags_and_people_in_order_with_unicode_names() {
    let mut store = Store::open_in_memory().unwrap();
    let saved = store
        .insert_entry(
            &entry_at(
                "2026-11-22T18:05:00+09:00",
                "1:1 with @Zoë and @田中 about #growth #キャリア; @zoë agreed",
            ),
            None,
        )
        .unwrap();
    assert_eq!(saved.tags, ["growth", "キャリア"]);
    assert_eq!(saved.people, ["Zoë", "田中"]);
    assert_eq!(saved.day, day("2026-11-22"));
    assert_eq!(saved.at.to_rfc3339(), "2026-11-22T18:05:00+09:00");
    let by_person = |p: &str| {
        store
            .list_entries(&JournalFilter {
                person: Some(p.into()),
                ..Default::default()
            })
            .unwrap()
    };
    assert_eq!(by_person("ZOË").len(), 1);
    assert_eq!(by_person("@田中").len(), 1);
    assert_eq!(by_person("Sam").len(), 0);
}

#[test]
fn a_person_keeps_the_name_first_written() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_entry(&entry_at("2026-11-20T09:00:00Z", "met @Sam"), None)
        .unwrap();
    let later = store
        .insert_entry(&entry_at("2026-11-21T09:00:00Z", "then @sam again"), None)
        .unwrap();
    assert_eq!(later.people, ["Sam"]);
}

#[test]
fn filters_combine() {
    let mut store = Store::open_in_memory().unwrap();
    for (at, body) in [
        ("2026-11-20T09:00:00+01:00", "#growth with @Sam"),
        ("2026-11-21T09:00:00+01:00", "#growth with @Ana"),
        ("2026-11-22T09:00:00+01:00", "#budget with @Sam"),
        ("2026-11-23T09:00:00+01:00", "#growth with @Sam"),
    ] {
        store.insert_entry(&entry_at(at, body), None).unwrap();
    }
    let list = |f: JournalFilter| -> Vec<String> {
        store
            .list_entries(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.day.to_string())
            .collect()
    };
    assert_eq!(
        list(JournalFilter {
            tag: Some("#Growth".into()),
            person: Some("sam".into()),
            ..Default::default()
        }),
        ["2026-11-20", "2026-11-23"]
    );
    assert_eq!(
        list(JournalFilter {
            from: Some(day("2026-11-21")),
            to: Some(day("2026-11-22")),
            ..Default::default()
        }),
        ["2026-11-21", "2026-11-22"]
    );
    assert_eq!(
        list(JournalFilter {
            kind: Some(ItemKind::Entry(EntryKind::Note)),
            ..Default::default()
        }),
        Vec::<String>::new()
    );
}

#[test]
fn saving_an_entry_clears_its_draft_in_the_same_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    let draft = Draft {
        kind: EntryKind::Note,
        body: "half a thought".into(),
        saved_at: DateTime::parse_from_rfc3339("2026-11-22T09:00:00Z").unwrap(),
    };
    store.save_draft("today", &draft).unwrap();
    assert_eq!(store.draft("today").unwrap(), Some(draft.clone()));
    store
        .save_draft(
            "today",
            &Draft {
                body: "a whole thought".into(),
                ..draft
            },
        )
        .unwrap();
    assert_eq!(
        store.draft("today").unwrap().unwrap().body,
        "a whole thought"
    );
    store
        .insert_entry(
            &entry_at("2026-11-22T09:01:00Z", "a whole thought"),
            Some("today"),
        )
        .unwrap();
    assert_eq!(store.draft("today").unwrap(), None);
}

#[test]
fn an_oversized_entry_is_refused_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let huge = "x".repeat(crate::domain::entry::MAX_BODY_BYTES + 1);
    assert!(matches!(
        store.insert_entry(&entry_at("2026-11-22T09:00:00Z", &huge), None),
        Err(StoreError::BadData(_))
    ));
    assert_eq!(store.count_entries().unwrap(), 0);
}

#[test]
fn editing_an_entry_updates_its_tags_people_and_index() {
    let mut store = journal();
    let edited = store
        .update_entry_body(1, "Now about #hiring with @Lee")
        .unwrap();
    assert_eq!(edited.tags, ["hiring"]);
    assert_eq!(edited.people, ["Lee"]);
    assert!(super::entries_found(&store, "budget", 10).is_empty());
    assert_eq!(super::entries_found(&store, "hiring", 10).len(), 2);
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
    super::old_journal(
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
    assert_eq!(super::entries_found(&store, "old", 5).len(), 1);
    // The rebuilt table's triggers index new and edited text.
    store.update_entry_body(1, "renewed").unwrap();
    assert_eq!(super::entries_found(&store, "renewed", 5).len(), 1);
    // Foreign keys are on again: deleting the entry takes its tags along.
    store.delete_entry(1).unwrap();
    let left: i64 = store
        .conn
        .query_row("SELECT count(*) FROM entry_tags", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}
