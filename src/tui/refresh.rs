//! Reading calendars again in the background when the interface starts: sources read
//! longer ago than `[calendars] refresh_hours` are fetched on a thread of their own, with
//! a connection of their own, so the first frame and typing never wait for the network.

use std::sync::mpsc::{Receiver, channel};

use super::app::App;
use crate::store::Store;

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

/// Starts refreshing the app's stale calendars on a thread; `None` when there are none
/// (or the journal is in memory). The answer arrives on the receiver, once.
pub fn start(app: &mut App) -> Option<Receiver<Vec<Refreshed>>> {
    let path = app.store.path()?.to_path_buf();
    let now = app.now().to_utc();
    let stale = crate::app::calendars::refresh::stale_calendars(
        &app.store,
        app.config.calendars.refresh_hours,
        now,
    )
    .ok()?;
    if stale.is_empty() {
        return None;
    }
    app.calendars.refreshing = stale.clone();
    let (send, receive) = channel();
    let zone = app.zone();
    let timeout = app.config.calendars.fetch_timeout();
    let reopen = app.store.reopen_options();
    std::thread::spawn(move || {
        let outcomes = match Store::reopen(&path, &reopen) {
            Ok(mut store) => crate::app::calendars::refresh::refresh_these(
                &mut store, &stale, timeout, zone, now,
            )
            .into_iter()
            .map(|o| Refreshed {
                calendar: o.calendar,
                changed: o.changed,
                error: o.error,
            })
            .collect(),
            Err(e) => stale
                .iter()
                .map(|c| Refreshed {
                    calendar: c.clone(),
                    changed: false,
                    error: Some(crate::describe(&e)),
                })
                .collect(),
        };
        let _ = send.send(outcomes);
    });
    Some(receive)
}
