//! The app's state and `update`, the only function that changes it.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use super::action::Action;
use super::changed::Changed;
use super::context::{ExternalTarget, Request, View};
use super::editor::{Editor, TooBig};
use super::form::Form;
use super::keymap::{self, Keymap};
pub use super::refresh::CalendarsState;
use super::screens::ScreenState;
use super::screens::audit::AuditState;
use super::screens::conversations::ConversationsState;
use super::screens::week::WeekState;
use super::screens::history::HistoryState;
use super::screens::review::ReviewState;
use super::screens::people::PeopleState;
use super::strings;
use super::theme::Theme;
use super::today::TodayState;
use crate::config::Config;
use crate::domain::{Clock, prompts};

/// The draft slot of the Today editor.
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

/// Whether a screen's keys move around or type text (Today's editor, the review).
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

/// The editors that autosave, by whose they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorOwner {
    /// Today's draft.
    Draft,
    /// A saved entry edited in place on Today.
    TodayEntry,
}

impl EditorOwner {
    /// Every editor, in the order they are saved on a tick.
    pub const ALL: [EditorOwner; 2] = [EditorOwner::Draft, EditorOwner::TodayEntry];
}

/// A [`Ctx`] over the app's parts, so a screen's state can be borrowed beside it.
macro_rules! ctx {
    ($app:expr) => {
        $crate::tui::context::Ctx::new(
            &mut $app.store,
            $app.updated_at,
            $app.today.day,
            &$app.config,
            &$app.settings,
            &$app.theme,
            &$app.keys,
            &mut $app.status,
        )
    };
}

/// A saved entry open for editing in place on Today.
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
    /// "Discard the draft?"
    ConfirmDiscard,
    /// "Delete this entry?" on the Today screen.
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
    /// Hand the terminal to `$EDITOR` with this text, then send `ExternalEditFinished`.
    ExternalEdit(String),
    /// Read these calendars again on a thread, then send `CalendarsRefreshed`.
    RefreshCalendars(crate::app::calendars::refresh::Stale),
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
    /// The coaching prompts.
    pub prompts: Vec<&'static str>,
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
    /// Where the text of the `$EDITOR` run asked for goes back to (none: the screen
    /// shown, Today's draft), whichever screen shows when it comes back.
    pub external: Option<ExternalTarget>,
    /// The draft slot this interface writes the Today editor to.
    pub draft_slot: super::session::DraftSlot,
    /// The imported calendars: when each was read, and the refresh under way.
    pub calendars: CalendarsState,
    /// The clock's reading when the last action or tick arrived: what views show as now.
    pub updated_at: crate::app::Now,
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
        let workday = (config.workday.start.0, config.workday.end.0);
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
            today: TodayState::new(day, &theme),
            settings,
            store,
            config,
            theme,
            clock,
            prompts: prompts::all(),
            screen: Screen::Today,
            overlay: None,
            week: WeekState::new(day, first_day, workday),
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
            external: None,
            draft_slot,
            calendars: CalendarsState::default(),
            updated_at,
        };
        app.reload_calendars();
        app.reload_today();
        app.reload_today_blocks();
        app.reload_today_events();
        app.week
            .cursor_to_now(app.clock.now().naive_local(), app.config.workday.start.0);
        app.recover_draft();
        if app.draft_slot.shared {
            app.set_status(strings::ANOTHER_BEARING);
        }
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

    /// The prompt shown now, with its 1-based number in the rotation (0 for one chosen
    /// from the week's signals, see [`App::prompt_reason`]).
    pub fn current_prompt(&self) -> (usize, String) {
        if self.today.prompt_offset == 0
            && let Some(chosen) = self.today.chosen.as_ref().filter(|c| c.reason.is_some())
        {
            return (0, chosen.text.clone());
        }
        let i = prompts::index_for(self.today.day, self.today.prompt_offset, self.prompts.len());
        (
            i + 1,
            self.prompts.get(i).copied().unwrap_or_default().to_string(),
        )
    }

    /// Why the prompt shown was chosen for today, when it was.
    pub fn prompt_reason(&self) -> Option<&str> {
        if self.today.prompt_offset != 0 {
            return None;
        }
        self.today.chosen.as_ref().and_then(|c| c.reason.as_deref())
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
        } else if self.screen == Screen::Week {
            self.week.focus()
        } else if self.screen == Screen::Audit {
            self.audit.focus()
        } else if self.screen == Screen::History {
            self.history.focus()
        } else if self.screen == Screen::Review {
            self.review.focus()
        } else if self.screen == Screen::People {
            self.people.focus()
        } else if self.front_editor().is_some() {
            Focus::Writing
        } else {
            Focus::Browsing
        }
    }

    /// The editor keys type into on the shown screen, if any.
    pub fn front_editor(&self) -> Option<EditorOwner> {
        let owner = match self.screen {
            Screen::Today if self.today.entry_editor.is_some() => EditorOwner::TodayEntry,
            Screen::Today if self.today.mode == Mode::Editing => EditorOwner::Draft,
            _ => return None,
        };
        Some(owner)
    }

    /// The editor of `owner`, if it is open.
    pub fn editor(&self, owner: EditorOwner) -> Option<&Editor> {
        match owner {
            EditorOwner::Draft => Some(&self.today.editor),
            EditorOwner::TodayEntry => self.today.entry_editor.as_ref().map(|e| &e.editor),
        }
    }

    fn editor_mut(&mut self, owner: EditorOwner) -> Option<&mut Editor> {
        match owner {
            EditorOwner::Draft => Some(&mut self.today.editor),
            EditorOwner::TodayEntry => self.today.entry_editor.as_mut().map(|e| &mut e.editor),
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
            EditorOwner::Draft => self.store_draft(),
            EditorOwner::TodayEntry => self.store_entry_edit(owner),
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

    /// Saves every editor that changed: the autosave, run on every tick and on quitting.
    pub fn flush_editors(&mut self) {
        for owner in EditorOwner::ALL {
            self.flush(owner);
        }
        let mut ctx = ctx!(self);
        self.conversations.flush(&mut ctx);
        self.history.flush(&mut ctx);
        self.review.flush(&mut ctx);
        let (changed, requests) = (ctx.changed, ctx.requests);
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
            EditorOwner::Draft => self.today.mode = Mode::Normal,
            EditorOwner::TodayEntry => {
                self.today.entry_editor = None;
                self.set_status(strings::ENTRY_SAVED);
                self.reload_today();
            }
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
            // Today's Save makes an entry of the draft: today.rs handles it.
            (Action::Save, Some(_)) if owner != EditorOwner::Draft => {
                if self.save_now(owner) {
                    self.set_status(strings::ENTRY_SAVED);
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
        self.history
            .show_cursor(writing && shown == Screen::History, &theme);
        self.review
            .show_cursor(writing && shown == Screen::Review, &theme);
    }

    /// What views read beyond their screen's state, as of the last update.
    pub fn view(&self) -> View<'_> {
        View {
            theme: &self.theme,
            keys: &self.keys,
            today: self.today.day,
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
            Screen::Week => self.week.update(action, &mut ctx),
            Screen::Audit => self.audit.update(action, &mut ctx),
            Screen::History => self.history.update(action, &mut ctx),
            Screen::Review => {
                self.review.missing = self.today.review_missing;
                self.review.update(action, &mut ctx)
            }
            Screen::People => self.people.update(action, &mut ctx),
            _ => false,
        };
        let (changed, requests) = (ctx.changed, ctx.requests);
        self.apply_changes(changed, requests);
        handled
    }

    /// The one table of what loads again when the journal changed, then the screens'
    /// requests. Screens not shown load when they are shown.
    pub(super) fn apply_changes(&mut self, changed: Changed, requests: Vec<Request>) {
        if changed.intersects(Changed::CONVERSATIONS) {
            self.reload_today_conversations();
            if self.screen == Screen::Conversations {
                self.reload_conversations();
            }
        }
        if changed.intersects(Changed::CONVERSATIONS | Changed::PEOPLE)
            && self.screen == Screen::People
        {
            self.reload_people();
        }
        if changed.intersects(Changed::CALENDARS) {
            self.reload_calendars();
        }
        // Today shows today's blocks and meetings; the Week both, for its week.
        if changed.intersects(Changed::BLOCKS | Changed::DAY) {
            self.reload_today_blocks();
        }
        if changed.intersects(Changed::EVENTS | Changed::DAY) {
            self.reload_today_events();
        }
        if changed.intersects(Changed::BLOCKS | Changed::EVENTS | Changed::DAY)
            && self.screen == Screen::Week
        {
            self.reload_week();
        }
        // Imported events (or how they are classified) feed the audit, the 1:1s people
        // had and the review's numbers: the one shown loads again.
        if changed.intersects(Changed::EVENTS) {
            match self.screen {
                Screen::Audit => self.reload_audit(),
                Screen::People => self.reload_people(),
                Screen::Review => self.reload_review(),
                _ => {}
            }
        }
        // Today lists today's entries and reminds of a missing review.
        if changed.intersects(Changed::ENTRIES | Changed::REVIEWS) {
            self.reload_today();
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
                    self.external = Some(target);
                    self.pending = Some(Task::ExternalEdit(text));
                }
            }
        }
    }

    /// Loads the Audit screen's week and trend again.
    pub(super) fn reload_audit(&mut self) {
        let mut ctx = ctx!(self);
        self.audit.reload(&mut ctx);
    }

    /// Loads every conversation again (the Conversations screen's list).
    pub(super) fn reload_conversations(&mut self) {
        let mut ctx = ctx!(self);
        self.conversations.reload(&mut ctx);
    }

    /// Loads the shown week again (the Week screen's blocks and events).
    pub(super) fn reload_week(&mut self) {
        let mut ctx = ctx!(self);
        self.week.reload(&mut ctx);
    }

    /// Loads today's block occurrences (Today's plan for the day).
    pub(super) fn reload_today_blocks(&mut self) {
        let today = self.today.day;
        match crate::app::blocks::occurrences_between(&self.store, self.updated_at, today, today) {
            Ok(blocks) => self.today.blocks = blocks,
            Err(e) => self.report(&e),
        }
    }

    /// Loads the History screen from the top: count, first page, heatmap, streak.
    pub(super) fn reload_history(&mut self) {
        let mut ctx = ctx!(self);
        self.history.reload(&mut ctx);
    }

    /// Loads the reviewed week: its summary and its saved answers.
    pub(super) fn reload_review(&mut self) {
        self.review.missing = self.today.review_missing;
        let mut ctx = ctx!(self);
        self.review.reload(&mut ctx);
    }

    /// What came back from `$EDITOR` goes to the text it was asked for.
    fn external_edit_finished(
        &mut self,
        target: ExternalTarget,
        result: &Result<crate::io::editor::Edited, String>,
    ) {
        let mut ctx = ctx!(self);
        match target {
            ExternalTarget::HistoryEntry(id) => {
                self.history.external_edit_finished(id, result, &mut ctx)
            }
        }
        let (changed, requests) = (ctx.changed, ctx.requests);
        self.apply_changes(changed, requests);
    }

    /// Loads everyone again (the People screen's list and the selected person's page).
    pub(super) fn reload_people(&mut self) {
        let mut ctx = ctx!(self);
        self.people.reload(&mut ctx);
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Tick => return self.tick(),
            Action::CalendarsRefreshed(done) => return self.calendars_refreshed(done),
            Action::RefreshStaleCalendars => return self.refresh_stale_calendars(),
            Action::Quit => {
                self.flush_editors();
                self.running = false;
                return;
            }
            _ => {}
        }
        if let Action::ExternalEditFinished(result) = &action
            && let Some(target) = self.external.take()
        {
            return self.external_edit_finished(target, result);
        }
        if self.form.is_some() && self.apply_form(&action) {
            return;
        }
        if self.overlay.is_none() && self.form.is_none() && self.apply_writing(&action) {
            return;
        }
        let handled = match self.screen {
            Screen::Today => self.apply_today(&action),
            Screen::Week => self.update_screen(&action),
            Screen::Audit => self.update_screen(&action),
            Screen::People => self.update_screen(&action),
            Screen::Conversations => self.update_screen(&action),
            Screen::History => self.update_screen(&action),
            Screen::Review => self.update_screen(&action),
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
        let today = self.clock.today();
        if today != self.today.day {
            self.today.day = today;
            self.today.prompt_offset = 0;
            self.reload_today();
            self.apply_changes(Changed::DAY, Vec::new());
        }
    }

    /// Loads the list of calendars, for saying when they were read.
    pub(super) fn reload_calendars(&mut self) {
        match crate::app::calendars::list(&self.store) {
            Ok(list) => self.calendars.list = list,
            Err(e) => self.report(&e),
        }
    }

    /// Asks which calendars were read too long ago, and hands reading them again to the
    /// event loop (nothing when there are none, or when that cannot be told).
    fn refresh_stale_calendars(&mut self) {
        let settings = &self.config.calendars;
        if let Ok(Some(stale)) = crate::app::calendars::refresh::stale(
            &self.store,
            self.updated_at,
            settings.refresh_hours,
            settings.fetch_timeout(),
        ) {
            self.calendars.refreshing.clone_from(&stale.names);
            self.pending = Some(Task::RefreshCalendars(stale));
        }
    }

    /// The background refresh came back: what changed is read again, and the status line
    /// says how it went.
    fn calendars_refreshed(&mut self, done: Vec<super::refresh::Refreshed>) {
        let changed = self.calendars.refreshed(&done);
        self.apply_changes(changed, Vec::new());
        if let Some(said) = super::refresh::status(&done, self.status.is_some()) {
            self.status = Some(said);
        }
    }

    pub(super) fn show(&mut self, screen: Screen) {
        if self.today.mode == Mode::Editing {
            self.today.mode = Mode::Normal;
            self.flush(EditorOwner::Draft);
        }
        self.screen = screen;
        self.status = None;
        match screen {
            Screen::Audit => self.reload_audit(),
            Screen::People => self.reload_people(),
            Screen::Conversations => self.reload_conversations(),
            Screen::Week => self.reload_week(),
            Screen::History => self.reload_history(),
            Screen::Review => self.reload_review(),
            Screen::Today => {}
        }
    }
}
