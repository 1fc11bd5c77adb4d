//! What bearings that could not finish left in the temporary folders: the folder of an
//! editor open when bearing was killed (`kill -9`, a power cut: no handler runs), and the
//! folders of text bearing kept for the user. Each is named with the process id of the
//! bearing that made it; one whose bearing (and editor) no longer run is a leftover, for
//! the next start to take into the journal as a draft and remove.
//!
//! Only this user's folders, only bearing's own names, and never a folder of a bearing
//! or an editor still running.

use std::io;
use std::path::{Path, PathBuf};

use super::editor::{EDITING_PREFIX, EDITOR_PID_FILE, GIVEN_FILE, KEPT_PREFIX, TEXT_FILE};

/// A folder a bearing that has ended left, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// The folder.
    pub dir: PathBuf,
    /// What it holds.
    pub holds: Holds,
}

/// What a leftover folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    /// Text to keep (bytes that were not UTF-8 became U+FFFD).
    Text(String),
    /// Nothing to keep: no text, a blank one, or the text the editor was given, unchanged.
    Nothing,
    /// More text than `limit` bytes: left where it is (its path is `dir`'s text file).
    TooLong,
}

impl Leftover {
    /// The file that holds its text.
    pub fn text_file(&self) -> PathBuf {
        self.dir.join(TEXT_FILE)
    }

    /// Removes the folder and what is in it.
    pub fn remove(&self) -> io::Result<()> {
        std::fs::remove_dir_all(&self.dir)
    }
}

/// The folders ended bearings left in the temporary directories (see
/// [`crate::store::private_temp_parents`]), by name; text over `limit` bytes is not
/// read.
pub fn find(limit: usize) -> Vec<Leftover> {
    find_in(&crate::store::private_temp_parents(), limit)
}

/// [`find`] in the folders `parents`.
pub fn find_in(parents: &[PathBuf], limit: usize) -> Vec<Leftover> {
    let mut found = Vec::new();
    for parent in parents {
        let Ok(entries) = std::fs::read_dir(parent) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(bearing_of) else {
                continue;
            };
            let dir = entry.path();
            if !is_mine(&dir) || running(pid) || editor_running(&dir) {
                continue;
            }
            let holds = holds(&dir, limit);
            found.push(Leftover { dir, holds });
        }
    }
    found.sort_by(|a, b| a.dir.cmp(&b.dir));
    found
}

/// The process id in a folder name bearing gives (`bearing-edit-PID-…` or
/// `bearing-kept-PID-…`); `None` for any other name.
pub fn bearing_of(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(EDITING_PREFIX)
        .or_else(|| name.strip_prefix(KEPT_PREFIX))?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether `dir` is a folder (not a link to one) of this user's.
fn is_mine(dir: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return false;
    };
    if !meta.file_type().is_dir() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == rustix::process::geteuid().as_raw()
    }
    #[cfg(not(unix))]
    true
}

/// Whether process `pid` runs (this one always does; one that cannot be asked is taken
/// to run, so its folder is left alone).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        let exists = !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        );
        exists && !zombie(pid.as_raw_pid())
    }
    #[cfg(not(unix))]
    true
}

/// Whether process `pid` has ended but was not waited for (an editor whose bearing was
/// killed, where nothing reaps orphans): it runs no more. Linux says so in
/// `/proc/PID/stat`; elsewhere it is taken to run.
#[cfg(unix)]
fn zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let (_, after_name) = stat.rsplit_once(')')?;
            after_name
                .split_whitespace()
                .next()
                .map(|state| state == "Z")
        })
        .unwrap_or(false)
}

/// Whether the editor a folder names still runs (its bearing was killed, not it).
fn editor_running(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(EDITOR_PID_FILE))
        .ok()
        .and_then(|pid| pid.trim().parse().ok())
        .is_some_and(running)
}

/// What folder `dir` holds: its text file's text, unless it is missing, blank, the text
/// the editor was given, or longer than `limit`.
fn holds(dir: &Path, limit: usize) -> Holds {
    let file = dir.join(TEXT_FILE);
    let Ok(meta) = std::fs::symlink_metadata(&file) else {
        return Holds::Nothing;
    };
    if !meta.file_type().is_file() {
        return Holds::Nothing;
    }
    if meta.len() > limit as u64 {
        return Holds::TooLong;
    }
    let Ok(bytes) = std::fs::read(&file) else {
        return Holds::Nothing;
    };
    let given = std::fs::read_to_string(dir.join(GIVEN_FILE)).ok();
    if given.is_some_and(|g| g.trim() == super::editor::given_hash(&bytes)) {
        return Holds::Nothing;
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if text.trim().is_empty() {
        return Holds::Nothing;
    }
    Holds::Text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bearing_s_own_folder_names_are_taken() {
        assert_eq!(bearing_of("bearing-edit-4242-a1B2c3"), Some(4242));
        assert_eq!(bearing_of("bearing-kept-17-xYz"), Some(17));
        for other in [
            "bearing-edit-a1B2c3",
            "bearing-edit-4242-",
            "bearing-edit--abc",
            "bearing-replay-4242-abc",
            "bearing-edit-+42-abc",
            "notbearing-edit-42-abc",
            "bearing-kept-99999999999-abc",
        ] {
            assert_eq!(bearing_of(other), None, "{other}");
        }
    }
}
