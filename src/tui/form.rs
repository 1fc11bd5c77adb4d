//! Forms: labelled single-line fields, each a `ratatui-textarea`, with one error shown
//! at the field it concerns. Used for blocks and for short questions (a new time, a reason).

use chrono::NaiveDateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::action::Action;
use super::app::App;
use super::theme::Theme;
use super::ui::centered;

/// One occurrence of a block: the block and the occurrence's scheduled start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OccurrenceRef {
    /// The block.
    pub block_id: i64,
    /// The occurrence's scheduled start (its place in the series).
    pub original: NaiveDateTime,
}

/// What a form is for, and so what submitting it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    /// A new block.
    NewBlock,
    /// Edit a block, starting from one of its occurrences (for "from this one on").
    EditBlock(OccurrenceRef),
    /// Move one occurrence to a new start.
    MoveOccurrence(OccurrenceRef),
    /// Skip one occurrence, with an optional reason.
    SkipOccurrence(OccurrenceRef),
    /// Mark one occurrence partly kept.
    PartlyKept(OccurrenceRef),
    /// A new conversation: with, topic, when.
    NewConversation,
    /// The follow-up date and notes of conversation `id`.
    FollowUp {
        /// The conversation.
        id: i64,
    },
    /// The History filters: tag, person, kind, from, to.
    HistoryFilter,
    /// A date to jump to in History.
    GoToDate,
    /// A new name for a person.
    RenamePerson(String),
    /// Who to merge a person into.
    MergePerson(String),
    /// A calendar address for a person.
    LinkAddress(String),
    /// A delegation to a person: task, what done looks like, authority, check-in, due.
    NewDelegation(String),
    /// Closing one of a person's delegations: which, and how.
    CloseDelegation(String),
}

/// Why a form was refused: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field to blame, from 0.
    pub field: usize,
    /// What is wrong and how to write it.
    pub message: String,
}

impl FieldError {
    /// A refusal of field `field`.
    pub fn new(field: usize, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }

    /// A refusal of field `field` saying `error`.
    pub fn at(field: usize) -> impl Fn(&dyn std::fmt::Display) -> FieldError {
        move |error| FieldError::new(field, error.to_string())
    }
}

/// What submitting a form gives: a message for the status line (empty for none), or the
/// field to fix.
pub type Submitted = Result<String, FieldError>;

/// One labelled input.
#[derive(Debug)]
pub struct Field {
    /// The label.
    pub label: &'static str,
    /// What to type, shown greyed while the field is empty.
    pub hint: &'static str,
    /// The text being typed.
    pub input: TextArea<'static>,
}

/// A form on screen.
#[derive(Debug)]
pub struct Form {
    /// The window title.
    pub title: String,
    /// What submitting does.
    pub purpose: FormPurpose,
    /// The fields, top to bottom.
    pub fields: Vec<Field>,
    /// The field being typed in.
    pub focus: usize,
    /// The last refusal: which field and why.
    pub error: Option<(usize, String)>,
}

impl Form {
    /// A form with `(label, hint, initial text)` fields.
    pub fn new(
        title: impl Into<String>,
        purpose: FormPurpose,
        fields: &[(&'static str, &'static str, String)],
        theme: &Theme,
    ) -> Form {
        let fields = fields
            .iter()
            .map(|(label, hint, text)| {
                let mut input = TextArea::new(vec![text.clone()]);
                input.set_placeholder_text(*hint);
                input.set_placeholder_style(theme.muted);
                input.set_cursor_line_style(Style::default());
                input.move_cursor(ratatui_textarea::CursorMove::End);
                Field { label, hint, input }
            })
            .collect();
        let mut form = Form {
            title: title.into(),
            purpose,
            fields,
            focus: 0,
            error: None,
        };
        form.sync_cursor(theme);
        form
    }

    /// The text of field `i`, trimmed.
    pub fn value(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map(|f| f.input.lines().join(" ").trim().to_string())
            .unwrap_or_default()
    }

    /// Moves to the next field (wrapping).
    pub fn next(&mut self, theme: &Theme) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
        self.sync_cursor(theme);
    }

    /// Moves to the previous field (wrapping).
    pub fn previous(&mut self, theme: &Theme) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
        self.sync_cursor(theme);
    }

    /// Types a key into the focused field.
    pub fn input_key(&mut self, input: ratatui_textarea::Input) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.input(input);
        }
    }

    /// Empties the focused field.
    pub fn clear(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.select_all();
            f.input.cut();
        }
    }

    /// Inserts text at the cursor of the focused field.
    pub fn insert(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.insert_str(text);
        }
    }

    /// Records a refusal and puts the cursor at the field it concerns.
    pub fn fail(&mut self, error: FieldError, theme: &Theme) {
        self.focus = error.field.min(self.fields.len().saturating_sub(1));
        self.error = Some((self.focus, error.message));
        self.sync_cursor(theme);
    }

    /// Only the focused field shows a cursor.
    fn sync_cursor(&mut self, theme: &Theme) {
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.input.set_cursor_style(if i == self.focus {
                theme.cursor
            } else {
                Style::default()
            });
        }
    }

    /// Draws the form centred in `area`, `hint` (its keys) on the bottom border.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, hint: &str) {
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(0) as u16
            + 2;
        let error_lines = self.error.as_ref().map_or(0, |_| 2);
        let height = self.fields.len() as u16 + 4 + error_lines;
        let popup = centered(area, 72, height);
        Clear.render(popup, buf);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.accent)
            .title(Span::styled(format!(" {} ", self.title), theme.accent))
            .title_bottom(Line::styled(format!(" {hint} "), theme.muted).right_aligned());
        let inner = block.inner(popup);
        block.render(popup, buf);
        let mut rows = vec![Constraint::Length(1)];
        rows.extend(self.fields.iter().map(|_| Constraint::Length(1)));
        rows.push(Constraint::Fill(1));
        let areas = Layout::vertical(rows).split(inner);
        for (i, field) in self.fields.iter().enumerate() {
            let Some(row) = areas.get(i + 1) else { break };
            let [label, input] =
                Layout::horizontal([Constraint::Length(label_width + 1), Constraint::Fill(1)])
                    .areas(*row);
            let style = if i == self.focus {
                theme.accent
            } else {
                theme.muted
            };
            Line::from(vec![Span::raw(" "), Span::styled(field.label, style)]).render(label, buf);
            field.input.render(input, buf);
        }
        if let (Some((i, message)), Some(last)) = (&self.error, areas.last()) {
            let label = self.fields.get(*i).map_or("", |f| f.label);
            Paragraph::new(Line::styled(format!(" {label}: {message}"), theme.error))
                .wrap(Wrap { trim: true })
                .render(*last, buf);
        }
    }
}

impl App {
    /// Applies a form action; false if `action` is not one (then it goes on to the
    /// screen, e.g. Quit).
    pub(super) fn apply_form(&mut self, action: &Action) -> bool {
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        match action {
            Action::NextField => form.next(&self.theme),
            Action::PreviousField => form.previous(&self.theme),
            Action::CancelForm => self.form = None,
            Action::ClearField => form.clear(),
            Action::EditText(input) => form.input_key(input.clone()),
            Action::PasteText(text) => {
                // Fields are single lines: a pasted line break becomes a space.
                let text: String = text
                    .chars()
                    .take(1000)
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                    .collect();
                form.insert(&text);
            }
            Action::Save => self.submit_form(),
            Action::Quit => return false,
            _ => {}
        }
        true
    }

    /// Checks and saves the open form the way its screen does; a refusal keeps the form
    /// open at the field to fix.
    fn submit_form(&mut self) {
        let Some(form) = self.form.take() else {
            return;
        };
        let outcome = match &form.purpose {
            FormPurpose::NewBlock
            | FormPurpose::EditBlock(_)
            | FormPurpose::MoveOccurrence(_)
            | FormPurpose::SkipOccurrence(_)
            | FormPurpose::PartlyKept(_) => self.submit_block_form(&form),
            FormPurpose::NewConversation | FormPurpose::FollowUp { .. } => {
                self.submit_conversation_form(&form)
            }
            FormPurpose::HistoryFilter | FormPurpose::GoToDate => self.submit_history_form(&form),
            FormPurpose::RenamePerson(_)
            | FormPurpose::MergePerson(_)
            | FormPurpose::LinkAddress(_) => self.submit_people_form(&form),
            FormPurpose::NewDelegation(_) | FormPurpose::CloseDelegation(_) => {
                self.submit_delegation_form(&form)
            }
        };
        match outcome {
            Ok(done) if done.is_empty() => {}
            Ok(done) => self.set_status(done),
            Err(error) => {
                let mut form = form;
                form.fail(error, &self.theme);
                self.form = Some(form);
            }
        }
    }
}
