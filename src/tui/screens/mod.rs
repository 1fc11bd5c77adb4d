//! The screens, one folder each: `state` (what it shows, its selection, one `Editing`
//! enum), `update` (what it does with an action, through `app`), `view` (how it looks,
//! from its state and a [`View`]). [`ScreenState`] is what `App` asks of every screen.

pub mod audit;
pub mod calendars;
pub mod conversations;
pub mod history;
pub mod people;
pub mod review;
pub mod today;
pub mod week;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::Action;
use super::app::Focus;
use super::context::{Ctx, View};
use super::keymap::{Keymap, Section, Table};
use super::theme::Theme;

/// What `App` asks of every screen.
pub trait ScreenState {
    /// Applies a user action; false if it is not this screen's (it then goes to the
    /// actions of every screen: tabs, help, quit).
    fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool;

    /// Saves typed text that changed since last saved (the autosave, on every tick and
    /// on quitting); false when saving failed (the status line says why; the text stays).
    fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool;

    /// Shows in an open editor what another window or command saved meanwhile, while
    /// the editor holds nothing unsaved (on a tick, when the journal was written
    /// elsewhere), so that what is typed next starts from it.
    fn catch_up(&mut self, _ctx: &mut Ctx<'_>) {}

    /// What has the keys on this screen.
    fn focus(&self) -> Focus;

    /// The key table in effect on this screen.
    fn table(&self) -> Table;

    /// The sections of the key help shown on this screen (the keys of every screen
    /// follow them).
    fn help(&self, keys: &Keymap) -> Vec<Section>;

    /// Shows the cursor of the editor in front when `writing` (the screen is in front
    /// and its editor has the keys), and hides every other.
    fn show_cursor(&mut self, writing: bool, theme: &Theme);

    /// Draws the screen, and what it has open over it, into `area`.
    fn render(&self, view: &View<'_>, area: Rect, buf: &mut Buffer);
}
