//! Pushing the published blocks in the background after the user changed one (a block
//! made, edited, skipped, moved or deleted on the Week screen, a conflict settled, a
//! block published again or no longer): the app says whether a published block waits to
//! go out ([`crate::app::accounts::publish::waiting_push`]), and the event loop pushes
//! on a thread of its own, with a connection of its own, as it reads calendars again
//! ([`super::refresh`]), so no frame waits for the server. One push or refresh at a
//! time: a change made meanwhile is pushed when it comes back.

use std::sync::mpsc::Receiver;

use super::app::{App, Status, Task};
use super::changed::Changed;
use super::strings;
use crate::app::accounts::publish::{WaitingPush, push_waiting};

/// What pushing one block came to, as the interface tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// The block's title.
    pub block: String,
    /// What happened, in words.
    pub done: String,
    /// Why it could not be pushed.
    pub error: Option<String>,
}

/// Starts pushing the blocks of `waiting` on a thread. The answer arrives on the
/// receiver, once.
pub fn start(waiting: WaitingPush) -> Receiver<Vec<Pushed>> {
    super::background::spawn(
        move || {
            push_waiting(&waiting)
                .into_iter()
                .map(|o| Pushed {
                    block: o.block,
                    done: o.done,
                    error: o.error,
                })
                .collect()
        },
        |why| {
            vec![Pushed {
                block: strings::THE_PUBLISHED_BLOCKS.to_string(),
                done: String::new(),
                error: Some(why),
            }]
        },
    )
}

impl App {
    /// The user changed blocks or what is published: a push starts in the background
    /// when a published block waits to go out, unless a push or refresh is under way
    /// (or other work is handed to the event loop), when it waits for that to come back.
    pub(super) fn push_blocks_soon(&mut self) {
        let busy = self.calendars.pushing
            || !self.calendars.refreshing.is_empty()
            || self.pending.is_some();
        if busy {
            self.calendars.push_again = true;
            return;
        }
        self.calendars.push_again = false;
        let timeout = self.config.calendars.fetch_timeout();
        match crate::app::accounts::publish::waiting_push(&self.journal, self.updated_at, timeout) {
            Ok(Some(waiting)) => {
                self.calendars.pushing = true;
                self.pending = Some(Task::PushBlocks(waiting));
            }
            Ok(None) => {}
            Err(e) => {
                self.status = Some(Status {
                    text: crate::describe(&e),
                    is_error: true,
                });
            }
        }
    }

    /// A push or refresh came back, or time passed: the push asked for meanwhile starts
    /// now, if nothing else runs.
    pub(super) fn push_if_asked(&mut self) {
        if self.calendars.push_again {
            self.push_blocks_soon();
        }
    }

    /// The background push came back: the published blocks (and the blocks, which may
    /// have taken in the calendar's changes) are read again, the status line says what
    /// failed, and a push asked for meanwhile starts.
    pub(super) fn blocks_pushed(&mut self, done: &[Pushed]) {
        self.calendars.pushing = false;
        self.apply_changes(Changed::PUBLISHED | Changed::BLOCKS, Vec::new());
        let failed: Vec<&Pushed> = done.iter().filter(|p| p.error.is_some()).collect();
        if let Some(first) = failed.first() {
            self.status = Some(Status {
                text: strings::push_failed(
                    &first.block,
                    first.error.as_deref().unwrap_or_default(),
                    failed.len(),
                ),
                is_error: true,
            });
        }
        self.push_if_asked();
    }
}
