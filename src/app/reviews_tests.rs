//! The weekly review: the week due, the reminder, saving answers (blank ones make no
//! entry), and what a week held, on in-memory journals.

use chrono::{DateTime, NaiveDate, Weekday};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::domain::NewEntry;
use crate::store::Store;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Sunday 22 November 2026, 09:30 in Berlin.
fn now() -> Now {
    Now {
        at: DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap(),
        zone: Berlin,
    }
}

/// A note on Tuesday 10 November and reflections on 16 and 18 November.
fn journal() -> Journal {
    let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_entries(&[
            NewEntry {
                kind: EntryKind::Note,
                at: at("2026-11-10T09:00:00+01:00"),
                body: "Hiring loop notes".into(),
            },
            NewEntry {
                kind: EntryKind::Reflection,
                at: at("2026-11-16T09:00:00+01:00"),
                body: "Budget planning ran long".into(),
            },
            NewEntry {
                kind: EntryKind::Reflection,
                at: at("2026-11-18T18:00:00+01:00"),
                body: "Delegated the release".into(),
            },
        ])
        .unwrap();
    Journal::new(store)
}

fn answers(first: &str) -> Vec<String> {
    let mut all = vec![String::new(); QUESTIONS.len()];
    all[0] = first.to_string();
    all
}

#[test]
fn the_week_due_is_this_one_late_in_the_week_and_the_last_one_early() {
    assert_eq!(
        default_week(day("2026-11-22"), Weekday::Mon),
        day("2026-11-16")
    );
    assert_eq!(
        default_week(day("2026-11-17"), Weekday::Mon),
        day("2026-11-09")
    );
    assert_eq!(
        default_week(day("2026-11-17"), Weekday::Sun),
        day("2026-11-08")
    );
}

#[test]
fn last_weeks_review_is_missing_until_it_is_written() {
    let mut journal = journal();
    let today = day("2026-11-22");
    assert_eq!(
        missing(&journal, today, Weekday::Mon).unwrap(),
        Some(day("2026-11-09"))
    );
    let base = load(&journal, day("2026-11-09")).unwrap();
    save(
        &mut journal,
        now(),
        day("2026-11-09"),
        &base,
        &answers("Hiring"),
    )
    .unwrap();
    assert_eq!(missing(&journal, today, Weekday::Mon).unwrap(), None);
    // A journal begun this week has no week to review yet.
    let empty = Journal::new(Store::open_in_memory().unwrap());
    assert_eq!(missing(&empty, today, Weekday::Mon).unwrap(), None);
}

#[test]
fn blank_answers_make_no_entry_and_saved_ones_come_back() {
    let mut journal = journal();
    let week = day("2026-11-16");
    let blank = vec![String::new(); QUESTIONS.len()];
    let base = load(&journal, week).unwrap();
    assert_eq!(
        base,
        Saved {
            entry_id: None,
            version: 0,
            answers: blank.clone()
        }
    );
    let none = save(&mut journal, now(), week, &base, &blank).unwrap();
    assert_eq!(none.saved.entry_id, None, "no entry");
    let written = save(&mut journal, now(), week, &base, &answers("The budget")).unwrap();
    let id = written.saved.entry_id.expect("written");
    assert_eq!(
        journal.store().entry(id).unwrap().unwrap().kind,
        EntryKind::Review
    );
    let saved = load(&journal, week).unwrap();
    assert_eq!(saved, written.saved);
    assert_eq!(saved.answers, answers("The budget"));
    // Emptied once written: the entry is kept, with no answers.
    let again = save(&mut journal, now(), week, &saved, &blank).unwrap();
    assert_eq!(again.saved.entry_id, Some(id));
    assert_eq!(load(&journal, week).unwrap().answers, blank);
}

#[test]
fn the_summary_holds_the_weeks_entries_but_not_its_review() {
    let mut journal = journal();
    let week = day("2026-11-16");
    let base = load(&journal, week).unwrap();
    save(&mut journal, now(), week, &base, &answers("The budget")).unwrap();
    let config = crate::config::Config::default();
    let settings = AuditSettings::from_config_or_defaults(&config);
    let summary = summary(&journal, &settings, &config, now(), week).unwrap();
    let bodies: Vec<&str> = summary.entries.iter().map(|e| e.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["Budget planning ran long", "Delegated the release"]
    );
    assert_eq!(summary.trend.len(), 4);
    assert_eq!(summary.trend.last().unwrap().0, week);
    assert!(summary.held.is_empty() && summary.due.is_empty());
}

#[test]
fn every_one_on_one_flag_in_a_review_belongs_to_the_week_reviewed() {
    let mut journal = journal();
    // Weekly 1:1s with Marcus on Tuesdays: the one of 17 November removed by an EXDATE,
    // the one of 24 November cancelled.
    let ics = crate::testkit::Ics::new()
        .event(
            crate::testkit::Event::new("marcus-1on1")
                .summary("1:1 Marcus")
                .start_in("Europe/Berlin", "20261103T090000")
                .end_in("Europe/Berlin", "20261103T093000")
                .rrule("FREQ=WEEKLY;COUNT=8")
                .line("EXDATE;TZID=Europe/Berlin:20261117T090000"),
        )
        .event(
            crate::testkit::Event::new("marcus-1on1")
                .line("RECURRENCE-ID;TZID=Europe/Berlin:20261124T090000")
                .summary("1:1 Marcus")
                .start_in("Europe/Berlin", "20261124T090000")
                .end_in("Europe/Berlin", "20261124T093000")
                .line("STATUS:CANCELLED"),
        )
        .build();
    // Reviewed on Wednesday 25 November.
    let now = Now {
        at: DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00").unwrap(),
        zone: Berlin,
    };
    crate::app::calendars::import::import_as(
        journal.store_mut(),
        "work",
        "work.ics",
        &ics,
        Berlin,
        now.at.to_utc(),
    )
    .unwrap();
    let mention = crate::app::entries::NewReflection {
        kind: EntryKind::Reflection,
        at: None,
        text: "Talked with @Marcus".into(),
    };
    crate::app::entries::add(&mut journal, now, &mention, None).unwrap();
    crate::app::people::set_report(&mut journal, "Marcus", true).unwrap();
    let config = crate::config::Config::default();
    let settings = AuditSettings::from_config_or_defaults(&config);
    let flagged = |week: &str| {
        let s = summary(&journal, &settings, &config, now, day(week)).unwrap();
        assert_eq!(s.reports.len(), 1);
        s.reports[0].cancelled_this_week
    };
    assert!(!flagged("2026-11-09"), "kept on the 10th");
    assert!(flagged("2026-11-16"), "removed by the EXDATE on the 17th");
    assert!(flagged("2026-11-23"), "cancelled on the 24th");
}
