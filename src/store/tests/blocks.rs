//! Store tests for blocks and occurrence changes.

use chrono::{NaiveDate, Weekday};
use chrono_tz::Europe::Berlin;

use super::{Store, StoreError};
use crate::domain::block::{BlockSpec, Mark, Repeat};
use crate::testkit::blocks::local;

fn vision() -> BlockSpec {
    BlockSpec {
        title: "Vision work".into(),
        intention: "Where the team goes next year".into(),
        start: local("2026-11-24 09:00"),
        minutes: 120,
        repeat: Repeat::Weekly {
            days: vec![Weekday::Tue],
            every: 1,
            until: None,
        },
    }
}

#[test]
fn blocks_round_trip_with_a_stable_uid() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.insert_block(&vision(), Berlin).unwrap();
    let b = store
        .insert_block(
            &BlockSpec {
                repeat: Repeat::Once,
                ..vision()
            },
            Berlin,
        )
        .unwrap();
    assert_ne!(a.uid, b.uid);
    assert!(a.uid.ends_with("@bearing") && a.uid.len() > 30, "{}", a.uid);
    assert_eq!(a.spec(), vision());
    assert_eq!(a.zone, Berlin);
    assert_eq!(store.list_blocks().unwrap(), [a.clone(), b]);
    let edited = store
        .update_block(
            a.id,
            &BlockSpec {
                title: "Strategy".into(),
                ..vision()
            },
        )
        .unwrap();
    assert_eq!(edited.uid, a.uid, "editing keeps the UID");
    assert_eq!(edited.sequence, a.sequence + 1);
}

#[test]
fn occurrence_changes_upsert_and_bump_the_sequence() {
    let mut store = Store::open_in_memory().unwrap();
    let block = store.insert_block(&vision(), Berlin).unwrap();
    let day = local("2026-12-01 09:00");
    store
        .change_occurrence(block.id, day, |e| {
            e.mark = Some(Mark::Skipped);
            e.reason = Some("all-hands".into());
        })
        .unwrap();
    store
        .change_occurrence(block.id, day, |e| {
            e.moved_to = Some(local("2026-12-02 14:00"))
        })
        .unwrap();
    let ex = store.block_exceptions(block.id).unwrap();
    assert_eq!(ex.len(), 1);
    assert_eq!(ex[0].mark, Some(Mark::Skipped));
    assert_eq!(ex[0].reason.as_deref(), Some("all-hands"));
    assert_eq!(ex[0].moved_to, Some(local("2026-12-02 14:00")));
    assert_eq!(store.block(block.id).unwrap().unwrap().sequence, 2);
    store
        .change_occurrence(block.id, local("2026-12-08 09:00"), |e| {
            e.mark = Some(Mark::PartlyKept(30))
        })
        .unwrap();
    let all = store.list_blocks_with_exceptions().unwrap();
    assert_eq!(all[0].1.len(), 2);
    assert_eq!(all[0].1[1].mark, Some(Mark::PartlyKept(30)));
    assert!(matches!(
        store.change_occurrence(99, day, |_| {}),
        Err(StoreError::NoSuchBlock(99))
    ));
}

#[test]
fn editing_the_schedule_drops_changes_that_no_longer_apply() {
    let mut store = Store::open_in_memory().unwrap();
    let block = store.insert_block(&vision(), Berlin).unwrap();
    store
        .change_occurrence(block.id, local("2026-12-01 09:00"), |e| {
            e.mark = Some(Mark::Skipped)
        })
        .unwrap();
    store
        .update_block(
            block.id,
            &BlockSpec {
                intention: "new why".into(),
                ..vision()
            },
        )
        .unwrap();
    assert_eq!(
        store.block_exceptions(block.id).unwrap().len(),
        1,
        "same schedule: kept"
    );
    store
        .update_block(
            block.id,
            &BlockSpec {
                start: local("2026-11-24 10:00"),
                ..vision()
            },
        )
        .unwrap();
    assert!(
        store.block_exceptions(block.id).unwrap().is_empty(),
        "new times: dropped"
    );
}

#[test]
fn a_series_splits_from_a_date_onwards() {
    let mut store = Store::open_in_memory().unwrap();
    let old = store.insert_block(&vision(), Berlin).unwrap();
    store
        .change_occurrence(old.id, local("2026-12-01 09:00"), |e| {
            e.mark = Some(Mark::Skipped)
        })
        .unwrap();
    store
        .change_occurrence(old.id, local("2026-12-15 09:00"), |e| {
            e.mark = Some(Mark::Skipped)
        })
        .unwrap();
    let from = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
    let new = store
        .split_block(
            old.id,
            from,
            &BlockSpec {
                title: "Vision (new room)".into(),
                start: local("2026-12-08 09:00"),
                ..vision()
            },
        )
        .unwrap();
    let old = store.block(old.id).unwrap().unwrap();
    assert_eq!(
        old.repeat,
        Repeat::Weekly {
            days: vec![Weekday::Tue],
            every: 1,
            until: NaiveDate::from_ymd_opt(2026, 12, 7)
        }
    );
    assert_ne!(new.uid, old.uid);
    assert_eq!(new.title, "Vision (new room)");
    // The skip before the split stays; the one after moves to the new series.
    assert_eq!(store.block_exceptions(old.id).unwrap().len(), 1);
    assert_eq!(
        store.block_exceptions(new.id).unwrap()[0].original,
        local("2026-12-15 09:00")
    );
}

#[test]
fn deleting_from_a_date_ends_the_series_and_before_its_start_deletes_it() {
    let mut store = Store::open_in_memory().unwrap();
    let block = store.insert_block(&vision(), Berlin).unwrap();
    let left = store
        .delete_block(block.id, NaiveDate::from_ymd_opt(2027, 1, 5))
        .unwrap();
    assert!(left);
    let b = store.block(block.id).unwrap().unwrap();
    assert!(
        matches!(b.repeat, Repeat::Weekly { until: Some(u), .. } if u == NaiveDate::from_ymd_opt(2027, 1, 4).unwrap())
    );
    assert!(
        !store
            .delete_block(block.id, NaiveDate::from_ymd_opt(2026, 11, 24))
            .unwrap()
    );
    assert_eq!(store.block(block.id).unwrap(), None);
    assert!(matches!(
        store.delete_block(block.id, None),
        Err(StoreError::NoSuchBlock(_))
    ));
}
