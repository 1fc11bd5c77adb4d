//! Text that has to fit: one truncation rule for everything shown (whole words, then an
//! ellipsis), word wrapping that keeps `@people` and `#tags` whole, and their colours.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;

/// The ellipsis that ends cut text.
pub const ELLIPSIS: &str = "…";

/// `text` cut to `width` columns: as many whole words as fit, then `…`; a first word
/// wider than that is cut within. Text that fits is returned as it is.
pub fn ellipsize(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let mut out = String::new();
    for word in text.split_inclusive(' ') {
        if (out.clone() + word.trim_end()).width() > room {
            break;
        }
        out.push_str(word);
    }
    let out = out.trim_end();
    if !out.is_empty() {
        // Never end on a lone punctuation mark or a dangling separator.
        let out = out
            .trim_end_matches([',', ';', ':', '·', '-', '–'])
            .trim_end();
        return format!("{out}{ELLIPSIS}");
    }
    let mut cut = String::new();
    for g in text.graphemes(true) {
        if (cut.clone() + g).width() > room {
            break;
        }
        cut.push_str(g);
    }
    format!("{cut}{ELLIPSIS}")
}

/// A hint of `key word · key word` parts cut to `width` columns: whole parts are
/// dropped from the end (an ellipsis says so), never cut within.
pub fn fit_hint(hint: &str, width: usize) -> String {
    if hint.width() <= width {
        return hint.to_string();
    }
    let parts: Vec<&str> = hint.split(" · ").collect();
    for keep in (1..parts.len()).rev() {
        let cut = format!("{} {ELLIPSIS}", parts[..keep].join(" · "));
        if cut.width() <= width {
            return cut;
        }
    }
    String::new()
}

/// `line` cut to `width` columns by [`ellipsize`], its spans' styles kept.
pub fn fit_line(line: Line<'_>, width: usize) -> Line<'static> {
    let style = line.style;
    let alignment = line.alignment;
    if line.width() <= width {
        let spans: Vec<Span<'static>> = line
            .spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect();
        let mut out = Line::from(spans).style(style);
        out.alignment = alignment;
        return out;
    }
    let whole: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let cut = ellipsize(&whole, width);
    // Hand the cut text back to the spans it came from, in order.
    let mut rest = cut.as_str();
    let mut spans = Vec::new();
    for span in &line.spans {
        if rest.is_empty() {
            break;
        }
        let take = common_prefix(span.content.as_ref(), rest);
        let (head, tail) = rest.split_at(take);
        if !head.is_empty() {
            spans.push(Span::styled(head.to_string(), span.style));
        }
        rest = tail;
    }
    if !rest.is_empty() {
        let last = line.spans.last().map_or(Style::default(), |s| s.style);
        spans.push(Span::styled(rest.to_string(), last));
    }
    let mut out = Line::from(spans).style(style);
    out.alignment = alignment;
    out
}

/// Bytes of `a` that start `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8())
}

/// `text` wrapped at `width` columns, each of its lines on its own: breaks fall between
/// words, so `@Priya`, `#growth` and a word with its punctuation stay whole.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        let options = textwrap::Options::new(width)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.extend(
            textwrap::wrap(line, options)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    out
}

/// `lines` wrapped at `width` columns by [`wrap`]: a line of one style continues on the
/// next rows in that style; a line of several styles is cut by [`fit_line`] instead.
pub fn wrap_lines(lines: Vec<Line<'_>>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        let one_style = line.spans.windows(2).all(|w| w[0].style == w[1].style);
        if !one_style || line.width() <= width {
            out.push(fit_line(line, width));
            continue;
        }
        let span_style = line.spans.first().map_or(Style::default(), |s| s.style);
        let style = line.style.patch(span_style);
        let whole: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.extend(
            wrap(&whole, width)
                .into_iter()
                .map(|row| fit_line(Line::styled(row, style), width)),
        );
    }
    out
}

/// Colours `#tags` and `@people` in a line of text.
pub fn highlight_marks(line: &str, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    for word in line.split_inclusive(' ') {
        let mark =
            |c: char| word.starts_with(c) && word.chars().nth(1).is_some_and(char::is_alphanumeric);
        let style = if mark('#') {
            Some(theme.tag)
        } else if mark('@') {
            Some(theme.person)
        } else {
            None
        };
        match style {
            Some(style) => {
                if !plain.is_empty() {
                    spans.push(Span::raw(std::mem::take(&mut plain)));
                }
                spans.push(Span::styled(word.to_string(), style));
            }
            None => plain.push_str(word),
        }
    }
    if !plain.is_empty() {
        spans.push(Span::raw(plain));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_text_ends_with_an_ellipsis_after_a_whole_word() {
        assert_eq!(
            ellipsize("follow-up 1 day late", 20),
            "follow-up 1 day late"
        );
        assert_eq!(ellipsize("follow-up 1 day late", 14), "follow-up 1…");
        assert_eq!(ellipsize("a/A to reclassify the series", 12), "a/A to…");
        assert_eq!(
            ellipsize("Interview: backend candidate", 26),
            "Interview: backend…"
        );
        assert_eq!(ellipsize("Supercalifragilistic", 8), "Superca…");
        assert_eq!(ellipsize("Done, then more", 7), "Done…");
        assert_eq!(ellipsize("anything", 0), "");
        assert_eq!(ellipsize("今日は話した 長い", 8), "今日は…");
    }

    #[test]
    fn wrapped_lines_keep_their_style_and_mixed_ones_are_cut() {
        let red = Style::default().fg(ratatui::style::Color::Red);
        let lines = vec![
            Line::styled("No stay interview in the last twelve months", red),
            Line::from(vec![Span::raw("Sam "), Span::styled("· report here", red)]),
        ];
        let out = wrap_lines(lines, 16);
        let rows: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            rows,
            [
                "No stay",
                "interview in",
                "the last twelve",
                "months",
                "Sam · report…"
            ]
        );
        assert!(
            out[..4]
                .iter()
                .all(|l| l.style.patch(l.spans[0].style) == red)
        );
    }

    #[test]
    fn a_hint_drops_whole_parts() {
        let hint = "n new · Enter write · h held · x cancel";
        assert_eq!(fit_hint(hint, 60), hint);
        assert_eq!(fit_hint(hint, 30), "n new · Enter write · h held …");
        assert_eq!(fit_hint(hint, 8), "n new …");
        assert_eq!(fit_hint(hint, 5), "");
    }

    #[test]
    fn a_cut_line_keeps_its_styles() {
        let line = Line::from(vec![
            Span::styled("09:00 ", Style::new().bold()),
            Span::raw("a long title of a meeting"),
        ]);
        let cut = fit_line(line, 18);
        assert_eq!(cut.to_string(), "09:00 a long…");
        assert_eq!(cut.spans[0].style, Style::new().bold());
    }

    #[test]
    fn wrapping_keeps_people_tags_and_punctuation_with_their_words() {
        let lines = wrap("Talked with @Priya about #growth, and then.", 19);
        assert_eq!(lines, ["Talked with @Priya", "about #growth, and", "then."]);
        assert_eq!(wrap("one\n\ntwo", 10), ["one", "", "two"]);
    }
}
