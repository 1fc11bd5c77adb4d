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

/// Whether this thread is background work, or a thread it started (the import's
/// expansion names itself after the thread that imports).
fn on_worker() -> bool {
    std::thread::current()
        .name()
        .is_some_and(|name| name.starts_with(WORKER))
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
    use std::sync::{Arc, Mutex};

    use super::*;

    /// One test for all of it: the panic hook is the whole process's.
    #[test]
    fn work_answers_once_a_panic_answers_as_a_failure_and_the_hook_stays_quiet_for_workers() {
        // The hook in place before (ratatui's, in the interface) hears of the panics
        // of this test's threads only through this recorder; any other goes on to it.
        let heard: Arc<Mutex<Vec<String>>> = Arc::default();
        let before = std::panic::take_hook();
        let recorder = Arc::clone(&heard);
        std::panic::set_hook(Box::new(move |info| {
            let name = std::thread::current().name().unwrap_or("").to_string();
            if name.starts_with(WORKER) || name == "bgtest-other" {
                recorder.lock().unwrap().push(name);
            } else {
                before(info);
            }
        }));
        quiet_workers_panics();

        let done = spawn(|| Ok::<u32, String>(7), Err);
        assert_eq!(done.recv().unwrap(), Ok(7));
        assert!(done.recv().is_err(), "one answer, then the channel ends");
        let failed = spawn(|| -> Result<u32, String> { panic!("no such row") }, Err);
        assert_eq!(
            failed.recv().unwrap(),
            Err("it stopped unexpectedly (no such row)".to_string())
        );
        // A thread the work starts, named after it as the import's expansion is.
        let nested = spawn(
            || -> Result<u32, String> {
                let parent = std::thread::current().name().unwrap_or("").to_string();
                let rows: u32 = std::thread::Builder::new()
                    .name(format!("{parent}-expand"))
                    .spawn(|| -> u32 { panic!("{} rows", 3) })
                    .unwrap()
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                Ok(rows)
            },
            Err,
        );
        assert_eq!(
            nested.recv().unwrap(),
            Err("it stopped unexpectedly (3 rows)".to_string())
        );
        assert!(heard.lock().unwrap().is_empty(), "{:?}", heard.lock());
        // Any other thread's panic still reaches the hook before.
        let other = std::thread::Builder::new()
            .name("bgtest-other".into())
            .spawn(|| panic!("elsewhere"))
            .unwrap();
        assert!(other.join().is_err());
        assert_eq!(*heard.lock().unwrap(), ["bgtest-other"]);
    }
}
