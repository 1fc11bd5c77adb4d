//! The Conversations screen: conversations grouped (not yet recorded, upcoming,
//! follow-ups due, held, closed), keys to hold, follow up and close them, a preview that
//! scrolls, and the autosaved editor that moves between fields with Tab.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, List, ListItem, ListState, Padding, Paragraph, StatefulWidget, Widget, Wrap,
};

use super::action::Action;
use super::app::App;
use super::editor::Editor;
use super::form::{FieldError, Form, FormPurpose, Submitted};
use super::keymap::Table;
use super::strings;
use super::text::{fit_line, wrap};
use super::theme::Theme;
use super::ui::{self, clamp_selection, panel, step_selection};
use crate::app::{Field, conversations};
use crate::domain::conversation::{
    Conversation, ConversationError, FollowUp, Group, Status, TEXT_FIELDS, WHAT_HAPPENED,
    text_labels,
};
use crate::domain::time::{localize_in, read_date, read_date_time};
use crate::domain::words;

/// Fields before the free-text ones: the topic and when.
const HEAD_FIELDS: usize = 2;

/// How many fields the editor has.
pub const EDITOR_FIELDS: usize = HEAD_FIELDS + TEXT_FIELDS;

/// The field "What happened" has in the editor.
pub const WHAT_HAPPENED_FIELD: usize = HEAD_FIELDS + WHAT_HAPPENED;

/// A conversation open for writing.
#[derive(Debug)]
pub struct ConvoEditor {
    /// The conversation as last saved.
    pub conversation: Conversation,
    /// Topic, when, then the free-text fields.
    pub editor: Editor,
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
    /// How far the preview is scrolled.
    pub preview_scroll: u16,
    /// A calendar meeting at the selected conversation's time: its title and when.
    pub clash: Option<String>,
}

impl ConversationsState {
    /// The selected conversation.
    pub fn selected(&self) -> Option<&Conversation> {
        self.selection.selected().and_then(|i| self.list.get(i))
    }
}

/// The label of editor field `i` of a conversation (a stay interview or not).
fn label(i: usize, stay_interview: bool) -> &'static str {
    match i {
        0 => strings::FIELD_TOPIC,
        1 => strings::FIELD_WHEN,
        n => text_labels(stay_interview)
            .get(n - HEAD_FIELDS)
            .copied()
            .unwrap_or_default(),
    }
}

/// The one-line hint of what to write in editor field `i`.
fn hint(i: usize, stay_interview: bool) -> &'static str {
    match i {
        0 => strings::HINT_TOPIC,
        1 => strings::HINT_WHEN,
        n => {
            let hints = if stay_interview {
                &strings::STAY_HINTS
            } else {
                &strings::CONVERSATION_HINTS
            };
            hints.get(n - HEAD_FIELDS).copied().unwrap_or_default()
        }
    }
}

impl ConvoEditor {
    fn open(
        mut conversation: Conversation,
        zone: chrono_tz::Tz,
        focus: usize,
        theme: &Theme,
    ) -> ConvoEditor {
        let stay = conversation.stay_interview;
        let when = conversation
            .planned_at
            .map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let mut texts = vec![conversation.topic.clone(), when];
        texts.extend(conversation.text_fields_mut().map(|(_, v)| v.clone()));
        let fields: Vec<(&str, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), hint(i, stay)))
            .collect();
        ConvoEditor {
            editor: Editor::with_fields(&fields, focus, theme),
            conversation,
        }
    }

    /// The conversation with the editor's text, or the field to blame and why.
    fn read(
        &self,
        zone: chrono_tz::Tz,
        now: chrono::NaiveDateTime,
    ) -> Result<Conversation, FieldError> {
        let mut c = self.conversation.clone();
        c.topic = self.editor.field(0).trim().to_string();
        if c.topic.is_empty() {
            return Err(FieldError::at(0)(&ConversationError::EmptyTopic));
        }
        let when = self.editor.field(1);
        c.planned_at = if when.trim().is_empty() {
            None
        } else {
            Some(
                read_date_time(&when, now)
                    .and_then(|t| localize_in(&zone, t))
                    .map_err(|e| FieldError::at(1)(&e))?,
            )
        };
        for (i, (_, value)) in c.text_fields_mut().into_iter().enumerate() {
            *value = self.editor.field(i + HEAD_FIELDS).trim_end().to_string();
        }
        Ok(c)
    }
}

impl App {
    /// Loads every conversation, grouped.
    pub(super) fn reload_conversations(&mut self) {
        let now = self.app_now();
        match conversations::list(&self.store, now, &Default::default()) {
            Ok(list) => {
                let n = list.len();
                self.conversations.list = list;
                clamp_selection(&mut self.conversations.selection, n);
                self.load_conversation_page();
            }
            Err(e) => self.report(&e),
        }
    }

    /// Keeps the selection on conversation `id` after the list re-sorts.
    fn select_conversation(&mut self, id: i64) {
        if let Some(i) = self.conversations.list.iter().position(|c| c.id == id) {
            self.conversations.selection.select(Some(i));
        }
        self.load_conversation_page();
    }

    /// Resets the preview and looks for a calendar meeting at the selected one's time.
    fn load_conversation_page(&mut self) {
        self.conversations.preview_scroll = 0;
        self.conversations.clash = None;
        let Some(c) = self.conversations.selected().cloned() else {
            return;
        };
        match conversations::clash(&self.store, &self.settings, self.app_now(), &c) {
            Ok(clash) => self.conversations.clash = clash,
            Err(e) => self.report(&e),
        }
    }

    /// Stores the open conversation: how the conversation editor autosaves.
    pub(super) fn store_conversation(&mut self) -> Result<(), String> {
        let zone = self.zone();
        let now = self.now().naive_local();
        let Some(open) = self.conversations.editor.as_ref() else {
            return Ok(());
        };
        let stay = open.conversation.stay_interview;
        let c = open
            .read(zone, now)
            .map_err(|e| strings::field_refused(label(e.field, stay), &e.message))?;
        conversations::save(&mut self.store, &c)
            .map_err(|e| strings::autosave_failed(&crate::describe(&e)))?;
        if let Some(open) = self.conversations.editor.as_mut() {
            open.conversation = c;
        }
        Ok(())
    }

    /// Closes the saved editor and shows the list again.
    pub(super) fn close_conversation_editor(&mut self) {
        let id = self.conversations.editor.take().map(|e| e.conversation.id);
        self.set_status(strings::CONVERSATION_SAVED);
        self.reload_conversations();
        if let Some(id) = id {
            self.select_conversation(id);
        }
        self.reload_today_conversations();
    }

    /// Opens conversation `c` in the editor at field `focus`.
    fn open_conversation(&mut self, c: Conversation, focus: usize) {
        let editor = ConvoEditor::open(c, self.zone(), focus, &self.theme);
        self.conversations.editor = Some(editor);
    }

    fn change_status(&mut self, to: Status) {
        let Some(id) = self.conversations.selected().map(|c| c.id) else {
            self.set_status(strings::NO_CONVERSATION);
            return;
        };
        let now = self.app_now();
        match conversations::mark(&mut self.store, now, id, to) {
            Ok(c) => {
                self.set_status(strings::now_status(&c.topic, &c.person, to.label()));
                self.reload_conversations();
                self.select_conversation(c.id);
                self.reload_today_conversations();
                // Just held: write down what happened while it is fresh.
                if to == Status::Held {
                    self.open_conversation(c, WHAT_HAPPENED_FIELD);
                    let next = self.keys.key(Table::Conversation, &Action::NextField);
                    self.set_status(strings::held_now_record(&next));
                }
            }
            Err(e) => self.report(&e),
        }
    }

    /// Opens the form for a new conversation, with `person` filled in when given.
    pub(super) fn new_conversation_form(&mut self, person: &str) {
        self.form = Some(Form::new(
            strings::NEW_CONVERSATION_TITLE,
            FormPurpose::NewConversation,
            &[
                (strings::FIELD_WITH, strings::HINT_WITH, person.to_string()),
                (strings::FIELD_TOPIC, strings::HINT_TOPIC, String::new()),
                (strings::FIELD_WHEN, strings::HINT_WHEN, String::new()),
                (strings::FIELD_STAY, strings::HINT_STAY, String::new()),
            ],
            &self.theme,
        ));
        if !person.is_empty()
            && let Some(form) = self.form.as_mut()
        {
            form.next(&self.theme);
        }
    }

    /// Applies a Conversations screen action; false if `action` is not one.
    pub(super) fn apply_conversations(&mut self, action: &Action) -> bool {
        let n = self.conversations.list.len();
        match action {
            Action::CursorDown | Action::CursorUp => {
                let down = *action == Action::CursorDown;
                if step_selection(&mut self.conversations.selection, n, down) {
                    self.load_conversation_page();
                }
            }
            Action::ScrollPreviewDown => {
                self.conversations.preview_scroll =
                    self.conversations.preview_scroll.saturating_add(3)
            }
            Action::ScrollPreviewUp => {
                self.conversations.preview_scroll =
                    self.conversations.preview_scroll.saturating_sub(3)
            }
            Action::NewConversation => self.new_conversation_form(""),
            Action::OpenConversation => match self.conversations.selected().cloned() {
                Some(c) => self.open_conversation(c, HEAD_FIELDS),
                None => self.set_status(strings::NO_CONVERSATION),
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
                        &[
                            (
                                strings::FIELD_FOLLOW_UP_ON,
                                strings::HINT_FOLLOW_UP_ON,
                                current,
                            ),
                            (
                                strings::FIELD_FOLLOW_UP_NOTES,
                                strings::HINT_FOLLOW_UP_NOTES,
                                c.outcome.followup_notes.clone(),
                            ),
                        ],
                        &self.theme,
                    ));
                }
                Some(c) => self.set_error(strings::follow_up_once_held(
                    c.id,
                    c.status.label(),
                    &self.keys.key(Table::Conversations, &Action::MarkHeld),
                )),
                None => self.set_status(strings::NO_CONVERSATION),
            },
            _ => return false,
        }
        true
    }

    /// Saves the new-conversation and follow-up forms.
    pub(super) fn submit_conversation_form(&mut self, form: &Form) -> Submitted {
        let zone = self.zone();
        let now = self.now().naive_local();
        match &form.purpose {
            FormPurpose::NewConversation => {
                let (person, topic, when) = (form.value(0), form.value(1), form.value(2));
                let stay_interview = match form.value(3).to_lowercase().as_str() {
                    "" | "n" | "no" => false,
                    "y" | "yes" | "stay" => true,
                    _ => return Err(FieldError::new(3, strings::YES_OR_NO)),
                };
                let planned_at = if when.is_empty() {
                    None
                } else {
                    Some(
                        read_date_time(&when, now)
                            .and_then(|t| localize_in(&zone, t))
                            .map_err(|e| FieldError::at(2)(&e))?,
                    )
                };
                let new = conversations::NewConversation {
                    person,
                    topic,
                    planned_at,
                    stay_interview,
                    event: None,
                };
                let at = self.app_now();
                let c = conversations::add(&mut self.store, at, &new).map_err(|e| {
                    let row = match e.field() {
                        Some(Field::Topic) => 1,
                        Some(Field::PlannedAt) => 2,
                        _ => 0,
                    };
                    FieldError::new(row, crate::describe(&e))
                })?;
                if self.screen != super::app::Screen::Conversations {
                    self.show(super::app::Screen::Conversations);
                }
                self.reload_conversations();
                self.select_conversation(c.id);
                self.open_conversation(c, HEAD_FIELDS);
                let when = planned_at.map(|t| t.format("%a %-d %b %Y %H:%M").to_string());
                let next = self.keys.key(Table::Conversation, &Action::NextField);
                let done = self.keys.key(Table::Conversation, &Action::Back);
                Ok(strings::conversation_noted(when.as_deref(), &next, &done))
            }
            FormPurpose::FollowUp { id } => {
                let day = read_date(&form.value(0), now).map_err(|e| FieldError::at(0)(&e))?;
                let notes = form
                    .fields
                    .get(1)
                    .map(|f| f.input.lines().join("\n"))
                    .unwrap_or_default();
                let c = conversations::follow_up(
                    &mut self.store,
                    *id,
                    day,
                    Some(notes.trim().to_string()),
                )
                .map_err(|e| FieldError::new(0, crate::describe(&e)))?;
                self.reload_conversations();
                self.select_conversation(c.id);
                self.reload_today_conversations();
                Ok(strings::follow_up_set(
                    &c.person,
                    &super::ui::day_label(day, self.today.day),
                ))
            }
            _ => Ok(String::new()),
        }
    }
}

fn when(c: &Conversation, zone: chrono_tz::Tz, today: chrono::NaiveDate) -> String {
    c.when()
        .map(|t| super::ui::time_label(t.to_utc(), zone, today))
        .unwrap_or_else(|| strings::NO_DATE.into())
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
    let actions = [
        Action::NewConversation,
        Action::OpenConversation,
        Action::MarkHeld,
        Action::SetFollowUp,
        Action::MarkFollowedUp,
        Action::CloseConversation,
        Action::CancelConversation,
    ];
    let hint = app.keys.hint(Table::Conversations, &actions);
    let hint = super::text::fit_hint(&hint, usize::from(area.width.saturating_sub(24)));
    let outer = panel(strings::CONVERSATIONS_TITLE, &hint, theme, true);
    if state.list.is_empty() {
        Paragraph::new(Line::styled(
            strings::no_conversations(
                &app.keys.key(Table::Conversations, &Action::NewConversation),
            ),
            theme.muted,
        ))
        .wrap(Wrap { trim: true })
        .block(outer)
        .render(area, buf);
        return;
    }
    // The list takes the rows it needs (at most half the screen); the preview the rest.
    let wanted = state.list.len() as u16 + 2;
    let list_height = wanted.min((area.height / 2).max(5)).min(area.height);
    let [list_area, detail] =
        Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
    let width = usize::from(list_area.width.saturating_sub(3));
    let mut previous: Option<Group> = None;
    // The column is as wide as its longest date: a year appears only on other years'.
    let whens: Vec<String> = state
        .list
        .iter()
        .map(|c| when(c, zone, app.today.day))
        .collect();
    let when_width = whens.iter().map(|w| w.chars().count()).max().unwrap_or(0) + 2;
    let items: Vec<ListItem> = state
        .list
        .iter()
        .zip(&whens)
        .map(|(c, when)| {
            let group = c.group(now);
            let heading = if previous == Some(group) {
                String::new()
            } else {
                group.title().to_string()
            };
            previous = Some(group);
            let follow_up = c.follow_up(today);
            let style = match follow_up {
                FollowUp::Due => theme.accent,
                FollowUp::Overdue(_) => theme.error,
                _ => theme.muted,
            };
            let follow = match words::follow_up(follow_up) {
                Some(phrase) => Span::styled(format!(" · {phrase}"), style),
                None => Span::raw(""),
            };
            let stay = if c.stay_interview {
                Span::styled(format!(" · {}", strings::STAY_INTERVIEW), theme.accent)
            } else {
                Span::raw("")
            };
            ListItem::new(fit_line(
                Line::from(vec![
                    Span::styled(format!("{heading:<17}"), theme.accent),
                    Span::styled(format!("{when:<when_width$}"), theme.muted),
                    Span::raw(format!("{} · {}", c.person, c.topic)),
                    stay,
                    follow,
                ]),
                width,
            ))
        })
        .collect();
    ui::render_list(items, outer, state.selection, true, theme, (list_area, buf));
    if let Some(c) = state.selected() {
        render_preview(app, c, detail, buf);
    }
}

/// The selected conversation in full: every field written, wrapped, scrolling.
fn render_preview(app: &App, c: &Conversation, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let zone = app.zone();
    let state = &app.conversations;
    let width = usize::from(area.width.saturating_sub(4)).max(1);
    let mut c = c.clone();
    let mut lines = vec![Line::from(vec![
        Span::styled(
            strings::conversation_title(&c.topic, &c.person),
            theme.accent,
        ),
        Span::styled(
            format!(
                " · {} · {}",
                when(&c, zone, app.today.day),
                c.status.label()
            ),
            theme.muted,
        ),
    ])];
    if c.stay_interview {
        lines.push(Line::styled(strings::STAY_INTERVIEW_NOTE, theme.muted));
    }
    if let Some(clash) = &state.clash {
        lines.push(Line::styled(strings::clashes_with(clash), theme.error));
    }
    if let Some(on) = c.followup_on {
        lines.push(Line::styled(
            strings::follow_up_on(&on.format("%a %-d %b %Y").to_string()),
            theme.muted,
        ));
    }
    let mut any = false;
    for (label, value) in c.text_fields_mut() {
        if value.trim().is_empty() {
            continue;
        }
        any = true;
        lines.push(Line::raw(""));
        lines.push(Line::styled(label, theme.accent));
        lines.extend(wrap(value, width).into_iter().map(Line::raw));
    }
    if !any {
        let open = app
            .keys
            .key(Table::Conversations, &Action::OpenConversation);
        lines.push(Line::styled(
            strings::convo_not_prepared(&open),
            theme.muted,
        ));
    }
    let visible = usize::from(area.height.saturating_sub(2));
    let scroll = usize::from(state.preview_scroll).min(lines.len().saturating_sub(visible));
    let hint = if lines.len() > visible {
        app.keys.hint(
            Table::Conversations,
            &[Action::ScrollPreviewDown, Action::ScrollPreviewUp],
        )
    } else {
        String::new()
    };
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .block(panel(strings::PREVIEW_TITLE, &hint, theme, false).padding(Padding::horizontal(1)))
        .render(area, buf);
}

fn render_editor(app: &App, open: &ConvoEditor, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let c = &open.conversation;
    let editor = &open.editor;
    let stay = c.stay_interview;
    // The list of fields gives the text at least two thirds of a narrow screen.
    let fields_width = (area.width / 3).clamp(18, 36);
    let [fields_area, text_area] =
        Layout::horizontal([Constraint::Length(fields_width), Constraint::Fill(1)]).areas(area);
    let label_width = usize::from(fields_width.saturating_sub(5));
    let labels: Vec<ListItem> = (0..editor.field_count())
        .map(|i| {
            let mark = if editor.is_filled(i) { "• " } else { "  " };
            ListItem::new(super::text::ellipsize(
                &format!("{mark}{}", label(i, stay)),
                label_width,
            ))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(editor.focus()));
    let title = if stay {
        format!(" {} · {} ", c.person, strings::STAY_INTERVIEW)
    } else {
        format!(" {} ", c.person)
    };
    let list = List::new(labels)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.muted)
                .title(Span::styled(title, theme.accent)),
        )
        .highlight_style(theme.selection)
        .highlight_symbol("▌");
    StatefulWidget::render(list, fields_area, buf, &mut state);
    let saved = editor
        .saved_at
        .map(|t| format!(" {} ", strings::saved_at(&t.format("%H:%M:%S").to_string())))
        .unwrap_or_default();
    let focus = editor.focus();
    let part = if focus >= WHAT_HAPPENED_FIELD {
        strings::PART_AFTER
    } else if focus >= HEAD_FIELDS {
        strings::PART_PREPARATION
    } else {
        strings::PART_ABOUT
    };
    let keys = app
        .keys
        .hint(Table::Conversation, &[Action::NextField, Action::Back]);
    let title = label(focus, stay);
    let right = format!(" {part} · {keys} ");
    let mut block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.accent)
        .title(Span::styled(format!(" {title} "), theme.accent))
        .title_bottom(Line::styled(saved, theme.muted).right_aligned());
    // The keys yield to the field's name when the pane is narrow.
    if title.chars().count() + right.chars().count() + 6 <= usize::from(text_area.width) {
        block = block.title(Line::styled(right, theme.muted).right_aligned());
    }
    let inner = block.inner(text_area);
    block.render(text_area, buf);
    // The field's hint, always in view, above the text.
    let [hint_row, text] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    fit_line(
        Line::styled(hint(focus, stay), theme.muted),
        usize::from(hint_row.width),
    )
    .render(hint_row, buf);
    editor.render(text, buf);
}
