//! Editing long text in the user's `$VISUAL` / `$EDITOR`, without ever losing what they
//! wrote there: text bearing cannot take (too long, not UTF-8, an editor that failed
//! after writing) is kept in a private file whose path the message names.
//!
//! A hangup or a request to end (SIGHUP, SIGTERM) while the editor is open does not end
//! bearing on the spot, which left the text in the temporary folder and the editor
//! running without it: the editor is given a moment to end (a hangup reaches it too),
//! else ended, and what it saved comes back as [`EditError::Signalled`] for the caller to
//! keep in the journal. What a `kill -9` or a power cut leaves, the next start takes
//! ([`super::leftovers`]): each folder is named with the bearing that made it.
//!
//! Written by hand: the job is a temp file and a child process, and the crates that do it
//! either pull in a shell-words parser we do not need or do not let us keep the file private.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use thiserror::Error;

/// The name of the folders where text is being edited: `bearing-edit-PID-` and random
/// letters, PID being the bearing's that made it.
pub const EDITING_PREFIX: &str = "bearing-edit-";
/// The name of the folders where text bearing could not take is kept for the user.
pub const KEPT_PREFIX: &str = "bearing-kept-";
/// The file in either folder that holds the text.
pub const TEXT_FILE: &str = "text.md";
/// Beside it while editing: a hash of the text the editor was given, so what comes back
/// unchanged is not taken as new writing.
pub const GIVEN_FILE: &str = "given.hash";
/// Beside it while editing: the editor's process id (a folder whose editor still runs,
/// though its bearing is gone, is still in use).
pub const EDITOR_PID_FILE: &str = "editor.pid";

/// How long the editor is given to end by itself after bearing was asked to end, then
/// again after it was asked to: vim and nano save what they can on a hangup.
const GRACE: Duration = Duration::from_secs(1);
/// How often the editor and the signals are looked at while it runs.
const POLL: Duration = Duration::from_millis(50);

/// A signal that asks bearing to end, caught while the editor was open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndSignal(i32);

impl EndSignal {
    /// The exit status a process ended by this signal reports to a shell: 128 and its
    /// number (129 for a hangup, 143 for SIGTERM).
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }
}

impl std::fmt::Display for EndSignal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        #[cfg(unix)]
        if let Some(name) = signal_hook::low_level::signal_name(self.0) {
            return f.write_str(name);
        }
        write!(f, "signal {}", self.0)
    }
}

/// What the editor had saved when bearing was asked to end, in its folder still. Dropped,
/// the folder goes; [`Unfinished::leave`] keeps it for the next start to take.
#[derive(Debug)]
pub struct Unfinished {
    /// The text (bytes that were not UTF-8 became U+FFFD).
    pub text: String,
    dir: tempfile::TempDir,
}

impl Unfinished {
    /// Keeps the folder, and the text in it, for the next bearing that starts to take
    /// (when it could not be kept in the journal now); its path.
    pub fn leave(self) -> PathBuf {
        self.dir.keep().join(TEXT_FILE)
    }
}

/// bearing ends because a signal asked it to while the editor was open: the error a
/// front end returns once the editor's text is kept, with the exit status to end with.
#[derive(Debug, Error)]
#[error("{signal} arrived while $EDITOR was open; {kept}")]
pub struct Ended {
    /// The signal.
    pub signal: EndSignal,
    /// Where the editor's text went, in words.
    pub kept: String,
}

/// The editor command to run: `$VISUAL`, else `$EDITOR`, else `vi`. Split on whitespace so
/// values like `code --wait` work.
pub fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Text back from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// What was saved there (bytes that were not UTF-8 became U+FFFD).
    pub text: String,
    /// Something the user should know about how it was read, if anything.
    pub note: Option<String>,
}

impl Edited {
    /// Text that needs no note (as the editor would give it).
    pub fn plain(text: impl Into<String>) -> Edited {
        Edited {
            text: text.into(),
            note: None,
        }
    }
}

/// Why the editor's text did not come back.
#[derive(Debug, Error)]
pub enum EditError {
    /// The editor could not be started.
    #[error("cannot start '{program}': {source}")]
    Start {
        /// The program.
        program: String,
        /// Why.
        source: io::Error,
    },
    /// The editor failed. What it had saved, if anything, is kept.
    #[error("'{program}' exited with {status}; {}", kept_or_unchanged(kept.as_deref()))]
    Failed {
        /// The program.
        program: String,
        /// How it ended.
        status: std::process::ExitStatus,
        /// Where its text is kept, when it had saved any.
        kept: Option<PathBuf>,
    },
    /// More text than the caller takes; it is kept.
    #[error(
        "the text is {} KB, more than the {} KB bearing takes; what you wrote is kept in {}",
        size / 1024,
        limit / 1024,
        kept.display()
    )]
    TooLong {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
        /// Where it is kept.
        kept: PathBuf,
    },
    /// The temporary file could not be written or read.
    #[error("the editor's file: {0}")]
    Io(#[from] io::Error),
    /// A signal asked bearing to end while the editor was open; the editor has ended.
    /// What it saved, if it changed anything, comes with it, for the caller to keep.
    #[error("{signal} arrived while the editor was open")]
    Signalled {
        /// The signal.
        signal: EndSignal,
        /// What the editor saved, when it is not what it was given.
        unfinished: Option<Unfinished>,
    },
}

fn kept_or_unchanged(kept: Option<&Path>) -> String {
    match kept {
        Some(path) => format!("what you wrote is kept in {}", path.display()),
        None => "nothing was changed".to_string(),
    }
}

/// Writes `bytes` to a new private file (0600, in a new 0700 folder of the temporary
/// directory) that outlives bearing, and returns its path: where text bearing could not
/// take is kept for the user (until the next bearing to start takes it in as a draft).
pub fn rescue(bytes: &[u8]) -> io::Result<PathBuf> {
    let dir = crate::store::private_temp_dir(&folder_prefix(KEPT_PREFIX))?.keep();
    let path = dir.join(TEXT_FILE);
    crate::store::write_private(&path, bytes)?;
    Ok(path)
}

/// `prefix` and this process's id: whose folder it is.
fn folder_prefix(prefix: &str) -> String {
    format!("{prefix}{}-", std::process::id())
}

/// A hash of the text handed to the editor, as [`GIVEN_FILE`] holds it.
pub fn given_hash(bytes: &[u8]) -> String {
    let mut h = crate::domain::hash::Fnv::new();
    h.write(bytes);
    format!("{:016x}", h.finish())
}

/// Opens `initial` in the editor and returns the text saved there, if it is at most
/// `limit` bytes. The file lives in a private folder (0700, the file 0600) that is removed
/// afterwards. What the user wrote is never dropped: when the editor fails after saving,
/// writes more than `limit` or writes bytes that are not UTF-8, the text is kept in a file
/// the error or note names; when bearing is asked to end meanwhile, it comes back in
/// [`EditError::Signalled`].
pub fn edit(initial: &str, limit: usize) -> Result<Edited, EditError> {
    let dir = crate::store::private_temp_dir(&folder_prefix(EDITING_PREFIX))?;
    let path = dir.path().join(TEXT_FILE);
    crate::store::write_private(&path, initial.as_bytes())?;
    crate::store::write_private(
        &dir.path().join(GIVEN_FILE),
        given_hash(initial.as_bytes()).as_bytes(),
    )?;
    let command = editor_command();
    let (program, args) = command.split_first().ok_or_else(|| EditError::Start {
        program: String::new(),
        source: io::Error::new(io::ErrorKind::NotFound, "no editor set in $EDITOR"),
    })?;
    let watch = signals::Watch::start();
    let mut child = Command::new(program)
        .args(args)
        .arg(&path)
        .spawn()
        .map_err(|source| EditError::Start {
            program: program.clone(),
            source,
        })?;
    let _ = crate::store::write_private(
        &dir.path().join(EDITOR_PID_FILE),
        child.id().to_string().as_bytes(),
    );
    let status = wait_unless_signalled(&mut child, &watch)?;
    // A signal that came as the editor ended is a signal all the same.
    if let Some(signal) = watch.received() {
        if status.is_none() {
            end_editor(&mut child);
        }
        drop(watch);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let unfinished = (bytes != initial.as_bytes()
            && !String::from_utf8_lossy(&bytes).trim().is_empty())
        .then(|| Unfinished {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            dir,
        });
        return Err(EditError::Signalled { signal, unfinished });
    }
    drop(watch);
    let status = match status {
        Some(status) => status,
        None => child.wait()?,
    };
    // Read what is there even after a failure: the user may have saved before it failed.
    let bytes = std::fs::read(&path)?;
    finish(program, status, initial, bytes, limit)
}

/// Waits for the editor to end, unless a signal asks bearing to end first (`None`).
fn wait_unless_signalled(
    child: &mut Child,
    watch: &signals::Watch,
) -> io::Result<Option<ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if watch.received().is_some() {
            return Ok(None);
        }
        std::thread::sleep(POLL);
    }
}

/// Whether the editor ended within `within`.
fn ended_within(child: &mut Child, within: Duration) -> bool {
    let until = Instant::now() + within;
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return true,
            Ok(None) if Instant::now() >= until => return false,
            Ok(None) => std::thread::sleep(POLL),
        }
    }
}

/// Ends the editor bearing is leaving: it may have had the signal too (a hangup reaches
/// the terminal's whole foreground group) and is given a moment to save and go; then it
/// is asked to end (SIGTERM), then made to (SIGKILL). It never outlives bearing.
fn end_editor(child: &mut Child) {
    if ended_within(child, GRACE) {
        return;
    }
    #[cfg(unix)]
    if let Some(pid) = i32::try_from(child.id())
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        if ended_within(child, GRACE) {
            return;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The editor's text once it ended by itself with `status`.
fn finish(
    program: &str,
    status: ExitStatus,
    initial: &str,
    bytes: Vec<u8>,
    limit: usize,
) -> Result<Edited, EditError> {
    if !status.success() {
        let kept = if bytes != initial.as_bytes() {
            Some(rescue(&bytes)?)
        } else {
            None
        };
        return Err(EditError::Failed {
            program: program.to_string(),
            status,
            kept,
        });
    }
    if bytes.len() > limit {
        return Err(EditError::TooLong {
            size: bytes.len(),
            limit,
            kept: rescue(&bytes)?,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Edited::plain(text)),
        Err(e) => {
            let bytes = e.into_bytes();
            let kept = rescue(&bytes)?;
            Ok(Edited {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                note: Some(format!(
                    "some of the text was not UTF-8; those bytes became \u{fffd} (the original is kept in {})",
                    kept.display()
                )),
            })
        }
    }
}

/// The signals that ask bearing to end (SIGHUP, SIGTERM), caught only while an editor
/// is open; at any other time they end bearing as they always did.
mod signals {
    use std::sync::Arc;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use super::EndSignal;

    /// The flags the handlers set, registered once per process (a handler, once
    /// registered, stays: they are turned on and off instead).
    struct Flags {
        /// True while no editor is open: the signal's own action (ending bearing) runs.
        idle: Arc<AtomicBool>,
        /// The last signal caught while an editor was open, or 0.
        caught: Arc<AtomicUsize>,
    }

    fn flags() -> Option<&'static Flags> {
        static FLAGS: OnceLock<Option<Flags>> = OnceLock::new();
        FLAGS.get_or_init(register).as_ref()
    }

    #[cfg(unix)]
    fn register() -> Option<Flags> {
        use signal_hook::consts::{SIGHUP, SIGTERM};
        use signal_hook::flag;
        let flags = Flags {
            idle: Arc::new(AtomicBool::new(true)),
            caught: Arc::new(AtomicUsize::new(0)),
        };
        for signal in [SIGHUP, SIGTERM] {
            // The default first: while idle it ends bearing, and nothing after it runs.
            flag::register_conditional_default(signal, Arc::clone(&flags.idle)).ok()?;
            let number = usize::try_from(signal).ok()?;
            flag::register_usize(signal, Arc::clone(&flags.caught), number).ok()?;
        }
        Some(flags)
    }

    #[cfg(not(unix))]
    fn register() -> Option<Flags> {
        None
    }

    /// The signals caught while it lives (an editor is open).
    pub(super) struct Watch(Option<&'static Flags>);

    impl Watch {
        /// Starts catching the signals.
        pub(super) fn start() -> Watch {
            let flags = flags();
            if let Some(f) = flags {
                f.caught.store(0, Ordering::SeqCst);
                f.idle.store(false, Ordering::SeqCst);
            }
            Watch(flags)
        }

        /// The signal caught since it started, if any.
        pub(super) fn received(&self) -> Option<EndSignal> {
            let caught = self.0?.caught.load(Ordering::SeqCst);
            i32::try_from(caught)
                .ok()
                .filter(|n| *n != 0)
                .map(EndSignal)
        }
    }

    impl Drop for Watch {
        fn drop(&mut self) {
            if let Some(f) = self.0 {
                f.idle.store(true, Ordering::SeqCst);
            }
        }
    }
}
