//! Looking back over the journal: what History lists, the journaling streak, "on this
//! day", and where a search's words appear in a text.

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::EntryKind;

/// What a History row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// A journal entry of this kind.
    Entry(EntryKind),
    /// A difficult conversation.
    Conversation,
}

impl ItemKind {
    /// Every kind, in the order the filter lists them.
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Entry(EntryKind::Reflection),
        ItemKind::Entry(EntryKind::Note),
        ItemKind::Entry(EntryKind::Review),
        ItemKind::Conversation,
    ];

    /// The name shown and typed in filters.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Entry(kind) => kind.as_str(),
            ItemKind::Conversation => "conversation",
        }
    }

    /// Reads a typed kind: a full name or its first letters ("refl", "conv"), any case;
    /// "weekly review" is accepted for a review.
    pub fn parse(text: &str) -> Option<ItemKind> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        if t == "weekly review" || t == "weekly-review" {
            return Some(ItemKind::Entry(EntryKind::Review));
        }
        Self::ALL.into_iter().find(|k| k.as_str().starts_with(&t))
    }
}

/// Identifies one History row: an entry or a conversation, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemId {
    /// An entry's id.
    Entry(i64),
    /// A conversation's id.
    Conversation(i64),
}

/// The current journaling streak: how many days in a row, ending today, have an entry.
/// A streak that ended yesterday still counts (today is not over). `days` must be
/// distinct and newest first; it is read only as far as the streak goes.
pub fn streak(days: impl IntoIterator<Item = NaiveDate>, today: NaiveDate) -> u32 {
    let mut expected: Option<NaiveDate> = None;
    let mut count = 0;
    for day in days {
        if day > today {
            continue;
        }
        match expected {
            None if day == today || day == today - Duration::days(1) => {}
            None => return 0,
            Some(want) if day == want => {}
            Some(_) => break,
        }
        count += 1;
        expected = Some(day - Duration::days(1));
    }
    count
}

/// The dates "on this day" looks back to from `today`, newest first, not before
/// `earliest`: the same day of the month in every earlier month (a month without that
/// day is left out, so the 31st has no February). Each comes with how long ago it is.
pub fn on_this_day(today: NaiveDate, earliest: NaiveDate) -> Vec<(NaiveDate, String)> {
    let mut out = Vec::new();
    for back in 1u32.. {
        let Some(day) = today.checked_sub_months(Months::new(back)) else {
            break;
        };
        if day < earliest {
            break;
        }
        // checked_sub_months clamps the 31st to the 30th; that is a different date.
        if day.day() != today.day() {
            continue;
        }
        let ago = match (back / 12, back % 12) {
            (0, 1) => "a month ago".to_string(),
            (0, m) => format!("{m} months ago"),
            (1, 0) => "a year ago".to_string(),
            (y, 0) => format!("{y} years ago"),
            (1, m) => format!("a year and {m} month{} ago", if m == 1 { "" } else { "s" }),
            (y, m) => format!(
                "{y} years and {m} month{} ago",
                if m == 1 { "" } else { "s" }
            ),
        };
        out.push((day, ago));
    }
    out
}

/// The most distinct terms a search looks for: a pasted paragraph is searched by its
/// first words, not by thousands (each term is a pass over the index).
pub const MAX_SEARCH_TERMS: usize = 32;

/// The words a search looks for: plain words match whole words, `word*` any word starting
/// so, and the words of a `"quoted phrase"` each match whole. Lower-cased.
pub fn search_terms(query: &str) -> Vec<(String, bool)> {
    let mut terms = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        let in_phrase = i % 2 == 1;
        for word in part.split(|c: char| !c.is_alphanumeric() && c != '*') {
            let (word, prefix) = match word.strip_suffix('*') {
                Some(w) if !in_phrase => (w, true),
                _ => (word, false),
            };
            let word = word.trim_matches('*').to_lowercase();
            if !word.is_empty() && !terms.iter().any(|(t, p)| *t == word && *p == prefix) {
                terms.push((word, prefix));
            }
            if terms.len() == MAX_SEARCH_TERMS {
                return terms;
            }
        }
    }
    terms
}

/// Byte ranges of `text` holding a word the search `terms` look for, in order, for
/// highlighting. Words are compared lower-cased; FTS5 also folds accents, which this does
/// not, so an accented match may go unmarked (it is still found).
pub fn match_ranges(text: &str, terms: &[(String, bool)]) -> Vec<std::ops::Range<usize>> {
    if terms.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = None;
    let check = |from: usize, to: usize, out: &mut Vec<std::ops::Range<usize>>| {
        let word = text[from..to].to_lowercase();
        if terms.iter().any(|(t, prefix)| {
            if *prefix {
                word.starts_with(t.as_str())
            } else {
                word == *t
            }
        }) {
            out.push(from..to);
        }
    };
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                check(s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        check(s, text.len(), &mut out);
    }
    out
}

/// A passage of `text` around the first word the search `terms` look for, about `words`
/// words long, with every match between `start` and `end` marks and `…` where text was
/// cut. Without a match (FTS5 also folds accents, this does not), the text's beginning.
pub fn snippet(
    text: &str,
    terms: &[(String, bool)],
    words: usize,
    start: char,
    end: char,
) -> String {
    let text = text.replace('\n', " ");
    let ranges = match_ranges(&text, terms);
    // Word starts, to cut the passage at word boundaries.
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| {
            !c.is_whitespace() && (*i == 0 || text[..*i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    let first = ranges.first().map_or(0, |r| r.start);
    let at = starts.iter().rposition(|s| *s <= first).unwrap_or(0);
    let to_word = (at.saturating_sub(words / 3) + words).min(starts.len());
    // Near the end, the passage takes more words before the match instead.
    let from_word = to_word.saturating_sub(words);
    let from = starts.get(from_word).copied().unwrap_or(0);
    let to = starts.get(to_word).copied().unwrap_or(text.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for r in ranges.iter().filter(|r| r.start >= from && r.end <= to) {
        out.push_str(&text[at..r.start]);
        out.push(start);
        out.push_str(&text[r.clone()]);
        out.push(end);
        at = r.end;
    }
    out.push_str(text[at..to].trim_end());
    if to < text.len() {
        out.push('…');
    }
    out
}

/// The first line of a text with something on it, for a one-line list row.
pub fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn streak_counts_consecutive_days_ending_today_or_yesterday() {
        let today = d("2026-11-22");
        let days = |list: &[&str]| list.iter().map(|s| d(s)).collect::<Vec<_>>();
        assert_eq!(streak(days(&[]), today), 0);
        assert_eq!(streak(days(&["2026-11-22"]), today), 1);
        assert_eq!(
            streak(
                days(&["2026-11-22", "2026-11-21", "2026-11-20", "2026-11-18"]),
                today
            ),
            3
        );
        // Nothing yet today: yesterday's streak is still alive.
        assert_eq!(streak(days(&["2026-11-21", "2026-11-20"]), today), 2);
        // Two days without writing: the streak is over.
        assert_eq!(streak(days(&["2026-11-20", "2026-11-19"]), today), 0);
        // A future-dated entry does not break or extend it.
        assert_eq!(streak(days(&["2026-12-01", "2026-11-22"]), today), 1);
        // Across a month and a year boundary.
        assert_eq!(
            streak(
                days(&["2027-01-01", "2026-12-31", "2026-12-30"]),
                d("2027-01-01")
            ),
            3
        );
    }

    #[test]
    fn on_this_day_takes_the_same_date_in_earlier_months() {
        let got = on_this_day(d("2026-11-22"), d("2025-10-01"));
        let dates: Vec<String> = got.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(dates.first().map(String::as_str), Some("2026-10-22"));
        assert_eq!(dates.len(), 13);
        assert_eq!(dates.last().map(String::as_str), Some("2025-10-22"));
        assert_eq!(got[0].1, "a month ago");
        assert_eq!(got[11].1, "a year ago");
        assert_eq!(got[12].1, "a year and 1 month ago");
        // The 31st skips months without one.
        let got = on_this_day(d("2026-03-31"), d("2025-12-01"));
        let dates: Vec<String> = got.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(dates, ["2026-01-31", "2025-12-31"]);
        // 29 February looks back to leap years only.
        let got = on_this_day(d("2028-02-29"), d("2020-01-01"));
        let years: Vec<(String, String)> = got
            .iter()
            .filter(|(d, _)| d.month() == 2)
            .map(|(d, ago)| (d.to_string(), ago.clone()))
            .collect();
        assert_eq!(
            years,
            [
                ("2024-02-29".to_string(), "4 years ago".to_string()),
                ("2020-02-29".to_string(), "8 years ago".to_string())
            ]
        );
    }

    #[test]
    fn search_terms_and_matches() {
        let terms = search_terms("Feedback deleg* \"career path\"");
        assert_eq!(
            terms,
            [
                ("feedback".to_string(), false),
                ("deleg".to_string(), true),
                ("career".to_string(), false),
                ("path".to_string(), false)
            ]
        );
        let text = "Gave feedback; delegated the career-path talk. Feedbacks later.";
        let marked: Vec<&str> = match_ranges(text, &terms)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["feedback", "delegated", "career", "path"]);
        assert!(match_ranges("anything", &[]).is_empty());
        // Unicode words are cut at character boundaries.
        let terms = search_terms("zoë");
        let text = "Met Zoë.";
        let marked: Vec<&str> = match_ranges(text, &terms)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["Zoë"]);
    }

    #[test]
    fn snippets_centre_on_the_first_match_and_mark_every_match() {
        let terms = search_terms("feedback");
        let text =
            "one two three four five six seven Feedback eight nine feedback ten eleven twelve";
        assert_eq!(
            snippet(text, &terms, 6, '[', ']'),
            "…six seven [Feedback] eight nine [feedback]…"
        );
        assert_eq!(
            snippet("short feedback", &terms, 14, '[', ']'),
            "short [feedback]"
        );
        // No match: the beginning.
        assert_eq!(
            snippet("a b c d", &search_terms("zzz"), 2, '[', ']'),
            "a b…"
        );
        assert_eq!(snippet("", &terms, 5, '[', ']'), "");
    }

    #[test]
    fn item_kinds_parse_from_prefixes() {
        assert_eq!(ItemKind::parse("conv"), Some(ItemKind::Conversation));
        assert_eq!(
            ItemKind::parse("Refl"),
            Some(ItemKind::Entry(EntryKind::Reflection))
        );
        assert_eq!(
            ItemKind::parse("weekly review"),
            Some(ItemKind::Entry(EntryKind::Review))
        );
        assert_eq!(ItemKind::parse("diary"), None);
        assert_eq!(ItemKind::parse(" "), None);
        for kind in ItemKind::ALL {
            assert_eq!(ItemKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn first_line_skips_blank_lines() {
        assert_eq!(first_line("\n  \n  Hello there \nmore"), "Hello there");
        assert_eq!(first_line(""), "");
    }
}
