//! The audit's use cases: a period's report with its 1:1 warnings, weeks audited
//! together for the trend, and the unclassified series, with their refusal.

use chrono::NaiveDate;
use chrono_tz::Europe::Berlin;

use super::*;
use crate::app::calendars::import::import_as;
use crate::testkit::{Event, Ics, fixture};

/// Wednesday 25 November 2026, noon in Berlin: the fixtures' week.
fn now() -> Now {
    Now {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00").unwrap(),
        zone: Berlin,
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A journal holding the calendar files `files`.
fn journal_with(files: &[&str]) -> Journal {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    for f in files {
        import_as(
            journal.store_mut(),
            f,
            f,
            &fixture(f),
            Berlin,
            now().at.to_utc(),
        )
        .unwrap();
    }
    journal
}

fn settings() -> AuditSettings {
    AuditSettings::from_config(&Config::default()).unwrap()
}

#[test]
fn a_period_is_audited_with_the_one_on_ones_of_reports_only_while_under_way() {
    let mut journal = journal_with(&["google.ics"]);
    journal.store_mut().set_report("Sam", true).unwrap();
    let config = Config::default();
    let week = (day("2026-11-23"), day("2026-11-29"));
    let r = report(&journal, &settings(), &config, now(), week).unwrap();
    assert_eq!(
        (r.from.as_str(), r.to.as_str()),
        ("2026-11-23", "2026-11-29")
    );
    let plain = audit_between(
        journal.store(),
        &settings(),
        Berlin,
        week.0,
        week.1,
        now().at.to_utc(),
    )
    .unwrap();
    assert_eq!(r.hours, plain.hours);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.kind == "one_on_one_low" && w.message.contains("Sam")),
        "{:?}",
        r.warnings
    );
    // A week gone by says nothing of this week's 1:1s.
    let before = (day("2026-11-16"), day("2026-11-22"));
    let r = report(&journal, &settings(), &config, now(), before).unwrap();
    assert!(r.warnings.iter().all(|w| !w.kind.starts_with("one_on_one")));
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let journal = journal_with(&[]);
    let e = report(
        &journal,
        &settings(),
        &Config::default(),
        now(),
        (day("2026-11-30"), day("2026-11-01")),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some(Field::Period));
    assert_eq!(
        e.to_string(),
        "the first day, 2026-11-30, is after the last, 2026-11-01"
    );
}

#[test]
fn weeks_audited_together_give_the_trend_and_the_last_week_as_audited_alone() {
    let journal = journal_with(&["google.ics", "outlook.ics", "thunderbird.ics"]);
    let start = day("2026-11-23");
    let weeks = weeks(&journal, &settings(), now(), start, 12).unwrap();
    assert_eq!(weeks.trend.len(), 12);
    assert_eq!(weeks.trend[0].0, day("2026-09-07"));
    assert_eq!(
        weeks.trend.last().copied(),
        Some((start, weeks.last.leading_share))
    );
    let alone = audit_between(
        journal.store(),
        &settings(),
        Berlin,
        start,
        day("2026-11-29"),
        now().at.to_utc(),
    )
    .unwrap();
    assert_eq!(weeks.last, alone);
    // Asking for none still audits the last week.
    assert_eq!(
        super::weeks(&journal, &settings(), now(), start, 0)
            .unwrap()
            .trend
            .len(),
        1
    );
}

#[test]
fn unclassified_occurrences_group_by_series_in_the_reports_order() {
    let ics = Ics::new()
        .event(
            Event::new("daily")
                .summary("Daily check")
                .start("20261123T080000Z")
                .end("20261123T081500Z")
                .rrule("FREQ=DAILY;COUNT=3"),
        )
        .event(
            Event::new("long")
                .summary("Long talk")
                .start("20261124T130000Z")
                .end("20261124T150000Z"),
        )
        .build();
    let mut journal = journal_with(&[]);
    import_as(
        journal.store_mut(),
        "mine",
        "mine.ics",
        &ics,
        Berlin,
        now().at.to_utc(),
    )
    .unwrap();
    let r = report(
        &journal,
        &settings(),
        &Config::default(),
        now(),
        (day("2026-11-23"), day("2026-11-29")),
    )
    .unwrap();
    let series = unclassified_series(&r);
    let shown: Vec<(&str, usize, f64)> = series
        .iter()
        .map(|s| (s.title.as_str(), s.count, s.hours))
        .collect();
    assert_eq!(shown, [("Long talk", 1, 2.0), ("Daily check", 3, 0.75)]);
    let daily = &series[1];
    assert_eq!(daily.first, "2026-11-23T09:00:00+01:00");
    assert_eq!(
        Some(daily.id),
        r.unclassified
            .iter()
            .find(|u| u.uid == "daily")
            .map(|u| u.id)
    );
}

#[test]
fn a_block_exported_and_imported_back_is_that_block_everywhere() {
    let mut journal = journal_with(&["google.ics"]);
    let spec = crate::testkit::blocks::spec(
        "Vision work",
        "2026-11-24 07:00",
        90,
        crate::testkit::blocks::weekly(&[chrono::Weekday::Tue]),
    );
    crate::app::blocks::add(&mut journal, now(), spec).unwrap();
    let before = report(
        &journal,
        &settings(),
        &Config::default(),
        now(),
        (day("2026-11-23"), day("2026-11-29")),
    )
    .unwrap();
    let exported = crate::app::blocks::export(&journal, now()).unwrap();
    import_as(
        journal.store_mut(),
        "mine",
        "blocks.ics",
        &exported.ics,
        Berlin,
        now().at.to_utc(),
    )
    .unwrap();
    // Today's meetings and the Week's events do not show it a second time...
    let tuesday =
        crate::app::calendars::meetings_on(&journal, &settings(), now(), day("2026-11-24"))
            .unwrap();
    assert!(
        tuesday.iter().all(|e| e.title != "Vision work"),
        "{tuesday:?}"
    );
    let week =
        crate::app::blocks::week_events(&journal, &settings(), now(), day("2026-11-23")).unwrap();
    assert!(week.iter().all(|(e, _)| e.title != "Vision work"));
    // ...and the audit counts its hours once.
    let after = report(
        &journal,
        &settings(),
        &Config::default(),
        now(),
        (day("2026-11-23"), day("2026-11-29")),
    )
    .unwrap();
    assert_eq!(after.hours.leading, before.hours.leading);
    assert_eq!(after.blocks, before.blocks);
}

#[test]
fn the_days_plan_puts_meetings_attended_first_and_keeps_a_cancelled_one_1_1_in_its_place() {
    let event = |uid: &str, title: &str, hour: u32| {
        Event::new(uid)
            .summary(title)
            .start(&format!("20261124T{hour:02}0000Z"))
            .end(&format!("20261124T{hour:02}3000Z"))
    };
    let ics = Ics::new()
        .event(
            event("budget", "Budget review", 8)
                .organizer("alex@x")
                .line("ATTENDEE;PARTSTAT=DECLINED:mailto:me@x")
                .attendee("alex@x")
                .attendee("kim@x"),
        )
        // A weekly 1:1 whose occurrence of the 24th is called off.
        .event(
            Event::new("sam-weekly")
                .summary("1:1 Sam")
                .start("20261117T090000Z")
                .end("20261117T093000Z")
                .rrule("FREQ=WEEKLY;COUNT=4"),
        )
        .event(
            event("sam-weekly", "1:1 Sam", 9)
                .line("RECURRENCE-ID:20261124T090000Z")
                .line("STATUS:CANCELLED"),
        )
        .event(
            event("planning", "Planning", 10)
                .attendee("me@x")
                .attendee("a@x")
                .attendee("b@x"),
        )
        .event(
            event("sam", "Sam / me", 11)
                .attendee("me@x")
                .attendee("sam@x"),
        )
        .event(event("talk", "Tech talk", 12).line("TRANSP:TRANSPARENT"))
        .build();
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    import_as(
        journal.store_mut(),
        "work",
        "work.ics",
        &ics,
        Berlin,
        now().at.to_utc(),
    )
    .unwrap();
    let mut settings = settings();
    settings.me = vec!["me@x".into()];
    let plan = plan_of_day(journal.store(), &settings, Berlin, day("2026-11-24")).unwrap();
    let shown: Vec<(&str, Option<&str>)> = plan
        .iter()
        .map(|(e, _)| (e.title.as_str(), e.plan_mark()))
        .collect();
    assert_eq!(
        shown,
        [
            ("1:1 Sam", Some("cancelled")),
            ("Sam / me", None),
            ("Planning", None),
            ("Budget review", Some("declined")),
            ("Tech talk", Some("free")),
        ]
    );
    // Nothing counts the cancelled one.
    let week = (day("2026-11-23"), day("2026-11-29"));
    let r = report(&journal, &settings, &Config::default(), now(), week).unwrap();
    assert!(r.top_series.iter().all(|s| s.title != "1:1 Sam"));
}
