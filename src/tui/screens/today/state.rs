//! What the Today screen shows: the prompt of the day, what is planned today, today's
//! entries, the draft; and what is being edited or asked.

use chrono::NaiveDate;

use crate::domain::block::Occurrence;
use crate::domain::conversation::Conversation;
use crate::domain::event::EventOccurrence;
use crate::domain::{Entry, EntryKind, prompts};
use crate::tui::editor::Editor;
pub use crate::tui::entry_editor::EntryEditor;
use crate::tui::session::DraftSlot;
use crate::tui::strings;
use crate::tui::theme::Theme;

/// What the Today screen is doing with the keys.
#[derive(Debug, Default)]
pub enum Editing {
    /// Nothing: keys move through the entries and the prompts.
    #[default]
    Browsing,
    /// Writing the draft.
    Draft,
    /// Editing a saved entry in place.
    Entry(Box<EntryEditor>),
    /// "Discard the draft?"
    ConfirmDiscard,
    /// "Delete this entry?", of the entry with this id.
    ConfirmDelete(i64),
}

/// State of the Today screen.
#[derive(Debug)]
pub struct TodayState {
    /// The coaching prompts, in their rotation.
    pub prompts: Vec<&'static str>,
    /// How far the user moved from the day's prompt.
    pub prompt_offset: i64,
    /// Today's entries, oldest first, loaded when the day or the entries change.
    pub entries: Vec<Entry>,
    /// Today's block occurrences, loaded when the day or the blocks change.
    pub blocks: Vec<Occurrence>,
    /// Today's imported calendar events, 1:1s first, loaded with the blocks.
    pub events: Vec<EventOccurrence>,
    /// Conversations planned for today and follow-ups due or late, loaded with the day.
    pub conversations: Vec<Conversation>,
    /// The selected entry.
    pub selected: Option<usize>,
    /// How many of the selected entry's lines are scrolled past (a tall entry).
    pub scroll: usize,
    /// The draft's editor.
    pub draft: Editor,
    /// The kind the draft will be saved as.
    pub kind: EntryKind,
    /// What is being edited or asked.
    pub editing: Editing,
    /// The draft slot this interface writes the draft to.
    pub slot: DraftSlot,
    /// The first day of last week, when its review is missing (a reminder).
    pub review_missing: Option<NaiveDate>,
    /// The prompt chosen from the week's signals, loaded with the day.
    pub chosen: Option<prompts::Chosen>,
    /// What to raise with each person met in a 1:1 today.
    pub agendas: Vec<crate::app::coaching::DayAgenda>,
}

impl TodayState {
    /// An empty Today whose draft goes to `slot`.
    pub fn new(theme: &Theme, slot: DraftSlot) -> TodayState {
        TodayState {
            prompts: prompts::all(),
            prompt_offset: 0,
            entries: Vec::new(),
            blocks: Vec::new(),
            events: Vec::new(),
            conversations: Vec::new(),
            selected: None,
            scroll: 0,
            draft: Editor::new("", strings::EDITOR_PLACEHOLDER, theme),
            kind: EntryKind::Reflection,
            editing: Editing::Browsing,
            slot,
            review_missing: None,
            chosen: None,
            agendas: Vec::new(),
        }
    }

    /// The draft's text.
    pub fn text(&self) -> String {
        self.draft.text()
    }

    /// The selected entry.
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.selected.and_then(|i| self.entries.get(i))
    }

    /// Whether keys type into the editor's panel: the draft or an entry.
    pub fn writing(&self) -> bool {
        matches!(self.editing, Editing::Draft | Editing::Entry(_))
    }

    /// The entry open in the editor's panel, if one is.
    pub fn entry_edit(&self) -> Option<&EntryEditor> {
        match &self.editing {
            Editing::Entry(edit) => Some(edit),
            _ => None,
        }
    }

    /// The prompt shown on `day`, with its 1-based number in the rotation (0 for one
    /// chosen from the week's signals, see [`TodayState::prompt_reason`]).
    pub fn prompt(&self, day: NaiveDate) -> (usize, String) {
        if self.prompt_offset == 0
            && let Some(chosen) = self.chosen.as_ref().filter(|c| c.reason.is_some())
        {
            return (0, chosen.text.clone());
        }
        let i = prompts::index_for(day, self.prompt_offset, self.prompts.len());
        (
            i + 1,
            self.prompts.get(i).copied().unwrap_or_default().to_string(),
        )
    }

    /// Why the prompt shown was chosen for today, when it was.
    pub fn prompt_reason(&self) -> Option<&str> {
        if self.prompt_offset != 0 {
            return None;
        }
        self.chosen.as_ref().and_then(|c| c.reason.as_deref())
    }
}
