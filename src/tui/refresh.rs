//! Reading calendars again in the background when the interface starts: the app asks
//! which sources were read longer ago than `[calendars] refresh_hours`
//! ([`crate::app::calendars::refresh::stale`]), and the event loop reads them on a
//! thread of its own, with a connection of its own, so the first frame and typing never
//! wait for the network.

use std::sync::mpsc::{Receiver, channel};

use crate::app::calendars::refresh::{Stale, refresh_stale};

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
