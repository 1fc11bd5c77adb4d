//! The app's state and `update`, the only function that changes it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use super::action::Action;
use super::audit::AuditState;
use super::changed::Changed;
use super::context::{EditTarget, Request, View};
use super::editor::{Editor, TooBig};
use super::form::{Form, OccurrenceRef};
use super::history::HistoryState;
use super::keymap::{self, Keymap, Table};
use super::people::PeopleState;
use super::review::ReviewState;
use super::screens::ScreenState;
use super::screens::conversations::ConversationsState;
use super::screens::today::TodayState;
use super::strings;
use super::theme::Theme;
use super::week::WeekState;
use crate::config::Config;
use crate::domain::Clock;
use crate::domain::block::BlockSpec;

/// The draft slot of the Today editor (the first interface's; see [`super::session`]).
pub const TODAY_DRAFT: &str = "today";

/// The screens, one per tab (and the values of `--render-once`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Screen {
    /// Today's prompt, blocks, entries and editor.
    Today,
    /// The week calendar of leadership time blocks.
    Week,
    /// The weekly audit of managing versus leading.
    Audit,
    /// The people you lead, with nudges.
    People,
    /// Difficult conversations: prepare, hold, follow up.
    Conversations,
    /// Every entry and conversation: search, filter, look back.
    History,
    /// The weekly review.
    Review,
}

impl Screen {
    /// Every screen, in tab order.
    pub const ALL: [Screen; 7] = [
        Screen::Today,
        Screen::Week,
        Screen::Audit,
        Screen::People,
        Screen::Conversations,
        Screen::History,
        Screen::Review,
    ];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Today => strings::TAB_TODAY,
            Screen::Week => strings::TAB_WEEK,
            Screen::Audit => strings::TAB_AUDIT,
            Screen::People => strings::TAB_PEOPLE,
            Screen::Conversations => strings::TAB_CONVERSATIONS,
            Screen::History => strings::TAB_HISTORY,
            Screen::Review => strings::TAB_REVIEW,
        }
    }

    /// The screen's position in the tab bar, from 0.
    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Whether a screen's keys move around or type text (the review's answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Keys are commands.
    #[default]
    Normal,
    /// Keys type into the editor.
    Editing,
}

/// What has the keys now: the one answer the keymap, the status line and the cursor
/// read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Keys are commands of the screen and of every screen.
    Browsing,
    /// Keys type into an editor.
    Writing,
    /// Keys type into History's search line.
    Searching,
    /// Keys type into a form.
    Form,
    /// A window over the screen (help, a question, details) takes the keys.
    Overlay,
}

/// The editors that autosave, by whose they are (besides the screens that own theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorOwner {
    /// A saved entry edited in place on History.
    HistoryEntry,
    /// The weekly review's answers.
    Review,
}

impl EditorOwner {
    /// Every editor, in the order they are saved on a tick.
    pub const ALL: [EditorOwner; 2] = [EditorOwner::HistoryEntry, EditorOwner::Review];
}

/// A [`Ctx`] over the app's parts, so a screen's state can be borrowed beside it.
macro_rules! ctx {
    ($app:expr) => {
        $crate::tui::context::Ctx::new(
            &mut $app.store,
            $app.updated_at,
            $app.day,
            &$app.config,
            &$app.settings,
            &$app.theme,
            &$app.keys,
            &mut $app.status,
        )
    };
}
pub(super) use ctx;

/// A saved entry open for editing in place on History.
#[derive(Debug)]
pub struct EntryEditor {
    /// The entry.
    pub id: i64,
    /// Its text.
    pub editor: Editor,
}

/// A window over the screen that takes the keys until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key help.
    Help,
    /// The selected block occurrence and what can be done with it.
    Details,
    /// "Delete which occurrences?" for an occurrence.
    DeleteScope {
        /// The occurrence.
        at: OccurrenceRef,
        /// Whether the block repeats (a one-off only asks yes or no).
        repeating: bool,
    },
    /// "Change which occurrences?" after an edit of a repeating block was checked.
    EditScope {
        /// The occurrence the edit started from.
        at: OccurrenceRef,
        /// The new description.
        spec: BlockSpec,
    },
    /// "This block is still ahead: mark it kept already?"
    ConfirmKept(OccurrenceRef),
    /// "Delete this entry or conversation?" on the History screen.
    ConfirmDelete(crate::domain::history::ItemId),
}

/// A message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
}

/// Work the event loop must do outside `update`, because it needs the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Hand the terminal to `$EDITOR` with `text`, then send `ExternalEditFinished` with
    /// `target`, so the result goes back to whose text it was.
    ExternalEdit {
        /// Whose text it is.
        target: EditTarget,
        /// The text to start from.
        text: String,
    },
}

/// The whole app.
pub struct App {
    /// The journal.
    pub store: crate::app::Journal,
    /// The effective configuration.
    pub config: Config,
    /// Classification rules and audit settings, compiled once from the config.
    pub settings: crate::app::audit::AuditSettings,
    /// Styles to draw with.
    pub theme: Theme,
    pub(super) clock: Box<dyn Clock>,
    /// The screen shown.
    pub screen: Screen,
    /// The keys in effect: the defaults with the user's `[keys.*]`.
    pub keys: Keymap,
    /// An overlay taking the keys, if any.
    pub overlay: Option<Overlay>,
    /// The Today screen.
    pub today: TodayState,
    /// The Week screen.
    pub week: WeekState,
    /// The Audit screen.
    pub audit: AuditState,
    /// The People screen.
    pub people: PeopleState,
    /// The Conversations screen.
    pub conversations: ConversationsState,
    /// The History screen.
    pub history: HistoryState,
    /// The Review screen.
    pub review: ReviewState,
    /// A form taking the keys, if one is open.
    pub form: Option<Form>,
    /// The status line's message.
    pub status: Option<Status>,
    /// How far the key help is scrolled.
    pub help_scroll: u16,
    /// False once the user quits.
    pub running: bool,
    /// Terminal work the event loop should do next.
    pub pending: Option<Task>,
    /// The day shown as today: it turns when a tick notices the clock's date changed.
    pub day: NaiveDate,
    /// The imported calendars: when each was read, and the refresh under way.
    pub calendars: CalendarsState,
    /// The clock's reading when the last action or tick arrived: what views show as now.
    pub updated_at: crate::app::Now,
}

/// The imported calendars as the Week and Audit screens tell them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarsState {
    /// Every calendar, loaded at the start and after a refresh.
    pub list: Vec<crate::store::CalendarInfo>,
    /// The calendars being read again in the background.
    pub refreshing: Vec<String>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("screen", &self.screen)
            .field("focus", &self.focus())
            .finish()
    }
}

impl App {
    /// An app on `store`, reading time from `clock`. Loads today's entries and recovers
    /// an unsaved draft, if one was left. Keys the config cannot rebind (checked before,
    /// by `Keymap::from_config`) leave the defaults, and the status line says why.
    pub fn new(
        mut store: crate::app::Journal,
        config: Config,
        theme: Theme,
        clock: Box<dyn Clock>,
    ) -> App {
        let draft_slot = super::session::claim(&mut store);
        let day = clock.today();
        let first_day = config.week.first_day.0;
        let settings = crate::app::audit::AuditSettings::from_config_or_defaults(&config);
        let (keys, keys_error) = match Keymap::from_config(&config.keys) {
            Ok(keys) => (keys, None),
            Err(e) => (
                Keymap::default(),
                Some(strings::keys_refused(e.line, &e.message)),
            ),
        };
        let updated_at = crate::app::Now::of(clock.as_ref());
        let mut app = App {
            keys,
            today: TodayState::new(&theme, draft_slot),
            settings,
            store,
            config,
            theme,
            clock,
            screen: Screen::Today,
            overlay: None,
            week: WeekState::new(day, first_day),
            form: None,
            audit: AuditState::default(),
            people: PeopleState::default(),
            conversations: ConversationsState::default(),
            history: HistoryState::default(),
            review: ReviewState::default(),
            status: None,
            help_scroll: 0,
            running: true,
            pending: None,
            day,
            calendars: CalendarsState::default(),
            updated_at,
        };
        app.reload_calendars();
        app.reload_today();
        app.reload_blocks();
        app.week
            .cursor_to_now(app.clock.now().naive_local(), app.config.workday.start.0);
        let mut ctx = ctx!(app);
        app.today.recover_draft(&mut ctx);
        if let Some(message) = keys_error {
            app.set_error(message);
        }
        app
    }

    /// The current local time from the injected clock.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// Now, as the use cases take it.
    pub fn app_now(&self) -> crate::app::Now {
        crate::app::Now::of(self.clock.as_ref())
    }

    /// The user's time zone from the injected clock.
    pub fn zone(&self) -> Tz {
        self.clock.zone()
    }

    /// Shows a warning found before the interface started (e.g. an unknown `TZ`).
    pub fn show_warning(&mut self, text: String) {
        self.set_error(text);
    }

    /// Shows a message in the status line.
    pub(super) fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: false,
        });
    }

    /// Shows a failure in the status line.
    pub(super) fn set_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: true,
        });
    }

    /// Shows an error and its causes in the status line.
    pub(super) fn report(&mut self, error: &dyn std::error::Error) {
        self.set_error(crate::describe(error));
    }

    /// Says text was refused for being too big.
    pub(super) fn report_too_big(&mut self, too_big: TooBig) {
        self.set_error(strings::too_big(
            too_big.size.div_ceil(1024),
            too_big.max / 1024,
        ));
    }

    /// What has the keys now.
    pub fn focus(&self) -> Focus {
        if self.overlay.is_some() {
            Focus::Overlay
        } else if self.form.is_some() {
            Focus::Form
        } else if self.screen == Screen::Conversations {
            self.conversations.focus()
        } else if self.screen == Screen::Today {
            self.today.focus()
        } else if self.front_editor().is_some() {
            Focus::Writing
        } else if self.screen == Screen::History
            && self.history.search.as_ref().is_some_and(|s| s.typing)
        {
            Focus::Searching
        } else {
            Focus::Browsing
        }
    }

    /// The editor keys type into on the shown screen, if any.
    pub fn front_editor(&self) -> Option<EditorOwner> {
        let owner = match self.screen {
            Screen::History if self.history.editor.is_some() => EditorOwner::HistoryEntry,
            Screen::Review if self.review.mode == Mode::Editing => EditorOwner::Review,
            _ => return None,
        };
        Some(owner)
    }

    /// The editor of `owner`, if it is open.
    pub fn editor(&self, owner: EditorOwner) -> Option<&Editor> {
        match owner {
            EditorOwner::HistoryEntry => self.history.editor.as_ref().map(|e| &e.editor),
            EditorOwner::Review => self.review.answers.as_ref(),
        }
    }

    fn editor_mut(&mut self, owner: EditorOwner) -> Option<&mut Editor> {
        match owner {
            EditorOwner::HistoryEntry => self.history.editor.as_mut().map(|e| &mut e.editor),
            EditorOwner::Review => self.review.answers.as_mut(),
        }
    }

    /// Saves `owner`'s editor if it changed since it was last saved, the way its screen
    /// saves it. False when saving failed (the status line says why; the text stays).
    pub(super) fn flush(&mut self, owner: EditorOwner) -> bool {
        if !self.editor(owner).is_some_and(Editor::needs_saving) {
            return true;
        }
        let now = self.now();
        let result = match owner {
            EditorOwner::HistoryEntry => self.store_history_entry(),
            EditorOwner::Review => self.store_review(),
        };
        match result {
            Ok(()) => {
                if let Some(editor) = self.editor_mut(owner) {
                    editor.saved(now);
                }
                true
            }
            Err(message) => {
                self.set_error(message);
                false
            }
        }
    }

    /// Stores the text of the entry History edits in place: how its editor autosaves.
    fn store_history_entry(&mut self) -> Result<(), String> {
        let Some(edit) = self.history.editor.as_ref() else {
            return Ok(());
        };
        crate::app::entries::edit_text(&mut self.store, edit.id, &edit.editor.clean_text())
            .map(|_| ())
            .map_err(|e| strings::autosave_failed(&crate::describe(&e)))
    }

    /// Saves every editor that changed: the autosave, run on every tick and on quitting.
    pub fn flush_editors(&mut self) {
        let mut ctx = ctx!(self);
        self.today.flush(&mut ctx);
        let (mut changed, mut requests) = (ctx.changed, ctx.requests);
        for owner in EditorOwner::ALL {
            self.flush(owner);
        }
        let mut ctx = ctx!(self);
        self.conversations.flush(&mut ctx);
        changed |= ctx.changed;
        requests.extend(ctx.requests);
        self.apply_changes(changed, requests);
    }

    /// Saves `owner`'s editor now, changed or not; true when saved.
    fn save_now(&mut self, owner: EditorOwner) -> bool {
        if let Some(editor) = self.editor_mut(owner) {
            editor.dirty = true;
        }
        self.flush(owner)
    }

    /// Closes `owner`'s editor once saved, and shows what it changed.
    fn close_editor(&mut self, owner: EditorOwner) {
        if !self.flush(owner) {
            return;
        }
        match owner {
            EditorOwner::HistoryEntry => self.close_history_editor(),
            EditorOwner::Review => self.close_review_editor(),
        }
    }

    /// Keys typed into the front editor, and its Save and Back; false if `action` is
    /// not one of those or no editor is in front.
    fn apply_writing(&mut self, action: &Action) -> bool {
        let Some(owner) = self.front_editor() else {
            return false;
        };
        let result = match (action, self.editor_mut(owner)) {
            (_, None) => return false,
            (Action::EditText(input), Some(editor)) => editor.input(input.clone()),
            (Action::PasteText(text), Some(editor)) => editor.paste(text),
            (Action::NextField, Some(editor)) => {
                editor.next_field();
                Ok(())
            }
            (Action::PreviousField, Some(editor)) => {
                editor.previous_field();
                Ok(())
            }
            (Action::Save, Some(_)) => {
                if self.save_now(owner) {
                    let history = self
                        .keys
                        .key(Table::Global, &Action::ShowScreen(Screen::History));
                    self.set_status(match owner {
                        EditorOwner::Review => strings::review_saved(&history),
                        _ => strings::ENTRY_SAVED.to_string(),
                    });
                }
                Ok(())
            }
            (Action::Back, Some(_)) => {
                self.close_editor(owner);
                Ok(())
            }
            _ => return false,
        };
        if let Err(too_big) = result {
            self.report_too_big(too_big);
        }
        true
    }

    /// Applies one action. The only place state changes.
    pub fn update(&mut self, action: Action) {
        self.updated_at = crate::app::Now::of(self.clock.as_ref());
        self.apply(action);
        // Only the editor in front shows its cursor, and only while it has the keys.
        let writing = self.focus() == Focus::Writing;
        let front = self.front_editor();
        let theme = self.theme;
        for owner in EditorOwner::ALL {
            if let Some(editor) = self.editor_mut(owner) {
                editor.show_cursor(writing && front == Some(owner), &theme);
            }
        }
        let shown = self.screen;
        self.conversations
            .show_cursor(writing && shown == Screen::Conversations, &theme);
        self.today
            .show_cursor(writing && shown == Screen::Today, &theme);
    }

    /// What views read beyond their screen's state, as of the last update.
    pub fn view(&self) -> View<'_> {
        View {
            theme: &self.theme,
            keys: &self.keys,
            today: self.day,
            now: self.updated_at.at,
            zone: self.updated_at.zone,
            focus: self.focus(),
            calendars: &self.calendars,
        }
    }

    /// Sends `action` to a screen that owns itself, then reloads what it changed and
    /// does what it asked.
    fn update_screen(&mut self, action: &Action) -> bool {
        let mut ctx = ctx!(self);
        let handled = match self.screen {
            Screen::Conversations => self.conversations.update(action, &mut ctx),
            Screen::Today => self.today.update(action, &mut ctx),
            _ => false,
        };
        let (changed, requests) = (ctx.changed, ctx.requests);
        self.apply_changes(changed, requests);
        handled
    }

    /// The one table of what loads again when the journal changed, then the screens'
    /// requests. Screens not shown load when they are shown.
    pub(super) fn apply_changes(&mut self, changed: Changed, requests: Vec<Request>) {
        if changed.intersects(Changed::DAY) {
            self.day = self.updated_at.today();
            self.today.day_turned();
        }
        // Today is never loaded on being shown: what it shows loads when it changes.
        let today_all = changed.intersects(Changed::DAY | Changed::ENTRIES | Changed::REVIEWS);
        if today_all {
            self.reload_today();
        }
        if changed.intersects(Changed::DAY) {
            // The week's blocks and events, and with them today's.
            self.reload_blocks();
        } else {
            if changed.intersects(Changed::BLOCKS) {
                let mut ctx = ctx!(self);
                self.today.reload_blocks(&mut ctx);
            }
            if changed.intersects(Changed::BLOCKS | Changed::EVENTS) {
                self.reload_today_events();
            }
        }
        if changed.intersects(Changed::CONVERSATIONS) {
            if !today_all {
                let mut ctx = ctx!(self);
                self.today.reload_conversations(&mut ctx);
            }
            if self.screen == Screen::Conversations {
                self.reload_conversations();
            }
        }
        if changed.intersects(Changed::CONVERSATIONS | Changed::PEOPLE)
            && self.screen == Screen::People
        {
            self.reload_people();
        }
        for request in requests {
            match request {
                Request::Show(screen) => self.show(screen),
                Request::OpenConversation { id, noted } => {
                    self.show(Screen::Conversations);
                    let mut ctx = ctx!(self);
                    self.conversations.open_by_id(id, noted, &mut ctx);
                }
                Request::ExternalEdit { target, text } => {
                    self.pending = Some(Task::ExternalEdit { target, text });
                }
            }
        }
    }

    /// Loads what Today shows of its day again: its entries, conversations, review
    /// reminder, prompt and agendas.
    pub(super) fn reload_today(&mut self) {
        let mut ctx = ctx!(self);
        self.today.reload(&mut ctx);
    }

    /// Loads Today's imported events again (with the blocks, or after a refresh).
    pub(in crate::tui) fn reload_today_events(&mut self) {
        let mut ctx = ctx!(self);
        self.today.reload_events(&mut ctx);
    }

    /// The external editor gave back the text of `target`: it goes there, whichever
    /// screen shows.
    fn external_edit_finished(
        &mut self,
        target: EditTarget,
        result: Result<crate::io::editor::Edited, String>,
    ) {
        match target {
            EditTarget::Draft => {
                let mut ctx = ctx!(self);
                self.today.external_edit_finished(&result, &mut ctx);
                let (changed, requests) = (ctx.changed, ctx.requests);
                self.apply_changes(changed, requests);
            }
            EditTarget::Entry(_) => {
                self.apply_history(&Action::ExternalEditFinished(target, result));
            }
        }
    }

    /// Loads every conversation again (the Conversations screen's list).
    pub(super) fn reload_conversations(&mut self) {
        let mut ctx = ctx!(self);
        self.conversations.reload(&mut ctx);
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Tick => return self.tick(),
            Action::CalendarsRefreshed(done) => return self.calendars_refreshed(done),
            Action::ExternalEditFinished(target, result) => {
                return self.external_edit_finished(target, result);
            }
            Action::Quit => {
                self.flush_editors();
                self.running = false;
                return;
            }
            _ => {}
        }
        if self.form.is_some() && self.apply_form(&action) {
            return;
        }
        if self.overlay.is_none() && self.form.is_none() && self.apply_writing(&action) {
            return;
        }
        let handled = match self.screen {
            Screen::Today => self.update_screen(&action),
            Screen::Week => self.apply_week(&action),
            Screen::Audit => self.apply_audit(&action),
            Screen::People => self.apply_people(&action),
            Screen::Conversations => self.update_screen(&action),
            Screen::History => self.apply_history(&action),
            Screen::Review => self.apply_review(&action),
        };
        if !handled {
            self.apply_global(action);
        }
    }

    /// Actions of every screen: tabs, the help, closing overlays.
    fn apply_global(&mut self, action: Action) {
        match action {
            Action::ShowScreen(screen) => self.show(screen),
            Action::NextScreen => {
                self.show(Screen::ALL[(self.screen.index() + 1) % Screen::ALL.len()])
            }
            Action::PreviousScreen => {
                let n = Screen::ALL.len();
                self.show(Screen::ALL[(self.screen.index() + n - 1) % n]);
            }
            Action::ToggleHelp => {
                self.help_scroll = 0;
                self.overlay = match self.overlay {
                    Some(Overlay::Help) => None,
                    _ => Some(Overlay::Help),
                }
            }
            Action::ScrollHelpDown => {
                let last = keymap::help_line_count(self).saturating_sub(1);
                self.help_scroll = (self.help_scroll + 1).min(last as u16);
            }
            Action::ScrollHelpUp => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::CloseOverlay | Action::Confirm => self.overlay = None,
            // Keys of other screens and states do nothing here.
            _ => {}
        }
    }

    /// Time passed: autosave what changed, notice a new day.
    fn tick(&mut self) {
        self.updated_at = crate::app::Now::of(self.clock.as_ref());
        self.flush_editors();
        if self.clock.today() != self.day {
            self.apply_changes(Changed::DAY, Vec::new());
        }
    }

    /// Loads the list of calendars, for saying when they were read.
    pub(super) fn reload_calendars(&mut self) {
        match self.store.list_calendars() {
            Ok(list) => self.calendars.list = list,
            Err(e) => self.report(&e),
        }
    }

    /// The background refresh came back: what changed is read again, and the status line
    /// says how it went.
    fn calendars_refreshed(&mut self, done: Vec<super::refresh::Refreshed>) {
        self.calendars.refreshing.clear();
        self.reload_calendars();
        if done.iter().any(|r| r.changed) {
            self.reload_blocks();
            self.reload_today_events();
            match self.screen {
                Screen::Audit => self.reload_audit(),
                Screen::People => self.reload_people(),
                Screen::Review => self.reload_review(),
                _ => {}
            }
        }
        let failed: Vec<&super::refresh::Refreshed> =
            done.iter().filter(|r| r.error.is_some()).collect();
        match failed.first() {
            Some(f) => self.set_error(strings::refresh_failed(
                &f.calendar,
                f.error.as_deref().unwrap_or_default(),
                failed.len(),
            )),
            None if self.status.is_none() || done.iter().any(|r| r.changed) => {
                self.set_status(strings::refreshed(done.len()))
            }
            None => {}
        }
    }

    pub(super) fn show(&mut self, screen: Screen) {
        let mut ctx = ctx!(self);
        self.today.leave(&mut ctx);
        self.screen = screen;
        self.status = None;
        match screen {
            Screen::Audit => self.reload_audit(),
            Screen::People => self.reload_people(),
            Screen::Conversations => self.reload_conversations(),
            Screen::Week => self.reload_blocks(),
            Screen::History => self.reload_history(),
            Screen::Review => self.reload_review(),
            Screen::Today => {}
        }
    }
}
