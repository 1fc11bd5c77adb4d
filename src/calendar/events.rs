//! VEVENTs into series, and series into occurrences within a window.
//!
//! Recurrence follows RFC 5545 as calendar apps apply it: DTSTART is always the first
//! occurrence and counts toward COUNT; every RRULE (through the `rrule` crate, expanded
//! in wall-clock time so DST is right) and RDATE (dates, date-times, periods) adds
//! occurrences; EXDATE and EXRULE (RFC 2445, still written by Zimbra, Lotus and older
//! Outlook) take them away; RECURRENCE-ID overrides, including RANGE=THISANDFUTURE, move
//! or change them; STATUS:CANCELLED removes a series or one occurrence. Rules without an
//! end are expanded only as far as the window asked for.
//!
//! Any file is read and expanded with bounded work (see [`Limits`]): a value out of
//! chrono's range refuses its event with a reason, and every limit met leaves a note.

use std::borrow::Cow;

use crate::domain::hash::{FastMap, FastSet, HashMapExt as _, HashSetExt as _};

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::Notes;
use super::read::{Component, Property, ReadError, read, unescape};
use super::recur::{self, Budget, Cut, Freq, Rule, Window};
use super::zones::{Zone, ZoneWork, Zones};
use crate::domain::event::{
    Attendance, Attendee, EventOccurrence, EventText, ImportRows, OccurrenceRow, PartStat,
    SeriesRows,
};

/// The most occurrences one series may have in one window; past it the series is cut
/// and reported, so no file can make bearing hang.
pub const MAX_OCCURRENCES_PER_SERIES: usize = 20_000;

/// The most occurrences one calendar may have in one window (the ten-year benchmark
/// calendar has 150,000).
pub const MAX_OCCURRENCES_PER_CALENDAR: usize = 300_000;

/// The most RDATE (and, separately, EXDATE) values one event may have.
pub const MAX_DATES_PER_EVENT: usize = 10_000;

/// The years an event may start and end in; anything else is refused for that event.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// UIDs longer than this are replaced by a hash of themselves (each occurrence carries
/// its UID).
const MAX_UID: usize = 1000;

/// The most RRULEs (and, separately, EXRULEs) one event may have; real ones have one.
const MAX_RULES_PER_EVENT: usize = 20;

/// The most CATEGORIES one event keeps.
const MAX_CATEGORIES: usize = 50;
/// Attendees kept per event (an all-hands invitation may list thousands).
const MAX_ATTENDEES: usize = 200;

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

/// When an event starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// An all-day event on a date.
    Date(NaiveDate),
    /// A wall-clock time in a zone.
    Timed(NaiveDateTime, Zone),
}

impl Start {
    fn year(self) -> i32 {
        match self {
            Start::Date(d) => d.year(),
            Start::Timed(t, _) => t.year(),
        }
    }
}

/// One VEVENT, read.
#[derive(Debug, Clone)]
struct Vevent {
    uid: String,
    sequence: i64,
    line: usize,
    title: String,
    description: String,
    categories: Vec<String>,
    organizer: String,
    attendees: u32,
    attendee_list: Vec<Attendee>,
    transparent: bool,
    tentative: bool,
    cancelled: bool,
    start: Start,
    length: Duration,
    rrules: Vec<Rule>,
    exrules: Vec<Rule>,
    rdates: Vec<(Start, Option<Duration>)>,
    exdates: Vec<Start>,
    recurrence_id: Option<(Start, bool)>,
    /// A hash of the VEVENT's properties as written, to tell an unchanged event.
    fingerprint: u64,
}

impl Vevent {
    /// The bytes of text each occurrence copies.
    fn text_size(&self) -> usize {
        self.title.len()
            + self.description.len()
            + self.organizer.len()
            + self.uid.len()
            + self.categories.iter().map(String::len).sum::<usize>()
            + self
                .attendee_list
                .iter()
                .map(|a| a.address.len() + 1)
                .sum::<usize>()
    }
}

/// Something in the file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The physical line of the VEVENT.
    pub line: usize,
    /// Its title, if it had one.
    pub title: String,
    /// Why.
    pub reason: String,
}

/// A series [`parse_known`] left unread, because the caller holds it already.
#[derive(Debug, Clone)]
struct KnownSeries {
    uid: String,
    fingerprint: u64,
    recurring: bool,
}

/// A master event with its overrides.
#[derive(Debug, Clone)]
struct Series {
    master: Option<Vevent>,
    overrides: Vec<Vevent>,
    /// Its fingerprint over all its VEVENTs as written, when the file has one VCALENDAR
    /// (see [`group_prints`]).
    print: Option<u64>,
}

/// A calendar file, read and grouped into series.
#[derive(Debug, Clone)]
pub struct ParsedCalendar {
    zones: Vec<Zones>,
    /// A hash of each VCALENDAR's time zone definitions, in `zones` order.
    zone_fingerprints: Vec<u64>,
    /// (index into `zones`, series) in file order.
    series: Vec<(usize, Series)>,
    /// Series the caller already holds as they are (see [`parse_known`]): not read.
    known: Vec<KnownSeries>,
    /// Events that could not be imported.
    pub skipped: Vec<Skipped>,
    /// Other things worth telling (skipped lines, unknown zones, limits met).
    pub notes: Vec<String>,
    /// Whether every component was closed before the file ended (false for a file cut
    /// short, as a broken download is).
    pub complete: bool,
    /// Whether the reader stopped at its limit of components or properties.
    pub stopped_at_limit: bool,
}

impl ParsedCalendar {
    /// Each series' UID with a hash of what the file says of it: its VEVENTs as written
    /// and the time zones they are read in. An equal hash means the series expands to
    /// the same occurrences in the same window, so a refresh need not expand it again.
    pub fn series_fingerprints(&self) -> Vec<(&str, u64)> {
        let known = self.known.iter().map(|k| (k.uid.as_str(), k.fingerprint));
        self.series
            .iter()
            .filter_map(|(zi, s)| {
                let uid = s.master.as_ref().or(s.overrides.first())?.uid.as_str();
                if let Some(print) = s.print {
                    return Some((uid, print));
                }
                let mut h = crate::domain::hash::Fnv::new();
                h.write(
                    &self
                        .zone_fingerprints
                        .get(*zi)
                        .copied()
                        .unwrap_or(0)
                        .to_le_bytes(),
                );
                let mut parts: Vec<u64> = s.overrides.iter().map(|o| o.fingerprint).collect();
                parts.sort_unstable();
                if let Some(m) = &s.master {
                    h.write(&m.fingerprint.to_le_bytes());
                }
                for p in parts {
                    h.write(&p.to_le_bytes());
                }
                Some((uid, h.finish()))
            })
            .chain(known)
            .collect()
    }

    /// How many series (UIDs) the file holds.
    pub fn series_count(&self) -> usize {
        self.series.len() + self.known.len()
    }

    /// How many of them repeat.
    pub fn recurring_count(&self) -> usize {
        self.series
            .iter()
            .filter(|(_, s)| {
                s.master
                    .as_ref()
                    .is_some_and(|m| !m.rrules.is_empty() || !m.rdates.is_empty())
            })
            .count()
            + self.known.iter().filter(|k| k.recurring).count()
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.trim().chars().take(40).collect();
    if text.trim().chars().nth(40).is_some() {
        s.push('…');
    }
    s
}

/// How a note names an event: its title in quotes, or "an untitled event".
fn called(title: &str) -> String {
    if title.trim().is_empty() {
        "an untitled event".to_string()
    } else {
        format!("'{}'", short(title))
    }
}

/// The number written in `digits`, when every byte is an ASCII digit.
// By hand: chrono's `parse_from_str` reads its format string for every value, and a
// ten-thousand-event refresh reads tens of thousands of these fixed-width values.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// An RFC 5545 DATE, `YYYYMMDD` (anything after the eighth character is ignored).
fn parse_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim().as_bytes().get(..8)?;
    let year = i32::try_from(number(&v[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&v[4..6])?, number(&v[6..8])?)
}

/// An RFC 5545 DATE-TIME without its zone, `YYYYMMDDTHHMMSS` (or `THHMM`, as some
/// exports write it); a trailing `Z` is left to the caller.
fn parse_local(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim().trim_end_matches(['Z', 'z']).as_bytes();
    if !(v.len() == 15 || v.len() == 13) || !v[8].eq_ignore_ascii_case(&b'T') {
        return None;
    }
    let date = parse_date(std::str::from_utf8(&v[..8]).ok()?)?;
    let (hour, minute) = (number(&v[9..11])?, number(&v[11..13])?);
    let second = if v.len() == 15 {
        number(&v[13..15])?
    } else {
        0
    };
    // A leap second (60), as chrono reads it: the last second of the minute, prolonged.
    let time = match second {
        60 => NaiveTime::from_hms_milli_opt(hour, minute, 59, 1_000),
        s => NaiveTime::from_hms_opt(hour, minute, s),
    }?;
    Some(date.and_time(time))
}

/// Reads one date or date-time value, with the property's VALUE and TZID parameters.
fn parse_start(
    prop: &Property<'_>,
    value: &str,
    zones: &Zones,
    notes: &mut Notes,
) -> Result<Start, String> {
    let v = value.trim();
    let is_date = prop
        .param("VALUE")
        .is_some_and(|t| t.eq_ignore_ascii_case("DATE"))
        || (v.len() == 8 && !v.contains('T'));
    let start = if is_date {
        parse_date(v).map(Start::Date)
    } else {
        parse_local(v).map(|local| {
            if v.ends_with(['Z', 'z']) {
                return Start::Timed(local, Zone::Utc);
            }
            let tzid = prop.param("TZID");
            let (zone, note) = zones.resolve(tzid.as_deref());
            if let Some(note) = note {
                notes.push(|| format!("line {}: {note}", prop.line));
            }
            Start::Timed(local, zone)
        })
    };
    let start = start.ok_or_else(|| format!("'{}' is not a date or time", short(v)))?;
    if !YEARS.contains(&start.year()) {
        return Err(format!(
            "'{}' is outside the years {} to {}",
            short(v),
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(start)
}

const NOT_A_DURATION: &str = "is not a duration";
const TOO_LONG: &str = "is longer than bearing can count";

/// Reads an RFC 5545 DURATION; a value chrono cannot hold is an error, not a panic.
fn duration(text: &str) -> Result<Duration, &'static str> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.strip_prefix('P').ok_or(NOT_A_DURATION)?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    for c in t.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 =
                    number
                        .parse()
                        .map_err(|e: std::num::ParseIntError| match e.kind() {
                            std::num::IntErrorKind::PosOverflow => TOO_LONG,
                            _ => NOT_A_DURATION,
                        })?;
                number.clear();
                let seconds = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return Err(NOT_A_DURATION),
                };
                total = n
                    .checked_mul(seconds)
                    .and_then(|s| total.checked_add(s))
                    .ok_or(TOO_LONG)?;
            }
        }
    }
    if !number.is_empty() {
        return Err(NOT_A_DURATION);
    }
    Duration::try_seconds(sign * total).ok_or(TOO_LONG)
}

/// Reads an RFC 5545 DURATION such as `PT1H30M`, `P1D`, `P2W`, `-PT15M`; `None` for
/// text that is not one or a length chrono cannot hold.
pub fn parse_duration(text: &str) -> Option<Duration> {
    duration(text).ok()
}

/// A stable 64-bit FNV-1a hash, for UIDs of events that have none and to recognise an
/// unchanged file. Written by hand: std's hasher is not stable across Rust versions, and
/// these values are stored.
pub fn fnv1a(text: &str) -> u64 {
    crate::domain::hash::fnv1a(text)
}

/// The time from one start to another (an all-day start is its date's midnight).
fn span(start: Start, end: Start, zones: &Zones) -> Duration {
    match (start, end) {
        (Start::Date(s), Start::Date(e)) => e.signed_duration_since(s),
        (Start::Timed(s, sz), Start::Timed(e, ez)) => zones
            .to_utc(ez, e)
            .signed_duration_since(zones.to_utc(sz, s)),
        (Start::Date(s), Start::Timed(e, _)) => e.signed_duration_since(s.and_time(NaiveTime::MIN)),
        (Start::Timed(s, _), Start::Date(e)) => e.and_time(NaiveTime::MIN).signed_duration_since(s),
    }
}

/// Refuses a length that cannot be added to `start`, or that ends after the last year
/// (a day's grace, for the last all-day date in zones west of UTC).
fn check_end(start: Start, length: Duration, zones: &Zones) -> Result<(), String> {
    let last = NaiveDate::from_ymd_opt(*YEARS.end() + 1, 1, 2)
        .map(|d| d.and_time(NaiveTime::MIN).and_utc());
    match (bounds(start, length, zones), last) {
        (Some((_, end)), Some(last)) if end <= last => Ok(()),
        _ => Err(format!("it ends after the year {}", YEARS.end())),
    }
}

fn read_rules(event: &Component<'_>, name: &str, title: &str, notes: &mut Notes) -> Vec<Rule> {
    let count = event.props(name).count();
    if count > MAX_RULES_PER_EVENT {
        notes.push(|| {
            format!(
                "line {}: {} has {count} {name}s; only the first {MAX_RULES_PER_EVENT} are read",
                event.line,
                called(title)
            )
        });
    }
    event
        .props(name)
        .take(MAX_RULES_PER_EVENT)
        .filter_map(|p| match recur::parse_rule(p.value()) {
            Ok(rule) => Some(rule),
            Err(e) => {
                notes.push(|| {
                    format!(
                        "line {}: the {name} of {} cannot be read ({e}); it is left out",
                        p.line,
                        called(title)
                    )
                });
                None
            }
        })
        .collect()
}

/// The UID a VEVENT gives itself (an overlong one is hashed), if it gives one.
fn uid_of<'c>(event: &'c Component<'_>) -> Option<Cow<'c, str>> {
    event
        .prop("UID")
        .map(|p| p.value().trim())
        .filter(|u| !u.is_empty())
        .map(|u| {
            if u.len() > MAX_UID {
                Cow::Owned(format!("bearing-uid-{:016x}", fnv1a(u)))
            } else {
                Cow::Borrowed(u)
            }
        })
}

fn read_vevent(event: &Component<'_>, zones: &Zones, notes: &mut Notes) -> Result<Vevent, String> {
    let title = event.text("SUMMARY").unwrap_or_default().trim().to_string();
    let dtstart = event.prop("DTSTART").ok_or("no DTSTART")?;
    let start =
        parse_start(dtstart, dtstart.value(), zones, notes).map_err(|e| format!("DTSTART {e}"))?;
    let length = if let Some(end) = event.prop("DTEND") {
        let end = parse_start(end, end.value(), zones, notes).map_err(|e| format!("DTEND {e}"))?;
        span(start, end, zones)
    } else if let Some(d) = event.prop("DURATION") {
        duration(d.value()).map_err(|e| format!("DURATION '{}' {e}", short(d.value())))?
    } else if matches!(start, Start::Date(_)) {
        Duration::days(1)
    } else {
        Duration::zero()
    };
    if length < Duration::zero() {
        return Err("it ends before it starts".into());
    }
    check_end(start, length, zones)?;
    let mut rdates = Vec::new();
    let mut dropped = 0usize;
    for p in event.props("RDATE") {
        let period = p
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
        for part in p.value().split(',') {
            if rdates.len() >= MAX_DATES_PER_EVENT {
                dropped += 1;
                continue;
            }
            let read = if period || part.contains('/') {
                let (s, e) = part.split_once('/').unwrap_or((part, ""));
                parse_start(p, s, zones, notes).and_then(|start| {
                    let length = duration(e).ok().or_else(|| {
                        let end = parse_start(p, e, zones, notes).ok()?;
                        match (start, end) {
                            (Start::Timed(..), Start::Timed(..)) => Some(span(start, end, zones)),
                            _ => None,
                        }
                    });
                    let length = length.filter(|l| *l >= Duration::zero());
                    check_end(start, length.unwrap_or(Duration::zero()), zones)?;
                    Ok((start, length))
                })
            } else {
                parse_start(p, part, zones, notes).and_then(|s| {
                    check_end(s, length, zones)?;
                    Ok((s, None))
                })
            };
            match read {
                Ok(r) => rdates.push(r),
                Err(e) => notes.push(|| format!("line {}: RDATE {e}, left out", p.line)),
            }
        }
    }
    let mut exdates = Vec::new();
    for p in event.props("EXDATE") {
        for v in p.value().split(',') {
            if exdates.len() >= MAX_DATES_PER_EVENT {
                dropped += 1;
                continue;
            }
            match parse_start(p, v, zones, notes) {
                Ok(s) => exdates.push(s),
                Err(e) => notes.push(|| format!("line {}: EXDATE {e}, left out", p.line)),
            }
        }
    }
    if dropped > 0 {
        notes.push(|| {
            format!(
                "line {}: {} has more than {MAX_DATES_PER_EVENT} RDATE or EXDATE values; {dropped} are left out",
                event.line,
                called(&title)
            )
        });
    }
    // An override whose RECURRENCE-ID cannot be read is refused: taken as the series
    // itself, it would replace it.
    let recurrence_id = match event.prop("RECURRENCE-ID") {
        None => None,
        Some(p) => {
            let future = p
                .param("RANGE")
                .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
            let rid = parse_start(p, p.value(), zones, notes)
                .map_err(|e| format!("RECURRENCE-ID {e}"))?;
            Some((rid, future))
        }
    };
    let organizer = event
        .prop("ORGANIZER")
        .map(|p| {
            p.param("CN")
                .map(|cn| cn.into_owned())
                .unwrap_or_else(|| p.value().trim().trim_start_matches("mailto:").to_string())
        })
        .unwrap_or_default();
    let uid = uid_of(event).map(Cow::into_owned).unwrap_or_default();
    Ok(Vevent {
        uid,
        sequence: event
            .prop("SEQUENCE")
            .and_then(|p| p.value().trim().parse().ok())
            .unwrap_or(0),
        line: event.line,
        rrules: read_rules(event, "RRULE", &title, notes),
        exrules: read_rules(event, "EXRULE", &title, notes),
        title,
        description: event.text("DESCRIPTION").unwrap_or_default(),
        categories: event
            .props("CATEGORIES")
            .flat_map(|p| {
                unescape(p.value())
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty())
            .take(MAX_CATEGORIES)
            .collect(),
        organizer,
        attendees: u32::try_from(event.props("ATTENDEE").count()).unwrap_or(u32::MAX),
        attendee_list: event
            .props("ATTENDEE")
            .take(MAX_ATTENDEES)
            .filter_map(|p| {
                let value = p.value();
                let address = value.trim();
                let address = address
                    .get(..7)
                    .filter(|m| m.eq_ignore_ascii_case("mailto:"))
                    .map_or(address, |_| &address[7..]);
                let address = address.trim().to_lowercase();
                (!address.is_empty()).then(|| Attendee {
                    address,
                    partstat: p
                        .param("PARTSTAT")
                        .map_or(PartStat::NeedsAction, |s| PartStat::parse(&s)),
                })
            })
            .collect(),
        transparent: event
            .prop("TRANSP")
            .is_some_and(|p| p.value().trim().eq_ignore_ascii_case("TRANSPARENT")),
        tentative: event
            .prop("STATUS")
            .is_some_and(|p| p.value().trim().eq_ignore_ascii_case("TENTATIVE")),
        cancelled: event
            .prop("STATUS")
            .is_some_and(|p| p.value().trim().eq_ignore_ascii_case("CANCELLED")),
        start,
        length,
        rdates,
        exdates,
        recurrence_id,
        fingerprint: 0,
    })
}

/// Reads a calendar file. `local` is the zone for floating times without X-WR-TIMEZONE.
pub fn parse(text: &str, local: Tz) -> Result<ParsedCalendar, ReadError> {
    parse_known(text, local, &|_, _| false)
}

/// As [`parse`], but a series for which `known(uid, fingerprint)` is true is counted and
/// fingerprinted without being read: the caller holds it as it is. A weekly refresh,
/// where most of a calendar is unchanged, reads only what changed. (Files with several
/// VCALENDARs, and events without a UID, are always read.)
pub fn parse_known(
    text: &str,
    local: Tz,
    known: &dyn Fn(&str, u64) -> bool,
) -> Result<ParsedCalendar, ReadError> {
    let doc = read(text)?;
    let mut notes = Notes::over(doc.notes);
    let mut parsed = ParsedCalendar {
        zones: Vec::new(),
        zone_fingerprints: Vec::new(),
        series: Vec::new(),
        known: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
        complete: doc.complete,
        stopped_at_limit: doc.stopped_at_limit,
    };
    let mut zone_work = ZoneWork::default();
    let mut by_uid: FastMap<String, usize> = FastMap::new();
    let mut anonymous: FastMap<u64, usize> = FastMap::new();
    let single = doc
        .calendars
        .iter()
        .filter(|c| c.name == "VCALENDAR")
        .count()
        == 1;
    for calendar in doc.calendars.iter().filter(|c| c.name == "VCALENDAR") {
        let zones = Zones::of_calendar_with(calendar, local, &mut zone_work, &mut notes);
        let zi = parsed.zones.len();
        let mut zone_print = crate::domain::hash::Words::new();
        zone_print.write_str(local.name());
        for component in calendar.children.iter().filter(|c| c.name == "VTIMEZONE") {
            fingerprint_into(component, &mut zone_print);
        }
        for p in calendar
            .properties
            .iter()
            .filter(|p| p.name() == "X-WR-TIMEZONE")
        {
            zone_print.write_str(p.value());
        }
        let zone_print = zone_print.finish();
        parsed.zone_fingerprints.push(zone_print);
        let vevents: Vec<&Component<'_>> = calendar
            .children
            .iter()
            .filter(|c| c.name == "VEVENT")
            .collect();
        let prints: Vec<u64> = vevents
            .iter()
            .map(|c| {
                let mut print = crate::domain::hash::Words::new();
                fingerprint_into(c, &mut print);
                print.finish()
            })
            .collect();
        let mut unread = vec![false; vevents.len()];
        let uids: Vec<Option<Cow<'_, str>>> = if single {
            vevents.iter().map(|c| uid_of(c)).collect()
        } else {
            Vec::new()
        };
        let group = group_prints(&uids, &prints, zone_print);
        if single {
            let mut known_at: FastMap<&str, usize> = FastMap::new();
            let mut unknown: FastSet<&str> = FastSet::new();
            for (i, (c, uid)) in vevents.iter().zip(&uids).enumerate() {
                let Some(uid) = uid.as_deref() else { continue };
                let Some(&print) = group.get(uid) else {
                    continue;
                };
                if unknown.contains(uid) || !known_at.contains_key(uid) && !known(uid, print) {
                    unknown.insert(uid);
                    continue;
                }
                unread[i] = true;
                let repeats = c.prop("RECURRENCE-ID").is_none()
                    && (c.prop("RRULE").is_some() || c.prop("RDATE").is_some());
                match known_at.get(uid) {
                    Some(&k) => parsed.known[k].recurring |= repeats,
                    None => {
                        known_at.insert(uid, parsed.known.len());
                        parsed.known.push(KnownSeries {
                            uid: uid.to_string(),
                            fingerprint: print,
                            recurring: repeats,
                        });
                    }
                }
            }
        }
        for (i, component) in vevents.iter().enumerate() {
            if unread[i] {
                continue;
            }
            let mut event = match read_vevent(component, &zones, &mut notes) {
                Ok(mut e) => {
                    e.fingerprint = prints[i];
                    e
                }
                Err(reason) => {
                    let title = component.text("SUMMARY").unwrap_or_default();
                    parsed.skipped.push(Skipped {
                        line: component.line,
                        title,
                        reason,
                    });
                    continue;
                }
            };
            if event.uid.is_empty() {
                // A stable UID from what the event says, numbered so identical ones all count.
                let raw = |n: &str| component.prop(n).map(|p| p.value()).unwrap_or_default();
                let h = fnv1a(&format!(
                    "{}|{}|{}|{}",
                    raw("DTSTART"),
                    raw("DTEND"),
                    raw("DURATION"),
                    event.title
                ));
                let n = anonymous.entry(h).or_insert(0);
                *n += 1;
                event.uid = format!("bearing-{h:016x}-{n}");
            }
            let at = *by_uid.entry(event.uid.clone()).or_insert_with(|| {
                parsed.series.push((
                    zi,
                    Series {
                        master: None,
                        overrides: Vec::new(),
                        print: group.get(event.uid.as_str()).copied(),
                    },
                ));
                parsed.series.len() - 1
            });
            let series = &mut parsed.series[at].1;
            if event.recurrence_id.is_some() {
                series.overrides.push(event);
            } else {
                // The same UID twice: the higher SEQUENCE wins, a tie goes to the later one.
                match &series.master {
                    Some(m) if m.sequence > event.sequence => {}
                    _ => series.master = Some(event),
                }
            }
        }
        parsed.zones.push(zones);
    }
    Zones::share(&mut parsed.zones, zone_work);
    parsed.notes = notes.finish();
    Ok(parsed)
}

/// Each UID's fingerprint: its VEVENTs' (all of them, those that cannot be read too, in
/// any order) with the time zones they are read in. Equal text gives an equal series.
fn group_prints<'u>(
    uids: &'u [Option<Cow<'_, str>>],
    prints: &[u64],
    zone_print: u64,
) -> FastMap<&'u str, u64> {
    // Nearly every UID has one VEVENT: its print is kept as it comes, and a Vec made
    // only for a UID met again.
    let mut groups: FastMap<&str, (u64, Vec<u64>)> = FastMap::with_capacity(uids.len());
    for (uid, &print) in uids.iter().zip(prints) {
        if let Some(uid) = uid.as_deref() {
            groups
                .entry(uid)
                .and_modify(|(_, more)| more.push(print))
                .or_insert((print, Vec::new()));
        }
    }
    groups
        .into_iter()
        .map(|(uid, (first, mut parts))| {
            parts.push(first);
            parts.sort_unstable();
            let mut h = crate::domain::hash::Words::new();
            h.write_u64(zone_print);
            for p in parts {
                h.write_u64(p);
            }
            (uid, h.finish())
        })
        .collect()
}

/// Adds a component's properties as written (each unfolded line whole) and its
/// children's to `h`.
fn fingerprint_into(component: &Component<'_>, h: &mut crate::domain::hash::Words) {
    h.write_str(&component.name);
    for p in &component.properties {
        h.write_str(p.line_text());
    }
    for child in &component.children {
        fingerprint_into(child, h);
    }
}

/// Identifies an occurrence within its series, as [`EventOccurrence::key`] does.
fn key_of(start: Start, zones: &Zones) -> i64 {
    match start {
        Start::Date(d) => d.and_time(NaiveTime::MIN).and_utc().timestamp(),
        Start::Timed(local, zone) => zones.to_utc(zone, local).timestamp(),
    }
}

/// The instant a start stands for (an all-day start: midnight in the floating zone).
fn instant(start: Start, zones: &Zones) -> DateTime<Utc> {
    match start {
        Start::Date(d) => zones.to_utc(zones.floating, d.and_time(NaiveTime::MIN)),
        Start::Timed(local, zone) => zones.to_utc(zone, local),
    }
}

/// When an occurrence starts and ends; `None` when the end is past chrono's range.
fn bounds(start: Start, length: Duration, zones: &Zones) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    match start {
        Start::Date(d) => {
            // All-day events sit on their dates in the floating zone.
            let days = u64::try_from(length.num_days().max(1)).ok()?;
            let s = zones.to_utc(zones.floating, d.and_time(NaiveTime::MIN));
            let end = d.checked_add_days(Days::new(days))?;
            Some((
                s,
                zones.to_utc(zones.floating, end.and_time(NaiveTime::MIN)),
            ))
        }
        Start::Timed(local, zone) => {
            let s = zones.to_utc(zone, local);
            Some((s, s.checked_add_signed(length)?))
        }
    }
}

/// Where a RANGE=THISANDFUTURE override puts a later occurrence `start`: moved as the
/// override moved its own, in wall-clock time (a weekly 10:00 moved to 11:00 stays at
/// 11:00 after a DST change) or by whole days for all-day events.
fn moved_by(start: Start, rid: Start, new: Start, zones: &Zones) -> Option<Start> {
    match start {
        Start::Timed(local, zone) => {
            let from = zones.to_local(zone, instant(rid, zones));
            let to = zones.to_local(zone, instant(new, zones));
            local
                .checked_add_signed(to.signed_duration_since(from))
                .map(|t| Start::Timed(t, zone))
        }
        Start::Date(d) => {
            let day = |s: Start| zones.to_local(zones.floating, instant(s, zones)).date();
            let days = day(new).signed_duration_since(day(rid));
            d.checked_add_signed(days).map(Start::Date)
        }
    }
}

/// `text` cut to at most `bytes` bytes, on a character boundary.
fn cut(text: &str, bytes: usize) -> String {
    if text.len() <= bytes {
        return text.to_string();
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// What every occurrence of one series shares.
struct SeriesContext<'a> {
    calendar: &'a str,
    uid: &'a str,
    recurring: bool,
    zones: &'a Zones,
}

/// One expansion's progress against its [`Limits`].
struct Run<'a> {
    limits: &'a Limits,
    budget: Budget,
    /// Bytes of text the occurrences carry in full so far.
    text: usize,
    /// The calendar has as many occurrences as it may.
    full: bool,
    budget_noted: bool,
    text_noted: bool,
}

/// What one series has produced so far.
#[derive(Debug, Default)]
struct SeriesCount {
    occurrences: usize,
    /// Bytes of text its occurrences carry in full.
    text: usize,
    text_noted: bool,
}

impl Run<'_> {
    /// Makes and keeps the occurrence of `e` at `start`, if it overlaps the window and
    /// there is room. `false` when the series is full.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        ctx: &SeriesContext<'_>,
        e: &Vevent,
        key: i64,
        start: Start,
        length: Duration,
        window: (DateTime<Utc>, DateTime<Utc>),
        in_series: &mut SeriesCount,
        out: &mut impl Sink,
        notes: &mut Notes,
    ) -> bool {
        self.add_as(
            ctx, e, key, start, length, window, false, in_series, out, notes,
        )
    }

    /// As [`Run::add`], for an occurrence that was cancelled (kept, marked, so a 1:1
    /// called off can be told from one never planned) when `cancelled`.
    #[allow(clippy::too_many_arguments)]
    fn add_as(
        &mut self,
        ctx: &SeriesContext<'_>,
        e: &Vevent,
        key: i64,
        start: Start,
        length: Duration,
        window: (DateTime<Utc>, DateTime<Utc>),
        cancelled: bool,
        in_series: &mut SeriesCount,
        out: &mut impl Sink,
        notes: &mut Notes,
    ) -> bool {
        let Some((s, end)) = bounds(start, length, ctx.zones) else {
            notes.push(|| {
                format!(
                    "line {}: an occurrence of {} ends past the years bearing can count; left out",
                    e.line,
                    called(&e.title)
                )
            });
            return true;
        };
        let (from, to) = window;
        let overlaps = end > from && s < to || (s == end && s >= from && s < to);
        if !overlaps {
            return true;
        }
        if out.count() >= self.limits.per_calendar {
            self.full = true;
            notes.push(|| format!("the calendar has more than {} occurrences in the period; {} and later events are not counted", self.limits.per_calendar, called(&e.title)));
            return false;
        }
        if in_series.occurrences >= self.limits.per_series {
            notes.push(|| format!("line {}: {} has more than {} occurrences in the period; the rest are not counted", e.line, called(&e.title), self.limits.per_series));
            return false;
        }
        in_series.occurrences += 1;
        // Each occurrence copies its event's text; past the budgets, only a short title,
        // so a long description repeated hourly cannot fill the memory.
        let size = e.text_size() + ctx.calendar.len();
        let series_room = in_series.text + size <= self.limits.series_text_bytes;
        let calendar_room = self.text + size <= self.limits.text_bytes;
        let full_text = series_room && calendar_room;
        if full_text {
            self.text += size;
            in_series.text += size;
        } else if !series_room && !in_series.text_noted {
            in_series.text_noted = true;
            let mb = self.limits.series_text_bytes >> 20;
            notes.push(|| format!("line {}: the occurrences of {} repeat more than {mb} MB of its text; later ones keep only the start of their title", e.line, called(&e.title)));
        } else if !calendar_room && !self.text_noted {
            self.text_noted = true;
            let mb = self.limits.text_bytes >> 20;
            notes.push(|| format!("line {}: the calendar's occurrences carry more than {mb} MB of text; from {} on they keep only the start of their titles", e.line, called(&e.title)));
        }
        out.put(
            ctx,
            e,
            Placed {
                key,
                start: s,
                end,
                all_day: matches!(start, Start::Date(_)),
                cancelled: cancelled || e.cancelled,
                full_text,
            },
        );
        true
    }
}

/// Where an occurrence falls, as an expansion hands it to a [`Sink`].
#[derive(Debug, Clone, Copy)]
struct Placed {
    key: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    all_day: bool,
    cancelled: bool,
    /// Within the text budgets: the event's whole text, else only a short title.
    full_text: bool,
}

/// Where an expansion puts what it finds: whole occurrences to read, or an import's rows.
trait Sink {
    /// How many occurrences it holds.
    fn count(&self) -> usize;
    /// Adds an occurrence of `e`.
    fn put(&mut self, ctx: &SeriesContext<'_>, e: &Vevent, at: Placed);
    /// Every occurrence of one UID has been put; false stops the expansion.
    fn uid_done(&mut self) -> bool {
        true
    }
}

/// The text of `e` an occurrence keeps: all of it, or past the budgets a short title.
fn text_of(e: &Vevent, full_text: bool, cancelled: bool) -> EventText {
    EventText {
        title: if full_text {
            e.title.clone()
        } else {
            cut(&e.title, 80)
        },
        description: if full_text {
            e.description.clone()
        } else {
            String::new()
        },
        categories: if full_text {
            e.categories.clone()
        } else {
            Vec::new()
        },
        organizer: if full_text {
            e.organizer.clone()
        } else {
            cut(&e.organizer, 80)
        },
        attendees: e.attendees,
        attendee_list: if full_text {
            e.attendee_list.clone()
        } else {
            Vec::new()
        },
        transparent: e.transparent,
        tentative: e.tentative,
        cancelled,
    }
}

impl Sink for Vec<EventOccurrence> {
    fn count(&self) -> usize {
        self.len()
    }

    fn put(&mut self, ctx: &SeriesContext<'_>, e: &Vevent, at: Placed) {
        let t = text_of(e, at.full_text, at.cancelled);
        self.push(EventOccurrence {
            id: 0,
            calendar: ctx.calendar.to_string(),
            uid: ctx.uid.to_string(),
            key: at.key,
            title: t.title,
            description: t.description,
            categories: t.categories,
            organizer: t.organizer,
            attendees: t.attendees,
            start: at.start,
            end: at.end,
            all_day: at.all_day,
            recurring: ctx.recurring,
            attendee_list: t.attendee_list,
            transparent: t.transparent,
            tentative: t.tentative,
            cancelled: t.cancelled,
            also_in: Vec::new(),
            attendance: Attendance::Counted,
        });
    }
}

/// An import's rows: each event's text once per series, each occurrence in a few bytes.
struct RowSink<'e> {
    rows: ImportRows,
    count: usize,
    /// The series and text index of each event (by its place in the parsed calendar),
    /// cancelled or not, whole or cut.
    texts: FastMap<(usize, bool, bool), (usize, u32)>,
    /// Where each series goes once its UID is done.
    each: &'e mut dyn FnMut(SeriesRows) -> bool,
}

impl Sink for RowSink<'_> {
    fn count(&self) -> usize {
        self.count
    }

    fn uid_done(&mut self) -> bool {
        self.texts.clear();
        std::mem::take(&mut self.rows)
            .series
            .into_iter()
            .all(|series| (self.each)(series))
    }

    fn put(&mut self, ctx: &SeriesContext<'_>, e: &Vevent, at: Placed) {
        // The event's address identifies it while the parsed calendar is borrowed.
        let event = std::ptr::from_ref(e) as usize;
        let (series, text) = match self.texts.get(&(event, at.cancelled, at.full_text)) {
            Some(&found) => found,
            None => {
                let series = self.rows.series_index(ctx.uid, ctx.recurring);
                let texts = &mut self.rows.series[series].texts;
                let text = u32::try_from(texts.len()).unwrap_or(u32::MAX);
                texts.push(text_of(e, at.full_text, at.cancelled));
                self.texts
                    .insert((event, at.cancelled, at.full_text), (series, text));
                (series, text)
            }
        };
        self.rows.series[series].occurrences.push(OccurrenceRow {
            text,
            key: at.key,
            start: at.start.timestamp(),
            end: at.end.timestamp(),
            all_day: at.all_day,
        });
        self.count += 1;
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
    let mut sink = RowSink {
        rows: ImportRows::default(),
        count: 0,
        texts: FastMap::new(),
        each,
    };
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
    let mut out = expand_filtered(parsed, calendar, from, to, limits, None, notes);
    out.retain(|o| !o.cancelled);
    out
}

fn expand_filtered(
    parsed: &ParsedCalendar,
    calendar: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limits: &Limits,
    only: Option<&FastSet<&str>>,
    notes: &mut Vec<String>,
) -> Vec<EventOccurrence> {
    let mut out = Vec::new();
    expand_into(parsed, calendar, (from, to), limits, only, notes, &mut out);
    out.sort_by(|a, b| (a.start, &a.uid, a.key).cmp(&(b.start, &b.uid, b.key)));
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
    let mut run = Run {
        limits,
        budget: Budget::new(limits.rule_work),
        text: 0,
        full: false,
        budget_noted: false,
        text_noted: false,
    };
    let window = (clamp(from), clamp(to));
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
        expand_series(
            series,
            zones,
            calendar,
            window,
            &mut run,
            out,
            &mut collected,
        );
    }
    out.uid_done();
    *notes = collected.finish();
}

/// The UID of a series: its master's, else its first override's.
fn series_uid(series: &Series) -> Option<&str> {
    series
        .master
        .as_ref()
        .or(series.overrides.first())
        .map(|e| e.uid.as_str())
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

/// A scheduled start with its key and, for an RDATE period, its own length.
type KeyedStart = (i64, Start, Option<Duration>);

/// The scheduled starts of a series' master: DTSTART, its rules' and its RDATEs, without
/// its exceptions, keyed and in order.
fn master_starts(
    master: &Vevent,
    zones: &Zones,
    window: (DateTime<Utc>, DateTime<Utc>),
    keep_all: bool,
    overrides: usize,
    run: &mut Run<'_>,
    notes: &mut Notes,
) -> (Vec<KeyedStart>, FastSet<i64>) {
    let floating_or = |start: Start| match start {
        Start::Timed(_, z) => z,
        Start::Date(_) => zones.floating,
    };
    let zone = floating_or(master.start);
    let local_of = |t: DateTime<Utc>| zones.to_local(zone, t);
    let (from, to) = window;
    let dtstart = match master.start {
        Start::Date(d) => d.and_time(NaiveTime::MIN),
        Start::Timed(l, _) => l,
    };
    let as_start = |t: NaiveDateTime| match master.start {
        Start::Date(_) => Start::Date(t.date()),
        Start::Timed(_, z) => Start::Timed(t, z),
    };
    // Times are compared as wall-clock times; two days either side cover any offset.
    let limit = local_of(to)
        .checked_add_signed(Duration::days(2))
        .unwrap_or(NaiveDateTime::MAX);
    let keep_from = if keep_all {
        NaiveDateTime::MIN
    } else {
        local_of(from)
            .checked_sub_signed(master.length)
            .and_then(|t| t.checked_sub_signed(Duration::days(2)))
            .unwrap_or(NaiveDateTime::MIN)
    };
    let window = Window {
        keep_from,
        limit,
        max_steps: run.limits.steps_per_rule,
        // No more can be counted: the series' limit, and what exceptions take away.
        max_kept: run.limits.per_series + master.exdates.len() + overrides,
    };
    let until_of = |rule: &Rule| {
        rule.until
            .map(|u| recur::until_local(u, |t| zones.to_local(zone, t.and_utc())))
    };
    let times = |rule: &Rule, is_rrule: bool, run: &mut Run<'_>, notes: &mut Notes| {
        if matches!(rule.freq, Freq::Minutely | Freq::Secondly) {
            let every = if rule.freq == Freq::Minutely {
                "minute"
            } else {
                "second"
            };
            notes.push(|| format!("line {}: {} repeats every {every}, which bearing does not expand; only its first occurrence is counted", master.line, called(&master.title)));
            return Vec::new();
        }
        // An EXRULE may take away more than a series can count; it keeps all it steps
        // through.
        let window = if is_rrule {
            window
        } else {
            Window {
                max_kept: window.max_steps,
                ..window
            }
        };
        match recur::expand_rule(
            dtstart,
            rule,
            until_of(rule),
            is_rrule,
            window,
            &mut run.budget,
        ) {
            Ok(t) => {
                match t.cut {
                    Some(Cut::Steps) => notes.push(|| format!("line {}: {} repeats more than {} times up to the period's end; the rest are not counted", master.line, called(&master.title), run.limits.steps_per_rule)),
                    Some(Cut::Budget) if !run.budget_noted => {
                        run.budget_noted = true;
                        notes.push(|| format!("line {}: the calendar's repeat rules need more work than bearing allows; from {} on, repeating events count only their first occurrence", master.line, called(&master.title)));
                    }
                    _ => {}
                }
                t.times
            }
            Err(e) => {
                notes.push(|| format!("line {}: the repeat rule of {} cannot be read ({e}); only its first occurrence is counted", master.line, called(&master.title)));
                Vec::new()
            }
        }
    };
    // RFC 5545: DTSTART is always the first instance, whether or not a rule produces it.
    let mut starts: Vec<(Start, Option<Duration>)> = vec![(master.start, None)];
    for rule in &master.rrules {
        starts.extend(
            times(rule, true, run, notes)
                .into_iter()
                .map(|t| (as_start(t), None)),
        );
    }
    starts.extend(master.rdates.iter().copied());
    let mut excluded: FastSet<i64> = master.exdates.iter().map(|s| key_of(*s, zones)).collect();
    for rule in &master.exrules {
        excluded.extend(
            times(rule, false, run, notes)
                .into_iter()
                .map(|t| key_of(as_start(t), zones)),
        );
    }
    let mut keyed: Vec<KeyedStart> = starts
        .into_iter()
        .map(|(s, l)| (key_of(s, zones), s, l))
        .collect();
    // Stable: for one key, DTSTART and rule times come before RDATE periods.
    keyed.sort_by_key(|(k, _, _)| *k);
    (keyed, excluded)
}

fn expand_series(
    series: &Series,
    zones: &Zones,
    calendar: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
    run: &mut Run<'_>,
    out: &mut impl Sink,
    notes: &mut Notes,
) {
    let Some(master) = &series.master else {
        // Overrides whose series is not in the file stand alone.
        let mut seen = FastSet::new();
        for o in series.overrides.iter().filter(|o| !o.cancelled) {
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
            if !run.add(
                &ctx, o, key, o.start, o.length, window, &mut one, out, notes,
            ) && run.full
            {
                return;
            }
        }
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
    let mut overrides: FastMap<i64, &Vevent> = FastMap::new();
    let mut future: Vec<(i64, Start, &Vevent)> = Vec::new();
    for o in &series.overrides {
        if let Some((rid, this_and_future)) = o.recurrence_id {
            let k = key_of(rid, zones);
            overrides.insert(k, o);
            if this_and_future {
                future.push((k, rid, o));
            }
        }
    }
    future.sort_by_key(|(k, _, _)| *k);
    // A THISANDFUTURE override can move occurrences from before the window into it.
    let (starts, excluded) = master_starts(
        master,
        zones,
        window,
        !future.is_empty(),
        series.overrides.len(),
        run,
        notes,
    );
    let excluded_days: FastSet<NaiveDate> = master
        .exdates
        .iter()
        .filter_map(|s| match s {
            Start::Date(d) => Some(*d),
            Start::Timed(..) => None,
        })
        .collect();
    let exdate_keys: FastSet<i64> = master.exdates.iter().map(|s| key_of(*s, zones)).collect();
    let mut seen = FastSet::new();
    let mut in_series = SeriesCount::default();
    for (k, start, length) in starts {
        if !seen.insert(k) {
            continue;
        }
        if excluded.contains(&k) {
            // An EXDATE is an occurrence deleted from the series (Outlook's way to cancel
            // one): kept, marked cancelled. EXRULE only shapes the pattern.
            if exdate_keys.contains(&k)
                && !run.add_as(
                    &ctx,
                    master,
                    k,
                    start,
                    length.unwrap_or(master.length),
                    window,
                    true,
                    &mut in_series,
                    out,
                    notes,
                )
            {
                return;
            }
            continue;
        }
        if let Start::Timed(l, _) = start
            && excluded_days.contains(&l.date())
        {
            continue;
        }
        let kept = if let Some(o) = overrides.get(&k) {
            // A cancelled override is kept, marked cancelled (Google's way to cancel one).
            run.add(
                &ctx,
                o,
                k,
                o.start,
                o.length,
                window,
                &mut in_series,
                out,
                notes,
            )
        } else if let Some((_, rid, o)) =
            future[..future.partition_point(|(fk, _, _)| *fk <= k)].last()
        {
            // RANGE=THISANDFUTURE: later occurrences take the override's move, details and
            // length.
            if o.cancelled {
                continue;
            }
            let Some(moved) = moved_by(start, *rid, o.start, zones) else {
                continue;
            };
            run.add(
                &ctx,
                o,
                k,
                moved,
                o.length,
                window,
                &mut in_series,
                out,
                notes,
            )
        } else {
            run.add(
                &ctx,
                master,
                k,
                start,
                length.unwrap_or(master.length),
                window,
                &mut in_series,
                out,
                notes,
            )
        };
        if !kept {
            // The calendar or the series is full (and a note says so).
            return;
        }
    }
    // Overrides that move an occurrence the rule does not produce (or outside the
    // expanded range) still happen.
    let mut rest: Vec<(&i64, &&Vevent)> = overrides
        .iter()
        .filter(|(k, o)| !o.cancelled && !seen.contains(*k) && !excluded.contains(*k))
        .collect();
    rest.sort_by_key(|(k, _)| **k);
    for (k, o) in rest {
        if !run.add(
            &ctx,
            o,
            *k,
            o.start,
            o.length,
            window,
            &mut in_series,
            out,
            notes,
        ) {
            return;
        }
    }
}

#[cfg(test)]
mod value_tests {
    use super::{parse_date, parse_local};
    use chrono::{NaiveDate, Timelike};

    #[test]
    fn dates_and_times_read_as_rfc_5545_writes_them() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(parse_date("20261201"), Some(day));
        assert_eq!(parse_date(" 20261201T093000 "), Some(day));
        let at = parse_local("20261201T093015Z").unwrap();
        assert_eq!(
            (at.date(), at.hour(), at.minute(), at.second()),
            (day, 9, 30, 15)
        );
        let short = parse_local("20261201t0930").unwrap();
        assert_eq!((short.hour(), short.minute(), short.second()), (9, 30, 0));
        let leap = parse_local("20261231T235960").unwrap();
        assert_eq!((leap.second(), leap.nanosecond()), (59, 1_000_000_000));
    }

    #[test]
    fn impossible_or_malformed_values_are_refused() {
        for bad in [
            "20260230",
            "20261301",
            "2026120",
            "2026-12-01",
            "+0261201",
            "",
            "２０２６１２０１",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for bad in [
            "20261201T250000",
            "20261201T096000",
            "20261201T0930001",
            "20261201 093000",
            "20261201T09:30",
            "20261201T",
            "20261201",
        ] {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
    }
}
