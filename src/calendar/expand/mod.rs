//! Series into occurrences within a window.
//!
//! Recurrence follows RFC 5545 as calendar apps apply it: DTSTART is always the first
//! occurrence and counts toward COUNT; every RRULE (through the `rrule` crate, expanded
//! in wall-clock time so DST is right) and RDATE (dates, date-times, periods) adds
//! occurrences; EXDATE and EXRULE (RFC 2445, still written by Zimbra, Lotus and older
//! Outlook) take them away; RECURRENCE-ID overrides, including RANGE=THISANDFUTURE, move
//! or change them; STATUS:CANCELLED removes a series or one occurrence. Rules without an
//! end are expanded only as far as the window asked for.
//!
//! Any calendar is expanded with bounded work (see [`Limits`]): every limit met leaves a
//! note.

mod run;
mod sink;
mod starts;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use self::run::{Run, Scheduled, SeriesContext, SeriesCount};
use self::sink::{OccurrenceSink, RowSink, Sink};
use self::starts::master_starts;
use super::Notes;
use super::series::{ParsedCalendar, Series, series_uid};
use super::values::{Start, YEARS, key_of, moved_by};
use super::vevent::Vevent;
use super::zones::Zones;
use crate::domain::event::{EventOccurrence, SeriesRows};
use crate::domain::hash::{FastMap, FastSet, HashMapExt as _, HashSetExt as _};

/// The most occurrences one series may have in one window; past it the series is cut
/// and reported, so no file can make bearing hang.
pub const MAX_OCCURRENCES_PER_SERIES: usize = 20_000;

/// The most occurrences one calendar may have in one window (the ten-year benchmark
/// calendar has 150,000).
pub const MAX_OCCURRENCES_PER_CALENDAR: usize = 300_000;

/// How much work one expansion of a calendar may do, and how much it may produce. Each
/// limit met is reported with a note; the rest of the calendar is still expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Occurrences one series may have in the window.
    pub per_series: usize,
    /// Occurrences the calendar may have in the window.
    pub per_calendar: usize,
    /// Times one rule may step through, in the window or before it.
    pub steps_per_rule: usize,
    /// Work all the calendar's rules may cost together, in units of about 50 ns (so the
    /// default is about three seconds); past it, repeating events count their first
    /// occurrence and RDATEs only.
    pub rule_work: u64,
    /// Bytes of text (titles, descriptions, organizers, categories) the occurrences of
    /// one series may carry in full (each occurrence copies its event's text); past it,
    /// that series' occurrences carry the start of their title only.
    pub series_text_bytes: usize,
    /// The same for all the calendar's occurrences together.
    pub text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            per_series: MAX_OCCURRENCES_PER_SERIES,
            per_calendar: MAX_OCCURRENCES_PER_CALENDAR,
            steps_per_rule: 200_000,
            rule_work: 60_000_000,
            // A daily meeting with 2 KB of video-call text keeps it for twenty years.
            series_text_bytes: 16 << 20,
            text_bytes: 256 << 20,
        }
    }
}

/// Every occurrence overlapping `[from, to)`, with exceptions and overrides applied and
/// cancelled ones left out, in start order, within the default [`Limits`].
pub fn expand(
    parsed: &ParsedCalendar,
    calendar: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    notes: &mut Vec<String>,
) -> Vec<EventOccurrence> {
    expand_with(parsed, calendar, from, to, &Limits::default(), notes)
}

/// The latest window an expansion looks at: events end by the year 10,000.
fn clamp(t: DateTime<Utc>) -> DateTime<Utc> {
    let first =
        NaiveDate::from_ymd_opt(*YEARS.start(), 1, 1).map(|d| d.and_time(NaiveTime::MIN).and_utc());
    let last = NaiveDate::from_ymd_opt(*YEARS.end() + 1, 12, 31)
        .map(|d| d.and_time(NaiveTime::MIN).and_utc());
    match (first, last) {
        (Some(first), Some(last)) => t.clamp(first, last),
        _ => t,
    }
}

/// What an import stores: as [`expand`] over `window`, but with cancelled occurrences
/// kept, marked (a 1:1 called off is worth seeing), and for only the series whose UIDs
/// `only` holds when given (a refresh expands the series that changed, not the rest).
/// Each series goes to `each` whole as soon as it is expanded (an import writes one while
/// the next expands); `each` returning false stops it. Each UID is handed on once.
pub fn expand_for_import_each(
    parsed: &ParsedCalendar,
    calendar: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
    only: Option<&FastSet<&str>>,
    notes: &mut Vec<String>,
    each: &mut dyn FnMut(SeriesRows) -> bool,
) {
    let mut sink = RowSink::new(each);
    expand_into(
        parsed,
        calendar,
        window,
        &Limits::default(),
        only,
        notes,
        &mut sink,
    );
}

/// As [`expand`], within `limits`.
pub fn expand_with(
    parsed: &ParsedCalendar,
    calendar: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limits: &Limits,
    notes: &mut Vec<String>,
) -> Vec<EventOccurrence> {
    let mut sink = OccurrenceSink::default();
    expand_into(parsed, calendar, (from, to), limits, None, notes, &mut sink);
    let mut out = sink.out;
    out.sort_by(|a, b| (a.start, &a.uid, a.key).cmp(&(b.start, &b.uid, b.key)));
    out.retain(|o| !o.cancelled);
    out
}

/// Expands the series of `parsed` (those `only` names, when given) into `out`.
fn expand_into(
    parsed: &ParsedCalendar,
    calendar: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    limits: &Limits,
    only: Option<&FastSet<&str>>,
    notes: &mut Vec<String>,
    out: &mut impl Sink,
) {
    let mut collected = Notes::over(std::mem::take(notes));
    let mut run = Run::new(limits, (clamp(from), clamp(to)));
    let order = by_uid(&parsed.series);
    for (n, &i) in order.iter().enumerate() {
        if n > 0
            && series_uid(&parsed.series[order[n - 1]].1) != series_uid(&parsed.series[i].1)
            && !out.uid_done()
        {
            break;
        }
        let (zi, series) = &parsed.series[i];
        if run.full {
            break;
        }
        let Some(zones) = parsed.zones.get(*zi) else {
            continue;
        };
        if let Some(only) = only
            && !series_uid(series).is_some_and(|u| only.contains(u))
        {
            continue;
        }
        expand_series(series, zones, calendar, &mut run, out, &mut collected);
    }
    out.uid_done();
    *notes = collected.finish();
}

/// The places of `series` in file order, but with the series of one UID together (a file
/// of several VCALENDARs may have one in each), so each UID's occurrences are put
/// together.
fn by_uid(series: &[(usize, Series)]) -> Vec<usize> {
    let mut places: FastMap<Option<&str>, Vec<usize>> = FastMap::with_capacity(series.len());
    let mut firsts = Vec::with_capacity(series.len());
    for (i, (_, s)) in series.iter().enumerate() {
        let uid = series_uid(s);
        let list = places.entry(uid).or_default();
        if list.is_empty() {
            firsts.push(uid);
        }
        list.push(i);
    }
    firsts
        .into_iter()
        .flat_map(|uid| places.remove(&uid).unwrap_or_default())
        .collect()
}

/// Expands one series: its master's scheduled starts with its exceptions and overrides
/// applied, then the overrides no start accounts for.
fn expand_series(
    series: &Series,
    zones: &Zones,
    calendar: &str,
    run: &mut Run<'_>,
    out: &mut impl Sink,
    notes: &mut Notes,
) {
    let Some(master) = &series.master else {
        expand_orphans(&series.overrides, zones, calendar, run, out, notes);
        return;
    };
    if master.cancelled {
        return;
    }
    let ctx = SeriesContext {
        calendar,
        uid: &master.uid,
        recurring: !master.rrules.is_empty() || !master.rdates.is_empty(),
        zones,
    };
    let overrides = Overrides::of(series, zones);
    // A THISANDFUTURE override can move occurrences from before the window into it.
    let (starts, excluded) = master_starts(
        master,
        zones,
        !overrides.future.is_empty(),
        series.overrides.len(),
        run,
        notes,
    );
    let exceptions = Exceptions::of(master, zones, excluded);
    let mut seen = FastSet::new();
    let mut in_series = SeriesCount::default();
    for (k, start, length) in starts {
        if !seen.insert(k) {
            continue;
        }
        let length = length.unwrap_or(master.length);
        let Some(at) = scheduled(master, &overrides, &exceptions, k, start, length, zones) else {
            continue;
        };
        if !run.add(&ctx, at, &mut in_series, out, notes) {
            // The calendar or the series is full (and a note says so).
            return;
        }
    }
    // Overrides that move an occurrence the rule does not produce (or outside the
    // expanded range) still happen.
    let mut rest: Vec<(i64, &Vevent)> = overrides
        .by_key
        .iter()
        .filter(|(k, o)| !o.cancelled && !seen.contains(*k) && !exceptions.excluded.contains(*k))
        .map(|(k, o)| (*k, *o))
        .collect();
    rest.sort_by_key(|(k, _)| *k);
    for (k, o) in rest {
        if !run.add(
            &ctx,
            Scheduled::as_written(o, k),
            &mut in_series,
            out,
            notes,
        ) {
            return;
        }
    }
}

/// Overrides whose series is not in the file: each stands alone, once per start.
fn expand_orphans(
    overrides: &[Vevent],
    zones: &Zones,
    calendar: &str,
    run: &mut Run<'_>,
    out: &mut impl Sink,
    notes: &mut Notes,
) {
    let mut seen = FastSet::new();
    for o in overrides.iter().filter(|o| !o.cancelled) {
        let key = key_of(o.start, zones);
        if !seen.insert(key) {
            continue;
        }
        let ctx = SeriesContext {
            calendar,
            uid: &o.uid,
            recurring: false,
            zones,
        };
        let mut one = SeriesCount::default();
        if !run.add(&ctx, Scheduled::as_written(o, key), &mut one, out, notes) && run.full {
            return;
        }
    }
}

/// The overrides of a series: by the key of the occurrence each replaces, and those
/// RANGE=THISANDFUTURE (which move the later ones too) in key order.
struct Overrides<'e> {
    by_key: FastMap<i64, &'e Vevent>,
    future: Vec<(i64, Start, &'e Vevent)>,
}

impl<'e> Overrides<'e> {
    fn of(series: &'e Series, zones: &Zones) -> Overrides<'e> {
        let mut by_key: FastMap<i64, &Vevent> = FastMap::new();
        let mut future: Vec<(i64, Start, &Vevent)> = Vec::new();
        for o in &series.overrides {
            if let Some((rid, this_and_future)) = o.recurrence_id {
                let k = key_of(rid, zones);
                by_key.insert(k, o);
                if this_and_future {
                    future.push((k, rid, o));
                }
            }
        }
        future.sort_by_key(|(k, _, _)| *k);
        Overrides { by_key, future }
    }

    /// The latest THISANDFUTURE override at or before key `k`.
    fn this_and_future(&self, k: i64) -> Option<&(i64, Start, &'e Vevent)> {
        self.future[..self.future.partition_point(|(fk, _, _)| *fk <= k)].last()
    }
}

/// What a master's exceptions take away from its scheduled starts.
struct Exceptions {
    /// The keys EXDATEs and EXRULEs take away.
    excluded: FastSet<i64>,
    /// The keys of the EXDATEs alone.
    exdates: FastSet<i64>,
    /// The dates of all-day EXDATEs, which take away timed starts on them too.
    days: FastSet<NaiveDate>,
}

impl Exceptions {
    fn of(master: &Vevent, zones: &Zones, excluded: FastSet<i64>) -> Exceptions {
        Exceptions {
            days: master
                .exdates
                .iter()
                .filter_map(|s| match s {
                    Start::Date(d) => Some(*d),
                    Start::Timed(..) => None,
                })
                .collect(),
            exdates: master.exdates.iter().map(|s| key_of(*s, zones)).collect(),
            excluded,
        }
    }
}

/// What the master's scheduled start `start` (keyed `k`, lasting `length`) becomes:
/// itself, cancelled by an EXDATE, replaced by an override, or moved by a THISANDFUTURE
/// one; `None` when it is taken away.
fn scheduled<'e>(
    master: &'e Vevent,
    overrides: &Overrides<'e>,
    exceptions: &Exceptions,
    k: i64,
    start: Start,
    length: Duration,
    zones: &Zones,
) -> Option<Scheduled<'e>> {
    if exceptions.excluded.contains(&k) {
        // An EXDATE is an occurrence deleted from the series (Outlook's way to cancel
        // one): kept, marked cancelled. EXRULE only shapes the pattern.
        return exceptions.exdates.contains(&k).then_some(Scheduled {
            event: master,
            key: k,
            start,
            length,
            cancelled: true,
        });
    }
    if let Start::Timed(l, _) = start
        && exceptions.days.contains(&l.date())
    {
        return None;
    }
    if let Some(&o) = overrides.by_key.get(&k) {
        // A cancelled override is kept, marked cancelled (Google's way to cancel one).
        return Some(Scheduled::as_written(o, k));
    }
    if let Some(&(_, rid, o)) = overrides.this_and_future(k) {
        // RANGE=THISANDFUTURE: later occurrences take the override's move, details and
        // length.
        if o.cancelled {
            return None;
        }
        return Some(Scheduled {
            event: o,
            key: k,
            start: moved_by(start, rid, o.start, zones)?,
            length: o.length,
            cancelled: false,
        });
    }
    Some(Scheduled {
        event: master,
        key: k,
        start,
        length,
        cancelled: false,
    })
}
