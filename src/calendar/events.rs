//! VEVENTs into series, and series into occurrences within a window.
//!
//! Recurrence follows RFC 5545 as calendar apps apply it: RRULE (through the `rrule`
//! crate, expanded in wall-clock time so DST is right), RDATE (dates, date-times,
//! periods), EXDATE, RECURRENCE-ID overrides including RANGE=THISANDFUTURE, and
//! STATUS:CANCELLED for a series or one occurrence. Rules without an end are expanded
//! only as far as the window asked for.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::read::{Component, Property, ReadError, read, unescape};
use super::zones::{Zone, Zones};
use crate::domain::event::EventOccurrence;

/// The most occurrences one series may produce in one expansion; past it the series is
/// cut and reported, so no file can make bearing hang.
pub const MAX_OCCURRENCES_PER_SERIES: usize = 20_000;

/// When an event starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// An all-day event on a date.
    Date(NaiveDate),
    /// A wall-clock time in a zone.
    Timed(NaiveDateTime, Zone),
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
    cancelled: bool,
    start: Start,
    length: Duration,
    rrule: Option<String>,
    rdates: Vec<(Start, Option<Duration>)>,
    exdates: Vec<Start>,
    recurrence_id: Option<(Start, bool)>,
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

/// A master event with its overrides.
#[derive(Debug, Clone)]
struct Series {
    master: Option<Vevent>,
    overrides: Vec<Vevent>,
}

/// A calendar file, read and grouped into series.
#[derive(Debug, Clone)]
pub struct ParsedCalendar {
    zones: Vec<Zones>,
    /// (index into `zones`, series) in file order.
    series: Vec<(usize, Series)>,
    /// Events that could not be imported.
    pub skipped: Vec<Skipped>,
    /// Other things worth telling (skipped lines, unknown zones).
    pub notes: Vec<String>,
}

impl ParsedCalendar {
    /// How many series (UIDs) the file holds.
    pub fn series_count(&self) -> usize {
        self.series.len()
    }

    /// How many of them repeat.
    pub fn recurring_count(&self) -> usize {
        self.series
            .iter()
            .filter(|(_, s)| {
                s.master
                    .as_ref()
                    .is_some_and(|m| m.rrule.is_some() || !m.rdates.is_empty())
            })
            .count()
    }
}

fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim().get(..8)?, "%Y%m%d").ok()
}

fn parse_local(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim().trim_end_matches(['Z', 'z']);
    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M"))
        .ok()
}

/// Reads one date or date-time value, with the property's VALUE and TZID parameters.
fn parse_start(
    prop: &Property,
    value: &str,
    zones: &Zones,
    notes: &mut Vec<String>,
) -> Option<Start> {
    let v = value.trim();
    let is_date = prop
        .param("VALUE")
        .is_some_and(|t| t.eq_ignore_ascii_case("DATE"))
        || (v.len() == 8 && !v.contains('T'));
    if is_date {
        return parse_date(v).map(Start::Date);
    }
    let local = parse_local(v)?;
    if v.ends_with(['Z', 'z']) {
        return Some(Start::Timed(local, Zone::Utc));
    }
    let (zone, note) = zones.resolve(prop.param("TZID"));
    if let Some(note) = note {
        notes.push(format!("line {}: {note}", prop.line));
    }
    Some(Start::Timed(local, zone))
}

/// Reads an RFC 5545 DURATION such as `PT1H30M`, `P1D`, `P2W`, `-PT15M`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.strip_prefix('P')?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    for c in t.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += n * match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
            }
        }
    }
    number.is_empty().then(|| Duration::seconds(sign * total))
}

/// A stable 64-bit FNV-1a hash, for UIDs of events that have none and to recognise an
/// unchanged file. Written by hand: std's hasher is not stable across Rust versions, and
/// these values are stored.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn read_vevent(
    event: &Component,
    zones: &Zones,
    notes: &mut Vec<String>,
) -> Result<Vevent, String> {
    let title = event.text("SUMMARY").unwrap_or_default().trim().to_string();
    let dtstart = event.prop("DTSTART").ok_or("no DTSTART")?;
    let start = parse_start(dtstart, &dtstart.value, zones, notes)
        .ok_or_else(|| format!("DTSTART '{}' is not a date or time", dtstart.value.trim()))?;
    let length = if let Some(end) = event.prop("DTEND") {
        let end = parse_start(end, &end.value, zones, notes)
            .ok_or_else(|| format!("DTEND '{}' is not a date or time", end.value.trim()))?;
        match (start, end) {
            (Start::Date(s), Start::Date(e)) => e - s,
            (Start::Timed(s, sz), Start::Timed(e, ez)) => zones.to_utc(ez, e) - zones.to_utc(sz, s),
            (Start::Date(s), Start::Timed(e, _)) => e - s.and_time(NaiveTime::MIN),
            (Start::Timed(s, _), Start::Date(e)) => e.and_time(NaiveTime::MIN) - s,
        }
    } else if let Some(d) = event.prop("DURATION") {
        parse_duration(&d.value)
            .ok_or_else(|| format!("DURATION '{}' is not a duration", d.value.trim()))?
    } else if matches!(start, Start::Date(_)) {
        Duration::days(1)
    } else {
        Duration::zero()
    };
    if length < Duration::zero() {
        return Err("it ends before it starts".into());
    }
    let mut rdates = Vec::new();
    for p in event.props("RDATE") {
        let period = p
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
        for part in p.value.split(',') {
            if period || part.contains('/') {
                let (s, e) = part.split_once('/').unwrap_or((part, ""));
                let Some(start) = parse_start(p, s, zones, notes) else {
                    continue;
                };
                let length = parse_duration(e).or_else(|| {
                    let end = parse_start(p, e, zones, notes)?;
                    match (start, end) {
                        (Start::Timed(a, az), Start::Timed(b, bz)) => {
                            Some(zones.to_utc(bz, b) - zones.to_utc(az, a))
                        }
                        _ => None,
                    }
                });
                rdates.push((start, length));
            } else if let Some(s) = parse_start(p, part, zones, notes) {
                rdates.push((s, None));
            }
        }
    }
    let exdates = event
        .props("EXDATE")
        .flat_map(|p| {
            p.value
                .split(',')
                .filter_map(|v| parse_start(p, v, zones, notes))
                .collect::<Vec<_>>()
        })
        .collect();
    let recurrence_id = event.prop("RECURRENCE-ID").and_then(|p| {
        let future = p
            .param("RANGE")
            .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
        parse_start(p, &p.value, zones, notes).map(|s| (s, future))
    });
    let organizer = event
        .prop("ORGANIZER")
        .map(|p| {
            p.param("CN")
                .map(str::to_string)
                .unwrap_or_else(|| p.value.trim().trim_start_matches("mailto:").to_string())
        })
        .unwrap_or_default();
    Ok(Vevent {
        uid: event
            .prop("UID")
            .map(|p| p.value.trim().to_string())
            .filter(|u| !u.is_empty())
            .unwrap_or_default(),
        sequence: event
            .prop("SEQUENCE")
            .and_then(|p| p.value.trim().parse().ok())
            .unwrap_or(0),
        line: event.line,
        title,
        description: event.text("DESCRIPTION").unwrap_or_default(),
        categories: event
            .props("CATEGORIES")
            .flat_map(|p| {
                unescape(&p.value)
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty())
            .collect(),
        organizer,
        attendees: event.props("ATTENDEE").count() as u32,
        cancelled: event
            .prop("STATUS")
            .is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED")),
        start,
        length,
        rrule: event.prop("RRULE").map(|p| p.value.trim().to_string()),
        rdates,
        exdates,
        recurrence_id,
    })
}

/// Reads a calendar file. `local` is the zone for floating times without X-WR-TIMEZONE.
pub fn parse(text: &str, local: Tz) -> Result<ParsedCalendar, ReadError> {
    let (calendars, mut notes) = read(text)?;
    let mut parsed = ParsedCalendar {
        zones: Vec::new(),
        series: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
    };
    let mut by_uid: HashMap<String, usize> = HashMap::new();
    let mut anonymous: HashMap<u64, usize> = HashMap::new();
    for calendar in calendars.iter().filter(|c| c.name == "VCALENDAR") {
        let zones = Zones::of_calendar(calendar, local);
        let zi = parsed.zones.len();
        for component in calendar.children.iter().filter(|c| c.name == "VEVENT") {
            let mut event = match read_vevent(component, &zones, &mut notes) {
                Ok(e) => e,
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
                let raw = |n: &str| {
                    component
                        .prop(n)
                        .map(|p| p.value.clone())
                        .unwrap_or_default()
                };
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
    parsed.notes = notes;
    Ok(parsed)
}

/// Identifies an occurrence within its series, as [`EventOccurrence::key`] does.
fn key_of(start: Start, zones: &Zones) -> i64 {
    match start {
        Start::Date(d) => d.and_time(NaiveTime::MIN).and_utc().timestamp(),
        Start::Timed(local, zone) => zones.to_utc(zone, local).timestamp(),
    }
}

fn bounds(start: Start, length: Duration, zones: &Zones) -> (DateTime<Utc>, DateTime<Utc>) {
    match start {
        Start::Date(d) => {
            // All-day events sit on their dates in the floating zone.
            let s = zones.to_utc(zones.floating, d.and_time(NaiveTime::MIN));
            let e = zones.to_utc(
                zones.floating,
                (d + Duration::days(length.num_days().max(1))).and_time(NaiveTime::MIN),
            );
            (s, e)
        }
        Start::Timed(local, zone) => {
            let s = zones.to_utc(zone, local);
            (s, s + length)
        }
    }
}

/// The rule's scheduled starts up to the window's end, as wall-clock times.
fn rule_starts(
    master: &Vevent,
    rule: &str,
    zones: &Zones,
    to: DateTime<Utc>,
    notes: &mut Vec<String>,
) -> Vec<Start> {
    let (local_start, zone) = match master.start {
        Start::Date(d) => (d.and_time(NaiveTime::MIN), None),
        Start::Timed(l, z) => (l, Some(z)),
    };
    // Expanded as floating time: UNTIL in UTC becomes the wall-clock time in the zone.
    let mut parts: Vec<String> = Vec::new();
    for part in rule.split(';').filter(|p| !p.trim().is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let key = key.trim().to_ascii_uppercase();
        if key == "FREQ"
            && matches!(
                value.trim().to_ascii_uppercase().as_str(),
                "SECONDLY" | "MINUTELY"
            )
        {
            notes.push(format!("line {}: '{}' repeats every {}, which bearing does not expand; only its first occurrence is counted", master.line, master.title, value.to_ascii_lowercase().trim_end_matches("ly")));
            return vec![master.start];
        }
        if key == "UNTIL" {
            let v = value.trim();
            let until_local = if v.len() == 8 {
                parse_date(v).map(|d| d.and_hms_opt(23, 59, 59).unwrap_or_default())
            } else if v.ends_with(['Z', 'z']) {
                parse_local(v).map(|u| match zone {
                    Some(z) => zones.to_local(z, u.and_utc()),
                    None => zones.to_local(zones.floating, u.and_utc()),
                })
            } else {
                parse_local(v)
            };
            if let Some(u) = until_local {
                parts.push(format!("UNTIL={}Z", u.format("%Y%m%dT%H%M%S")));
            }
            continue;
        }
        parts.push(format!("{key}={}", value.trim()));
    }
    let text = format!(
        "DTSTART:{}Z\nRRULE:{}",
        local_start.format("%Y%m%dT%H%M%S"),
        parts.join(";")
    );
    let set = match super::rule_set(&text) {
        Ok(set) => set,
        Err(e) => {
            notes.push(format!("line {}: the repeat rule of '{}' cannot be read ({e}); only its first occurrence is counted", master.line, master.title));
            return vec![master.start];
        }
    };
    let limit_local = match zone {
        Some(z) => zones.to_local(z, to) + Duration::days(1),
        None => to.naive_utc() + Duration::days(2),
    };
    let mut out = Vec::new();
    for t in set.into_iter() {
        let local = t.naive_utc();
        if local > limit_local {
            break;
        }
        if out.len() >= MAX_OCCURRENCES_PER_SERIES {
            notes.push(format!("line {}: '{}' has more than {MAX_OCCURRENCES_PER_SERIES} occurrences in the period; the rest are not counted", master.line, master.title));
            break;
        }
        out.push(match zone {
            Some(z) => Start::Timed(local, z),
            None => Start::Date(local.date()),
        });
    }
    out
}

/// What every occurrence of one series shares.
struct SeriesContext<'a> {
    calendar: &'a str,
    uid: &'a str,
    recurring: bool,
    zones: &'a Zones,
}

fn occurrence(
    ctx: &SeriesContext<'_>,
    e: &Vevent,
    key: i64,
    start: Start,
    length: Duration,
) -> EventOccurrence {
    let (s, end) = bounds(start, length, ctx.zones);
    EventOccurrence {
        id: 0,
        calendar: ctx.calendar.to_string(),
        uid: ctx.uid.to_string(),
        key,
        title: e.title.clone(),
        description: e.description.clone(),
        categories: e.categories.clone(),
        organizer: e.organizer.clone(),
        attendees: e.attendees,
        start: s,
        end,
        all_day: matches!(start, Start::Date(_)),
        recurring: ctx.recurring,
    }
}

/// Every occurrence overlapping `[from, to)`, with exceptions and overrides applied and
/// cancelled ones left out, in start order.
pub fn expand(
    parsed: &ParsedCalendar,
    calendar: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    notes: &mut Vec<String>,
) -> Vec<EventOccurrence> {
    let mut out = Vec::new();
    for (zi, series) in &parsed.series {
        let Some(zones) = parsed.zones.get(*zi) else {
            continue;
        };
        let in_window = |o: &EventOccurrence| {
            o.end > from && o.start < to || (o.start == o.end && o.start >= from && o.start < to)
        };
        let Some(master) = &series.master else {
            // Overrides whose series is not in the file stand alone.
            for o in series.overrides.iter().filter(|o| !o.cancelled) {
                let occ = occurrence(
                    &SeriesContext {
                        calendar,
                        uid: &o.uid,
                        recurring: false,
                        zones,
                    },
                    o,
                    key_of(o.start, zones),
                    o.start,
                    o.length,
                );
                if in_window(&occ) {
                    out.push(occ);
                }
            }
            continue;
        };
        if master.cancelled {
            continue;
        }
        let recurring = master.rrule.is_some() || !master.rdates.is_empty();
        let ctx = SeriesContext {
            calendar,
            uid: &master.uid,
            recurring,
            zones,
        };
        let mut starts: Vec<(Start, Option<Duration>)> = match &master.rrule {
            Some(rule) => rule_starts(master, rule, zones, to, notes)
                .into_iter()
                .map(|s| (s, None))
                .collect(),
            None => vec![(master.start, None)],
        };
        starts.extend(master.rdates.iter().copied());
        let excluded: Vec<i64> = master.exdates.iter().map(|s| key_of(*s, zones)).collect();
        let excluded_days: Vec<NaiveDate> = master
            .exdates
            .iter()
            .filter_map(|s| match s {
                Start::Date(d) => Some(*d),
                Start::Timed(..) => None,
            })
            .collect();
        let mut overrides: HashMap<i64, &Vevent> = HashMap::new();
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
        let mut seen = std::collections::HashSet::new();
        for (start, length) in starts {
            let k = key_of(start, zones);
            if !seen.insert(k) || excluded.contains(&k) {
                continue;
            }
            if let Start::Timed(l, _) = start
                && excluded_days.contains(&l.date())
            {
                continue;
            }
            let occ = if let Some(o) = overrides.get(&k) {
                if o.cancelled {
                    continue;
                }
                occurrence(&ctx, o, k, o.start, o.length)
            } else if let Some((_, rid, o)) = future.iter().rev().find(|(fk, _, _)| *fk <= k) {
                // RANGE=THISANDFUTURE: later occurrences take the override's shift and details.
                if o.cancelled {
                    continue;
                }
                let (rid_start, _) = bounds(*rid, Duration::zero(), zones);
                let (new_start, _) = bounds(o.start, Duration::zero(), zones);
                let shift = new_start - rid_start;
                let (s, _) = bounds(start, Duration::zero(), zones);
                let shifted = match start {
                    Start::Timed(_, z) => Start::Timed(zones.to_local(z, s + shift), z),
                    Start::Date(d) => Start::Date(d + Duration::days(shift.num_days())),
                };
                occurrence(&ctx, o, k, shifted, o.length)
            } else {
                occurrence(&ctx, master, k, start, length.unwrap_or(master.length))
            };
            if in_window(&occ) {
                out.push(occ);
            }
        }
        // Overrides that move an occurrence the rule does not produce (or outside the
        // expanded range) still happen.
        for (k, o) in &overrides {
            if o.cancelled || seen.contains(k) {
                continue;
            }
            let occ = occurrence(&ctx, o, *k, o.start, o.length);
            if in_window(&occ) {
                out.push(occ);
            }
        }
    }
    out.sort_by(|a, b| (a.start, &a.uid, a.key).cmp(&(b.start, &b.uid, b.key)));
    out
}
