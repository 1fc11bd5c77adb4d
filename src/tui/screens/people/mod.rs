//! The People screen: everyone you lead, nudges first (no check-in for too long, the
//! quietest first), and the selected person's page; forms to rename, merge, link an
//! address, delegate, close a delegation or start a conversation with them.

mod state;
mod update;
mod view;

#[cfg(test)]
mod coaching_tests;
#[cfg(test)]
pub(crate) mod tests;

pub use state::{CloseField, DelegationField, Editing, PeopleState, PersonField};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ScreenState;
use crate::tui::action::Action;
use crate::tui::app::Focus;
use crate::tui::context::{Ctx, View};
use crate::tui::keymap::{Keymap, Section, Table};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl ScreenState for PeopleState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        PeopleState::update(self, action, ctx)
    }

    fn flush(&mut self, _ctx: &mut Ctx<'_>) -> bool {
        // Nothing is typed here but into forms, which save when submitted.
        true
    }

    fn focus(&self) -> Focus {
        match self.editing {
            Editing::Nothing => Focus::Browsing,
            _ => Focus::Form,
        }
    }

    fn table(&self) -> Table {
        match self.editing {
            Editing::Nothing => Table::People,
            _ => Table::Form,
        }
    }

    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![
            (strings::TAB_PEOPLE, keys.rows(Table::People)),
            (strings::HELP_FORM, keys.rows(Table::Form)),
        ]
    }

    fn show_cursor(&mut self, _writing: bool, _theme: &Theme) {
        // No editor: a form shows the cursor of the field being typed in.
    }

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}
