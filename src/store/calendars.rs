//! Imported calendars: their rows (name, source, when last read, why a refresh failed),
//! the file each keeps, and what each holds. Their events are in `events` (read) and
//! `calendar_import` (written).

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{TransactionBehavior, params};

use super::{Result, Store, StoreError};

/// A calendar about to be stored.
#[derive(Debug, Clone)]
pub struct NewCalendar<'a> {
    /// Its name (the same name replaces the earlier import).
    pub name: &'a str,
    /// Where it came from, as it is read again on refresh.
    pub source: &'a str,
    /// What makes the source the same calendar under any name (`None` for stdin).
    pub source_key: Option<&'a str>,
    /// The name the file gives itself (`X-WR-CALNAME`), if any.
    pub calname: Option<&'a str>,
    /// The file's text.
    pub content: &'a str,
    /// A hash of the text, to see an unchanged re-import.
    pub content_hash: &'a str,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
    /// How far ahead occurrences were stored.
    pub horizon_end: DateTime<Utc>,
}

/// A stored calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarInfo {
    /// The journal's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Where it came from.
    pub source: String,
    /// What makes its source the same calendar under any name.
    pub source_key: Option<String>,
    /// The name its file gives itself (`X-WR-CALNAME`).
    pub calname: Option<String>,
    /// The hash of its text.
    pub content_hash: String,
    /// How far ahead its occurrences are stored.
    pub horizon_end: DateTime<Utc>,
    /// When its source was last read well (`None` if never, or if what is stored is not
    /// a time).
    pub refreshed_at: Option<DateTime<Utc>>,
    /// Why the last refresh failed, if it did.
    pub last_error: Option<String>,
}

/// How much a calendar holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CalendarCounts {
    /// Distinct events (UIDs).
    pub events: i64,
    /// Of them, those that repeat.
    pub series: i64,
    /// Stored occurrences.
    pub occurrences: i64,
}

/// Fills the source key of calendars imported before keys were kept (migration 8).
pub(super) fn fill_source_keys(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT id, source FROM calendars")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, source) in rows {
        let key = crate::domain::source::Source::parse(&source).key();
        tx.execute(
            "UPDATE calendars SET source_key = ?2 WHERE id = ?1",
            params![id, key],
        )?;
    }
    Ok(())
}

/// A time stored as UTC seconds.
pub(super) fn utc(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().unwrap_or_default()
}

impl Store {
    /// The calendar called `name`.
    pub fn calendar(&self, name: &str) -> Result<Option<CalendarInfo>> {
        Ok(self.list_calendars()?.into_iter().find(|c| c.name == name))
    }

    /// Every imported calendar.
    pub fn list_calendars(&self) -> Result<Vec<CalendarInfo>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.source, c.content_hash, c.horizon_end, c.source_key,
                    c.refreshed_at, c.last_error, c.calname
             FROM calendars c ORDER BY c.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CalendarInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                source: r.get(2)?,
                content_hash: r.get(3)?,
                horizon_end: utc(r.get(4)?),
                source_key: r.get(5)?,
                refreshed_at: r
                    .get::<_, Option<String>>(6)?
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.to_utc()),
                last_error: r.get(7)?,
                calname: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many events, repeating series and occurrences calendar `id` holds.
    pub fn calendar_counts(&self, id: i64) -> Result<CalendarCounts> {
        Ok(self.conn.query_row(
            "SELECT count(*), coalesce(sum(recurring), 0),
                    (SELECT occurrences FROM calendars WHERE id = ?1)
             FROM event_series WHERE calendar_id = ?1",
            [id],
            |r| {
                Ok(CalendarCounts {
                    events: r.get(0)?,
                    series: r.get(1)?,
                    occurrences: r.get(2)?,
                })
            },
        )?)
    }

    /// Removes calendar `name` with its occurrences, in one transaction; what it held.
    /// The user's classifications stay (they are keyed by UID and may serve another
    /// calendar holding the same meeting).
    pub fn remove_calendar(&mut self, name: &str) -> Result<CalendarCounts> {
        let cal = self
            .calendar(name)?
            .ok_or_else(|| StoreError::NoSuchCalendar(name.to_string()))?;
        let counts = self.calendar_counts(cal.id)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Its series go with it, and their occurrences and text with them.
        tx.execute("DELETE FROM calendars WHERE id = ?1", [cal.id])?;
        tx.commit()?;
        Ok(counts)
    }

    /// Renames calendar `from` to `to`; a name already in use is refused.
    pub fn rename_calendar(&mut self, from: &str, to: &str) -> Result<()> {
        let cal = self
            .calendar(from)?
            .ok_or_else(|| StoreError::NoSuchCalendar(from.to_string()))?;
        if let Some(other) = self.calendar(to)?
            && other.id != cal.id
        {
            return Err(StoreError::CalendarExists(to.to_string()));
        }
        self.conn.execute(
            "UPDATE calendars SET name = ?2 WHERE id = ?1",
            params![cal.id, to],
        )?;
        Ok(())
    }

    /// Records that refreshing calendar `id` failed, and why; its events stay as they
    /// were. A calendar removed meanwhile is left removed.
    pub fn record_refresh_failure(&mut self, id: i64, error: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE calendars SET last_error = ?2 WHERE id = ?1",
            params![id, error],
        )?;
        Ok(())
    }

    /// Records that calendar `id`'s source was read well at `at` and had not changed.
    pub fn record_refresh_unchanged(&mut self, id: i64, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE calendars SET last_error = NULL, refreshed_at = ?2 WHERE id = ?1",
            params![id, at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// How many occurrences of calendar `id` are stored.
    pub fn count_calendar_occurrences(&self, id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT occurrences FROM calendars WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// The stored text of every calendar, with its name, for expanding beyond the horizon.
    pub fn calendar_contents(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.name, f.content FROM calendars c JOIN calendar_files f ON f.calendar_id = c.id
                 ORDER BY c.name",
            )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Writes calendar `cal`'s row (a new one, or `existing` updated: read well now, no
/// error) and the file it keeps, within an import's transaction; returns its id.
pub(super) fn write_calendar_row(
    tx: &rusqlite::Transaction<'_>,
    existing: Option<i64>,
    cal: &NewCalendar<'_>,
) -> Result<i64> {
    let id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE calendars SET source = ?2, content_hash = ?3, imported_at = ?4,
                        horizon_end = ?5, source_key = ?6, refreshed_at = ?4,
                        last_error = NULL, calname = ?7 WHERE id = ?1",
                params![
                    id,
                    cal.source,
                    cal.content_hash,
                    cal.imported_at.to_rfc3339(),
                    cal.horizon_end.timestamp(),
                    cal.source_key,
                    cal.calname
                ],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO calendars (name, source, content_hash, imported_at, horizon_end, max_length, source_key, refreshed_at, calname)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?4, ?7)",
                params![cal.name, cal.source, cal.content_hash, cal.imported_at.to_rfc3339(), cal.horizon_end.timestamp(), cal.source_key, cal.calname],
            )?;
            tx.last_insert_rowid()
        }
    };
    tx.execute(
        "INSERT INTO calendar_files (calendar_id, content) VALUES (?1, ?2)
         ON CONFLICT (calendar_id) DO UPDATE SET content = excluded.content",
        params![id, cal.content],
    )?;
    Ok(id)
}
