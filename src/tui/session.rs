//! Which draft slot this interface writes to, so two bearings open on one journal never
//! share one draft (both would type, both quit, and one text would be gone).
//!
//! Each running interface holds an OS file lock (`File::try_lock`, released by the system
//! even when the process is killed) on a small file beside the journal, one per slot:
//! the first takes `today`, a second `today-1`, and so on. A slot whose lock nobody holds
//! belongs to a bearing that has ended; its draft is adopted by the next one to start, so
//! nothing typed in any window is lost.

use std::fs::File;
use std::path::Path;

use super::app::TODAY_DRAFT;
use crate::app::drafts::{MAX_SLOTS, lock_path, slot_name, try_lock};
use crate::app::{Journal, entries};

/// The draft slot this interface holds, and the lock that makes it its own.
#[derive(Debug)]
pub struct DraftSlot {
    /// The slot's name in the drafts table.
    pub name: String,
    /// Held while the interface runs; dropping it frees the slot.
    _lock: Option<File>,
    /// Whether another bearing is running on the journal right now.
    pub shared: bool,
    /// How many drafts left by ended bearings were taken into this one.
    pub adopted: usize,
}

impl DraftSlot {
    /// The only slot, for a journal no other process can open (in memory).
    pub fn sole() -> DraftSlot {
        DraftSlot {
            name: TODAY_DRAFT.to_string(),
            _lock: None,
            shared: false,
            adopted: 0,
        }
    }
}

/// Claims the first free draft slot of `journal`, and adopts into it the drafts of slots
/// whose bearing has ended. Errors adopting leave those drafts where they are (nothing is
/// lost, they are found next time).
pub fn claim(journal: &mut Journal) -> DraftSlot {
    let Some(file) = entries::journal_file(journal).map(Path::to_path_buf) else {
        return DraftSlot::sole();
    };
    let mut mine = None;
    let mut shared = false;
    let mut orphans = Vec::new();
    let mut orphan_locks = Vec::new();
    for n in 0..MAX_SLOTS {
        let name = slot_name(n);
        // Once a slot is ours, only slots some bearing has used (their lock file is
        // there) can hold a draft to adopt: the others are not created, so a journal
        // used by one window at a time has one lock file beside it, not sixteen.
        if mine.is_some() && !lock_path(&file, &name).exists() {
            continue;
        }
        match try_lock(&file, &name) {
            Some(lock) if mine.is_none() => mine = Some((name, lock)),
            Some(lock) => {
                orphans.push(name);
                orphan_locks.push(lock);
            }
            None => shared = true,
        }
    }
    let Some((name, lock)) = mine else {
        // Sixteen bearings on one journal: share the first slot rather than refuse.
        return DraftSlot {
            name: slot_name(0),
            _lock: None,
            shared: true,
            adopted: 0,
        };
    };
    let adopted = entries::adopt_drafts(journal, &name, &orphans).unwrap_or(0);
    drop(orphan_locks);
    DraftSlot {
        name,
        _lock: Some(lock),
        shared,
        adopted,
    }
}
