//! Importing a calendar file: read, group into series, expand, and write what changed,
//! with the expansion on a thread beside the writing.

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::calendar::expand;
use crate::calendar::read::ReadError;
use crate::calendar::series::{self, Skipped};
use crate::domain::event::SeriesRows;
use crate::domain::hash::{FastMap, FastSet};
use crate::store::{NewCalendar, ReplaceStats, Store, StoreError};

pub use super::rebuild::rebuild_stale_calendars;

/// How far ahead of the import occurrences are stored; later windows are expanded from
/// the stored file on demand.
pub const HORIZON_YEARS: i64 = 2;

/// How many expanded series an import hands from the thread expanding them to the one
/// writing them at a time (one at a time, the two spend their time waking each other).
const EXPANDED_BATCH: usize = 128;

/// Why an import did not happen. In every case the journal is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not iCalendar.
    #[error("{source_name}: {error}")]
    NotACalendar {
        /// The file, URL or '-', as shown.
        source_name: String,
        /// What is wrong, with the line.
        error: ReadError,
    },
    /// The file stops before `END:VCALENDAR`: a cut download or a half-written file.
    #[error(
        "{source_name} ends before END:VCALENDAR, so it looks cut short (a download that stopped?); nothing was imported. Import it anyway with --force"
    )]
    CutShort {
        /// The source, as shown.
        source_name: String,
    },
    /// The file has no events, but the calendar it would replace has some.
    #[error(
        "{source_name} has no events, but calendar '{calendar}' has {events}; the copy looks empty by mistake, so nothing was changed. Import it anyway with --force"
    )]
    Emptied {
        /// The source, as shown.
        source_name: String,
        /// The calendar it would replace.
        calendar: String,
        /// How many events it has.
        events: i64,
    },
    /// The name belongs to a calendar from another source.
    #[error(
        "calendar '{calendar}' comes from {other_source}; to replace it with {source_name}, add --replace, or give another name with --calendar"
    )]
    NameTaken {
        /// The name asked for.
        calendar: String,
        /// Where that calendar comes from, as shown.
        other_source: String,
        /// The source being imported, as shown.
        source_name: String,
    },
    /// The source is already imported under another name.
    #[error(
        "{source_name} is already imported as calendar '{calendar}'; refresh it with `bearing refresh {calendar}` (two names would count its hours twice)"
    )]
    AlreadyImported {
        /// The source, as shown.
        source_name: String,
        /// The calendar it is imported as.
        calendar: String,
    },
    /// The same file, from somewhere else, is already imported under another name.
    #[error(
        "this is the same calendar as '{calendar}' (the same file, byte for byte); importing it twice would count its hours twice"
    )]
    SameContent {
        /// The calendar it duplicates.
        calendar: String,
    },
    /// The calendar a refresh was reading was removed before the refresh could write.
    #[error(
        "calendar '{calendar}' was removed while its source was read; it was not imported again"
    )]
    Removed {
        /// Its name when the refresh started.
        calendar: String,
    },
    /// The journal could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A calendar to import: where it came from, its text, and what the user asked.
#[derive(Debug, Clone, Copy)]
pub struct ImportRequest<'a> {
    /// Where it came from.
    pub source: &'a crate::domain::source::Source,
    /// The file's text.
    pub text: &'a str,
    /// The name asked for (`--calendar`); else the file's own name, else the source's.
    pub name: Option<&'a str>,
    /// Whether a calendar of that name from another source may be replaced.
    pub replace: bool,
    /// Whether a copy that looks cut short or emptied is taken anyway.
    pub force: bool,
    /// For a refresh, the calendar it reads again (its row's id): the import writes into
    /// that row only, under the name it has then, and is refused
    /// ([`ImportError::Removed`]) when the row is gone.
    pub calendar: Option<i64>,
}

/// The name a calendar file gives itself (`X-WR-CALNAME`, as Google, Apple and Outlook
/// write it), read from the file's top lines without parsing it all.
pub fn own_name(text: &str) -> Option<String> {
    text.lines()
        .take_while(|l| {
            !l.trim_start()
                .to_ascii_uppercase()
                .starts_with("BEGIN:VEVENT")
        })
        .find_map(|l| {
            let upper = l.to_ascii_uppercase();
            (upper.starts_with("X-WR-CALNAME:") || upper.starts_with("X-WR-CALNAME;"))
                .then(|| l.split_once(':').map(|(_, v)| v.trim()))
                .flatten()
        })
        .map(crate::calendar::read::unescape)
        .filter(|n| !n.trim().is_empty())
}

/// `wanted`, or `wanted (2)`, `wanted (3)`... whichever no calendar has.
pub(crate) fn unique_name(store: &Store, wanted: &str) -> Result<String, StoreError> {
    let taken: HashSet<String> = store
        .list_calendars()?
        .into_iter()
        .map(|c| c.name)
        .collect();
    if !taken.contains(wanted) {
        return Ok(wanted.to_string());
    }
    Ok((2..)
        .map(|n| format!("{wanted} ({n})"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| wanted.to_string()))
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSummary {
    /// The calendar's name.
    pub calendar: String,
    /// Whether the file was the same as last time (then nothing was written).
    pub unchanged: bool,
    /// Distinct events (UIDs); 0 when unchanged.
    pub events: usize,
    /// How many of them repeat.
    pub recurring_series: usize,
    /// Occurrences stored.
    pub occurrences: usize,
    /// Series written (new or changed since the last import).
    pub series_written: usize,
    /// Series unchanged since the last import, left as they were.
    pub series_kept: usize,
    /// Events not imported, with reasons.
    pub skipped: Vec<SkippedItem>,
    /// Other remarks (unknown zones, skipped lines).
    pub notes: Vec<String>,
}

/// An event that was not imported.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedItem {
    /// The line of its BEGIN:VEVENT.
    pub line: usize,
    /// Its title.
    pub title: String,
    /// Why.
    pub reason: String,
}

impl From<&Skipped> for SkippedItem {
    fn from(s: &Skipped) -> SkippedItem {
        SkippedItem {
            line: s.line,
            title: s.title.clone(),
            reason: s.reason.clone(),
        }
    }
}

/// Refuses, before anything is read, a source already imported under another name than
/// `asked` (importing it again there would count its hours twice).
pub fn check_not_imported_elsewhere(
    store: &Store,
    source: &crate::domain::source::Source,
    asked: Option<&str>,
) -> Result<(), ImportError> {
    let (Some(key), Some(asked)) = (source.key(), asked) else {
        return Ok(());
    };
    if let Some(other) = store
        .list_calendars()?
        .into_iter()
        .find(|c| c.source_key.as_deref() == Some(key.as_str()) && c.name != asked.trim())
    {
        return Err(ImportError::AlreadyImported {
            source_name: source.redacted(),
            calendar: other.name,
        });
    }
    Ok(())
}

/// Imports a calendar, replacing an earlier import of the same calendar in one
/// transaction. Names never collide: a file's own name that another calendar has is made
/// unique; a name asked for that belongs to another source is refused unless `replace`;
/// a source already imported under another name, or the same file from elsewhere, is
/// refused. A copy cut short, or emptied, is refused unless `force`. An unchanged file
/// writes nothing but the time it was read. Should another bearing change the calendar
/// while it is imported, the import is made again (a few times at most).
pub fn import_calendar(
    store: &mut Store,
    request: &ImportRequest<'_>,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<ImportSummary, ImportError> {
    let mut tries = 0;
    loop {
        tries += 1;
        match import_calendar_once(store, request, zone, now) {
            Err(ImportError::Store(StoreError::Stale)) if tries < IMPORT_TRIES => {}
            done => return done,
        }
    }
}

/// How many times an import is made before a calendar that keeps changing under it is
/// given up on.
pub(super) const IMPORT_TRIES: usize = 3;

/// [`import_calendar`], once: [`StoreError::Stale`] when the calendar changed between
/// reading what it holds and writing.
fn import_calendar_once(
    store: &mut Store,
    request: &ImportRequest<'_>,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<ImportSummary, ImportError> {
    let calendars = store.list_calendars()?;
    let key = request.source.key();
    let calname = own_name(request.text);
    let name = match request.calendar {
        // A refresh writes into the row it started from, whatever it is called now.
        Some(id) => calendars
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .ok_or_else(|| ImportError::Removed {
                calendar: request.name.unwrap_or_default().to_string(),
            })?,
        None => choose_name(
            store,
            request,
            &calendars,
            key.as_deref(),
            calname.as_deref(),
        )?,
    };
    let hash = format!("{:016x}", crate::domain::hash::words(request.text));
    // An account's calendar is known by the zone it was read in rather than by its text,
    // which is never read whole again while only some of its objects change
    // ([`super::changed::import_changed`]).
    let account = matches!(request.source, crate::domain::source::Source::Account(_));
    let stored_hash = if account {
        super::changed::account_hash(zone)
    } else {
        hash.clone()
    };
    let existing = calendars.iter().find(|c| c.name == name);
    // An unchanged file is recognised before any parsing, and nothing is written but
    // the time it was read.
    if let Some(existing) = existing
        && existing.content_hash == hash
    {
        return unchanged(store, name, existing.id, now);
    }
    // A refresh keeps the calendar's horizon while it is more than a year ahead, so an
    // unchanged series expands to the same occurrences and is not written again.
    let horizon = existing
        .map(|c| c.horizon_end)
        .filter(|h| *h > now + Duration::days(365))
        .unwrap_or(now + Duration::days(365 * HORIZON_YEARS));
    let prints = Fingerprints { horizon, zone };
    let held = store.stored_series(&name)?;
    #[cfg(test)]
    if let Some(mut meanwhile) = MEANWHILE.with(|m| m.borrow_mut().take()) {
        meanwhile();
    }
    let parsed = read_changed(store, request, existing, &name, &held, prints)?;
    if let Some(twin) = twin(request, &calendars, existing, &name, &hash, &parsed) {
        return Err(ImportError::SameContent { calendar: twin });
    }
    let calendar = NewCalendar {
        name: &name,
        source: &request.source.stored(),
        source_key: key.as_deref(),
        calname: calname.as_deref(),
        // An account's calendar keeps its objects as the server sent them; its text is
        // joined from them when needed ([`super::stored_texts`]), not kept twice.
        content: if account { "" } else { request.text },
        content_hash: &stored_hash,
        imported_at: now,
        horizon_end: horizon,
    };
    write_changed(store, &calendar, &parsed, held, prints)
}

/// The calendar's name: the one asked for (refused when the source is imported under
/// another name, or when the name is another source's and may not be replaced), else
/// the name this source was imported under, else the file's own name or the source's,
/// made unique.
fn choose_name(
    store: &Store,
    request: &ImportRequest<'_>,
    calendars: &[crate::store::CalendarInfo],
    key: Option<&str>,
    calname: Option<&str>,
) -> Result<String, ImportError> {
    let same_source = key.and_then(|k| {
        calendars
            .iter()
            .find(|c| c.source_key.as_deref() == Some(k))
    });
    let Some(asked) = request.name else {
        return match same_source {
            Some(existing) => Ok(existing.name.clone()),
            None => {
                let wanted = calname.map_or_else(|| request.source.default_name(), String::from);
                Ok(unique_name(store, wanted.trim())?)
            }
        };
    };
    let asked = asked.trim().to_string();
    if let Some(other) = same_source
        && other.name != asked
    {
        return Err(ImportError::AlreadyImported {
            source_name: request.source.redacted(),
            calendar: other.name.clone(),
        });
    }
    if let Some(existing) = calendars.iter().find(|c| c.name == asked)
        && existing.source_key.as_deref() != key
        && !request.replace
    {
        return Err(ImportError::NameTaken {
            calendar: asked,
            other_source: crate::domain::source::redact(&existing.source),
            source_name: request.source.redacted(),
        });
    }
    Ok(asked)
}

/// The other calendar whose file is this one, byte for byte, when importing it would
/// count the same hours twice: the same export under a new name, or piped in. A
/// source's identity is its address, not its bytes: a calendar read again from its own
/// source (a refresh, or an import of the address it came from) is never refused for
/// what another holds, and a file without events is nobody's twin (two calendars
/// emptied alike are two calendars).
fn twin(
    request: &ImportRequest<'_>,
    calendars: &[crate::store::CalendarInfo],
    existing: Option<&crate::store::CalendarInfo>,
    name: &str,
    hash: &str,
    parsed: &series::ParsedCalendar,
) -> Option<String> {
    let key = request.source.key();
    let own_source =
        existing.is_some_and(|c| key.is_some() && c.source_key.as_deref() == key.as_deref());
    if request.calendar.is_some() || own_source || parsed.series_count() == 0 {
        return None;
    }
    calendars
        .iter()
        .find(|c| c.content_hash == hash && c.name != name)
        .map(|c| c.name.clone())
}

/// What an import of a file the same as last time says, having written only the time
/// it was read.
pub(super) fn unchanged(
    store: &mut Store,
    name: String,
    id: i64,
    now: DateTime<Utc>,
) -> Result<ImportSummary, ImportError> {
    store.record_refresh_unchanged(id, now)?;
    Ok(ImportSummary {
        calendar: name,
        unchanged: true,
        events: 0,
        recurring_series: 0,
        occurrences: usize::try_from(store.count_calendar_occurrences(id)?).unwrap_or(0),
        skipped: Vec::new(),
        notes: Vec::new(),
        series_written: 0,
        series_kept: 0,
    })
}

/// The version of the rules by which a calendar file is read into what is stored. Bump
/// when a change to how files are read changes what is stored: it is part of every
/// series' hash, so the next refresh (or the rebuild after an upgrade, which clears the
/// calendars' file hashes) rewrites every series read with the old rules, though its
/// text did not change. 1: the rules before the version was counted (it was not in the
/// hash). 2: the organizer is among a meeting's people and groups, rooms and resources
/// are not; zones a file defines measure its events' lengths; characters split by a
/// fold are read whole.
const READING_RULES: u32 = 2;

/// What a series' hash is made of beyond what the file says of it: the window it is
/// expanded in, the zone floating times are read in, and the [`READING_RULES`]. Only
/// series whose hash changed are read, expanded and written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fingerprints {
    pub(super) horizon: DateTime<Utc>,
    pub(super) zone: Tz,
}

impl Fingerprints {
    /// The hash of a series whose text has the fingerprint `print`.
    pub(super) fn hash(self, print: u64) -> u64 {
        let mut h = crate::domain::hash::Fnv::new();
        h.write(&print.to_le_bytes());
        h.write_i64(self.horizon.timestamp());
        h.write_str(self.zone.name());
        h.write(&READING_RULES.to_le_bytes());
        h.finish()
    }
}

/// Reads the file, but for the series the calendar already `held` as they are; refuses
/// (unless forced) a copy cut short, or one with no events where calendar `name` has
/// some.
fn read_changed(
    store: &Store,
    request: &ImportRequest<'_>,
    existing: Option<&crate::store::CalendarInfo>,
    name: &str,
    held: &crate::store::StoredSeries,
    prints: Fingerprints,
) -> Result<series::ParsedCalendar, ImportError> {
    let parsed = series::parse_known(request.text, prints.zone, &|uid, print| {
        held.hash(uid) == Some(prints.hash(print))
    })
    .map_err(|error| ImportError::NotACalendar {
        source_name: request.source.redacted(),
        error,
    })?;
    if !request.force && parsed.cut_short() {
        return Err(ImportError::CutShort {
            source_name: request.source.redacted(),
        });
    }
    if !request.force
        && parsed.series_count() == 0
        && let Some(existing) = existing
    {
        let had = store.calendar_counts(existing.id)?.events;
        if had > 0 {
            return Err(ImportError::Emptied {
                source_name: request.source.redacted(),
                calendar: name.to_string(),
                events: had,
            });
        }
    }
    Ok(parsed)
}

/// Writes `calendar` from `parsed`: a first import expands every series; a refresh,
/// only those whose hash changed since the calendar `held` them. Says what it did, as
/// `bearing calendars` counts what is stored.
fn write_changed(
    store: &mut Store,
    calendar: &NewCalendar<'_>,
    parsed: &series::ParsedCalendar,
    held: crate::store::StoredSeries,
    prints: Fingerprints,
) -> Result<ImportSummary, ImportError> {
    let hashes: FastMap<&str, u64> = parsed
        .series_fingerprints()
        .into_iter()
        .map(|(uid, print)| (uid, prints.hash(print)))
        .collect();
    let changed: Option<FastSet<&str>> = (!held.is_empty()).then(|| {
        hashes
            .iter()
            .filter(|&(uid, &h)| held.hash(uid) != Some(h))
            .map(|(&uid, _)| uid)
            .collect()
    });
    let only = changed.as_ref().filter(|c| c.len() < hashes.len());
    write_plan(store, calendar, parsed, held, &hashes, only)
}

/// Writes calendar `calendar` with the series `hashes` names: those in `only` (all,
/// when `None`) expanded from `parsed`, the others kept as `held`; a series `held` has
/// and `hashes` does not is removed. Says what it did, as `bearing calendars` counts
/// what is stored.
pub(super) fn write_plan(
    store: &mut Store,
    calendar: &NewCalendar<'_>,
    parsed: &series::ParsedCalendar,
    held: crate::store::StoredSeries,
    hashes: &FastMap<&str, u64>,
    only: Option<&FastSet<&str>>,
) -> Result<ImportSummary, ImportError> {
    let from = Utc
        .with_ymd_and_hms(1970, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let plan = WritePlan {
        window: (from, calendar.horizon_end),
        only,
        hashes,
        held,
    };
    let mut notes = parsed.notes.clone();
    let stats = expand_and_write(store, calendar, parsed, plan, &mut notes)?;
    // What is stored, counted as `bearing calendars` counts it (a repeating event none
    // of whose occurrences could be kept is stored as a single event).
    let counts = store.calendar_counts(stats.calendar)?;
    Ok(ImportSummary {
        calendar: calendar.name.to_string(),
        unchanged: false,
        events: usize::try_from(counts.events).unwrap_or(0),
        recurring_series: usize::try_from(counts.series).unwrap_or(0),
        occurrences: usize::try_from(counts.occurrences).unwrap_or(0),
        skipped: parsed.skipped.iter().map(SkippedItem::from).collect(),
        notes,
        series_written: stats.written,
        series_kept: stats.kept,
    })
}

/// What an import writes of a file's series.
struct WritePlan<'p> {
    /// The window they are expanded in.
    window: (DateTime<Utc>, DateTime<Utc>),
    /// The series to expand (those that changed), or `None` for all.
    only: Option<&'p FastSet<&'p str>>,
    /// Every series' UID with its hash.
    hashes: &'p FastMap<&'p str, u64>,
    /// The series the calendar held when the file was compared with them.
    held: crate::store::StoredSeries,
}

/// Writes calendar `calendar` from the series of `parsed` as `plan` says, expanding
/// them on a second thread while this one writes those already expanded: in a first
/// import of a decade's calendar, expanding takes a third as long as writing, and now
/// happens beside it. An expansion that ends early (a panic) rolls the import back, and
/// the panic goes on.
fn expand_and_write(
    store: &mut Store,
    calendar: &NewCalendar<'_>,
    parsed: &series::ParsedCalendar,
    plan: WritePlan<'_>,
    notes: &mut Vec<String>,
) -> Result<ReplaceStats, StoreError> {
    match expand_beside_writing(store, calendar, parsed, plan, notes) {
        Ok(stats) => stats,
        // No thread could be started (the system's limit): all is expanded, then written.
        Err(plan) => expand_then_write(store, calendar, parsed, plan, notes),
    }
}

#[cfg(test)]
thread_local! {
    /// For tests: imports on this thread behave as if no second thread could start.
    static NO_SECOND_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// For tests: how many imports on this thread expanded and wrote on it alone.
    static ONE_THREAD_RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// For tests: what happens (once) between an import reading the calendar's series
    /// and writing it, as another bearing writing then would.
    static MEANWHILE: std::cell::RefCell<Option<Box<dyn FnMut()>>> =
        const { std::cell::RefCell::new(None) };
}

/// Whether imports must do without a second thread (only ever in tests).
fn no_second_thread() -> bool {
    #[cfg(test)]
    {
        NO_SECOND_THREAD.with(std::cell::Cell::get)
    }
    #[cfg(not(test))]
    {
        false
    }
}

/// [`expand_and_write`] on one thread: every series expanded, then written.
fn expand_then_write(
    store: &mut Store,
    calendar: &NewCalendar<'_>,
    parsed: &series::ParsedCalendar,
    plan: WritePlan<'_>,
    notes: &mut Vec<String>,
) -> Result<ReplaceStats, StoreError> {
    #[cfg(test)]
    ONE_THREAD_RUNS.with(|n| n.set(n.get() + 1));
    let mut all = Vec::new();
    expand::expand_for_import_each(
        parsed,
        calendar.name,
        plan.window,
        plan.only,
        notes,
        &mut |series| {
            all.push(series);
            true
        },
    );
    store.replace_calendar_series(calendar, all.into_iter().map(Ok), plan.hashes, plan.held)
}

/// [`expand_and_write`] with the expansion on a second thread; the plan back, untouched,
/// when that thread cannot be started.
fn expand_beside_writing<'p>(
    store: &mut Store,
    calendar: &NewCalendar<'_>,
    parsed: &series::ParsedCalendar,
    plan: WritePlan<'p>,
    notes: &mut Vec<String>,
) -> Result<Result<ReplaceStats, StoreError>, WritePlan<'p>> {
    use std::sync::mpsc;
    let WritePlan {
        window,
        only,
        hashes,
        held,
    } = plan;
    std::thread::scope(|scope| {
        // Batches of series, then `None` at the end: the channel closing before it means
        // the expansion stopped short.
        let (send, receive) = mpsc::sync_channel::<Option<Vec<SeriesRows>>>(2);
        // And back, once written, to be freed where they were made.
        let (spent, returned) = mpsc::channel::<SeriesRows>();
        let expand = move || {
            let mut batch = Vec::with_capacity(EXPANDED_BATCH);
            let mut writing = true;
            expand::expand_for_import_each(
                parsed,
                calendar.name,
                window,
                only,
                notes,
                &mut |series| {
                    batch.push(series);
                    if batch.len() == EXPANDED_BATCH {
                        // A failed send means the writer stopped (its error is returned).
                        writing = send.send(Some(std::mem::take(&mut batch))).is_ok();
                        returned.try_iter().for_each(drop);
                    }
                    writing
                },
            );
            if writing && send.send(Some(batch)).is_ok() {
                let _ = send.send(None);
            }
            drop(send);
            returned.iter().for_each(drop);
        };
        let expanding = if no_second_thread() {
            Err(std::io::Error::other("no second thread"))
        } else {
            // Named after the thread that imports (`bearing-background-expand` under the
            // interface's background work, whose panics it tells as that work's failure).
            let parent = std::thread::current()
                .name()
                .unwrap_or("bearing")
                .to_string();
            std::thread::Builder::new()
                .name(format!("{parent}-expand"))
                .spawn_scoped(scope, expand)
        };
        let Ok(expanding) = expanding else {
            return Err(WritePlan {
                window,
                only,
                hashes,
                held,
            });
        };
        let mut batch = Vec::new().into_iter();
        let spent_ref = &spent;
        let series = std::iter::from_fn(|| {
            loop {
                if let Some(rows) = batch.next() {
                    return Some(Ok(Expanded {
                        rows,
                        spent: spent_ref,
                    }));
                }
                match receive.recv() {
                    Ok(Some(next)) => batch = next.into_iter(),
                    Ok(None) => return None,
                    Err(_) => return Some(Err(StoreError::CutOff)),
                }
            }
        });
        let stats = store.replace_calendar_series(calendar, series, hashes, held);
        // The expansion, if still going, stops at its next send, and ends when nothing
        // more comes back.
        drop(receive);
        drop(spent);
        if let Err(panic) = expanding.join() {
            std::panic::resume_unwind(panic);
        }
        Ok(stats)
    })
}

/// An expanded series on its way to the store, sent back once written to be freed by the
/// thread that made it: freed here while that thread still expands, both threads wait on
/// the allocator's lock (a sixth of a first import).
struct Expanded<'a> {
    rows: SeriesRows,
    spent: &'a std::sync::mpsc::Sender<SeriesRows>,
}

impl std::borrow::Borrow<SeriesRows> for Expanded<'_> {
    fn borrow(&self) -> &SeriesRows {
        &self.rows
    }
}

impl Drop for Expanded<'_> {
    fn drop(&mut self) {
        // Should the other thread be gone, the series is freed here instead.
        let _ = self.spent.send(std::mem::take(&mut self.rows));
    }
}

/// Imports `text` as calendar `name` from `source` (a path or address as typed),
/// replacing what that name held: [`import_calendar`] without the questions, for the dev
/// seed, benchmarks and tests.
pub fn import_as(
    store: &mut Store,
    name: &str,
    source: &str,
    text: &str,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<ImportSummary, ImportError> {
    let source = crate::domain::source::Source::parse(source);
    import_calendar(
        store,
        &ImportRequest {
            source: &source,
            text,
            name: Some(name),
            replace: true,
            force: false,
            calendar: None,
        },
        zone,
        now,
    )
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod import_tests;
