//! Audit rules on fixtures and hand-made weeks.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::calendar::expand::expand;
use crate::calendar::series::parse;
use crate::domain::block::{Occurrence, OccurrenceStatus};
use crate::domain::classify::Rules;
use crate::domain::event::{Category, EventOccurrence, WHOLE_SERIES};
use crate::domain::week::day_window;
use crate::testkit::{Event, Ics, fixture};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn event(uid: &str, title: &str, start: &str, minutes: i64, recurring: bool) -> EventOccurrence {
    EventOccurrence {
        id: 1,
        calendar: "c".into(),
        uid: uid.into(),
        key: t(start).timestamp(),
        title: title.into(),
        description: Default::default(),
        categories: Default::default(),
        organizer: Default::default(),
        attendees: 5,
        start: t(start),
        end: t(start) + Duration::minutes(minutes),
        all_day: false,
        recurring,
        ..Default::default()
    }
}

fn block(id: i64, start: &str, minutes: i64, status: OccurrenceStatus, kept: u32) -> Occurrence {
    let s = DateTime::parse_from_rfc3339(start).unwrap();
    Occurrence {
        block_id: id,
        block_uid: format!("block-{id}"),
        title: format!("Block {id}"),
        intention: String::new(),
        original: NaiveDateTime::default(),
        start: s,
        end: s + Duration::minutes(minutes),
        status,
        kept_minutes: kept,
        reason: None,
        moved: false,
        repeating: true,
    }
}

struct Week {
    events: Vec<EventOccurrence>,
    categories: Vec<Category>,
    blocks: Vec<Occurrence>,
}

fn run(w: &Week, monday: &str) -> AuditReport {
    let from = d(monday);
    let to = from + Duration::days(6);
    audit(&AuditInput {
        from,
        to,
        window: day_window(Berlin, from, to),
        events: &w.events,
        categories: &w.categories,
        blocks: &w.blocks,
        target: (60, 40),
        long_meeting_minutes: 50,
        zone: Berlin,
        reports: &[],
    })
}

fn fixture_week(name: &str, monday: &str) -> Week {
    let parsed = parse(&fixture(name), Berlin).unwrap();
    let (from, to) = day_window(Berlin, d(monday), d(monday) + Duration::days(6));
    let events = expand(&parsed, name, from, to, &mut Vec::new());
    let categories = categorize(
        &events,
        &Rules::compile(&[], true).unwrap(),
        &HashMap::new(),
    );
    Week {
        events,
        categories,
        blocks: Vec::new(),
    }
}

#[test]
fn fixture_weeks_add_up_by_hand() {
    // Google: stand-ups 75 min managing, 1:1 30 min leading (2 attendees), lunch 60 excluded.
    let r = run(&fixture_week("google.ics", "2026-11-23"), "2026-11-23");
    assert_eq!(
        (
            r.hours.managing,
            r.hours.leading,
            r.hours.excluded,
            r.hours.unclassified
        ),
        (1.25, 0.5, 1.0, 0.0)
    );
    assert_eq!(r.total_hours, 1.75);
    assert_eq!(r.leading_share, Some(0.286));
    // Outlook: status review 60 + budget 90 + admin 60 = 3.5 h managing, nothing leading.
    let r = run(&fixture_week("outlook.ics", "2026-11-23"), "2026-11-23");
    assert_eq!((r.hours.managing, r.hours.leading), (3.5, 0.0));
    assert_eq!(r.leading_share, Some(0.0));
    assert!(
        r.warnings.iter().any(|w| w.kind == "burnout"),
        "{:?}",
        r.warnings
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.kind == "long_meetings" && w.message.contains("Budget planning (90 min)"))
    );
    // Apple: coaching 90 + strategy 120 + career 30 = 4 h leading.
    let r = run(&fixture_week("apple.ics", "2026-11-23"), "2026-11-23");
    assert_eq!((r.hours.managing, r.hours.leading), (0.0, 4.0));
    // Thunderbird: hiring 60 leading, vendor 60 unclassified, planning 60 managing.
    let r = run(&fixture_week("thunderbird.ics", "2026-11-23"), "2026-11-23");
    assert_eq!(
        (r.hours.managing, r.hours.leading, r.hours.unclassified),
        (1.0, 1.0, 1.0)
    );
    assert!(r.warnings.iter().any(|w| w.kind == "unclassified"));
    assert_eq!(r.unclassified.len(), 1);
    assert_eq!(r.unclassified[0].title, "Vendor call");
}

#[test]
fn windows_cut_through_events_and_all_day_counts_nothing() {
    // 23:00 Sunday 22 Nov Berlin to 01:00 Monday: only the hour after midnight counts.
    let mut w = Week {
        events: vec![event(
            "a",
            "Overnight status",
            "2026-11-22T22:00:00Z",
            120,
            false,
        )],
        categories: vec![Category::Managing],
        blocks: vec![],
    };
    assert_eq!(run(&w, "2026-11-23").hours.managing, 1.0);
    w.events[0].all_day = true;
    assert_eq!(run(&w, "2026-11-23").hours.managing, 0.0);
}

#[test]
fn the_dst_week_counts_real_hours() {
    // 01:30-03:30 Berlin on 25 Oct 2026 is three real hours (the clock goes back at 03:00).
    let text = Ics::new()
        .event(
            Event::new("x")
                .summary("Budget night")
                .start_in("Europe/Berlin", "20261025T013000")
                .end_in("Europe/Berlin", "20261025T033000"),
        )
        .build();
    let parsed = parse(&text, Berlin).unwrap();
    let (from, to) = day_window(Berlin, d("2026-10-19"), d("2026-10-25"));
    let events = expand(&parsed, "c", from, to, &mut Vec::new());
    let categories = categorize(
        &events,
        &Rules::compile(&[], true).unwrap(),
        &HashMap::new(),
    );
    let r = run(
        &Week {
            events,
            categories,
            blocks: vec![],
        },
        "2026-10-19",
    );
    assert_eq!(r.hours.managing, 3.0);
}

#[test]
fn overlapping_events_each_count() {
    let w = Week {
        events: vec![
            event("a", "Status", "2026-11-24T09:00:00Z", 60, false),
            event("b", "Report", "2026-11-24T09:30:00Z", 60, false),
        ],
        categories: vec![Category::Managing, Category::Managing],
        blocks: vec![],
    };
    assert_eq!(run(&w, "2026-11-23").hours.managing, 2.0);
}

#[test]
fn choices_override_rules_for_an_occurrence_or_a_series() {
    let events = vec![
        event("s", "Weekly sync", "2026-11-24T09:00:00Z", 60, true),
        event("s", "Weekly sync", "2026-11-25T09:00:00Z", 60, true),
        event("v", "Vendor call", "2026-11-26T09:00:00Z", 60, false),
    ];
    let rules = Rules::compile(&[], true).unwrap();
    assert_eq!(
        categorize(&events, &rules, &HashMap::new()),
        [
            Category::Managing,
            Category::Managing,
            Category::Unclassified
        ]
    );
    let mut choices = HashMap::new();
    choices.insert(("s".to_string(), WHOLE_SERIES), Category::Leading);
    choices.insert(("s".to_string(), events[1].key), Category::Excluded);
    choices.insert(("v".to_string(), WHOLE_SERIES), Category::Managing);
    assert_eq!(
        categorize(&events, &rules, &choices),
        [Category::Leading, Category::Excluded, Category::Managing]
    );
}

#[test]
fn blocks_count_as_leading_and_what_invades_them_is_told() {
    let w = Week {
        events: vec![
            event("status", "Status", "2026-11-24T09:30:00Z", 30, true), // invades block 1
        ],
        categories: vec![Category::Managing],
        blocks: vec![
            block(
                1,
                "2026-11-24T10:00:00+01:00",
                120,
                OccurrenceStatus::Kept,
                120,
            ),
            block(
                1,
                "2026-11-25T10:00:00+01:00",
                120,
                OccurrenceStatus::PartlyKept,
                45,
            ),
            block(
                1,
                "2026-11-26T10:00:00+01:00",
                120,
                OccurrenceStatus::Skipped,
                0,
            ),
            block(
                2,
                "2026-11-27T10:00:00+01:00",
                60,
                OccurrenceStatus::Planned,
                0,
            ),
        ],
    };
    let r = run(&w, "2026-11-23");
    assert_eq!(r.hours.leading, 2.0 + 0.75 + 1.0);
    assert_eq!(r.hours.managing, 0.5);
    assert_eq!(
        r.blocks,
        BlockCounts {
            planned: 4,
            kept: 2,
            skipped: 1,
            invaded: 1
        }
    );
    assert!(r.warnings.iter().any(|w| w.kind == "blocks_skipped"));
    assert!(r.warnings.iter().any(|w| w.kind == "blocks_invaded"));
    let invasions: Vec<(&str, &str)> = r
        .invasions
        .iter()
        .map(|i| (i.block.as_str(), i.meeting.as_str()))
        .collect();
    assert_eq!(invasions.len(), 1, "{invasions:?}");
    assert_eq!(invasions[0], ("Block 1", "Status"));
}

#[test]
fn an_empty_week_has_no_share_and_no_warnings() {
    let r = run(
        &Week {
            events: vec![],
            categories: vec![],
            blocks: vec![],
        },
        "2026-11-23",
    );
    assert_eq!(r.leading_share, None);
    assert!(r.warnings.is_empty());
    assert_eq!(r.rebalance, None);
    assert_eq!(r.total_hours, 0.0);
}

#[test]
fn the_rebalance_hint_cuts_the_biggest_recurring_managing_series() {
    // 6 h managing (status 3 h, stand-ups 2 h, one-off report 1 h), 2 h leading.
    // Allowed managing for 2 h leading at 60/40 is 3 h: cut 3 h.
    let w = Week {
        events: vec![
            event(
                "status",
                "Status meeting",
                "2026-11-23T09:00:00Z",
                180,
                true,
            ),
            event("standup", "Stand-up", "2026-11-24T09:00:00Z", 120, true),
            event(
                "report",
                "Quarterly report",
                "2026-11-25T09:00:00Z",
                60,
                false,
            ),
            event("coach", "Coaching", "2026-11-26T09:00:00Z", 120, true),
        ],
        categories: vec![
            Category::Managing,
            Category::Managing,
            Category::Managing,
            Category::Leading,
        ],
        blocks: vec![],
    };
    let r = run(&w, "2026-11-23");
    assert_eq!(
        r.rebalance.as_deref(),
        Some("To reach 60/40: cancel 'Status meeting' (3:00 h).")
    );
    assert_eq!(r.top_series[0].title, "Status meeting");
    assert_eq!(r.top_series.len(), 4);
    // With a direct report, the biggest recurring managing series is delegated.
    let reports = vec!["Sam".to_string()];
    let from = d("2026-11-23");
    let with_report = audit(&AuditInput {
        from,
        to: from + Duration::days(6),
        window: day_window(Berlin, from, from + Duration::days(6)),
        events: &w.events,
        categories: &w.categories,
        blocks: &w.blocks,
        target: (60, 40),
        long_meeting_minutes: 50,
        zone: Berlin,
        reports: &reports,
    });
    assert_eq!(
        with_report.rebalance.as_deref(),
        Some("To reach 60/40: delegate 'Status meeting' (3:00 h) to Sam.")
    );
    // With 1 h of coaching, 1.5 h managing is allowed: cut 4.5 h.
    let mut less_leading = w;
    less_leading.events[3].end = less_leading.events[3].start + Duration::minutes(60);
    let r = run(&less_leading, "2026-11-23");
    assert_eq!(
        r.rebalance.as_deref(),
        Some(
            "To reach 60/40: cancel 'Status meeting' (3:00 h), then shorten 'Stand-up' by 1:30 h."
        )
    );
}

#[test]
fn a_block_split_into_a_new_series_counts_once_in_most_hours() {
    let mut before = block(
        1,
        "2026-11-23T09:00:00+01:00",
        120,
        OccurrenceStatus::Kept,
        0,
    );
    let mut after = block(
        2,
        "2026-11-25T09:00:00+01:00",
        60,
        OccurrenceStatus::Kept,
        0,
    );
    before.title = "Vision work".into();
    after.title = "Vision work".into();
    let w = Week {
        events: Vec::new(),
        categories: Vec::new(),
        blocks: vec![before, after],
    };
    let r = run(&w, "2026-11-23");
    let vision: Vec<_> = r
        .top_series
        .iter()
        .filter(|s| s.title == "Vision work")
        .collect();
    assert_eq!(vision.len(), 1, "{:?}", r.top_series);
    assert_eq!(vision[0].hours, 3.0);
}

#[test]
fn two_series_with_one_title_are_told_apart_by_their_calendar() {
    // Two stand-ups from two calendars (2 h and 1.5 h), 1 h leading: at 60/40 the
    // allowed managing is 1.5 h, so 2 h are cut.
    let mut team = event(
        "team-standup",
        "Team stand-up",
        "2026-11-24T09:00:00Z",
        90,
        true,
    );
    team.calendar = "outlook-team".into();
    let mut mine = event(
        "my-standup",
        "Team stand-up",
        "2026-11-23T09:00:00Z",
        120,
        true,
    );
    mine.calendar = "google".into();
    let w = Week {
        events: vec![
            mine,
            team,
            event("coach", "Coaching", "2026-11-26T09:00:00Z", 60, true),
        ],
        categories: vec![Category::Managing, Category::Managing, Category::Leading],
        blocks: vec![],
    };
    let r = run(&w, "2026-11-23");
    assert_eq!(
        r.rebalance.as_deref(),
        Some("To reach 60/40: cancel 'Team stand-up' in google (2:00 h).")
    );
    assert!(r.top_series.iter().any(|s| s.calendar == "outlook-team"));
}

/// A year holds thousands of long meetings: the warning names the three longest (of
/// equal ones, the first), and counts the rest; time that is not work is no meeting.
#[test]
fn the_longest_meetings_are_named_longest_first_and_the_rest_counted() {
    let events = vec![
        event("a", "Planning A", "2026-11-23T09:00:00+01:00", 90, false),
        event("b", "Review B", "2026-11-23T11:00:00+01:00", 120, false),
        event("c", "Planning C", "2026-11-24T09:00:00+01:00", 90, false),
        event("d", "Planning D", "2026-11-25T09:00:00+01:00", 90, false),
        event("e", "Sync E", "2026-11-26T09:00:00+01:00", 60, false),
        event("f", "Short F", "2026-11-26T11:00:00+01:00", 30, false),
        event("g", "Lunch G", "2026-11-27T12:00:00+01:00", 180, false),
    ];
    let mut categories = vec![Category::Managing; events.len()];
    categories[6] = Category::Excluded;
    let week = Week {
        events,
        categories,
        blocks: Vec::new(),
    };
    let report = run(&week, "2026-11-23");
    let long: Vec<&str> = report
        .warnings
        .iter()
        .filter(|w| w.kind == "long_meetings")
        .map(|w| w.message.as_str())
        .collect::<Vec<_>>();
    assert_eq!(
        long,
        [
            "5 meetings longer than 50 minutes: Review B (120 min), Planning A (90 min), Planning C (90 min) and 2 more."
        ]
    );
    let two = Week {
        events: week.events[..2].to_vec(),
        categories: week.categories[..2].to_vec(),
        blocks: Vec::new(),
    };
    assert!(run(&two, "2026-11-23").warnings.iter().any(|w| w.message
        == "2 meetings longer than 50 minutes: Review B (120 min), Planning A (90 min)."));
}
