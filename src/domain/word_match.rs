//! Words found at the start of a word, ignoring case: what a classification rule's
//! `words` match. It matches exactly as the regular expression
//! `(?i)(?:^|[^\w])(?:word1|word2|…)` (Unicode) that bearing built for them before, but
//! costs next to nothing to make: building those expressions for the default rules was
//! 21 million instructions, a tenth of a year's audit and more than half of a day's, in
//! every process that classified anything.
//!
//! The same Unicode data decides as in the regular expression, taken from the crate that
//! builds it (`regex-syntax`): a word's letter matches every letter its simple case
//! folding relates it to (`k`, `K` and the Kelvin sign `K`), and a word starts where the
//! text starts or after a character that is not a word character.

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

/// The characters that match one character of a word, ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folded(Vec<char>);

impl Folded {
    /// `c` and every character its simple case folding relates it to, as `(?i)` makes
    /// of a literal `c`; `None` without the case data.
    fn of(c: char) -> Option<Folded> {
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.try_case_fold_simple().ok()?;
        Some(Folded(
            class
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .collect(),
        ))
    }

    fn matches(&self, c: char) -> bool {
        self.0.contains(&c)
    }
}

/// Words to find at the start of a word, ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatcher {
    /// Each word, a character at a time.
    words: Vec<Vec<Folded>>,
    /// The words that can start with each ASCII character, by its code, so that most
    /// places in a text are passed over at once and the others try only those words.
    by_ascii: Vec<Vec<usize>>,
    /// The words that can start with a character beyond ASCII.
    by_other: Vec<(char, usize)>,
}

impl WordMatcher {
    /// A matcher of `words` (each taken as written: the caller trims them), or `None`
    /// when there are none, one is empty, or the Unicode data is missing.
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Option<WordMatcher> {
        let mut out = Vec::new();
        for word in words {
            if word.is_empty() {
                return None;
            }
            out.push(word.chars().map(Folded::of).collect::<Option<Vec<_>>>()?);
        }
        // The word test needs the Unicode data too.
        regex_syntax::try_is_word_character('a').ok()?;
        let mut by_ascii = vec![Vec::new(); 128];
        let mut by_other = Vec::new();
        for (i, word) in out.iter().enumerate() {
            for &c in word.first().map_or(&[][..], |f| &f.0) {
                match by_ascii.get_mut(c as usize) {
                    Some(words) => words.push(i),
                    None => by_other.push((c, i)),
                }
            }
        }
        (!out.is_empty()).then_some(WordMatcher {
            words: out,
            by_ascii,
            by_other,
        })
    }

    /// Whether one of the words is in `text` where a word starts: at its start, or after
    /// a character that is not a word character.
    pub fn is_match(&self, text: &str) -> bool {
        let mut at_start = true;
        for (i, c) in text.char_indices() {
            if at_start && self.any_at(c, &text[i..]) {
                return true;
            }
            at_start = !is_word_character(c);
        }
        false
    }

    /// Whether one of the words that can start with `c` starts `text`, which `c` starts.
    fn any_at(&self, c: char, text: &str) -> bool {
        let found = |i: &usize| self.words.get(*i).is_some_and(|w| starts_with(text, w));
        match self.by_ascii.get(c as usize) {
            Some(words) => words.iter().any(found),
            None => self
                .by_other
                .iter()
                .filter(|(first, _)| *first == c)
                .map(|(_, i)| i)
                .any(found),
        }
    }
}

/// Whether `c` is a word character (Unicode's, as `\w` is): for ASCII, a letter, a digit
/// or `_`, without searching the Unicode table.
fn is_word_character(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::try_is_word_character(c).unwrap_or(false)
    }
}

/// Whether `text` starts with `word`, ignoring case.
fn starts_with(text: &str, word: &[Folded]) -> bool {
    let mut chars = text.chars();
    word.iter()
        .all(|f| chars.next().is_some_and(|c| f.matches(c)))
}

#[cfg(test)]
#[path = "word_match_tests.rs"]
mod tests;
