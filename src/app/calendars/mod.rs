//! The calendars a manager imports: files, private links; reading them in, and reading
//! them again; listing, removing and renaming them.

pub mod changed;
pub mod import;
mod rebuild;
pub mod refresh;

use std::time::Duration;

use super::{Error, Field, Journal, Now, Result};
use crate::domain::source::Source;
pub use crate::store::{CalendarCounts, CalendarInfo};
pub use import::{ImportError, ImportSummary, SkippedItem};

impl From<ImportError> for Error {
    fn from(e: ImportError) -> Error {
        match e {
            ImportError::Store(e) => Error::Store(e),
            other => Error::refused(Field::Source, other),
        }
    }
}

impl From<crate::io::source::SourceError> for Error {
    fn from(e: crate::io::source::SourceError) -> Error {
        Error::refused(Field::Source, e)
    }
}

/// A calendar's name as typed, trimmed; a blank one is refused.
fn name(typed: &str) -> Result<&str> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(Error::refused(Field::Calendar, "a calendar needs a name"));
    }
    Ok(name)
}

/// The imported meetings of local day `day`, as Today plans it: timed ones that start
/// that day or run into it and all-day ones that cover it, in the plan's order
/// ([`super::audit::plan_of_day`]).
pub fn meetings_on(
    journal: &Journal,
    settings: &super::audit::AuditSettings,
    now: Now,
    day: chrono::NaiveDate,
) -> Result<Vec<crate::domain::event::EventOccurrence>> {
    Ok(
        super::audit::plan_of_day(journal.store(), settings, now.zone, day)?
            .into_iter()
            .map(|(e, _)| e)
            .collect(),
    )
}

/// The text of every calendar, with its name, for expanding beyond the horizon and for
/// rebuilding after an upgrade: an imported file's as it was read; an account
/// calendar's joined from the objects its server sent (bearing's own blocks left out).
pub fn stored_texts(store: &crate::store::Store) -> crate::store::Result<Vec<(String, String)>> {
    let mut texts = store.calendar_contents()?;
    for account in store.list_accounts()? {
        for c in store.account_calendars(account.id)? {
            let Some(id) = c.calendar_id else {
                continue;
            };
            let Some(name) = store
                .list_calendars()?
                .into_iter()
                .find(|info| info.id == id)
                .map(|info| info.name)
            else {
                continue;
            };
            let text = super::accounts::sync::events_text(store, &store.caldav_objects(c.id)?)?;
            texts.retain(|(n, _)| *n != name);
            texts.push((name, text));
        }
    }
    texts.sort();
    Ok(texts)
}

/// Every imported calendar, by name.
pub fn list(journal: &Journal) -> Result<Vec<CalendarInfo>> {
    Ok(journal.store().list_calendars()?)
}

/// Every imported calendar, by name, with what it holds.
pub fn list_with_counts(journal: &Journal) -> Result<Vec<(CalendarInfo, CalendarCounts)>> {
    let store = journal.store();
    store
        .list_calendars()?
        .into_iter()
        .map(|c| {
            let counts = store.calendar_counts(c.id)?;
            Ok((c, counts))
        })
        .collect()
}

/// Calendar `name` with what it holds.
pub fn get(journal: &Journal, name: &str) -> Result<(CalendarInfo, CalendarCounts)> {
    let store = journal.store();
    let calendar = store
        .calendar(name)?
        .ok_or_else(|| crate::store::StoreError::NoSuchCalendar(name.to_string()))?;
    let counts = store.calendar_counts(calendar.id)?;
    Ok((calendar, counts))
}

/// Removes calendar `name` with its events, in one transaction (the classifications
/// stay: another calendar may hold the same meeting). Returns what it held.
pub fn remove(journal: &mut Journal, name: &str) -> Result<CalendarCounts> {
    Ok(journal.store_mut().remove_calendar(name)?)
}

/// Gives calendar `from` the name `to` (trimmed; a blank or taken name is refused).
/// Returns the new name.
pub fn rename(journal: &mut Journal, from: &str, to: &str) -> Result<String> {
    let to = name(to)?;
    journal.store_mut().rename_calendar(from, to)?;
    Ok(to.to_string())
}

/// A calendar to import, as the user gave it.
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    /// Where it is: a file's path, `-` for standard input, or an http(s) address.
    pub source: &'a str,
    /// The name asked for; else the file's own name, else the source's (made unique).
    pub name: Option<&'a str>,
    /// Whether a calendar of that name from another source may be replaced.
    pub replace: bool,
    /// Whether a copy that looks cut short or emptied is taken anyway.
    pub force: bool,
}

/// Reads calendar `wanted` from its source (an address waits at most `timeout`) and
/// imports it. Calendars kept from an older journal format are rebuilt first. A blank
/// name is refused, and a source already imported under another name is refused before
/// it is read; the rest is [`import::import_calendar`]'s.
pub fn import(
    journal: &mut Journal,
    now: Now,
    wanted: &Import<'_>,
    timeout: Duration,
) -> Result<ImportSummary> {
    let store = journal.store_mut();
    import::rebuild_stale_calendars(store, now.zone, now.at.to_utc())?;
    let asked = wanted.name.map(name).transpose()?;
    let source = Source::parse(wanted.source);
    import::check_not_imported_elsewhere(store, &source, asked)?;
    let text = crate::io::source::read(&source, timeout)?;
    Ok(import::import_calendar(
        store,
        &import::ImportRequest {
            source: &source,
            text: &text,
            name: wanted.name,
            replace: wanted.replace,
            force: wanted.force,
            calendar: None,
        },
        now.zone,
        now.at.to_utc(),
    )?)
}

#[cfg(test)]
#[path = "calendars_tests.rs"]
mod tests;
