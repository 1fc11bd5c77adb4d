//! What the History screen shows: a window of rows, newest first, with the filters and
//! the search that narrow it; the selection and its preview; the heatmap and streak; and
//! what is being edited (the search line, a form, an entry, or the "delete this?"
//! question).

use chrono::{NaiveDate, Weekday};
use ratatui::widgets::ListState;

use crate::app::search::{HistoryRow, JournalFilter};
use crate::domain::history::ItemId;
pub use crate::tui::entry_editor::EntryEditor;
use crate::tui::form::Form;

/// Read the next page when the selection comes this close to the window's edge.
pub const MARGIN: usize = 20;
/// Most search results shown.
pub const SEARCH_LIMIT: usize = 100;
/// Weeks of journaling days kept for the heatmap (the widest terminal shows this many).
pub const HEAT_WEEKS: i64 = 53;
/// The longest search query, in characters.
pub const MAX_QUERY: usize = 200;

/// The search line, while a search is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchBox {
    /// What was typed.
    pub query: String,
}

/// The selected row's full text, read when the selection changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Which row.
    pub id: ItemId,
    /// A heading: kind, date and time, and for conversations who and the status.
    pub heading: String,
    /// The text.
    pub body: String,
}

/// The fields of the filter form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    /// Only entries with this tag.
    Tag,
    /// Only entries mentioning this person, and conversations with them.
    Person,
    /// Only rows of this kind.
    Kind,
    /// The first day.
    From,
    /// The last day.
    To,
}

/// The field of the go-to-date form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    /// The day to go to.
    Date,
}

/// What is being edited on the screen, if anything.
#[derive(Debug, Default)]
pub enum Editing {
    /// Nothing: keys move through the list.
    #[default]
    Nothing,
    /// Keys type into the search line (the search is in [`HistoryState::search`]).
    Searching,
    /// The filter form.
    Filter(Form<FilterField>),
    /// The go-to-date form.
    GoToDate(Form<DateField>),
    /// An entry's text, edited in place.
    Entry(EntryEditor),
    /// "Delete this entry or conversation?"
    ConfirmDelete(ItemId),
}

/// State of the History screen.
#[derive(Debug, Default)]
pub struct HistoryState {
    /// What the list is narrowed to.
    pub filter: JournalFilter,
    /// Whether "on this day" narrows the list (its days are in `filter.days`).
    pub on_this_day: bool,
    /// The rows in the window, newest first.
    pub rows: Vec<HistoryRow>,
    /// The selection in `rows`.
    pub selection: ListState,
    /// Whether older rows exist past the window.
    pub has_older: bool,
    /// Whether newer rows exist before the window.
    pub has_newer: bool,
    /// How many rows the filter lets through.
    pub total: i64,
    /// The search, while one is open.
    pub search: Option<SearchBox>,
    /// The words being searched for, for highlighting.
    pub terms: Vec<(String, bool)>,
    /// The selected row's text.
    pub preview: Option<Preview>,
    /// How far the preview is scrolled.
    pub preview_scroll: u16,
    /// What is being edited.
    pub editing: Editing,
    /// Entries per day over the last weeks, for the heatmap.
    pub heat: Vec<(NaiveDate, u32)>,
    /// The current streak of journaling days.
    pub streak: u32,
    /// The first day of the week, as configured (read when the screen loads).
    pub first_day: Option<Weekday>,
}

impl HistoryState {
    /// The selected row.
    pub fn selected(&self) -> Option<&HistoryRow> {
        self.selection.selected().and_then(|i| self.rows.get(i))
    }

    /// Whether a search with words in it narrows the list.
    pub fn searching(&self) -> bool {
        self.search
            .as_ref()
            .is_some_and(|s| !s.query.trim().is_empty())
    }

    /// Whether keys type into the search line.
    pub fn typing(&self) -> bool {
        matches!(self.editing, Editing::Searching)
    }

    /// The entry open for editing in place, if one is.
    pub fn entry_editor(&self) -> Option<&EntryEditor> {
        match &self.editing {
            Editing::Entry(open) => Some(open),
            _ => None,
        }
    }
}
