//! VTIMEZONE components from the IANA database (chrono-tz), so exported times carry
//! their zone's real rules to calendar apps that do not know IANA names.
//!
//! Written by hand: no maintained crate turns chrono-tz data into VTIMEZONE text.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::ics::IcsWriter;

/// One change of UTC offset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    /// The local wall-clock time of the change, in the offset before it.
    local: NaiveDateTime,
    from: i32,
    to: i32,
    daylight: bool,
    name: String,
}

fn offset_at(zone: Tz, t: DateTime<Utc>) -> (i32, bool, String) {
    let offset = zone.offset_from_utc_datetime(&t.naive_utc());
    let seconds = (offset.base_utc_offset() + offset.dst_offset()).num_seconds() as i32;
    (
        seconds,
        !offset.dst_offset().is_zero(),
        offset.abbreviation().unwrap_or("").to_string(),
    )
}

/// The offset changes of `zone` in the years `from..=to`.
fn transitions(zone: Tz, from: i32, to: i32) -> Vec<Transition> {
    let mut out = Vec::new();
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(from, 1, 1),
        NaiveDate::from_ymd_opt(to + 1, 1, 1),
    ) else {
        return out;
    };
    let mut day = Utc.from_utc_datetime(&start.and_hms_opt(0, 0, 0).unwrap_or_default());
    let end = Utc.from_utc_datetime(&end.and_hms_opt(0, 0, 0).unwrap_or_default());
    let mut before = offset_at(zone, day);
    while day < end {
        let next = day + Duration::days(1);
        let after = offset_at(zone, next);
        if after.0 != before.0 || after.1 != before.1 {
            // Narrow the change down to the exact second of the day.
            let (mut lo, mut hi) = (0i64, 86_400i64);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if offset_at(zone, day + Duration::seconds(mid)) == before {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            let hi = day + Duration::seconds(hi);
            out.push(Transition {
                local: hi.naive_utc() + Duration::seconds(i64::from(before.0)),
                from: before.0,
                to: after.0,
                daylight: after.1,
                name: after.2.clone(),
            });
        }
        before = after;
        day = next;
    }
    out
}

/// The yearly rule (`BYMONTH=3;BYDAY=-1SU`) a transition follows, if its date is the nth
/// or last weekday of its month.
fn yearly_rule(local: NaiveDateTime) -> (u32, String) {
    let date = local.date();
    let days_in_month = NaiveDate::from_ymd_opt(date.year(), date.month() % 12 + 1, 1)
        .map(|d| {
            if date.month() == 12 {
                31
            } else {
                d.pred_opt().map_or(31, |p| p.day())
            }
        })
        .unwrap_or(31);
    let nth = if date.day() + 7 > days_in_month {
        -1
    } else {
        ((date.day() - 1) / 7 + 1) as i32
    };
    (
        date.month(),
        format!(
            "{nth}{}",
            crate::domain::block::weekday_code(date.weekday())
        ),
    )
}

fn nth_weekday(year: i32, month: u32, nth: i32, weekday: Weekday) -> Option<NaiveDate> {
    if nth > 0 {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth as u8)
    } else {
        let first_next = NaiveDate::from_ymd_opt(year + i32::from(month == 12), month % 12 + 1, 1)?;
        let mut d = first_next.pred_opt()?;
        while d.weekday() != weekday {
            d = d.pred_opt()?;
        }
        Some(d)
    }
}

fn fmt_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// Writes a VTIMEZONE for `zone` covering `from..=to` exactly, with yearly rules for the
/// last pair of transitions so dates past `to` stay right while the rules hold.
pub fn write_vtimezone(w: &mut IcsWriter, zone: Tz, from: i32, to: i32) {
    w.begin("VTIMEZONE");
    w.raw("TZID", &[], zone.name());
    let list = transitions(zone, from, to);
    let observance = |w: &mut IcsWriter, t: &Transition, rule: Option<String>| {
        let kind = if t.daylight { "DAYLIGHT" } else { "STANDARD" };
        w.begin(kind);
        w.raw("DTSTART", &[], &t.local.format("%Y%m%dT%H%M%S").to_string());
        if let Some(rule) = rule {
            w.raw("RRULE", &[], &rule);
        }
        w.raw("TZOFFSETFROM", &[], &fmt_offset(t.from));
        w.raw("TZOFFSETTO", &[], &fmt_offset(t.to));
        if !t.name.is_empty() {
            w.text("TZNAME", &t.name);
        }
        w.end(kind);
    };
    // An opening observance defines the offset before the first change in the range.
    let start = NaiveDate::from_ymd_opt(from, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let (offset, daylight, name) = offset_at(zone, Utc.from_utc_datetime(&start));
    observance(
        w,
        &Transition {
            local: start,
            from: offset,
            to: offset,
            daylight,
            name,
        },
        None,
    );
    // The last two changes become yearly rules when the year before followed the same
    // rule, so dates past the range stay right while the zone's rules hold.
    let n = list.len();
    let ruled = |t: &Transition| {
        let (month, byday) = yearly_rule(t.local);
        let nth: i32 = byday[..byday.len() - 2].parse().unwrap_or(0);
        let follows = list.iter().any(|p| {
            p.local.year() == t.local.year() - 1
                && p.to == t.to
                && p.local.time() == t.local.time()
                && nth_weekday(p.local.year(), month, nth, t.local.weekday())
                    == Some(p.local.date())
        });
        follows.then(|| format!("FREQ=YEARLY;BYMONTH={month};BYDAY={byday}"))
    };
    for (i, t) in list.iter().enumerate() {
        let rule = if i + 2 >= n { ruled(t) } else { None };
        observance(w, t, rule);
    }
    w.end("VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Asia::Tokyo, Europe::Berlin};

    fn vtimezone(zone: Tz, from: i32, to: i32) -> String {
        let mut w = IcsWriter::new();
        write_vtimezone(&mut w, zone, from, to);
        w.finish()
    }

    #[test]
    fn berlin_switches_on_the_last_sundays_of_march_and_october() {
        let t = transitions(Berlin, 2026, 2026);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].local.to_string(), "2026-03-29 02:00:00");
        assert_eq!((t[0].from, t[0].to, t[0].daylight), (3600, 7200, true));
        assert_eq!(t[1].local.to_string(), "2026-10-25 03:00:00");
        let text = vtimezone(Berlin, 2025, 2027);
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT"), "{text}");
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART:20250330T020000"),
            "earlier years are explicit: {text}"
        );
    }

    #[test]
    fn new_york_uses_the_second_and_first_sundays() {
        let text = vtimezone(New_York, 2025, 2027);
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
            "{text}"
        );
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
            "{text}"
        );
        assert!(
            text.contains("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400"),
            "{text}"
        );
    }

    #[test]
    fn a_zone_without_dst_has_one_standard_observance() {
        let text = vtimezone(Tokyo, 2026, 2027);
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1);
        assert!(text.contains("DTSTART:20260101T000000"));
        assert!(!text.contains("DAYLIGHT"));
        assert!(text.contains("TZOFFSETTO:+0900"));
    }
}
