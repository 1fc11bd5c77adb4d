//! The app's state and `update`, the only function that changes it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use ratatui::widgets::ListState;
use ratatui_textarea::{TextArea, WrapMode};

use super::action::Action;
use super::audit::AuditState;
use super::conversations::ConversationsState;
use super::form::Form;
use super::history::HistoryState;
use super::keymap;
use super::people::PeopleState;
use super::review::ReviewState;
use super::strings;
use super::theme::Theme;
use super::week::WeekState;
use crate::config::Config;
use crate::domain::block::{BlockSpec, Occurrence};
use crate::domain::entry::MAX_BODY_BYTES;
use crate::domain::{Clock, Entry, EntryKind, NewEntry, prompts};
use crate::store::{Draft, Store};

/// Whether a key typed into an editor adds text (and so must be checked against the
/// size limit first).
pub(super) fn grows(input: &ratatui_textarea::Input) -> bool {
    matches!(
        input.key,
        ratatui_textarea::Key::Char(_) | ratatui_textarea::Key::Enter | ratatui_textarea::Key::Tab
    )
}

/// Pasted text with Windows and old Mac line ends made `\n`.
pub(super) fn unix_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The draft slot of the Today editor.
pub const TODAY_DRAFT: &str = "today";

/// The screens, one per tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Whether keys move around or type text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Keys are commands.
    Normal,
    /// Keys type into the editor.
    Editing,
}

/// A window over the screen that takes the keys until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key help.
    Help,
    /// "Discard the draft?"
    ConfirmDiscard,
    /// The selected block occurrence and what can be done with it.
    Details,
    /// "Delete which occurrences?" for an occurrence of block `block_id`.
    DeleteScope {
        /// The block.
        block_id: i64,
        /// The occurrence's scheduled start.
        original: NaiveDateTime,
        /// Whether the block repeats (a one-off only asks yes or no).
        repeating: bool,
    },
    /// "Change which occurrences?" after an edit of a repeating block was checked.
    EditScope {
        /// The block.
        block_id: i64,
        /// The occurrence the edit started from.
        original: NaiveDateTime,
        /// The new description.
        spec: BlockSpec,
    },
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
    /// Hand the terminal to `$EDITOR` with this text, then send `ExternalEditFinished`.
    ExternalEdit(String),
}

/// State of the Today screen.
#[derive(Debug)]
pub struct TodayState {
    /// The day shown.
    pub day: NaiveDate,
    /// How far the user moved from the day's prompt.
    pub prompt_offset: i64,
    /// Today's entries, oldest first, loaded when the day or the entries change.
    pub entries: Vec<Entry>,
    /// Today's block occurrences, loaded when the day or the blocks change.
    pub blocks: Vec<Occurrence>,
    /// Conversations planned for today and follow-ups due or late, loaded with the day.
    pub conversations: Vec<crate::domain::conversation::Conversation>,
    /// Selection in the entry list.
    pub list: ListState,
    /// The editor.
    pub editor: TextArea<'static>,
    /// The kind the editor's text will be saved as.
    pub kind: EntryKind,
    /// Whether the editor changed since the draft was last stored.
    pub dirty: bool,
    /// When the draft was last stored.
    pub draft_saved_at: Option<DateTime<FixedOffset>>,
    /// The first day of last week, when its review is missing (a reminder).
    pub review_missing: Option<NaiveDate>,
}

impl TodayState {
    /// The editor's text.
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Number of bytes in the editor.
    fn text_len(&self) -> usize {
        let lines = self.editor.lines();
        lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
    }
}

/// The whole app.
pub struct App {
    /// The journal.
    pub store: Store,
    /// The effective configuration.
    pub config: Config,
    /// Classification rules and audit settings, compiled once from the config.
    pub settings: crate::service::AuditSettings,
    /// Styles to draw with.
    pub theme: Theme,
    clock: Box<dyn Clock>,
    /// The coaching prompts.
    pub prompts: Vec<&'static str>,
    /// The screen shown.
    pub screen: Screen,
    /// Browsing or writing.
    pub mode: Mode,
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
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("screen", &self.screen)
            .field("mode", &self.mode)
            .finish()
    }
}

impl App {
    /// An app on `store`, reading time from `clock`. Loads today's entries and recovers
    /// an unsaved draft, if one was left.
    pub fn new(store: Store, config: Config, theme: Theme, clock: Box<dyn Clock>) -> App {
        let day = clock.today();
        let first_day = config.week.first_day.0;
        let settings = crate::service::AuditSettings::from_config_or_defaults(&config);
        let mut app = App {
            settings,
            store,
            config,
            theme,
            clock,
            prompts: prompts::all(),
            screen: Screen::Today,
            mode: Mode::Normal,
            overlay: None,
            week: WeekState::new(day, first_day),
            form: None,
            audit: AuditState::default(),
            people: PeopleState::default(),
            conversations: ConversationsState::default(),
            history: HistoryState::default(),
            review: ReviewState::default(),
            today: TodayState {
                day,
                prompt_offset: 0,
                entries: Vec::new(),
                blocks: Vec::new(),
                conversations: Vec::new(),
                list: ListState::default(),
                editor: TextArea::default(),
                kind: EntryKind::Reflection,
                dirty: false,
                draft_saved_at: None,
                review_missing: None,
            },
            status: None,
            help_scroll: 0,
            running: true,
            pending: None,
        };
        app.reset_editor(Vec::new());
        app.reload_today();
        app.reload_blocks();
        app.week
            .cursor_to_now(app.clock.now().naive_local(), app.config.workday.start.0);
        match app.store.draft(TODAY_DRAFT) {
            Ok(Some(draft)) if !draft.body.trim().is_empty() => {
                app.reset_editor(draft.body.lines().map(str::to_string).collect());
                app.today.kind = draft.kind;
                app.today.draft_saved_at = Some(draft.saved_at);
                let when = draft.saved_at.format("%a %-d %b %H:%M").to_string();
                app.set_status(strings::draft_recovered(&when));
            }
            Ok(_) => app.set_status(strings::START_HINT.to_string()),
            Err(e) => app.set_error(strings::autosave_failed(&crate::describe(&e))),
        }
        app
    }

    /// The current local time from the injected clock.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// The user's time zone from the injected clock.
    pub fn zone(&self) -> Tz {
        self.clock.zone()
    }

    /// The prompt shown now, with its 1-based number.
    pub fn current_prompt(&self) -> (usize, &'static str) {
        let i = prompts::index_for(self.today.day, self.today.prompt_offset, self.prompts.len());
        (i + 1, self.prompts.get(i).copied().unwrap_or_default())
    }

    /// Shows a warning found before the interface started (e.g. an unknown `TZ`).
    pub fn show_warning(&mut self, text: String) {
        self.set_error(text);
    }

    pub(super) fn set_status(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: false,
        });
    }

    pub(super) fn set_error(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: true,
        });
    }

    fn reset_editor(&mut self, lines: Vec<String>) {
        let mut editor = TextArea::new(lines);
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.set_placeholder_text(strings::EDITOR_PLACEHOLDER);
        editor.set_placeholder_style(self.theme.muted);
        editor.set_cursor_line_style(ratatui::style::Style::default());
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.today.editor = editor;
    }

    /// Loads today's entries; only called when the day or the entries change.
    pub(super) fn reload_today(&mut self) {
        match self.store.list_entries_on(self.today.day) {
            Ok(entries) => {
                self.today.entries = entries;
                let last = self.today.entries.len().checked_sub(1);
                self.today.list.select(last);
            }
            Err(e) => self.set_error(crate::describe(&e)),
        }
        self.reload_today_conversations();
        self.check_review_missing();
    }

    /// Loads today's conversations and follow-ups due or late.
    pub(super) fn reload_today_conversations(&mut self) {
        use crate::domain::conversation::{Group, Status};
        let day = self.today.day;
        let now = self.clock.now();
        match self.store.conversations_around(day, day, day) {
            Ok(all) => {
                self.today.conversations = all
                    .into_iter()
                    .filter(|c| {
                        c.group(now) == Group::FollowUpDue
                            || (c.status == Status::Planned
                                && c.planned_at.is_some_and(|t| t.date_naive() == day))
                    })
                    .collect();
            }
            Err(e) => self.set_error(crate::describe(&e)),
        }
    }

    /// Loads the block occurrences of the shown week and of today; called when the week,
    /// the day or a block changes.
    pub(super) fn reload_blocks(&mut self) {
        match self.store.list_blocks_with_exceptions() {
            Ok(blocks) => {
                let (zone, now) = (self.clock.zone(), self.clock.now().to_utc());
                let first = self.week.start;
                let last = first + chrono::Duration::days(6);
                self.week.occurrences =
                    crate::calendar::occurrences_between(&blocks, zone, first, last, now);
                self.today.blocks = crate::calendar::occurrences_between(
                    &blocks,
                    zone,
                    self.today.day,
                    self.today.day,
                    now,
                );
                let (from, to) = crate::domain::week::day_window(zone, first, last);
                match crate::service::classified_events_between(
                    &self.store,
                    &self.settings,
                    zone,
                    from,
                    to,
                ) {
                    Ok(events) => self.week.events = events,
                    Err(e) => self.set_error(format!("{e:#}")),
                }
                self.week.reselect(zone);
            }
            Err(e) => self.set_error(crate::describe(&e)),
        }
    }

    /// Stores the draft if it changed since it was last stored.
    pub fn flush_draft(&mut self) {
        if !self.today.dirty {
            return;
        }
        let body = self.today.text();
        let now = self.clock.now();
        let result = if body.trim().is_empty() {
            self.store.clear_draft(TODAY_DRAFT)
        } else {
            self.store.save_draft(
                TODAY_DRAFT,
                &Draft {
                    kind: self.today.kind,
                    body,
                    saved_at: now,
                },
            )
        };
        match result {
            Ok(()) => {
                self.today.dirty = false;
                self.today.draft_saved_at = Some(now);
            }
            Err(e) => self.set_error(strings::autosave_failed(&crate::describe(&e))),
        }
    }

    fn save_reflection(&mut self) {
        let body = self.today.text().trim_end().to_string();
        if body.trim().is_empty() {
            self.set_status(strings::NOTHING_TO_SAVE.to_string());
            return;
        }
        let new = NewEntry {
            kind: self.today.kind,
            at: self.clock.now(),
            body,
        };
        match self.store.insert_entry(&new, Some(TODAY_DRAFT)) {
            Ok(entry) => {
                let time = entry.at.format("%H:%M").to_string();
                self.set_status(strings::saved(entry.kind.as_str(), entry.id, &time));
                self.reset_editor(Vec::new());
                self.today.dirty = false;
                self.today.draft_saved_at = None;
                self.mode = Mode::Normal;
                if entry.day != self.today.day {
                    self.today.day = entry.day;
                }
                self.reload_today();
            }
            Err(e) => {
                self.today.dirty = true;
                self.set_error(strings::save_failed(&crate::describe(&e)));
            }
        }
    }

    /// Refuses input that would make the Today editor's text bigger than an entry may be.
    fn fits(&mut self, added: usize) -> bool {
        self.fits_entry(self.today.text_len() + added)
    }

    /// Whether `size` bytes of text may be an entry (or a conversation field, or a
    /// review); when not, the status line says how big it is and the limit. Every editor
    /// checks with this before text grows.
    pub(super) fn fits_entry(&mut self, size: usize) -> bool {
        if size > MAX_BODY_BYTES {
            self.set_error(strings::too_big(size.div_ceil(1024), MAX_BODY_BYTES / 1024));
            false
        } else {
            true
        }
    }

    fn select_entry(&mut self, f: impl Fn(usize, usize) -> usize) {
        let n = self.today.entries.len();
        if n == 0 {
            return;
        }
        let current = self.today.list.selected().unwrap_or(n - 1);
        self.today.list.select(Some(f(current, n).min(n - 1)));
    }

    /// Applies one action. The only place state changes.
    pub fn update(&mut self, action: Action) {
        self.apply(action);
        // The editor shows its cursor only while the user is writing in it.
        let cursor = if self.mode == Mode::Editing {
            self.theme.cursor
        } else {
            ratatui::style::Style::default()
        };
        self.today.editor.set_cursor_style(cursor);
        for (i, answer) in self.review.answers.iter_mut().enumerate() {
            answer.set_cursor_style(if self.review.editing && i == self.review.focus {
                self.theme.cursor
            } else {
                ratatui::style::Style::default()
            });
        }
    }

    fn apply(&mut self, action: Action) {
        if self.form.is_some() && self.apply_form(&action) {
            return;
        }
        if self.screen == Screen::Week && self.apply_week(&action) {
            return;
        }
        if self.screen == Screen::Audit && self.apply_audit(&action) {
            return;
        }
        if self.screen == Screen::People && self.apply_people(&action) {
            return;
        }
        if self.screen == Screen::Conversations && self.apply_conversations(&action) {
            return;
        }
        if self.screen == Screen::History && self.apply_history(&action) {
            return;
        }
        if self.screen == Screen::Review && self.apply_review(&action) {
            return;
        }
        match action {
            Action::ShowScreen(screen) => self.show(screen),
            Action::NextScreen => {
                self.show(Screen::ALL[(self.screen.index() + 1) % Screen::ALL.len()])
            }
            Action::PreviousScreen => {
                let n = Screen::ALL.len();
                self.show(Screen::ALL[(self.screen.index() + n - 1) % n]);
            }
            Action::Quit => {
                self.flush_draft();
                self.flush_conversation();
                self.flush_history_editor();
                self.flush_review();
                self.running = false;
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
            Action::CloseOverlay => self.overlay = None,
            Action::StartWriting => {
                self.mode = Mode::Editing;
                if self.status.as_ref().is_some_and(|s| !s.is_error) {
                    self.status = None;
                }
            }
            Action::StopWriting => {
                self.mode = Mode::Normal;
                self.flush_draft();
            }
            Action::SaveReflection => self.save_reflection(),
            Action::CycleEntryKind => {
                self.today.kind = self.today.kind.next();
                self.today.dirty = true;
                self.set_status(strings::kind_now(self.today.kind.as_str()));
            }
            Action::EditText(input) => {
                if grows(&input) && !self.fits(4) {
                    return;
                }
                if self.today.editor.input(input) {
                    self.today.dirty = true;
                }
            }
            Action::PasteText(text) => {
                let text = unix_newlines(&text);
                if self.mode != Mode::Editing || !self.fits(text.len()) {
                    return;
                }
                if self.today.editor.insert_str(&text) {
                    self.today.dirty = true;
                }
            }
            Action::NextPrompt => self.today.prompt_offset += 1,
            Action::PreviousPrompt => self.today.prompt_offset -= 1,
            Action::SelectNextEntry => self.select_entry(|i, _| i + 1),
            Action::SelectPreviousEntry => self.select_entry(|i, _| i.saturating_sub(1)),
            Action::SelectFirstEntry => self.select_entry(|_, _| 0),
            Action::SelectLastEntry => self.select_entry(|_, n| n - 1),
            Action::OpenExternalEditor => {
                self.flush_draft();
                self.pending = Some(Task::ExternalEdit(self.today.text()));
            }
            Action::ExternalEditFinished(Ok(edited)) => {
                let text = edited.text.trim_end_matches('\n').to_string();
                if !self.fits_entry(text.len()) {
                    return;
                }
                if text != self.today.text() {
                    self.reset_editor(text.lines().map(str::to_string).collect());
                    self.today.dirty = true;
                    self.flush_draft();
                }
                match &edited.note {
                    Some(note) => self.set_error(strings::external_edit_note(note)),
                    None => self.set_status(strings::EXTERNAL_EDIT_DONE.to_string()),
                }
            }
            Action::ExternalEditFinished(Err(e)) => {
                self.set_error(strings::external_edit_failed(&e))
            }
            Action::DiscardDraft => {
                if self.today.editor.is_empty() {
                    self.set_status(strings::NO_DRAFT.to_string());
                } else {
                    self.overlay = Some(Overlay::ConfirmDiscard);
                }
            }
            Action::Confirm => {
                if self.overlay == Some(Overlay::ConfirmDiscard) {
                    self.reset_editor(Vec::new());
                    self.today.dirty = true;
                    self.flush_draft();
                    self.set_status(strings::DRAFT_DISCARDED.to_string());
                }
                self.overlay = None;
            }
            Action::Tick => {
                self.flush_draft();
                self.flush_conversation();
                self.flush_history_editor();
                self.flush_review();
                let today = self.clock.today();
                if today != self.today.day {
                    self.today.day = today;
                    self.today.prompt_offset = 0;
                    self.reload_today();
                    self.reload_blocks();
                }
            }
            // Week and form actions are handled above; elsewhere they do nothing.
            _ => {}
        }
    }

    pub(super) fn show(&mut self, screen: Screen) {
        if self.mode == Mode::Editing {
            self.mode = Mode::Normal;
            self.flush_draft();
        }
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
