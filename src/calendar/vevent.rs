//! One VEVENT read into a typed [`Vevent`]: its start and length, repeat rules, extra
//! and excepted dates, the occurrence it overrides, and the text each occurrence keeps.
//! An event that cannot be read is refused with a reason; a part of it that cannot be
//! read is left out with a note.

use std::borrow::Cow;

use chrono::Duration;

use super::read::{Component, Property, unescape};
use super::recur::{self, Rule};
use super::values::{Start, check_end, duration, parse_start, span};
use super::zones::Zones;
use super::{Notes, called, short};
use crate::domain::event::{Attendee, PartStat};
use crate::domain::hash::FastSet;

/// The most RDATE (and, separately, EXDATE) values one event may have.
pub const MAX_DATES_PER_EVENT: usize = 10_000;

/// UIDs longer than this are replaced by a hash of themselves (each occurrence carries
/// its UID).
const MAX_UID: usize = 1000;

/// The most RRULEs (and, separately, EXRULEs) one event may have; real ones have one.
const MAX_RULES_PER_EVENT: usize = 20;

/// The most CATEGORIES one event keeps.
const MAX_CATEGORIES: usize = 50;
/// Attendees kept per event, besides the organizer (an all-hands invitation may list
/// thousands).
const MAX_ATTENDEES: usize = 200;

/// One VEVENT, read.
#[derive(Debug, Clone)]
pub(super) struct Vevent {
    pub(super) uid: String,
    pub(super) sequence: i64,
    pub(super) line: usize,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) categories: Vec<String>,
    pub(super) organizer: String,
    /// The people in it: the organizer and the attendees, each once (see [`people_of`]).
    pub(super) attendees: u32,
    /// Those of them with an address, at most [`MAX_ATTENDEES`].
    pub(super) attendee_list: Vec<Attendee>,
    pub(super) transparent: bool,
    pub(super) tentative: bool,
    pub(super) cancelled: bool,
    pub(super) start: Start,
    pub(super) length: Duration,
    pub(super) rrules: Vec<Rule>,
    pub(super) exrules: Vec<Rule>,
    pub(super) rdates: Vec<(Start, Option<Duration>)>,
    pub(super) exdates: Vec<Start>,
    pub(super) recurrence_id: Option<(Start, bool)>,
    /// A hash of the VEVENT's properties as written, to tell an unchanged event.
    pub(super) fingerprint: u64,
}

impl Vevent {
    /// The bytes of text each occurrence copies.
    pub(super) fn text_size(&self) -> usize {
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

/// Reads `event`; `Err` says why it cannot be imported. Its UID is empty when it gives
/// none, and its fingerprint 0 (the caller sets both).
pub(super) fn read_vevent(
    event: &Component<'_>,
    zones: &Zones,
    notes: &mut Notes,
) -> Result<Vevent, String> {
    let title = event.text("SUMMARY").unwrap_or_default().trim().to_string();
    let (start, length) = read_start_and_length(event, zones, notes)?;
    let mut dropped = 0usize;
    let rdates = read_rdates(event, length, zones, notes, &mut dropped);
    let exdates = read_exdates(event, zones, notes, &mut dropped);
    if dropped > 0 {
        notes.push(|| {
            format!(
                "line {}: {} has more than {MAX_DATES_PER_EVENT} RDATE or EXDATE values; {dropped} are left out",
                event.line,
                called(&title)
            )
        });
    }
    let recurrence_id = read_recurrence_id(event, zones, notes)?;
    let uid = uid_of(event).map(Cow::into_owned).unwrap_or_default();
    let (attendees, attendee_list) = people_of(event);
    let status_is = |status: &str| {
        event
            .prop("STATUS")
            .is_some_and(|p| p.value().trim().eq_ignore_ascii_case(status))
    };
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
        categories: categories_of(event),
        organizer: organizer_of(event),
        attendees,
        attendee_list,
        transparent: event
            .prop("TRANSP")
            .is_some_and(|p| p.value().trim().eq_ignore_ascii_case("TRANSPARENT")),
        tentative: status_is("TENTATIVE"),
        cancelled: status_is("CANCELLED"),
        start,
        length,
        rdates,
        exdates,
        recurrence_id,
        fingerprint: 0,
    })
}

/// DTSTART, and the length DTEND or DURATION gives (a day for an all-day event that
/// gives neither, else none).
fn read_start_and_length(
    event: &Component<'_>,
    zones: &Zones,
    notes: &mut Notes,
) -> Result<(Start, Duration), String> {
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
    Ok((start, length))
}

/// The RDATE values (dates, date-times, periods with their own length), at most
/// [`MAX_DATES_PER_EVENT`]; those past it are counted in `dropped`.
fn read_rdates(
    event: &Component<'_>,
    length: Duration,
    zones: &Zones,
    notes: &mut Notes,
    dropped: &mut usize,
) -> Vec<(Start, Option<Duration>)> {
    let mut rdates = Vec::new();
    for p in event.props("RDATE") {
        let period = p
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
        for part in p.value().split(',') {
            if rdates.len() >= MAX_DATES_PER_EVENT {
                *dropped += 1;
                continue;
            }
            let read = if period || part.contains('/') {
                read_period(p, part, zones, notes)
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
    rdates
}

/// One RDATE period, `start/end` or `start/duration`; a length that cannot be read, or
/// is negative, is left to the event's own.
fn read_period(
    p: &Property<'_>,
    part: &str,
    zones: &Zones,
    notes: &mut Notes,
) -> Result<(Start, Option<Duration>), String> {
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
}

/// The EXDATE values, at most [`MAX_DATES_PER_EVENT`]; those past it are counted in
/// `dropped`.
fn read_exdates(
    event: &Component<'_>,
    zones: &Zones,
    notes: &mut Notes,
    dropped: &mut usize,
) -> Vec<Start> {
    let mut exdates = Vec::new();
    for p in event.props("EXDATE") {
        for v in p.value().split(',') {
            if exdates.len() >= MAX_DATES_PER_EVENT {
                *dropped += 1;
                continue;
            }
            match parse_start(p, v, zones, notes) {
                Ok(s) => exdates.push(s),
                Err(e) => notes.push(|| format!("line {}: EXDATE {e}, left out", p.line)),
            }
        }
    }
    exdates
}

/// The occurrence an override replaces, and whether it replaces the later ones too
/// (RANGE=THISANDFUTURE).
fn read_recurrence_id(
    event: &Component<'_>,
    zones: &Zones,
    notes: &mut Notes,
) -> Result<Option<(Start, bool)>, String> {
    // An override whose RECURRENCE-ID cannot be read is refused: taken as the series
    // itself, it would replace it.
    let Some(p) = event.prop("RECURRENCE-ID") else {
        return Ok(None);
    };
    let future = p
        .param("RANGE")
        .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
    let rid = parse_start(p, p.value(), zones, notes).map_err(|e| format!("RECURRENCE-ID {e}"))?;
    Ok(Some((rid, future)))
}

/// The repeat rules called `name` (RRULE or EXRULE), at most [`MAX_RULES_PER_EVENT`];
/// one that cannot be read is left out with a note.
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
pub(super) fn uid_of<'c>(event: &'c Component<'_>) -> Option<Cow<'c, str>> {
    event
        .prop("UID")
        .map(|p| p.value().trim())
        .filter(|u| !u.is_empty())
        .map(|u| {
            if u.len() > MAX_UID {
                Cow::Owned(format!(
                    "bearing-uid-{:016x}",
                    crate::domain::hash::fnv1a(u)
                ))
            } else {
                Cow::Borrowed(u)
            }
        })
}

/// The organizer's name, else their address.
fn organizer_of(event: &Component<'_>) -> String {
    event
        .prop("ORGANIZER")
        .map(|p| {
            p.param("CN")
                .map(|cn| cn.into_owned())
                .unwrap_or_else(|| p.value().trim().trim_start_matches("mailto:").to_string())
        })
        .unwrap_or_default()
}

/// The CATEGORIES of every such property, at most [`MAX_CATEGORIES`].
fn categories_of(event: &Component<'_>) -> Vec<String> {
    event
        .props("CATEGORIES")
        .flat_map(|p| {
            unescape(p.value())
                .split(',')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .take(MAX_CATEGORIES)
        .collect()
}

/// The people in a meeting: the organizer and the attendees, each once. Outlook writes a
/// meeting you organise as ORGANIZER (you) and one ATTENDEE (the other person), without
/// listing you again; Google lists the organizer among the attendees too. Either way a
/// 1:1 is two people. Addresses are compared without `mailto:` and without regard to
/// case; an attendee with no address counts as one person of their own. Groups (a
/// mailing list), resources and rooms are not people (RFC 5545 3.2.3: CUTYPE GROUP,
/// RESOURCE, ROOM; INDIVIDUAL is the default, and UNKNOWN and values bearing does not
/// know are taken as UNKNOWN): they are neither counted nor listed, so a room booked
/// for a 1:1 leaves it a 1:1.
///
/// Returns how many people, and those with an address, lower-case, with their answer:
/// the attendees first (at most [`MAX_ATTENDEES`] of them), then the organizer, as having
/// accepted, unless listed among them (then their own answer stands).
fn people_of(event: &Component<'_>) -> (u32, Vec<Attendee>) {
    let mut people = People::default();
    for p in event.props("ATTENDEE").filter(|p| is_person(p)) {
        let partstat = p
            .param("PARTSTAT")
            .map_or(PartStat::NeedsAction, |s| PartStat::parse(&s));
        people.meet(address_of(p), partstat, MAX_ATTENDEES);
    }
    // An organizer who gives no address cannot be told from the attendees: not counted.
    if let Some(p) = event.prop("ORGANIZER").filter(|p| is_person(p)) {
        let address = address_of(p);
        if !address.is_empty() {
            // Kept past the limit: the organizer is worth knowing in an all-hands too.
            people.meet(address, PartStat::Accepted, MAX_ATTENDEES + 1);
        }
    }
    (people.count, people.list)
}

/// The people of a meeting met so far.
#[derive(Default)]
struct People {
    count: u32,
    list: Vec<Attendee>,
    /// A hash of every address met, kept in `list` or not, so each counts once however
    /// long the list.
    seen: FastSet<u64>,
}

impl People {
    /// Counts someone not met before (anyone without an address is), and keeps them
    /// while `list` holds fewer than `keep`.
    fn meet(&mut self, address: String, partstat: PartStat, keep: usize) {
        if address.is_empty() {
            self.count = self.count.saturating_add(1);
        } else if self.seen.insert(crate::domain::hash::fnv1a(&address)) {
            self.count = self.count.saturating_add(1);
            if self.list.len() < keep {
                self.list.push(Attendee { address, partstat });
            }
        }
    }
}

/// Whether an ATTENDEE or ORGANIZER is a person: not a group, a resource or a room.
fn is_person(p: &Property<'_>) -> bool {
    !p.param("CUTYPE").is_some_and(|t| {
        let t = t.trim();
        ["GROUP", "RESOURCE", "ROOM"]
            .iter()
            .any(|kind| t.eq_ignore_ascii_case(kind))
    })
}

/// A calendar address without `mailto:` (in any case), trimmed and lower-case.
fn address_of(p: &Property<'_>) -> String {
    let address = p.value().trim();
    let address = address
        .get(..7)
        .filter(|m| m.eq_ignore_ascii_case("mailto:"))
        .map_or(address, |_| &address[7..]);
    address.trim().to_lowercase()
}
