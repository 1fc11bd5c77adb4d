//! The Today screen: the prompt of the day, what is planned today, today's entries and
//! the editor, where the draft is written (autosaved to its slot) and saved as an entry,
//! and where a saved entry is edited in place.

mod state;
mod update;
mod view;

#[cfg(test)]
mod tests;

pub use state::{Editing, EntryEditor, TodayState};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ScreenState;
use crate::tui::action::Action;
use crate::tui::app::Focus;
use crate::tui::context::{Ctx, View};
use crate::tui::keymap::{Keymap, Section, Table};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl ScreenState for TodayState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        TodayState::update(self, action, ctx)
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        TodayState::flush(self, ctx)
    }

    fn catch_up(&mut self, ctx: &mut Ctx<'_>) {
        if let Editing::Entry(open) = &mut self.editing {
            open.catch_up(ctx);
        }
    }

    fn focus(&self) -> Focus {
        match self.editing {
            Editing::Browsing => Focus::Browsing,
            Editing::Draft | Editing::Entry(_) => Focus::Writing,
            Editing::ConfirmDiscard | Editing::ConfirmDelete(_) => Focus::Overlay,
        }
    }

    fn table(&self) -> Table {
        match self.editing {
            Editing::Browsing => Table::Today,
            Editing::Draft => Table::Writing,
            Editing::Entry(_) => Table::Entry,
            Editing::ConfirmDiscard | Editing::ConfirmDelete(_) => Table::Confirm,
        }
    }

    // The help is read while it is open, over whatever Today is doing: the same sections
    // in the same order whether or not the draft was being written.
    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![
            (strings::TAB_TODAY, keys.rows(Table::Today)),
            (strings::HELP_WRITING, keys.rows_with_editor(Table::Writing)),
            (strings::HELP_EDITING_ENTRY, keys.rows(Table::Entry)),
        ]
    }

    fn show_cursor(&mut self, writing: bool, theme: &Theme) {
        let draft = writing && matches!(self.editing, Editing::Draft);
        self.draft.show_cursor(draft, theme);
        if let Editing::Entry(edit) = &mut self.editing {
            edit.editor.show_cursor(writing, theme);
        }
    }

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}
