//! Time zones as calendar files name them: IANA names (also prefixed, as in
//! "/Europe/Stockholm" or "/mozilla.org/20050126_1/Europe/Berlin"), Windows names as
//! Outlook writes them (mapped with the CLDR table of the `windows-timezones` crate),
//! VTIMEZONE definitions with made-up names ("Europe_Berlin", "(UTC-05:00) Eastern")
//! evaluated from their own STANDARD/DAYLIGHT onsets (RRULE or RDATE), offsets written
//! in the name ("UTC+11"), and X-WR-TIMEZONE for floating times.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::Notes;
use super::read::{Component, unescape};
use super::recur::{self, Budget, Window};
use crate::domain::block::place;

/// The most VTIMEZONEs with made-up names one file may define (each is evaluated from its
/// rules; real files define a handful). Later ones are ignored with a note, and times in
/// them are read as local time.
pub const MAX_VTIMEZONES: usize = 200;

/// Work the VTIMEZONE rules of one file may cost (see [`recur`]): about one second.
const ZONE_BUDGET: u64 = 20_000_000;

/// Where a wall-clock time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// UTC.
    Utc,
    /// An IANA zone.
    Iana(Tz),
    /// A fixed offset in seconds east of UTC.
    Fixed(i32),
    /// A zone defined in the file itself (an index into the file's zones, the same in
    /// all its calendars).
    Custom(usize),
}

/// A VTIMEZONE's rules turned into a list of offset changes.
#[derive(Debug, Clone, Default)]
struct CustomZone {
    /// (UTC instant in seconds, offset after it), sorted.
    onsets: Vec<(i64, i32)>,
    /// The offset before the first change.
    initial: i32,
    /// Every offset the zone uses, largest first, for reading wall-clock times.
    offsets: Vec<i32>,
}

impl CustomZone {
    fn offset_at(&self, utc_seconds: i64) -> i32 {
        match self.onsets.partition_point(|(t, _)| *t <= utc_seconds) {
            0 => self.initial,
            i => self.onsets[i - 1].1,
        }
    }
}

/// The zones of one calendar file.
#[derive(Debug, Clone)]
pub struct Zones {
    /// The zones the whole file defines, shared by its calendars: an override in one
    /// calendar of the file may be read with the zones of its series' calendar. While
    /// the file is read, those defined so far (its own among them, so an event's length
    /// is measured in the zones it names).
    customs: Arc<Vec<Arc<CustomZone>>>,
    by_tzid: HashMap<String, Zone>,
    /// The zone of floating times: X-WR-TIMEZONE, else the user's zone.
    pub floating: Zone,
}

/// What the VTIMEZONEs of one file have cost so far, shared by all its calendars: a
/// file of many calendars (concatenated invitations) evaluates each zone once.
#[derive(Debug)]
pub(crate) struct ZoneWork {
    /// TZID to index into `customs`.
    evaluated: HashMap<String, usize>,
    /// The zones evaluated so far, in the order of their indices. Each calendar read
    /// holds the list as it was then; one more zone copies the list's pointers, not the
    /// zones.
    customs: Arc<Vec<Arc<CustomZone>>>,
    budget: Budget,
    capped: bool,
}

impl Default for ZoneWork {
    fn default() -> ZoneWork {
        ZoneWork {
            evaluated: HashMap::new(),
            customs: Arc::default(),
            budget: Budget::new(ZONE_BUDGET),
            capped: false,
        }
    }
}

/// The last year a VTIMEZONE rule is expanded to.
const LAST_RULE_YEAR: i32 = 2100;

/// The most onsets one observance's RDATEs or rule give.
const MAX_ONSETS: usize = 1000;

/// No zone name is longer; longer ones are not looked up (the lookups split names).
const MAX_ZONE_NAME: usize = 200;

/// A TZID as a key: without surrounding quotes, with backslash escapes undone, so
/// `TZID="Kuala Lumpur, Singapore"` finds `TZID:Kuala Lumpur\, Singapore`.
pub fn tzid_key(tzid: &str) -> Cow<'_, str> {
    let t = tzid.trim();
    let t = t
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(t);
    if t.contains(['\\', '"']) {
        Cow::Owned(unescape(t).replace('"', "").trim().to_string())
    } else {
        Cow::Borrowed(t)
    }
}

/// Reads "+0100", "-0300", "+053000".
fn parse_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    let (sign, digits) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => (1, t),
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 4 || digits.len() == 6) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    Some(sign * (h * 3600 + m * 60 + s))
}

/// An IANA zone named by `tzid`, also when prefixed with a path.
fn iana(tzid: &str) -> Option<Tz> {
    let t = tzid.trim().trim_matches('"');
    if let Ok(tz) = t.parse::<Tz>() {
        return Some(tz);
    }
    // IANA names have at most three parts (America/Argentina/Buenos_Aires): only the
    // last few parts of a long path are tried.
    let mut parts: Vec<&str> = t.rsplit('/').filter(|p| !p.is_empty()).take(3).collect();
    parts.reverse();
    (0..parts.len()).find_map(|k| parts[k..].join("/").parse::<Tz>().ok())
}

/// A fixed offset written in a name: "UTC+11", "GMT-03:00", "(UTC+05:30) Chennai".
fn offset_in_name(tzid: &str) -> Option<i32> {
    let upper = tzid.to_ascii_uppercase();
    let at = upper.find("UTC").or_else(|| upper.find("GMT"))?;
    let rest = &upper[at + 3..];
    let sign_pos = rest.find(['+', '-'])?;
    if sign_pos != 0 {
        return None;
    }
    let body: String = rest[1..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .take(5)
        .collect();
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if body.len() <= 2 => (body.parse::<i32>().ok()?, 0),
        None => (
            body[..body.len() - 2].parse::<i32>().ok()?,
            body[body.len() - 2..].parse::<i32>().ok()?,
        ),
    };
    if h > 14 || m > 59 {
        return None;
    }
    let sign = if rest.starts_with('-') { -1 } else { 1 };
    Some(sign * (h * 3600 + m * 60))
}

fn local_time(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M"))
        .ok()
}

/// `local` moved by `seconds`, or `local` itself at the ends of chrono's range.
fn moved(local: NaiveDateTime, seconds: i64) -> NaiveDateTime {
    local
        .checked_add_signed(Duration::seconds(seconds))
        .unwrap_or(local)
}

/// Turns a VTIMEZONE into its list of offset changes.
fn custom_zone(vtimezone: &Component<'_>, budget: &mut Budget) -> CustomZone {
    let mut onsets: Vec<(i64, i32)> = Vec::new();
    let mut earliest: Option<(NaiveDateTime, i32)> = None;
    let last = NaiveDate::from_ymd_opt(LAST_RULE_YEAR, 12, 31)
        .map_or(NaiveDateTime::MAX, |d| d.and_time(NaiveTime::MIN));
    for observance in vtimezone
        .children
        .iter()
        .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
    {
        let (Some(from), Some(to)) = (
            observance
                .prop("TZOFFSETFROM")
                .and_then(|p| parse_offset(p.value())),
            observance
                .prop("TZOFFSETTO")
                .and_then(|p| parse_offset(p.value())),
        ) else {
            continue;
        };
        let Some(start) = observance
            .prop("DTSTART")
            .and_then(|p| local_time(p.value()))
        else {
            continue;
        };
        if earliest.is_none_or(|(t, _)| start < t) {
            earliest = Some((start, from));
        }
        let mut locals = vec![start];
        if let Some(rule) = observance
            .prop("RRULE")
            .and_then(|p| recur::parse_rule(p.value()).ok())
        {
            // Expanded as floating time: the onsets are wall-clock times before the change.
            let until = rule
                .until
                .map(|u| recur::until_local(u, |t| moved(t, i64::from(from))));
            let window = Window {
                keep_from: NaiveDateTime::MIN,
                limit: last,
                max_steps: MAX_ONSETS,
                max_kept: MAX_ONSETS,
            };
            if let Ok(times) = recur::expand_rule(start, &rule, until, true, window, budget) {
                locals.extend(times.times);
            }
        }
        for rdate in observance.props("RDATE") {
            locals.extend(
                rdate
                    .value()
                    .split(',')
                    .take(MAX_ONSETS)
                    .filter_map(local_time),
            );
        }
        onsets.extend(
            locals
                .into_iter()
                .map(|l| (moved(l, -i64::from(from)).and_utc().timestamp(), to)),
        );
    }
    onsets.sort_unstable();
    onsets.dedup();
    let initial = earliest.map_or(0, |(_, from)| from);
    let mut offsets: Vec<i32> = onsets.iter().map(|(_, o)| *o).chain([initial]).collect();
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    offsets.dedup();
    CustomZone {
        onsets,
        initial,
        offsets,
    }
}

impl Zones {
    /// The zones a calendar defines or names; `local` is used for floating times when
    /// the calendar has no X-WR-TIMEZONE.
    pub fn of_calendar(calendar: &Component<'_>, local: Tz) -> Zones {
        let mut work = ZoneWork::default();
        let mut zones = Self::of_calendar_with(calendar, local, &mut work, &mut Notes::default());
        Self::share(std::slice::from_mut(&mut zones), work);
        zones
    }

    /// Gives the calendars of one file the zones it defines, once all are read.
    pub(crate) fn share(calendars: &mut [Zones], work: ZoneWork) {
        let customs = work.customs;
        for zones in calendars {
            zones.customs = Arc::clone(&customs);
        }
    }

    /// As [`Zones::of_calendar`], sharing the work of evaluating VTIMEZONEs with the
    /// other calendars of the file.
    pub(crate) fn of_calendar_with(
        calendar: &Component<'_>,
        local: Tz,
        work: &mut ZoneWork,
        notes: &mut Notes,
    ) -> Zones {
        let mut zones = Zones {
            customs: Arc::default(),
            by_tzid: HashMap::new(),
            floating: Zone::Iana(local),
        };
        for vtz in calendar.children.iter().filter(|c| c.name == "VTIMEZONE") {
            let Some(tzid) = vtz.prop("TZID").map(|p| tzid_key(p.value()).into_owned()) else {
                continue;
            };
            // The first definition of a TZID counts; repeats cost nothing.
            if zones.by_tzid.contains_key(&tzid) {
                continue;
            }
            // A VTIMEZONE defines its TZID: its STANDARD and DAYLIGHT observances, whether
            // their onsets are listed (RDATE, as khal writes them) or ruled (RRULE, as
            // Outlook writes them), are evaluated as written. Except under a name the
            // IANA database knows (or a Windows name, or UTC), read from the database as
            // before: exporters write such definitions partially (Outlook the current
            // rules back to 1601, so past years come out wrong; khal and Google the few
            // changes around their events), the database holds the zone's whole history,
            // and calendar apps read them so too. RFC 5545 does not say otherwise (3.2.19
            // only has the TZID parameter name the VTIMEZONE of that TZID); RFC 7809 lets
            // servers leave such definitions out. A name is looked up by itself only
            // where the file defines nothing (see `lookup`).
            let zone = match Self::named(&tzid) {
                Some(known) => known,
                None => {
                    let index = match work.evaluated.get(&tzid) {
                        Some(done) => *done,
                        None if work.evaluated.len() >= MAX_VTIMEZONES => {
                            if !work.capped {
                                work.capped = true;
                                notes.push(|| format!("line {}: the file defines more than {MAX_VTIMEZONES} time zones; later ones are not read", vtz.line));
                            }
                            continue;
                        }
                        None => {
                            let done = custom_zone(vtz, &mut work.budget);
                            let customs = Arc::make_mut(&mut work.customs);
                            customs.push(Arc::new(done));
                            work.evaluated.insert(tzid.clone(), customs.len() - 1);
                            customs.len() - 1
                        }
                    };
                    Zone::Custom(index)
                }
            };
            zones.by_tzid.insert(tzid, zone);
        }
        if let Some(zone) = calendar
            .prop("X-WR-TIMEZONE")
            .and_then(|wr| zones.lookup(wr.value()))
        {
            zones.floating = zone;
        }
        // Its events are read next: the zones it defines must be there to measure them
        // (before, an event from one made-up zone to another lasted as if both were UTC).
        zones.customs = Arc::clone(&work.customs);
        zones
    }

    /// A zone known by name alone: IANA (plain or prefixed), then Windows.
    fn named(tzid: &str) -> Option<Zone> {
        let t = tzid.trim().trim_matches('"');
        if t.len() > MAX_ZONE_NAME {
            return None;
        }
        if t.eq_ignore_ascii_case("UTC")
            || t.eq_ignore_ascii_case("Z")
            || t.eq_ignore_ascii_case("GMT")
        {
            return Some(Zone::Utc);
        }
        iana(t).map(Zone::Iana).or_else(|| {
            t.parse::<windows_timezones::WindowsTimezone>()
                .ok()
                .map(|w| Zone::Iana(Tz::from(w)))
        })
    }

    fn lookup(&self, tzid: &str) -> Option<Zone> {
        let key = tzid_key(tzid);
        if key.len() > MAX_ZONE_NAME {
            return self.by_tzid.get(key.as_ref()).copied();
        }
        self.by_tzid
            .get(key.as_ref())
            .copied()
            .or_else(|| Self::named(&key))
            .or_else(|| offset_in_name(&key).map(Zone::Fixed))
    }

    /// The zone for a TZID parameter; `None` (no TZID) means floating. An unknown TZID
    /// falls back to the floating zone, and says so.
    pub fn resolve(&self, tzid: Option<&str>) -> (Zone, Option<String>) {
        match tzid {
            None => (self.floating, None),
            Some(t) => match self.lookup(t) {
                Some(z) => (z, None),
                None => (
                    self.floating,
                    Some(format!(
                        "unknown time zone '{}', read as local time",
                        t.chars().take(60).collect::<String>()
                    )),
                ),
            },
        }
    }

    /// The instant of wall-clock time `local` in `zone`. A time that happens twice takes
    /// the first; a time in a gap moves forward by the gap.
    pub fn to_utc(&self, zone: Zone, local: NaiveDateTime) -> DateTime<Utc> {
        match zone {
            Zone::Utc => Utc.from_utc_datetime(&local),
            Zone::Iana(tz) => place(tz, local).to_utc(),
            Zone::Fixed(offset) => Utc.from_utc_datetime(&moved(local, -i64::from(offset))),
            Zone::Custom(i) => {
                let Some(custom) = self.customs.get(i) else {
                    return Utc.from_utc_datetime(&local);
                };
                let instant = |o: i32| moved(local, -i64::from(o)).and_utc();
                custom
                    .offsets
                    .iter()
                    .map(|&o| instant(o))
                    .find(|t| {
                        let o = custom.offset_at(t.timestamp());
                        *t == instant(o)
                    })
                    .unwrap_or_else(|| {
                        // In a gap: read it with the offset before the change.
                        let guess = instant(custom.initial);
                        instant(custom.offset_at(guess.timestamp() - 86_400))
                    })
            }
        }
    }

    /// The wall-clock time in `zone` at instant `utc`.
    pub fn to_local(&self, zone: Zone, utc: DateTime<Utc>) -> NaiveDateTime {
        match zone {
            Zone::Utc => utc.naive_utc(),
            Zone::Iana(tz) => utc.with_timezone(&tz).naive_local(),
            Zone::Fixed(offset) => moved(utc.naive_utc(), i64::from(offset)),
            Zone::Custom(i) => {
                let offset = self
                    .customs
                    .get(i)
                    .map_or(0, |c| c.offset_at(utc.timestamp()));
                moved(utc.naive_utc(), i64::from(offset))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::read::read;

    fn zones(text: &str) -> Zones {
        let doc = read(text).unwrap();
        Zones::of_calendar(&doc.calendars[0], chrono_tz::Europe::Berlin)
    }

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc_of(z: &Zones, tzid: &str, local: &str) -> String {
        let (zone, _) = z.resolve(Some(tzid));
        z.to_utc(zone, dt(local))
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    #[test]
    fn names_resolve_to_zones() {
        let z = zones("BEGIN:VCALENDAR\nEND:VCALENDAR");
        let cases = [
            ("Europe/Berlin", "2026-07-01 10:00", "2026-07-01 08:00"),
            ("/Europe/Stockholm", "2026-01-15 10:00", "2026-01-15 09:00"),
            (
                "/mozilla.org/20050126_1/Europe/Berlin",
                "2026-01-15 10:00",
                "2026-01-15 09:00",
            ),
            (
                "Pacific Standard Time",
                "2026-07-01 10:00",
                "2026-07-01 17:00",
            ),
            (
                "W. Europe Standard Time",
                "2026-07-01 10:00",
                "2026-07-01 08:00",
            ),
            (
                "E. South America Standard Time",
                "2026-07-01 10:00",
                "2026-07-01 13:00",
            ),
            ("UTC+11", "2026-07-01 10:00", "2026-06-30 23:00"),
            (
                "(UTC+05:30) Chennai, Kolkata",
                "2026-07-01 10:00",
                "2026-07-01 04:30",
            ),
            ("GMT-03:00", "2026-07-01 10:00", "2026-07-01 13:00"),
            ("UTC", "2026-07-01 10:00", "2026-07-01 10:00"),
        ];
        for (tzid, local, want) in cases {
            assert_eq!(utc_of(&z, tzid, local), want, "{tzid}");
        }
        let (zone, note) = z.resolve(Some("Narnia Standard Time"));
        assert_eq!(zone, Zone::Iana(chrono_tz::Europe::Berlin));
        assert!(note.unwrap().contains("Narnia"));
    }

    #[test]
    fn a_made_up_vtimezone_is_evaluated_from_its_rules() {
        // Outlook style: a custom name, yearly rules (old US rules until 2006, new after).
        let text = "BEGIN:VCALENDAR
BEGIN:VTIMEZONE
TZID:(UTC-05:00) Eastern Time (custom)
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:(UTC-03:00) Brasilia
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:-0300
TZOFFSETTO:-0300
END:STANDARD
END:VTIMEZONE
END:VCALENDAR";
        let z = zones(text);
        let eastern = "(UTC-05:00) Eastern Time (custom)";
        assert_eq!(utc_of(&z, eastern, "2026-01-15 09:00"), "2026-01-15 14:00");
        assert_eq!(utc_of(&z, eastern, "2026-07-15 09:00"), "2026-07-15 13:00");
        // The switch days themselves.
        assert_eq!(utc_of(&z, eastern, "2026-03-08 09:00"), "2026-03-08 13:00");
        assert_eq!(utc_of(&z, eastern, "2026-11-01 09:00"), "2026-11-01 14:00");
        assert_eq!(
            utc_of(&z, "(UTC-03:00) Brasilia", "2026-07-01 10:00"),
            "2026-07-01 13:00"
        );
        let (zone, _) = z.resolve(Some(eastern));
        let back = z.to_local(
            zone,
            DateTime::parse_from_rfc3339("2026-07-15T13:00:00Z")
                .unwrap()
                .to_utc(),
        );
        assert_eq!(back, dt("2026-07-15 09:00"));
    }

    /// A VTIMEZONE defines its TZID, with its changes listed (RDATE, as khal writes them)
    /// or ruled (RRULE) alike; but one named as the IANA database names a zone is read
    /// from the database, whatever it says (the rule bearing had and keeps: such
    /// definitions are often partial, see `of_calendar_with`).
    #[test]
    fn a_vtimezone_defines_its_tzid_unless_the_database_knows_the_name() {
        let observance = |kind: &str, start: &str, from: &str, to: &str, more: &str| {
            format!(
                "BEGIN:{kind}\nDTSTART;VALUE=DATE-TIME:{start}\nTZOFFSETFROM:{from}\nTZOFFSETTO:{to}\n{more}END:{kind}\n"
            )
        };
        let text = format!(
            "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:America_New_York\n{}{}END:VTIMEZONE\nBEGIN:VTIMEZONE\nTZID:America/New_York\n{}END:VTIMEZONE\nEND:VCALENDAR",
            observance(
                "STANDARD",
                "20251102T010000",
                "-0400",
                "-0500",
                "RDATE:20261101T010000\n"
            ),
            observance(
                "DAYLIGHT",
                "20260308T030000",
                "-0500",
                "-0400",
                "RDATE:20270314T030000\n"
            ),
            // A definition that is wrong on purpose: the database's is used.
            observance("STANDARD", "19700101T000000", "+0500", "+0500", ""),
        );
        let z = zones(&text);
        assert!(matches!(
            z.resolve(Some("America_New_York")).0,
            Zone::Custom(_)
        ));
        for tzid in ["America_New_York", "America/New_York"] {
            assert_eq!(
                utc_of(&z, tzid, "2026-07-01 10:00"),
                "2026-07-01 14:00",
                "{tzid}"
            );
            assert_eq!(
                utc_of(&z, tzid, "2026-11-24 10:00"),
                "2026-11-24 15:00",
                "{tzid}"
            );
        }
        assert_eq!(
            z.resolve(Some("America/New_York")).0,
            Zone::Iana(chrono_tz::America::New_York)
        );
    }

    #[test]
    fn x_wr_timezone_places_floating_times() {
        let z = zones("BEGIN:VCALENDAR\nX-WR-TIMEZONE:America/New_York\nEND:VCALENDAR");
        let (zone, _) = z.resolve(None);
        assert_eq!(
            z.to_utc(zone, dt("2026-07-01 09:00"))
                .format("%H:%M")
                .to_string(),
            "13:00"
        );
        let plain = zones("BEGIN:VCALENDAR\nEND:VCALENDAR");
        assert_eq!(plain.resolve(None).0, Zone::Iana(chrono_tz::Europe::Berlin));
    }

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("+0100"), Some(3600));
        assert_eq!(parse_offset("-0330"), Some(-(3 * 3600 + 1800)));
        assert_eq!(parse_offset("+053000"), Some(5 * 3600 + 1800));
        assert_eq!(parse_offset("bad"), None);
    }
}
