//! Journal entries (reflections, notes and weekly reviews) and the `#tags` and `@people` written in them.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A daily reflection, usually written against the prompt of the day.
    Reflection,
    /// A free note.
    Note,
    /// The answers of a weekly review (one per week, written on the Review screen).
    Review,
}

impl EntryKind {
    /// Every kind.
    pub const ALL: [EntryKind; 3] = [EntryKind::Reflection, EntryKind::Note, EntryKind::Review];

    /// The name stored in the journal and shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Reflection => "reflection",
            EntryKind::Note => "note",
            EntryKind::Review => "review",
        }
    }

    /// How the kind is named to people: "weekly review" rather than "review".
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Review => "weekly review",
            other => other.as_str(),
        }
    }

    /// Reads a stored or typed kind name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The next kind, for the Today editor's key that cycles kinds. Reviews are written
    /// on the Review screen, so the cycle is reflection and note only.
    pub fn next(self) -> Self {
        match self {
            EntryKind::Reflection => EntryKind::Note,
            EntryKind::Note | EntryKind::Review => EntryKind::Reflection,
        }
    }
}

/// An entry as the user writes it, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// Reflection or note.
    pub kind: EntryKind,
    /// When it was written (or back-dated to), in local time with its offset.
    pub at: DateTime<FixedOffset>,
    /// The text, as typed.
    pub body: String,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The journal's id for it (this device's: another device numbers it otherwise).
    pub id: i64,
    /// Its stable id, the same on every device the journal syncs to (`review:` and the
    /// week for a weekly review).
    pub sid: String,
    /// Reflection or note.
    pub kind: EntryKind,
    /// When it was written, in local time with its offset.
    pub at: DateTime<FixedOffset>,
    /// The local day it belongs to.
    pub day: NaiveDate,
    /// The text.
    pub body: String,
    /// Tag names without `#`, lower-case, in order of first use.
    pub tags: Vec<String>,
    /// People mentioned, without `@`, as first written, in order of first use.
    pub people: Vec<String>,
    /// One more on every change to the stored row: an editor's save compares it to tell
    /// whether someone else changed the entry since it was loaded.
    #[serde(skip)]
    pub version: i64,
}

/// The largest entry body bearing accepts, in bytes. A bigger paste is refused with a
/// message rather than making the editor and the index crawl.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// How far ahead of now a new entry may be dated and still count as now: clocks of two
/// machines, or a time typed to the minute, may disagree by that much.
pub const FUTURE_GRACE_SECONDS: i64 = 60;

/// Why a new entry, or an entry's new text, is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// Nothing but white space.
    #[error("nothing to save: the text is empty")]
    Empty,
    /// More than [`MAX_BODY_BYTES`].
    #[error("the text is too long: an entry holds at most {} KB", MAX_BODY_BYTES / 1024)]
    TooLong,
    /// Dated after now: entries can only be back-dated.
    #[error("{} is in the future; reflections can only be back-dated", .0.format(super::dates::DAY_TIME_YEAR))]
    InFuture(DateTime<FixedOffset>),
    /// A weekly review, which belongs to its week and is written on the Review screen.
    #[error("a weekly review is written for its week on the Review screen, not added as an entry")]
    Review,
}

/// Whether `text` holds nothing but white space: nothing to save.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The text an entry is saved with: `text` without trailing white space, if it fits.
pub fn fit_body(text: &str) -> Result<&str, EntryError> {
    let body = text.trim_end();
    if body.len() > MAX_BODY_BYTES {
        return Err(EntryError::TooLong);
    }
    Ok(body)
}

/// Checks a new entry written at `now`: some text that fits, a kind added as an entry
/// (not a review), and a time not in the future. Returns the text to save.
pub fn check_new(
    kind: EntryKind,
    text: &str,
    at: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> Result<&str, EntryError> {
    if is_blank(text) {
        return Err(EntryError::Empty);
    }
    let body = fit_body(text)?;
    if at > now + chrono::Duration::seconds(FUTURE_GRACE_SECONDS) {
        return Err(EntryError::InFuture(at));
    }
    if kind == EntryKind::Review {
        return Err(EntryError::Review);
    }
    Ok(body)
}

/// The `#tags` in a text: lower-cased, de-duplicated, in order of first use.
///
/// A tag starts with `#` at the start of the text or after a character that is not part
/// of a word (so `C#` and `page#anchor` are not tags), and needs at least one letter
/// (so `#42` is an issue number, not a tag).
pub fn tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in marked_words(text, '#') {
        let tag = word.to_lowercase();
        if tag.chars().any(char::is_alphabetic) && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// The `@people` in a text: as first written, de-duplicated case-insensitively, in order
/// of first use. `sam@example.com` is an address, not a mention; `@Sam's` mentions Sam.
pub fn mentions(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in marked_words(text, '@') {
        let name = word.strip_suffix("'s").unwrap_or(&word).to_string();
        let key = super::person::key(&name);
        if name.chars().any(char::is_alphabetic)
            && !out.iter().any(|n| super::person::key(n) == key)
        {
            out.push(name);
        }
    }
    out
}

/// A name or tag with case and accents folded away, for filters typed in a hurry:
/// `zoe` finds `Zoë`, `equipe` finds `équipe` (as the search index does).
pub fn fold_key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// Words introduced by `marker`. Works on grapheme clusters so names with combining
/// marks, CJK and other scripts stay whole.
fn marked_words(text: &str, marker: char) -> Vec<String> {
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < graphemes.len() {
        let starts_here = graphemes[i] == marker.encode_utf8(&mut [0; 4])
            && (i == 0 || !is_word_grapheme(graphemes[i - 1]));
        if !starts_here {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < graphemes.len() && is_name_grapheme(graphemes[j]) {
            j += 1;
        }
        let word: String = graphemes[i + 1..j].concat();
        let word = word.trim_end_matches(['-', '.', '\'', '’']).to_string();
        if !word.is_empty() {
            words.push(word);
        }
        i = j.max(i + 1);
    }
    words
}

fn is_word_grapheme(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn is_name_grapheme(g: &str) -> bool {
    is_word_grapheme(g) || matches!(g, "-" | "." | "'" | "’")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_entry_needs_text_that_fits_a_kind_and_a_time_not_ahead() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap();
        let later = |s: i64| now + chrono::Duration::seconds(s);
        let big = "x".repeat(MAX_BODY_BYTES + 1);
        let fits = format!("{}\n\n", "x".repeat(MAX_BODY_BYTES));
        let r = EntryKind::Reflection;
        type Case<'a> = (
            EntryKind,
            &'a str,
            DateTime<FixedOffset>,
            Result<&'a str, EntryError>,
        );
        let cases: Vec<Case> = vec![
            (r, "Said so. #safety\n", now, Ok("Said so. #safety")),
            (r, "  indented stays  \n", now, Ok("  indented stays")),
            (r, "", now, Err(EntryError::Empty)),
            (r, " \n\t ", now, Err(EntryError::Empty)),
            (r, &big, now, Err(EntryError::TooLong)),
            (r, &fits, now, Ok(fits.trim_end())),
            (
                r,
                "a minute ahead is now",
                later(60),
                Ok("a minute ahead is now"),
            ),
            (r, "later", later(61), Err(EntryError::InFuture(later(61)))),
            (EntryKind::Note, "a note", later(-86_400), Ok("a note")),
            (EntryKind::Review, "answers", now, Err(EntryError::Review)),
        ];
        for (kind, text, at, want) in cases {
            assert_eq!(check_new(kind, text, at, now), want, "{text:.20?} at {at}");
        }
        assert_eq!(
            EntryError::InFuture(later(3600)).to_string(),
            "Sun 22 Nov 2026 10:30 is in the future; reflections can only be back-dated"
        );
        assert_eq!(
            EntryError::TooLong.to_string(),
            "the text is too long: an entry holds at most 256 KB"
        );
    }

    #[test]
    fn tags_are_found_lowercased_and_deduplicated() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("#growth", &["growth"]),
            (
                "Good 1:1 #Growth #growth and #feedback.",
                &["growth", "feedback"],
            ),
            (
                "#two-words #with_underscore",
                &["two-words", "with_underscore"],
            ),
            ("C# and page#anchor are not tags", &[]),
            ("#42 is an issue, #q4 is a tag", &["q4"]),
            ("(#inside) parens", &["inside"]),
            ("# heading", &[]),
            ("#成長 と #équipe", &["成長", "équipe"]),
            ("line one\n#next-line-", &["next-line"]),
        ];
        for (text, want) in cases {
            assert_eq!(tags(text), *want, "{text:?}");
        }
    }

    #[test]
    fn mentions_handle_unicode_and_emails() {
        let cases: &[(&str, &[&str])] = &[
            ("1:1 with @Sam", &["Sam"]),
            ("@Sam and @sam and @SAM", &["Sam"]),
            ("mail sam@example.com", &[]),
            ("@Sam's idea, then @Anne-Marie.", &["Sam", "Anne-Marie"]),
            ("@Łukasz @Zoë @José", &["Łukasz", "Zoë", "José"]),
            // "e" + combining acute accent stays one name.
            ("@Rene\u{301} spoke", &["Rene\u{301}"]),
            ("@田中 さん", &["田中"]),
            ("@ nobody", &[]),
            ("@123", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(mentions(text), *want, "{text:?}");
        }
    }

    #[test]
    fn folded_keys_ignore_case_and_accents() {
        assert_eq!(fold_key("Zoë"), fold_key("zoe"));
        assert_eq!(fold_key("Équipe"), "equipe");
        assert_eq!(fold_key("Rene\u{301}"), "rene");
        assert_eq!(fold_key("田中"), "田中");
        assert_ne!(fold_key("Sam"), fold_key("Sami"));
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EntryKind::parse("diary"), None);
        assert_eq!(EntryKind::Reflection.next().next(), EntryKind::Reflection);
    }
}
