//! What the Conversations screen shows: every conversation, grouped; the selection; the
//! preview; and what is being edited (a form or a conversation's texts).

use ratatui::widgets::ListState;

use crate::domain::conversation::{Conversation, TEXT_FIELDS, WHAT_HAPPENED, text_labels};
use crate::tui::editor::Editor;
use crate::tui::form::Form;
use crate::tui::strings;
use crate::tui::theme::Theme;

/// The fields of the new-conversation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewField {
    /// Who it is with.
    With,
    /// What it is about.
    Topic,
    /// When it is planned.
    When,
    /// Whether it is a stay interview.
    Stay,
}

/// The fields of the follow-up form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpField {
    /// The day to follow up.
    On,
    /// Notes for the follow-up.
    Notes,
}

/// A field of a conversation open for writing: its topic and time, then its texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// What it is about.
    Topic,
    /// When it is planned.
    When,
    /// One of the texts, in the order of [`text_labels`].
    Text(usize),
}

/// Fields before the free-text ones: the topic and when.
const HEAD_FIELDS: usize = 2;

/// How many fields the conversation editor has.
pub const EDITOR_FIELDS: usize = HEAD_FIELDS + TEXT_FIELDS;

impl TextField {
    /// "What happened": where a conversation just held opens, to write it down.
    pub const WHAT_HAPPENED: TextField = TextField::Text(WHAT_HAPPENED);
    /// The first text: where a conversation opens to be prepared.
    pub const FIRST_TEXT: TextField = TextField::Text(0);

    /// The field at editor position `i`.
    pub fn at(i: usize) -> TextField {
        match i {
            0 => TextField::Topic,
            1 => TextField::When,
            n => TextField::Text(n - HEAD_FIELDS),
        }
    }

    /// Its position in the editor.
    pub fn position(self) -> usize {
        match self {
            TextField::Topic => 0,
            TextField::When => 1,
            TextField::Text(n) => n + HEAD_FIELDS,
        }
    }

    /// Its label, for a conversation that is a stay interview or not.
    pub fn label(self, stay_interview: bool) -> &'static str {
        match self {
            TextField::Topic => strings::FIELD_TOPIC,
            TextField::When => strings::FIELD_WHEN,
            TextField::Text(n) => text_labels(stay_interview)
                .get(n)
                .copied()
                .unwrap_or_default(),
        }
    }

    /// The one-line hint of what to write in it.
    pub fn hint(self, stay_interview: bool) -> &'static str {
        match self {
            TextField::Topic => strings::HINT_TOPIC,
            TextField::When => strings::HINT_WHEN,
            TextField::Text(n) => {
                let hints = if stay_interview {
                    &strings::STAY_HINTS
                } else {
                    &strings::CONVERSATION_HINTS
                };
                hints.get(n).copied().unwrap_or_default()
            }
        }
    }

    /// Which part of the conversation it belongs to: about it, preparation, after.
    pub fn part(self) -> &'static str {
        match self {
            TextField::Topic | TextField::When => strings::PART_ABOUT,
            TextField::Text(n) if n >= WHAT_HAPPENED => strings::PART_AFTER,
            TextField::Text(_) => strings::PART_PREPARATION,
        }
    }
}

/// A conversation open for writing.
#[derive(Debug)]
pub struct ConvoEditor {
    /// The conversation as last saved.
    pub conversation: Conversation,
    /// Topic, when, then the free-text fields.
    pub editor: Editor,
}

impl ConvoEditor {
    /// Conversation `conversation` open at field `focus`, its time written in `zone`.
    pub fn open(
        mut conversation: Conversation,
        zone: chrono_tz::Tz,
        focus: TextField,
        theme: &Theme,
    ) -> ConvoEditor {
        let texts = field_texts(&mut conversation, zone);
        // No placeholder: the field's hint is always in view above its text (a
        // placeholder said it a second time).
        let fields: Vec<(&str, &str)> = texts.iter().map(|t| (t.as_str(), "")).collect();
        ConvoEditor {
            editor: Editor::with_fields(&fields, focus.position(), theme),
            conversation,
        }
    }

    /// The field the cursor is in.
    pub fn focus(&self) -> TextField {
        TextField::at(self.editor.focus())
    }
}

/// The text of each of the editor's fields for `conversation`, in order: topic, time
/// (written in `zone`), then the texts.
pub fn field_texts(conversation: &mut Conversation, zone: chrono_tz::Tz) -> Vec<String> {
    let when = conversation
        .planned_at
        .map(|t| {
            t.with_timezone(&zone)
                .format(crate::domain::dates::TYPED)
                .to_string()
        })
        .unwrap_or_default();
    let mut texts = vec![conversation.topic.clone(), when];
    texts.extend(conversation.text_fields_mut().map(|(_, v)| v.clone()));
    texts
}

/// What is being edited on the screen, if anything.
#[derive(Debug, Default)]
pub enum Editing {
    /// Nothing: keys move through the list.
    #[default]
    Nothing,
    /// The form for a new conversation.
    New(Form<NewField>),
    /// The follow-up form of conversation `id`.
    FollowUp {
        /// The conversation.
        id: i64,
        /// The form.
        form: Form<FollowUpField>,
    },
    /// A conversation's texts, autosaved.
    Writing(Box<ConvoEditor>),
}

/// State of the Conversations screen.
#[derive(Debug, Default)]
pub struct ConversationsState {
    /// Every conversation, by group then day.
    pub list: Vec<Conversation>,
    /// The selection.
    pub selection: ListState,
    /// What is being edited.
    pub editing: Editing,
    /// How far the preview is scrolled.
    pub preview_scroll: u16,
    /// A calendar meeting at the selected conversation's time: its title and when.
    pub clash: Option<String>,
    /// A name nobody has that the new-conversation form asked about: submitted again, it
    /// is someone new.
    pub new_person: Option<String>,
}

impl ConversationsState {
    /// The selected conversation.
    pub fn selected(&self) -> Option<&Conversation> {
        self.selection.selected().and_then(|i| self.list.get(i))
    }

    /// The conversation open for writing, if one is.
    pub fn writing(&self) -> Option<&ConvoEditor> {
        match &self.editing {
            Editing::Writing(open) => Some(open.as_ref()),
            _ => None,
        }
    }
}
