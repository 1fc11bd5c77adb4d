//! The block use cases on an in-memory journal, with their refusals and the field each
//! names.

use chrono::{DateTime, NaiveDate, Weekday};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::domain::block::OccurrenceStatus;
use crate::store::Store;
use crate::testkit::blocks::{local, spec, weekly};

/// Sunday 22 November 2026, 09:40 in Berlin.
fn now() -> Now {
    Now {
        at: DateTime::parse_from_rfc3339("2026-11-22T09:40:00+01:00").unwrap(),
        zone: Berlin,
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A journal with weekly Vision work on Tuesdays from 24 November, 09:00 for two hours.
fn journal() -> (Journal, Block) {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    let block = add(
        &mut journal,
        now(),
        spec(
            "Vision work",
            "2026-11-24 09:00",
            120,
            weekly(&[Weekday::Tue]),
        ),
    )
    .unwrap();
    (journal, block)
}

fn at(block: &Block, original: &str) -> OccurrenceRef {
    OccurrenceRef {
        block_id: block.id,
        original: local(original),
    }
}

fn titles(journal: &Journal, first: &str) -> Vec<String> {
    week(journal, now(), day(first))
        .unwrap()
        .occurrences
        .iter()
        .map(|o| format!("{} {}", o.title, o.start.format("%a %d %H:%M")))
        .collect()
}

#[test]
fn a_block_is_checked_before_it_is_planned_and_a_refusal_names_its_field() {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    let until = |d: &str| Repeat::Weekly {
        days: vec![Weekday::Tue],
        every: 1,
        until: Some(day(d)),
    };
    for (spec, field, words) in [
        (
            spec(" ", "2026-11-24 09:00", 60, Repeat::Once),
            Field::Title,
            "needs a title",
        ),
        (
            spec("X", "2026-03-29 02:30", 60, Repeat::Once),
            Field::Start,
            "does not exist",
        ),
        (
            spec("X", "2026-11-24 09:00", 60, until("2026-11-01")),
            Field::Until,
            "before the block starts",
        ),
        (
            spec("X", "2026-11-24 09:00", 721, Repeat::Once),
            Field::Length,
            "5 minutes to 12 hours",
        ),
    ] {
        let e = add(&mut journal, now(), spec).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains(words), "{e}");
    }
    assert!(
        week(&journal, now(), day("2026-11-23"))
            .unwrap()
            .occurrences
            .is_empty()
    );
    // A weekly block starts on the first of its weekdays; the week says how it repeats.
    let block = add(
        &mut journal,
        now(),
        spec(" Vision ", "2026-11-22 09:00", 60, weekly(&[Weekday::Thu])),
    )
    .unwrap();
    assert_eq!(
        (block.title.as_str(), block.start),
        ("Vision", local("2026-11-26 09:00"))
    );
    let week = week(&journal, now(), day("2026-11-23")).unwrap();
    assert_eq!(week.repeats[&block.id], weekly(&[Weekday::Thu]));
}

#[test]
fn an_occurrence_is_found_by_its_scheduled_day_even_once_moved() {
    let (mut journal, block) = journal();
    move_occurrence(
        &mut journal,
        now(),
        at(&block, "2026-12-01 09:00"),
        local("2026-12-03 14:00"),
        false,
    )
    .unwrap();
    let o = occurrence_on(&journal, now(), block.id, day("2026-12-01")).unwrap();
    assert!(o.moved);
    assert_eq!(o.start.format("%a %d %H:%M").to_string(), "Thu 03 14:00");
    let none = occurrence_on(&journal, now(), block.id, day("2026-12-02")).unwrap_err();
    assert_eq!(none.field(), Some(Field::OccurrenceOn));
    assert_eq!(
        none.to_string(),
        "block 1 (Vision work, weekly on tue) has no occurrence on 2026-12-02"
    );
    let missing = occurrence_on(&journal, now(), 42, day("2026-12-01")).unwrap_err();
    assert_eq!(missing.to_string(), "there is no block 42");
    // Moving it back to its own time undoes the move; a time the clocks skip is refused.
    move_occurrence(
        &mut journal,
        now(),
        at(&block, "2026-12-01 09:00"),
        local("2026-12-01 09:00"),
        false,
    )
    .unwrap();
    assert!(
        !occurrence_on(&journal, now(), block.id, day("2026-12-01"))
            .unwrap()
            .moved
    );
    let gap = move_occurrence(
        &mut journal,
        now(),
        at(&block, "2026-12-01 09:00"),
        local("2027-03-28 02:30"),
        false,
    )
    .unwrap_err();
    assert_eq!(gap.field(), Some(Field::MovedTo), "{gap}");
}

#[test]
fn skip_mark_and_clear_one_occurrence() {
    let (mut journal, block) = journal();
    let tuesday = at(&block, "2026-11-24 09:00");
    let status = |journal: &Journal| {
        let o = occurrence_on(journal, now(), block.id, day("2026-11-24")).unwrap();
        (o.status, o.kept_minutes, o.reason)
    };
    skip(&mut journal, tuesday, Some("all-hands".into())).unwrap();
    assert_eq!(
        status(&journal),
        (OccurrenceStatus::Skipped, 0, Some("all-hands".into()))
    );
    // Marked after the fact, the reason stays; a blank reason is none.
    mark(&mut journal, tuesday, Mark::Kept).unwrap();
    assert_eq!(
        status(&journal),
        (OccurrenceStatus::Kept, 120, Some("all-hands".into()))
    );
    skip(&mut journal, tuesday, Some("  ".into())).unwrap();
    assert_eq!(status(&journal), (OccurrenceStatus::Skipped, 0, None));
    // Partly kept is a part of the block's two hours.
    let whole = mark(&mut journal, tuesday, Mark::PartlyKept(120)).unwrap_err();
    assert_eq!(whole.field(), Some(Field::KeptMinutes));
    assert!(
        whole.to_string().contains("not part of a 120-minute block"),
        "{whole}"
    );
    mark(&mut journal, tuesday, Mark::PartlyKept(45)).unwrap();
    assert_eq!(status(&journal), (OccurrenceStatus::PartlyKept, 45, None));
    skip(&mut journal, tuesday, Some("offsite".into())).unwrap();
    clear_mark(&mut journal, tuesday).unwrap();
    assert_eq!(status(&journal), (OccurrenceStatus::Planned, 0, None));
    let o = occurrence_on(&journal, now(), block.id, day("2026-11-24")).unwrap();
    assert!(o.is_ahead(now().at), "Tuesday is still ahead on Sunday");
}

#[test]
fn a_series_ends_before_a_day_that_leaves_some_of_it() {
    let (mut journal, block) = journal();
    for day_text in ["2026-11-24", "2026-11-20"] {
        let e = end_before(&mut journal, block.id, day(day_text)).unwrap_err();
        assert_eq!(e.field(), Some(Field::DeleteFrom));
        assert!(e.to_string().contains("run `bearing block rm 1`"), "{e}");
    }
    let once = add(
        &mut journal,
        now(),
        spec("Hiring plan", "2026-11-25 14:00", 90, Repeat::Once),
    )
    .unwrap();
    let e = end_before(&mut journal, once.id, day("2026-12-01")).unwrap_err();
    assert!(e.to_string().contains("happens once"), "{e}");
    assert!(matches!(
        end_before(&mut journal, 42, day("2026-12-01")),
        Err(Error::Missing { .. })
    ));
    assert!(end_before(&mut journal, block.id, day("2026-12-01")).unwrap());
    assert!(titles(&journal, "2026-11-30").is_empty());
    assert_eq!(titles(&journal, "2026-11-23").len(), 2);
}

#[test]
fn delete_one_occurrence_the_following_or_the_series() {
    let (mut journal, block) = journal();
    delete_occurrence(&mut journal, at(&block, "2026-12-01 09:00")).unwrap();
    assert!(titles(&journal, "2026-11-30").is_empty());
    assert_eq!(titles(&journal, "2026-12-07"), ["Vision work Tue 08 09:00"]);
    delete_following(&mut journal, at(&block, "2026-12-08 09:00")).unwrap();
    assert!(titles(&journal, "2026-12-07").is_empty());
    assert_eq!(titles(&journal, "2026-11-23"), ["Vision work Tue 24 09:00"]);
    delete_series(&mut journal, block.id).unwrap();
    assert!(titles(&journal, "2026-11-23").is_empty());
    assert!(matches!(
        get(&journal, block.id),
        Err(Error::Missing { .. })
    ));
}

#[test]
fn an_edit_changes_the_following_occurrences_or_the_whole_series_from_its_first_week() {
    let (mut journal, block) = journal();
    let new = edit_following(
        &mut journal,
        now(),
        at(&block, "2026-12-01 09:00"),
        spec(
            "Vision (new room)",
            "2026-12-01 10:00",
            120,
            weekly(&[Weekday::Tue]),
        ),
    )
    .unwrap();
    assert_ne!(new.id, block.id);
    assert_eq!(titles(&journal, "2026-11-23"), ["Vision work Tue 24 09:00"]);
    assert_eq!(
        titles(&journal, "2026-11-30"),
        ["Vision (new room) Tue 01 10:00"]
    );
    // The whole series keeps its first week, whatever day the edit started from.
    let all = edit_series(
        &mut journal,
        now(),
        new.id,
        spec("Vision", "2026-12-15 08:00", 60, weekly(&[Weekday::Tue])),
    )
    .unwrap();
    assert_eq!(all.start, local("2026-12-01 08:00"));
    let refused = edit_series(
        &mut journal,
        now(),
        new.id,
        spec("", "2026-12-15 08:00", 60, weekly(&[Weekday::Tue])),
    )
    .unwrap_err();
    assert_eq!(refused.field(), Some(Field::Title));
    // A one-off takes the day given.
    let once = add(
        &mut journal,
        now(),
        spec("Hiring plan", "2026-11-25 14:00", 90, Repeat::Once),
    )
    .unwrap();
    let moved = edit_series(
        &mut journal,
        now(),
        once.id,
        spec("Hiring plan", "2026-11-27 15:00", 90, Repeat::Once),
    )
    .unwrap();
    assert_eq!(moved.start, local("2026-11-27 15:00"));
}

#[test]
fn the_export_holds_every_block_and_an_event_is_classified_alone_or_with_its_series() {
    let (mut journal, _) = journal();
    let export = export(&journal, now()).unwrap();
    assert_eq!(export.blocks, 1);
    assert!(export.ics.contains("SUMMARY:Vision work"), "{}", export.ics);
    classify_event(&mut journal, "standup", Some(7), Category::Leading).unwrap();
    classify_event(&mut journal, "review", None, Category::Managing).unwrap();
    let chosen = journal.store().classifications().unwrap();
    assert_eq!(chosen[&("standup".to_string(), 7)], Category::Leading);
    assert_eq!(
        chosen[&("review".to_string(), crate::domain::event::WHOLE_SERIES)],
        Category::Managing
    );
}

#[test]
fn a_move_far_away_or_into_the_past_needs_confirming_and_is_found_by_its_day() {
    let (mut journal, block) = journal();
    let tuesday = at(&block, "2026-12-29 09:00");
    // A mistyped year: a year back, and into the past.
    let typo = move_occurrence(
        &mut journal,
        now(),
        tuesday,
        local("2025-12-29 08:00"),
        false,
    )
    .unwrap_err();
    assert_eq!(typo.field(), Some(Field::Confirm), "{typo}");
    assert_eq!(
        typo.to_string(),
        "moving it from Tue 29 Dec 2026 09:00 to Mon 29 Dec 2025 08:00 is 365 days earlier, into the past; a move of more than 28 days, or into the past, is made only when confirmed"
    );
    assert!(
        !occurrence_on(&journal, now(), block.id, day("2026-12-29"))
            .unwrap()
            .moved
    );
    // Into the past by an hour is asked too; four weeks later is not.
    let past = move_occurrence(
        &mut journal,
        now(),
        at(&block, "2026-11-24 09:00"),
        local("2026-11-22 08:00"),
        false,
    );
    assert_eq!(past.unwrap_err().field(), Some(Field::Confirm));
    move_occurrence(
        &mut journal,
        now(),
        tuesday,
        local("2027-01-26 09:00"),
        false,
    )
    .unwrap();
    // Confirmed, it moves; it is found by its scheduled day however far it went.
    move_occurrence(
        &mut journal,
        now(),
        tuesday,
        local("2025-12-29 08:00"),
        true,
    )
    .unwrap();
    let o = occurrence_on(&journal, now(), block.id, day("2026-12-29")).unwrap();
    assert!(o.moved);
    assert_eq!(o.start.naive_local(), local("2025-12-29 08:00"));
    assert!(occurrence_on(&journal, now(), block.id, day("2025-12-29")).is_err());
}
