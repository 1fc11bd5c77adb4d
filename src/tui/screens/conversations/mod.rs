//! The Conversations screen: conversations grouped (not yet recorded, upcoming,
//! follow-ups due, held, closed), keys to hold, follow up and close them, a preview that
//! scrolls, and the autosaved editor that moves between fields with Tab.

mod state;
mod update;
mod view;

pub use state::{
    ConversationsState, ConvoEditor, EDITOR_FIELDS, Editing, FollowUpField, NewField, TextField,
};
pub use update::{add_from, new_form};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ScreenState;
use crate::tui::action::Action;
use crate::tui::app::Focus;
use crate::tui::context::{Ctx, View};
use crate::tui::keymap::{Keymap, Section, Table};
use crate::tui::strings;
use crate::tui::theme::Theme;

impl ScreenState for ConversationsState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        ConversationsState::update(self, action, ctx)
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        ConversationsState::flush(self, ctx)
    }

    fn catch_up(&mut self, ctx: &mut Ctx<'_>) {
        ConversationsState::catch_up(self, ctx);
    }

    fn focus(&self) -> Focus {
        match self.editing {
            Editing::Nothing => Focus::Browsing,
            Editing::Writing(_) => Focus::Writing,
            Editing::New(_) | Editing::FollowUp { .. } => Focus::Form,
        }
    }

    fn table(&self) -> Table {
        match self.editing {
            Editing::Nothing => Table::Conversations,
            Editing::Writing(_) => Table::Conversation,
            Editing::New(_) | Editing::FollowUp { .. } => Table::Form,
        }
    }

    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![
            (strings::TAB_CONVERSATIONS, keys.rows(Table::Conversations)),
            (
                strings::HELP_CONVERSATION,
                keys.rows_with_editor(Table::Conversation),
            ),
            (strings::HELP_FORM, keys.rows(Table::Form)),
        ]
    }

    fn show_cursor(&mut self, writing: bool, theme: &Theme) {
        if let Editing::Writing(open) = &mut self.editing {
            open.editor.show_cursor(writing, theme);
        }
    }

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}
