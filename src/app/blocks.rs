//! Leadership time blocks: plan one; change one occurrence (skip it, move it, record what
//! became of it); change or delete one occurrence, this and the following ones or the
//! whole series; list a week; export every block as iCalendar; and classify the imported
//! meetings the Week shows beside the blocks. Written once for `bearing block` and the
//! Week screen.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::audit::AuditSettings;
use super::{Error, Field, Journal, Now, Result};
use crate::calendar::export::blocks_to_ics;
use crate::domain::block::{
    Block, BlockError, BlockSpec, Exception, Mark, Occurrence, OccurrenceRef, Repeat, check_kept,
    moved_to,
};
use crate::domain::dates;
use crate::domain::event::{Category, EventOccurrence};
use crate::domain::week::day_window;

impl From<BlockError> for Error {
    fn from(e: BlockError) -> Error {
        let field = match e {
            BlockError::EmptyTitle | BlockError::LongTitle => Field::Title,
            BlockError::BadLength(_) | BlockError::NotANumber(_) => Field::Length,
            BlockError::NotAPart { .. } => Field::KeptMinutes,
            BlockError::BadWeekday(_) | BlockError::WeekdaysNeeded => Field::Weekdays,
            BlockError::BadInterval(_) => Field::Every,
            BlockError::UntilBeforeStart { .. } => Field::Until,
            BlockError::InDstGap { .. } | BlockError::BadRule(_) => Field::Start,
            BlockError::UnusualMove { .. } => Field::Confirm,
        };
        Error::refused(field, e)
    }
}

/// Checks a block's description and returns it tidied (see [`BlockSpec::validated`]),
/// its times read in the user's zone: what [`add`] and the edits do first, and what the
/// interface does before asking which occurrences an edit is for.
pub fn check(now: Now, spec: BlockSpec) -> Result<BlockSpec> {
    Ok(spec.validated(now.zone)?)
}

/// Plans the block `spec` describes, its times in the user's zone.
pub fn add(journal: &mut Journal, now: Now, spec: BlockSpec) -> Result<Block> {
    let spec = check(now, spec)?;
    Ok(journal.store_mut().insert_block(&spec, now.zone)?)
}

/// One block.
pub fn get(journal: &Journal, id: i64) -> Result<Block> {
    journal
        .store()
        .block(id)?
        .ok_or(Error::Missing { what: "block", id })
}

/// Every block occurrence overlapping the local days `from..=to`, in start order; one
/// ended by `now` and not marked counts as kept.
pub fn occurrences_between(
    journal: &Journal,
    now: Now,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Occurrence>> {
    Ok(super::audit::blocks_between(
        journal.store(),
        now.zone,
        from,
        to,
        now.at.to_utc(),
    )?)
}

/// A week of blocks, as the Week screen shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Week {
    /// The occurrences overlapping the week, in start order.
    pub occurrences: Vec<Occurrence>,
    /// How each block repeats, by block id.
    pub repeats: HashMap<i64, Repeat>,
}

/// The blocks of the seven days from `first`: their occurrences and how each repeats.
pub fn week(journal: &Journal, now: Now, first: NaiveDate) -> Result<Week> {
    let blocks = journal.store().list_blocks_with_exceptions()?;
    let last = first + Duration::days(6);
    Ok(Week {
        occurrences: crate::calendar::occurrences_between(
            &blocks,
            now.zone,
            first,
            last,
            now.at.to_utc(),
        ),
        repeats: blocks
            .iter()
            .map(|(b, _)| (b.id, b.repeat.clone()))
            .collect(),
    })
}

/// The imported meetings of the seven days from `first`, with their categories, as the
/// Week shows them beside the blocks (cancelled ones left out).
pub fn week_events(
    journal: &Journal,
    settings: &AuditSettings,
    now: Now,
    first: NaiveDate,
) -> Result<Vec<(EventOccurrence, Category)>> {
    let (from, to) = day_window(now.zone, first, first + Duration::days(6));
    Ok(super::audit::classified_events_between(
        journal.store(),
        settings,
        now.zone,
        from,
        to,
    )?)
}

/// The occurrence of block `id` scheduled on `day`: found by that day wherever it was
/// moved to.
pub fn occurrence_on(journal: &Journal, now: Now, id: i64, day: NaiveDate) -> Result<Occurrence> {
    let block = get(journal, id)?;
    let exceptions = journal.store().block_exceptions(id)?;
    crate::calendar::blocks::occurrence_scheduled_on(&block, &exceptions, day, now.at.to_utc())
        .ok_or_else(|| {
            Error::refused(
                Field::OccurrenceOn,
                format!(
                    "block {id} ({}, {}) has no occurrence on {day}",
                    block.title, block.repeat
                ),
            )
        })
}

/// Applies `change` to occurrence `at`, in one transaction.
fn change(
    journal: &mut Journal,
    at: OccurrenceRef,
    change: impl FnOnce(&mut Exception),
) -> Result<()> {
    journal
        .store_mut()
        .change_occurrence(at.block_id, at.original, change)?;
    Ok(())
}

/// Skips occurrence `at`, saying why when `reason` is not blank (none clears a reason
/// given before).
pub fn skip(journal: &mut Journal, at: OccurrenceRef, reason: Option<String>) -> Result<()> {
    let reason = reason.filter(|r| !r.trim().is_empty());
    change(journal, at, |e| {
        e.mark = Some(Mark::Skipped);
        e.reason = reason;
    })
}

/// Records what became of occurrence `at`: kept, partly kept (minutes shorter than the
/// block, refused otherwise) or skipped. A reason given before stays.
pub fn mark(journal: &mut Journal, at: OccurrenceRef, mark: Mark) -> Result<()> {
    if let Mark::PartlyKept(kept) = mark {
        check_kept(kept, get(journal, at.block_id)?.minutes)?;
    }
    change(journal, at, |e| e.mark = Some(mark))
}

/// Forgets what was recorded about occurrence `at`, its mark and reason: it stands as
/// planned (or kept, once past).
pub fn clear_mark(journal: &mut Journal, at: OccurrenceRef) -> Result<()> {
    change(journal, at, |e| {
        e.mark = None;
        e.reason = None;
    })
}

/// Moves occurrence `at` to start at `to`, wall clock in the user's zone. Moving it to
/// its own time undoes the move; a time the clocks skip for daylight saving is refused,
/// and a move far away or into the past is refused unless `confirmed`
/// ([`crate::domain::block::moved_to`]).
pub fn move_occurrence(
    journal: &mut Journal,
    now: Now,
    at: OccurrenceRef,
    to: NaiveDateTime,
    confirmed: bool,
) -> Result<()> {
    let moved = moved_to(crate::domain::block::Move {
        original: at.original,
        to,
        zone: now.zone,
        now: now.at.with_timezone(&now.zone).naive_local(),
        confirmed,
    })
    .map_err(|e| match e {
        BlockError::InDstGap { .. } => Error::refused(Field::MovedTo, e),
        e => Error::from(e),
    })?;
    change(journal, at, |e| e.moved_to = moved)
}

/// Deletes occurrence `at` alone: it no longer exists (a skipped one still shows).
pub fn delete_occurrence(journal: &mut Journal, at: OccurrenceRef) -> Result<()> {
    change(journal, at, |e| e.removed = true)
}

/// Deletes occurrence `at` and the following ones: the series ends the day before (and
/// is deleted when `at` is on its first day).
pub fn delete_following(journal: &mut Journal, at: OccurrenceRef) -> Result<()> {
    journal
        .store_mut()
        .delete_block(at.block_id, Some(at.original.date()))?;
    Ok(())
}

/// Deletes block `id`, every occurrence of it.
pub fn delete_series(journal: &mut Journal, id: i64) -> Result<()> {
    journal.store_mut().delete_block(id, None)?;
    Ok(())
}

/// Ends repeating block `id` before `day`, deleting its occurrences from that day on;
/// returns whether anything of it is left. A day that would delete all of it, and a
/// block that happens once, are refused: delete the block instead.
pub fn end_before(journal: &mut Journal, id: i64, day: NaiveDate) -> Result<bool> {
    let block = get(journal, id)?;
    let first = block.start.date();
    if day <= first {
        return Err(Error::refused(
            Field::DeleteFrom,
            format!(
                "block {id} starts on {}, so deleting from {day} on would remove all of it; to delete the block, run `bearing block rm {id}`",
                first.format(dates::DAY_YEAR),
            ),
        ));
    }
    if block.repeat == Repeat::Once {
        return Err(Error::refused(
            Field::DeleteFrom,
            format!(
                "block {id} happens once, on {}; to delete it, run `bearing block rm {id}`",
                first.format(dates::DAY_YEAR),
            ),
        ));
    }
    Ok(journal.store_mut().delete_block(id, Some(day))?)
}

/// Changes occurrence `at` and the following ones to `spec`: the series ends the day
/// before, and a new one follows `spec` (the whole series changes when `at` is on its
/// first day).
pub fn edit_following(
    journal: &mut Journal,
    now: Now,
    at: OccurrenceRef,
    spec: BlockSpec,
) -> Result<Block> {
    let spec = check(now, spec)?;
    Ok(journal
        .store_mut()
        .split_block(at.block_id, at.original.date(), &spec)?)
}

/// Changes the whole of block `id` to `spec`. A repeating block keeps its first week:
/// `spec`'s time of day, days and the rest apply to every occurrence.
pub fn edit_series(journal: &mut Journal, now: Now, id: i64, spec: BlockSpec) -> Result<Block> {
    let block = get(journal, id)?;
    let spec = if block.repeat == Repeat::Once {
        spec
    } else {
        BlockSpec {
            start: block.start.date().and_time(spec.start.time()),
            ..spec
        }
    };
    let spec = check(now, spec)?;
    Ok(journal.store_mut().update_block(id, &spec)?)
}

/// Every block as an iCalendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The file's text.
    pub ics: String,
    /// How many blocks it holds.
    pub blocks: usize,
}

/// Every block, with what became of its occurrences, as an iCalendar file to import into
/// a calendar.
pub fn export(journal: &Journal, now: Now) -> Result<Export> {
    let blocks = journal.store().list_blocks_with_exceptions()?;
    Ok(Export {
        ics: blocks_to_ics(&blocks, now.at.to_utc()),
        blocks: blocks.len(),
    })
}

/// Classifies imported meeting `uid` as `category`: one occurrence (by its key) or, with
/// `None`, the whole series (which forgets the choices made for its single occurrences).
pub fn classify_event(
    journal: &mut Journal,
    uid: &str,
    occurrence: Option<i64>,
    category: Category,
) -> Result<()> {
    let key = occurrence.unwrap_or(crate::domain::event::WHOLE_SERIES);
    journal.store_mut().set_classification(uid, key, category)?;
    Ok(())
}

#[cfg(test)]
#[path = "blocks_tests.rs"]
mod blocks_tests;
