//! Classification rules: which events are managing, leading or not work at all.
//! Ordered: the first rule that matches decides.

use regex::Regex;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::event::{Category, EventOccurrence};
use super::word_match::WordMatcher;

/// Which text of an event a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The title (SUMMARY).
    Title,
    /// The description.
    Description,
    /// The CATEGORIES.
    Categories,
    /// The organizer.
    Organizer,
}

/// A rule as written in config.toml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// What matching events are.
    pub category: String,
    /// Words or phrases, any of which matches at the start of a word, ignoring case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// A regular expression (case-sensitive unless it starts with `(?i)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Where to look [default: title and categories].
    #[serde(default, rename = "in", skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Match only events with exactly this many attendees (2: a 1:1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<u32>,
}

/// A rule that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum RuleError {
    /// The category is not one of the four.
    #[error("rule {0}: '{1}' is not a category (managing, leading, excluded, unclassified)")]
    BadCategory(usize, String),
    /// The regular expression does not compile.
    #[error("rule {0}: the regular expression does not compile: {1}")]
    BadRegex(usize, String),
    /// The rule would match everything.
    #[error("rule {0}: give words, a regex or an attendee count")]
    Empty(usize),
}

/// What a rule looks for in an event's text.
#[derive(Debug, Clone)]
enum Pattern {
    /// The user's regular expression (with their words, when they gave both).
    Regex(Regex),
    /// Words alone: found as [`words_pattern`] finds them, without building it.
    Words(WordMatcher),
}

impl Pattern {
    fn is_match(&self, text: &str) -> bool {
        match self {
            Pattern::Regex(r) => r.is_match(text),
            Pattern::Words(w) => w.is_match(text),
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
struct Rule {
    category: Category,
    pattern: Option<Pattern>,
    fields: Vec<Field>,
    attendees: Option<u32>,
}

/// Compiled rules, in order.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The user's rules.
    rules: Vec<Rule>,
    /// Whether bearing's default rules follow them (see [`compiled_defaults`]).
    defaults: bool,
}

/// The default rules, compiled once per process and only when first needed: building
/// their regular expressions was a tenth of a year's audit, and a screen that classifies
/// nothing (People, History) paid it for every first frame.
fn compiled_defaults() -> &'static [Rule] {
    static DEFAULTS: std::sync::OnceLock<Vec<Rule>> = std::sync::OnceLock::new();
    // They compile (a test says so); were they not to, no rule of theirs would match.
    DEFAULTS.get_or_init(|| compile_specs(&default_rules()).unwrap_or_default())
}

fn spec(category: &str, words: &[&str]) -> RuleSpec {
    RuleSpec {
        category: category.into(),
        words: words.iter().map(|w| w.to_string()).collect(),
        regex: None,
        fields: Vec::new(),
        attendees: None,
    }
}

/// The rules bearing ships, grounded in what managing and leading mean (domain.md).
/// They come after the user's own rules.
pub fn default_rules() -> Vec<RuleSpec> {
    vec![
        spec(
            "excluded",
            &[
                "lunch",
                "personal",
                "ooo",
                "out of office",
                "holiday",
                "vacation",
                "pto",
                "doctor",
                "dentist",
                "gym",
                "commute",
                "school run",
                "blocked: private",
            ],
        ),
        spec(
            "leading",
            &[
                "1:1",
                "1-1",
                "1on1",
                "one-on-one",
                "one on one",
                "coaching",
                "coach",
                "mentoring",
                "mentor",
                "strategy",
                "strategic",
                "vision",
                "hiring",
                "interview",
                "feedback",
                "career",
                "growth",
                "stay interview",
                "skip-level",
                "skip level",
                "culture",
                "offsite",
            ],
        ),
        spec(
            "managing",
            &[
                "status",
                "stand-up",
                "standup",
                "stand up",
                "daily scrum",
                "scrum",
                "report",
                "budget",
                "review",
                "planning",
                "plan",
                "admin",
                "email",
                "inbox",
                "scheduling",
                "payroll",
                "approval",
                "approve",
                "compliance",
                "process",
                "ops",
                "sync",
                "invoice",
                "forecast",
            ],
        ),
        RuleSpec {
            attendees: Some(2),
            ..spec("leading", &[])
        },
    ]
}

/// The regular expression of a rule's `words` (trimmed, the empty ones left out): any of
/// them at the start of a word, ignoring case. A rule of words alone matches as it would,
/// with a [`WordMatcher`] (building this for the default rules took as long as the rest
/// of a day's audit).
pub(crate) fn words_pattern(words: &[String]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .filter(|w| !w.trim().is_empty())
        .map(|w| regex::escape(w.trim()))
        .collect();
    format!("(?i)(?:^|[^\\w])(?:{})", alternatives.join("|"))
}

/// Compiles `specs` (errors number them from 1).
fn compile_specs(specs: &[RuleSpec]) -> Result<Vec<Rule>, RuleError> {
    let mut rules = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        let n = i + 1;
        let category = Category::parse(&s.category)
            .ok_or_else(|| RuleError::BadCategory(n, s.category.clone()))?;
        let mut alternatives: Vec<String> = s
            .words
            .iter()
            .filter(|w| !w.trim().is_empty())
            .map(|w| regex::escape(w.trim()))
            .collect();
        let pattern = match (&s.regex, alternatives.is_empty()) {
            (Some(r), _) => {
                if !alternatives.is_empty() {
                    alternatives.push(format!("(?:{r})"));
                }
                let text = if s.words.is_empty() {
                    r.clone()
                } else {
                    format!("(?i)(?:^|[^\\w])(?:{})", alternatives.join("|"))
                };
                Some(Pattern::Regex(
                    Regex::new(&text).map_err(|e| RuleError::BadRegex(n, e.to_string()))?,
                ))
            }
            (None, false) => Some(
                match WordMatcher::new(s.words.iter().map(|w| w.trim()).filter(|w| !w.is_empty())) {
                    Some(words) => Pattern::Words(words),
                    None => Pattern::Regex(
                        Regex::new(&words_pattern(&s.words))
                            .map_err(|e| RuleError::BadRegex(n, e.to_string()))?,
                    ),
                },
            ),
            (None, true) => None,
        };
        if pattern.is_none() && s.attendees.is_none() {
            return Err(RuleError::Empty(n));
        }
        let fields = if s.fields.is_empty() {
            vec![Field::Title, Field::Categories]
        } else {
            s.fields.clone()
        };
        rules.push(Rule {
            category,
            pattern,
            fields,
            attendees: s.attendees,
        });
    }
    Ok(rules)
}

impl Rules {
    /// No rules: everything is unclassified until the user says otherwise.
    pub fn none() -> Rules {
        Rules {
            rules: Vec::new(),
            defaults: false,
        }
    }

    /// Compiles `user` rules followed by the defaults (unless `with_defaults` is false;
    /// the defaults themselves compile once per process, when first needed). Rules
    /// compiled before in this process are handed out again: a run reads its config
    /// (which checks the rules) twice, then compiles them for the audit.
    pub fn compile(user: &[RuleSpec], with_defaults: bool) -> Result<Rules, RuleError> {
        type Compiled = Vec<(Vec<RuleSpec>, bool, Rules)>;
        static COMPILED: std::sync::Mutex<Compiled> = std::sync::Mutex::new(Vec::new());
        /// Enough for the configs one process reads; the oldest goes first.
        const KEPT: usize = 4;
        if let Ok(kept) = COMPILED.lock()
            && let Some((_, _, rules)) = kept
                .iter()
                .find(|(specs, defaults, _)| *defaults == with_defaults && specs == user)
        {
            return Ok(rules.clone());
        }
        let rules = Self::compile_anew(user, with_defaults)?;
        if let Ok(mut kept) = COMPILED.lock() {
            if kept.len() >= KEPT {
                kept.remove(0);
            }
            kept.push((user.to_vec(), with_defaults, rules.clone()));
        }
        Ok(rules)
    }

    fn compile_anew(user: &[RuleSpec], with_defaults: bool) -> Result<Rules, RuleError> {
        Ok(Rules {
            rules: compile_specs(user)?,
            defaults: with_defaults,
        })
    }

    /// The category of the first rule that matches, or unclassified.
    pub fn classify(&self, event: &EventOccurrence) -> Category {
        let defaults = if self.defaults {
            compiled_defaults()
        } else {
            &[]
        };
        for rule in self.rules.iter().chain(defaults) {
            if rule.attendees.is_some_and(|n| n != event.attendees) {
                continue;
            }
            let text_ok = match &rule.pattern {
                None => true,
                Some(p) => rule.fields.iter().any(|f| match f {
                    Field::Title => p.is_match(&event.title),
                    Field::Description => p.is_match(&event.description),
                    Field::Categories => event.categories.iter().any(|c| p.is_match(c)),
                    Field::Organizer => p.is_match(&event.organizer),
                }),
            };
            if text_ok {
                return rule.category;
            }
        }
        Category::Unclassified
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn event(title: &str, attendees: u32) -> EventOccurrence {
        EventOccurrence {
            id: 0,
            calendar: "c".into(),
            uid: "u".into(),
            key: 0,
            title: title.into(),
            description: Default::default(),
            categories: Default::default(),
            organizer: Default::default(),
            attendees,
            start: Utc::now(),
            end: Utc::now(),
            all_day: false,
            recurring: false,
            ..Default::default()
        }
    }

    #[test]
    fn default_rules_compile() {
        assert_eq!(compile_specs(&default_rules()).unwrap().len(), 4);
    }

    #[test]
    fn default_rules_follow_the_domain() {
        let rules = Rules::compile(&[], true).unwrap();
        let cases = [
            ("Team stand-up", 5, Category::Managing),
            ("Weekly status report review", 8, Category::Managing),
            ("Budget planning", 3, Category::Managing),
            ("Email / admin", 0, Category::Managing),
            ("1:1 Sam", 2, Category::Leading),
            ("Sam / me", 2, Category::Leading),
            ("Coaching with Ana", 2, Category::Leading),
            ("Career conversation review", 2, Category::Leading),
            ("Strategy offsite prep", 0, Category::Leading),
            ("Hiring sync", 4, Category::Leading),
            ("Lunch", 0, Category::Excluded),
            ("OOO - dentist", 0, Category::Excluded),
            ("Vendor call", 3, Category::Unclassified),
            ("Preview of the demo", 3, Category::Unclassified), // "review" only at a word start
        ];
        for (title, attendees, want) in cases {
            assert_eq!(rules.classify(&event(title, attendees)), want, "{title}");
        }
    }

    #[test]
    fn user_rules_come_first_and_can_use_regex_and_fields() {
        let user = vec![
            RuleSpec {
                regex: Some("^Vendor".into()),
                ..spec("managing", &[])
            },
            RuleSpec {
                fields: vec![Field::Organizer],
                ..spec("excluded", &["ceo@example.com"])
            },
        ];
        let rules = Rules::compile(&user, true).unwrap();
        assert_eq!(rules.classify(&event("Vendor call", 3)), Category::Managing);
        let mut e = event("Strategy with the CEO", 2);
        e.organizer = "ceo@example.com".into();
        assert_eq!(rules.classify(&e), Category::Excluded);
        let only_user = Rules::compile(&user, false).unwrap();
        assert_eq!(
            only_user.classify(&event("Lunch", 0)),
            Category::Unclassified
        );
    }

    #[test]
    fn bad_rules_are_named() {
        assert_eq!(
            Rules::compile(&[spec("leadership", &["x"])], false).unwrap_err(),
            RuleError::BadCategory(1, "leadership".into())
        );
        assert!(matches!(
            Rules::compile(
                &[RuleSpec {
                    regex: Some("(".into()),
                    ..spec("leading", &[])
                }],
                false
            ),
            Err(RuleError::BadRegex(1, _))
        ));
        assert_eq!(
            Rules::compile(&[spec("leading", &[])], false).unwrap_err(),
            RuleError::Empty(1)
        );
    }
}
