//! The one autosaved editor every screen writes in: Today's draft, an entry edited in
//! place on Today or History, the weekly review's answers and a conversation's fields.
//!
//! An [`Editor`] holds one or more word-wrapped text areas (fields), knows whether they
//! changed since they were saved and when they were, refuses text that would make them
//! bigger than an entry may be, and makes pasted line ends `\n`. The screen that owns it
//! supplies only how to save (see `App::flush_editors`).

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, Input, Key, TextArea, WrapMode};

use super::theme::Theme;
use crate::domain::entry::MAX_BODY_BYTES;

/// Text that would not fit: how big it would be and the most allowed, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooBig {
    /// The size the text would have.
    pub size: usize,
    /// The most an entry may hold.
    pub max: usize,
}

/// Checks that `size` bytes of text may be an entry, a review or a conversation.
pub fn fits(size: usize) -> Result<(), TooBig> {
    if size > MAX_BODY_BYTES {
        Err(TooBig {
            size,
            max: MAX_BODY_BYTES,
        })
    } else {
        Ok(())
    }
}

/// Text with Windows and old Mac line ends made `\n`.
pub fn unix_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Whether a key typed into an editor adds text (and so is checked against the limit).
fn grows(input: &Input) -> bool {
    matches!(input.key, Key::Char(_) | Key::Enter | Key::Tab)
}

/// A word-wrapped text area holding `text`, its cursor at the end.
fn text_area(text: &str, placeholder: &str, theme: &Theme) -> TextArea<'static> {
    let mut area = TextArea::new(text.lines().map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_placeholder_text(placeholder.to_string());
    area.set_placeholder_style(theme.muted);
    area.set_cursor_line_style(Style::default());
    area.set_cursor_style(Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// One or more autosaved text fields, one of them focused.
#[derive(Debug)]
pub struct Editor {
    fields: Vec<TextArea<'static>>,
    focus: usize,
    /// Whether the text changed since it was last saved.
    pub dirty: bool,
    /// When the text was last saved.
    pub saved_at: Option<DateTime<FixedOffset>>,
}

impl Editor {
    /// An editor of one field holding `text`, greyed `placeholder` while empty.
    pub fn new(text: &str, placeholder: &str, theme: &Theme) -> Editor {
        Editor::with_fields(&[(text, placeholder)], 0, theme)
    }

    /// An editor of several `(text, placeholder)` fields, `focus` focused.
    pub fn with_fields(fields: &[(&str, &str)], focus: usize, theme: &Theme) -> Editor {
        let fields: Vec<_> = fields
            .iter()
            .map(|(text, placeholder)| text_area(text, placeholder, theme))
            .collect();
        Editor {
            focus: focus.min(fields.len().saturating_sub(1)),
            fields,
            dirty: false,
            saved_at: None,
        }
    }

    /// Puts each field that holds text on a fresh line after it, so what is typed next
    /// starts a line of its own instead of running into the last sentence (answers and
    /// conversation notes, which are saved trimmed). Not a change to save.
    pub fn continue_on_new_lines(mut self) -> Editor {
        for f in &mut self.fields {
            if f.lines().iter().any(|l| !l.trim().is_empty()) {
                f.insert_newline();
            }
        }
        self
    }

    /// The text of field `i`.
    pub fn field(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map(|f| f.lines().join("\n"))
            .unwrap_or_default()
    }

    /// The text of every field.
    pub fn texts(&self) -> Vec<String> {
        (0..self.fields.len()).map(|i| self.field(i)).collect()
    }

    /// The first field's text.
    pub fn text(&self) -> String {
        self.field(0)
    }

    /// The first field's text without trailing white space and blank lines: what is saved.
    pub fn clean_text(&self) -> String {
        self.text().trim_end().to_string()
    }

    /// Whether field `i` holds anything but white space.
    pub fn is_filled(&self, i: usize) -> bool {
        self.fields
            .get(i)
            .is_some_and(|f| f.lines().iter().any(|l| !l.trim().is_empty()))
    }

    /// Whether every field is empty.
    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(TextArea::is_empty)
    }

    /// How many fields there are.
    pub fn field_count(&self) -> usize {
        self.fields.len()
    }

    /// The focused field.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// Focuses field `i`.
    pub fn set_focus(&mut self, i: usize) {
        self.focus = i.min(self.fields.len().saturating_sub(1));
    }

    /// Focuses the next field (wrapping).
    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    /// Focuses the previous field (wrapping).
    pub fn previous_field(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// Bytes in every field together, as they would be saved.
    fn size(&self) -> usize {
        self.fields
            .iter()
            .map(|f| {
                let lines = f.lines();
                lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
            })
            .sum()
    }

    /// Applies what the user types: a key, a paste, a move to the next or previous field.
    /// `None` for any other action (saving and leaving are the owner's); a key or paste
    /// that would make the text too big is refused.
    pub fn apply(&mut self, action: &super::action::Action) -> Option<Result<(), TooBig>> {
        use super::action::Action;
        Some(match action {
            Action::EditText(input) => self.input(input.clone()),
            Action::PasteText(text) => self.paste(text),
            Action::NextField => {
                self.next_field();
                Ok(())
            }
            Action::PreviousField => {
                self.previous_field();
                Ok(())
            }
            _ => return None,
        })
    }

    /// Types a key into the focused field, unless it would make the text too big.
    pub fn input(&mut self, input: Input) -> Result<(), TooBig> {
        if grows(&input) {
            fits(self.size() + 4)?;
        }
        if let Some(f) = self.fields.get_mut(self.focus)
            && f.input(input)
        {
            self.dirty = true;
        }
        Ok(())
    }

    /// Inserts pasted text at the cursor, its line ends made `\n`, unless too big.
    pub fn paste(&mut self, text: &str) -> Result<(), TooBig> {
        let text = unix_newlines(text);
        fits(self.size() + text.len())?;
        if let Some(f) = self.fields.get_mut(self.focus)
            && f.insert_str(&text)
        {
            self.dirty = true;
        }
        Ok(())
    }

    /// Adds `text` at the end of the first field, a blank line after what it holds; marks
    /// it changed. (Text kept from elsewhere: no size limit refuses it, nothing is lost.)
    pub fn append(&mut self, text: &str) {
        if let Some(f) = self.fields.first_mut() {
            f.move_cursor(CursorMove::Bottom);
            f.move_cursor(CursorMove::End);
            let sep = if f.lines().iter().all(|l| l.trim().is_empty()) {
                ""
            } else {
                "\n\n"
            };
            f.insert_str(format!("{sep}{}", unix_newlines(text)));
            self.dirty = true;
        }
    }

    /// Replaces the focused field's text (from `$EDITOR`), unless too big; marks it
    /// changed when it differs.
    pub fn replace(&mut self, text: &str, theme: &Theme) -> Result<(), TooBig> {
        let text = unix_newlines(text);
        let text = text.trim_end_matches('\n');
        fits(text.len())?;
        if text != self.field(self.focus) {
            if let Some(f) = self.fields.get_mut(self.focus) {
                let placeholder = f.placeholder_text().to_string();
                *f = text_area(text, &placeholder, theme);
            }
            self.dirty = true;
        }
        Ok(())
    }

    /// Shows `texts` (one per field, as the journal now holds them after a save) in the
    /// fields whose text differs from them beyond trailing white space: what another
    /// window saved, or both texts kept after both changed one. Not a change to save; a
    /// field left alone keeps its cursor.
    pub fn adopt(&mut self, texts: &[String], theme: &Theme) {
        for (f, text) in self.fields.iter_mut().zip(texts) {
            if f.lines().join("\n").trim_end() != text.trim_end() {
                let placeholder = f.placeholder_text().to_string();
                let cursor = f.cursor_style();
                *f = text_area(text, &placeholder, theme);
                f.set_cursor_style(cursor);
            }
        }
    }

    /// Empties every field; marks it changed when it held anything.
    pub fn clear(&mut self, theme: &Theme) {
        if !self.is_empty() {
            self.dirty = true;
        }
        for f in &mut self.fields {
            let placeholder = f.placeholder_text().to_string();
            *f = text_area("", &placeholder, theme);
        }
        self.saved_at = None;
    }

    /// Whether the text changed since it was last saved: the autosave's question.
    pub fn needs_saving(&self) -> bool {
        self.dirty
    }

    /// Records a save at `at`.
    pub fn saved(&mut self, at: DateTime<FixedOffset>) {
        self.dirty = false;
        self.saved_at = Some(at);
    }

    /// Shows the cursor in the focused field while `writing`, else nowhere.
    pub fn show_cursor(&mut self, writing: bool, theme: &Theme) {
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.set_cursor_style(if writing && i == self.focus {
                theme.cursor
            } else {
                Style::default()
            });
        }
    }

    /// Draws field `i` into `area`.
    pub fn render_field(&self, i: usize, area: Rect, buf: &mut Buffer) {
        if let Some(f) = self.fields.get(i) {
            f.render(area, buf);
        }
    }

    /// Draws the focused field into `area`.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        self.render_field(self.focus, area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Colors;

    fn theme() -> Theme {
        Theme::new(&Colors::default(), false)
    }

    fn key(c: char) -> Input {
        Input {
            key: Key::Char(c),
            ..Input::default()
        }
    }

    #[test]
    fn typing_marks_it_changed_and_saving_clears_that() {
        let mut e = Editor::new("", "", &theme());
        assert!(!e.needs_saving());
        e.input(key('a')).unwrap();
        assert!(e.needs_saving());
        let at = DateTime::parse_from_rfc3339("2026-11-22T09:30:00+01:00").unwrap();
        e.saved(at);
        assert!(!e.needs_saving());
        assert_eq!(e.saved_at, Some(at));
    }

    #[test]
    fn every_field_counts_towards_the_size_limit() {
        let half = "x".repeat(MAX_BODY_BYTES / 2);
        let mut e = Editor::with_fields(&[(&half, ""), (&half, "")], 1, &theme());
        assert!(e.input(key('y')).is_err(), "two halves are the whole");
        assert!(e.paste("more").is_err());
        assert_eq!(e.field(1), half);
        assert!(!e.needs_saving());
    }

    #[test]
    fn pasted_line_ends_become_newlines() {
        let mut e = Editor::new("", "", &theme());
        e.paste("one\r\ntwo\rthree").unwrap();
        assert_eq!(e.text(), "one\ntwo\nthree");
        e.paste("  \n\n").unwrap();
        assert_eq!(e.clean_text(), "one\ntwo\nthree");
    }

    #[test]
    fn fields_wrap_around() {
        let mut e = Editor::with_fields(&[("a", ""), ("b", ""), ("c", "")], 0, &theme());
        e.previous_field();
        assert_eq!(e.focus(), 2);
        e.next_field();
        assert_eq!(e.focus(), 0);
    }
}
