//! Reading iCalendar text leniently, the way calendar apps do: CRLF or LF, folded lines,
//! unknown properties and components kept but ignored by callers, a malformed line
//! skipped with a note. Only a file that is not iCalendar at all is refused, naming the line.
//!
//! Written by hand: the `icalendar` crate's parser rejects a whole file for one bad line
//! and reports no line numbers, and real exports (Outlook, Google, Apple, Thunderbird)
//! need line-by-line leniency.

use thiserror::Error;

/// One property: `NAME;PARAM=VALUE:VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The name, upper-case.
    pub name: String,
    /// Parameters, names upper-case, values unquoted.
    pub params: Vec<(String, String)>,
    /// The raw value (TEXT escapes still in place; see [`unescape`]).
    pub value: String,
    /// The physical line it starts on (1-based).
    pub line: usize,
}

impl Property {
    /// The value of parameter `name` (upper-case), if present.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A component such as VCALENDAR, VEVENT, VTIMEZONE, with what it contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    /// The name, upper-case.
    pub name: String,
    /// Its properties, in file order.
    pub properties: Vec<Property>,
    /// Components inside it.
    pub children: Vec<Component>,
    /// The physical line of its BEGIN.
    pub line: usize,
}

impl Component {
    /// The first property called `name`.
    pub fn prop(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Every property called `name`.
    pub fn props<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }

    /// The unescaped TEXT value of the first property called `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.prop(name).map(|p| unescape(&p.value))
    }
}

/// Why a file is not read as a calendar at all.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing in it.
    #[error("the file is empty")]
    Empty,
    /// It does not start like a calendar.
    #[error(
        "line {line}: this is not an iCalendar file (expected BEGIN:VCALENDAR, found '{found}')"
    )]
    NotICalendar {
        /// The physical line.
        line: usize,
        /// What was there (shortened).
        found: String,
    },
}

/// The calendars in `text`, and notes about lines skipped on the way.
pub fn read(text: &str) -> Result<(Vec<Component>, Vec<String>), ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut notes = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    let mut calendars = Vec::new();
    let mut first = true;
    for (line_no, logical) in unfold(text) {
        if logical.trim().is_empty() {
            continue;
        }
        let parsed = parse_line(&logical, line_no);
        if first {
            first = false;
            let ok = parsed.as_ref().is_some_and(|p| {
                p.name == "BEGIN" && p.value.trim().eq_ignore_ascii_case("VCALENDAR")
            });
            if !ok {
                let found: String = logical.chars().take(40).collect();
                return Err(ReadError::NotICalendar {
                    line: line_no,
                    found,
                });
            }
        }
        let Some(prop) = parsed else {
            notes.push(format!("line {line_no}: not a property line, skipped"));
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" => stack.push(Component {
                name: prop.value.trim().to_ascii_uppercase(),
                line: line_no,
                ..Default::default()
            }),
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                // Close up to the matching BEGIN; an END with no BEGIN is ignored.
                if let Some(depth) = stack.iter().rposition(|c| c.name == name) {
                    while stack.len() > depth {
                        let done = stack.pop().unwrap_or_default();
                        close(&mut stack, &mut calendars, done);
                    }
                } else {
                    notes.push(format!("line {line_no}: END:{name} without BEGIN, skipped"));
                }
            }
            _ => match stack.last_mut() {
                Some(c) => c.properties.push(prop),
                None => notes.push(format!(
                    "line {line_no}: property outside any component, skipped"
                )),
            },
        }
    }
    if first {
        return Err(ReadError::Empty);
    }
    // A file cut short: close what is open.
    while let Some(done) = stack.pop() {
        notes.push(format!(
            "line {}: {} was never closed",
            done.line, done.name
        ));
        close(&mut stack, &mut calendars, done);
    }
    Ok((calendars, notes))
}

fn close(stack: &mut [Component], calendars: &mut Vec<Component>, done: Component) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => calendars.push(done),
    }
}

/// Logical lines with the physical line each starts on: CRLF, LF or CR endings, and a
/// line starting with a space or tab continuing the previous one.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        match (line.chars().next(), out.last_mut()) {
            (Some(' ' | '\t'), Some((_, previous))) => previous.push_str(&line[1..]),
            _ => out.push((i + 1, line.to_string())),
        }
    }
    out
}

/// Properties whose values never contain a colon, so a colon in an unquoted parameter
/// (`TZID=(UTC-03:00) Brasilia`, as some exporters write it) can be told from the value's.
const DATE_PROPERTIES: &[&str] = &[
    "DTSTART",
    "DTEND",
    "DUE",
    "RECURRENCE-ID",
    "EXDATE",
    "RDATE",
    "DTSTAMP",
];

/// Splits `NAME;P=V;Q="a:b":VALUE`; `None` for a line with no name or no colon.
fn parse_line(line: &str, line_no: usize) -> Option<Property> {
    let name_end = line.find([';', ':'])?;
    let name = line[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let rest = &line[name_end..];
    // Where the value starts: the first colon outside quotes, or for date properties the
    // last colon.
    let colon = if DATE_PROPERTIES.contains(&name.as_str()) {
        rest.rfind(':')?
    } else {
        let mut quoted = false;
        rest.char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == ':' && !quoted
            })?
            .0
    };
    let value = rest[colon + 1..].to_string();
    let mut params = Vec::new();
    let mut quoted = false;
    let mut piece = String::new();
    let mut pieces = Vec::new();
    for c in rest[..colon].chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => pieces.push(std::mem::take(&mut piece)),
            c => piece.push(c),
        }
    }
    pieces.push(piece);
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        if let Some((k, v)) = piece.split_once('=') {
            params.push((k.trim().to_ascii_uppercase(), v.to_string()));
        }
    }
    Some(Property {
        name,
        params,
        value,
        line: line_no,
    })
}

/// Undoes TEXT escaping: `\n` `\N` `\,` `\;` `\\`.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_crlf_and_lf_read_alike() {
        let crlf = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:A long\r\n  title\r\nDESCRIPTION:x\\, y\\;\\nz\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let lf = crlf.replace("\r\n", "\n");
        for text in [crlf.to_string(), lf] {
            let (cals, notes) = read(&text).unwrap();
            assert!(notes.is_empty(), "{notes:?}");
            let event = &cals[0].children[0];
            assert_eq!(event.name, "VEVENT");
            assert_eq!(event.text("SUMMARY").as_deref(), Some("A long title"));
            assert_eq!(event.text("DESCRIPTION").as_deref(), Some("x, y;\nz"));
        }
    }

    #[test]
    fn params_with_quotes_and_lists() {
        let p = parse_line(
            r#"ATTENDEE;CN="Doe, Jane";ROLE=REQ-PARTICIPANT;X-A="a:b","c":mailto:j@x.org"#,
            7,
        )
        .unwrap();
        assert_eq!(p.name, "ATTENDEE");
        assert_eq!(p.param("CN"), Some("Doe, Jane"));
        assert_eq!(p.param("X-A"), Some("a:b,c"));
        let d = parse_line("DTSTART;TZID=(UTC-03:00) Brasilia:20261123T100000", 2).unwrap();
        assert_eq!(
            (d.param("TZID"), d.value.as_str()),
            (Some("(UTC-03:00) Brasilia"), "20261123T100000")
        );
        assert_eq!(p.value, "mailto:j@x.org");
        assert_eq!(p.line, 7);
        let p = parse_line("dtstart;tzid=Europe/Berlin:20261124T090000", 1).unwrap();
        assert_eq!(
            (p.name.as_str(), p.param("TZID")),
            ("DTSTART", Some("Europe/Berlin"))
        );
    }

    #[test]
    fn not_a_calendar_is_refused_naming_the_line() {
        assert_eq!(read(""), Err(ReadError::Empty));
        assert_eq!(read("\n\n  \n"), Err(ReadError::Empty));
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
        let (cals, notes) = read(text).unwrap();
        assert_eq!(cals[0].children.len(), 2);
        assert_eq!(
            cals[0].children[1].text("SUMMARY").as_deref(),
            Some("cut short")
        );
        assert!(notes.iter().any(|n| n.starts_with("line 3:")), "{notes:?}");
        assert!(
            notes.iter().any(|n| n.contains("never closed")),
            "{notes:?}"
        );
    }

    #[test]
    fn nested_components_stay_nested() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nBEGIN:VALARM\nACTION:DISPLAY\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR";
        let (cals, _) = read(text).unwrap();
        assert_eq!(cals[0].children.len(), 2);
        assert_eq!(cals[0].children[0].children[0].name, "STANDARD");
        assert_eq!(cals[0].children[1].children[0].name, "VALARM");
    }
}
