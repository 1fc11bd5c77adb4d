//! What the People screen shows: everyone, nudges first; the selection; the selected
//! person's page; and the form open over it, if any.

use ratatui::widgets::ListState;

use crate::app::coaching::ReportCoverage;
use crate::app::people::PersonSummary;
use crate::domain::Entry;
use crate::domain::coaching::{AgendaItem, Delegation, DelegationStatus};
use crate::domain::conversation::Conversation;
use crate::tui::form::Form;
use crate::tui::screens::conversations::NewField;

/// The one field of the forms that change a person: rename, merge, link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    /// Their new name.
    NewName,
    /// Who they are merged into.
    Into,
    /// An address to link to them.
    Address,
    /// Something to raise at their next 1:1.
    AgendaText,
}

/// The fields of the delegation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelegationField {
    /// What is handed over.
    Task,
    /// What done looks like.
    Done,
    /// How far their authority goes.
    Authority,
    /// When to check in.
    CheckIn,
    /// When it is due.
    Due,
}

/// The fields of the form that closes a delegation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseField {
    /// Which delegation (its number).
    Delegation,
    /// How it ended: done or dropped.
    How,
}

/// What is being edited on the screen, if anything: a form over the list, about the
/// person `name` (selected when it opened).
#[derive(Debug, Default)]
pub enum Editing {
    /// Nothing: keys move through the list.
    #[default]
    Nothing,
    /// A new name for `name`.
    Rename {
        /// The person.
        name: String,
        /// The form.
        form: Form<PersonField>,
    },
    /// Who to merge `name` into.
    Merge {
        /// The person.
        name: String,
        /// The form.
        form: Form<PersonField>,
    },
    /// Something to raise at `name`'s next 1:1.
    AddAgenda {
        /// The person.
        name: String,
        /// The form.
        form: Form<PersonField>,
    },
    /// An address for `name`.
    Link {
        /// The person.
        name: String,
        /// The form.
        form: Form<PersonField>,
    },
    /// A task delegated to `name`.
    Delegate {
        /// The person.
        name: String,
        /// The form.
        form: Form<DelegationField>,
    },
    /// Which of the selected person's open delegations to close, and how.
    Close(Form<CloseField>),
    /// A new conversation, with the selected person filled in.
    NewConversation(Form<NewField>),
}

/// State of the People screen, loaded when it opens or the selection moves.
#[derive(Debug, Default)]
pub struct PeopleState {
    /// Everyone, nudges first.
    pub people: Vec<PersonSummary>,
    /// The selection.
    pub list: ListState,
    /// The selected person's conversations.
    pub conversations: Vec<Conversation>,
    /// The selected person's latest mentions, newest first.
    pub mentions: Vec<Entry>,
    /// The names of your direct reports.
    pub reports: Vec<String>,
    /// How each direct report's 1:1s are kept.
    pub coverage: Vec<ReportCoverage>,
    /// The selected person's agenda for the next 1:1, oldest first.
    pub agenda: Vec<AgendaItem>,
    /// The selected person's delegations, open ones first.
    pub delegations: Vec<Delegation>,
    /// What is being edited.
    pub editing: Editing,
    /// `[people] checkin_days`, as of the last load: the nudge's threshold.
    pub checkin_days: u32,
    /// `[people] min_one_on_one_minutes`, as of the last load.
    pub min_one_on_one_minutes: u32,
    /// The person the next load selects (by name, any case): someone just renamed or
    /// merged is followed to their new name.
    pub(super) follow: Option<String>,
}

impl PeopleState {
    /// The coverage of `name`'s 1:1s, when they are a direct report.
    pub fn coverage_of(&self, name: &str) -> Option<&ReportCoverage> {
        self.coverage.iter().find(|c| c.name == name)
    }

    /// The selected person's open delegations.
    pub fn open_delegations(&self) -> impl Iterator<Item = &Delegation> {
        self.delegations
            .iter()
            .filter(|d| d.status == DelegationStatus::Open)
    }

    /// The selected person.
    pub fn selected(&self) -> Option<&PersonSummary> {
        self.list.selected().and_then(|i| self.people.get(i))
    }
}
