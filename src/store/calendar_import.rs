//! Writing an imported calendar: its row, its file and its series, in one transaction,
//! changing only the series, texts and occurrences that differ from what is stored.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::calendars::NewCalendar;
use super::events::join_attendees;
use super::{Result, Store, StoreError};
use crate::domain::event::{EventOccurrence, ImportRows, SeriesRows};
use crate::domain::hash::{FastMap, FastSet, HashMapExt as _, HashSetExt as _};

/// The text an occurrence shares with the others of its series that say the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Details<'a> {
    title: &'a str,
    description: &'a str,
    categories: String,
    organizer: &'a str,
    attendees: u32,
    attendee_list: String,
    transparent: bool,
    tentative: bool,
    cancelled: bool,
}

impl<'a> Details<'a> {
    fn of(o: &'a EventOccurrence) -> Details<'a> {
        Details {
            title: &o.title,
            description: &o.description,
            categories: o.categories.join("\u{1f}"),
            organizer: &o.organizer,
            attendees: o.attendees,
            attendee_list: join_attendees(&o.attendee_list),
            transparent: o.transparent,
            tentative: o.tentative,
            cancelled: o.cancelled,
        }
    }
}

/// A hash of everything stored for one series: its occurrences, in key order, with
/// their text. Equal hashes mean a refresh can keep the series as it is.
fn series_hash(occurrences: &[&EventOccurrence]) -> u64 {
    let mut h = crate::domain::hash::Fnv::new();
    for o in occurrences {
        let d = Details::of(o);
        h.write_i64(o.key);
        h.write_i64(o.start.timestamp());
        h.write_i64(o.end.timestamp());
        h.write_u8(
            u8::from(o.all_day)
                | u8::from(o.recurring) << 1
                | u8::from(d.transparent) << 2
                | u8::from(d.tentative) << 3
                | u8::from(d.cancelled) << 4,
        );
        for text in [
            d.title,
            d.description,
            &d.categories,
            d.organizer,
            &d.attendee_list,
        ] {
            h.write_str(text);
        }
        h.write_i64(i64::from(d.attendees));
    }
    h.finish()
}

/// What a replace wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReplaceStats {
    /// Series written anew (new or changed).
    pub written: usize,
    /// Series kept as they were.
    pub kept: usize,
    /// Series no longer in the file, removed.
    pub removed: usize,
    /// The calendar's row.
    pub calendar: i64,
}

impl Store {
    /// Replaces calendar `cal.name` (or adds it) with these occurrences, in one
    /// transaction: either all of it lands or nothing changes. Only the series whose
    /// occurrences or text changed are written; the rest stay as they are (a weekly
    /// refresh of a calendar where little changed writes little). Classifications, keyed
    /// by UID, are untouched.
    pub fn replace_calendar(
        &mut self,
        cal: &NewCalendar<'_>,
        occurrences: &[EventOccurrence],
    ) -> Result<ReplaceStats> {
        let mut by_uid: HashMap<&str, Vec<&EventOccurrence>> = HashMap::new();
        for o in occurrences {
            by_uid.entry(o.uid.as_str()).or_default().push(o);
        }
        let hashes: FastMap<&str, u64> = by_uid
            .into_iter()
            .map(|(uid, mut list)| {
                list.sort_by_key(|o| (o.key, o.start));
                (uid, series_hash(&list))
            })
            .collect();
        let stored = self.stored_series(cal.name)?;
        self.replace_calendar_series(
            cal,
            ImportRows::from_occurrences(occurrences)
                .series
                .into_iter()
                .map(Ok),
            &hashes,
            stored,
        )
    }

    /// The series calendar `name` holds, with the hash each was stored with: read once
    /// per import, to tell which of the file's series changed before it is expanded,
    /// and then, unless they changed in between, to write it.
    pub fn stored_series(&self, name: &str) -> Result<StoredSeries> {
        let read_at = write_mark(&self.conn)?;
        let calendar: Option<i64> = self
            .conn
            .query_row("SELECT id FROM calendars WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        let series = match calendar {
            Some(id) => read_series(&self.conn, id)?,
            None => FastMap::new(),
        };
        Ok(StoredSeries {
            calendar,
            series,
            read_at,
        })
    }

    /// As [`Store::replace_calendar`], with the calendar's series named by `hashes`
    /// (UID to a hash of what the file says of it) and `stored` as
    /// [`Store::stored_series`] read them ([`StoreError::Stale`], and nothing written,
    /// should they have changed since): a series whose stored hash is the same is kept
    /// as it is and needs no rows here; the others are written from `series` (taken as
    /// they come, so an import can write one while it expands the next; a series
    /// `hashes` does not name is left out, one it names but `series` does not bring has
    /// no occurrences; an error in `series` rolls all back; each is dropped once
    /// written); stored series not in `hashes` are removed.
    pub fn replace_calendar_series<R: std::borrow::Borrow<SeriesRows>>(
        &mut self,
        cal: &NewCalendar<'_>,
        series: impl IntoIterator<Item = Result<R>>,
        hashes: &FastMap<&str, u64>,
        stored: StoredSeries,
    ) -> Result<ReplaceStats> {
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
        // Read before any write of this transaction, to compare with the mark it was
        // read at.
        let stored = stored.unless_stale(&tx, existing)?;
        let id = super::calendars::write_calendar_row(&tx, existing, cal)?;
        let held: i64 = tx.query_row(
            "SELECT coalesce(sum(occurrences), 0) FROM calendars",
            [],
            |r| r.get(0),
        )?;
        let mut writer = CalendarWriter::new(&tx, id, stored)?;
        let mut start_index = None;
        let mut written = 0;
        let mut done: FastSet<&str> = FastSet::with_capacity(hashes.len());
        for rows in series {
            let rows = rows?;
            let rows = rows.borrow();
            let Some((&uid, &hash)) = hashes.get_key_value(rows.uid.as_str()) else {
                continue;
            };
            written += rows.occurrences.len();
            if start_index.is_none() && StartIndex::worth_rebuilding(written, held) {
                start_index = StartIndex::set_aside(&tx)?;
            }
            writer.put(uid, rows, hash)?;
            done.insert(uid);
        }
        // The series that brought no rows: kept as stored, else (new, or changed to have
        // no occurrences) written empty, in UID order.
        let mut empty: Vec<(&str, u64)> = hashes
            .iter()
            .filter(|&(uid, &hash)| !done.contains(uid) && !writer.keep(uid, hash))
            .map(|(&uid, &hash)| (uid, hash))
            .collect();
        empty.sort_unstable();
        let none = SeriesRows::default();
        for (uid, hash) in empty {
            writer.put(uid, &none, hash)?;
        }
        let (stats, added, longest) = writer.finish()?;
        if let Some(index) = start_index {
            index.rebuild(&tx)?;
        }
        // At least the longest occurrence, for window queries (too long only makes a
        // window read a little more; kept series are as long as before).
        tx.execute(
            "UPDATE calendars SET occurrences = occurrences + ?2, max_length = max(max_length, ?3)
             WHERE id = ?1",
            params![id, added, longest],
        )?;
        tx.commit()?;
        Ok(stats)
    }
}

/// The series one calendar holds, as [`Store::stored_series`] read them: good for one
/// write on the same connection, if nothing was written in between.
#[derive(Debug)]
pub struct StoredSeries {
    /// The calendar's row, if it exists.
    calendar: Option<i64>,
    /// UID to (row, stored hash; `None` when the stored text is not one).
    series: FastMap<String, (i64, Option<u64>)>,
    /// The journal's write mark when they were read (see `write_mark`).
    read_at: (i64, u64),
}

impl StoredSeries {
    /// The series as read, if nothing was written to the journal since (`tx` has not
    /// written yet); else as they are now, if they did not change. A series the import
    /// left unread, or did not expand, because that read said it was unchanged may have
    /// changed since: then the import must start again ([`StoreError::Stale`]). Most
    /// writes in between are to other things (a reflection typed meanwhile): the series
    /// are read again only when something was written, and only a change to them makes
    /// the import stale.
    fn unless_stale(
        self,
        tx: &rusqlite::Transaction<'_>,
        existing: Option<i64>,
    ) -> Result<FastMap<String, (i64, Option<u64>)>> {
        if self.read_at == write_mark(tx)? {
            return Ok(self.series);
        }
        let now = match existing {
            Some(id) => read_series(tx, id)?,
            None => FastMap::new(),
        };
        if self.calendar != existing || now != self.series {
            return Err(StoreError::Stale);
        }
        Ok(now)
    }

    /// The hash series `uid` was stored with, if it is stored.
    pub fn hash(&self, uid: &str) -> Option<u64> {
        self.series.get(uid).and_then(|(_, h)| *h)
    }

    /// Whether the calendar holds no series.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// The UIDs of the series held.
    pub fn uids(&self) -> impl Iterator<Item = &str> {
        self.series.keys().map(String::as_str)
    }
}

/// What changes when anything is written to the journal: its data version (moved by
/// other connections' commits) and this connection's count of rows changed.
fn write_mark(conn: &rusqlite::Connection) -> Result<(i64, u64)> {
    let version = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok((version, conn.total_changes()))
}

/// The series of calendar `id`: UID to (row, hash).
fn read_series(
    conn: &rusqlite::Connection,
    id: i64,
) -> Result<FastMap<String, (i64, Option<u64>)>> {
    let mut stmt = conn
        .prepare_cached("SELECT uid, id, content_hash FROM event_series WHERE calendar_id = ?1")?;
    let mut rows = stmt.query([id])?;
    let mut series = FastMap::new();
    while let Some(row) = rows.next()? {
        // Exactly as `hash_text` writes it, or no hash (never equal to a file's).
        let hash = row
            .get_ref(2)?
            .as_str()
            .ok()
            .filter(|h| h.len() == 16 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .and_then(|h| u64::from_str_radix(h, 16).ok());
        series.insert(row.get(0)?, (row.get(1)?, hash));
    }
    Ok(series)
}

/// A series hash as the journal stores it.
fn hash_text(hash: u64) -> String {
    format!("{hash:016x}")
}

/// Writes one calendar's series within an import's transaction: each new or changed
/// series, keeping those whose hash is as stored, and at the end removing the stored
/// series the import did not name.
struct CalendarWriter<'t> {
    tx: &'t rusqlite::Transaction<'t>,
    calendar: i64,
    /// Stored series not yet met: UID to (row, hash).
    stored: FastMap<String, (i64, Option<u64>)>,
    stats: ReplaceStats,
    /// Occurrences written less those removed, to keep the calendar's count.
    added: i64,
    /// The longest occurrence written, in seconds.
    longest: i64,
    insert_series: rusqlite::CachedStatement<'t>,
    update_series: rusqlite::CachedStatement<'t>,
    series: SeriesWriter<'t>,
}

impl<'t> CalendarWriter<'t> {
    fn new(
        tx: &'t rusqlite::Transaction<'t>,
        calendar: i64,
        stored: FastMap<String, (i64, Option<u64>)>,
    ) -> Result<CalendarWriter<'t>> {
        Ok(CalendarWriter {
            tx,
            calendar,
            stored,
            stats: ReplaceStats {
                calendar,
                ..ReplaceStats::default()
            },
            added: 0,
            longest: 0,
            insert_series: tx.prepare_cached(
                "INSERT INTO event_series (calendar_id, uid, recurring, content_hash) VALUES (?1, ?2, ?3, ?4)",
            )?,
            update_series: tx.prepare_cached(
                "UPDATE event_series SET recurring = ?2, content_hash = ?3 WHERE id = ?1",
            )?,
            series: SeriesWriter::new(tx)?,
        })
    }

    /// Whether series `uid` is stored with this `hash`, and so kept as it is.
    fn keep(&mut self, uid: &str, hash: u64) -> bool {
        let same = self
            .stored
            .get(uid)
            .is_some_and(|(_, old)| *old == Some(hash));
        if same {
            self.stored.remove(uid);
            self.stats.kept += 1;
        }
        same
    }

    /// Writes series `uid` as `rows` with its `hash`, unless it is stored with that hash.
    fn put(&mut self, uid: &str, rows: &SeriesRows, hash: u64) -> Result<()> {
        if self.keep(uid, hash) {
            return Ok(());
        }
        let old_id = self.stored.remove(uid).map(|(id, _)| id);
        self.stats.written += 1;
        let hash = hash_text(hash);
        let series_id = match old_id {
            Some(series_id) => {
                self.update_series
                    .execute(params![series_id, rows.recurring, hash])?;
                series_id
            }
            None => {
                self.insert_series
                    .execute(params![self.calendar, uid, rows.recurring, hash])?;
                self.tx.last_insert_rowid()
            }
        };
        self.added += self.series.write(series_id, rows, old_id.is_some())?;
        let longest = rows.occurrences.iter().map(|o| o.end - o.start).max();
        self.longest = self.longest.max(longest.unwrap_or(0));
        Ok(())
    }

    /// Removes the stored series not met; what was done, the occurrences added less
    /// those removed, and the longest occurrence written.
    fn finish(self) -> Result<(ReplaceStats, i64, i64)> {
        let mut stats = self.stats;
        let mut added = self.added;
        let mut count = self
            .tx
            .prepare_cached("SELECT count(*) FROM event_occurrences WHERE series_id = ?1")?;
        let mut delete = self
            .tx
            .prepare_cached("DELETE FROM event_series WHERE id = ?1")?;
        for (old_id, _) in self.stored.values() {
            added -= count.query_row([old_id], |r| r.get::<_, i64>(0))?;
            delete.execute([old_id])?;
            stats.removed += 1;
        }
        Ok((stats, added, self.longest))
    }
}

/// The index of occurrences by start, set aside while an import writes many of them and
/// built again after. Kept up row by row, each occurrence is a search and an insert at a
/// random place in a large index (a third of a first import of 150,000 occurrences);
/// built at the end, SQLite sorts them once. Building it reads every stored occurrence,
/// so it is worth it only when the import writes about as many as the journal holds.
struct StartIndex {
    /// Its `CREATE INDEX` statement, as the schema holds it.
    sql: String,
}

impl StartIndex {
    /// The fewest occurrences worth rebuilding the index for: below this, keeping it up
    /// costs little, and changing the schema makes every connection prepare its
    /// statements again.
    const MIN_WRITTEN: usize = 20_000;

    /// Whether writing `written` occurrences into a journal that holds `held` costs more
    /// with the index kept up than building it again.
    fn worth_rebuilding(written: usize, held: i64) -> bool {
        written >= Self::MIN_WRITTEN && i64::try_from(written).unwrap_or(i64::MAX) >= held
    }

    /// Drops the index, within `tx`; `None` when there is none to drop.
    fn set_aside(tx: &rusqlite::Transaction<'_>) -> Result<Option<Self>> {
        let sql: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                [START_INDEX],
                |r| r.get(0),
            )
            .optional()?;
        let Some(sql) = sql else {
            return Ok(None);
        };
        tx.execute_batch(&format!("DROP INDEX {START_INDEX}"))?;
        Ok(Some(StartIndex { sql }))
    }

    /// Builds the index again, within the same transaction.
    fn rebuild(self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        tx.execute_batch(&self.sql)?;
        Ok(())
    }
}

/// The name of the index of occurrences by start (made by migration 11).
const START_INDEX: &str = "event_occurrences_by_start";

/// A stored occurrence: (row, details, start, end, all day).
type HeldOccurrence = (i64, i64, i64, i64, bool);

/// Writes series' texts and occurrences over what they hold (nothing, for a new one),
/// changing only the rows that differ: a retitled meeting updates its text and leaves its
/// occurrences, a moved one moves the occurrences that moved. (Rewriting series whole,
/// each rewritten occurrence touches the start index somewhere else in the file.) Its
/// statements are prepared once for all the series of an import.
struct SeriesWriter<'t> {
    tx: &'t rusqlite::Transaction<'t>,
    texts: rusqlite::CachedStatement<'t>,
    occurrences: rusqlite::CachedStatement<'t>,
    update_details: rusqlite::CachedStatement<'t>,
    insert_details: rusqlite::CachedStatement<'t>,
    delete_details: rusqlite::CachedStatement<'t>,
    insert_occurrence: rusqlite::CachedStatement<'t>,
    update_occurrence: rusqlite::CachedStatement<'t>,
    delete_occurrence: rusqlite::CachedStatement<'t>,
}

impl<'t> SeriesWriter<'t> {
    fn new(tx: &'t rusqlite::Transaction<'t>) -> Result<SeriesWriter<'t>> {
        Ok(SeriesWriter {
            tx,
            texts: tx.prepare_cached("SELECT id FROM event_details WHERE series_id = ?1 ORDER BY id")?,
            occurrences: tx.prepare_cached(
                "SELECT occ_key, id, details_id, start_utc, end_utc, all_day
                 FROM event_occurrences WHERE series_id = ?1",
            )?,
            update_details: tx.prepare_cached(
                "UPDATE event_details SET title = ?2, description = ?3, categories = ?4, organizer = ?5,
                     attendees = ?6, attendee_list = ?7, transparent = ?8, tentative = ?9, cancelled = ?10
                 WHERE id = ?1
                   AND (title, description, categories, organizer, attendees, attendee_list,
                        transparent, tentative, cancelled)
                       IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            insert_details: tx.prepare_cached(
                "INSERT INTO event_details (series_id, title, description, categories, organizer, attendees,
                     attendee_list, transparent, tentative, cancelled)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            delete_details: tx.prepare_cached("DELETE FROM event_details WHERE id = ?1")?,
            insert_occurrence: tx.prepare_cached(
                "INSERT INTO event_occurrences (series_id, details_id, occ_key, start_utc, end_utc, all_day)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            update_occurrence: tx.prepare_cached(
                "UPDATE event_occurrences SET details_id = ?2, start_utc = ?3, end_utc = ?4, all_day = ?5
                 WHERE id = ?1",
            )?,
            delete_occurrence: tx.prepare_cached("DELETE FROM event_occurrences WHERE id = ?1")?,
        })
    }

    /// Writes `rows` as series `series_id`, which was `stored` before or is new. Returns
    /// the occurrences added less those removed.
    fn write(&mut self, series_id: i64, rows: &SeriesRows, stored: bool) -> Result<i64> {
        let mut added = 0;
        let old_texts: Vec<i64> = if stored {
            self.texts
                .query_map([series_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            Vec::new()
        };
        let mut text_ids = Vec::with_capacity(rows.texts.len());
        for (i, d) in rows.texts.iter().enumerate() {
            let (categories, attendee_list) = (
                d.categories.join("\u{1f}"),
                join_attendees(&d.attendee_list),
            );
            let values = params![
                d.title,
                d.description,
                categories,
                d.organizer,
                d.attendees,
                attendee_list,
                d.transparent,
                d.tentative,
                d.cancelled
            ];
            match old_texts.get(i) {
                Some(&text_id) => {
                    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&text_id];
                    all.extend_from_slice(values);
                    self.update_details.execute(all.as_slice())?;
                    text_ids.push(text_id);
                }
                None => {
                    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&series_id];
                    all.extend_from_slice(values);
                    self.insert_details.execute(all.as_slice())?;
                    text_ids.push(self.tx.last_insert_rowid());
                }
            }
        }
        // What the series holds, by occurrence key.
        let mut held: HashMap<i64, Vec<HeldOccurrence>> = HashMap::new();
        if stored {
            let found = self.occurrences.query_map([series_id], |r| {
                Ok((
                    r.get(0)?,
                    (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                ))
            })?;
            for row in found {
                let (key, v) = row?;
                held.entry(key).or_default().push(v);
            }
        }
        for o in &rows.occurrences {
            let details_id = text_ids.get(o.text as usize).copied().unwrap_or_default();
            match held.get_mut(&o.key).and_then(Vec::pop) {
                Some((_, d, start, end, all_day))
                    if (d, start, end, all_day) == (details_id, o.start, o.end, o.all_day) => {}
                Some((row, ..)) => {
                    self.update_occurrence
                        .execute(params![row, details_id, o.start, o.end, o.all_day])?;
                }
                None => {
                    self.insert_occurrence.execute(params![
                        series_id, details_id, o.key, o.start, o.end, o.all_day
                    ])?;
                    added += 1;
                }
            }
        }
        for (row, ..) in held.into_values().flatten() {
            self.delete_occurrence.execute([row])?;
            added -= 1;
        }
        for text_id in old_texts.iter().skip(rows.texts.len()) {
            self.delete_details.execute([text_id])?;
        }
        Ok(added)
    }
}
