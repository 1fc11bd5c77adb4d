//! The weekly review: a week's audit summary and trend, its blocks, conversations and
//! reflections on the left; the review questions on the right, answered in the same
//! editor as reflections and saved as the week's review entry as you type.

mod state;
mod update;
mod view;

#[cfg(test)]
mod tests;

pub use state::{Editing, ReviewState};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ScreenState;
use crate::tui::action::Action;
use crate::tui::app::Focus;
use crate::tui::context::{Ctx, View};
use crate::tui::keymap::{Keymap, Section, Table};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl ScreenState for ReviewState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        ReviewState::update(self, action, ctx)
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        ReviewState::flush(self, ctx)
    }

    fn catch_up(&mut self, ctx: &mut Ctx<'_>) {
        ReviewState::catch_up(self, ctx);
    }

    fn focus(&self) -> Focus {
        match self.editing {
            Editing::Reading => Focus::Browsing,
            Editing::Answering => Focus::Writing,
        }
    }

    fn table(&self) -> Table {
        match self.editing {
            Editing::Reading => Table::Review,
            Editing::Answering => Table::Answering,
        }
    }

    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![
            (strings::HELP_REVIEW, keys.rows(Table::Review)),
            (
                strings::HELP_ANSWERING,
                keys.rows_with_editor(Table::Answering),
            ),
        ]
    }

    fn show_cursor(&mut self, writing: bool, theme: &Theme) {
        if let Some(answers) = &mut self.answers {
            answers.show_cursor(writing, theme);
        }
    }

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}
