//! Operations that combine the store with the calendar and audit layers, shared by the
//! CLI and the TUI so neither computes anything the other does differently.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::audit::{AuditInput, AuditReport, audit, categorize};
use crate::calendar::expand;
use crate::calendar::read::ReadError;
use crate::calendar::series::{self, Skipped};
use crate::config::Config;
use crate::domain::block::Occurrence;
use crate::domain::classify::{RuleError, Rules};
use crate::domain::event::{Category, EventOccurrence, SeriesRows};
use crate::domain::hash::{FastMap, FastSet};
use crate::domain::meeting::{Attendable, Meeting, OneOnOnes};
use crate::domain::week::day_window;
use crate::store::{NewCalendar, ReplaceStats, Store, StoreError};

/// How far ahead of the import occurrences are stored; later windows are expanded from
/// the stored file on demand.
pub const HORIZON_YEARS: i64 = 2;

/// How many expanded series an import hands from the thread expanding them to the one
/// writing them at a time (one at a time, the two spend their time waking each other).
const EXPANDED_BATCH: usize = 128;

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

/// Whether the file's last line closes the calendar.
fn ends_whole(text: &str) -> bool {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim().eq_ignore_ascii_case("END:VCALENDAR"))
}

/// `wanted`, or `wanted (2)`, `wanted (3)`... whichever no calendar has.
fn unique_name(store: &Store, wanted: &str) -> Result<String, StoreError> {
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
const IMPORT_TRIES: usize = 3;

/// [`import_calendar`], once: [`StoreError::Stale`] when the calendar changed between
/// reading what it holds and writing.
fn import_calendar_once(
    store: &mut Store,
    request: &ImportRequest<'_>,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<ImportSummary, ImportError> {
    let source = request.source;
    let shown = source.redacted();
    let key = source.key();
    let calendars = store.list_calendars()?;
    let same_source = key
        .as_ref()
        .and_then(|k| calendars.iter().find(|c| c.source_key.as_ref() == Some(k)));
    let calname = own_name(request.text);
    let name = match (request.name, same_source) {
        (Some(asked), _) => {
            let asked = asked.trim().to_string();
            if let Some(other) = same_source
                && other.name != asked
            {
                return Err(ImportError::AlreadyImported {
                    source_name: shown,
                    calendar: other.name.clone(),
                });
            }
            if let Some(existing) = calendars.iter().find(|c| c.name == asked) {
                let same = existing.source_key == key;
                if !same && !request.replace {
                    return Err(ImportError::NameTaken {
                        calendar: asked,
                        other_source: crate::domain::source::redact(&existing.source),
                        source_name: shown,
                    });
                }
            }
            asked
        }
        (None, Some(existing)) => existing.name.clone(),
        (None, None) => {
            let wanted = calname.clone().unwrap_or_else(|| source.default_name());
            unique_name(store, wanted.trim())?
        }
    };
    let hash = format!("{:016x}", crate::domain::hash::words(request.text));
    if let Some(twin) = calendars
        .iter()
        .find(|c| c.content_hash == hash && c.name != name)
    {
        return Err(ImportError::SameContent {
            calendar: twin.name.clone(),
        });
    }
    let existing = calendars.iter().find(|c| c.name == name);
    // An unchanged file is recognised before any parsing, and nothing is written but
    // the time it was read.
    if let Some(existing) = existing
        && existing.content_hash == hash
    {
        store.record_refresh_unchanged(&name, now)?;
        return Ok(ImportSummary {
            calendar: name,
            unchanged: true,
            events: 0,
            recurring_series: 0,
            occurrences: usize::try_from(store.count_calendar_occurrences(existing.id)?)
                .unwrap_or(0),
            skipped: Vec::new(),
            notes: Vec::new(),
            series_written: 0,
            series_kept: 0,
        });
    }
    // A refresh keeps the calendar's horizon while it is more than a year ahead, so an
    // unchanged series expands to the same occurrences and is not written again.
    let horizon = existing
        .map(|c| c.horizon_end)
        .filter(|h| *h > now + Duration::days(365))
        .unwrap_or(now + Duration::days(365 * HORIZON_YEARS));
    // Each series' fingerprint: what the file says of it, the window it is expanded in,
    // the zone floating times are read in. Only series whose fingerprint changed are
    // read, expanded and written.
    let series_hash = |print: u64| {
        let mut h = crate::domain::hash::Fnv::new();
        h.write(&print.to_le_bytes());
        h.write_i64(horizon.timestamp());
        h.write_str(zone.name());
        h.finish()
    };
    let held = store.stored_series(&name)?;
    #[cfg(test)]
    if let Some(mut meanwhile) = MEANWHILE.with(|m| m.borrow_mut().take()) {
        meanwhile();
    }
    let parsed = series::parse_known(request.text, zone, &|uid, print| {
        held.hash(uid) == Some(series_hash(print))
    })
    .map_err(|error| ImportError::NotACalendar {
        source_name: shown.clone(),
        error,
    })?;
    if !request.force && !ends_whole(request.text) {
        return Err(ImportError::CutShort { source_name: shown });
    }
    if !request.force
        && parsed.series_count() == 0
        && let Some(existing) = existing
    {
        let had = store.calendar_counts(existing.id)?.events;
        if had > 0 {
            return Err(ImportError::Emptied {
                source_name: shown,
                calendar: name,
                events: had,
            });
        }
    }
    let mut summary = ImportSummary {
        calendar: name.clone(),
        unchanged: false,
        events: parsed.series_count(),
        recurring_series: parsed.recurring_count(),
        occurrences: 0,
        skipped: parsed.skipped.iter().map(SkippedItem::from).collect(),
        notes: parsed.notes.clone(),
        series_written: 0,
        series_kept: 0,
    };
    let from = Utc
        .with_ymd_and_hms(1970, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let hashes: FastMap<&str, u64> = parsed
        .series_fingerprints()
        .into_iter()
        .map(|(uid, print)| (uid, series_hash(print)))
        .collect();
    // A first import expands everything; a refresh, only what changed.
    let changed: Option<FastSet<&str>> = (!held.is_empty()).then(|| {
        hashes
            .iter()
            .filter(|&(uid, &h)| held.hash(uid) != Some(h))
            .map(|(&uid, _)| uid)
            .collect()
    });
    let only = changed.as_ref().filter(|c| c.len() < hashes.len());
    let stored = source.stored();
    let calendar = NewCalendar {
        name: &name,
        source: &stored,
        source_key: key.as_deref(),
        calname: calname.as_deref(),
        content: request.text,
        content_hash: &hash,
        imported_at: now,
        horizon_end: horizon,
    };
    let mut notes = std::mem::take(&mut summary.notes);
    let plan = WritePlan {
        window: (from, horizon),
        only,
        hashes: &hashes,
        held,
    };
    let stats = expand_and_write(store, &calendar, &parsed, plan, &mut notes)?;
    summary.notes = notes;
    // What is stored, counted as `bearing calendars` counts it (a repeating event none
    // of whose occurrences could be kept is stored as a single event).
    let counts = store.calendar_counts(stats.calendar)?;
    summary.events = usize::try_from(counts.events).unwrap_or(0);
    summary.recurring_series = usize::try_from(counts.series).unwrap_or(0);
    summary.occurrences = usize::try_from(counts.occurrences).unwrap_or(0);
    summary.series_written = stats.written;
    summary.series_kept = stats.kept;
    Ok(summary)
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
            std::thread::Builder::new()
                .name("bearing-expand".into())
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
        },
        zone,
        now,
    )
}

/// Rebuilds, from the file each keeps, the calendars whose stored events are from an
/// older journal format (their hash was cleared when the journal was upgraded or
/// restored). Returns their names. Nothing is read from their sources.
pub fn rebuild_stale_calendars(
    store: &mut Store,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ImportError> {
    let stale: Vec<crate::store::CalendarInfo> = store
        .list_calendars()?
        .into_iter()
        .filter(|c| c.content_hash.is_empty())
        .collect();
    if stale.is_empty() {
        return Ok(Vec::new());
    }
    let contents: HashMap<String, String> = store.calendar_contents()?.into_iter().collect();
    let mut done = Vec::new();
    for cal in stale {
        let Some(text) = contents.get(&cal.name) else {
            continue;
        };
        let source = crate::domain::source::Source::parse(&cal.source);
        import_calendar(
            store,
            &ImportRequest {
                source: &source,
                text,
                name: Some(&cal.name),
                replace: true,
                force: true,
            },
            zone,
            now,
        )?;
        done.push(cal.name);
    }
    Ok(done)
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
pub fn my_addresses(config: &Config, store: Option<&Store>) -> Result<Vec<MyAddress>, StoreError> {
    learn_my_addresses(&config_addresses(config), store)
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
fn once_each(mut all: Vec<EventOccurrence>) -> Vec<EventOccurrence> {
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

/// What bearing knows about one person, for the People list and `bearing people`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    /// Their name.
    pub name: String,
    /// Whether they are a direct report (reports come first).
    pub report: bool,
    /// Their e-mail addresses.
    pub addresses: Vec<String>,
    /// The last check-in: a held conversation or a 1:1 on the calendar.
    pub last_checkin: Option<NaiveDate>,
    /// Days since then (`None` when there was none).
    pub days_since_checkin: Option<i64>,
    /// The last 1:1 found on the calendar.
    pub last_one_on_one: Option<NaiveDate>,
    /// The last conversation.
    pub last_conversation: Option<LastConversation>,
    /// Held conversations whose follow-up is still open.
    pub open_followups: usize,
    /// Reflections mentioning them.
    pub mentions: i64,
    /// Whether a stay interview was held with them.
    pub stay_interview: bool,
    /// Whether bearing nudges you to check in.
    pub nudge: bool,
    /// Met in 1:1s on the calendar only: never @mentioned, no conversation yet.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub calendar_only: bool,
}

/// The day and topic of someone's last conversation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LastConversation {
    /// Held, else planned.
    pub day: NaiveDate,
    /// What it was about.
    pub topic: String,
}

/// How far back the calendar is searched for someone's last 1:1, in days.
pub const ONE_ON_ONE_DAYS: i64 = 366;

/// What the People ranking reads from the journal: everyone, their conversations, and
/// the calendar's event texts of the last [`ONE_ON_ONE_DAYS`] with when each was last
/// seen.
#[derive(Debug, Clone)]
pub struct PeopleReads {
    /// Everyone in the journal.
    pub people: Vec<crate::store::PersonRow>,
    /// Every conversation's head.
    pub conversations: Vec<crate::domain::conversation::Conversation>,
    /// Each distinct event text of the period, with its last start.
    pub titles: Vec<crate::store::SeenText>,
}

/// Reads what [`rank_people`] ranks. Meetings the manager (`me`: `[me] addresses`, and
/// calendars named by an address) declined are left out: they were no check-in.
pub fn read_people(
    store: &Store,
    me: &[String],
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
) -> Result<PeopleReads, StoreError> {
    let today = now.date_naive();
    let until = now.to_utc() + Duration::seconds(1);
    let since = day_window(zone, today, today).1 - Duration::days(ONE_ON_ONE_DAYS);
    let me = me_addresses(me, store)?;
    let mut titles = store.event_texts_last_seen(since, until)?;
    titles.retain(|t| !crate::domain::event::declined_by(&t.attendee_list, &me));
    Ok(PeopleReads {
        people: store.list_people()?,
        conversations: store.list_conversation_heads()?,
        titles,
    })
}

/// Everyone, nudges first (the longest without a check-in first, then the least
/// mentioned: the quietest), then the rest by name.
pub fn people_summaries(
    store: &Store,
    me: &[String],
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
    checkin_days: u32,
) -> Result<Vec<PersonSummary>, StoreError> {
    Ok(rank_people(
        &read_people(store, me, zone, now)?,
        zone,
        now,
        checkin_days,
    ))
}

/// The day an event last seen at `seen` (Unix seconds) was, in `zone`.
fn seen_day(seen: Option<i64>, zone: Tz) -> Option<NaiveDate> {
    seen.and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        .map(|t| t.with_timezone(&zone).date_naive())
}

/// The summaries of `reads`, ranked: the pure part of [`people_summaries`]. A 1:1 on
/// the calendar is an event that has started with two attendees or saying it is a 1:1,
/// whose title names the person (or an old name of theirs), or, with two attendees, one
/// of whom has one of their addresses; names are looked up by word, not tried one by one.
pub fn rank_people(
    reads: &PeopleReads,
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
    checkin_days: u32,
) -> Vec<PersonSummary> {
    let today = now.date_naive();
    let mut last_one_on_one: HashMap<i64, NaiveDate> = Default::default();
    let finder = OneOnOnes::new(reads.people.iter().map(|p| Attendable {
        id: p.id,
        name: &p.name,
        aliases: &p.aliases,
        addresses: &p.addresses,
    }));
    for seen in &reads.titles {
        let with = finder.with_whom(Meeting {
            title: &seen.title,
            attendees: seen.attendees,
            attendee_list: &seen.attendee_list,
        });
        if with.is_empty() {
            continue;
        }
        let Some(day) = seen_day(Some(seen.last_start), zone) else {
            continue;
        };
        for id in with {
            let last = last_one_on_one.entry(id).or_insert(day);
            *last = (*last).max(day);
        }
    }
    let mut by_person: HashMap<String, Vec<&crate::domain::conversation::Conversation>> =
        Default::default();
    for c in &reads.conversations {
        by_person
            .entry(crate::domain::person::key(&c.person))
            .or_default()
            .push(c);
    }
    let mut out: Vec<PersonSummary> = reads
        .people
        .iter()
        .map(|p| {
            let key = crate::domain::person::key(&p.name);
            let theirs = by_person.get(&key).map(Vec::as_slice).unwrap_or_default();
            let held = theirs
                .iter()
                .filter_map(|c| c.held_at)
                .filter(|t| *t <= now)
                .map(|t| t.date_naive())
                .max();
            let one_on_one = last_one_on_one.get(&p.id).copied();
            let last_checkin = held.max(one_on_one);
            let days = last_checkin.map(|d| (today - d).num_days());
            PersonSummary {
                name: p.name.clone(),
                report: p.report,
                addresses: p.addresses.clone(),
                last_checkin,
                days_since_checkin: days,
                last_one_on_one: one_on_one,
                last_conversation: theirs
                    .iter()
                    .filter_map(|c| {
                        c.day().map(|day| LastConversation {
                            day,
                            topic: c.topic.clone(),
                        })
                    })
                    .max(),
                open_followups: theirs
                    .iter()
                    .filter(|c| {
                        c.status == crate::domain::conversation::Status::Held
                            && c.followup_on.is_some()
                    })
                    .count(),
                mentions: p.mentions,
                stay_interview: theirs
                    .iter()
                    .any(|c| c.stay_interview && c.held_at.is_some()),
                nudge: days.is_none_or(|d| d > i64::from(checkin_days)),
                calendar_only: false,
            }
        })
        .collect();
    sort_people(&mut out);
    out
}

/// Nudges first (the longest without a check-in first, then the least mentioned: the
/// quietest), then the rest by name.
pub fn sort_people(people: &mut [PersonSummary]) {
    people.sort_by(|a, b| {
        b.report
            .cmp(&a.report)
            .then(b.nudge.cmp(&a.nudge))
            .then_with(|| match (a.nudge, b.nudge) {
                (true, true) => b
                    .days_since_checkin
                    .unwrap_or(i64::MAX)
                    .cmp(&a.days_since_checkin.unwrap_or(i64::MAX))
                    .then(a.mentions.cmp(&b.mentions)),
                _ => std::cmp::Ordering::Equal,
            })
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
}

/// People met in 1:1s on the calendar whom the journal does not know yet (never
/// @mentioned, no conversation): their name from the title and the last 1:1.
pub fn calendar_only_people(
    reads: &PeopleReads,
    known: &[PersonSummary],
    zone: Tz,
    now: DateTime<chrono::FixedOffset>,
    checkin_days: u32,
) -> Vec<PersonSummary> {
    let today = now.date_naive();
    let known: HashSet<String> = known
        .iter()
        .map(|p| crate::domain::person::key(&p.name))
        .chain(
            reads
                .people
                .iter()
                .flat_map(|p| p.aliases.iter().map(|a| crate::domain::person::key(a))),
        )
        .collect();
    let mut found: std::collections::BTreeMap<String, (String, NaiveDate)> = Default::default();
    for seen in &reads.titles {
        let (Some(name), Some(day)) = (
            crate::domain::meeting::one_on_one_name(&seen.title),
            seen_day(Some(seen.last_start), zone),
        ) else {
            continue;
        };
        let key = crate::domain::person::key(&name);
        if known.contains(&key) || known.iter().any(|k| key.split(' ').any(|w| w == k)) {
            continue;
        }
        let entry = found.entry(key).or_insert((name, day));
        entry.1 = entry.1.max(day);
    }
    found
        .into_values()
        .map(|(name, day)| {
            let days = (today - day).num_days();
            PersonSummary {
                name,
                report: false,
                addresses: Vec::new(),
                last_checkin: Some(day),
                days_since_checkin: Some(days),
                last_one_on_one: Some(day),
                last_conversation: None,
                open_followups: 0,
                mentions: 0,
                stay_interview: false,
                nudge: days > i64::from(checkin_days),
                calendar_only: true,
            }
        })
        .collect()
}

#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod people_tests;
