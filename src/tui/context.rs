//! What a screen's update and view may use beyond their own state: the update's [`Ctx`]
//! (the journal, now, settings, the status line, what changed, requests to the app) and
//! the view's [`View`] (theme, keys, today, now: read once per update, never in render).

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use super::app::{CalendarsState, Focus, Screen, Status};
use super::changed::Changed;
use super::editor::TooBig;
use super::keymap::Keymap;
use super::strings;
use super::theme::Theme;
use crate::app::audit::AuditSettings;
use crate::app::{Journal, Now};
use crate::config::Config;

/// Whose text the external editor (`$EDITOR`) is given: where its result goes back to,
/// whichever screen shows when it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// Today's draft.
    Draft,
    /// A saved entry, as it was when `$EDITOR` opened (History edits one there).
    Entry(Box<crate::domain::Entry>),
    /// One text field of a conversation (the conversation editor's Ctrl-O).
    ConversationField {
        /// The conversation.
        id: i64,
        /// The field's position in the editor.
        field: usize,
    },
}

/// Something a screen asks of the app, done after its update returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Show another screen, as its tab key would.
    Show(Screen),
    /// Add this text to the end of Today's draft (what an editor could not save where
    /// it belonged: its item was deleted elsewhere).
    KeepInDraft(String),
    /// Show the Conversations screen with conversation `id` open for writing in its
    /// first text field; `noted` when it was just noted (the status line says so).
    OpenConversation {
        /// The conversation.
        id: i64,
        /// Whether it was just noted.
        noted: bool,
    },
    /// Show the Review screen on the week starting `week`, whose review is missing.
    WriteMissingReview(chrono::NaiveDate),
    /// Read every calendar again now, in the background (the Calendars screen's `r`).
    RefreshCalendars,
    /// Hand the terminal to `$EDITOR` with `text`; the result goes back to `target`.
    ExternalEdit {
        /// Whose text it is.
        target: EditTarget,
        /// The text to start from.
        text: String,
    },
}

/// What a screen's update may use and change beyond its own state.
pub struct Ctx<'a> {
    /// The journal, through the use cases.
    pub journal: &'a mut Journal,
    /// The moment the action arrived.
    pub now: Now,
    /// The day shown as today.
    pub today: NaiveDate,
    /// The effective configuration.
    pub config: &'a Config,
    /// Classification rules and audit settings.
    pub settings: &'a AuditSettings,
    /// Styles, for editors and forms the update makes.
    pub theme: &'a Theme,
    /// The keys in effect, for messages that name them.
    pub keys: &'a Keymap,
    /// What the update changed in the journal: the app reloads what depends on it.
    pub changed: Changed,
    /// What the update asks of the app.
    pub requests: Vec<Request>,
    status: &'a mut Option<Status>,
}

impl<'a> Ctx<'a> {
    /// A context over the app's parts.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        journal: &'a mut Journal,
        now: Now,
        today: NaiveDate,
        config: &'a Config,
        settings: &'a AuditSettings,
        theme: &'a Theme,
        keys: &'a Keymap,
        status: &'a mut Option<Status>,
    ) -> Ctx<'a> {
        Ctx {
            journal,
            now,
            today,
            config,
            settings,
            theme,
            keys,
            changed: Changed::empty(),
            requests: Vec::new(),
            status,
        }
    }

    /// Shows a message in the status line.
    pub fn set_status(&mut self, text: impl Into<String>) {
        *self.status = Some(Status {
            text: text.into(),
            is_error: false,
        });
    }

    /// Shows a failure in the status line.
    pub fn set_error(&mut self, text: impl Into<String>) {
        *self.status = Some(Status {
            text: text.into(),
            is_error: true,
        });
    }

    /// Shows an error and its causes in the status line.
    pub fn report(&mut self, error: &dyn std::error::Error) {
        self.set_error(crate::describe(error));
    }

    /// Says text was refused for being too big.
    pub fn report_too_big(&mut self, too_big: TooBig) {
        self.set_error(strings::too_big(
            too_big.size.div_ceil(1024),
            too_big.max / 1024,
        ));
    }

    /// The status line's message, if any.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Clears the status line.
    pub fn clear_status(&mut self) {
        *self.status = None;
    }

    /// Records that the update changed `what`.
    pub fn change(&mut self, what: Changed) {
        self.changed |= what;
    }

    /// Asks the app for `request` once the update returns.
    pub fn request(&mut self, request: Request) {
        self.requests.push(request);
    }
}

/// What a screen's view reads beyond its own state. Everything here was read when the
/// last update ran: a view reads no clock and runs no query.
#[derive(Clone, Copy)]
pub struct View<'a> {
    /// Styles.
    pub theme: &'a Theme,
    /// The keys in effect, for hints.
    pub keys: &'a Keymap,
    /// The day shown as today.
    pub today: NaiveDate,
    /// The time of the last update.
    pub now: DateTime<FixedOffset>,
    /// The user's time zone.
    pub zone: Tz,
    /// What has the keys.
    pub focus: Focus,
    /// The imported calendars, for saying when they were read.
    pub calendars: &'a CalendarsState,
    /// Where this frame draws what a click can choose.
    pub hits: &'a super::hits::Hits,
}
