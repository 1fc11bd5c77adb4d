//! iCalendar text written for tests: a VCALENDAR of VEVENTs (and whatever else a test
//! puts in as it is), CRLF line ends as RFC 5545 has them, or LF as some exports write.

/// A calendar file being written: `BEGIN:VCALENDAR` and `VERSION:2.0`, then what is
/// added, in the order added, then `END:VCALENDAR` from [`Ics::build`].
///
/// ```
/// # use bearing::testkit::{Event, Ics};
/// let text = Ics::new()
///     .event(Event::new("s1").summary("Status").start("20261123T080000Z").end("20261123T090000Z"))
///     .build();
/// assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:s1\r\n"));
/// ```
#[derive(Debug, Clone)]
pub struct Ics {
    text: String,
    eol: &'static str,
}

impl Default for Ics {
    fn default() -> Self {
        Ics::new()
    }
}

impl Ics {
    /// A calendar with CRLF line ends.
    pub fn new() -> Ics {
        Ics::with_line_end("\r\n")
    }

    /// A calendar with LF line ends.
    pub fn lf() -> Ics {
        Ics::with_line_end("\n")
    }

    fn with_line_end(eol: &'static str) -> Ics {
        Ics {
            text: String::new(),
            eol,
        }
        .line("BEGIN:VCALENDAR")
        .line("VERSION:2.0")
    }

    /// A `PRODID` line (the program that wrote the file).
    pub fn prodid(self, id: &str) -> Ics {
        self.line(&format!("PRODID:{id}"))
    }

    /// One line of the calendar's own (`X-WR-CALNAME:Team`, say), its line end added.
    pub fn line(mut self, line: &str) -> Ics {
        self.text.push_str(line);
        self.text.push_str(self.eol);
        self
    }

    /// `text` as it is, line ends and all: hand-made components (a VTIMEZONE, a broken
    /// VEVENT) or a body built up by a test.
    pub fn raw(mut self, text: &str) -> Ics {
        self.text.push_str(text);
        self
    }

    /// A VEVENT.
    pub fn event(mut self, event: Event) -> Ics {
        event.write(&mut self.text, self.eol);
        self
    }

    /// The file's text, `END:VCALENDAR` and its line end last.
    pub fn build(self) -> String {
        self.line("END:VCALENDAR").text
    }
}

/// A VEVENT: `UID` first, then its properties in the order given.
#[derive(Debug, Clone)]
pub struct Event {
    lines: Vec<String>,
}

impl Event {
    /// An event with `UID:uid` and nothing else yet.
    pub fn new(uid: &str) -> Event {
        Event {
            lines: vec![format!("UID:{uid}")],
        }
    }

    /// Any property line (`LOCATION:Room 4`, `STATUS:CANCELLED`), as written.
    pub fn line(mut self, line: &str) -> Event {
        self.lines.push(line.to_string());
        self
    }

    /// Each line of `text` (ended by CRLF or LF) as a property line.
    pub fn lines(self, text: &str) -> Event {
        text.lines().fold(self, Event::line)
    }

    /// `SUMMARY`: the title.
    pub fn summary(self, title: &str) -> Event {
        self.line(&format!("SUMMARY:{title}"))
    }

    /// `DTSTART` as iCalendar writes it: UTC `20261123T080000Z` or floating
    /// `20261123T080000`.
    pub fn start(self, when: &str) -> Event {
        self.line(&format!("DTSTART:{when}"))
    }

    /// `DTEND`, as [`Event::start`].
    pub fn end(self, when: &str) -> Event {
        self.line(&format!("DTEND:{when}"))
    }

    /// `DTSTART;TZID=zone:local`: a local time in a named zone (`Europe/Berlin`).
    pub fn start_in(self, zone: &str, local: &str) -> Event {
        self.line(&format!("DTSTART;TZID={zone}:{local}"))
    }

    /// `DTEND;TZID=zone:local`, as [`Event::start_in`].
    pub fn end_in(self, zone: &str, local: &str) -> Event {
        self.line(&format!("DTEND;TZID={zone}:{local}"))
    }

    /// `DTSTART;VALUE=DATE:date`: an all-day event from `20261123`.
    pub fn all_day(self, date: &str) -> Event {
        self.line(&format!("DTSTART;VALUE=DATE:{date}"))
    }

    /// `DURATION` (`PT1H`) in place of an end.
    pub fn duration(self, duration: &str) -> Event {
        self.line(&format!("DURATION:{duration}"))
    }

    /// `DTSTAMP`: when the file was written (`20261101T000000Z`).
    pub fn stamp(self, when: &str) -> Event {
        self.line(&format!("DTSTAMP:{when}"))
    }

    /// `RRULE` (`FREQ=WEEKLY;COUNT=4`): a series.
    pub fn rrule(self, rule: &str) -> Event {
        self.line(&format!("RRULE:{rule}"))
    }

    /// `ATTENDEE:mailto:email`.
    pub fn attendee(self, email: &str) -> Event {
        self.line(&format!("ATTENDEE:mailto:{email}"))
    }

    /// `ORGANIZER:mailto:email`.
    pub fn organizer(self, email: &str) -> Event {
        self.line(&format!("ORGANIZER:mailto:{email}"))
    }

    /// `CATEGORIES` (comma-separated).
    pub fn categories(self, categories: &str) -> Event {
        self.line(&format!("CATEGORIES:{categories}"))
    }

    /// `DESCRIPTION`, as written (escape commas and newlines yourself).
    pub fn description(self, text: &str) -> Event {
        self.line(&format!("DESCRIPTION:{text}"))
    }

    /// The event alone, `BEGIN:VEVENT` to `END:VEVENT`, CRLF line ends (for a body a test
    /// builds up and puts in with [`Ics::raw`]).
    pub fn text(&self) -> String {
        let mut text = String::new();
        self.write(&mut text, "\r\n");
        text
    }

    fn write(&self, out: &mut String, eol: &str) {
        for line in std::iter::once("BEGIN:VEVENT")
            .chain(self.lines.iter().map(String::as_str))
            .chain(std::iter::once("END:VEVENT"))
        {
            out.push_str(line);
            out.push_str(eol);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_is_written_line_by_line_in_the_order_given() {
        let event = Event::new("a")
            .summary("1:1 Ana")
            .start_in("Europe/Berlin", "20261124T100000")
            .duration("PT30M")
            .rrule("FREQ=WEEKLY")
            .attendee("ana@x");
        assert_eq!(
            Ics::new()
                .prodid("-//test//EN")
                .event(event.clone())
                .build(),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n\
             SUMMARY:1:1 Ana\r\nDTSTART;TZID=Europe/Berlin:20261124T100000\r\nDURATION:PT30M\r\n\
             RRULE:FREQ=WEEKLY\r\nATTENDEE:mailto:ana@x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        assert_eq!(
            Ics::lf().raw(&event.text()).build(),
            format!(
                "BEGIN:VCALENDAR\nVERSION:2.0\n{}END:VCALENDAR\n",
                event.text()
            )
        );
        assert_eq!(
            Event::new("b").lines("DTSTART:x\r\nDURATION:PT1H\n").text(),
            "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:x\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        );
    }
}
