//! Events imported from real calendars, and how their hours are classified.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The occurrence key that stands for "the whole series" in the user's classifications.
pub const WHOLE_SERIES: i64 = i64::MIN;

/// Which kind of work an event is (domain.md: managing answers "how do we get there?",
/// leading "where are we going, and why?").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Status, stand-ups, reports, budgets, scheduling, approvals, admin.
    Managing,
    /// 1:1s, coaching, strategy, vision, hiring, feedback, career talks.
    Leading,
    /// Not work: lunch, personal, out of office.
    Excluded,
    /// Not decided yet.
    Unclassified,
}

impl Category {
    /// Every category, in the order a key cycles through them.
    pub const ALL: [Category; 4] = [
        Category::Managing,
        Category::Leading,
        Category::Excluded,
        Category::Unclassified,
    ];

    /// The name used in config, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Managing => "managing",
            Category::Leading => "leading",
            Category::Excluded => "excluded",
            Category::Unclassified => "unclassified",
        }
    }

    /// Reads a category name.
    pub fn parse(text: &str) -> Option<Category> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim().to_ascii_lowercase())
    }

    /// The next category, for a key that cycles.
    pub fn next(self) -> Category {
        match self {
            Category::Managing => Category::Leading,
            Category::Leading => Category::Excluded,
            Category::Excluded => Category::Unclassified,
            Category::Unclassified => Category::Managing,
        }
    }
}

/// One occurrence of an imported event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventOccurrence {
    /// The journal's id for it (0 before it is stored).
    pub id: i64,
    /// The calendar it was imported into.
    pub calendar: String,
    /// The event's UID (the series).
    pub uid: String,
    /// Which occurrence of the series: its scheduled start as UTC seconds, or for
    /// all-day events the date's midnight as if UTC.
    pub key: i64,
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// Its CATEGORIES.
    pub categories: Vec<String>,
    /// The organizer's address or name.
    pub organizer: String,
    /// How many attendees it lists (the organizer included when listed).
    pub attendees: u32,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// An all-day event: shown, counts 0 hours.
    pub all_day: bool,
    /// Whether the series repeats.
    pub recurring: bool,
}

impl EventOccurrence {
    /// Its length in minutes (0 for all-day events).
    pub fn minutes(&self) -> i64 {
        if self.all_day {
            0
        } else {
            (self.end - self.start).num_minutes().max(0)
        }
    }
}
