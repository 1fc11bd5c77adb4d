//! The Calendars screen: every calendar bearing reads or writes to (imported files and
//! links, then each CalDAV account's calendars) with its role, what it holds, when it
//! was last read and why its last refresh failed; a key gives an account's calendar its
//! next role, another reads them all again in the background. Under them, the blocks
//! published to a calendar with where each stands, and the conflicts with the calendar
//! the user settles here. Adding an account stays the command line's (`bearing account
//! add`).

mod blocks_view;
mod settle;
mod state;
mod update;
mod view;

#[cfg(test)]
pub(crate) mod blocks_tests;

#[cfg(test)]
pub(crate) mod tests;

pub use state::{
    AccountHead, BlockRow, CalendarRow, CalendarsScreenState, Editing, Origin, Pane, RoleChange,
    Settle,
};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ScreenState;
use crate::tui::action::Action;
use crate::tui::app::Focus;
use crate::tui::context::{Ctx, View};
use crate::tui::keymap::{Keymap, Section, Table};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl ScreenState for CalendarsScreenState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        CalendarsScreenState::update(self, action, ctx)
    }

    fn flush(&mut self, _ctx: &mut Ctx<'_>) -> bool {
        // Nothing is typed here.
        true
    }

    fn focus(&self) -> Focus {
        match self.editing {
            Editing::Nothing => Focus::Browsing,
            Editing::ConfirmRole(_) | Editing::ConfirmSettle(_) => Focus::Overlay,
        }
    }

    fn table(&self) -> Table {
        match self.editing {
            Editing::Nothing => Table::Calendars,
            Editing::ConfirmRole(_) | Editing::ConfirmSettle(_) => Table::Confirm,
        }
    }

    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![(strings::TAB_CALENDARS, keys.rows(Table::Calendars))]
    }

    fn show_cursor(&mut self, _writing: bool, _theme: &Theme) {
        // No editor.
    }

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}
