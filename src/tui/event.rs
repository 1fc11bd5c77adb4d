//! What happens to the interface that no key asked for: time passing, the start, and the
//! results of work done outside `update` (the background refresh and push, the external
//! editor).
//! [`super::Action`] holds only what the user asks for.

use super::context::EditTarget;
use super::refresh::Refreshed;
use crate::io::editor::Edited;

/// An internal event, handled by [`super::App::handle`].
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Time passed: autosave what changed, notice a new day.
    Tick,
    /// The interface started: the calendars read too long ago are to be read again in the
    /// background (the event loop sends it once, before the first frame).
    Started,
    /// The calendars read again in the background came back.
    CalendarsRefreshed(Vec<Refreshed>),
    /// The published blocks pushed in the background came back.
    BlocksPushed(Vec<super::push::Pushed>),
    /// The journal synced in the background came back: what it did, or why it failed.
    JournalSynced(Result<crate::app::sync::Report, String>),
    /// The external editor finished editing the text of its target, with the new text or
    /// an error message.
    ExternalEditFinished(EditTarget, Result<Edited, String>),
}
