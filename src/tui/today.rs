//! The Today screen: the prompt of the day, what is planned today, today's entries and
//! the editor; its update (write, save, edit and delete entries) and its render.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Widget, Wrap};

use super::action::Action;
use super::app::{App, EditorOwner, EntryEditor, Mode, Overlay, Screen, Task};
use super::editor::Editor;
use super::keymap::Table;
use super::strings;
use super::text::{fit_line, highlight_marks, wrap};
use super::theme::Theme;
use super::ui::panel;
use crate::domain::block::{Occurrence, OccurrenceStatus};
use crate::domain::conversation::{Conversation, FollowUp};
use crate::domain::event::EventOccurrence;
use crate::domain::history::ItemId;
use crate::domain::meeting::is_one_on_one;
use crate::domain::{Entry, EntryKind, NewEntry};
use crate::store::Draft;

/// Wide terminals show entries and editor side by side; narrower ones stack them.
const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// Rows the editor keeps while writing, however small the terminal (borders included).
const EDITOR_MIN_ROWS: u16 = 6;

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
    /// Today's imported calendar events, 1:1s first, loaded with the blocks.
    pub events: Vec<EventOccurrence>,
    /// Conversations planned for today and follow-ups due or late, loaded with the day.
    pub conversations: Vec<Conversation>,
    /// The selected entry.
    pub selected: Option<usize>,
    /// How many of the selected entry's lines are scrolled past (a tall entry).
    pub scroll: usize,
    /// Browsing or writing in the editor.
    pub mode: Mode,
    /// The draft's editor.
    pub editor: Editor,
    /// A saved entry being edited in place, in the editor's panel.
    pub entry_editor: Option<EntryEditor>,
    /// The kind the editor's text will be saved as.
    pub kind: EntryKind,
    /// The first day of last week, when its review is missing (a reminder).
    pub review_missing: Option<NaiveDate>,
    /// The prompt chosen from the week's signals, loaded with the day.
    pub chosen: Option<crate::domain::prompts::Chosen>,
    /// What to raise with each person met in a 1:1 today.
    pub agendas: Vec<crate::app::coaching::DayAgenda>,
}

impl TodayState {
    /// An empty Today for `day`.
    pub fn new(day: NaiveDate, theme: &Theme) -> TodayState {
        TodayState {
            day,
            prompt_offset: 0,
            entries: Vec::new(),
            blocks: Vec::new(),
            events: Vec::new(),
            conversations: Vec::new(),
            selected: None,
            chosen: None,
            agendas: Vec::new(),
            scroll: 0,
            mode: Mode::Normal,
            editor: Editor::new("", strings::EDITOR_PLACEHOLDER, theme),
            entry_editor: None,
            kind: EntryKind::Reflection,
            review_missing: None,
        }
    }

    /// The draft's text.
    pub fn text(&self) -> String {
        self.editor.text()
    }

    /// The selected entry.
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.selected.and_then(|i| self.entries.get(i))
    }
}

impl App {
    /// Puts the draft left by an earlier bearing (or a window that ended) in the editor.
    pub(super) fn recover_draft(&mut self) {
        match self.store.draft(&self.draft_slot.name) {
            Ok(Some(draft)) if !draft.body.trim().is_empty() => {
                self.today.editor =
                    Editor::new(&draft.body, strings::EDITOR_PLACEHOLDER, &self.theme);
                self.today.editor.saved_at = Some(draft.saved_at);
                self.today.kind = draft.kind;
                let when = draft.saved_at.format("%a %-d %b %H:%M").to_string();
                let save = self.keys.key(Table::Today, &Action::Save);
                let discard = self.keys.key(Table::Today, &Action::DiscardDraft);
                let adopted = self.draft_slot.adopted;
                self.set_status(strings::draft_recovered(&when, adopted, &save, &discard));
            }
            Ok(_) => {
                let write = self.keys.key(Table::Today, &Action::StartWriting);
                self.set_status(strings::start_hint(&write));
            }
            Err(e) => self.set_error(strings::autosave_failed(&crate::describe(&e))),
        }
    }

    /// Loads today's entries; only called when the day or the entries change.
    pub(super) fn reload_today(&mut self) {
        let keep = self.today.selected_entry().map(|e| e.id);
        match self.store.list_entries_on(self.today.day) {
            Ok(entries) => {
                // The same entry stays selected when it is still there, else the newest.
                self.today.selected = keep
                    .and_then(|id| entries.iter().position(|e| e.id == id))
                    .or(entries.len().checked_sub(1));
                self.today.entries = entries;
                self.today.scroll = 0;
            }
            Err(e) => self.report(&e),
        }
        self.reload_today_conversations();
        // Last week's review, when missing, is worth a reminder.
        let first = self.config.week.first_day.0;
        match crate::app::reviews::missing(&self.store, self.today.day, first) {
            Ok(missing) => self.today.review_missing = missing,
            Err(e) => self.report(&e),
        }
        self.reload_today_coaching();
    }

    /// Loads the prompt chosen for today and the agendas of today's 1:1s.
    pub(super) fn reload_today_coaching(&mut self) {
        match crate::app::coaching::day(&self.store, &self.settings, &self.config, self.app_now()) {
            Ok(day) => {
                self.today.chosen = Some(day.prompt);
                self.today.agendas = day
                    .agendas
                    .into_iter()
                    .filter(|a| !a.items.is_empty())
                    .collect();
            }
            Err(e) => self.report(&e),
        }
    }

    /// Loads today's conversations and follow-ups due or late.
    pub(super) fn reload_today_conversations(&mut self) {
        use crate::domain::conversation::{Group, Status};
        let day = self.today.day;
        let now = self.now();
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
            Err(e) => self.report(&e),
        }
    }

    /// Loads today's imported events, 1:1s first; called with the blocks.
    pub(super) fn reload_today_events(&mut self) {
        let zone = self.zone();
        let day = self.today.day;
        let (from, to) = crate::domain::week::day_window(zone, day, day);
        match crate::app::audit::classified_events_between(
            &self.store,
            &self.settings,
            zone,
            from,
            to,
        ) {
            Ok(events) => {
                let mut events: Vec<EventOccurrence> = events
                    .into_iter()
                    .map(|(e, _)| e)
                    .filter(|e| {
                        let start = e.start.with_timezone(&zone).date_naive();
                        let end = e.end.with_timezone(&zone).date_naive();
                        start <= day && (end > day || (end == day && !e.all_day))
                    })
                    .collect();
                events.sort_by_key(|e| (!is_one_on_one(e.into()), !e.all_day, e.start));
                self.today.events = events;
            }
            Err(e) => self.set_error(format!("{e:#}")),
        }
    }

    /// Stores the draft (or clears it when empty): how Today's editor autosaves.
    pub(super) fn store_draft(&mut self) -> Result<(), String> {
        let body = self.today.text();
        let slot = self.draft_slot.name.clone();
        let result = if body.trim().is_empty() {
            self.store.clear_draft(&slot)
        } else {
            let draft = Draft {
                kind: self.today.kind,
                body,
                saved_at: self.now(),
            };
            self.store.save_draft(&slot, &draft)
        };
        result.map_err(|e| strings::autosave_failed(&crate::describe(&e)))
    }

    /// Stores the text of an entry edited in place: how Today's entry editor autosaves.
    pub(super) fn store_entry_edit(&mut self, owner: EditorOwner) -> Result<(), String> {
        let edit = match owner {
            EditorOwner::TodayEntry => self.today.entry_editor.as_ref(),
            EditorOwner::Draft => None,
        };
        let Some(edit) = edit else { return Ok(()) };
        let (id, body) = (edit.id, edit.editor.clean_text());
        self.store
            .update_entry_body(id, &body)
            .map(|_| ())
            .map_err(|e| strings::autosave_failed(&crate::describe(&e)))
    }

    /// Saves the draft as an entry; the kind goes back to reflection after it.
    fn save_entry(&mut self) {
        let body = self.today.editor.clean_text();
        if body.trim().is_empty() {
            self.set_status(strings::NOTHING_TO_SAVE);
            return;
        }
        let new = NewEntry {
            kind: self.today.kind,
            at: self.now(),
            body,
        };
        match self.store.insert_entry(&new, Some(&self.draft_slot.name)) {
            Ok(entry) => {
                let time = entry.at.format("%H:%M").to_string();
                self.set_status(strings::saved(entry.kind.as_str(), entry.id, &time));
                self.today.editor = Editor::new("", strings::EDITOR_PLACEHOLDER, &self.theme);
                self.today.kind = EntryKind::Reflection;
                self.today.mode = Mode::Normal;
                self.today.day = entry.day;
                self.reload_today();
                self.today.selected = self.today.entries.iter().position(|e| e.id == entry.id);
            }
            Err(e) => {
                self.today.editor.dirty = true;
                self.set_error(strings::save_failed(&crate::describe(&e)));
            }
        }
    }

    fn select_entry(&mut self, f: impl Fn(usize, usize) -> usize) {
        let n = self.today.entries.len();
        if n == 0 {
            return;
        }
        let current = self.today.selected.unwrap_or(n - 1);
        self.today.selected = Some(f(current, n).min(n - 1));
        self.today.scroll = 0;
    }

    /// Opens the selected entry in the editor's panel to edit it in place.
    fn edit_selected_entry(&mut self) {
        let Some(entry) = self.today.selected_entry().cloned() else {
            self.set_status(strings::NO_ENTRY_SELECTED);
            return;
        };
        let editor = Editor::new(&entry.body, strings::EDITOR_PLACEHOLDER, &self.theme);
        self.today.entry_editor = Some(EntryEditor {
            id: entry.id,
            editor,
        });
        self.set_status(strings::editing_entry(
            &entry.at.format("%H:%M").to_string(),
        ));
    }

    /// Deletes entry `id` after the question was answered yes on Today.
    pub(super) fn delete_item(&mut self, id: ItemId) {
        let deleted = match id {
            ItemId::Entry(id) => self.store.delete_entry(id),
            ItemId::Conversation(id) => self.store.delete_conversation(id),
        };
        match deleted {
            Ok(_) => {
                self.set_status(strings::DELETED_ITEM);
                self.reload_today();
            }
            Err(e) => self.report(&e),
        }
    }

    /// Applies a Today screen action; false if `action` is not one.
    pub(super) fn apply_today(&mut self, action: &Action) -> bool {
        let writing = self.today.mode == Mode::Editing;
        match action {
            Action::Save if self.today.entry_editor.is_none() => self.save_entry(),
            Action::StartWriting => {
                self.today.mode = Mode::Editing;
                if self.status.as_ref().is_some_and(|s| !s.is_error) {
                    self.status = None;
                }
            }
            Action::CycleEntryKind => {
                self.today.kind = self.today.kind.next();
                self.today.editor.dirty = true;
                self.set_status(strings::kind_now(self.today.kind.as_str()));
            }
            Action::NextPrompt => self.today.prompt_offset += 1,
            Action::PreviousPrompt => self.today.prompt_offset -= 1,
            Action::CursorDown => self.select_entry(|i, _| i + 1),
            Action::CursorUp => self.select_entry(|i, _| i.saturating_sub(1)),
            Action::First => self.select_entry(|_, _| 0),
            Action::Last => self.select_entry(|_, n| n - 1),
            Action::ScrollPreviewDown => {
                let lines = self
                    .today
                    .selected_entry()
                    .map_or(0, |e| e.body.lines().count());
                self.today.scroll = (self.today.scroll + 1).min(lines.saturating_sub(1));
            }
            Action::ScrollPreviewUp => self.today.scroll = self.today.scroll.saturating_sub(1),
            Action::OpenItem => self.edit_selected_entry(),
            Action::DeleteItem => match self.today.selected_entry() {
                Some(e) => self.overlay = Some(Overlay::ConfirmDelete(ItemId::Entry(e.id))),
                None => self.set_status(strings::NO_ENTRY_SELECTED),
            },
            Action::OpenExternalEditor => {
                self.flush(EditorOwner::Draft);
                self.pending = Some(Task::ExternalEdit(self.today.text()));
            }
            Action::ExternalEditFinished(Ok(edited)) => {
                if let Err(too_big) = self.today.editor.replace(&edited.text, &self.theme) {
                    self.report_too_big(too_big);
                    return true;
                }
                self.flush(EditorOwner::Draft);
                match &edited.note {
                    Some(note) => self.set_error(strings::external_edit_note(note)),
                    None => {
                        let save = self.keys.key(Table::Writing, &Action::Save);
                        self.set_status(strings::external_edit_done(&save));
                    }
                }
            }
            Action::ExternalEditFinished(Err(e)) => {
                self.set_error(strings::external_edit_failed(e))
            }
            Action::DiscardDraft => {
                if self.today.editor.is_empty() {
                    self.set_status(strings::NO_DRAFT);
                } else {
                    self.overlay = Some(Overlay::ConfirmDiscard);
                }
            }
            Action::Confirm => match self.overlay.take() {
                Some(Overlay::ConfirmDiscard) => {
                    self.today.editor.clear(&self.theme);
                    self.flush(EditorOwner::Draft);
                    self.set_status(strings::DRAFT_DISCARDED);
                }
                Some(Overlay::ConfirmDelete(id)) => self.delete_item(id),
                _ => {}
            },
            // Paste while browsing is not typed as commands.
            Action::PasteText(_) if !writing => {}
            _ => return false,
        }
        true
    }
}

/// Draws the Today screen into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let writing = app.today.mode == Mode::Editing || app.today.entry_editor.is_some();
    let agenda = agenda_lines(app);
    let side_by_side = area.width >= SIDE_BY_SIDE_WIDTH;
    // While writing, the editor keeps its rows first: the prompt and the agenda give way.
    let needed = if writing && !side_by_side {
        EDITOR_MIN_ROWS + 3
    } else if writing {
        EDITOR_MIN_ROWS
    } else {
        3
    };
    let mut prompt_height = prompt_height(app, area.width);
    let mut agenda_height = match agenda.len() {
        0 => 0,
        n => (n as u16).min((area.height / 4).max(4)) + 2,
    };
    if area.height < prompt_height + agenda_height + needed {
        agenda_height = 0;
    }
    if area.height < prompt_height + needed {
        prompt_height = if area.height >= 3 + needed { 3 } else { 0 };
    }
    let [prompt, agenda_area, rest] = Layout::vertical([
        Constraint::Length(prompt_height),
        Constraint::Length(agenda_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    if prompt_height > 0 {
        render_prompt(app, prompt, buf);
    }
    if agenda_height > 0 {
        render_agenda(app, agenda, agenda_area, buf);
    }
    let (entries, editor) = if side_by_side {
        let [l, r] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .areas(rest);
        (l, r)
    } else if writing {
        let [t, b] =
            Layout::vertical([Constraint::Fill(1), Constraint::Min(EDITOR_MIN_ROWS)]).areas(rest);
        let [t, b] = if t.height < 3 {
            // No room for a list worth reading: the editor takes it all.
            [Rect { height: 0, ..t }, rest]
        } else {
            [t, b]
        };
        (t, b)
    } else {
        let [t, b] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(rest);
        (t, b)
    };
    if entries.height > 0 {
        render_entries(app, entries, buf);
    }
    render_editor(app, editor, buf);
}

fn prompt_height(app: &App, width: u16) -> u16 {
    let (_, text) = app.current_prompt();
    let inner = width.saturating_sub(4).max(1) as usize;
    let lines = wrap(&text, inner).len().clamp(1, 3);
    let reason = u16::from(app.prompt_reason().is_some());
    lines as u16 + 2 + reason
}

fn render_prompt(app: &App, area: Rect, buf: &mut Buffer) {
    let (n, text) = app.current_prompt();
    let title = if n == 0 {
        format!(
            "{} · {}",
            strings::PROMPT_TITLE,
            strings::PROMPT_FOR_THIS_WEEK
        )
    } else {
        format!("{} · {n}/{}", strings::PROMPT_TITLE, app.prompts.len())
    };
    let hint = app
        .keys
        .hint(Table::Today, &[Action::NextPrompt, Action::PreviousPrompt]);
    let inner_width = usize::from(area.width.saturating_sub(4));
    let reason = app.prompt_reason();
    let rows =
        usize::from(area.height.saturating_sub(2)).saturating_sub(usize::from(reason.is_some()));
    let mut lines: Vec<Line> = wrap(&text, inner_width)
        .into_iter()
        .map(Line::raw)
        .collect();
    if lines.len() > rows && rows > 0 {
        let rest = lines[rows - 1..]
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        lines.truncate(rows - 1);
        lines.push(fit_line(Line::raw(rest), inner_width));
    }
    if let Some(reason) = reason {
        lines.push(fit_line(
            Line::styled(reason.to_string(), app.theme.muted),
            inner_width,
        ));
    }
    Paragraph::new(lines)
        .block(panel(&title, &hint, &app.theme, false).padding(Padding::horizontal(1)))
        .render(area, buf);
}

/// A time range as `09:00–10:30`, in the user's zone.
fn span_of(
    app: &App,
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
) -> String {
    let zone = app.zone();
    format!(
        "{}–{} ",
        start.with_timezone(&zone).format("%H:%M"),
        end.with_timezone(&zone).format("%H:%M")
    )
}

/// What is planned today: 1:1s first, then leadership blocks, other meetings,
/// conversations planned for today, follow-ups due or late, and a missing review.
fn agenda_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let event_line = |e: &EventOccurrence| {
        let when = if e.all_day {
            format!("{} ", strings::ALL_DAY)
        } else {
            span_of(app, e.start, e.end)
        };
        Line::from(vec![
            Span::styled(when, theme.accent),
            Span::raw(e.title.clone()),
            Span::styled(format!(" ({})", e.calendar), theme.muted),
        ])
    };
    let (one_on_ones, others): (Vec<_>, Vec<_>) = app
        .today
        .events
        .iter()
        .partition(|e| is_one_on_one((*e).into()));
    let mut lines: Vec<Line<'static>> = Vec::new();
    for e in one_on_ones {
        lines.push(event_line(e));
        // What to raise with whoever the 1:1 is with.
        for a in app
            .today
            .agendas
            .iter()
            .filter(|a| a.meetings.contains(&e.uid))
        {
            for i in &a.items {
                lines.push(Line::styled(
                    strings::agenda_line(&a.person, &i.text),
                    theme.muted,
                ));
            }
        }
    }
    lines.extend(app.today.blocks.iter().map(|o| {
        let status = match o.status {
            OccurrenceStatus::Planned => String::new(),
            s => format!(" ({})", s.label()),
        };
        Line::from(vec![
            Span::styled(span_of(app, o.start.to_utc(), o.end.to_utc()), theme.accent),
            Span::raw(o.title.clone()),
            Span::styled(status, theme.muted),
        ])
    }));
    lines.extend(others.into_iter().map(event_line));
    let zone = app.zone();
    for c in &app.today.conversations {
        let line = match c.follow_up(app.today.day) {
            FollowUp::Due => Line::from(vec![
                Span::styled(strings::FOLLOW_UP_DUE, theme.accent),
                Span::raw(strings::with_topic(&c.person, &c.topic)),
            ]),
            FollowUp::Overdue(days) => Line::from(vec![
                Span::styled(strings::follow_up_late(days), theme.error),
                Span::raw(strings::with_topic(&c.person, &c.topic)),
            ]),
            _ => Line::from(vec![
                Span::styled(
                    c.planned_at
                        .map(|t| t.with_timezone(&zone).format("%H:%M ").to_string())
                        .unwrap_or_default(),
                    theme.accent,
                ),
                Span::raw(strings::conversation_with(&c.person, &c.topic)),
            ]),
        };
        lines.push(line);
    }
    if app.today.review_missing.is_some() {
        let review = app
            .keys
            .key(Table::Global, &Action::ShowScreen(Screen::Review));
        lines.push(Line::styled(strings::review_missing(&review), theme.accent));
    }
    lines
}

fn render_agenda(app: &App, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let shown = (area.height.saturating_sub(2)) as usize;
    let width = usize::from(area.width.saturating_sub(4));
    let total = lines.len();
    let mut lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    if total > shown && shown > 0 {
        lines.truncate(shown - 1);
        lines.push(Line::styled(
            strings::more(total - shown + 1),
            app.theme.muted,
        ));
    }
    let hint = app.keys.hint(
        Table::Global,
        &[
            Action::ShowScreen(Screen::Week),
            Action::ShowScreen(Screen::Conversations),
        ],
    );
    Paragraph::new(lines)
        .block(
            panel(strings::AGENDA_TITLE, &hint, &app.theme, false).padding(Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// One entry as lines: a heading (time, kind) and the wrapped body.
fn entry_lines(entry: &Entry, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(entry.at.format("%H:%M").to_string(), theme.accent),
        Span::styled(format!(" · {}", entry.kind.label()), theme.muted),
    ])];
    lines.extend(
        wrap(&entry.body, width)
            .iter()
            .map(|l| highlight_marks(l, theme)),
    );
    lines
}

/// Rows of the first `lines` logical lines of `body` once wrapped at `width`.
fn rows_of_first_lines(body: &str, lines: usize, width: usize) -> usize {
    body.lines()
        .take(lines)
        .map(|l| wrap(l, width).len().max(1))
        .sum()
}

fn render_entries(app: &App, area: Rect, buf: &mut Buffer) {
    let entries = &app.today.entries;
    let count = strings::entries(entries.len());
    let focused = app.today.mode == Mode::Normal && app.today.entry_editor.is_none();
    let title = format!("{} · {count}", strings::ENTRIES_TITLE);
    let hint = if focused && !entries.is_empty() {
        app.keys
            .hint(Table::Today, &[Action::OpenItem, Action::DeleteItem])
    } else {
        String::new()
    };
    let block = panel(&title, &hint, &app.theme, focused);
    if entries.is_empty() {
        Paragraph::new(Span::styled(
            strings::no_entries(&app.keys.key(Table::Today, &Action::StartWriting)),
            app.theme.muted,
        ))
        .wrap(Wrap { trim: true })
        .block(block.padding(Padding::horizontal(1)))
        .render(area, buf);
        return;
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width.saturating_sub(2)).max(1);
    let visible = usize::from(inner.height);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_start = 0;
    for (i, e) in entries.iter().enumerate() {
        let selected = app.today.selected == Some(i);
        if selected {
            selected_start = lines.len();
        }
        for line in entry_lines(e, width, &app.theme) {
            let (mark, line) = if selected {
                (
                    Span::styled("▌ ", app.theme.accent),
                    line.patch_style(app.theme.selection),
                )
            } else {
                (Span::raw("  "), line)
            };
            let mut spans = vec![mark];
            spans.extend(line.spans);
            lines.push(Line::from(spans).style(line.style));
        }
    }
    // The selected entry starts at the top (scrolled within when tall), unless the rest
    // fits below: then the entries above it fill the panel.
    // Scrolled past: the heading, then the first `scroll` lines of the body.
    let scrolled = app
        .today
        .selected_entry()
        .filter(|_| app.today.scroll > 0)
        .map_or(0, |e| {
            1 + rows_of_first_lines(&e.body, app.today.scroll, width)
        });
    let top = if app.today.scroll == 0 {
        selected_start.min(lines.len().saturating_sub(visible))
    } else {
        (selected_start + scrolled).min(lines.len().saturating_sub(1))
    };
    let more_below = lines.len() > top + visible;
    let shown: Vec<Line> = lines.into_iter().skip(top).take(visible).collect();
    Paragraph::new(shown).render(inner, buf);
    if more_below {
        let hint = app.keys.hint(
            Table::Today,
            &[Action::ScrollPreviewDown, Action::ScrollPreviewUp],
        );
        let text = format!(" {} · {hint} ", strings::MORE_BELOW);
        let x = area.right().saturating_sub(text.chars().count() as u16 + 1);
        buf.set_stringn(
            x.max(area.x),
            area.bottom().saturating_sub(1),
            text,
            usize::from(area.width),
            app.theme.muted,
        );
    }
}

fn render_editor(app: &App, area: Rect, buf: &mut Buffer) {
    let (editor, title, table) = match &app.today.entry_editor {
        Some(edit) => {
            let at = app
                .today
                .entries
                .iter()
                .find(|e| e.id == edit.id)
                .map(|e| {
                    format!(
                        "{} {}",
                        e.at.with_timezone(&app.zone()).format("%H:%M"),
                        e.kind.label()
                    )
                })
                .unwrap_or_default();
            (&edit.editor, strings::editing_title(&at), Table::Entry)
        }
        None => (
            &app.today.editor,
            format!("{} · {}", strings::EDITOR_TITLE, app.today.kind.as_str()),
            Table::Writing,
        ),
    };
    let writing = app.today.mode == Mode::Editing || app.today.entry_editor.is_some();
    let hint = if writing {
        app.keys.hint(table, &[Action::Save, Action::Back])
    } else {
        app.keys.hint(Table::Today, &[Action::StartWriting])
    };
    let saved = editor
        .saved_at
        .filter(|_| !editor.is_empty())
        .map(|t| strings::draft_saved(&t.format("%H:%M:%S").to_string()))
        .unwrap_or_default();
    let border = if writing {
        app.theme.accent
    } else {
        app.theme.muted
    };
    let width = usize::from(area.width.saturating_sub(4));
    let title = fit_line(
        Line::raw(title),
        width.saturating_sub(hint.chars().count() + 4),
    );
    let mut block = Block::bordered()
        .border_type(if writing {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(border)
        .title(Span::styled(format!(" {title} "), app.theme.accent));
    if title.width() + hint.chars().count() + 6 <= usize::from(area.width) {
        block = block.title(Line::styled(format!(" {hint} "), app.theme.muted).right_aligned());
    }
    if !saved.is_empty() {
        block =
            block.title_bottom(Line::styled(format!(" {saved} "), app.theme.muted).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    editor.render(inner, buf);
}
