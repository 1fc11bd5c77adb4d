//! A calendar file read into series: its VEVENTs grouped by UID into a master event
//! with its overrides, each series fingerprinted over its VEVENTs as written, so a
//! refresh can tell the series that changed (and skip reading the rest, see
//! [`parse_known`]).

use std::borrow::Cow;

use chrono_tz::Tz;

use super::Notes;
use super::read::{Component, ReadError, read};
use super::vevent::{Vevent, read_vevent, uid_of};
use super::zones::{ZoneWork, Zones};
use crate::domain::hash::{FastMap, FastSet, HashMapExt as _, HashSetExt as _, Words};

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
pub(super) struct KnownSeries {
    uid: String,
    fingerprint: u64,
    recurring: bool,
}

/// A master event with its overrides.
#[derive(Debug, Clone)]
pub(super) struct Series {
    pub(super) master: Option<Vevent>,
    pub(super) overrides: Vec<Vevent>,
    /// Its fingerprint over all its VEVENTs as written, when the file has one VCALENDAR
    /// (see [`group_prints`]).
    print: Option<u64>,
}

/// The UID of a series: its master's, else its first override's.
pub(super) fn series_uid(series: &Series) -> Option<&str> {
    series
        .master
        .as_ref()
        .or(series.overrides.first())
        .map(|e| e.uid.as_str())
}

/// A calendar file, read and grouped into series.
#[derive(Debug, Clone)]
pub struct ParsedCalendar {
    pub(super) zones: Vec<Zones>,
    /// A hash of each VCALENDAR's time zone definitions, in `zones` order.
    zone_fingerprints: Vec<u64>,
    /// (index into `zones`, series) in file order.
    pub(super) series: Vec<(usize, Series)>,
    /// Series the caller already holds as they are (see [`parse_known`]): not read.
    known: Vec<KnownSeries>,
    /// Events that could not be imported.
    pub skipped: Vec<Skipped>,
    /// Other things worth telling (skipped lines, unknown zones, limits met).
    pub notes: Vec<String>,
    /// Whether the file is whole (see [`Document::complete`](super::read::Document)).
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
                let uid = series_uid(s)?;
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

    /// Whether the file looks cut short, as a download that stopped does: a component
    /// inside a calendar left open (a VEVENT without its END), or no line starting with
    /// `END:VCALENDAR` after the last component (a download cut right after an
    /// `END:VEVENT`). Text after that line, such as a server's cache comment, is not the
    /// calendar's and changes nothing; nor does a mistyped last line that starts so. A
    /// file read only up to a limit ([`ParsedCalendar::stopped_at_limit`]) cannot be
    /// judged, and is not called cut short.
    pub fn cut_short(&self) -> bool {
        !self.complete && !self.stopped_at_limit
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
    let mut places = Places::new();
    let single = doc
        .calendars
        .iter()
        .filter(|c| c.name == "VCALENDAR")
        .count()
        == 1;
    for calendar in doc.calendars.iter().filter(|c| c.name == "VCALENDAR") {
        let zones = Zones::of_calendar_with(calendar, local, &mut zone_work, &mut notes);
        let zi = parsed.zones.len();
        let zone_print = zone_print(calendar, local);
        parsed.zone_fingerprints.push(zone_print);
        let vevents: Vec<&Component<'_>> = calendar
            .children
            .iter()
            .filter(|c| c.name == "VEVENT")
            .collect();
        let prints: Vec<u64> = vevents.iter().map(|c| print_of(c)).collect();
        let uids: Vec<Option<Cow<'_, str>>> = if single {
            vevents.iter().map(|c| uid_of(c)).collect()
        } else {
            Vec::new()
        };
        let group = group_prints(&uids, &prints, zone_print);
        let unread = if single {
            hold_known(&vevents, &uids, &group, known, &mut parsed.known)
        } else {
            vec![false; vevents.len()]
        };
        // Room made once for the series to come (at most one per event read): grown by
        // doubling, 10,000 of them held up to 16,384 series' room at the peak of a sync.
        parsed
            .series
            .reserve(unread.iter().filter(|&&held| !held).count());
        for (i, component) in vevents.iter().enumerate() {
            if unread[i] {
                continue;
            }
            match read_vevent(component, &zones, &mut notes) {
                Ok(mut event) => {
                    event.fingerprint = prints[i];
                    places.file(&mut parsed, zi, component, event, &group);
                }
                Err(reason) => parsed.skipped.push(Skipped {
                    line: component.line,
                    title: component.text("SUMMARY").unwrap_or_default(),
                    reason,
                }),
            }
        }
        parsed.zones.push(zones);
    }
    Zones::share(&mut parsed.zones, zone_work);
    parsed.notes = notes.finish();
    Ok(parsed)
}

/// A hash of the time zones a VCALENDAR's events are read in: the user's zone, its
/// VTIMEZONEs as written and its X-WR-TIMEZONE.
fn zone_print(calendar: &Component<'_>, local: Tz) -> u64 {
    let mut zone_print = Words::new();
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
    zone_print.finish()
}

/// The fingerprint of one VEVENT as written.
fn print_of(vevent: &Component<'_>) -> u64 {
    let mut print = Words::new();
    fingerprint_into(vevent, &mut print);
    print.finish()
}

/// Which of `vevents` (with their `uids`) belong to a series `known` says the caller
/// holds, by its fingerprint in `group`: those are counted in `held`, not read. A UID is
/// asked about once.
fn hold_known(
    vevents: &[&Component<'_>],
    uids: &[Option<Cow<'_, str>>],
    group: &FastMap<&str, u64>,
    known: &dyn Fn(&str, u64) -> bool,
    held: &mut Vec<KnownSeries>,
) -> Vec<bool> {
    let mut unread = vec![false; vevents.len()];
    let mut known_at: FastMap<&str, usize> = FastMap::new();
    let mut unknown: FastSet<&str> = FastSet::new();
    for (i, (c, uid)) in vevents.iter().zip(uids).enumerate() {
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
            Some(&k) => held[k].recurring |= repeats,
            None => {
                known_at.insert(uid, held.len());
                held.push(KnownSeries {
                    uid: uid.to_string(),
                    fingerprint: print,
                    recurring: repeats,
                });
            }
        }
    }
    unread
}

/// Where each UID's series is in [`ParsedCalendar::series`], and how many events
/// without a UID have been met, by what they say.
struct Places {
    by_uid: FastMap<String, usize>,
    anonymous: FastMap<u64, usize>,
}

impl Places {
    fn new() -> Places {
        Places {
            by_uid: FastMap::new(),
            anonymous: FastMap::new(),
        }
    }

    /// Puts `event` (read from `component` in calendar `zi`) in its series, a new one for
    /// a UID met first: as an override, or as the master when it outranks the one there.
    fn file(
        &mut self,
        parsed: &mut ParsedCalendar,
        zi: usize,
        component: &Component<'_>,
        mut event: Vevent,
        group: &FastMap<&str, u64>,
    ) {
        if event.uid.is_empty() {
            event.uid = self.anonymous_uid(component, &event.title);
        }
        let at = *self.by_uid.entry(event.uid.clone()).or_insert_with(|| {
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

    /// A stable UID from what an event without one says, numbered so identical ones all
    /// count.
    fn anonymous_uid(&mut self, component: &Component<'_>, title: &str) -> String {
        let raw = |n: &str| component.prop(n).map(|p| p.value()).unwrap_or_default();
        let h = crate::domain::hash::fnv1a(&format!(
            "{}|{}|{}|{}",
            raw("DTSTART"),
            raw("DTEND"),
            raw("DURATION"),
            title
        ));
        let n = self.anonymous.entry(h).or_insert(0);
        *n += 1;
        format!("bearing-{h:016x}-{n}")
    }
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
            let mut h = Words::new();
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
fn fingerprint_into(component: &Component<'_>, h: &mut Words) {
    h.write_str(&component.name);
    for p in &component.properties {
        h.write_str(p.line_text());
    }
    for child in &component.children {
        fingerprint_into(child, h);
    }
}
