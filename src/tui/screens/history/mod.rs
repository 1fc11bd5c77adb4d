//! The History screen: every entry and conversation, newest first, with a preview; `/`
//! to search, filters, jump to a date, "on this day", a heatmap of journaling days with
//! the streak, and editing (in place or in `$EDITOR`) or deleting an entry.
//!
//! The list is a window of pages read by keyset as the selection nears an edge, so a
//! ten-year journal opens as fast as a new one. All loading happens in `update`.

mod state;
mod update;
mod view;

#[cfg(test)]
pub(crate) mod tests;

pub use state::{
    DateField, Editing, EntryEditor, FilterField, HEAT_WEEKS, HistoryState, MARGIN, MAX_QUERY,
    Preview, SEARCH_LIMIT, SearchBox,
};
pub use update::as_you_type;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ScreenState;
use crate::tui::action::Action;
use crate::tui::app::Focus;
use crate::tui::context::{Ctx, View};
use crate::tui::keymap::{Keymap, Section, Table};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl ScreenState for HistoryState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        HistoryState::update(self, action, ctx)
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        HistoryState::flush(self, ctx)
    }

    fn catch_up(&mut self, ctx: &mut Ctx<'_>) {
        if let Editing::Entry(open) = &mut self.editing {
            open.catch_up(ctx);
        }
    }

    fn focus(&self) -> Focus {
        match self.editing {
            Editing::Nothing => Focus::Browsing,
            Editing::Searching => Focus::Searching,
            Editing::Filter(_) | Editing::GoToDate(_) => Focus::Form,
            Editing::Entry(_) => Focus::Writing,
            Editing::ConfirmDelete(_) => Focus::Overlay,
        }
    }

    fn table(&self) -> Table {
        match self.editing {
            Editing::Nothing => Table::History,
            Editing::Searching => Table::Search,
            Editing::Filter(_) | Editing::GoToDate(_) => Table::Form,
            Editing::Entry(_) => Table::Entry,
            Editing::ConfirmDelete(_) => Table::Confirm,
        }
    }

    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![
            (strings::TAB_HISTORY, keys.rows(Table::History)),
            (strings::HELP_SEARCH, keys.rows(Table::Search)),
            (
                strings::HELP_EDITING_ENTRY,
                keys.rows_with_editor(Table::Entry),
            ),
            (strings::HELP_FORM, keys.rows(Table::Form)),
        ]
    }

    fn show_cursor(&mut self, writing: bool, theme: &Theme) {
        if let Editing::Entry(open) = &mut self.editing {
            open.editor.show_cursor(writing, theme);
        }
    }

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}
