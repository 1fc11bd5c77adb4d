//! The Today editor's draft slots, and text from an editor bearing could not finish,
//! kept among them.
//!
//! Each running interface holds an OS file lock (`File::try_lock`, released by the system
//! even when the process is killed) on a small file beside the journal, one per slot: the
//! first takes `today`, a second `today-1`, and so on (see `tui::session`). Text kept from
//! an editor goes to the first slot no interface holds, and its lock file stays: the next
//! interface to start takes it in, as it takes the drafts of interfaces that ended.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::{Journal, Now, Result};
use crate::domain::EntryKind;
use crate::domain::entry::MAX_BODY_BYTES;
use crate::io::editor::Unfinished;
use crate::io::leftovers::{self, Holds, Leftover};

/// The draft slot of the first interface open on a journal.
pub const FIRST_SLOT: &str = "today";

/// How many interfaces may be open on one journal at once, each with its own draft.
pub const MAX_SLOTS: usize = 16;

/// What the front ends say when a start took in text editors left.
pub const RECOVERED: &str =
    "Recovered text from an editor bearing could not finish: kept as a draft";

/// The name of draft slot `n`: `today`, `today-1`, …
pub fn slot_name(n: usize) -> String {
    if n == 0 {
        FIRST_SLOT.to_string()
    } else {
        format!("{FIRST_SLOT}-{n}")
    }
}

/// The lock file of slot `slot` beside `journal`.
pub fn lock_path(journal: &Path, slot: &str) -> PathBuf {
    let mut name = journal.as_os_str().to_os_string();
    name.push(format!(".{slot}.lock"));
    PathBuf::from(name)
}

/// Takes the lock of `slot`, if nobody holds it (the lock file is made if missing).
pub fn try_lock(journal: &Path, slot: &str) -> Option<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(lock_path(journal, slot)).ok()?;
    file.try_lock().ok()?;
    Some(file)
}

/// Adds `text` to the draft of the first slot no interface holds (the first slot, for a
/// journal in memory), as a `kind` if that draft is new; the next interface to start
/// shows it. Returns the slot.
pub fn keep(journal: &mut Journal, now: Now, kind: EntryKind, text: &str) -> Result<String> {
    let Some(file) = super::entries::journal_file(journal).map(Path::to_path_buf) else {
        journal
            .store_mut()
            .add_to_draft(FIRST_SLOT, kind, text, now.at)?;
        return Ok(FIRST_SLOT.to_string());
    };
    for n in 0..MAX_SLOTS {
        let slot = slot_name(n);
        if let Some(_lock) = try_lock(&file, &slot) {
            journal
                .store_mut()
                .add_to_draft(&slot, kind, text, now.at)?;
            return Ok(slot);
        }
    }
    // Every slot is held: the first, whose interface keeps what it shows.
    journal
        .store_mut()
        .add_to_draft(FIRST_SLOT, kind, text, now.at)?;
    Ok(FIRST_SLOT.to_string())
}

/// Where the text of an editor bearing is leaving goes.
#[derive(Debug, Clone, Copy)]
pub enum KeepIn<'a> {
    /// A slot no interface holds; a new draft there is a `kind`.
    FreeSlot(EntryKind),
    /// The interface's own slot `slot`: the draft itself when that is what was edited
    /// (`replace`), else added to it.
    Own {
        /// The slot.
        slot: &'a str,
        /// The kind of a new draft.
        kind: EntryKind,
        /// Whether the text was the draft's own.
        replace: bool,
    },
}

/// Keeps what an editor bearing is leaving had saved: as a draft of `journal` (and the
/// editor's folder is removed), else, when there is no journal to keep it in or it
/// cannot be written, in that folder for the next start to take. What became of it, in
/// words.
pub fn keep_unfinished(
    journal: Option<&mut Journal>,
    now: Now,
    into: KeepIn<'_>,
    unfinished: Option<Unfinished>,
) -> String {
    let Some(unfinished) = unfinished else {
        return "the editor had saved nothing new".to_string();
    };
    let kept = journal.is_some_and(|journal| match into {
        KeepIn::FreeSlot(kind) => keep(journal, now, kind, &unfinished.text).is_ok(),
        KeepIn::Own {
            slot,
            kind,
            replace: true,
        } => super::entries::save_draft(journal, now, slot, kind, &unfinished.text).is_ok(),
        KeepIn::Own { slot, kind, .. } => journal
            .store_mut()
            .add_to_draft(slot, kind, &unfinished.text, now.at)
            .is_ok(),
    });
    if kept {
        drop(unfinished);
        return "what it saved is kept as a draft (Today shows it)".to_string();
    }
    format!(
        "what it saved is kept in {}, and the next bearing to open the journal takes it in as a draft",
        unfinished.leave().display()
    )
}

/// What a start took in of the folders ended bearings left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovered {
    /// How many texts became drafts.
    pub taken: usize,
    /// Texts longer than an entry takes, left where they are.
    pub too_long: Vec<PathBuf>,
}

/// Takes in what ended bearings left in the temporary folders: each text (at most an
/// entry's length) is added to a free slot's draft and its folder removed; folders with
/// nothing new are removed; longer texts stay where they are. A folder whose text could
/// not be kept stays too, for the next start.
pub fn recover_leftovers(journal: &mut Journal, now: Now) -> Result<Recovered> {
    recover(journal, now, leftovers::find(MAX_BODY_BYTES))
}

/// [`recover_leftovers`] of the folders `found`.
fn recover(journal: &mut Journal, now: Now, found: Vec<Leftover>) -> Result<Recovered> {
    let mut recovered = Recovered::default();
    for leftover in found {
        match &leftover.holds {
            Holds::Text(text) => {
                keep(journal, now, EntryKind::Reflection, text)?;
                recovered.taken += 1;
                let _ = leftover.remove();
            }
            Holds::Nothing => {
                let _ = leftover.remove();
            }
            Holds::TooLong => recovered.too_long.push(leftover.text_file()),
        }
    }
    Ok(recovered)
}

#[cfg(test)]
#[path = "drafts_tests.rs"]
mod tests;
