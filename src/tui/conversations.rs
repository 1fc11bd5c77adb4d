//! The Conversations screen: conversations grouped (upcoming, follow-ups due, held,
//! closed), keys to hold, follow up and close them, and an editor that moves between
//! fields with Tab, each field the same multi-line editor as reflections, autosaved.

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap,
};
use ratatui_textarea::{TextArea, WrapMode};

use super::action::Action;
use super::app::App;
use super::form::{Form, FormPurpose};
use super::strings;
use super::theme::Theme;
use super::ui::{clamp_selection, panel, step_selection};
use crate::domain::conversation::{
    Conversation, FollowUp, Group, Status, TEXT_FIELDS, check_follow_up,
};
use crate::domain::time::{localize_in, read_date, read_date_time};
use crate::domain::words;
use crate::store::NewConversation;

/// Fields before the free-text ones: the topic and when.
const HEAD_FIELDS: usize = 2;

/// A conversation open for writing.
#[derive(Debug)]
pub struct ConvoEditor {
    /// The conversation being written.
    pub conversation: Conversation,
    /// One editor per field: topic, when, then the free-text fields.
    pub fields: Vec<TextArea<'static>>,
    /// The field being written in.
    pub focus: usize,
    /// Whether anything changed since the last save.
    pub dirty: bool,
    /// When the fields were last saved.
    pub saved_at: Option<DateTime<FixedOffset>>,
}

/// State of the Conversations screen.
#[derive(Debug, Default)]
pub struct ConversationsState {
    /// Every conversation, by group then day.
    pub list: Vec<Conversation>,
    /// The selection.
    pub selection: ListState,
    /// The editor, while one is open.
    pub editor: Option<ConvoEditor>,
}

impl ConversationsState {
    /// The selected conversation.
    pub fn selected(&self) -> Option<&Conversation> {
        self.selection.selected().and_then(|i| self.list.get(i))
    }
}

/// A multi-line, word-wrapped editor holding `text`, as the Today screen's.
pub fn text_editor(text: &str, placeholder: &str, theme: &Theme) -> TextArea<'static> {
    let mut editor = TextArea::new(text.lines().map(str::to_string).collect());
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_placeholder_text(placeholder.to_string());
    editor.set_placeholder_style(theme.muted);
    editor.set_cursor_line_style(ratatui::style::Style::default());
    editor.set_cursor_style(theme.cursor);
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    editor
}

fn label(i: usize, c: &mut Conversation) -> &'static str {
    match i {
        0 => "Topic",
        1 => "When",
        n => c
            .text_fields_mut()
            .get(n - HEAD_FIELDS)
            .map_or("", |(l, _)| *l),
    }
}

impl ConvoEditor {
    fn open(mut conversation: Conversation, zone: chrono_tz::Tz, theme: &Theme) -> ConvoEditor {
        let when = conversation
            .planned_at
            .map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let mut fields = vec![
            text_editor(&conversation.topic, "what it is about", theme),
            text_editor(&when, "YYYY-MM-DD HH:MM", theme),
        ];
        for (_, value) in conversation.text_fields_mut() {
            fields.push(text_editor(value, strings::CONVO_FIELD_HINT, theme));
        }
        ConvoEditor {
            conversation,
            fields,
            focus: HEAD_FIELDS,
            dirty: false,
            saved_at: None,
        }
    }

    /// The conversation with the editors' text, or the field to blame and why.
    fn read(
        &self,
        zone: chrono_tz::Tz,
        now: chrono::NaiveDateTime,
    ) -> Result<Conversation, (usize, String)> {
        let text = |i: usize| {
            self.fields
                .get(i)
                .map(|f| f.lines().join("\n"))
                .unwrap_or_default()
        };
        let mut c = self.conversation.clone();
        c.topic = text(0).trim().to_string();
        if c.topic.is_empty() {
            return Err((0, "a conversation needs a topic".into()));
        }
        let when = text(1);
        c.planned_at = if when.trim().is_empty() {
            None
        } else {
            Some(
                read_date_time(&when, now)
                    .and_then(|t| localize_in(&zone, t))
                    .map_err(|e| (1, e.to_string()))?,
            )
        };
        for (i, (_, value)) in c.text_fields_mut().into_iter().enumerate() {
            *value = text(i + HEAD_FIELDS).trim_end().to_string();
        }
        Ok(c)
    }
}

impl App {
    /// Loads every conversation, grouped.
    pub(super) fn reload_conversations(&mut self) {
        let now = self.now();
        match self.store.list_conversations(&Default::default()) {
            Ok(mut list) => {
                list.sort_by_key(|c| c.list_order(now));
                let n = list.len();
                self.conversations.list = list;
                clamp_selection(&mut self.conversations.selection, n);
            }
            Err(e) => self.set_error(crate::describe(&e)),
        }
    }

    /// Keeps the selection on conversation `id` after the list re-sorts.
    fn select_conversation(&mut self, id: i64) {
        if let Some(i) = self.conversations.list.iter().position(|c| c.id == id) {
            self.conversations.selection.select(Some(i));
        }
    }

    /// Saves the open conversation if it changed: the autosave, also run on every tick.
    pub fn flush_conversation(&mut self) {
        let zone = self.zone();
        let now = self.now();
        let Some(editor) = self.conversations.editor.as_mut() else {
            return;
        };
        if !editor.dirty {
            return;
        }
        match editor.read(zone, now.naive_local()) {
            Ok(c) => match self.store.update_conversation(&c) {
                Ok(()) => {
                    editor.conversation = c;
                    editor.dirty = false;
                    editor.saved_at = Some(now);
                }
                Err(e) => self.set_error(strings::autosave_failed(&crate::describe(&e))),
            },
            Err((i, message)) => {
                let name = label(i, &mut editor.conversation.clone());
                self.set_error(format!(
                    "{name}: {message}. Everything else is kept; fix it to save."
                ));
            }
        }
    }

    fn change_status(&mut self, to: Status) {
        let Some(mut c) = self.conversations.selected().cloned() else {
            self.set_status(strings::NO_CONVERSATION.to_string());
            return;
        };
        if !c.status.can_become(to) {
            self.set_error(format!(
                "Conversation #{} is {}; it cannot become {}.",
                c.id,
                c.status.label(),
                to.label()
            ));
            return;
        }
        c.status = to;
        if to == Status::Held {
            c.held_at = Some(self.now());
        }
        match self.store.update_conversation(&c) {
            Ok(()) => {
                self.set_status(format!(
                    "{} with {} is now {}.",
                    c.topic,
                    c.person,
                    to.label()
                ));
                self.reload_conversations();
                self.select_conversation(c.id);
                self.reload_today_conversations();
            }
            Err(e) => self.set_error(crate::describe(&e)),
        }
    }

    /// Applies a Conversations screen action; false if `action` is not one.
    pub(super) fn apply_conversations(&mut self, action: &Action) -> bool {
        if self.conversations.editor.is_some() {
            return self.apply_convo_editor(action);
        }
        let n = self.conversations.list.len();
        match action {
            Action::CursorDown | Action::CursorUp => {
                step_selection(
                    &mut self.conversations.selection,
                    n,
                    *action == Action::CursorDown,
                );
            }
            Action::NewConversation => {
                self.form = Some(Form::new(
                    strings::NEW_CONVERSATION_TITLE,
                    FormPurpose::NewConversation,
                    &[
                        ("With", "a name", String::new()),
                        ("Topic", "what it is about", String::new()),
                        ("When", "YYYY-MM-DD HH:MM (optional)", String::new()),
                    ],
                    &self.theme,
                ));
            }
            Action::OpenConversation => match self.conversations.selected().cloned() {
                Some(c) => {
                    self.conversations.editor = Some(ConvoEditor::open(c, self.zone(), &self.theme))
                }
                None => self.set_status(strings::NO_CONVERSATION.to_string()),
            },
            Action::MarkHeld => self.change_status(Status::Held),
            Action::MarkFollowedUp => self.change_status(Status::FollowedUp),
            Action::CloseConversation => self.change_status(Status::Closed),
            Action::CancelConversation => self.change_status(Status::Cancelled),
            Action::SetFollowUp => match self.conversations.selected().cloned() {
                Some(c) if c.status == Status::Held => {
                    let current = c.followup_on.map(|d| d.to_string()).unwrap_or_default();
                    self.form = Some(Form::new(
                        strings::FOLLOW_UP_TITLE,
                        FormPurpose::FollowUp { id: c.id },
                        &[("Follow up on", "YYYY-MM-DD", current)],
                        &self.theme,
                    ));
                }
                Some(c) => self.set_error(format!(
                    "#{} is {}; a follow-up is set once it is held (h).",
                    c.id,
                    c.status.label()
                )),
                None => self.set_status(strings::NO_CONVERSATION.to_string()),
            },
            _ => return false,
        }
        true
    }

    fn apply_convo_editor(&mut self, action: &Action) -> bool {
        let Some(editor) = self.conversations.editor.as_mut() else {
            return false;
        };
        let count = editor.fields.len();
        match action {
            Action::NextField => editor.focus = (editor.focus + 1) % count,
            Action::PreviousField => editor.focus = (editor.focus + count - 1) % count,
            Action::EditText(input) => {
                if let Some(f) = editor.fields.get_mut(editor.focus)
                    && f.input(input.clone())
                {
                    editor.dirty = true;
                }
            }
            Action::PasteText(text) => {
                if !self.fits_entry(text.len()) {
                    return true;
                }
                let Some(editor) = self.conversations.editor.as_mut() else {
                    return false;
                };
                if let Some(f) = editor.fields.get_mut(editor.focus)
                    && f.insert_str(super::app::unix_newlines(text))
                {
                    editor.dirty = true;
                }
            }
            Action::SaveReflection => {
                editor.dirty = true;
                self.flush_conversation();
                if self.conversations.editor.as_ref().is_some_and(|e| !e.dirty) {
                    self.set_status(strings::CONVERSATION_SAVED.to_string());
                }
            }
            Action::CloseEditor => {
                self.flush_conversation();
                if self.conversations.editor.as_ref().is_some_and(|e| !e.dirty) {
                    self.set_status(strings::CONVERSATION_SAVED.to_string());
                    self.conversations.editor = None;
                    self.reload_conversations();
                    self.reload_today_conversations();
                }
            }
            _ => return false,
        }
        true
    }

    /// Saves the new-conversation and follow-up forms.
    pub(super) fn submit_conversation_form(
        &mut self,
        purpose: &FormPurpose,
    ) -> Result<String, (usize, String)> {
        let Some(form) = self.form.as_ref() else {
            return Err((0, String::new()));
        };
        let zone = self.zone();
        let now = self.now().naive_local();
        match purpose {
            FormPurpose::NewConversation => {
                let (person, topic, when) = (form.value(0), form.value(1), form.value(2));
                if person.trim_start_matches('@').is_empty() {
                    return Err((0, "who is it with?".into()));
                }
                if topic.is_empty() {
                    return Err((1, "a conversation needs a topic".into()));
                }
                let planned_at = if when.is_empty() {
                    None
                } else {
                    Some(
                        read_date_time(&when, now)
                            .and_then(|t| localize_in(&zone, t))
                            .map_err(|e| (2, e.to_string()))?,
                    )
                };
                let c = self
                    .store
                    .insert_conversation(&NewConversation {
                        person: &person,
                        topic: &topic,
                        planned_at,
                        stay_interview: false,
                    })
                    .map_err(|e| (0, crate::describe(&e)))?;
                self.reload_conversations();
                self.select_conversation(c.id);
                self.conversations.editor = Some(ConvoEditor::open(c, zone, &self.theme));
                let when = planned_at.map(|t| t.format("%a %-d %b %Y %H:%M").to_string());
                Ok(strings::conversation_noted(when.as_deref()))
            }
            FormPurpose::FollowUp { id } => {
                let day = read_date(&form.value(0), now).map_err(|e| (0, e.to_string()))?;
                let mut c = self
                    .store
                    .conversation(*id)
                    .map_err(|e| (0, crate::describe(&e)))?
                    .ok_or((0, strings::NO_CONVERSATION.to_string()))?;
                check_follow_up(&c, day).map_err(|e| (0, e.to_string()))?;
                c.followup_on = Some(day);
                self.store
                    .update_conversation(&c)
                    .map_err(|e| (0, crate::describe(&e)))?;
                self.reload_conversations();
                self.select_conversation(c.id);
                self.reload_today_conversations();
                Ok(format!(
                    "Follow-up with {} on {}.",
                    c.person,
                    day.format("%a %-d %b")
                ))
            }
            _ => Err((0, String::new())),
        }
    }
}

fn when(c: &Conversation, zone: chrono_tz::Tz) -> String {
    c.when()
        .map(|t| t.with_timezone(&zone).format("%a %-d %b %H:%M").to_string())
        .unwrap_or_else(|| "no date".into())
}

/// Draws the Conversations screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    match &app.conversations.editor {
        Some(editor) => render_editor(app, editor, area, buf),
        None => render_list(app, area, buf),
    }
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let state = &app.conversations;
    let zone = app.zone();
    let today = app.today.day;
    let now = app.now();
    let [list_area, detail] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(area);
    let outer = panel(
        strings::CONVERSATIONS_TITLE,
        strings::CONVERSATIONS_KEYS,
        theme,
        true,
    );
    if state.list.is_empty() {
        Paragraph::new(Line::styled(strings::NO_CONVERSATIONS, theme.muted))
            .wrap(Wrap { trim: true })
            .block(outer)
            .render(list_area, buf);
        return;
    }
    let mut previous: Option<Group> = None;
    let items: Vec<ListItem> = state
        .list
        .iter()
        .map(|c| {
            let group = c.group(now);
            let heading = if previous == Some(group) {
                String::new()
            } else {
                group.title().to_string()
            };
            previous = Some(group);
            let state = c.follow_up(today);
            let style = match state {
                FollowUp::Due => theme.accent,
                FollowUp::Overdue(_) => theme.error,
                _ => theme.muted,
            };
            let follow = match words::follow_up(state) {
                Some(phrase) => Span::styled(format!(" · {phrase}"), style),
                None => Span::raw(""),
            };
            ListItem::new(Line::from(vec![
                Span::styled(format!("{heading:<15}"), theme.accent),
                Span::styled(format!("{:<18}", when(c, zone)), theme.muted),
                Span::raw(format!("{} · {}", c.person, c.topic)),
                follow,
            ]))
        })
        .collect();
    let mut selection = state.selection;
    StatefulWidget::render(
        List::new(items)
            .block(outer)
            .highlight_style(theme.selection)
            .highlight_symbol("▌"),
        list_area,
        buf,
        &mut selection,
    );

    let Some(c) = state.selected() else { return };
    let mut c = c.clone();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} with {}", c.topic, c.person), theme.accent),
        Span::styled(
            format!(" · {} · {}", when(&c, zone), c.status.label()),
            theme.muted,
        ),
    ])];
    let mut any = false;
    for (label, value) in c.text_fields_mut() {
        if !value.trim().is_empty() {
            any = true;
            lines.push(Line::from(vec![
                Span::styled(format!("{label}: "), theme.muted),
                Span::raw(value.lines().next().unwrap_or_default().to_string()),
            ]));
        }
    }
    if !any {
        lines.push(Line::styled(strings::CONVO_NOT_PREPARED, theme.muted));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.muted)
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(detail, buf);
}

fn render_editor(app: &App, editor: &ConvoEditor, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let mut c = editor.conversation.clone();
    let [fields_area, text_area] =
        Layout::horizontal([Constraint::Length(34), Constraint::Fill(1)]).areas(area);
    let labels: Vec<ListItem> = (0..editor.fields.len())
        .map(|i| {
            let filled = editor.fields[i]
                .lines()
                .iter()
                .any(|l| !l.trim().is_empty());
            let mark = if filled { "• " } else { "  " };
            ListItem::new(format!("{mark}{}", label(i, &mut c)))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(editor.focus));
    let list = List::new(labels)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.muted)
                .title(Span::styled(format!(" {} ", c.person), theme.accent)),
        )
        .highlight_style(theme.selection)
        .highlight_symbol("▌");
    StatefulWidget::render(list, fields_area, buf, &mut state);
    let saved = editor
        .saved_at
        .map(|t| format!(" saved {} ", t.format("%H:%M:%S")))
        .unwrap_or_default();
    let part = if editor.focus >= HEAD_FIELDS + 9 {
        "after"
    } else if editor.focus >= HEAD_FIELDS {
        "preparation"
    } else {
        ""
    };
    let title = label(editor.focus, &mut c);
    let hint = format!(" {part} · Tab next field · Esc done ");
    let mut block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.accent)
        .title(Span::styled(format!(" {title} "), theme.accent))
        .title_bottom(Line::styled(saved, theme.muted).right_aligned());
    // The hint yields to the field's name when the pane is narrow.
    if title.chars().count() + hint.chars().count() + 6 <= usize::from(text_area.width) {
        block = block.title(Line::styled(hint, theme.muted).right_aligned());
    }
    let inner = block.inner(text_area);
    block.render(text_area, buf);
    if let Some(f) = editor.fields.get(editor.focus) {
        f.render(inner, buf);
    }
}

/// How many fields the editor has, for tests.
pub const EDITOR_FIELDS: usize = HEAD_FIELDS + TEXT_FIELDS;
