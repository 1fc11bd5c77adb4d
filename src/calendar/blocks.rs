//! Expanding a block's repeat rule into occurrences within a window, on demand: no horizon
//! is stored, so a series with no end works for any week asked about.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rrule::RRuleSet;

use crate::domain::block::{Block, Exception, Mark, Occurrence, OccurrenceStatus, Repeat, place};

/// The occurrences of `block` that overlap `[from, to)`, with `exceptions` applied, in
/// start order. Occurrences that ended before `now` and were not marked count as kept.
pub fn expand_block(
    block: &Block,
    exceptions: &[Exception],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<Occurrence> {
    let by_original: HashMap<NaiveDateTime, &Exception> =
        exceptions.iter().map(|e| (e.original, e)).collect();
    let length = Duration::minutes(i64::from(block.minutes));
    // An occurrence moved into the window may have been scheduled far outside it, and one
    // scheduled inside may have moved out: take the originals scheduled in the window, add
    // those moved into it (if the rule still has them), then keep what overlaps after
    // moving. Widening the window by the furthest move instead made one occurrence moved
    // to year 9999 cost a second per frame.
    let mut originals = scheduled_starts(block, from - length, to);
    for e in exceptions {
        let Some(moved) = e.moved_to else { continue };
        let at = place(block.zone, moved).with_timezone(&Utc);
        if at < to && at + length > from && !originals.contains(&e.original) {
            let scheduled = place(block.zone, e.original).with_timezone(&Utc);
            let second = Duration::seconds(1);
            if scheduled_starts(block, scheduled - second, scheduled + second).contains(&e.original)
            {
                originals.push(e.original);
            }
        }
    }
    let mut out: Vec<Occurrence> = originals
        .into_iter()
        .filter_map(|original| {
            occurrence_at(block, by_original.get(&original).copied(), original, now)
        })
        .filter(|o| o.end.with_timezone(&Utc) > from && o.start.with_timezone(&Utc) < to)
        .collect();
    out.sort_by_key(|o| o.start);
    out
}

/// The occurrence of `block` scheduled at `original` (a start its rule gives), wherever
/// `exception` moved it; `None` when it was deleted.
fn occurrence_at(
    block: &Block,
    exception: Option<&Exception>,
    original: NaiveDateTime,
    now: DateTime<Utc>,
) -> Option<Occurrence> {
    if exception.is_some_and(|e| e.removed) {
        return None;
    }
    let length = Duration::minutes(i64::from(block.minutes));
    let moved_to = exception.and_then(|e| e.moved_to);
    let start = place(block.zone, moved_to.unwrap_or(original));
    // Through the zone, so an end after a DST switch carries the new offset.
    let end = (start + length).with_timezone(&block.zone).fixed_offset();
    let (status, kept_minutes) = match exception.and_then(|e| e.mark) {
        Some(Mark::Kept) => (OccurrenceStatus::Kept, block.minutes),
        Some(Mark::PartlyKept(m)) => (OccurrenceStatus::PartlyKept, m.min(block.minutes)),
        Some(Mark::Skipped) => (OccurrenceStatus::Skipped, 0),
        None if end.with_timezone(&Utc) <= now => (OccurrenceStatus::Kept, block.minutes),
        None => (OccurrenceStatus::Planned, 0),
    };
    Some(Occurrence {
        block_id: block.id,
        block_uid: block.uid.clone(),
        title: block.title.clone(),
        intention: block.intention.clone(),
        original,
        start,
        end,
        status,
        kept_minutes,
        reason: exception.and_then(|e| e.reason.clone()),
        moved: moved_to.is_some(),
        repeating: block.repeat != Repeat::Once,
    })
}

/// The occurrence of `block` scheduled on the local `day`, wherever it was moved to,
/// however far: an occurrence is always found by its scheduled date.
pub fn occurrence_scheduled_on(
    block: &Block,
    exceptions: &[Exception],
    day: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Option<Occurrence> {
    let (from, to) = crate::domain::week::day_window(block.zone, day, day);
    let original = scheduled_starts(block, from, to)
        .into_iter()
        .find(|o| o.date() == day)?;
    let exception = exceptions.iter().find(|e| e.original == original);
    occurrence_at(block, exception, original, now)
}

/// Every occurrence of `blocks` overlapping the local days `from..=to` in `zone`, in start
/// order.
pub fn occurrences_between(
    blocks: &[(Block, Vec<Exception>)],
    zone: chrono_tz::Tz,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Vec<Occurrence> {
    let (start, end) = crate::domain::week::day_window(zone, from, to);
    let mut all: Vec<Occurrence> = blocks
        .iter()
        .flat_map(|(b, ex)| expand_block(b, ex, start, end, now))
        .collect();
    all.sort_by_key(|o| (o.start, o.block_id));
    all
}

/// The scheduled local starts of a block whose start instant falls in `[from, to)`.
pub fn scheduled_starts(
    block: &Block,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<NaiveDateTime> {
    let in_window = |local: &NaiveDateTime| {
        let at = place(block.zone, *local).with_timezone(&Utc);
        at >= from && at < to
    };
    // Blocks that start after the window, or whose series ended before it, have nothing
    // in it: skip the rule expansion, which is the costly part.
    if place(block.zone, block.start).with_timezone(&Utc) >= to {
        return Vec::new();
    }
    if let Repeat::Weekly {
        until: Some(until), ..
    } = &block.repeat
    {
        let after_last = place(
            block.zone,
            (*until + Duration::days(1)).and_time(chrono::NaiveTime::MIN),
        );
        if after_last.with_timezone(&Utc) <= from {
            return Vec::new();
        }
    }
    let Some(rule) = block.repeat.to_rrule(block.zone) else {
        return std::iter::once(block.start).filter(in_window).collect();
    };
    // Start the expansion near the window, not at the series' start: a weekly rule repeats
    // every `every` weeks, so moving its first day on by whole cycles keeps every
    // occurrence from there on (the days of the moved first week before it are all long
    // before the window). A series begun in year 1 costs what one begun last week does.
    let mut first = block.start;
    if let Repeat::Weekly { every, .. } = &block.repeat {
        let window_day = from.with_timezone(&block.zone).date_naive();
        let weeks = (window_day - block.start.date()).num_days() / 7;
        let cycle = i64::from((*every).max(1));
        let cycles = weeks / cycle - 1;
        if cycles > 0
            && let Some(later) = block
                .start
                .checked_add_signed(Duration::weeks(cycles * cycle))
        {
            first = later;
        }
    }
    let text = format!(
        "DTSTART;TZID={}:{}\nRRULE:{}",
        block.zone.name(),
        first.format("%Y%m%dT%H%M%S"),
        rule
    );
    let Ok(set) = text.parse::<RRuleSet>() else {
        return Vec::new();
    };
    // rrule yields wall-clock times in the block's zone, so 09:00 stays 09:00 across DST.
    set.into_iter()
        .map(|t| t.naive_local())
        .take_while(|local| place(block.zone, *local).with_timezone(&Utc) < to)
        .filter(in_window)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Weekday};
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Berlin;
    use chrono_tz::Tz;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(zone: Tz, local: &str) -> DateTime<Utc> {
        zone.from_local_datetime(&dt(local))
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn block(zone: Tz, start: &str, minutes: u32, repeat: Repeat) -> Block {
        Block {
            id: 1,
            uid: "u@bearing".into(),
            title: "Vision work".into(),
            intention: String::new(),
            zone,
            start: dt(start),
            minutes,
            repeat,
            sequence: 0,
        }
    }

    fn weekly(days: &[Weekday], every: u32, until: Option<NaiveDate>) -> Repeat {
        Repeat::Weekly {
            days: days.to_vec(),
            every,
            until,
        }
    }

    /// Start times as "YYYY-MM-DD HH:MM +HHMM" for compact assertions.
    fn starts(occ: &[Occurrence]) -> Vec<String> {
        occ.iter()
            .map(|o| o.start.format("%Y-%m-%d %H:%M %z").to_string())
            .collect()
    }

    fn expand(b: &Block, ex: &[Exception], from: &str, to: &str) -> Vec<Occurrence> {
        let now = utc(b.zone, "2000-01-01 00:00");
        expand_block(b, ex, utc(b.zone, from), utc(b.zone, to), now)
    }

    #[test]
    fn a_series_begun_long_ago_expands_from_the_window_and_keeps_its_days() {
        // Every other week on Monday and Wednesday, first on a Wednesday in 1901.
        let old = block(
            Berlin,
            "1901-01-02 09:00",
            60,
            weekly(&[Weekday::Mon, Weekday::Wed], 2, None),
        );
        let started = std::time::Instant::now();
        let mut got = Vec::new();
        for week in 0..8 {
            let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() + Duration::weeks(week);
            let from = utc(Berlin, &format!("{monday} 00:00"));
            let to = from + Duration::days(7);
            got.extend(
                expand_block(&old, &[], from, to, from)
                    .into_iter()
                    .map(|o| o.original),
            );
        }
        // The same days as a series begun in 2026 on the same cycle.
        let recent = block(
            Berlin,
            "2026-11-04 09:00",
            60,
            weekly(&[Weekday::Mon, Weekday::Wed], 2, None),
        );
        let from = utc(Berlin, "2026-11-23 00:00");
        let want: Vec<NaiveDateTime> =
            expand_block(&recent, &[], from, from + Duration::weeks(8), from)
                .into_iter()
                .map(|o| o.original)
                .collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 8);
        // 1901 to 2026 is 6,500 weeks; expanding them all took seconds per week asked.
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn an_occurrence_moved_far_away_costs_nothing_and_is_found_where_it_went() {
        let b = block(
            Berlin,
            "2026-11-24 09:00",
            60,
            weekly(&[Weekday::Tue], 1, None),
        );
        let far = Exception {
            moved_to: Some(dt("2199-06-01 09:00")),
            ..Exception::new(dt("2026-12-01 09:00"))
        };
        let started = std::time::Instant::now();
        let from = utc(Berlin, "2026-11-30 00:00");
        let week = expand_block(
            &b,
            std::slice::from_ref(&far),
            from,
            from + Duration::days(7),
            from,
        );
        assert!(week.is_empty(), "it moved out of its week");
        let there = utc(Berlin, "2199-06-01 00:00");
        let found = expand_block(&b, &[far], there, there + Duration::days(1), from);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].original, dt("2026-12-01 09:00"));
        assert!(found[0].moved);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn wall_clock_time_holds_across_the_dst_switches() {
        let cases = [
            // (zone, first Sunday-ish start, window, expected local starts with offsets)
            (
                Berlin,
                "2026-03-22 09:00",
                "2026-03-22 00:00",
                "2026-04-06 00:00",
                vec![
                    "2026-03-22 09:00 +0100",
                    "2026-03-29 09:00 +0200",
                    "2026-04-05 09:00 +0200",
                ],
            ),
            (
                Berlin,
                "2026-10-18 09:00",
                "2026-10-18 00:00",
                "2026-11-02 00:00",
                vec![
                    "2026-10-18 09:00 +0200",
                    "2026-10-25 09:00 +0100",
                    "2026-11-01 09:00 +0100",
                ],
            ),
            (
                New_York,
                "2026-03-01 09:00",
                "2026-03-01 00:00",
                "2026-03-16 00:00",
                vec![
                    "2026-03-01 09:00 -0500",
                    "2026-03-08 09:00 -0400",
                    "2026-03-15 09:00 -0400",
                ],
            ),
            (
                New_York,
                "2026-10-25 09:00",
                "2026-10-25 00:00",
                "2026-11-09 00:00",
                vec![
                    "2026-10-25 09:00 -0400",
                    "2026-11-01 09:00 -0500",
                    "2026-11-08 09:00 -0500",
                ],
            ),
        ];
        for (zone, start, from, to, want) in cases {
            let b = block(zone, start, 120, weekly(&[Weekday::Sun], 1, None));
            assert_eq!(starts(&expand(&b, &[], from, to)), want, "{zone} {start}");
        }
    }

    #[test]
    fn a_block_inside_the_night_of_the_switch_keeps_its_length() {
        // 01:30-03:30 on the night Berlin springs forward lasts two real hours.
        let b = block(Berlin, "2026-03-29 01:30", 120, Repeat::Once);
        let occ = expand(&b, &[], "2026-03-29 00:00", "2026-03-30 00:00");
        assert_eq!(occ.len(), 1);
        assert_eq!(occ[0].minutes(), 120);
        assert_eq!(occ[0].end.format("%H:%M %z").to_string(), "04:30 +0200");
    }

    #[test]
    fn every_two_weeks_until_a_date() {
        let until = NaiveDate::from_ymd_opt(2026, 12, 22);
        let b = block(
            Berlin,
            "2026-11-24 09:00",
            120,
            weekly(&[Weekday::Tue, Weekday::Thu], 2, until),
        );
        let occ = expand(&b, &[], "2026-11-01 00:00", "2027-02-01 00:00");
        assert_eq!(
            starts(&occ),
            [
                "2026-11-24 09:00 +0100",
                "2026-11-26 09:00 +0100",
                "2026-12-08 09:00 +0100",
                "2026-12-10 09:00 +0100",
                "2026-12-22 09:00 +0100",
            ]
        );
    }

    #[test]
    fn an_open_series_expands_any_window_far_ahead() {
        let b = block(
            Berlin,
            "2026-11-24 09:00",
            60,
            weekly(&[Weekday::Tue], 1, None),
        );
        let occ = expand(&b, &[], "2036-06-01 00:00", "2036-06-08 00:00");
        assert_eq!(starts(&occ), ["2036-06-03 09:00 +0200"]);
    }

    #[test]
    fn windows_cut_through_occurrences() {
        let b = block(Berlin, "2026-11-24 23:00", 120, Repeat::Once);
        // Overlaps the next day's window although it started the day before.
        assert_eq!(
            expand(&b, &[], "2026-11-25 00:00", "2026-11-26 00:00").len(),
            1
        );
        // Ends exactly at the window's start: not in it.
        assert_eq!(
            expand(&b, &[], "2026-11-25 01:00", "2026-11-26 00:00").len(),
            0
        );
        // Starts exactly at the window's end: not in it.
        assert_eq!(
            expand(&b, &[], "2026-11-24 00:00", "2026-11-24 23:00").len(),
            0
        );
    }

    #[test]
    fn skips_moves_removals_and_marks_apply_to_one_occurrence() {
        let b = block(
            Berlin,
            "2026-11-24 09:00",
            120,
            weekly(&[Weekday::Tue], 1, None),
        );
        let skip = Exception {
            mark: Some(Mark::Skipped),
            reason: Some("offsite".into()),
            ..Exception::new(dt("2026-12-01 09:00"))
        };
        let moved = Exception {
            moved_to: Some(dt("2026-12-10 14:00")),
            ..Exception::new(dt("2026-12-08 09:00"))
        };
        let removed = Exception {
            removed: true,
            ..Exception::new(dt("2026-12-15 09:00"))
        };
        let partly = Exception {
            mark: Some(Mark::PartlyKept(45)),
            ..Exception::new(dt("2026-11-24 09:00"))
        };
        let ex = [skip, moved, removed, partly];
        let occ = expand(&b, &ex, "2026-11-23 00:00", "2026-12-21 00:00");
        assert_eq!(
            starts(&occ),
            [
                "2026-11-24 09:00 +0100",
                "2026-12-01 09:00 +0100",
                "2026-12-10 14:00 +0100"
            ]
        );
        assert_eq!(
            (occ[0].status, occ[0].kept_minutes),
            (OccurrenceStatus::PartlyKept, 45)
        );
        assert_eq!(occ[1].status, OccurrenceStatus::Skipped);
        assert_eq!(occ[1].reason.as_deref(), Some("offsite"));
        assert!(occ[2].moved);
        assert_eq!(occ[2].original, dt("2026-12-08 09:00"));
        // A move into a window from outside it, and out of a window it was scheduled in.
        assert_eq!(
            starts(&expand(&b, &ex, "2026-12-10 00:00", "2026-12-11 00:00")),
            ["2026-12-10 14:00 +0100"]
        );
        assert!(expand(&b, &ex, "2026-12-08 00:00", "2026-12-09 00:00").is_empty());
    }

    #[test]
    fn past_occurrences_count_as_kept_unless_marked() {
        let b = block(
            Berlin,
            "2026-11-24 09:00",
            60,
            weekly(&[Weekday::Tue], 1, None),
        );
        let now = utc(Berlin, "2026-12-01 09:30"); // during the second occurrence
        let occ = expand_block(
            &b,
            &[],
            utc(Berlin, "2026-11-23 00:00"),
            utc(Berlin, "2026-12-14 00:00"),
            now,
        );
        let statuses: Vec<_> = occ.iter().map(|o| o.status).collect();
        assert_eq!(
            statuses,
            [
                OccurrenceStatus::Kept,
                OccurrenceStatus::Planned,
                OccurrenceStatus::Planned
            ]
        );
        assert_eq!(occ[0].kept_minutes, 60);
    }
}
