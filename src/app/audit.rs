//! The audit's inputs and windows: what classification and the audit need from the
//! config, the manager's own addresses, and the events, blocks and audits of a period,
//! read from the journal.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{Error, Field, Journal, Now};
use crate::audit::{AuditInput, AuditReport, Warning, audit};
use crate::calendar::expand;
use crate::calendar::series::{self};
use crate::config::Config;
use crate::domain::block::Occurrence;
use crate::domain::classify::{RuleError, Rules};
use crate::domain::event::{Category, EventOccurrence};
use crate::domain::week::day_window;
use crate::store::{Store, StoreError};

/// What classification and the audit need from the config, compiled once (regular
/// expressions are costly to build, and the Audit screen audits 12 weeks at a time).
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// The classification rules in effect.
    pub rules: Rules,
    /// The managing/leading target in percent.
    pub target: (u8, u8),
    /// Meetings longer than this are flagged.
    pub long_meeting_minutes: u32,
    /// The manager's addresses from the config (calendars named by an address add theirs
    /// when events are read), to leave out meetings they declined.
    pub me: Vec<String>,
    /// Whether events shown as free count.
    pub count_free: bool,
}

impl AuditSettings {
    /// Compiles the config's rules (already checked when the config was read).
    pub fn from_config(config: &Config) -> Result<AuditSettings, RuleError> {
        Ok(AuditSettings {
            rules: config.compiled_rules()?,
            target: (config.target.managing, config.target.leading),
            long_meeting_minutes: config.classification.long_meeting_minutes,
            me: config_addresses(config),
            count_free: config.audit.count_free,
        })
    }

    /// As [`AuditSettings::from_config`], falling back to bearing's default rules (or
    /// none) instead of failing, for the interface, which must open regardless.
    pub fn from_config_or_defaults(config: &Config) -> AuditSettings {
        Self::from_config(config).unwrap_or_else(|_| AuditSettings {
            rules: Rules::compile(&[], true).unwrap_or_else(|_| Rules::none()),
            target: (config.target.managing, config.target.leading),
            long_meeting_minutes: config.classification.long_meeting_minutes,
            me: config_addresses(config),
            count_free: config.audit.count_free,
        })
    }
}

fn config_addresses(config: &Config) -> Vec<String> {
    config
        .me
        .addresses
        .iter()
        .filter_map(|a| crate::store::normalize_address(a))
        .collect()
}

/// One of the manager's own addresses, and where bearing learned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MyAddress {
    /// The address, lower case.
    pub address: String,
    /// `config`, or the calendar whose own name is this address (as Google names yours).
    pub from: String,
}

/// The manager's addresses, with where each was learned: `[me] addresses` in the config,
/// then the names of imported calendars that are addresses.
pub fn my_addresses(
    config: &Config,
    journal: Option<&super::Journal>,
) -> Result<Vec<MyAddress>, StoreError> {
    learn_my_addresses(
        &config_addresses(config),
        journal.map(super::Journal::store),
    )
}

/// The manager's addresses (lower case): `configured` (from `[me] addresses`), then the
/// names of imported calendars that are addresses. The one rule for who "me" is, used
/// for declined meetings in the audit, the Week and 1:1 coverage.
pub fn me_addresses(configured: &[String], store: &Store) -> Result<Vec<String>, StoreError> {
    Ok(learn_my_addresses(configured, Some(store))?
        .into_iter()
        .map(|m| m.address)
        .collect())
}

fn learn_my_addresses(
    configured: &[String],
    store: Option<&Store>,
) -> Result<Vec<MyAddress>, StoreError> {
    let mut out: Vec<MyAddress> = Vec::new();
    let mut add = |address: Option<String>, from: String| {
        if let Some(address) = address
            && !out.iter().any(|m| m.address == address)
        {
            out.push(MyAddress { address, from });
        }
    };
    for a in configured {
        add(crate::store::normalize_address(a), "config".to_string());
    }
    if let Some(store) = store {
        for c in store.list_calendars()? {
            if let Some(name) = &c.calname {
                add(
                    crate::store::normalize_address(name),
                    format!("calendar '{}'", c.name),
                );
            }
        }
    }
    Ok(out)
}

/// Imported occurrences overlapping `[from, to)`: from the store within each calendar's
/// horizon, expanded from its stored file beyond it.
pub fn events_between(
    store: &Store,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<EventOccurrence>, StoreError> {
    let calendars = store.list_calendars()?;
    let mut out = store.list_event_occurrences_between(from, to)?;
    // A block exported and imported back is that block, not a second event.
    let blocks: HashSet<String> = store.block_uids()?.into_iter().collect();
    if !blocks.is_empty() {
        out.retain(|o| !blocks.contains(o.uid.as_str()));
    }
    let beyond: Vec<&str> = calendars
        .iter()
        .filter(|c| c.horizon_end < to)
        .map(|c| c.name.as_str())
        .collect();
    if beyond.is_empty() {
        return Ok(once_each(out));
    }
    out.retain(|o| !beyond.contains(&o.calendar.as_str()));
    for (name, content) in crate::app::calendars::stored_texts(store)? {
        if !beyond.contains(&name.as_str()) {
            continue;
        }
        if let Ok(parsed) = series::parse(&content, zone) {
            out.extend(
                expand::expand(&parsed, &name, from, to, &mut Vec::new())
                    .into_iter()
                    .filter(|o| !blocks.contains(o.uid.as_str())),
            );
        }
    }
    Ok(once_each(out))
}

/// One occurrence per meeting: the same event (UID and occurrence) in several calendars,
/// personal and team, is kept once (the copy that knows most about who attends), naming
/// the other calendars; in start order.
///
/// Copies are found by hashing (UID, occurrence), and only the indices are sorted: two
/// sorts of every occurrence by their strings were a quarter of a year's audit.
pub(crate) fn once_each(all: Vec<EventOccurrence>) -> Vec<EventOccurrence> {
    use crate::domain::hash::{FastMap, HashMapExt};
    // Of the copies of one meeting, the first in this order is kept.
    let rank = |o: &EventOccurrence| {
        (
            o.cancelled,
            std::cmp::Reverse(o.attendee_list.len()),
            o.calendar.clone(),
        )
    };
    if all.len() < 2 {
        return all;
    }
    let meeting_order = |a: &EventOccurrence, b: &EventOccurrence| {
        (a.start, &a.uid, a.key).cmp(&(b.start, &b.uid, b.key))
    };
    let mut first: FastMap<(&str, i64), usize> = FastMap::with_capacity(all.len());
    let mut copies: FastMap<usize, Vec<usize>> = FastMap::new();
    for (i, o) in all.iter().enumerate() {
        match first.entry((o.uid.as_str(), o.key)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(at) => {
                copies.entry(*at.get()).or_default().push(i);
            }
        }
    }
    if copies.is_empty() {
        // Most often nothing is copied: every occurrence stays, and (no two being the
        // same meeting) the order wanted is one order, mostly the store's already.
        drop(first);
        let mut all = all;
        if all.is_sorted_by_key(|o| o.start) {
            // In start order, as the store gives them: only meetings that start together
            // are put in order (sorting them all moved every occurrence).
            for together in all.chunk_by_mut(|a, b| a.start == b.start) {
                together.sort_by(meeting_order);
            }
        } else {
            all.sort_by(meeting_order);
        }
        return all;
    }
    // (kept, the others in order), by the first copy's index.
    let mut groups: FastMap<usize, (usize, Vec<usize>)> = FastMap::with_capacity(copies.len());
    for (head, rest) in copies {
        // In reading order, so that of equal copies the first read is kept, as before.
        let mut members = vec![head];
        members.extend(rest);
        members.sort_by_key(|&i| rank(&all[i]));
        groups.insert(head, (members[0], members[1..].to_vec()));
    }
    // In reading order (start order, mostly), so the sort below finds runs.
    let mut order: Vec<usize> = first.into_values().collect();
    order.sort_unstable();
    for i in &mut order {
        if let Some(g) = groups.get(i) {
            *i = g.0;
        }
    }
    order.sort_by(|&a, &b| meeting_order(&all[a], &all[b]));
    let mut also: FastMap<usize, Vec<String>> = FastMap::with_capacity(groups.len());
    for (kept, others) in groups.into_values() {
        let mut names: Vec<String> = Vec::new();
        for i in others {
            let c: &String = &all[i].calendar;
            if *c != all[kept].calendar && !names.contains(c) {
                names.push(c.clone());
            }
        }
        also.insert(kept, names);
    }
    let mut slots: Vec<Option<EventOccurrence>> = all.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| {
            let mut o = slots[i].take()?;
            if let Some(names) = also.remove(&i) {
                o.also_in = names;
            }
            Some(o)
        })
        .collect()
}

/// Imported occurrences overlapping the window, with their categories; cancelled ones
/// too when `cancelled` is true (a plan shows them struck through; nothing counts them).
pub fn events_with_categories(
    store: &Store,
    settings: &AuditSettings,
    zone: Tz,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    cancelled: bool,
) -> Result<Vec<(EventOccurrence, Category)>, StoreError> {
    let (events, categories) = events_and_categories(store, settings, zone, (from, to), cancelled)?;
    Ok(events.into_iter().zip(categories).collect())
}

/// As [`events_with_categories`], the occurrences and their categories apart, as the
/// audit reads them (pairing and parting them again copied every occurrence twice).
fn events_and_categories(
    store: &Store,
    settings: &AuditSettings,
    zone: Tz,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    cancelled: bool,
) -> Result<(Vec<EventOccurrence>, Vec<Category>), StoreError> {
    let mut events = events_between(store, zone, from, to)?;
    if !cancelled {
        events.retain(|e| !e.cancelled);
    }
    let me = me_addresses(&settings.me, store)?;
    for e in &mut events {
        e.attendance = e.attendance_for(&me, settings.count_free);
    }
    let categories = crate::audit::categorize_in(
        &events,
        &settings.rules,
        &store.classifications()?,
        &store.calendar_categories()?,
    );
    Ok((events, categories))
}

/// Imported occurrences overlapping the window, with their categories; a cancelled
/// occurrence is no meeting: not drawn, not counted.
pub fn classified_events_between(
    store: &Store,
    settings: &AuditSettings,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(EventOccurrence, Category)>, StoreError> {
    events_with_categories(store, settings, zone, (from, to), false)
}

/// The day's plan of meetings: every imported occurrence on the local `day` (all-day ones
/// too, and cancelled ones, marked), in [`crate::domain::meeting::plan_order`].
pub fn plan_of_day(
    store: &Store,
    settings: &AuditSettings,
    zone: Tz,
    day: NaiveDate,
) -> Result<Vec<(EventOccurrence, Category)>, StoreError> {
    let window = day_window(zone, day, day);
    let mut events: Vec<_> = events_with_categories(store, settings, zone, window, true)?
        .into_iter()
        .filter(|(e, _)| {
            let start = e.start.with_timezone(&zone).date_naive();
            let end = e.end.with_timezone(&zone).date_naive();
            start <= day && (end > day || (end == day && !e.all_day))
        })
        .collect();
    events.sort_by_key(|(e, _)| crate::domain::meeting::plan_order(e));
    Ok(events)
}

/// Block occurrences overlapping the local days `from..=to`.
pub fn blocks_between(
    store: &Store,
    zone: Tz,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Occurrence>, StoreError> {
    let blocks = store.list_blocks_with_exceptions()?;
    Ok(crate::calendar::occurrences_between(
        &blocks, zone, from, to, now,
    ))
}

/// The audit of the local days `from..=to`.
pub fn audit_between(
    store: &Store,
    settings: &AuditSettings,
    zone: Tz,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<AuditReport, StoreError> {
    let mut reports = audit_ranges(store, settings, zone, &[(from, to)], now)?;
    reports
        .pop()
        .ok_or_else(|| StoreError::BadData("no audit was computed".into()))
}

/// The audits of several ranges of local days (each `from..=to`), reading the journal
/// once for all of them: the trend of twelve weeks costs one query, not twelve.
pub fn audit_ranges(
    store: &Store,
    settings: &AuditSettings,
    zone: Tz,
    ranges: &[(NaiveDate, NaiveDate)],
    now: DateTime<Utc>,
) -> Result<Vec<AuditReport>, StoreError> {
    let (Some(first), Some(last)) = (
        ranges.iter().map(|r| r.0).min(),
        ranges.iter().map(|r| r.1).max(),
    ) else {
        return Ok(Vec::new());
    };
    let span = day_window(zone, first, last);
    let (all_events, all_categories) = events_and_categories(store, settings, zone, span, false)?;
    let all_blocks = blocks_between(store, zone, first, last, now)?;
    let direct_reports = store.reports()?;
    if let [(from, to)] = *ranges {
        // One range is the whole span: everything read is in it, nothing to copy.
        return Ok(vec![audit(&AuditInput {
            from,
            to,
            window: span,
            events: &all_events,
            categories: &all_categories,
            blocks: &all_blocks,
            target: settings.target,
            long_meeting_minutes: settings.long_meeting_minutes,
            zone,
            reports: &direct_reports,
        })]);
    }
    let mut reports = Vec::with_capacity(ranges.len());
    for &(from, to) in ranges {
        let window = day_window(zone, from, to);
        // The same overlap rule as the store's: a zero-length event counts where it starts.
        let overlaps = |start: DateTime<Utc>, end: DateTime<Utc>| {
            start < window.1 && (end > window.0 || (end == start && start >= window.0))
        };
        let (events, categories): (Vec<_>, Vec<_>) = all_events
            .iter()
            .zip(&all_categories)
            .filter(|(e, _)| overlaps(e.start, e.end))
            .map(|(e, c)| (e.clone(), *c))
            .unzip();
        let blocks: Vec<Occurrence> = all_blocks
            .iter()
            .filter(|b| overlaps(b.start.to_utc(), b.end.to_utc()))
            .cloned()
            .collect();
        reports.push(audit(&AuditInput {
            from,
            to,
            window,
            events: &events,
            categories: &categories,
            blocks: &blocks,
            target: settings.target,
            long_meeting_minutes: settings.long_meeting_minutes,
            zone,
            reports: &direct_reports,
        }));
    }
    Ok(reports)
}

/// The audit of the local days `from..=to` as `bearing audit` shows it: the hours, the
/// blocks, and the warnings, the 1:1s of direct reports among them when the period is
/// under way.
pub fn report(
    journal: &Journal,
    settings: &AuditSettings,
    config: &Config,
    now: Now,
    (from, to): (NaiveDate, NaiveDate),
) -> super::Result<AuditReport> {
    crate::domain::week::check_period(from, to).map_err(|e| Error::refused(Field::Period, e))?;
    let mut report = audit_between(
        journal.store(),
        settings,
        now.zone,
        from,
        to,
        now.at.to_utc(),
    )?;
    report
        .warnings
        .extend(warnings(journal, settings, config, now, (from, to))?);
    Ok(report)
}

/// One day's hours in an audit broken down by day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayHours {
    /// The day.
    pub day: NaiveDate,
    /// Its hours by category, as the audit counts them (an event over midnight counts on
    /// each day for its part).
    pub hours: crate::audit::Hours,
}

/// The hours of each day of `from..=to`, counted as the audit of the whole period counts
/// them, so the days add up to it. A period the wrong way round is refused.
pub fn by_day(
    journal: &Journal,
    settings: &AuditSettings,
    now: Now,
    (from, to): (NaiveDate, NaiveDate),
) -> super::Result<Vec<DayHours>> {
    crate::domain::week::check_period(from, to).map_err(|e| Error::refused(Field::Period, e))?;
    let days: Vec<(NaiveDate, NaiveDate)> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, d))
        .collect();
    let reports = audit_ranges(journal.store(), settings, now.zone, &days, now.at.to_utc())?;
    Ok(days
        .into_iter()
        .zip(reports)
        .map(|((day, _), r)| DayHours {
            day,
            hours: r.hours,
        })
        .collect())
}

/// The 1:1 warnings of an audit of the days `from..=to`: only when they hold today.
pub fn warnings(
    journal: &Journal,
    settings: &AuditSettings,
    config: &Config,
    now: Now,
    period: (NaiveDate, NaiveDate),
) -> super::Result<Vec<Warning>> {
    Ok(crate::app::coaching::audit_warnings(
        journal.store(),
        settings,
        config,
        now.zone,
        now.at,
        period,
    )?)
}

/// Weeks audited together: the trend of their leading shares and the last week.
#[derive(Debug, Clone, PartialEq)]
pub struct Weeks {
    /// Each week's first day and leading share, oldest first, the last week last.
    pub trend: Vec<(NaiveDate, Option<f64>)>,
    /// The last week's audit (without the 1:1 warnings: [`warnings`] gives them).
    pub last: AuditReport,
}

/// The audits of `count` weeks (at least one), the last starting on `last`, read from
/// the journal once: the Audit screen's week and trend.
pub fn weeks(
    journal: &Journal,
    settings: &AuditSettings,
    now: Now,
    last: NaiveDate,
    count: usize,
) -> super::Result<Weeks> {
    let weeks: Vec<(NaiveDate, NaiveDate)> = (0..count.max(1) as i64)
        .rev()
        .map(|back| {
            let first = last - chrono::Duration::days(7 * back);
            (first, first + chrono::Duration::days(6))
        })
        .collect();
    let mut reports = audit_ranges(journal.store(), settings, now.zone, &weeks, now.at.to_utc())?;
    let trend = weeks
        .iter()
        .zip(&reports)
        .map(|((first, _), r)| (*first, r.leading_share))
        .collect();
    let last = reports
        .pop()
        .ok_or_else(|| StoreError::BadData("no audit was computed".into()))?;
    Ok(Weeks { trend, last })
}

/// One series among an audit's unclassified occurrences.
#[derive(Debug, Clone, PartialEq)]
pub struct UnclassifiedSeries {
    /// Its UID.
    pub uid: String,
    /// Its title.
    pub title: String,
    /// Its occurrences in the audit.
    pub count: usize,
    /// Their hours.
    pub hours: f64,
    /// The earliest one's start (RFC 3339).
    pub first: String,
    /// The id of the first one the report lists (its longest), for classifying one
    /// occurrence.
    pub id: i64,
}

/// The report's unclassified occurrences grouped by series, in the order the report
/// lists them (a series where its longest occurrence is).
pub fn unclassified_series(report: &AuditReport) -> Vec<UnclassifiedSeries> {
    let mut out: Vec<UnclassifiedSeries> = Vec::new();
    for u in &report.unclassified {
        match out.iter_mut().find(|s| s.uid == u.uid) {
            Some(s) => {
                s.count += 1;
                s.hours += u.hours;
                if u.start < s.first {
                    s.first.clone_from(&u.start);
                }
            }
            None => out.push(UnclassifiedSeries {
                uid: u.uid.clone(),
                title: u.title.clone(),
                count: 1,
                hours: u.hours,
                first: u.start.clone(),
                id: u.id,
            }),
        }
    }
    out
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
