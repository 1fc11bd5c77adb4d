//! Refreshing imported calendars from their sources: `bearing refresh`, and the
//! interface's refresh in the background when it starts.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::app::calendars::import::{ImportRequest, ImportSummary, import_calendar};
use crate::domain::source::Source;
use crate::io::source::read;
use crate::store::Store;
/// What refreshing one calendar did.
#[derive(Debug, Clone, Serialize)]
pub struct RefreshOutcome {
    /// The calendar.
    pub calendar: String,
    /// Where it comes from, as shown.
    pub source: String,
    /// Whether its events changed.
    pub changed: bool,
    /// The import's summary when it was read well.
    pub summary: Option<ImportSummary>,
    /// Why it could not be refreshed (its events are kept as they were).
    pub error: Option<String>,
    /// Whether it cannot be refreshed at all (imported from standard input).
    pub skipped: bool,
}

/// The calendars whose sources were read well longer ago than `hours` (or never), and
/// that can be read again: what the interface refreshes when it starts.
pub fn stale_calendars(
    store: &Store,
    hours: u32,
    now: DateTime<Utc>,
) -> Result<Vec<String>, crate::store::StoreError> {
    let limit = now - chrono::Duration::hours(i64::from(hours));
    Ok(store
        .list_calendars()?
        .into_iter()
        .filter(|c| Source::parse(&c.source).refreshable())
        .filter(|c| c.content_hash.is_empty() || c.refreshed_at.is_none_or(|t| t < limit))
        .map(|c| c.name)
        .collect())
}

/// Refreshes the calendars `names`, one after the other, as [`refresh`] does for one.
pub fn refresh_these(
    store: &mut Store,
    names: &[String],
    timeout: Duration,
    zone: Tz,
    now: DateTime<Utc>,
) -> Vec<RefreshOutcome> {
    let mut out = Vec::new();
    for name in names {
        match refresh(store, Some(name), timeout, zone, now) {
            Ok(mut outcomes) => out.append(&mut outcomes),
            Err(e) => out.push(RefreshOutcome {
                calendar: name.clone(),
                source: String::new(),
                changed: false,
                summary: None,
                error: Some(e.to_string()),
                skipped: false,
            }),
        }
    }
    out
}

/// Re-reads the source of calendar `only` (or of every calendar) and re-imports what
/// changed. A source that fails, or a copy that is cut short or emptied, keeps the last
/// good copy and records why; the others are refreshed all the same.
pub fn refresh(
    store: &mut Store,
    only: Option<&str>,
    timeout: Duration,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<RefreshOutcome>, crate::store::StoreError> {
    // Calendars from an older journal format are rebuilt from their stored files first,
    // so a source that cannot be read leaves them whole all the same.
    let _ = crate::app::calendars::import::rebuild_stale_calendars(store, zone, now);
    let mut calendars = store.list_calendars()?;
    if let Some(name) = only {
        calendars.retain(|c| c.name == name);
        if calendars.is_empty() {
            return Err(crate::store::StoreError::NoSuchCalendar(name.to_string()));
        }
    }
    let mut outcomes = Vec::new();
    for cal in calendars {
        let source = Source::parse(&cal.source);
        let mut outcome = RefreshOutcome {
            calendar: cal.name.clone(),
            source: source.redacted(),
            changed: false,
            summary: None,
            error: None,
            skipped: false,
        };
        if !source.refreshable() {
            outcome.skipped = true;
            outcomes.push(outcome);
            continue;
        }
        let result = read(&source, timeout)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                import_calendar(
                    store,
                    &ImportRequest {
                        source: &source,
                        text: &text,
                        name: Some(&cal.name),
                        replace: true,
                        force: false,
                    },
                    zone,
                    now,
                )
                .map_err(|e| e.to_string())
            });
        match result {
            Ok(summary) => {
                outcome.changed = !summary.unchanged;
                outcome.summary = Some(summary);
            }
            Err(error) => {
                store.record_refresh_failure(&cal.name, &error)?;
                outcome.error = Some(error);
            }
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
