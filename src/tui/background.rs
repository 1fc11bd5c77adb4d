//! Work the event loop hands to a thread of its own (reading calendars again, pushing
//! blocks, syncing the journal), so no frame waits for the network. Each answers once,
//! on a channel; a thread that could not start, or that panicked, answers too, with what
//! stopped it as a failure, so the interface never waits for an
//! answer that will not come (its "refreshing…" or "syncing…" would stay for good) and
//! the next refresh, push or sync can start.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, channel};

/// The name every such thread's name starts with: a panic on one of them is told as its
/// answer, not by the panic hook (which would give the terminal back while the
/// interface goes on).
const WORKER: &str = "bearing-background";

/// Starts `work` on a thread of its own. Its answer arrives on the receiver, once:
/// `stopped` makes it from what stopped the work, when it panicked or its thread could
/// not start.
pub fn spawn<T, W, S>(work: W, stopped: S) -> Receiver<T>
where
    T: Send + 'static,
    W: FnOnce() -> T + Send + 'static,
    S: FnOnce(String) -> T + Send + Clone + 'static,
{
    let (send, receive) = channel();
    let (if_not_started, stopped_there) = (send.clone(), stopped.clone());
    let started = std::thread::Builder::new()
        .name(WORKER.to_string())
        .spawn(move || {
            let answer = catch_unwind(AssertUnwindSafe(work))
                .unwrap_or_else(|panic| stopped_there(panic_words(panic.as_ref())));
            let _ = send.send(answer);
        });
    if let Err(e) = started {
        let _ = if_not_started.send(stopped(format!("it could not start ({e})")));
    }
    receive
}

/// Wraps the panic hook in place (ratatui's, which gives the terminal back): a panic on
/// a background thread is left to [`spawn`], which tells it as that work's failure.
pub fn quiet_workers_panics() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !on_worker() {
            hook(info);
        }
    }));
}

fn on_worker() -> bool {
    std::thread::current().name() == Some(WORKER)
}

/// A panic's message, in words a status line can show.
fn panic_words(panic: &(dyn std::any::Any + Send)) -> String {
    let said = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    if said.is_empty() {
        "it stopped unexpectedly".to_string()
    } else {
        format!("it stopped unexpectedly ({said})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_answers_once_and_a_panic_answers_as_a_failure() {
        let done = spawn(|| Ok::<u32, String>(7), Err);
        assert_eq!(done.recv().unwrap(), Ok(7));
        assert!(done.recv().is_err(), "one answer, then the channel ends");
        quiet_workers_panics();
        let failed = spawn(|| -> Result<u32, String> { panic!("no such row") }, Err);
        assert_eq!(
            failed.recv().unwrap(),
            Err("it stopped unexpectedly (no such row)".to_string())
        );
        let shown = spawn(|| -> Result<u32, String> { panic!("{} rows", 3) }, Err);
        assert_eq!(
            shown.recv().unwrap(),
            Err("it stopped unexpectedly (3 rows)".to_string())
        );
    }
}
