//! The app's state and `update`, the only function that changes it. Each screen owns
//! its state, update and view ([`super::screens`]); the app routes an action to the
//! screen shown, reloads what the screen's change touched from one table
//! ([`App::apply_changes`]), and does what the screen asked of it.

use chrono::NaiveDate;

use super::action::Action;
use super::changed::Changed;
use super::context::{EditTarget, Request, View};
use super::event::Event;
use super::keymap::{self, Keymap};
pub use super::refresh::CalendarsState;
use super::screens::ScreenState;
use super::screens::audit::AuditState;
use super::screens::calendars::CalendarsScreenState;
use super::screens::conversations::ConversationsState;
use super::screens::history::HistoryState;
use super::screens::people::PeopleState;
use super::screens::review::ReviewState;
use super::screens::today::TodayState;
use super::screens::week::WeekState;
use super::strings;
use super::theme::Theme;
use crate::app::{Journal, Now};
use crate::config::Config;
use crate::domain::Clock;

/// The draft slot of the Today editor (the first interface's; see [`super::session`]).
pub const TODAY_DRAFT: &str = crate::app::drafts::FIRST_SLOT;

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
    /// Every calendar: its role, when it was read, what failed.
    Calendars,
}

impl Screen {
    /// Every screen, in tab order.
    pub const ALL: [Screen; 8] = [
        Screen::Today,
        Screen::Week,
        Screen::Audit,
        Screen::People,
        Screen::Conversations,
        Screen::History,
        Screen::Review,
        Screen::Calendars,
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
            Screen::Calendars => strings::TAB_CALENDARS,
        }
    }

    /// The screen's position in the tab bar, from 0.
    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
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

/// A [`super::context::Ctx`] over the app's parts, so a screen's state can be borrowed
/// beside it.
macro_rules! ctx {
    ($app:expr) => {
        $crate::tui::context::Ctx::new(
            &mut $app.journal,
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

/// A window over every screen that takes the keys until closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help.
    Help,
}

/// A message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
}

/// Work the event loop must do outside `update`, because it needs the terminal or a
/// thread.
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
    /// Read these calendars again on a thread, then send `CalendarsRefreshed`.
    RefreshCalendars(crate::app::calendars::refresh::Stale),
    /// Push the published blocks on a thread, then send `BlocksPushed`.
    PushBlocks(crate::app::accounts::publish::WaitingPush),
    /// Sync the journal on a thread, then send `JournalSynced`.
    SyncJournal(crate::app::sync::Waiting),
}

/// The whole app.
pub struct App {
    /// The journal, reached through the use cases of [`crate::app`].
    pub journal: Journal,
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
    /// A window over every screen taking the keys, if any.
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
    /// The Calendars screen.
    pub calendars_screen: CalendarsScreenState,
    /// The status line's message.
    pub status: Option<Status>,
    /// How far the key help is scrolled.
    pub help_scroll: u16,
    /// False once the user quits.
    pub running: bool,
    /// Terminal work the event loop should do next.
    pub pending: Option<Task>,
    /// The imported calendars: when each was read, and the refresh under way.
    pub calendars: CalendarsState,
    /// The journal sync in the background.
    pub journal_sync: crate::tui::journal_sync::JournalSync,
    /// Where the last frame drew what a click can choose.
    pub hits: crate::tui::hits::Hits,
    /// The clock's reading when the last action or tick arrived: what views show as now.
    pub updated_at: Now,
    /// The day shown as today: it turns when a tick notices the clock's date changed.
    pub day: NaiveDate,
    /// Whether Today's day is loaded (and so kept current): an app opened on another
    /// screen loads it when Today is first shown.
    today_loaded: bool,
    /// The journal's mark of writes by others at the last look (ticks look again).
    written_elsewhere: Option<i64>,
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
    /// An app on `journal`, reading time from `clock`. Loads today and recovers an
    /// unsaved draft, if one was left. Keys the config cannot rebind (checked before, by
    /// `Keymap::from_config`) leave the defaults, and the status line says why.
    pub fn new(journal: Journal, config: Config, theme: Theme, clock: Box<dyn Clock>) -> App {
        App::opening(journal, config, theme, clock, Screen::Today)
    }

    /// As [`App::new`], for an app about to show `screen`: unless that is Today, Today's
    /// day (its signals, 1:1 coverage and agendas, the slowest load of all) is loaded
    /// when Today is first shown, not before another screen's first frame.
    pub fn opening(
        mut journal: Journal,
        config: Config,
        theme: Theme,
        clock: Box<dyn Clock>,
        screen: Screen,
    ) -> App {
        let draft_slot = super::session::claim(&mut journal);
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
        let updated_at = Now::of(clock.as_ref());
        let mut app = App {
            keys,
            today: TodayState::new(&theme, draft_slot),
            week: WeekState::new(day, first_day, workday),
            settings,
            journal,
            config,
            theme,
            clock,
            screen: Screen::Today,
            overlay: None,
            audit: AuditState::default(),
            people: PeopleState::default(),
            conversations: ConversationsState::default(),
            history: HistoryState::default(),
            review: ReviewState::default(),
            calendars_screen: CalendarsScreenState::default(),
            status: None,
            help_scroll: 0,
            running: true,
            pending: None,
            calendars: CalendarsState::default(),
            journal_sync: crate::tui::journal_sync::JournalSync::default(),
            hits: Default::default(),
            updated_at,
            day,
            today_loaded: false,
            written_elsewhere: None,
        };
        app.reload_calendars();
        if screen == Screen::Today {
            app.load_today();
        }
        app.week
            .cursor_to_now(updated_at.at.naive_local(), app.config.workday.start.0);
        let mut ctx = ctx!(app);
        app.today.recover_draft(&mut ctx);
        match app.journal.take_notices() {
            Ok(notices) if !notices.is_empty() => {
                app.status = Some(Status {
                    text: notices.join(" "),
                    is_error: false,
                });
            }
            Ok(_) => {}
            Err(e) => app.set_error(crate::describe(&e)),
        }
        if let Some(message) = keys_error {
            app.set_error(message);
        }
        app
    }

    /// Shows a warning found before the interface started (e.g. an unknown `TZ`).
    pub fn show_warning(&mut self, text: String) {
        self.set_error(text);
    }

    /// Shows news found before the interface started (text taken in at the start).
    pub fn show_notice(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: false,
        });
    }

    /// bearing is asked to end (a hangup, SIGTERM) while `$EDITOR` has `target`'s text:
    /// every editor's text is kept as on quitting, and what `$EDITOR` saved becomes this
    /// interface's draft (the draft itself when the draft was what it edited, else added
    /// to it). What became of it, in words.
    pub fn keep_unfinished_edit(
        &mut self,
        target: &EditTarget,
        unfinished: Option<crate::io::editor::Unfinished>,
    ) -> String {
        use crate::app::drafts::{KeepIn, keep_unfinished};
        self.flush_editors();
        self.running = false;
        let into = KeepIn::Own {
            slot: &self.today.slot.name,
            kind: self.today.kind,
            replace: matches!(target, EditTarget::Draft),
        };
        let now = Now::of(self.clock.as_ref());
        keep_unfinished(Some(&mut self.journal), now, into, unfinished)
    }

    /// Shows a failure in the status line.
    fn set_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: true,
        });
    }

    /// The screen shown, as every screen answers.
    pub fn shown(&self) -> &dyn ScreenState {
        match self.screen {
            Screen::Today => &self.today,
            Screen::Week => &self.week,
            Screen::Audit => &self.audit,
            Screen::People => &self.people,
            Screen::Conversations => &self.conversations,
            Screen::History => &self.history,
            Screen::Review => &self.review,
            Screen::Calendars => &self.calendars_screen,
        }
    }

    /// What has the keys now.
    pub fn focus(&self) -> Focus {
        if self.overlay.is_some() {
            Focus::Overlay
        } else {
            self.shown().focus()
        }
    }

    /// Saves every editor that changed: the autosave, run on every tick and on quitting.
    pub fn flush_editors(&mut self) {
        let mut ctx = ctx!(self);
        let screens: [&mut dyn ScreenState; 8] = [
            &mut self.today,
            &mut self.week,
            &mut self.audit,
            &mut self.people,
            &mut self.conversations,
            &mut self.history,
            &mut self.review,
            &mut self.calendars_screen,
        ];
        for screen in screens {
            screen.flush(&mut ctx);
        }
        let (changed, requests) = (ctx.changed, ctx.requests);
        self.apply_changes(changed, requests);
    }

    /// When another window or command wrote to the journal since the last look, each
    /// open editor with nothing unsaved shows what is stored now.
    fn catch_up_editors(&mut self) {
        let Ok(mark) = self.journal.written_elsewhere_mark() else {
            return;
        };
        if self.written_elsewhere == Some(mark) {
            return;
        }
        self.written_elsewhere = Some(mark);
        let mut ctx = ctx!(self);
        let screens: [&mut dyn ScreenState; 4] = [
            &mut self.today,
            &mut self.conversations,
            &mut self.history,
            &mut self.review,
        ];
        for screen in screens {
            screen.catch_up(&mut ctx);
        }
    }

    /// Applies one action. The only place state changes.
    pub fn update(&mut self, action: Action) {
        self.updated_at = Now::of(self.clock.as_ref());
        self.apply(action);
        self.show_cursors();
    }

    /// Only the editor in front shows its cursor, and only while it has the keys.
    fn show_cursors(&mut self) {
        let writing = self.focus() == Focus::Writing;
        let (shown, theme) = (self.screen, self.theme);
        let screens: [(Screen, &mut dyn ScreenState); 8] = [
            (Screen::Today, &mut self.today),
            (Screen::Week, &mut self.week),
            (Screen::Audit, &mut self.audit),
            (Screen::People, &mut self.people),
            (Screen::Conversations, &mut self.conversations),
            (Screen::History, &mut self.history),
            (Screen::Review, &mut self.review),
            (Screen::Calendars, &mut self.calendars_screen),
        ];
        for (screen, state) in screens {
            state.show_cursor(writing && shown == screen, &theme);
        }
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
            hits: &self.hits,
        }
    }

    /// Sends `action` to the screen shown, then reloads what it changed and does what it
    /// asked; false if the screen has no use for the action.
    fn update_screen(&mut self, action: &Action) -> bool {
        let mut ctx = ctx!(self);
        let screen: &mut dyn ScreenState = match self.screen {
            Screen::Today => &mut self.today,
            Screen::Week => &mut self.week,
            Screen::Audit => &mut self.audit,
            Screen::People => &mut self.people,
            Screen::Conversations => &mut self.conversations,
            Screen::History => &mut self.history,
            Screen::Review => &mut self.review,
            Screen::Calendars => &mut self.calendars_screen,
        };
        let handled = screen.update(action, &mut ctx);
        let (changed, requests) = (ctx.changed, ctx.requests);
        self.apply_changes(changed, requests);
        // Only what the user changed: a push's own answer never starts another.
        if changed.intersects(Changed::BLOCKS | Changed::PUBLISHED) {
            self.push_blocks_soon();
        }
        handled
    }

    /// The one table of what loads again when the journal changed, then the screens'
    /// requests. Today and the calendars are always current; other screens load what
    /// they show when they are shown, and again here only while shown.
    pub(super) fn apply_changes(&mut self, changed: Changed, requests: Vec<Request>) {
        let shown = self.screen;
        if changed.intersects(Changed::DAY) {
            self.day = self.updated_at.today();
            self.today.day_turned();
        }
        // Today not loaded yet loads whole when shown.
        let today = self.today_loaded;
        let today_all = changed.intersects(Changed::DAY | Changed::ENTRIES | Changed::REVIEWS);
        if today_all && today {
            self.reload_today();
        } else if changed.intersects(Changed::CONVERSATIONS) && today {
            let mut ctx = ctx!(self);
            self.today.reload_conversations(&mut ctx);
        }
        if changed.intersects(Changed::BLOCKS | Changed::DAY) && today {
            let mut ctx = ctx!(self);
            self.today.reload_blocks(&mut ctx);
        }
        if changed.intersects(Changed::BLOCKS | Changed::EVENTS | Changed::DAY) {
            if today {
                self.reload_today_events();
            }
            if shown == Screen::Week {
                self.reload_week();
            }
        }
        if changed.intersects(Changed::CALENDARS) {
            self.reload_calendars();
        }
        let reload_shown = match shown {
            Screen::Conversations => changed.intersects(Changed::CONVERSATIONS),
            Screen::People => {
                changed.intersects(Changed::CONVERSATIONS | Changed::PEOPLE | Changed::EVENTS)
            }
            Screen::Audit | Screen::Review => changed.intersects(Changed::EVENTS),
            Screen::Calendars => {
                changed.intersects(Changed::CALENDARS | Changed::EVENTS | Changed::PUBLISHED)
            }
            Screen::Today | Screen::Week | Screen::History => false,
        };
        if reload_shown {
            self.reload_shown();
        }
        for request in requests {
            match request {
                Request::Show(screen) => self.show(screen),
                Request::KeepInDraft(text) => self.today.keep_in_draft(&text),
                Request::OpenConversation { id, noted } => {
                    self.show(Screen::Conversations);
                    let mut ctx = ctx!(self);
                    self.conversations.open_by_id(id, noted, &mut ctx);
                }
                Request::WriteMissingReview(week) => {
                    self.show(Screen::Review);
                    let mut ctx = ctx!(self);
                    self.review.open_missing(week, &mut ctx);
                }
                Request::RefreshCalendars => self.refresh_calendars_now(),
                Request::ExternalEdit { target, text } => {
                    self.pending = Some(Task::ExternalEdit { target, text });
                }
            }
        }
    }

    /// Loads what the screen shown shows, as on being shown.
    fn reload_shown(&mut self) {
        let mut ctx = ctx!(self);
        match self.screen {
            Screen::Today => {}
            Screen::Week => self.week.reload(&mut ctx),
            Screen::Audit => self.audit.reload(&mut ctx),
            Screen::People => self.people.reload(&mut ctx),
            Screen::Conversations => self.conversations.reload(&mut ctx),
            Screen::History => self.history.reload(&mut ctx),
            Screen::Review => self.review.reload(&mut ctx),
            Screen::Calendars => self.calendars_screen.reload(&mut ctx),
        }
    }

    /// Loads all Today shows: its day, blocks and imported events; from then on they are
    /// kept current.
    fn load_today(&mut self) {
        self.today_loaded = true;
        self.reload_today();
        self.apply_changes(Changed::BLOCKS | Changed::EVENTS, Vec::new());
    }

    /// Loads what Today shows of its day again: its entries, conversations, review
    /// reminder, prompt and agendas.
    fn reload_today(&mut self) {
        let mut ctx = ctx!(self);
        self.today.reload(&mut ctx);
    }

    /// Loads Today's imported events again.
    fn reload_today_events(&mut self) {
        let mut ctx = ctx!(self);
        self.today.reload_events(&mut ctx);
    }

    /// Loads the shown week again (the Week screen's blocks and events).
    fn reload_week(&mut self) {
        let mut ctx = ctx!(self);
        self.week.reload(&mut ctx);
    }

    /// Loads the list of calendars, for saying when they were read.
    fn reload_calendars(&mut self) {
        match crate::app::calendars::list(&self.journal) {
            Ok(list) => self.calendars.list = list,
            Err(e) => self.set_error(crate::describe(&e)),
        }
    }

    /// The external editor gave back the text of `target`: it goes there, whichever
    /// screen shows.
    fn external_edit_finished(
        &mut self,
        target: EditTarget,
        result: Result<crate::io::editor::Edited, String>,
    ) {
        let mut ctx = ctx!(self);
        match target {
            EditTarget::Draft => self.today.external_edit_finished(&result, &mut ctx),
            EditTarget::Entry(base) => self
                .history
                .external_edit_finished(&base, &result, &mut ctx),
            EditTarget::ConversationField { id, field } => {
                self.screen = Screen::Conversations;
                self.conversations
                    .external_edit_finished(id, field, &result, &mut ctx);
            }
        }
        let (changed, requests) = (ctx.changed, ctx.requests);
        self.apply_changes(changed, requests);
    }

    /// Handles an event no key asked for: a tick, the start, work done outside `update`.
    pub fn handle(&mut self, event: Event) {
        self.updated_at = Now::of(self.clock.as_ref());
        match event {
            Event::Tick => self.tick(),
            Event::Started => self.refresh_stale_calendars(),
            Event::CalendarsRefreshed(done) => self.calendars_refreshed(done),
            Event::BlocksPushed(done) => self.blocks_pushed(&done),
            Event::JournalSynced(done) => self.journal_synced(done),
            Event::ExternalEditFinished(target, result) => {
                self.external_edit_finished(target, result);
            }
        }
        self.show_cursors();
    }

    fn apply(&mut self, action: Action) {
        if action == Action::Quit {
            self.flush_editors();
            self.running = false;
            return;
        }
        if self.overlay.is_none() && self.update_screen(&action) {
            return;
        }
        self.apply_global(action);
    }

    /// Actions of every screen: tabs, the help.
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
                    None => Some(Overlay::Help),
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

    /// Time passed: autosave what changed, show in open editors what another window or
    /// command wrote meanwhile, notice a new day.
    fn tick(&mut self) {
        self.flush_editors();
        self.catch_up_editors();
        if self.clock.today() != self.day {
            self.apply_changes(Changed::DAY, Vec::new());
        }
        self.push_if_asked();
        self.sync_journal_when_due();
    }

    /// Shows `screen`, loading what it shows.
    pub(super) fn show(&mut self, screen: Screen) {
        let mut ctx = ctx!(self);
        self.today.leave(&mut ctx);
        self.screen = screen;
        self.status = None;
        if screen == Screen::Today && !self.today_loaded {
            self.load_today();
        }
        self.reload_shown();
    }
}
