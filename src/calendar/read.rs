//! Reading iCalendar text leniently, the way calendar apps do: CRLF or LF, folded lines,
//! unknown properties and components kept but ignored by callers, a malformed line
//! skipped with a note. Only a file that is not iCalendar at all is refused, naming the line.
//!
//! Written by hand: the `icalendar` crate's parser rejects a whole file for one bad line
//! and reports no line numbers, and real exports (Outlook, Google, Apple, Thunderbird)
//! need line-by-line leniency.
//!
//! Bounded for any input: one pass over the text, no recursion, a property borrows its
//! line from the text unless the line was folded, and nesting depth, components,
//! properties and notes have limits (each reported with a note), so a 100 MB file of
//! tiny lines costs tens of megabytes, not gigabytes.

use std::borrow::Cow;
use std::ops::ControlFlow;

use thiserror::Error;

use super::Notes;

/// The deepest nesting read (real files nest three deep: VCALENDAR, VEVENT, VALARM);
/// components inside deeper ones are skipped with a note.
pub const MAX_DEPTH: usize = 32;

/// The most components (of any kind) one file may hold; reading stops at the next one,
/// with a note, and what came before is kept.
pub const MAX_COMPONENTS: usize = 500_000;

/// The most properties kept from one file; reading stops at the next one, with a note.
/// A 100 MB export of real events holds about two million.
pub const MAX_PROPERTIES: usize = 3_000_000;

/// One property: `NAME;PARAM=VALUE:VALUE`, borrowed from the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property<'a> {
    /// The logical (unfolded) line, starting with the upper-case name. Borrowed from the
    /// file unless the line was folded or its name was not upper-case.
    text: Cow<'a, str>,
    /// Where the name ends (the `;` or `:` after it).
    name_end: u32,
    /// Where the value starts (after the colon).
    value_start: u32,
    /// The physical line it starts on (1-based).
    pub line: usize,
}

impl<'a> Property<'a> {
    /// The raw value borrowed from the file, when the line is (unless it was folded or
    /// its name rewritten).
    fn file_value(&self) -> Option<&'a str> {
        match self.text {
            Cow::Borrowed(line) => line.get(self.value_start as usize..),
            Cow::Owned(_) => None,
        }
    }

    /// The name, upper-case.
    pub fn name(&self) -> &str {
        self.text.get(..self.name_end as usize).unwrap_or("")
    }

    /// The whole logical line as written, unfolded: name, parameters and value.
    pub fn line_text(&self) -> &str {
        &self.text
    }

    /// The raw value (TEXT escapes still in place; see [`unescape`]).
    pub fn value(&self) -> &str {
        self.text.get(self.value_start as usize..).unwrap_or("")
    }

    /// The parameters: names as written (compare with `eq_ignore_ascii_case`), values
    /// unquoted.
    pub fn params(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        let raw = self
            .text
            .get(self.name_end as usize..(self.value_start as usize).saturating_sub(1))
            .unwrap_or("");
        split_unquoted(raw, ';').filter_map(|piece| {
            let (k, v) = piece.split_once('=')?;
            let k = k.trim();
            (!k.is_empty()).then(|| (k, unquote(v)))
        })
    }

    /// The value of parameter `name` (matched without regard to case), if present.
    pub fn param(&self, name: &str) -> Option<Cow<'_, str>> {
        self.params()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

/// A component such as VCALENDAR, VEVENT, VTIMEZONE, with what it contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component<'a> {
    /// The name, upper-case (borrowed from the file when written so).
    pub name: Cow<'a, str>,
    /// Its properties, in file order.
    pub properties: Vec<Property<'a>>,
    /// Components inside it.
    pub children: Vec<Component<'a>>,
    /// The physical line of its BEGIN.
    pub line: usize,
}

impl<'a> Component<'a> {
    /// The first property called `name`.
    pub fn prop(&self, name: &str) -> Option<&Property<'a>> {
        self.properties.iter().find(|p| p.name() == name)
    }

    /// Every property called `name`.
    pub fn props<'b>(&'b self, name: &'b str) -> impl Iterator<Item = &'b Property<'a>> + 'b {
        self.properties.iter().filter(move |p| p.name() == name)
    }

    /// The unescaped TEXT value of the first property called `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.prop(name).map(|p| unescape(p.value()))
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

/// A file, read.
#[derive(Debug, Clone, Default)]
pub struct Document<'a> {
    /// The top-level components (normally one VCALENDAR).
    pub calendars: Vec<Component<'a>>,
    /// Lines skipped and limits met, one note each (at most [`super::MAX_NOTES`], then a count).
    pub notes: Vec<String>,
    /// Whether the file is whole: every component inside a calendar closed by its own
    /// END, and each calendar by a line starting with `END:VCALENDAR` (text after that
    /// line is ignored). False for a file cut short, as a broken download is, and for
    /// one read only up to a limit.
    pub complete: bool,
    /// Whether reading stopped at [`MAX_COMPONENTS`] or [`MAX_PROPERTIES`] before the end.
    pub stopped_at_limit: bool,
}

/// Reads the calendars in `text`, noting the lines skipped on the way.
pub fn read(text: &str) -> Result<Document<'_>, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::default();
    let mut first = true;
    for (line_no, logical) in LogicalLines::new(text) {
        if logical.trim().is_empty() {
            continue;
        }
        if first {
            first = false;
            check_begins(&logical, line_no)?;
        } else if reader.stack.is_empty() && !begins_calendar(&logical) {
            // After END:VCALENDAR: a server's cache comment, a signature, a stray event.
            // Not the calendar's, and no sign of a file cut short either.
            continue;
        }
        let Some(prop) = parse_line(logical, line_no) else {
            if reader.skipping == 0 {
                reader
                    .notes
                    .push(|| format!("line {line_no}: not a property line, skipped"));
            }
            continue;
        };
        let go_on = match prop.name() {
            "BEGIN" => reader.begin(&prop, line_no),
            "END" => {
                reader.end(&prop, line_no);
                ControlFlow::Continue(())
            }
            _ => reader.property(prop, line_no),
        };
        if go_on.is_break() {
            break;
        }
    }
    if first {
        return Err(ReadError::Empty);
    }
    Ok(reader.finish())
}

/// Whether a logical line is `BEGIN:VCALENDAR`.
fn begins_calendar(logical: &str) -> bool {
    logical.split_once(':').is_some_and(|(n, v)| {
        n.trim().eq_ignore_ascii_case("BEGIN") && v.trim().eq_ignore_ascii_case("VCALENDAR")
    })
}

/// Whether an END names the calendar: `END:VCALENDAR`, or a line starting so
/// (`END:VCALENDARD`, a last line mistyped).
fn ends_calendar(name: &str) -> bool {
    name.as_bytes()
        .get(..9)
        .is_some_and(|n| n.eq_ignore_ascii_case(b"VCALENDAR"))
}

/// Refuses a file whose first line is not `BEGIN:VCALENDAR`.
fn check_begins(logical: &str, line_no: usize) -> Result<(), ReadError> {
    if begins_calendar(logical) {
        return Ok(());
    }
    Err(ReadError::NotICalendar {
        line: line_no,
        found: logical.chars().take(40).collect(),
    })
}

/// What [`read`] has built so far, and where it is.
#[derive(Default)]
struct Reader<'a> {
    notes: Notes,
    /// The components open, innermost last. At most [`MAX_DEPTH`] deep, so looking for
    /// an END's BEGIN costs a bounded amount.
    stack: Vec<Component<'a>>,
    /// The top-level components closed.
    calendars: Vec<Component<'a>>,
    /// How deep inside a skipped (too deeply nested) component the reader is.
    skipping: usize,
    too_deep_noted: bool,
    /// Components and properties read so far.
    components: usize,
    properties: usize,
    stopped_at_limit: bool,
    /// A component inside a calendar was closed by the END of one around it, its own END
    /// missing.
    left_open: bool,
}

impl<'a> Reader<'a> {
    /// Opens a component; breaks when the file has more than [`MAX_COMPONENTS`].
    fn begin(&mut self, prop: &Property<'a>, line_no: usize) -> ControlFlow<()> {
        if self.skipping > 0 {
            self.skipping += 1;
        } else if self.stack.len() >= MAX_DEPTH {
            self.skipping = 1;
            if !self.too_deep_noted {
                self.too_deep_noted = true;
                self.notes.push(|| {
                    format!(
                        "line {line_no}: components nested more than {MAX_DEPTH} deep are skipped"
                    )
                });
            }
        } else if self.components >= MAX_COMPONENTS {
            self.notes.push(|| format!("line {line_no}: the file has more than {MAX_COMPONENTS} components; bearing reads it up to here"));
            self.stopped_at_limit = true;
            return ControlFlow::Break(());
        } else {
            self.components += 1;
            let name = match prop.file_value().map(str::trim) {
                Some(name) if !name.bytes().any(|b| b.is_ascii_lowercase()) => Cow::Borrowed(name),
                _ => Cow::Owned(prop.value().trim().to_ascii_uppercase()),
            };
            self.stack.push(Component {
                name,
                line: line_no,
                ..Component::default()
            });
        }
        ControlFlow::Continue(())
    }

    /// Closes the innermost open component of the END's name and those inside it (an
    /// END starting with `END:VCALENDAR` closes the calendar).
    fn end(&mut self, prop: &Property<'a>, line_no: usize) {
        if self.skipping > 0 {
            // Inside a skipped component every END closes one level: what it contains
            // is dropped anyway.
            self.skipping -= 1;
            return;
        }
        let name = prop.value().trim();
        // Close up to the matching BEGIN; an END with no BEGIN is ignored.
        let depth = self
            .stack
            .iter()
            .rposition(|c| c.name.eq_ignore_ascii_case(name))
            .or_else(|| {
                ends_calendar(name)
                    .then(|| self.stack.iter().rposition(|c| c.name == "VCALENDAR"))
                    .flatten()
            });
        let Some(depth) = depth else {
            self.notes.push(|| {
                format!(
                    "line {line_no}: END:{} without BEGIN, skipped",
                    name.chars().take(40).collect::<String>()
                )
            });
            return;
        };
        while self.stack.len() > depth {
            if let Some(done) = self.stack.pop() {
                if self.stack.len() > depth {
                    // Closed by the END of a component around it: its own END is missing.
                    self.left_open = true;
                    self.notes
                        .push(|| format!("line {}: {} was never closed", done.line, done.name));
                }
                self.close(done);
            }
        }
    }

    /// Adds a property to the innermost open component; breaks when the file has more
    /// than [`MAX_PROPERTIES`].
    fn property(&mut self, prop: Property<'a>, line_no: usize) -> ControlFlow<()> {
        if self.skipping > 0 {
            return ControlFlow::Continue(());
        }
        match self.stack.last_mut() {
            Some(c) if self.properties < MAX_PROPERTIES => {
                self.properties += 1;
                c.properties.push(prop);
            }
            Some(_) => {
                self.notes.push(|| format!("line {line_no}: the file has more than {MAX_PROPERTIES} properties; bearing reads it up to here"));
                self.stopped_at_limit = true;
                return ControlFlow::Break(());
            }
            None => self
                .notes
                .push(|| format!("line {line_no}: property outside any component, skipped")),
        }
        ControlFlow::Continue(())
    }

    /// Puts a closed component into its parent, or among the calendars.
    fn close(&mut self, mut done: Component<'a>) {
        // Vectors grow by doubling; a closed component keeps only what it holds.
        done.properties.shrink_to_fit();
        done.children.shrink_to_fit();
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => self.calendars.push(done),
        }
    }

    /// The document, with what was left open closed (a file cut short).
    fn finish(mut self) -> Document<'a> {
        if self.stopped_at_limit {
            // What was open when reading stopped is incomplete: only the calendar is kept.
            self.stack.truncate(1);
        }
        // Whole when every calendar was closed by its END:VCALENDAR line, and nothing
        // inside one was left open on the way.
        let complete = self.stack.is_empty() && !self.left_open && !self.stopped_at_limit;
        // A file cut short: close what is open.
        while let Some(done) = self.stack.pop() {
            if !self.stopped_at_limit {
                self.notes
                    .push(|| format!("line {}: {} was never closed", done.line, done.name));
            }
            self.close(done);
        }
        Document {
            calendars: self.calendars,
            notes: self.notes.finish(),
            complete,
            stopped_at_limit: self.stopped_at_limit,
        }
    }
}

/// Logical lines with the physical line each starts on: CRLF, LF or CR endings, and a line
/// starting with a space or tab continuing the previous one. A line that is not folded
/// is borrowed from the text.
struct LogicalLines<'a> {
    rest: &'a str,
    /// The number of the next physical line.
    next_line: usize,
    finished: bool,
}

impl<'a> LogicalLines<'a> {
    fn new(text: &'a str) -> LogicalLines<'a> {
        LogicalLines {
            rest: text,
            next_line: 1,
            finished: false,
        }
    }

    fn physical(&mut self) -> Option<&'a str> {
        if self.finished {
            return None;
        }
        self.next_line += 1;
        // CRLF, LF, or a lone CR (old Mac exports) ends a line.
        let line = match memchr::memchr2(b'\n', b'\r', self.rest.as_bytes()) {
            Some(i) => {
                let line = &self.rest[..i];
                let ending = if self.rest[i..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                self.rest = &self.rest[i + ending..];
                line
            }
            None => {
                self.finished = true;
                self.rest
            }
        };
        Some(line)
    }

    fn continues(&self) -> bool {
        !self.finished && self.rest.starts_with([' ', '\t'])
    }
}

impl<'a> Iterator for LogicalLines<'a> {
    type Item = (usize, Cow<'a, str>);

    fn next(&mut self) -> Option<(usize, Cow<'a, str>)> {
        let number = self.next_line;
        let first = self.physical()?;
        if !self.continues() {
            return Some((number, Cow::Borrowed(first)));
        }
        let mut joined = first.to_string();
        while self.continues() {
            if let Some(more) = self.physical() {
                // The continuation starts with one space or tab (both one byte).
                joined.push_str(more.get(1..).unwrap_or(""));
            }
        }
        Some((number, Cow::Owned(joined)))
    }
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
fn parse_line(line: Cow<'_, str>, line_no: usize) -> Option<Property<'_>> {
    // Offsets are kept in 32 bits; no calendar line comes near 4 GB.
    if u32::try_from(line.len()).is_err() {
        return None;
    }
    let raw_end = memchr::memchr2(b';', b':', line.as_bytes())?;
    let raw_name = &line[..raw_end];
    let name = raw_name.trim();
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
        return None;
    }
    let name_end = name.len();
    // The name is kept upper-case at the start of the text; rewriting the line is rare
    // (a lower-case or padded name), so most lines stay borrowed.
    let rewritten = (name.len() != raw_name.len() || name.bytes().any(|b| b.is_ascii_lowercase()))
        .then(|| format!("{}{}", name.to_ascii_uppercase(), &line[raw_end..]));
    let line = match rewritten {
        Some(text) => Cow::Owned(text),
        None => line,
    };
    let upper = &line[..name_end];
    let rest = &line[name_end..];
    // Where the value starts: the first colon outside quotes, or for date properties the
    // last colon.
    let colon = if DATE_PROPERTIES.contains(&upper) {
        rest.rfind(':')?
    } else {
        // Bytes, not chars: both are ASCII, and no byte of a longer UTF-8 character is.
        let mut quoted = false;
        rest.bytes().position(|c| {
            if c == b'"' {
                quoted = !quoted;
            }
            c == b':' && !quoted
        })?
    };
    let value_start = u32::try_from(name_end + colon + 1).ok()?;
    let name_end = u32::try_from(name_end).ok()?;
    Some(Property {
        text: line,
        name_end,
        value_start,
        line: line_no,
    })
}

/// The pieces of `text` between `sep` characters that are not inside double quotes.
fn split_unquoted(text: &str, sep: char) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        loop {
            let t = rest?;
            let mut quoted = false;
            let end = t.char_indices().find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == sep && !quoted
            });
            let piece = match end {
                Some((i, _)) => {
                    rest = Some(&t[i + sep.len_utf8()..]);
                    &t[..i]
                }
                None => {
                    rest = None;
                    t
                }
            };
            if !piece.is_empty() {
                return Some(piece);
            }
        }
    })
}

/// A parameter value without its double quotes (`"a:b","c"` becomes `a:b,c`).
fn unquote(value: &str) -> Cow<'_, str> {
    if value.contains('"') {
        Cow::Owned(value.replace('"', ""))
    } else {
        Cow::Borrowed(value)
    }
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
#[path = "read_tests.rs"]
mod tests;
