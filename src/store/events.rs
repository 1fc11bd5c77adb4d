//! The events imported calendars hold, read back: occurrences in a window or by id, the
//! texts of recent events, and series by title or UID.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::calendars::utc;
use super::{Result, Store};
use crate::domain::event::{Attendance, Attendee, EventOccurrence, PartStat};

/// One text of imported events and when an event with it last started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenText {
    /// The title.
    pub title: String,
    /// How many attendees.
    pub attendees: u32,
    /// Who, with their answers.
    pub attendee_list: Vec<Attendee>,
    /// The last start, UTC seconds.
    pub last_start: i64,
}

/// The columns every occurrence query selects, over `o` (occurrences), `s` (series),
/// `d` (details) and `c` (calendars).
const OCCURRENCE_COLUMNS: &str = "o.id, c.name, s.uid, o.occ_key, d.title, d.description, d.categories, d.organizer, d.attendees, o.start_utc, o.end_utc, o.all_day, s.recurring, d.attendee_list, d.transparent, d.tentative, d.cancelled";

/// The tables an occurrence is read from, joined.
const OCCURRENCE_TABLES: &str = "event_occurrences o
    JOIN event_series s ON s.id = o.series_id
    JOIN calendars c ON c.id = s.calendar_id
    JOIN event_details d ON d.id = o.details_id";

/// Attendees as stored: `address U+001E PARTSTAT`, joined with U+001F.
pub(super) fn join_attendees(list: &[Attendee]) -> String {
    list.iter()
        .map(|a| format!("{}\u{1e}{}", a.address, a.partstat.as_str()))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

fn split_attendees(text: &str) -> Vec<Attendee> {
    text.split('\u{1f}')
        .filter(|a| !a.is_empty())
        .map(|a| {
            let (address, partstat) = a.split_once('\u{1e}').unwrap_or((a, ""));
            Attendee {
                address: address.to_string(),
                partstat: PartStat::parse(partstat),
            }
        })
        .collect()
}

fn read_occurrence(r: &Row<'_>) -> rusqlite::Result<EventOccurrence> {
    let categories: String = r.get(6)?;
    let attendees: String = r.get(13)?;
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
        attendee_list: split_attendees(&attendees),
        transparent: r.get(14)?,
        tentative: r.get(15)?,
        cancelled: r.get(16)?,
        also_in: Vec::new(),
        attendance: Attendance::Counted,
    })
}

impl Store {
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
            "SELECT {OCCURRENCE_COLUMNS} FROM {OCCURRENCE_TABLES}
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

    /// Each distinct text of the events starting in `[since, until)` (not all-day),
    /// with the last start (UTC seconds) of its occurrences: what finding 1:1s needs, by
    /// title or by attendee, without reading every occurrence.
    pub fn event_texts_last_seen(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<SeenText>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.title, d.attendees, d.attendee_list, m.last
             FROM (SELECT details_id, max(start_utc) AS last FROM event_occurrences
                   WHERE start_utc >= ?1 AND start_utc < ?2 AND all_day = 0
                   GROUP BY details_id) m
             JOIN event_details d ON d.id = m.details_id
             WHERE d.cancelled = 0",
        )?;
        let rows = stmt.query_map(params![since.timestamp(), until.timestamp()], |r| {
            let list: String = r.get(2)?;
            Ok(SeenText {
                title: r.get(0)?,
                attendees: r.get(1)?,
                attendee_list: split_attendees(&list),
                last_start: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One stored occurrence by id.
    pub fn event_occurrence(&self, id: i64) -> Result<Option<EventOccurrence>> {
        let sql = format!("SELECT {OCCURRENCE_COLUMNS} FROM {OCCURRENCE_TABLES} WHERE o.id = ?1");
        Ok(self
            .conn
            .query_row(&sql, [id], read_occurrence)
            .optional()?)
    }

    /// Distinct series (UID and a title) whose title contains `pattern`, ignoring case.
    pub fn series_matching(&self, pattern: &str) -> Result<Vec<(String, String)>> {
        let needle = pattern.to_lowercase();
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.uid, min(d.title) FROM event_series s JOIN event_details d ON d.series_id = s.id
             GROUP BY s.uid ORDER BY min(d.title)",
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
            "SELECT EXISTS (SELECT 1 FROM event_series WHERE uid = ?1)",
            [uid],
            |r| r.get(0),
        )?)
    }
}
