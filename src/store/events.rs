//! The events imported calendars hold, read back: occurrences in a window or by id, the
//! texts of recent events, and series by title or UID.

use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::calendars::utc;
use super::{Result, Store};
use crate::domain::event::{
    Attendance, Attendee, EventOccurrence, EventText, PartStat, Placement, SharedText,
};
use crate::domain::hash::{FastMap, HashMapExt};
use crate::domain::shared::Shared;

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

/// The occurrences starting in `[?1, ?2)` that overlap from `?3` on, numbers only, in
/// start order: read from the index by start alone, which holds each of these columns
/// (journal format 15).
pub(super) const WINDOW: &str = "SELECT o.id, o.series_id, o.details_id, o.occ_key, o.start_utc, o.end_utc, o.all_day
     FROM event_occurrences o
     WHERE o.start_utc >= ?1 AND o.start_utc < ?2 AND (o.end_utc > ?3 OR (o.end_utc = o.start_utc AND o.start_utc >= ?3))
     ORDER BY o.start_utc";

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

fn split_categories(text: &str) -> Vec<String> {
    text.split('\u{1f}')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn read_occurrence(r: &Row<'_>) -> rusqlite::Result<EventOccurrence> {
    let categories: String = r.get(6)?;
    let attendees: String = r.get(13)?;
    Ok(EventOccurrence {
        id: r.get(0)?,
        calendar: r.get::<_, String>(1)?.into(),
        uid: r.get::<_, String>(2)?.into(),
        key: r.get(3)?,
        title: r.get::<_, String>(4)?.into(),
        description: r.get::<_, String>(5)?.into(),
        categories: split_categories(&categories).into(),
        organizer: r.get::<_, String>(7)?.into(),
        attendees: r.get(8)?,
        start: utc(r.get(9)?),
        end: utc(r.get(10)?),
        all_day: r.get(11)?,
        recurring: r.get(12)?,
        attendee_list: split_attendees(&attendees).into(),
        transparent: r.get(14)?,
        tentative: r.get(15)?,
        cancelled: r.get(16)?,
        also_in: Vec::new(),
        attendance: Attendance::Counted,
    })
}

/// An occurrence's own columns, before its series and text are joined to it.
struct Slot {
    id: i64,
    series: i64,
    details: i64,
    key: i64,
    start: i64,
    end: i64,
    all_day: bool,
}

/// What the occurrences of a series share beside their text, ready to share.
struct SeriesHead {
    calendar: Shared<String>,
    uid: Shared<String>,
    recurring: bool,
}

impl Slot {
    /// The occurrence, holding its series' names and its text, not copies of them.
    fn occurrence(&self, head: &SeriesHead, text: &SharedText) -> EventOccurrence {
        text.occurrence(Placement {
            id: self.id,
            calendar: &head.calendar,
            uid: &head.uid,
            recurring: head.recurring,
            key: self.key,
            start: utc(self.start),
            end: utc(self.end),
            all_day: self.all_day,
        })
    }
}

/// Reads the series and texts a window's occurrences name, each statement prepared once
/// for all of them (looked up in the statement cache for each, they cost a sixth of
/// reading them), and each calendar's name once.
struct TextReader<'c> {
    heads: rusqlite::CachedStatement<'c>,
    texts: rusqlite::CachedStatement<'c>,
    /// The name of each calendar, by id.
    calendars: FastMap<i64, Shared<String>>,
}

impl<'c> TextReader<'c> {
    fn new(store: &'c Store) -> Result<TextReader<'c>> {
        let mut names = store
            .conn
            .prepare_cached("SELECT id, name FROM calendars")?;
        let calendars = names
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?.into())))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(TextReader {
            heads: store.conn.prepare_cached(
                "SELECT calendar_id, uid, recurring FROM event_series WHERE id = ?1",
            )?,
            texts: store.conn.prepare_cached(
                "SELECT title, description, categories, organizer, attendees, attendee_list,
                        transparent, tentative, cancelled
                 FROM event_details WHERE id = ?1",
            )?,
            calendars,
        })
    }

    /// The calendar, UID and whether it repeats of the series `id` (none when the
    /// series, or its calendar, is gone).
    fn series_head(&mut self, id: i64) -> Result<Option<SeriesHead>> {
        let found = self
            .heads
            .query_row([id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })
            .optional()?;
        Ok(found.and_then(|(calendar, uid, recurring)| {
            Some(SeriesHead {
                calendar: self.calendars.get(&calendar)?.clone(),
                uid: uid.into(),
                recurring,
            })
        }))
    }

    /// The stored text `id` of occurrences.
    fn event_text(&mut self, id: i64) -> Result<Option<SharedText>> {
        Ok(self
            .texts
            .query_row([id], |r| {
                let categories: String = r.get(2)?;
                let attendees: String = r.get(5)?;
                Ok(SharedText::from(EventText {
                    title: r.get(0)?,
                    description: r.get(1)?,
                    categories: split_categories(&categories),
                    organizer: r.get(3)?,
                    attendees: r.get(4)?,
                    attendee_list: split_attendees(&attendees),
                    transparent: r.get(6)?,
                    tentative: r.get(7)?,
                    cancelled: r.get(8)?,
                }))
            })
            .optional()?)
    }
}

impl Store {
    /// Stored occurrences overlapping `[from, to)`, in start order.
    ///
    /// The window's rows are read narrow (numbers only), and each series and each text
    /// they name once: a year holds thousands of occurrences of a few hundred series,
    /// and reading every text and attendee list with every occurrence was most of a
    /// year's audit.
    pub fn list_event_occurrences_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<EventOccurrence>> {
        // One read for the window and the series and texts it names (thousands of
        // statements for a year).
        let transaction = self.read_transaction()?;
        let max_length: i64 = self.conn.query_row(
            "SELECT coalesce(max(max_length), 0) FROM calendars",
            [],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(WINDOW)?;
        let mut rows = stmt.query(params![
            from.timestamp() - max_length,
            to.timestamp(),
            from.timestamp()
        ])?;
        let mut read = TextReader::new(self)?;
        let mut series: FastMap<i64, Option<SeriesHead>> = FastMap::new();
        let mut texts: FastMap<i64, Option<SharedText>> = FastMap::new();
        let mut out = Vec::new();
        // Each row becomes its occurrence as it is read (collecting the rows first took
        // a megabyte for a year, and the memory a process touches first costs it).
        while let Some(r) = rows.next()? {
            let slot = Slot {
                id: r.get(0)?,
                series: r.get(1)?,
                details: r.get(2)?,
                key: r.get(3)?,
                start: r.get(4)?,
                end: r.get(5)?,
                all_day: r.get(6)?,
            };
            if let Entry::Vacant(e) = series.entry(slot.series) {
                e.insert(read.series_head(slot.series)?);
            }
            if let Entry::Vacant(e) = texts.entry(slot.details) {
                e.insert(read.event_text(slot.details)?);
            }
            // As the join read them: an occurrence whose series or text is gone is not.
            let (Some(Some(head)), Some(Some(text))) =
                (series.get(&slot.series), texts.get(&slot.details))
            else {
                continue;
            };
            out.push(slot.occurrence(head, text));
        }
        // Ties in start by id: the index gives start order only (in SQL, that order took
        // a sort of its own).
        for together in out.chunk_by_mut(|a, b| a.start == b.start) {
            together.sort_unstable_by_key(|o| o.id);
        }
        drop((rows, read));
        if let Some(transaction) = transaction {
            transaction.commit()?;
        }
        Ok(out)
    }

    /// Each distinct text of the events starting in `[since, until)` (not all-day),
    /// with the last start (UTC seconds) of its occurrences: what finding 1:1s needs, by
    /// title or by attendee, without reading every occurrence.
    ///
    /// The last starts are found here from the start index alone, and each text read
    /// once: grouping a year of occurrences in SQL sorted them all first (a third of the
    /// People screen's first frame).
    pub fn event_texts_last_seen(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<SeenText>> {
        let read = self.read_transaction()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT details_id, start_utc FROM event_occurrences
             WHERE start_utc >= ?1 AND start_utc < ?2 AND all_day = 0",
        )?;
        let mut last: FastMap<i64, i64> = FastMap::new();
        let mut rows = stmt.query(params![since.timestamp(), until.timestamp()])?;
        while let Some(r) = rows.next()? {
            let (details, start): (i64, i64) = (r.get(0)?, r.get(1)?);
            let seen = last.entry(details).or_insert(start);
            *seen = (*seen).max(start);
        }
        // In the order of the texts, as the grouping gave them.
        let mut last: Vec<(i64, i64)> = last.into_iter().collect();
        last.sort_unstable();
        let mut text = self.conn.prepare_cached(
            "SELECT title, attendees, attendee_list FROM event_details
             WHERE id = ?1 AND cancelled = 0",
        )?;
        let mut out = Vec::with_capacity(last.len());
        for (details, last_start) in last {
            let seen = text
                .query_row([details], |r| {
                    let list: String = r.get(2)?;
                    Ok(SeenText {
                        title: r.get(0)?,
                        attendees: r.get(1)?,
                        attendee_list: split_attendees(&list),
                        last_start,
                    })
                })
                .optional()?;
            out.extend(seen);
        }
        if let Some(read) = read {
            read.commit()?;
        }
        Ok(out)
    }

    /// A transaction for several reads that belong together, unless the caller holds
    /// one: each statement on its own takes and releases the file's lock, several
    /// system calls apiece.
    fn read_transaction(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        Ok(if self.conn.is_autocommit() {
            Some(self.conn.unchecked_transaction()?)
        } else {
            None
        })
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
