//! Tests of `block`, in a file of their own.

use super::*;

#[test]
fn moving_to_its_own_time_undoes_the_move_and_a_skipped_time_is_refused() {
    let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    let zone = chrono_tz::Europe::Berlin;
    let original = at("2026-11-24 09:00");
    let to = |t: NaiveDateTime| Move {
        original,
        to: t,
        zone,
        now: at("2026-11-22 09:40"),
        confirmed: false,
    };
    assert_eq!(moved_to(to(original)), Ok(None));
    assert_eq!(
        moved_to(to(at("2026-11-25 14:00"))),
        Ok(Some(at("2026-11-25 14:00")))
    );
    // Skipped by the clocks, even confirmed.
    assert!(matches!(
        moved_to(Move {
            confirmed: true,
            ..to(at("2027-03-28 02:30"))
        }),
        Err(BlockError::InDstGap { .. })
    ));
    // Four weeks away is a move; more, or into the past, is asked.
    assert!(moved_to(to(at("2026-12-22 09:00"))).is_ok());
    assert!(matches!(
        moved_to(to(at("2026-12-23 09:00"))),
        Err(BlockError::UnusualMove { .. })
    ));
    assert!(matches!(
        moved_to(to(at("2026-11-22 09:00"))),
        Err(BlockError::UnusualMove { .. })
    ));
}
#[test]
fn kept_minutes_are_a_part_and_weekdays_come_before_an_interval_or_a_last_day() {
    assert_eq!(check_kept(45, 60), Ok(45));
    assert_eq!(
        check_kept(60, 60),
        Err(BlockError::NotAPart {
            kept: 60,
            length: 60
        })
    );
    assert_eq!(Repeat::without_weekdays(false, false), Ok(Repeat::Once));
    for (every, until) in [(true, false), (false, true), (true, true)] {
        assert_eq!(
            Repeat::without_weekdays(every, until),
            Err(BlockError::WeekdaysNeeded)
        );
    }
}
use chrono_tz::Europe::Berlin;

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn spec(start: &str, minutes: u32, repeat: Repeat) -> BlockSpec {
    BlockSpec {
        title: " Vision work ".into(),
        intention: String::new(),
        start: dt(start),
        minutes,
        repeat,
    }
}

#[test]
fn lengths_parse_in_the_forms_people_write() {
    for (text, want) in [
        ("90", 90),
        ("90m", 90),
        ("1h", 60),
        ("1h30", 90),
        ("1h30m", 90),
        ("2.5h", 150),
        ("12h", 720),
        ("5", 5),
    ] {
        assert_eq!(parse_minutes(text), Ok(want), "{text}");
    }
    for text in ["0", "4", "-30", "12h1", "721", "", "soon", "1.5", "h"] {
        assert!(parse_minutes(text).is_err(), "{text}");
    }
}

#[test]
fn weekdays_parse_and_unknown_ones_are_named() {
    assert_eq!(
        parse_weekdays("tue,mon, tuesday").unwrap(),
        [Weekday::Mon, Weekday::Tue]
    );
    assert_eq!(
        parse_weekdays("fri sun").unwrap(),
        [Weekday::Fri, Weekday::Sun]
    );
    assert_eq!(
        parse_weekdays("mon,tus"),
        Err(BlockError::BadWeekday("tus".into()))
    );
    assert!(parse_every("0").is_err() && parse_every("53").is_err() && parse_every("x").is_err());
    assert_eq!(parse_every("2"), Ok(2));
}

#[test]
fn validation_refuses_bad_blocks() {
    let weekly = |until| Repeat::Weekly {
        days: vec![Weekday::Tue],
        every: 1,
        until,
    };
    assert_eq!(
        spec("2026-11-24 09:00", 0, Repeat::Once).validated(Berlin),
        Err(BlockError::BadLength("0 minutes".into()))
    );
    assert_eq!(
        spec("2026-11-24 09:00", 721, Repeat::Once).validated(Berlin),
        Err(BlockError::BadLength("721 minutes".into()))
    );
    let mut empty = spec("2026-11-24 09:00", 60, Repeat::Once);
    empty.title = "  ".into();
    assert_eq!(empty.validated(Berlin), Err(BlockError::EmptyTitle));
    assert!(matches!(
        spec(
            "2026-11-24 09:00",
            60,
            weekly(NaiveDate::from_ymd_opt(2026, 11, 1))
        )
        .validated(Berlin),
        Err(BlockError::UntilBeforeStart { .. })
    ));
    assert!(matches!(
        spec("2026-03-29 02:30", 60, Repeat::Once).validated(Berlin),
        Err(BlockError::InDstGap { .. })
    ));
}

#[test]
fn a_weekly_series_starts_on_its_first_weekday() {
    // Sunday 22 Nov, weekly on Tuesdays: the first occurrence is Tuesday 24 Nov.
    let s = spec(
        "2026-11-22 09:00",
        120,
        Repeat::Weekly {
            days: vec![Weekday::Tue],
            every: 1,
            until: None,
        },
    )
    .validated(Berlin)
    .unwrap();
    assert_eq!(s.start, dt("2026-11-24 09:00"));
    assert_eq!(s.title, "Vision work");
    // No weekdays given: the start's own weekday.
    let s = spec(
        "2026-11-22 09:00",
        120,
        Repeat::Weekly {
            days: vec![],
            every: 1,
            until: None,
        },
    )
    .validated(Berlin)
    .unwrap();
    assert_eq!(
        s.repeat,
        Repeat::Weekly {
            days: vec![Weekday::Sun],
            every: 1,
            until: None
        }
    );
}

#[test]
fn repeat_rules_round_trip_through_rrule_text() {
    let cases = [
        (
            Repeat::Weekly {
                days: vec![Weekday::Tue],
                every: 1,
                until: None,
            },
            "FREQ=WEEKLY;BYDAY=TU",
        ),
        (
            Repeat::Weekly {
                days: vec![Weekday::Mon, Weekday::Thu],
                every: 2,
                until: NaiveDate::from_ymd_opt(2027, 3, 31),
            },
            // 23:59:59 on 31 March 2027 in Berlin (summer time) is 21:59:59 UTC.
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270331T215959Z",
        ),
    ];
    for (repeat, text) in cases {
        assert_eq!(repeat.to_rrule(Berlin).as_deref(), Some(text));
        assert_eq!(Repeat::from_rrule(Some(text), Berlin).unwrap(), repeat);
    }
    assert_eq!(Repeat::Once.to_rrule(Berlin), None);
    assert_eq!(Repeat::from_rrule(None, Berlin).unwrap(), Repeat::Once);
    assert!(Repeat::from_rrule(Some("FREQ=DAILY"), Berlin).is_err());
}

#[test]
fn repeats_describe_themselves() {
    let r = Repeat::Weekly {
        days: vec![Weekday::Tue, Weekday::Thu],
        every: 2,
        until: NaiveDate::from_ymd_opt(2027, 1, 31),
    };
    assert_eq!(
        r.to_string(),
        "every other week on tue, thu until 2027-01-31"
    );
    assert_eq!(Repeat::Once.to_string(), "once");
}
