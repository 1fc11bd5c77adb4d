//! Refreshing imported calendars from their sources: `bearing refresh`, and the
//! interface's refresh in the background when it starts.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::app::calendars::import::{ImportError, ImportRequest, ImportSummary, import_calendar};
use crate::app::{Journal, Now};
use crate::domain::source::Source;
use crate::io::source::read;
use crate::store::{CalendarInfo, ReopenOptions, Store};

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
/// that can be read again.
fn stale_calendars(
    store: &Store,
    hours: u32,
    now: DateTime<Utc>,
) -> Result<Vec<CalendarInfo>, crate::store::StoreError> {
    let limit = now - chrono::Duration::hours(i64::from(hours));
    Ok(store
        .list_calendars()?
        .into_iter()
        .filter(|c| Source::parse(&c.source).refreshable())
        .filter(|c| c.content_hash.is_empty() || c.refreshed_at.is_none_or(|t| t < limit))
        .collect())
}

/// The `source` of a refresh outcome that is a block which could not be pushed (its
/// `calendar` is the block's title).
pub const PUSH_SOURCE: &str = "push";

/// Calendars to read again apart from the interface, with what reading them on a
/// connection of their own takes: see [`stale`] and [`refresh_stale`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The calendars, by name.
    pub names: Vec<String>,
    /// Their rows, which the refresh writes into (a calendar removed meanwhile is not
    /// imported again; one renamed keeps its new name).
    ids: Vec<i64>,
    /// Whether CalDAV accounts have calendars to sync too.
    accounts: bool,
    journal: PathBuf,
    reopen: ReopenOptions,
    timeout: Duration,
    now: Now,
}

/// The calendars whose sources were read well longer ago than `hours` (or never) and
/// can be read again (an address waits at most `timeout`): what the interface reads
/// again when it starts. `None` when there are none, or when the journal is kept in
/// memory (no other connection could reach it).
pub fn stale(
    journal: &Journal,
    now: Now,
    hours: u32,
    timeout: Duration,
) -> crate::app::Result<Option<Stale>> {
    let store = journal.store();
    let Some(path) = store.path() else {
        return Ok(None);
    };
    let calendars = stale_calendars(store, hours, now.at.to_utc())?;
    let of_accounts = stale_account_calendars(store, hours, now.at.to_utc())?;
    if calendars.is_empty() && of_accounts.is_empty() {
        return Ok(None);
    }
    let mut names: Vec<String> = calendars.iter().map(|c| c.name.clone()).collect();
    let accounts = !of_accounts.is_empty();
    names.extend(of_accounts);
    Ok(Some(Stale {
        names,
        ids: calendars.iter().map(|c| c.id).collect(),
        accounts,
        journal: path.to_path_buf(),
        reopen: store.reopen_options(),
        timeout,
        now,
    }))
}

/// Whether any calendar can be read again at all (a file, a link, an account calendar
/// bearing reads), however recently it was read: false for a journal kept in memory.
pub fn any_readable(journal: &Journal) -> crate::app::Result<bool> {
    let store = journal.store();
    if store.path().is_none() {
        return Ok(false);
    }
    let whenever = DateTime::<Utc>::MAX_UTC;
    Ok(!stale_calendars(store, 0, whenever)?.is_empty()
        || !stale_account_calendars(store, 0, whenever)?.is_empty())
}

/// The names of the account calendars bearing reads whose last good sync is older than
/// `hours` (or that were never synced).
fn stale_account_calendars(
    store: &Store,
    hours: u32,
    now: DateTime<Utc>,
) -> Result<Vec<String>, crate::store::StoreError> {
    let limit = now - chrono::Duration::hours(i64::from(hours));
    let mut names = Vec::new();
    for account in store.list_accounts()? {
        names.extend(
            store
                .account_calendars(account.id)?
                .into_iter()
                .filter(|c| c.read && c.synced_at.is_none_or(|t| t < limit))
                .map(|c| c.display_name),
        );
    }
    Ok(names)
}

/// Reads the calendars of `stale` again, as [`refresh`] does, on a connection of its
/// own (for a thread beside the interface), and syncs the accounts' calendars as
/// `bearing refresh` does. A journal that cannot be opened fails each of them, saying
/// why.
pub fn refresh_stale(stale: &Stale) -> Vec<RefreshOutcome> {
    match Store::reopen(&stale.journal, &stale.reopen) {
        Ok(mut store) => {
            let file_names = &stale.names[..stale.ids.len()];
            let files = Stale {
                names: file_names.to_vec(),
                ..stale.clone()
            };
            let mut out = refresh_these(
                &mut store,
                &files,
                stale.timeout,
                stale.now.zone,
                stale.now.at.to_utc(),
            );
            if stale.accounts {
                // Blocks changed offline go out with the accounts' sync.
                if let Ok(pushed) = crate::app::accounts::publish::push_store(
                    &mut store,
                    stale.now,
                    None,
                    stale.timeout,
                ) {
                    out.extend(pushed.into_iter().filter_map(|p| {
                        p.error.map(|error| RefreshOutcome {
                            calendar: p.block,
                            source: PUSH_SOURCE.to_string(),
                            changed: false,
                            summary: None,
                            error: Some(error),
                            skipped: false,
                        })
                    }));
                }
                match crate::app::accounts::sync::refresh_store(
                    &mut store,
                    stale.now,
                    None,
                    stale.timeout,
                    false,
                    &mut |_, _, _| {},
                ) {
                    Ok(synced) => out.extend(synced),
                    Err(e) => out.push(RefreshOutcome {
                        calendar: "accounts".to_string(),
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
        Err(e) => stale
            .names
            .iter()
            .map(|c| RefreshOutcome {
                calendar: c.clone(),
                source: String::new(),
                changed: false,
                summary: None,
                error: Some(crate::describe(&e)),
                skipped: false,
            })
            .collect(),
    }
}

/// Refreshes the calendars of `stale`, one after the other, as [`refresh`] does for
/// one: each by its row, so one removed since is not imported again.
fn refresh_these(
    store: &mut Store,
    stale: &Stale,
    timeout: Duration,
    zone: Tz,
    now: DateTime<Utc>,
) -> Vec<RefreshOutcome> {
    let failed = |name: &str, error: String| RefreshOutcome {
        calendar: name.to_string(),
        source: String::new(),
        changed: false,
        summary: None,
        error: Some(error),
        skipped: false,
    };
    // As `refresh` does: calendars from an older journal format are rebuilt first.
    let _ = crate::app::calendars::import::rebuild_stale_calendars(store, zone, now);
    let calendars = match store.list_calendars() {
        Ok(list) => list,
        Err(e) => {
            let error = e.to_string();
            return stale
                .names
                .iter()
                .map(|n| failed(n, error.clone()))
                .collect();
        }
    };
    let mut out = Vec::new();
    for (name, id) in stale.names.iter().zip(&stale.ids) {
        let Some(cal) = calendars.iter().find(|c| c.id == *id) else {
            let removed = ImportError::Removed {
                calendar: name.clone(),
            };
            out.push(failed(name, removed.to_string()));
            continue;
        };
        match refresh_one(store, cal, timeout, zone, now) {
            Ok(outcome) => out.push(outcome),
            Err(e) => out.push(failed(name, e.to_string())),
        }
    }
    out
}

/// Re-reads the source of calendar `only` (or of every calendar; an address waits at
/// most `timeout`) and re-imports what changed: `bearing refresh`. A source that fails,
/// or a copy that is cut short or emptied, keeps the last good copy and records why; the
/// others are refreshed all the same.
pub fn refresh(
    journal: &mut Journal,
    now: Now,
    only: Option<&str>,
    timeout: Duration,
) -> crate::app::Result<Vec<RefreshOutcome>> {
    Ok(refresh_store(
        journal.store_mut(),
        only,
        timeout,
        now.zone,
        now.at.to_utc(),
    )?)
}

/// [`refresh`] on a store.
fn refresh_store(
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
    // An account's calendars are read with their account (`app::accounts::sync`).
    calendars.retain(|c| !matches!(Source::parse(&c.source), Source::Account(_)));
    if let Some(name) = only {
        calendars.retain(|c| c.name == name);
        if calendars.is_empty() {
            return Err(crate::store::StoreError::NoSuchCalendar(name.to_string()));
        }
    }
    calendars
        .iter()
        .map(|cal| refresh_one(store, cal, timeout, zone, now))
        .collect()
}

/// Reads calendar `cal`'s source again and imports what changed into its row (by id: a
/// calendar removed while its source was read is not imported again, one renamed keeps
/// its new name). A failure is recorded on the calendar and named in the outcome.
fn refresh_one(
    store: &mut Store,
    cal: &CalendarInfo,
    timeout: Duration,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<RefreshOutcome, crate::store::StoreError> {
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
        return Ok(outcome);
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
                    calendar: Some(cal.id),
                },
                zone,
                now,
            )
            .map_err(|e| e.to_string())
        });
    match result {
        Ok(summary) => {
            // Under the name the calendar has now, should it have been renamed meanwhile.
            outcome.calendar.clone_from(&summary.calendar);
            outcome.changed = !summary.unchanged;
            outcome.summary = Some(summary);
        }
        Err(error) => {
            store.record_refresh_failure(cal.id, &error)?;
            outcome.error = Some(error);
        }
    }
    Ok(outcome)
}
