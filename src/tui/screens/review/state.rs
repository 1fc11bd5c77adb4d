//! What the Review screen shows: the week reviewed, what it held, and the answers to the
//! review's questions; whether they are being read or answered.

use chrono::NaiveDate;

use crate::app::reviews::{self, WeekSummary};
use crate::tui::editor::Editor;

/// What is being edited on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Editing {
    /// Reading the week: keys move between weeks and questions.
    #[default]
    Reading,
    /// Keys type into the answers, autosaved as the week's review.
    Answering,
}

/// State of the Review screen.
#[derive(Debug, Default)]
pub struct ReviewState {
    /// The first day of the week reviewed.
    pub week: Option<NaiveDate>,
    /// What the week held.
    pub summary: Option<WeekSummary>,
    /// The answers, one field per question; loaded with the week, shown while reading
    /// too.
    pub answers: Option<Editor>,
    /// Reading the week or answering.
    pub editing: Editing,
    /// The week's review as last loaded or saved: what the editor's answers started
    /// from, so a save writes only what was typed here.
    pub saved: reviews::Saved,
}
