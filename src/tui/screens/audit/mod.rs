//! The Audit screen: the week's managing/leading split against the target, the 12-week
//! trend, the series that take the most hours, warnings, and the unclassified events,
//! each classifiable with one key (and undone with another).

mod state;
mod update;
mod view;

pub use state::{
    AuditPanel, AuditState, TREND_WEEKS, UnclassifiedSeries, Undo, unclassified_series,
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

impl ScreenState for AuditState {
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        AuditState::update(self, action, ctx)
    }

    /// Nothing is typed on the Audit screen: nothing to save.
    fn flush(&mut self, _ctx: &mut Ctx<'_>) -> bool {
        true
    }

    fn focus(&self) -> Focus {
        Focus::Browsing
    }

    fn table(&self) -> Table {
        Table::Audit
    }

    fn help(&self, keys: &Keymap) -> Vec<Section> {
        vec![(strings::TAB_AUDIT, keys.rows(Table::Audit))]
    }

    fn show_cursor(&mut self, _writing: bool, _theme: &Theme) {}

    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view::render(self, view, area, buf);
    }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod calendars_tests;
