//! The mouse, when `[ui] mouse` is on: the wheel and clicks become the actions the keys
//! send, so a screen cannot tell the two apart.

use super::action::Action;
use super::app::{App, Screen};

impl App {
    /// A mouse event on a terminal `width` columns wide, when `[ui] mouse` is on: the
    /// wheel moves through the list or week shown (or the help), or scrolls the preview
    /// under the pointer; a click on a tab shows it. While a form or an editor has the keys, the wheel does nothing.
    pub fn mouse(&mut self, event: crossterm::event::MouseEvent, width: u16) {
        use crate::tui::keymap::Table;
        use crossterm::event::{MouseButton, MouseEventKind};
        if !self.config.ui.mouse {
            return;
        }
        let table = crate::tui::keymap::table_for(self);
        let browsing = matches!(
            table,
            Table::Today
                | Table::Week
                | Table::Audit
                | Table::People
                | Table::Conversations
                | Table::History
                | Table::Review
                | Table::Calendars
        );
        let action = match event.kind {
            MouseEventKind::ScrollDown if table == Table::Help => Action::ScrollHelpDown,
            MouseEventKind::ScrollUp if table == Table::Help => Action::ScrollHelpUp,
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp if browsing => {
                let over_preview = matches!(
                    self.hits.at(event.column, event.row),
                    Some(crate::tui::hits::Hit::Preview)
                );
                match (event.kind == MouseEventKind::ScrollDown, over_preview) {
                    (true, true) => Action::ScrollPreviewDown,
                    (false, true) => Action::ScrollPreviewUp,
                    (true, false) => Action::CursorDown,
                    (false, false) => Action::CursorUp,
                }
            }
            MouseEventKind::Down(MouseButton::Left) if event.row == 0 && browsing => {
                match super::ui::tab_at(self, width, event.column) {
                    Some(screen) => Action::ShowScreen(screen),
                    None => return,
                }
            }
            MouseEventKind::Down(MouseButton::Left) if browsing => {
                return self.click(event.column, event.row);
            }
            _ => return,
        };
        self.update(action);
    }

    /// A click on a row of the list shown selects it; on a Week slot, moves the cursor
    /// there. Both go the way the keys go, step by step, so a screen loads what it shows
    /// for the row as it does for `j` and `k`.
    fn click(&mut self, x: u16, y: u16) {
        use crate::tui::hits::Hit;
        let steps = |from: usize, to: usize, down: Action, up: Action| {
            let n = from.abs_diff(to);
            std::iter::repeat_n(if to > from { down } else { up }, n)
        };
        let actions: Vec<Action> = match self.hits.at(x, y) {
            Some(Hit::Row { index, selected }) => steps(
                selected.unwrap_or(0),
                index,
                Action::CursorDown,
                Action::CursorUp,
            )
            .collect(),
            Some(Hit::Slot { day, slot }) if self.screen == Screen::Week => {
                steps(self.week.day, day, Action::CursorRight, Action::CursorLeft)
                    .chain(steps(
                        self.week.slot,
                        slot,
                        Action::CursorDown,
                        Action::CursorUp,
                    ))
                    .collect()
            }
            _ => return,
        };
        for action in actions {
            self.update(action);
        }
    }
}
