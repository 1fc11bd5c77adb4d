//! The audit's inputs and windows: what classification and the audit need from the
//! config, the manager's own addresses, and the events, blocks and audits of a period,
//! read from the journal.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::audit::{AuditInput, AuditReport, audit, categorize};
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
    let beyond: Vec<&str> = calendars
        .iter()
        .filter(|c| c.horizon_end < to)
        .map(|c| c.name.as_str())
        .collect();
    if beyond.is_empty() {
        return Ok(once_each(out));
    }
    out.retain(|o| !beyond.contains(&o.calendar.as_str()));
    for (name, content) in store.calendar_contents()? {
        if !beyond.contains(&name.as_str()) {
            continue;
        }
        if let Ok(parsed) = series::parse(&content, zone) {
            out.extend(expand::expand(&parsed, &name, from, to, &mut Vec::new()));
        }
    }
    Ok(once_each(out))
}

/// One occurrence per meeting: the same event (UID and occurrence) in several calendars,
/// personal and team, is kept once (the copy that knows most about who attends), naming
/// the other calendars; in start order.
pub(crate) fn once_each(mut all: Vec<EventOccurrence>) -> Vec<EventOccurrence> {
    all.sort_by(|a, b| {
        (
            &a.uid,
            a.key,
            a.cancelled,
            std::cmp::Reverse(a.attendee_list.len()),
            &a.calendar,
        )
            .cmp(&(
                &b.uid,
                b.key,
                b.cancelled,
                std::cmp::Reverse(b.attendee_list.len()),
                &b.calendar,
            ))
    });
    let mut out: Vec<EventOccurrence> = Vec::with_capacity(all.len());
    for o in all {
        if let Some(last) = out.last_mut()
            && last.uid == o.uid
            && last.key == o.key
        {
            if last.calendar != o.calendar && !last.also_in.contains(&o.calendar) {
                last.also_in.push(o.calendar);
            }
            continue;
        }
        out.push(o);
    }
    out.sort_by(|a, b| (a.start, &a.uid, a.key).cmp(&(b.start, &b.uid, b.key)));
    out
}

/// Imported occurrences overlapping the window, with their categories.
pub fn classified_events_between(
    store: &Store,
    settings: &AuditSettings,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(EventOccurrence, Category)>, StoreError> {
    let mut events = events_between(store, zone, from, to)?;
    // A cancelled occurrence is no meeting: not drawn, not counted.
    events.retain(|e| !e.cancelled);
    let me = me_addresses(&settings.me, store)?;
    for e in &mut events {
        e.attendance = e.attendance_for(&me, settings.count_free);
    }
    let categories = categorize(&events, &settings.rules, &store.classifications()?);
    Ok(events.into_iter().zip(categories).collect())
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
    let classified = classified_events_between(store, settings, zone, span.0, span.1)?;
    let all_blocks = blocks_between(store, zone, first, last, now)?;
    let block_uids: HashSet<String> = store.list_blocks()?.into_iter().map(|b| b.uid).collect();
    let direct_reports = store.reports()?;
    if let [(from, to)] = *ranges {
        // One range is the whole span: everything read is in it, nothing to copy.
        let (events, categories): (Vec<_>, Vec<_>) = classified.into_iter().unzip();
        return Ok(vec![audit(&AuditInput {
            from,
            to,
            window: span,
            events: &events,
            categories: &categories,
            blocks: &all_blocks,
            block_uids: &block_uids,
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
        let (events, categories): (Vec<_>, Vec<_>) = classified
            .iter()
            .filter(|(e, _)| overlaps(e.start, e.end))
            .cloned()
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
            block_uids: &block_uids,
            target: settings.target,
            long_meeting_minutes: settings.long_meeting_minutes,
            zone,
            reports: &direct_reports,
        }));
    }
    Ok(reports)
}
