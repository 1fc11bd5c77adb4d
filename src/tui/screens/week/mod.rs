//! The Week screen: a week of leadership time blocks and imported events as columns of
//! 30-minute slots, with keys to plan, move, skip, mark, change and delete block
//! occurrences, and to classify the imported meetings beside them.

mod details;
mod forms;
mod layout;
mod state;
mod update;
mod view;

pub use layout::Placed;
pub use state::{BlockField, Editing, OccurrenceField, WeekState};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ScreenState;
use crate::tui::action::Action;
use crate::tui::app::Focus;
use crate::tui::context::{Ctx, View};
use crate::tui::keymap::{Keymap, Section, Table};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl ScreenState for WeekState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        WeekState::update(self, action, ctx)
    }

    fn flush(&mut self, _ctx: &mut Ctx<'_>) -> bool {
        // Nothing typed here is kept but by saving a form.
        true
    }

    fn focus(&self) -> Focus {
        match self.editing {
            Editing::Nothing => Focus::Browsing,
            Editing::Details
            | Editing::DeleteScope { .. }
            | Editing::EditScope { .. }
            | Editing::ConfirmKept(_) => Focus::Overlay,
            _ => Focus::Form,
        }
    }

    fn table(&self) -> Table {
        match self.editing {
            Editing::Nothing => Table::Week,
            Editing::Details => Table::Details,
            Editing::DeleteScope {
                repeating: true, ..
            } => Table::DeleteScope,
            Editing::DeleteScope { .. } => Table::DeleteOne,
            Editing::EditScope { .. } => Table::EditScope,
            Editing::ConfirmKept(_) => Table::Confirm,
            _ => Table::Form,
        }
    }

    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![
            (strings::TAB_WEEK, keys.rows(Table::Week)),
            (strings::HELP_DETAILS, keys.rows(Table::Details)),
            (strings::HELP_FORM, keys.rows(Table::Form)),
            (strings::HELP_SCOPE, keys.rows(Table::DeleteScope)),
        ]
    }

    fn show_cursor(&mut self, _writing: bool, _theme: &Theme) {
        // Forms show their own cursor; the screen has no editor.
    }

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}

#[cfg(test)]
pub(crate) mod tests;
