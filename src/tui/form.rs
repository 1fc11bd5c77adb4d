//! Forms: labelled single-line fields, each a `ratatui-textarea`, with one error shown
//! at the field it concerns. Used for blocks and for short questions (a new time, a reason).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::action::Action;
use super::theme::Theme;
use super::ui::centered;

/// Why a form was refused: which field, and what is wrong with it. Fields are named
/// by `F`, an enum of the form's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError<F> {
    /// The field to blame.
    pub field: F,
    /// What is wrong and how to write it.
    pub message: String,
}

impl<F: Copy> FieldError<F> {
    /// A refusal of field `field`.
    pub fn new(field: F, message: impl Into<String>) -> FieldError<F> {
        FieldError {
            field,
            message: message.into(),
        }
    }

    /// A refusal of field `field` saying `error`.
    pub fn at(field: F) -> impl Fn(&dyn std::fmt::Display) -> FieldError<F> {
        move |error| FieldError::new(field, error.to_string())
    }
}

/// What submitting a form gives: a message for the status line (empty for none), or the
/// field to fix.
pub type Submitted<F> = Result<String, FieldError<F>>;

/// One labelled input.
#[derive(Debug)]
pub struct Field<F> {
    /// Its name.
    pub name: F,
    /// The label.
    pub label: &'static str,
    /// What to type, shown greyed while the field is empty.
    pub hint: &'static str,
    /// The text being typed.
    pub input: TextArea<'static>,
}

/// A form on screen.
#[derive(Debug)]
pub struct Form<F> {
    /// The window title.
    pub title: String,
    /// The fields, top to bottom.
    pub fields: Vec<Field<F>>,
    /// The field being typed in.
    pub focus: usize,
    /// The last refusal: which field and why.
    pub error: Option<(usize, String)>,
}

impl<F: Copy + PartialEq> Form<F> {
    /// A form with `(name, label, hint, initial text)` fields.
    pub fn named(
        title: impl Into<String>,
        fields: &[(F, &'static str, &'static str, String)],
        theme: &Theme,
    ) -> Form<F> {
        let fields = fields
            .iter()
            .map(|(name, label, hint, text)| {
                let mut input = TextArea::new(vec![text.clone()]);
                input.set_placeholder_text(*hint);
                input.set_placeholder_style(theme.muted);
                input.set_cursor_line_style(Style::default());
                input.move_cursor(ratatui_textarea::CursorMove::End);
                Field {
                    name: *name,
                    label,
                    hint,
                    input,
                }
            })
            .collect();
        let mut form = Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
        };
        form.sync_cursor(theme);
        form
    }

    /// The text of field `name`, trimmed, on one line.
    pub fn value(&self, name: F) -> String {
        self.field(name)
            .map(|f| f.input.lines().join(" ").trim().to_string())
            .unwrap_or_default()
    }

    /// The text of field `name` as typed, its lines kept.
    pub fn text(&self, name: F) -> String {
        self.field(name)
            .map(|f| f.input.lines().join("\n"))
            .unwrap_or_default()
    }

    fn field(&self, name: F) -> Option<&Field<F>> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Puts the cursor in field `name`.
    pub fn focus_on(&mut self, name: F, theme: &Theme) {
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            self.focus = i;
            self.sync_cursor(theme);
        }
    }

    /// Applies a form key: moving between fields, typing, pasting, clearing. Save and
    /// cancel are the owner's; false for those and for actions no form takes.
    pub fn apply(&mut self, action: &Action, theme: &Theme) -> bool {
        match action {
            Action::NextField => self.next(theme),
            Action::PreviousField => self.previous(theme),
            Action::ClearField => self.clear(),
            Action::EditText(input) => self.input_key(input.clone()),
            Action::PasteText(text) => {
                // Fields are single lines: a pasted line break becomes a space.
                let text: String = text
                    .chars()
                    .take(1000)
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                    .collect();
                self.insert(&text);
            }
            _ => return false,
        }
        true
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
    pub fn fail(&mut self, error: FieldError<F>, theme: &Theme) {
        self.focus = self
            .fields
            .iter()
            .position(|f| f.name == error.field)
            .unwrap_or(self.focus);
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
