//! Tests of `read`, in a file of their own.

use super::*;

fn line(text: &str) -> Property<'_> {
    parse_line(Cow::Borrowed(text), 7).unwrap()
}

#[test]
fn folded_lines_crlf_and_lf_read_alike() {
    let crlf = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:A long\r\n  title\r\nDESCRIPTION:x\\, y\\;\\nz\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let lf = crlf.replace("\r\n", "\n");
    for text in [crlf.to_string(), lf] {
        let doc = read(&text).unwrap();
        assert!(doc.notes.is_empty(), "{:?}", doc.notes);
        assert!(doc.complete);
        let event = &doc.calendars[0].children[0];
        assert_eq!(event.name, "VEVENT");
        assert_eq!(event.text("SUMMARY").as_deref(), Some("A long title"));
        assert_eq!(event.text("DESCRIPTION").as_deref(), Some("x, y;\nz"));
    }
}

#[test]
fn params_with_quotes_and_lists() {
    let p = line(r#"ATTENDEE;CN="Doe, Jane";ROLE=REQ-PARTICIPANT;X-A="a:b","c":mailto:j@x.org"#);
    assert_eq!(p.name(), "ATTENDEE");
    assert_eq!(p.param("CN").as_deref(), Some("Doe, Jane"));
    assert_eq!(p.param("cn").as_deref(), Some("Doe, Jane"));
    assert_eq!(p.param("X-A").as_deref(), Some("a:b,c"));
    assert_eq!(p.params().count(), 3);
    assert_eq!(p.value(), "mailto:j@x.org");
    assert_eq!(p.line, 7);
    let d = line("DTSTART;TZID=(UTC-03:00) Brasilia:20261123T100000");
    assert_eq!(
        (d.param("TZID").as_deref(), d.value()),
        (Some("(UTC-03:00) Brasilia"), "20261123T100000")
    );
    let k = line(r#"DTSTART;TZID="Kuala Lumpur, Singapore":20261123T100000"#);
    assert_eq!(k.param("TZID").as_deref(), Some("Kuala Lumpur, Singapore"));
    let p = line("dtstart;tzid=Europe/Berlin:20261124T090000");
    assert_eq!(
        (p.name(), p.param("TZID").as_deref()),
        ("DTSTART", Some("Europe/Berlin"))
    );
    let empty = line("X-EMPTY:");
    assert_eq!((empty.value(), empty.params().count()), ("", 0));
}

#[test]
fn carriage_returns_alone_end_lines_too() {
    let cr = "BEGIN:VCALENDAR\rBEGIN:VEVENT\rUID:1\rSUMMARY:Old Mac\r  export\rEND:VEVENT\rEND:VCALENDAR\r";
    let doc = read(cr).unwrap();
    assert!(doc.complete);
    let event = &doc.calendars[0].children[0];
    assert_eq!(event.text("SUMMARY").unwrap(), "Old Mac export");
    let mixed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\nUID:1\rEND:VEVENT\r\nEND:VCALENDAR";
    assert_eq!(read(mixed).unwrap().calendars[0].children.len(), 1);
}

#[test]
fn unfolded_lines_are_borrowed_from_the_text() {
    let text = "BEGIN:VCALENDAR\nX-A:plain\nX-B:fol\n ded\nEND:VCALENDAR\n";
    let doc = read(text).unwrap();
    let props = &doc.calendars[0].properties;
    assert!(matches!(props[0].text, Cow::Borrowed(_)));
    assert!(matches!(props[1].text, Cow::Owned(_)));
    assert_eq!(props[1].value(), "folded");
    assert_eq!((props[0].line, props[1].line), (2, 3));
    // A property costs a small fixed size beyond its text.
    assert!(std::mem::size_of::<Property<'_>>() <= 40);
}

#[test]
fn not_a_calendar_is_refused_naming_the_line() {
    assert_eq!(read("").unwrap_err(), ReadError::Empty);
    assert_eq!(read("\n\n  \n").unwrap_err(), ReadError::Empty);
    assert!(matches!(
        read("\n\nhello world\n"),
        Err(ReadError::NotICalendar { line: 3, .. })
    ));
    assert!(matches!(
        read("BEGIN:VCARD\nEND:VCARD\n"),
        Err(ReadError::NotICalendar { line: 1, .. })
    ));
    assert!(matches!(
        read("\u{feff}{\"json\": true}"),
        Err(ReadError::NotICalendar { line: 1, .. })
    ));
}

#[test]
fn broken_lines_and_structure_are_tolerated() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nthis line is junk\nSUMMARY:ok\nEND:VTODO\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:cut short\n";
    let doc = read(text).unwrap();
    let cals = &doc.calendars;
    assert_eq!(cals[0].children.len(), 2);
    assert_eq!(
        cals[0].children[1].text("SUMMARY").as_deref(),
        Some("cut short")
    );
    assert!(!doc.complete, "a file cut short says so");
    assert!(
        doc.notes.iter().any(|n| n.starts_with("line 3:")),
        "{:?}",
        doc.notes
    );
    assert!(
        doc.notes.iter().any(|n| n.contains("never closed")),
        "{:?}",
        doc.notes
    );
}

/// A file is cut short when a component inside a calendar is left open, or when no
/// line starting with END:VCALENDAR follows the last component; what comes after that
/// line is not the calendar's. Before, only the last line was looked at: a server's
/// cache comment after END:VCALENDAR, or a last line mistyped, refused the file as
/// cut short, while a VEVENT missing its END passed.
#[test]
fn a_file_is_whole_when_its_calendars_end_whatever_follows() {
    let event = "BEGIN:VEVENT\nUID:1\nSUMMARY:Sync\nDTSTART:20261124T090000Z\nEND:VEVENT\n";
    let whole = format!("BEGIN:VCALENDAR\nVERSION:2.0\n{event}END:VCALENDAR\n");
    let cases: [(String, bool); 14] = [
        (whole.clone(), true),
        (format!("{whole}\n\n"), true),
        (
            format!("{whole}<!-- served from cache, 2026-11-20 06:00 -->\n"),
            true,
        ),
        (
            format!("{whole}X-CACHE:HIT\nthis is no calendar line\n"),
            true,
        ),
        (whole.replace("END:VCALENDAR", "END:VCALENDARD"), true),
        (whole.replace("END:VCALENDAR", "end:vcalendar"), true),
        (format!("{whole}{whole}"), true),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR".into(), true),
        // Cut right after an END:VEVENT, within one, or before any component.
        (format!("BEGIN:VCALENDAR\nVERSION:2.0\n{event}"), false),
        (whole[..whole.len() - 30].to_string(), false),
        ("BEGIN:VCALENDAR\nVERSION:2.0\n".into(), false),
        (whole.replace("END:VCALENDAR", "END:VCAL"), false),
        // A VEVENT without its END, closed by the calendar's.
        (whole.replace("END:VEVENT\n", ""), false),
        // The second of two calendars cut short.
        (format!("{whole}BEGIN:VCALENDAR\n{event}"), false),
    ];
    for (text, complete) in cases {
        let doc = read(&text).unwrap();
        assert_eq!(doc.complete, complete, "{text}");
        if complete {
            assert!(doc.notes.is_empty(), "{text}: {:?}", doc.notes);
        } else {
            assert!(
                doc.notes.iter().any(|n| n.contains("never closed")),
                "{text}: {:?}",
                doc.notes
            );
        }
    }
}

#[test]
fn nested_components_stay_nested() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nBEGIN:VALARM\nACTION:DISPLAY\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR";
    let doc = read(text).unwrap();
    let cals = &doc.calendars;
    assert_eq!(cals[0].children.len(), 2);
    assert_eq!(cals[0].children[0].children[0].name, "STANDARD");
    assert_eq!(cals[0].children[1].children[0].name, "VALARM");
    assert!(doc.complete);
}

/// Found by an adversarial run: 300,000 unclosed BEGIN lines overflowed the stack.
#[test]
fn deep_nesting_is_cut_at_the_limit_without_recursion() {
    let mut text = String::from("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:kept\nEND:VEVENT\n");
    text.push_str(&"BEGIN:X\nX-P:1\n".repeat(300_000));
    let start = std::time::Instant::now();
    let doc = read(&text).unwrap();
    assert_eq!(
        doc.calendars[0].children[0].text("SUMMARY").as_deref(),
        Some("kept")
    );
    let mut depth = 0;
    let mut c = &doc.calendars[0];
    while let Some(inner) = c.children.last() {
        depth += 1;
        c = inner;
    }
    assert_eq!(depth, MAX_DEPTH - 1);
    assert!(
        doc.notes.iter().any(|n| n.contains("nested more than")),
        "{:?}",
        doc.notes
    );
    assert!(doc.notes.len() <= super::super::MAX_NOTES + 1);
    drop(doc);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

/// Found by an adversarial run: each unmatched END rescanned the open components, and
/// each left a note (millions of them).
#[test]
fn unmatched_ends_cost_a_bounded_amount_each() {
    let mut text = String::from("BEGIN:VCALENDAR\n");
    text.push_str(&"BEGIN:X\n".repeat(MAX_DEPTH - 1));
    text.push_str(&"END:Y\n".repeat(500_000));
    text.push_str("BEGIN:VEVENT\nSUMMARY:after\nEND:VEVENT\n");
    let start = std::time::Instant::now();
    let doc = read(&text).unwrap();
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert!(
        doc.notes.len() <= super::super::MAX_NOTES + 1,
        "{}",
        doc.notes.len()
    );
    assert!(
        doc.notes.last().unwrap().contains("more"),
        "{:?}",
        doc.notes.last()
    );
}

#[test]
fn too_many_components_or_properties_stop_the_reading_with_a_note() {
    let mut text = String::from("BEGIN:VCALENDAR\n");
    for i in 0..MAX_COMPONENTS + 10 {
        text.push_str("BEGIN:VEVENT\nUID:");
        text.push_str(&i.to_string());
        text.push_str("\nEND:VEVENT\n");
    }
    let doc = read(&text).unwrap();
    assert_eq!(doc.calendars[0].children.len(), MAX_COMPONENTS - 1);
    assert!(doc.stopped_at_limit && !doc.complete);
    assert!(
        doc.notes.iter().any(|n| n.contains("components")),
        "{:?}",
        doc.notes
    );

    let mut text =
        String::from("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:first\nEND:VEVENT\nBEGIN:VEVENT\n");
    text.push_str(&"A:1\n".repeat(MAX_PROPERTIES));
    let doc = read(&text).unwrap();
    assert!(doc.stopped_at_limit);
    // The event open at the limit is incomplete and dropped; the one before is kept.
    assert_eq!(doc.calendars[0].children.len(), 1);
    assert!(
        doc.notes.iter().any(|n| n.contains("properties")),
        "{:?}",
        doc.notes
    );
}
