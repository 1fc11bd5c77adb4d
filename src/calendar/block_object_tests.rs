//! A block's calendar object: written, read back, rewritten over what other clients
//! (Google, Apple, Thunderbird) made of it, and read again after a server rewrote it.

use super::*;
use crate::calendar::read::MAX_DEPTH;
use crate::domain::block_sync::tests::{Step, apply, edit, side, steps, vision};
use crate::domain::block_sync::{Side, merge};
use crate::testkit::blocks::local;
use chrono::Weekday;
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

const UID: &str = "bearing-7f3a@bearing";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
}

/// `text` with CRLF line ends, as servers send it.
fn crlf(text: &str) -> String {
    text.trim_start().replace('\n', "\r\n")
}

fn side_of(text: &str) -> BlockSide {
    read_block_object(text).unwrap().side
}

/// The VEVENTs of an object: (RECURRENCE-ID, the component), master first.
fn events(text: &str) -> Vec<(Option<String>, String)> {
    let doc = read(text).unwrap();
    let mut events: Vec<(Option<String>, String)> = doc.calendars[0]
        .children
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            let mut w = IcsWriter::new();
            copy_component(&mut w, c);
            (
                c.prop("RECURRENCE-ID").map(|p| p.value().to_string()),
                w.finish().replace("\r\n ", ""),
            )
        })
        .collect();
    events.sort_by_key(|(rid, _)| rid.is_some());
    events
}

/// What a server such as Radicale may store instead of the text it was sent: properties
/// in another order, lines folded elsewhere (with tabs, and LF ends), the VTIMEZONE
/// after the events.
fn as_a_server_rewrites(text: &str) -> String {
    fn emit(c: &Component<'_>, lines: &mut Vec<String>) {
        lines.push(format!("BEGIN:{}", c.name));
        lines.extend(c.properties.iter().rev().map(|p| p.line_text().to_string()));
        let (zones, rest): (Vec<_>, Vec<_>) =
            c.children.iter().partition(|k| k.name == "VTIMEZONE");
        for child in rest.into_iter().rev().chain(zones) {
            emit(child, lines);
        }
        lines.push(format!("END:{}", c.name));
    }
    let doc = read(text).unwrap();
    let mut lines = Vec::new();
    emit(&doc.calendars[0], &mut lines);
    let mut out = String::new();
    for line in lines {
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > 40 {
                out.push_str("\n\t");
                used = 0;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push('\n');
    }
    out
}

/// What another client adds to the series: a reminder, a colour, its own property.
fn as_another_client_adds(text: &str) -> String {
    let doc = read(text).unwrap();
    let calendar = &doc.calendars[0];
    let mut w = IcsWriter::new();
    w.begin("VCALENDAR");
    for p in &calendar.properties {
        copy_property(&mut w, p);
    }
    for c in &calendar.children {
        w.begin(&c.name);
        for p in &c.properties {
            copy_property(&mut w, p);
        }
        if c.name == "VEVENT" && c.prop("RECURRENCE-ID").is_none() {
            w.raw("COLOR", &[], "tomato");
            w.raw("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", &[], "AUTOMATIC");
            w.raw("CATEGORIES", &[], "Leadership,Deep work");
        }
        for child in &c.children {
            copy_component(&mut w, child);
        }
        if c.name == "VEVENT" && c.prop("RECURRENCE-ID").is_none() {
            w.begin("VALARM");
            w.raw("ACTION", &[], "DISPLAY");
            w.raw("TRIGGER", &[], "-PT15M");
            w.end("VALARM");
        }
        w.end(&c.name);
    }
    w.end("VCALENDAR");
    w.finish()
}

#[test]
fn a_series_is_one_object_that_reads_back_as_written() {
    let mut side = vision();
    side.skips.insert(local("2026-11-05 09:00"));
    side.skips.insert(local("2026-11-10 09:00"));
    side.moves
        .insert(local("2026-11-12 09:00"), local("2026-11-13 14:00"));
    let text = write_block_object(UID, &side, 4, now(), None);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    assert!(
        !text.contains("METHOD:"),
        "RFC 4791: no METHOD in a stored object"
    );
    assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);
    assert!(text.contains("TZID:Europe/Berlin\r\nBEGIN:STANDARD"));
    let events = events(&text);
    assert_eq!(events.len(), 2);
    let master = &events[0].1;
    for line in [
        "UID:bearing-7f3a@bearing",
        "SEQUENCE:4",
        "DTSTAMP:20261101T120000Z",
        "DTSTART;TZID=Europe/Berlin:20261103T090000",
        "DTEND;TZID=Europe/Berlin:20261103T103000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        "EXDATE;TZID=Europe/Berlin:20261105T090000,20261110T090000",
        "SUMMARY:Vision work",
        "CATEGORIES:Leadership",
    ] {
        assert!(
            master.contains(&format!("{line}\r\n")),
            "{line} in {master}"
        );
    }
    assert_eq!(events[1].0.as_deref(), Some("20261112T090000"));
    assert!(events[1].1.contains(
        "DTSTART;TZID=Europe/Berlin:20261113T140000\r\nDTEND;TZID=Europe/Berlin:20261113T153000"
    ));
    let read = read_block_object(&text).unwrap();
    assert_eq!((read.uid.as_str(), read.sequence), (UID, 4));
    assert_eq!(read.side, side);
}

#[test]
fn an_end_in_the_hour_a_fall_back_repeats_reads_back_as_long_as_written() {
    // 25 Oct 2026 in Berlin: 02:00-03:00 happens twice. 01:30 CEST and 90 minutes end at
    // 02:00 CET, the second 02:00; 30 minutes from 01:30 end at 02:00 CEST, the first.
    for minutes in [90, 30, 150] {
        let side = BlockSide {
            repeat: Repeat::Once,
            start: local("2026-10-25 01:30"),
            minutes,
            ..vision()
        };
        let text = write_block_object(UID, &side, 1, now(), None);
        assert_eq!(side_of(&text).minutes, minutes, "{text}");
    }
    let side = BlockSide {
        repeat: Repeat::Once,
        start: local("2026-10-25 01:30"),
        minutes: 90,
        ..vision()
    };
    let text = write_block_object(UID, &side, 1, now(), None);
    assert!(text.contains("DTEND:20261025T010000Z\r\n"), "{text}");
}

#[test]
fn a_one_off_moved_or_cancelled_reads_back_as_such() {
    let once = BlockSide {
        repeat: Repeat::Once,
        ..vision()
    };
    let mut moved = once.clone();
    moved.moves.insert(once.start, local("2026-11-04 10:00"));
    let text = write_block_object(UID, &moved, 1, now(), None);
    assert!(text.contains("DTSTART;TZID=Europe/Berlin:20261104T100000"));
    assert!(!text.contains("RRULE:FREQ=WEEKLY") && !text.contains("RECURRENCE-ID"));
    assert_eq!(side_of(&text), moved);

    // Dragged to Friday in a calendar app: still a move of Tuesday's.
    let dragged = text
        .replace("20261104T100000", "20261106T100000")
        .replace("20261104T113000", "20261106T113000");
    assert_eq!(
        side_of(&dragged).change_at(once.start),
        OccurrenceChange::MovedTo(local("2026-11-06 10:00"))
    );

    let mut skipped = once.clone();
    skipped.skips.insert(once.start);
    let text = write_block_object(UID, &skipped, 1, now(), None);
    assert!(text.contains("STATUS:CANCELLED"));
    assert_eq!(side_of(&text), skipped);
}

const GOOGLE: &str = r"
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261103T090000
DTEND;TZID=Europe/Berlin:20261103T103000
RRULE:FREQ=WEEKLY;BYDAY=TU,TH
EXDATE;TZID=Europe/Berlin:20261110T090000
EXDATE;TZID=Europe/Berlin:20261119T090000
DTSTAMP:20261101T120000Z
UID:bearing-7f3a@bearing
CREATED:20261020T080000Z
DESCRIPTION:Where the team goes next year\, and what we stop doing to get t
 here
LAST-MODIFIED:20261101T115900Z
LOCATION:Room 4.12
SEQUENCE:5
STATUS:CONFIRMED
SUMMARY:Vision work (quarterly)
TRANSP:OPAQUE
CATEGORIES:Leadership
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:This is an event reminder
TRIGGER:-P0DT0H10M0S
END:VALARM
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261113T140000
DTEND;TZID=Europe/Berlin:20261113T153000
DTSTAMP:20261101T120000Z
UID:bearing-7f3a@bearing
RECURRENCE-ID;TZID=Europe/Berlin:20261112T090000
CREATED:20261020T080000Z
DESCRIPTION:Where the team goes next year\, and what we stop doing to get t
 here
LAST-MODIFIED:20261101T115900Z
LOCATION:Room 4.12
SEQUENCE:6
STATUS:CONFIRMED
SUMMARY:Vision work (quarterly)
TRANSP:OPAQUE
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:This is an event reminder
TRIGGER:-P0DT0H30M0S
END:VALARM
END:VEVENT
END:VCALENDAR
";

#[test]
fn google_edits_read_as_skips_a_move_and_a_rename() {
    let google = crlf(GOOGLE);
    let read = read_block_object(&google).unwrap();
    assert_eq!(read.sequence, 6, "the largest of its events");
    let mut expected = vision();
    expected.title = "Vision work (quarterly)".into();
    expected.intention =
        "Where the team goes next year, and what we stop doing to get there".into();
    expected.skips = [local("2026-11-10 09:00"), local("2026-11-19 09:00")].into();
    expected.moves = [(local("2026-11-12 09:00"), local("2026-11-13 14:00"))].into();
    assert_eq!(read.side, expected);
}

#[test]
fn an_occurrence_given_its_own_title_or_length_is_told_apart_from_a_move() {
    let mut side = vision();
    side.moves
        .insert(local("2026-11-12 09:00"), local("2026-11-13 14:00"));
    let text = write_block_object(UID, &side, 1, now(), None);
    // As bearing wrote it, a move only: nothing of its own.
    assert!(read_block_object(&text).unwrap().own_details.is_empty());
    // Renamed in the calendar app, that one occurrence; then another made longer.
    let renamed = text.replacen(
        "DTSTART;TZID=Europe/Berlin:20261113T140000\r\nDTEND;TZID=Europe/Berlin:20261113T153000\r\nSUMMARY:Vision work",
        "DTSTART;TZID=Europe/Berlin:20261113T140000\r\nDTEND;TZID=Europe/Berlin:20261113T153000\r\nSUMMARY:Vision work with Sam",
        1,
    );
    assert_ne!(renamed, text, "{text}");
    let read = read_block_object(&renamed).unwrap();
    assert_eq!(read.own_details, [local("2026-11-12 09:00")]);
    assert_eq!(read.side, side, "the block itself reads as before");
    let longer = text.replacen(
        "DTEND;TZID=Europe/Berlin:20261113T153000",
        "DTEND;TZID=Europe/Berlin:20261113T163000",
        1,
    );
    assert_eq!(
        read_block_object(&longer).unwrap().own_details,
        [local("2026-11-12 09:00")]
    );
}

#[test]
fn a_rewrite_keeps_what_google_added_where_the_occurrence_still_is() {
    let google = crlf(GOOGLE);
    let mut side = side_of(&google);
    side.title = "Vision work".into();
    side.skips.insert(local("2026-11-17 09:00"));
    let text = write_block_object(UID, &side, 7, now(), Some(&google));
    assert_eq!(side_of(&text), side);
    let events = events(&text);
    let (master, moved) = (&events[0].1, &events[1].1);
    for kept in [
        "LOCATION:Room 4.12",
        "CREATED:20261020T080000Z",
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:This is an event reminder\r\nTRIGGER:-P0DT0H10M0S\r\nEND:VALARM",
    ] {
        assert!(master.contains(kept), "{kept} in {master}");
    }
    assert!(moved.contains("TRIGGER:-P0DT0H30M0S") && moved.contains("LOCATION:Room 4.12"));
    assert!(
        !text.contains("LAST-MODIFIED"),
        "bearing's change makes it stale"
    );
    assert_eq!(master.matches("CATEGORIES").count(), 1);
    assert_eq!(text.matches("SUMMARY:Vision work\r\n").count(), 2);
    assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);

    // The move undone in bearing: the occurrence keeps its own reminder, at its time.
    let mut back = side.clone();
    back.moves.clear();
    let text = write_block_object(UID, &back, 8, now(), Some(&text));
    assert_eq!(side_of(&text), back);
    let events = self::events(&text);
    assert_eq!(events[1].0.as_deref(), Some("20261112T090000"));
    assert!(
        events[1]
            .1
            .contains("DTSTART;TZID=Europe/Berlin:20261112T090000")
    );
    assert!(events[1].1.contains("TRIGGER:-P0DT0H30M0S"));

    // Skipped in bearing: the override goes, its reminder with it.
    let mut skipped = back.clone();
    skipped.skips.insert(local("2026-11-12 09:00"));
    let text = write_block_object(UID, &skipped, 9, now(), Some(&text));
    assert_eq!(side_of(&text), skipped);
    assert!(!text.contains("RECURRENCE-ID") && !text.contains("-P0DT0H30M0S"));
    assert!(text.contains("-P0DT0H10M0S"));
}

const APPLE: &str = r"
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//macOS 15.1//EN
CALSCALE:GREGORIAN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
DTSTART:19810329T020000
TZNAME:MESZ
TZOFFSETTO:+0200
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
DTSTART:19961027T030000
TZNAME:MEZ
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
CREATED:20261020T080000Z
UID:bearing-7f3a@bearing
RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261222T225959Z;BYDAY=TU,TH;WKST=SU
DTEND;TZID=Europe/Berlin:20261103T110000
TRANSP:OPAQUE
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
SUMMARY:Vision work
LAST-MODIFIED:20261101T100000Z
DTSTAMP:20261101T100000Z
DTSTART;TZID=Europe/Berlin:20261103T090000
SEQUENCE:1
EXDATE;TZID=Europe/Berlin:20261117T090000
EXDATE;TZID=Europe/Berlin:20261201T090000
X-BEARING-SCHEDULED;TZID=Europe/Berlin:20261103T090000
BEGIN:VALARM
X-WR-ALARMUID:9C2E6B1A-4D0F-4E55-9F0E-2B6B7C1E5A11
UID:9C2E6B1A-4D0F-4E55-9F0E-2B6B7C1E5A11
TRIGGER:-PT15M
ATTACH;VALUE=URI:Chord
ACTION:AUDIO
END:VALARM
END:VEVENT
BEGIN:VEVENT
CREATED:20261020T080000Z
UID:bearing-7f3a@bearing
DTEND;TZID=Europe/Berlin:20261119T120000
TRANSP:OPAQUE
SUMMARY:Vision work
DTSTART;TZID=Europe/Berlin:20261119T100000
DTSTAMP:20261101T100000Z
SEQUENCE:2
RECURRENCE-ID;TZID=Europe/Berlin:20261119T090000
END:VEVENT
END:VCALENDAR
";

#[test]
fn apple_every_other_week_to_a_last_day() {
    let apple = crlf(APPLE);
    let read = read_block_object(&apple).unwrap();
    let mut expected = vision();
    expected.intention = String::new();
    expected.minutes = 120;
    expected.repeat = Repeat::Weekly {
        days: vec![Weekday::Tue, Weekday::Thu],
        every: 2,
        until: NaiveDate::from_ymd_opt(2026, 12, 22),
    };
    expected.skips = [local("2026-11-17 09:00"), local("2026-12-01 09:00")].into();
    expected.moves = [(local("2026-11-19 09:00"), local("2026-11-19 10:00"))].into();
    assert_eq!(read.side, expected);
    assert_eq!(read.sequence, 2);

    let text = write_block_object(UID, &expected, 3, now(), Some(&apple));
    assert_eq!(side_of(&text), expected);
    assert!(text.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20261222T225959Z"));
    assert!(text.contains("X-WR-ALARMUID:9C2E6B1A-4D0F-4E55-9F0E-2B6B7C1E5A11"));
    assert!(text.contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC"));
    assert!(
        !text.contains("X-BEARING-SCHEDULED"),
        "a series has no such mark"
    );
}

const THUNDERBIRD: &str = r"
BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-TZINFO:Europe/Berlin[2024a]
BEGIN:DAYLIGHT
TZOFFSETTO:+0200
TZOFFSETFROM:+0100
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETTO:+0100
TZOFFSETFROM:+0200
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
CREATED:20261020T080000Z
LAST-MODIFIED:20261101T090000Z
DTSTAMP:20261101T090000Z
UID:bearing-7f3a@bearing
SUMMARY:Email / admin
RRULE:FREQ=DAILY;COUNT=10;BYDAY=MO,TU,WE,TH,FR
EXDATE:20261104T070000Z
DTSTART;TZID=Europe/Berlin:20261102T080000
DTEND;TZID=Europe/Berlin:20261102T083000
X-MOZ-GENERATION:4
SEQUENCE:2
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;VALUE=DURATION:-PT5M
DESCRIPTION:Default Mozilla Description
END:VALARM
END:VEVENT
BEGIN:VEVENT
CREATED:20261020T080000Z
LAST-MODIFIED:20261101T090000Z
DTSTAMP:20261101T090000Z
UID:bearing-7f3a@bearing
SUMMARY:Email / admin
STATUS:CANCELLED
RECURRENCE-ID:20261106T070000Z
DTSTART;TZID=Europe/Berlin:20261106T080000
DTEND;TZID=Europe/Berlin:20261106T083000
SEQUENCE:2
END:VEVENT
BEGIN:VEVENT
CREATED:20261020T080000Z
LAST-MODIFIED:20261101T090000Z
DTSTAMP:20261101T090000Z
UID:bearing-7f3a@bearing
SUMMARY:Email / admin
RECURRENCE-ID;TZID=Europe/Berlin:20261110T080000
DTSTART;TZID=Europe/Berlin:20261110T080000
DTEND;TZID=Europe/Berlin:20261110T083000
X-MOZ-SNOOZE-TIME-1762761300000000:20261110T065500Z
SEQUENCE:2
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;VALUE=DURATION:-PT5M
DESCRIPTION:Default Mozilla Description
END:VALARM
END:VEVENT
END:VCALENDAR
";

#[test]
fn thunderbird_every_weekday_counted_with_utc_exceptions() {
    let thunderbird = crlf(THUNDERBIRD);
    let read = read_block_object(&thunderbird).unwrap();
    let expected = BlockSide {
        title: "Email / admin".into(),
        intention: String::new(),
        zone: Berlin,
        start: local("2026-11-02 08:00"),
        minutes: 30,
        repeat: Repeat::Weekly {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            every: 1,
            until: NaiveDate::from_ymd_opt(2026, 11, 13),
        },
        // The EXDATE and the cancelled occurrence, both written in UTC.
        skips: [local("2026-11-04 08:00"), local("2026-11-06 08:00")].into(),
        // The override at its own time, with only a snooze: neither.
        moves: BTreeMap::new(),
    };
    assert_eq!(read.side, expected);

    let text = write_block_object(UID, &expected, 3, now(), Some(&thunderbird));
    assert_eq!(side_of(&text), expected);
    let events = events(&text);
    assert_eq!(
        events.len(),
        2,
        "the snoozed occurrence stays, the cancelled one is an EXDATE"
    );
    assert_eq!(events[1].0.as_deref(), Some("20261110T080000"));
    assert!(
        events[1]
            .1
            .contains("X-MOZ-SNOOZE-TIME-1762761300000000:20261110T065500Z")
    );
    assert!(events[0].1.contains("X-MOZ-GENERATION:4"));
    assert!(
        events[0]
            .1
            .contains("EXDATE;TZID=Europe/Berlin:20261104T080000,20261106T080000")
    );
}

#[test]
fn what_a_block_cannot_be_is_refused_with_the_reason() {
    let google = crlf(GOOGLE);
    let with = |from: &str, to: &str| {
        assert!(google.contains(from), "{from}");
        read_block_object(&google.replacen(from, to, 1))
    };
    assert_eq!(
        with(
            "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
            "RRULE:FREQ=MONTHLY;BYDAY=1TU"
        ),
        Err(BlockObjectError::Repeat("FREQ=MONTHLY;BYDAY=1TU".into()))
    );
    for rule in [
        "FREQ=WEEKLY;BYDAY=1TU",
        "FREQ=DAILY;INTERVAL=2",
        "FREQ=WEEKLY;BYDAY=WE",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU",
        "FREQ=WEEKLY;BYDAY=TU;BYMONTH=11",
        "FREQ=WEEKLY;BYDAY=TU;COUNT=0",
        "FREQ=WEEKLY;BYDAY=TU;COUNT=18446744073709551615",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261001T000000Z",
        "FREQ=WEEKLY;BYDAY=TU;INTERVAL=53",
    ] {
        assert!(
            matches!(
                with("FREQ=WEEKLY;BYDAY=TU,TH", rule),
                Err(BlockObjectError::Repeat(_))
            ),
            "{rule}"
        );
    }
    let refused = [
        (
            with(
                "EXDATE;TZID=Europe/Berlin:20261110T090000",
                "RDATE;TZID=Europe/Berlin:20261111T090000",
            ),
            "RDATE",
        ),
        (
            with(
                "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
                "RRULE:FREQ=WEEKLY;BYDAY=TU,TH\r\nRRULE:FREQ=WEEKLY;BYDAY=FR",
            ),
            "several",
        ),
        (
            with("RECURRENCE-ID;", "RECURRENCE-ID;RANGE=THISANDFUTURE;"),
            "THISANDFUTURE",
        ),
    ];
    for (result, what) in refused {
        assert!(
            matches!(&result, Err(BlockObjectError::Unsupported(w)) if w.contains(what)),
            "{what}: {result:?}"
        );
    }
    assert_eq!(
        with(
            "DTSTART;TZID=Europe/Berlin:20261103T090000",
            "DTSTART;VALUE=DATE:20261103"
        ),
        Err(BlockObjectError::AllDay)
    );
    assert_eq!(
        with(
            "DTSTART;TZID=Europe/Berlin:20261103T090000",
            "DTSTART:20261103T090000"
        ),
        Err(BlockObjectError::Floating)
    );
    assert_eq!(
        with(
            "DTSTART;TZID=Europe/Berlin:",
            "DTSTART;TZID=Middle Earth/Shire:"
        ),
        Err(BlockObjectError::UnknownZone("Middle Earth/Shire".into()))
    );
    assert_eq!(
        with("DTEND;TZID=Europe/Berlin:20261103T103000", "DURATION:PT13H"),
        Err(BlockObjectError::Length(780))
    );
    assert_eq!(
        with(
            "DTEND;TZID=Europe/Berlin:20261103T103000",
            "DTEND;TZID=Europe/Berlin:20261103T090000"
        ),
        Err(BlockObjectError::Length(0))
    );
    assert_eq!(
        with("STATUS:CONFIRMED", "STATUS:CANCELLED"),
        Err(BlockObjectError::Cancelled)
    );
    assert_eq!(
        read_block_object("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"),
        Err(BlockObjectError::NoSeries)
    );
    assert!(matches!(
        read_block_object("<html>502 Bad Gateway</html>"),
        Err(BlockObjectError::NotICalendar(_))
    ));
    // An Outlook zone name, a UTC start and a Windows name all name a zone.
    let windows = with(
        "DTSTART;TZID=Europe/Berlin:",
        "DTSTART;TZID=W. Europe Standard Time:",
    )
    .unwrap();
    assert_eq!(windows.side.zone, Berlin);
    let utc = with(
        "DTSTART;TZID=Europe/Berlin:20261103T090000",
        "DTSTART:20261103T080000Z",
    )
    .unwrap();
    assert_eq!(
        (utc.side.zone, utc.side.start),
        (Tz::UTC, local("2026-11-03 08:00"))
    );
}

#[test]
fn bearings_category_is_written_once_beside_the_others() {
    let side = vision();
    let text = as_another_client_adds(&write_block_object(UID, &side, 1, now(), None));
    let again = write_block_object(UID, &side, 2, now(), Some(&text));
    let master = &events(&again)[0].1;
    assert!(master.contains("CATEGORIES:Leadership\r\n"), "{master}");
    assert!(master.contains("CATEGORIES:Deep work\r\n"), "{master}");
    assert_eq!(master.matches("Leadership").count(), 1);
    assert_eq!(
        other_categories(r"Leadership,a\,b,, LEADERSHIP ,c"),
        Some(r"a\,b,c".into())
    );
    assert_eq!(other_categories("Leadership"), None);
}

#[test]
fn a_deeply_nested_foreign_component_is_copied_as_far_as_it_was_read() {
    let mut text = write_block_object(UID, &vision(), 1, now(), None);
    let nest: String = (0..MAX_DEPTH + 10)
        .map(|i| format!("BEGIN:X-N{i}\r\n"))
        .collect();
    let close: String = (0..MAX_DEPTH + 10)
        .rev()
        .map(|i| format!("END:X-N{i}\r\n"))
        .collect();
    text = text.replacen("END:VEVENT", &format!("{nest}{close}END:VEVENT"), 1);
    let again = write_block_object(UID, &vision(), 2, now(), Some(&text));
    assert_eq!(side_of(&again), vision());
    assert!(again.contains("BEGIN:X-N0") && !again.contains(&format!("X-N{}", MAX_DEPTH + 5)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_side_reads_back_as_written_and_as_a_server_rewrote_it(side in side(), sequence in 0i64..1000) {
        let text = write_block_object(UID, &side, sequence, now(), None);
        let read = read_block_object(&text).unwrap();
        prop_assert_eq!(&read.side, &side);
        prop_assert_eq!(read.sequence, sequence);
        let rewritten = read_block_object(&as_a_server_rewrites(&text)).unwrap();
        prop_assert_eq!(&rewritten.side, &side);
    }

    #[test]
    fn what_another_client_added_survives_a_rewrite(before in side(), edits in prop::collection::vec(edit(), 1..6)) {
        let text = as_a_server_rewrites(&as_another_client_adds(&write_block_object(UID, &before, 1, now(), None)));
        let mut after = before.clone();
        for e in &edits {
            apply(&mut after, e, Side::Bearing);
        }
        let again = write_block_object(UID, &after, 2, now(), Some(&text));
        prop_assert_eq!(&side_of(&again), &after);
        let master = &events(&again)[0].1;
        for kept in ["COLOR:tomato", "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC", "CATEGORIES:Deep work", "TRIGGER:-PT15M"] {
            prop_assert!(master.contains(kept), "{} in {}", kept, master);
        }
        prop_assert_eq!(again.matches("BEGIN:VTIMEZONE").count(), 1);
    }

    /// Both sides edit, the calendar through its text: each sync reads the server's copy,
    /// merges, writes the result over it (as a server then rewrites it) and reads it back.
    #[test]
    fn syncs_through_the_object_converge(start in side(), history in steps()) {
        let mut text = as_a_server_rewrites(&as_another_client_adds(&write_block_object(UID, &start, 1, now(), None)));
        let (mut base, mut mine, mut sequence) = (start.clone(), start, 1);
        for step in history.iter().chain(std::iter::once(&Step::Sync)) {
            match step {
                Step::Mine(e) => apply(&mut mine, e, Side::Bearing),
                Step::Theirs(e) => {
                    let mut theirs = side_of(&text);
                    apply(&mut theirs, e, Side::Calendar);
                    sequence += 1;
                    text = as_a_server_rewrites(&write_block_object(UID, &theirs, sequence, now(), Some(&text)));
                }
                Step::Sync => {
                    let remote = read_block_object(&text).unwrap();
                    let merged = merge(&base, &mine, &remote.side);
                    if merged.theirs_changed {
                        sequence = sequence.max(remote.sequence) + 1;
                        text = as_a_server_rewrites(&write_block_object(UID, &merged.side, sequence, now(), Some(&text)));
                    }
                    prop_assert_eq!(&side_of(&text), &merged.side);
                    base = merged.side.clone();
                    mine = merged.side;
                }
            }
        }
        prop_assert_eq!(&side_of(&text), &mine);
        prop_assert!(events(&text)[0].1.contains("TRIGGER:-PT15M"));
    }
}
