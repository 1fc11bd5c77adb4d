use super::*;
use crate::domain::classify::{default_rules, words_pattern};
use proptest::prelude::*;

fn matcher(words: &[&str]) -> WordMatcher {
    WordMatcher::new(words.iter().copied()).unwrap()
}

/// The regular expression bearing built for `words`, which the matcher replaces.
fn regex_of(words: &[&str]) -> regex::Regex {
    let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    regex::Regex::new(&words_pattern(&words)).unwrap()
}

#[test]
fn words_match_at_the_start_of_a_word_ignoring_case() {
    let m = matcher(&["review", "1:1", "out of office", "stand-up"]);
    for (text, want) in [
        ("Review", true),
        ("Quarterly REVIEW", true),
        ("Pre-review notes", true),
        ("Preview of the demo", false),
        ("reviewing", true), // the start of a word, not a whole word
        ("_review", false),  // `_` is a word character
        ("éreview", false),  // so is `é`
        ("re\u{301}view", false),
        ("1:1 Sam", true),
        ("Weekly 1:1", true),
        ("11:1", false),
        ("OUT OF OFFICE", true),
        ("out of  office", false),
        ("Team stand-up", true),
        ("Team stand up", false),
        ("", false),
        ("rev", false),
        // Simple case folding relates the long s to `s`, the Kelvin sign to `k`.
        ("ſtand-up", true),
    ] {
        assert_eq!(m.is_match(text), want, "{text:?}");
        assert_eq!(
            regex_of(&["review", "1:1", "out of office", "stand-up"]).is_match(text),
            want,
            "{text:?}"
        );
    }
    assert!(matcher(&["kickoff"]).is_match("\u{212a}ICKOFF"));
    assert!(matcher(&["straße"]).is_match("STRAẞE"));
}

#[test]
fn there_is_no_matcher_of_no_word_or_an_empty_one() {
    assert_eq!(WordMatcher::new([]), None);
    assert_eq!(WordMatcher::new(["lunch", ""]), None);
}

/// The regular expression's `[^\w]` under `(?i)` is the complement of the word characters
/// with their case foldings added; the matcher takes the complement of the word
/// characters alone. They agree when folding adds no character to them: checked here for
/// every character of this crate's Unicode data.
#[test]
fn case_folding_adds_no_character_to_the_word_characters() {
    let hir = regex_syntax::parse(r"(?i)\w").unwrap();
    let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(folded)) = hir.kind()
    else {
        panic!("{hir:?}");
    };
    let ranges = folded.ranges();
    let in_folded = |c: char| {
        ranges
            .binary_search_by(|r| {
                if r.end() < c {
                    std::cmp::Ordering::Less
                } else if r.start() > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    };
    let differ: Vec<char> = (0..=u32::from(char::MAX))
        .filter_map(char::from_u32)
        .filter(|&c| in_folded(c) != regex_syntax::is_word_character(c))
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
}

#[test]
fn word_characters_are_unicodes_and_ascii_ones_are_known_without_the_table() {
    let differ: Vec<char> = (0..=u32::from(char::MAX))
        .filter_map(char::from_u32)
        .filter(|&c| is_word_character(c) != regex_syntax::is_word_character(c))
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
}

/// Pieces of titles: the default rules' words in several cases, the letters case folding
/// relates in odd ways, word characters that are not letters, and separators.
fn piece() -> impl Strategy<Value = String> {
    let mut pieces: Vec<String> = default_rules()
        .iter()
        .flat_map(|r| r.words.clone())
        .flat_map(|w| {
            let upper = w.to_uppercase();
            let title = w[..1].to_uppercase() + &w[1..];
            [
                w.replace('s', "ſ").replace('k', "\u{212a}"),
                upper,
                title,
                w,
            ]
        })
        .collect();
    for odd in [
        " ",
        "  ",
        "-",
        "_",
        ":",
        "/",
        ".",
        "(",
        "1",
        "é",
        "ß",
        "ẞ",
        "ı",
        "İ",
        "i\u{307}",
        "σ",
        "ς",
        "Σ",
        "\u{301}",
        "\u{200d}",
        "\u{2163}",
        "Ⓐ",
        "ǅ",
        "ﬀ",
        "ǈ",
        "\u{345}",
        "ι",
        "µ",
        "Ω",
        "\u{2126}",
        "ss",
        "1:",
        "e-",
        "mail",
        "\u{a0}",
        "\t",
        "\u{1f600}",
    ] {
        pieces.push(odd.to_string());
    }
    prop::sample::select(pieces)
}

/// The default rules of words: their words, their matcher and their regular expression.
static DEFAULTS: std::sync::LazyLock<Vec<(Vec<String>, WordMatcher, regex::Regex)>> =
    std::sync::LazyLock::new(|| {
        default_rules()
            .into_iter()
            .filter(|r| !r.words.is_empty())
            .map(|r| {
                let words: Vec<&str> = r.words.iter().map(String::as_str).collect();
                (r.words.clone(), matcher(&words), regex_of(&words))
            })
            .collect()
    });

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// For each default rule and titles made of their words, odd letters and separators,
    /// the matcher says what the regular expression said.
    #[test]
    fn the_default_words_match_as_their_regular_expression_did(
        pieces in prop::collection::vec(piece(), 0..8)
    ) {
        let text = pieces.concat();
        for (words, matcher, regex) in DEFAULTS.iter() {
            prop_assert_eq!(
                matcher.is_match(&text),
                regex.is_match(&text),
                "{:?} for {:?}", text, words
            );
        }
    }

    /// Any words and any text: the matcher says what the regular expression would.
    #[test]
    fn any_words_match_as_their_regular_expression_would(
        words in prop::collection::vec("\\PC{1,4}", 1..4),
        text in "\\PC{0,24}",
    ) {
        // A rule's words are trimmed, and the empty ones left out.
        let words: Vec<&str> = words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()).collect();
        prop_assume!(!words.is_empty());
        prop_assert_eq!(matcher(&words).is_match(&text), regex_of(&words).is_match(&text));
    }
}
