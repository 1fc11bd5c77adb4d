//! Reading calendars again in the background, when the interface starts and when the
//! Calendars screen asks: the app asks which sources were read longer ago than
//! `[calendars] refresh_hours` (or than now, when asked)
//! ([`crate::app::calendars::refresh::stale`]), and the event loop reads them on a
//! thread of its own, with a connection of its own, so the first frame and typing never
//! wait for the network.

use std::sync::mpsc::Receiver;

use super::app::{App, Status, Task};
use super::changed::Changed;
use super::strings;
use crate::app::calendars::CalendarInfo;
use crate::app::calendars::refresh::{Stale, refresh_stale};

/// The imported calendars as the Week, Audit and Calendars screens tell them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarsState {
    /// Every calendar, loaded at the start and after a refresh.
    pub list: Vec<CalendarInfo>,
    /// The calendars being read again in the background.
    pub refreshing: Vec<String>,
    /// What the last refresh that came back did, per calendar.
    pub outcomes: Vec<Refreshed>,
    /// Whether the refresh under way was asked for (the Calendars screen's key): its news
    /// replaces whatever the status line says.
    pub asked: bool,
    /// Whether the published blocks are being pushed in the background ([`super::push`]).
    pub pushing: bool,
    /// Whether the user changed blocks while a push or refresh was under way: they are
    /// pushed when it comes back.
    pub push_again: bool,
}

impl CalendarsState {
    /// The refresh under way came back with `done`: what it changed in the journal.
    pub fn refreshed(&mut self, done: &[Refreshed]) -> Changed {
        self.refreshing.clear();
        self.asked = false;
        self.outcomes = done.to_vec();
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
        Some(f) if f.source == crate::app::calendars::refresh::PUSH_SOURCE => Some(Status {
            text: strings::push_failed(
                &f.calendar,
                f.error.as_deref().unwrap_or_default(),
                failed.len(),
            ),
            is_error: true,
        }),
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
    /// Where it comes from, as shown (`account NAME` for an account's calendar; empty
    /// when the refresh could not tell).
    pub source: String,
    /// Whether its events changed.
    pub changed: bool,
    /// Why it could not be read, if it could not (its last good copy is kept).
    pub error: Option<String>,
}

/// Starts reading the calendars of `stale` again on a thread. The answer arrives on the
/// receiver, once.
pub fn start(stale: Stale) -> Receiver<Vec<Refreshed>> {
    let names = stale.names.clone();
    super::background::spawn(
        move || {
            refresh_stale(&stale)
                .into_iter()
                .map(|o| Refreshed {
                    calendar: o.calendar,
                    source: o.source,
                    changed: o.changed,
                    error: o.error,
                })
                .collect()
        },
        move |why| {
            names
                .iter()
                .map(|name| Refreshed {
                    calendar: name.clone(),
                    source: String::new(),
                    // Some calendars may have been written before it stopped: what
                    // is shown is read again.
                    changed: true,
                    error: Some(why.clone()),
                })
                .collect()
        },
    )
}

impl App {
    /// Asks which calendars were read more than `hours` ago, and hands reading them again
    /// to the event loop: how many, or `None` when there are none (or the journal is
    /// kept in memory, where no other connection could reach it).
    fn start_refresh(&mut self, hours: u32) -> crate::app::Result<Option<usize>> {
        let timeout = self.config.calendars.fetch_timeout();
        let stale =
            crate::app::calendars::refresh::stale(&self.journal, self.updated_at, hours, timeout)?;
        Ok(stale.map(|stale| {
            self.calendars.refreshing.clone_from(&stale.names);
            let n = stale.names.len();
            self.pending = Some(Task::RefreshCalendars(stale));
            n
        }))
    }

    /// At the start: the calendars read too long ago are read again (nothing is said when
    /// there are none, or when that cannot be told).
    pub(super) fn refresh_stale_calendars(&mut self) {
        let _ = self.start_refresh(self.config.calendars.refresh_hours);
    }

    /// Asked on the Calendars screen: every calendar bearing can read is read again now
    /// (one read in this very second is not), unless a refresh is under way; then (or
    /// at once, with none to read) the published blocks still waiting to go out are
    /// pushed. The status line says which.
    pub(super) fn refresh_calendars_now(&mut self) {
        let (text, is_error) = if self.calendars.refreshing.is_empty() {
            match self.start_refresh(0) {
                Ok(Some(n)) => {
                    self.calendars.asked = true;
                    // A refresh pushes the blocks only with an account calendar to read:
                    // what still waits goes out when it is back.
                    self.calendars.push_again = true;
                    (strings::refreshing(n), false)
                }
                // No calendar to read: the published blocks may still wait to go out.
                Ok(None) => {
                    self.push_blocks_soon();
                    let readable = crate::app::calendars::refresh::any_readable(&self.journal)
                        .unwrap_or(false);
                    let said = if self.calendars.pushing {
                        strings::PUSHING_BLOCKS
                    } else if readable {
                        // Each was read in this very second (say, just before).
                        strings::ALL_READ_JUST_NOW
                    } else {
                        strings::NOTHING_TO_REFRESH
                    };
                    (said.to_string(), false)
                }
                Err(e) => (crate::describe(&e), true),
            }
        } else {
            (strings::REFRESH_UNDER_WAY.to_string(), false)
        };
        self.status = Some(Status { text, is_error });
    }

    /// The background refresh came back: what changed is read again, and the status line
    /// says how it went.
    pub(super) fn calendars_refreshed(&mut self, done: Vec<Refreshed>) {
        let busy = self.status.is_some() && !self.calendars.asked;
        let changed = self.calendars.refreshed(&done);
        self.apply_changes(changed, Vec::new());
        if let Some(said) = status(&done, busy) {
            self.status = Some(said);
        }
        self.push_if_asked();
    }
}
