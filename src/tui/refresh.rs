//! Reading calendars again in the background when the interface starts: the app asks
//! which sources were read longer ago than `[calendars] refresh_hours`
//! ([`crate::app::calendars::refresh::stale`]), and the event loop reads them on a
//! thread of its own, with a connection of its own, so the first frame and typing never
//! wait for the network.

use std::sync::mpsc::{Receiver, channel};

use super::app::Status;
use super::changed::Changed;
use super::strings;
use crate::app::calendars::CalendarInfo;
use crate::app::calendars::refresh::{Stale, refresh_stale};

/// The imported calendars as the Week and Audit screens tell them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarsState {
    /// Every calendar, loaded at the start and after a refresh.
    pub list: Vec<CalendarInfo>,
    /// The calendars being read again in the background.
    pub refreshing: Vec<String>,
}

impl CalendarsState {
    /// The refresh under way came back with `done`: what it changed in the journal.
    pub fn refreshed(&mut self, done: &[Refreshed]) -> Changed {
        self.refreshing.clear();
        if done.iter().any(|r| r.changed) {
            Changed::CALENDARS | Changed::EVENTS
        } else {
            Changed::CALENDARS
        }
    }
}

/// What the status line says when a refresh came back with `done`: the first failure
/// and how many failed; else how many were read, unless nothing changed and the status
/// line already says something (`busy`).
pub fn status(done: &[Refreshed], busy: bool) -> Option<Status> {
    let failed: Vec<&Refreshed> = done.iter().filter(|r| r.error.is_some()).collect();
    match failed.first() {
        Some(f) => Some(Status {
            text: strings::refresh_failed(
                &f.calendar,
                f.error.as_deref().unwrap_or_default(),
                failed.len(),
            ),
            is_error: true,
        }),
        None if !busy || done.iter().any(|r| r.changed) => Some(Status {
            text: strings::refreshed(done.len()),
            is_error: false,
        }),
        None => None,
    }
}

/// What one calendar's refresh came to, as the interface tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refreshed {
    /// The calendar.
    pub calendar: String,
    /// Whether its events changed.
    pub changed: bool,
    /// Why it could not be read, if it could not (its last good copy is kept).
    pub error: Option<String>,
}

/// Starts reading the calendars of `stale` again on a thread. The answer arrives on the
/// receiver, once.
pub fn start(stale: Stale) -> Receiver<Vec<Refreshed>> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        let outcomes = refresh_stale(&stale)
            .into_iter()
            .map(|o| Refreshed {
                calendar: o.calendar,
                changed: o.changed,
                error: o.error,
            })
            .collect();
        let _ = send.send(outcomes);
    });
    receive
}
