//! Syncing the journal in the background (`bearing sync` without a command): at start,
//! a little after changes were made here, and every few minutes to hear the other
//! devices. It runs on a thread of its own, with a connection of its own, as the
//! calendar refresh does ([`super::refresh`]), so no frame waits for the folder or the
//! server; offline, it fails quietly on the status line and the changes wait.

use std::sync::mpsc::Receiver;

use chrono::{DateTime, Duration, FixedOffset};

use super::app::{App, Status, Task};
use super::changed::Changed;
use crate::app::sync::{Report, Waiting, run_waiting};

/// How long after a change here the sync starts (changes made meanwhile go with it).
const AFTER_CHANGE: Duration = Duration::seconds(20);

/// How often the other devices are heard when nothing changed here.
const EVERY: Duration = Duration::minutes(5);

/// Where the background sync stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalSync {
    /// A sync is under way.
    pub running: bool,
    /// When the last one started (`None`: none yet, so one starts now).
    pub last_start: Option<DateTime<FixedOffset>>,
    /// When the last one went through, for the status line.
    pub last_done: Option<DateTime<FixedOffset>>,
    /// The journal syncs (the status line says how it stands).
    pub syncs: bool,
    /// The last one failed (offline, say).
    pub failed: bool,
    /// Texts kept twice (written on two devices at once) in the journal, as the last
    /// sync found them.
    pub conflicts: i64,
}

impl JournalSync {
    /// How the sync stands, in a few words for the status line: `None` when the journal
    /// does not sync.
    pub fn note(&self) -> Option<String> {
        if !self.syncs {
            return None;
        }
        let state = match (self.running, self.failed, self.last_done) {
            (true, _, _) => super::strings::SYNCING.to_string(),
            (false, true, _) => super::strings::SYNC_OFFLINE.to_string(),
            (false, false, Some(at)) => super::strings::synced_at(&at.format("%H:%M").to_string()),
            (false, false, None) => return None,
        };
        Some(match self.conflicts {
            0 => state,
            n => format!("{state} · {}", super::strings::kept_twice(n)),
        })
    }
}

/// Starts `waiting` on a thread. The answer arrives on the receiver, once.
pub fn start(waiting: Waiting) -> Receiver<Result<Report, String>> {
    super::background::spawn(move || run_waiting(&waiting), Err)
}

impl App {
    /// Starts a background sync when one is due: none yet, changes made here waiting
    /// for a while, or the others not heard for a while; unless one runs, other work is
    /// handed to the event loop, or the journal does not sync.
    pub(super) fn sync_journal_when_due(&mut self) {
        if self.journal_sync.running || self.pending.is_some() {
            return;
        }
        let now = self.updated_at.at;
        let due = match self.journal_sync.last_start {
            None => true,
            Some(last) => {
                now - last >= EVERY
                    || (now - last >= AFTER_CHANGE
                        && crate::app::sync::pending(&self.journal).unwrap_or(false))
            }
        };
        if !due {
            return;
        }
        match crate::app::sync::waiting(&self.journal, self.updated_at) {
            Ok(Some(waiting)) => {
                self.journal_sync.syncs = true;
                self.journal_sync.running = true;
                self.journal_sync.last_start = Some(now);
                self.pending = Some(Task::SyncJournal(waiting));
            }
            // Not syncing: asked again only after a while (`sync init` may come meanwhile).
            Ok(None) => {
                self.journal_sync.syncs = false;
                self.journal_sync.last_start = Some(now);
            }
            Err(e) => {
                self.journal_sync.last_start = Some(now);
                self.status = Some(Status {
                    text: crate::describe(&e),
                    is_error: true,
                });
            }
        }
    }

    /// The background sync came back: what the others changed is read again, and the
    /// status line says what the user should know (words kept twice, a notice, a
    /// failure); a sync that only sent or heard nothing says nothing.
    pub(super) fn journal_synced(&mut self, done: Result<Report, String>) {
        self.journal_sync.running = false;
        match done {
            Ok(report) => {
                self.journal_sync.failed = false;
                self.journal_sync.conflicts = report.conflicts;
                self.journal_sync.last_done = Some(self.updated_at.at);
                if report.merged_rows > 0 || report.copies > 0 {
                    self.apply_changes(Changed::all().difference(Changed::DAY), Vec::new());
                }
                let mut told = Vec::new();
                if report.copies > 0 {
                    told.push(super::strings::sync_copies(report.copies));
                }
                told.extend(report.notices);
                told.extend(
                    report
                        .stopped
                        .into_iter()
                        .map(|(d, why)| format!("Device {d} is not read any more: {why}.")),
                );
                if !told.is_empty() {
                    self.status = Some(Status {
                        text: told.join(" "),
                        is_error: false,
                    });
                }
            }
            Err(why) => {
                self.journal_sync.failed = true;
                self.status = Some(Status {
                    text: super::strings::sync_failed(&why),
                    is_error: true,
                });
            }
        }
    }
}

#[cfg(test)]
#[path = "journal_sync_tests.rs"]
mod tests;
