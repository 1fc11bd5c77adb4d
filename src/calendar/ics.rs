//! Writing iCalendar (RFC 5545) content lines: CRLF endings, lines folded at 75 octets
//! without splitting a UTF-8 character, and TEXT values escaped.
//!
//! Written by hand: the `icalendar` crate builds events well but has no VTIMEZONE
//! support, and export needs exact control over TZID parameters and folding.

/// Accumulates an iCalendar document.
#[derive(Debug, Default)]
pub struct IcsWriter {
    out: String,
}

impl IcsWriter {
    /// An empty document.
    pub fn new() -> IcsWriter {
        IcsWriter::default()
    }

    /// Writes `NAME[;PARAMS]:VALUE` with `value` taken as is (already escaped or not text).
    pub fn raw(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::from(name);
        for (k, v) in params {
            line.push(';');
            line.push_str(k);
            line.push('=');
            line.push_str(&quote_param(v));
        }
        line.push(':');
        line.push_str(value);
        self.fold(&line);
    }

    /// Writes a TEXT property, escaping backslashes, semicolons, commas and newlines.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &[], &escape_text(value));
    }

    /// `BEGIN:NAME`.
    pub fn begin(&mut self, component: &str) {
        self.raw("BEGIN", &[], component);
    }

    /// `END:NAME`.
    pub fn end(&mut self, component: &str) {
        self.raw("END", &[], component);
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }

    fn fold(&mut self, line: &str) {
        // First line up to 75 octets; continuation lines start with a space, so they
        // carry 74 octets of content each.
        let mut limit = 75;
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > limit {
                self.out.push_str("\r\n ");
                used = 0;
                limit = 74;
            }
            self.out.push(c);
            used += c.len_utf8();
        }
        self.out.push_str("\r\n");
    }
}

/// Escapes a TEXT value (RFC 5545 3.3.11).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn quote_param(value: &str) -> String {
    if value.contains([':', ';', ',']) {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut w = IcsWriter::new();
        let text = "Vision work: where the team goes next year — 日本語も大丈夫です。".repeat(4);
        w.text("DESCRIPTION", &text);
        let doc = w.finish();
        assert!(doc.ends_with("\r\n"));
        for line in doc.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = doc.replace("\r\n ", "");
        assert_eq!(
            unfolded.trim_end(),
            format!("DESCRIPTION:{}", escape_text(&text))
        );
    }

    #[test]
    fn text_is_escaped_and_params_quoted() {
        assert_eq!(escape_text("a, b; c\\d\nnext"), "a\\, b\\; c\\\\d\\nnext");
        let mut w = IcsWriter::new();
        w.raw("DTSTART", &[("TZID", "Europe/Berlin")], "20261124T090000");
        w.raw("X-A", &[("P", "a:b")], "v");
        assert_eq!(
            w.finish(),
            "DTSTART;TZID=Europe/Berlin:20261124T090000\r\nX-A;P=\"a:b\":v\r\n"
        );
    }
}
