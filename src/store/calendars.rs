//! Imported calendars, their occurrences, and the user's classifications.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use super::{Result, Store, StoreError};
use crate::domain::event::{Category, EventOccurrence};

pub use crate::domain::event::WHOLE_SERIES as SERIES;

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
    /// When its source was last read well (RFC 3339).
    pub refreshed_at: Option<String>,
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

fn utc(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().unwrap_or_default()
}

const OCCURRENCE_COLUMNS: &str = "o.id, c.name, o.uid, o.occ_key, o.title, o.description, o.categories, o.organizer, o.attendees, o.start_utc, o.end_utc, o.all_day, o.recurring";

fn read_occurrence(r: &Row<'_>) -> rusqlite::Result<EventOccurrence> {
    let categories: String = r.get(6)?;
    Ok(EventOccurrence {
        id: r.get(0)?,
        calendar: r.get(1)?,
        uid: r.get(2)?,
        key: r.get(3)?,
        title: r.get(4)?,
        description: r.get(5)?,
        categories: categories
            .split('\u{1f}')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
        organizer: r.get(7)?,
        attendees: r.get(8)?,
        start: utc(r.get(9)?),
        end: utc(r.get(10)?),
        all_day: r.get(11)?,
        recurring: r.get(12)?,
    })
}

impl Store {
    /// Replaces calendar `cal.name` (or adds it) with these occurrences, in one
    /// transaction: either all of it lands or nothing changes. Classifications, keyed by
    /// UID, are untouched.
    pub fn replace_calendar(
        &mut self,
        cal: &NewCalendar<'_>,
        occurrences: &[EventOccurrence],
    ) -> Result<i64> {
        let max_length = occurrences
            .iter()
            .map(|o| (o.end - o.start).num_seconds())
            .max()
            .unwrap_or(0)
            .max(0);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM calendars WHERE name = ?1",
                [cal.name],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute("DELETE FROM event_occurrences WHERE calendar_id = ?1", [id])?;
                tx.execute(
                    "UPDATE calendars SET source = ?2, content = ?3, content_hash = ?4, imported_at = ?5,
                            horizon_end = ?6, max_length = ?7, source_key = ?8, refreshed_at = ?5,
                            last_error = NULL, calname = ?9 WHERE id = ?1",
                    params![id, cal.source, cal.content, cal.content_hash, cal.imported_at.to_rfc3339(), cal.horizon_end.timestamp(), max_length, cal.source_key, cal.calname],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO calendars (name, source, content, content_hash, imported_at, horizon_end, max_length, source_key, refreshed_at, calname)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5, ?9)",
                    params![cal.name, cal.source, cal.content, cal.content_hash, cal.imported_at.to_rfc3339(), cal.horizon_end.timestamp(), max_length, cal.source_key, cal.calname],
                )?;
                tx.last_insert_rowid()
            }
        };
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO event_occurrences (calendar_id, uid, occ_key, title, description, categories,
                     organizer, attendees, start_utc, end_utc, all_day, recurring)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for o in occurrences {
                insert.execute(params![
                    id,
                    o.uid,
                    o.key,
                    o.title,
                    o.description,
                    o.categories.join("\u{1f}"),
                    o.organizer,
                    o.attendees,
                    o.start.timestamp(),
                    o.end.timestamp(),
                    o.all_day,
                    o.recurring
                ])?;
            }
        }
        tx.commit()?;
        Ok(id)
    }

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
                refreshed_at: r.get(6)?,
                last_error: r.get(7)?,
                calname: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many events, repeating series and occurrences calendar `id` holds.
    pub fn calendar_counts(&self, id: i64) -> Result<CalendarCounts> {
        Ok(self.conn.query_row(
            "SELECT count(DISTINCT uid), count(DISTINCT CASE WHEN recurring THEN uid END), count(*)
             FROM event_occurrences WHERE calendar_id = ?1",
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
        tx.execute(
            "DELETE FROM event_occurrences WHERE calendar_id = ?1",
            [cal.id],
        )?;
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

    /// Records that refreshing calendar `name` failed, and why; its events stay as they
    /// were.
    pub fn record_refresh_failure(&mut self, name: &str, error: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE calendars SET last_error = ?2 WHERE name = ?1",
            params![name, error],
        )?;
        Ok(())
    }

    /// Records that calendar `name`'s source was read well at `at` and had not changed.
    pub fn record_refresh_unchanged(&mut self, name: &str, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE calendars SET last_error = NULL, refreshed_at = ?2 WHERE name = ?1",
            params![name, at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// How many occurrences of calendar `id` are stored.
    pub fn count_calendar_occurrences(&self, id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM event_occurrences WHERE calendar_id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// The stored text of every calendar, with its name, for expanding beyond the horizon.
    pub fn calendar_contents(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, content FROM calendars ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stored occurrences overlapping `[from, to)`, in start order.
    pub fn list_event_occurrences_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<EventOccurrence>> {
        let max_length: i64 = self.conn.query_row(
            "SELECT coalesce(max(max_length), 0) FROM calendars",
            [],
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {OCCURRENCE_COLUMNS} FROM event_occurrences o JOIN calendars c ON c.id = o.calendar_id
             WHERE o.start_utc >= ?1 AND o.start_utc < ?2 AND (o.end_utc > ?3 OR (o.end_utc = o.start_utc AND o.start_utc >= ?3))
             ORDER BY o.start_utc, o.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                from.timestamp() - max_length,
                to.timestamp(),
                from.timestamp()
            ],
            read_occurrence,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each distinct event title starting in `[since, until)`, with the last start (UTC
    /// seconds) of an occurrence that had exactly two attendees (if any) and the last
    /// start of any occurrence: what finding 1:1s needs, without reading every occurrence.
    pub fn event_titles_last_seen(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<(String, Option<i64>, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT title, max(CASE WHEN attendees = 2 THEN start_utc END), max(start_utc)
             FROM event_occurrences WHERE start_utc >= ?1 AND start_utc < ?2 AND all_day = 0
             GROUP BY title",
        )?;
        let rows = stmt.query_map(params![since.timestamp(), until.timestamp()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One stored occurrence by id.
    pub fn event_occurrence(&self, id: i64) -> Result<Option<EventOccurrence>> {
        let sql = format!(
            "SELECT {OCCURRENCE_COLUMNS} FROM event_occurrences o JOIN calendars c ON c.id = o.calendar_id WHERE o.id = ?1"
        );
        Ok(self
            .conn
            .query_row(&sql, [id], read_occurrence)
            .optional()?)
    }

    /// Distinct series (UID and a title) whose title contains `pattern`, ignoring case.
    pub fn series_matching(&self, pattern: &str) -> Result<Vec<(String, String)>> {
        let needle = pattern.to_lowercase();
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, min(title) FROM event_occurrences GROUP BY uid ORDER BY min(title)",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (uid, title) = row?;
            if title.to_lowercase().contains(&needle) {
                out.push((uid, title));
            }
        }
        Ok(out)
    }

    /// Whether any occurrence of series `uid` is stored.
    pub fn series_exists(&self, uid: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM event_occurrences WHERE uid = ?1)",
            [uid],
            |r| r.get(0),
        )?)
    }

    /// Records the user's choice for a series (`occ_key` = [`SERIES`]) or one occurrence.
    /// Choosing for a series clears earlier choices for its single occurrences, so the
    /// new choice applies to all of them.
    pub fn set_classification(
        &mut self,
        uid: &str,
        occ_key: i64,
        category: Category,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if occ_key == SERIES {
            tx.execute("DELETE FROM classifications WHERE uid = ?1", [uid])?;
        }
        tx.execute(
            "INSERT INTO classifications (uid, occ_key, category) VALUES (?1, ?2, ?3)
             ON CONFLICT (uid, occ_key) DO UPDATE SET category = excluded.category",
            params![uid, occ_key, category.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every choice the user made: (UID, occurrence key or [`SERIES`]) to category.
    pub fn classifications(&self) -> Result<HashMap<(String, i64), Category>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid, occ_key, category FROM classifications")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (uid, key, category) = row?;
            let category = Category::parse(&category)
                .ok_or_else(|| StoreError::BadData(format!("a classification '{category}'")))?;
            out.insert((uid, key), category);
        }
        Ok(out)
    }
}
