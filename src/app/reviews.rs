//! The weekly review: which week to review, its saved answers, saving them as the week's
//! review entry, what the week held (the Review screen's summary), and whether last
//! week's review is still to write.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Weekday};

use super::audit::AuditSettings;
use super::coaching::ReportCoverage;
use super::{Error, Journal, Now, Result};
use crate::audit::AuditReport;
use crate::domain::block::Occurrence;
use crate::domain::coaching::{Delegation, DelegationStatus};
use crate::domain::conversation::{Conversation, Status};
use crate::domain::merge;
use crate::domain::review::{self, QUESTIONS};
use crate::domain::week::week_start;
use crate::domain::{Entry, EntryKind};
use crate::store::{JournalFilter, StoreError};

/// Weeks of leading share shown as the trend, the reviewed week last.
const TREND_WEEKS: i64 = 4;

/// The week a review is written for on `today`: late in the week, this week; early in
/// the week, the one that just ended.
pub fn default_week(today: NaiveDate, first: Weekday) -> NaiveDate {
    let this = week_start(today, first);
    if (today - this).num_days() >= 4 {
        this
    } else {
        this - Duration::days(7)
    }
}

/// Last week (its first day), when its review is missing and worth a reminder on
/// `today`: the journal had entries before this week began and no review covers the
/// week before.
pub fn missing(journal: &Journal, today: NaiveDate, first: Weekday) -> Result<Option<NaiveDate>> {
    Ok(missing_in(journal.store(), today, first)?)
}

/// [`missing`], for the use cases that hold the store (the day's coaching).
pub(crate) fn missing_in(
    store: &crate::store::Store,
    today: NaiveDate,
    first: Weekday,
) -> std::result::Result<Option<NaiveDate>, crate::store::StoreError> {
    let this = week_start(today, first);
    let last = this - Duration::days(7);
    let started = store.first_entry_day()?;
    let missing = started.is_some_and(|d| d < this) && store.review_for(last)?.is_none();
    Ok(missing.then_some(last))
}

/// A week's review as saved: its entry, if written, and its answers (blank when not).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// The review entry's id, once written.
    pub entry_id: Option<i64>,
    /// The review entry's version, as loaded: a save compares it to tell whether someone
    /// else changed the review since.
    pub version: i64,
    /// One answer per question, in the order of [`QUESTIONS`].
    pub answers: Vec<String>,
}

impl Saved {
    fn of(entry: Option<&Entry>) -> Saved {
        Saved {
            answers: entry
                .map(|e| review::parse(&e.body))
                .unwrap_or_else(|| vec![String::new(); QUESTIONS.len()]),
            entry_id: entry.map(|e| e.id),
            version: entry.map_or(0, |e| e.version),
        }
    }
}

/// The review of the week starting `week`, as saved.
pub fn load(journal: &Journal, week: NaiveDate) -> Result<Saved> {
    Ok(Saved::of(journal.store().review_for(week)?.as_ref()))
}

/// What saving a review's answers kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The review as stored now: the editor's new starting point (its answers hold both
    /// texts where both changed).
    pub saved: Saved,
    /// The answers (by index) someone else changed too since the editor loaded them.
    pub conflicts: Vec<usize>,
}

/// How often a save is tried again when another writer changes the review between
/// reading and writing it.
const TRIES: usize = 5;

/// Saves `answers`, typed in an editor that loaded `base`, as the review entry of the
/// week starting `week` (written at `now` when new). Only the answers the editor changed
/// are written: an answer saved meanwhile elsewhere stays, and one both changed keeps
/// both texts. Blank answers with nothing saved yet make no entry.
pub fn save(
    journal: &mut Journal,
    now: Now,
    week: NaiveDate,
    base: &Saved,
    answers: &[String],
) -> Result<Answered> {
    // As a review's text keeps them (parse trims each answer's end): an answer typed
    // with a trailing new line is not a change.
    let answers: Vec<String> = answers.iter().map(|a| a.trim_end().to_string()).collect();
    for _ in 0..TRIES {
        let stored = journal.store().review_for(week)?;
        let theirs = Saved::of(stored.as_ref());
        let (merged, conflicts) = merge::texts(&base.answers, &theirs.answers, &answers);
        let written = match &stored {
            None if review::is_blank(&merged) => {
                return Ok(Answered {
                    saved: theirs,
                    conflicts,
                });
            }
            None => {
                journal
                    .store_mut()
                    .insert_review(week, &review::compose(week, &merged), now.at)?
            }
            Some(entry) => journal.store_mut().update_entry_body_at(
                entry.id,
                &review::compose(week, &merged),
                entry.version,
            )?,
        };
        if let Some(entry) = written {
            return Ok(Answered {
                saved: Saved::of(Some(&entry)),
                conflicts,
            });
        }
    }
    Err(Error::Busy)
}

/// What a week held, for its review.
#[derive(Debug, Clone)]
pub struct WeekSummary {
    /// The week's audit.
    pub report: AuditReport,
    /// Leading share of the last weeks, oldest first.
    pub trend: Vec<(NaiveDate, Option<f64>)>,
    /// The week's leadership block occurrences.
    pub blocks: Vec<Occurrence>,
    /// Conversations held this week.
    pub held: Vec<Conversation>,
    /// Follow-ups due by the end of next week.
    pub due: Vec<Conversation>,
    /// The week's reflections and notes.
    pub entries: Vec<Entry>,
    /// How the direct reports' 1:1s are kept (reports come first in the review).
    pub reports: Vec<ReportCoverage>,
    /// Delegations still open: is what done looks like still clear?
    pub delegations: Vec<Delegation>,
}

/// What the week starting `week` held, as of `now`: its audit and the trend before it,
/// its blocks, conversations held and follow-ups due, its entries, the direct reports'
/// 1:1s and the delegations still open.
pub fn summary(
    journal: &Journal,
    settings: &AuditSettings,
    config: &crate::config::Config,
    now: Now,
    week: NaiveDate,
) -> Result<WeekSummary> {
    let store = journal.store();
    let zone = now.zone;
    let last = week + Duration::days(6);
    let weeks: Vec<(NaiveDate, NaiveDate)> = (0..TREND_WEEKS)
        .rev()
        .map(|back| {
            let from = week - Duration::weeks(back);
            (from, from + Duration::days(6))
        })
        .collect();
    let mut reports = super::audit::audit_ranges(store, settings, zone, &weeks, now.at.to_utc())?;
    let trend = weeks
        .iter()
        .zip(&reports)
        .map(|((from, _), r)| (*from, r.leading_share))
        .collect();
    // The reviewed week is the last of the ranges asked for, so its audit is there.
    let report = reports
        .pop()
        .ok_or_else(|| StoreError::BadData("no audit was computed".into()))?;
    let blocks = super::audit::blocks_between(store, zone, week, last, now.at.to_utc())?;
    let conversations = store.conversations_around(week, last, last + Duration::days(7))?;
    let in_week = |t: Option<DateTime<FixedOffset>>| {
        t.is_some_and(|t| (week..=last).contains(&t.with_timezone(&zone).date_naive()))
    };
    let held = conversations
        .iter()
        .filter(|c| c.status != Status::Cancelled && in_week(c.held_at))
        .cloned()
        .collect();
    let due = conversations
        .into_iter()
        .filter(|c| {
            c.status == Status::Held && c.followup_on.is_some_and(|d| d <= last + Duration::days(7))
        })
        .collect();
    let entries = store
        .list_entries(&JournalFilter {
            from: Some(week),
            to: Some(last),
            ..Default::default()
        })?
        .into_iter()
        .filter(|e| e.kind != EntryKind::Review)
        .collect();
    let reports =
        super::coaching::report_coverage_in_week(store, settings, config, zone, now.at, week)?;
    let delegations = store
        .list_delegations(None)?
        .into_iter()
        .filter(|d| d.status == DelegationStatus::Open)
        .collect();
    Ok(WeekSummary {
        report,
        trend,
        blocks,
        held,
        due,
        entries,
        reports,
        delegations,
    })
}

#[cfg(test)]
#[path = "reviews_tests.rs"]
mod tests;
