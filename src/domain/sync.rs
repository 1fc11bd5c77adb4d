//! The rules of the journal sync, pure: the versions that order changes (a hybrid logical
//! clock), what one device tells the others (the changes of a batch), and how a change
//! that arrives is merged into what a device holds, so that every device that has seen
//! the same changes, in whatever order, holds the same journal.

use serde::{Deserialize, Serialize};

/// A version of a field or a row: a hybrid logical clock reading and the device that
/// made it. Written as `MMMMMMMMMMMMM-CCCCC-device` (13 digits of Unix milliseconds, 5 of
/// counter), so versions compare as text, in the order they were made; the device breaks
/// ties between two devices that changed something in the same millisecond.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Version(String);

impl Version {
    /// The version for wall time `ms` and `counter` on `device`.
    pub fn new(ms: i64, counter: u32, device: &str) -> Version {
        Version(format!(
            "{:013}-{counter:05}-{device}",
            ms.clamp(0, 9_999_999_999_999)
        ))
    }

    /// A version as written, when it is one (a batch is read with care).
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.splitn(3, '-');
        let ms = parts.next()?;
        let counter = parts.next()?;
        let device = parts.next()?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        (digits(ms, 13) && digits(counter, 5) && is_device_id(device))
            .then(|| Version(text.to_string()))
    }

    /// The wall time part, in Unix milliseconds.
    pub fn ms(&self) -> i64 {
        self.0[..13].parse().unwrap_or(0)
    }

    /// The counter part.
    pub fn counter(&self) -> u32 {
        self.0[14..19].parse().unwrap_or(0)
    }

    /// The device that made it.
    pub fn device(&self) -> &str {
        &self.0[20..]
    }

    /// The version as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// RFC 4648's base32 alphabet, lower case: the characters of a device id.
const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// A device id made of 128 random bits: 26 characters of lower-case base32 (the last
/// one's two padding bits zero), a name for a folder on any file system.
pub fn device_id(random: [u8; 16]) -> String {
    let mut text = String::with_capacity(26);
    let (mut bits, mut held) = (0u32, 0);
    for byte in random {
        bits = (bits << 8) | u32::from(byte);
        held += 8;
        while held >= 5 {
            held -= 5;
            text.push(char::from(BASE32[((bits >> held) & 31) as usize]));
        }
    }
    // 128 bits are 25 characters and 3 bits, padded with zeros into the 26th.
    text.push(char::from(BASE32[((bits << (5 - held)) & 31) as usize]));
    text
}

/// Whether `text` may be a device id: 1 to 32 lower-case letters and digits (bearing makes
/// 26 of base32), so it can name a folder and sit at the end of a version.
pub fn is_device_id(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The next version a device makes: later than every version it made or saw (`last`),
/// and at least its wall clock `now_ms`. A clock set back, or another device's clock an
/// hour ahead, never makes a change look older than what it replaced.
pub fn next_version(last: Option<&Version>, now_ms: i64, device: &str) -> Version {
    match last {
        Some(last) if last.ms() >= now_ms => {
            let counter = last.counter() + 1;
            if counter > 99_999 {
                Version::new(last.ms() + 1, 0, device)
            } else {
                Version::new(last.ms(), counter, device)
            }
        }
        _ => Version::new(now_ms, 0, device),
    }
}

/// A field's new value, the version it was given, and the version it replaced (`None`
/// for a field written for the first time), which tells "changed later" (the parent is
/// the version the receiver holds) from "changed on two devices at once".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field (a column of the row's table).
    pub field: String,
    /// Its value: text, a number or null; a reference to another row is its stable id.
    pub value: serde_json::Value,
    /// The version given to this change.
    pub version: Version,
    /// The version it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Version>,
}

/// A row's deletion: its version, and the latest version of the row's fields the device
/// had seen when it deleted it (an edit it had not seen is later, and wins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deletion {
    /// The version given to the deletion.
    pub version: Version,
    /// The latest field version the deleting device held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Version>,
    /// In a snapshot, the row's values when it was deleted: a device that never had the
    /// row keeps them, so an edit made meanwhile elsewhere brings it back whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<serde_json::Map<String, serde_json::Value>>,
}

/// What changed in one row: some of its fields, or its deletion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowChange {
    /// The row's table.
    pub table: String,
    /// The row's stable id.
    pub sid: String,
    /// The fields changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// Set when the row was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Deletion>,
}

/// What a batch says: the changes of one device since its batch before, and the batches
/// of other devices it had read when it wrote them (their last sequence numbers), so a
/// reader applies a change only after what it was built on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// The batches of each other device read before these changes were made.
    #[serde(default)]
    pub seen: std::collections::BTreeMap<String, u64>,
    /// The changes, rows in the order they must be applied (a person before the
    /// conversations that name them).
    pub rows: Vec<RowChange>,
    /// Devices forgotten (lost): no device reads their batches any more.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forgotten: Vec<String>,
}

/// Whether a device may merge batch `seq` of `device` now, given how far it has merged
/// each device's batches (`applied`, this device's own counted as wholly merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    /// Merge it: it is the next of its device, and everything it was built on is here.
    Now,
    /// Merged before (a batch delivered twice).
    Done,
    /// Not yet: an earlier batch of its device, or one it was built on, is still missing.
    Later,
}

/// Whether batch `seq` of `device`, built on `seen` (the batches its device had merged),
/// may be merged now by a device that merged `applied` (each device's last batch merged;
/// `own` is the device asking, whose own batches count as merged). Devices forgotten
/// (`gone`) are not waited for.
pub fn ready(
    applied: &std::collections::BTreeMap<String, u64>,
    own: &str,
    gone: &dyn Fn(&str) -> bool,
    device: &str,
    seq: u64,
    seen: &std::collections::BTreeMap<String, u64>,
) -> Ready {
    let had = applied.get(device).copied().unwrap_or(0);
    if seq <= had {
        return Ready::Done;
    }
    if seq > had + 1 {
        return Ready::Later;
    }
    let waiting = seen.iter().any(|(other, &n)| {
        other != own
            && other != device
            && !gone(other)
            && applied.get(other).copied().unwrap_or(0) < n
    });
    if waiting { Ready::Later } else { Ready::Now }
}

/// What a device holds of one field, to merge a change into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held<'a> {
    /// The version of the value it holds, `None` when it holds none (a row it never had).
    pub version: Option<&'a Version>,
}

/// What to do with a field change that arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Take the change: it is later than what is held.
    Take,
    /// Take the change, and keep the held text too: the two were written at once (on two
    /// devices, neither having seen the other) and the held one loses.
    TakeKeepingHeld,
    /// Keep what is held; the change was written at once with it and loses: keep its
    /// text too.
    KeepKeepingTheirs,
    /// Nothing to do: the change is the held version, or older than it (a field that is
    /// not text keeps only the latest).
    Ignore,
}

/// How a field change merges into what is held: the later version wins, so every device
/// ends on the latest of all the versions, whatever the order they came in. When the
/// change was not built on the held version (the two were written on two devices, neither
/// having seen the other), a text field keeps the loser's words too. A change is never
/// older than something built on it that a device holds: batches are read in the order
/// they were built on (a batch names what its device had read), and each once.
pub fn merge(held: Held<'_>, change: &FieldChange, text: bool) -> Merge {
    let Some(mine) = held.version else {
        return Merge::Take;
    };
    if *mine == change.version {
        return Merge::Ignore;
    }
    let sequential = change.parent.as_ref() == Some(mine);
    match (change.version > *mine, sequential || !text) {
        (true, true) => Merge::Take,
        (true, false) => Merge::TakeKeepingHeld,
        (false, true) => Merge::Ignore,
        (false, false) => Merge::KeepKeepingTheirs,
    }
}

/// How far a snapshot covers one device's log: its batches up to `seq` (the last one's
/// hash, which the next names), and the latest version those batches carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    /// The device's last batch the snapshot holds.
    pub seq: u64,
    /// That batch's hash (hex), to chain the next one to.
    pub hash: String,
    /// The latest version of that device the snapshot holds (`None`: none known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upto: Option<Version>,
}

/// The first line of a snapshot: the device that made it, how far it covers each
/// device's log, and the devices forgotten. Its rows follow, one change per line: every
/// row carried with each field's value and version, then every deletion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotHead {
    /// The device that made it.
    pub maker: String,
    /// Each device's batches it holds, the maker's own included.
    pub covers: std::collections::BTreeMap<String, Covered>,
    /// Devices forgotten: no device reads their batches any more.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forgotten: Vec<String>,
    /// How many rows follow.
    pub rows: usize,
}

/// Whether version `v` is among those `upto` holds (each device's latest version held):
/// a device's versions rise batch after batch, so one no later than its latest is in.
pub fn holds(upto: &std::collections::BTreeMap<String, Version>, v: &Version) -> bool {
    upto.get(v.device()).is_some_and(|latest| v <= latest)
}

/// How a field of a snapshot merges into what a device holds: `held_in_snapshot` says the
/// snapshot's maker had the held version (so the snapshot's value already won over it),
/// `seen_here` that this device had the snapshot's version (so the held one won over it).
/// Otherwise the two were written apart, and merge as changes written at once do: the
/// later wins and a text keeps the loser's words too.
pub fn merge_snapshot(
    held: Held<'_>,
    change: &FieldChange,
    held_in_snapshot: bool,
    seen_here: bool,
    text: bool,
) -> Merge {
    let Some(mine) = held.version else {
        return Merge::Take;
    };
    if *mine == change.version {
        return Merge::Ignore;
    }
    let later = change.version > *mine;
    if held_in_snapshot {
        return if later { Merge::Take } else { Merge::Ignore };
    }
    if seen_here {
        return Merge::Ignore;
    }
    match (later, text) {
        (true, true) => Merge::TakeKeepingHeld,
        (true, false) => Merge::Take,
        (false, true) => Merge::KeepKeepingTheirs,
        (false, false) => Merge::Ignore,
    }
}

/// Whether a row deleted with `deletion` stays deleted, given the latest version of its
/// fields (`latest`): an edit the deleting device had not seen is later than every
/// version it had seen, and wins over the deletion.
pub fn deletion_wins(deletion: &Deletion, latest: Option<&Version>) -> bool {
    match (latest, deletion.seen.as_ref()) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(latest), Some(seen)) => latest <= seen,
    }
}

/// The stable id of the copy that keeps a text which lost to another written at once:
/// the same on every device that sees the two, so they make one copy between them.
pub fn copy_sid(table: &str, sid: &str, field: &str, loser: &Version) -> String {
    let mut hash = super::hash::Fnv::new();
    for part in [table, sid, field, loser.as_str()] {
        hash.write_str(part);
    }
    format!("copy-{:016x}", hash.finish())
}

/// The first line of a note that keeps words which lost to others written at once on
/// another device; `about` says where they were written (empty for an entry's text).
pub fn copy_heading(about: &str) -> String {
    format!(
        "({}: this copy keeps what one device wrote{about}; the other device's words are in the original)",
        super::merge::EDITED_IN_TWO_PLACES
    )
}

/// The sync tool that manages the folder `path` lies in, if one does: a journal file
/// there gets split or lost (its side files and "conflicted copy" files), and
/// `bearing sync` is the way. `marked(dir, name)` says whether `dir` holds an entry
/// `name` (Syncthing marks its folders with `.stfolder`, Dropbox with `.dropbox`).
pub fn synced_folder(
    path: &std::path::Path,
    marked: &dyn Fn(&std::path::Path, &str) -> bool,
) -> Option<&'static str> {
    for dir in path.ancestors().skip(1) {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let tool = if name == "Dropbox" || name.starts_with("Dropbox (") || marked(dir, ".dropbox")
        {
            Some("Dropbox")
        } else if name == "OneDrive" || name.starts_with("OneDrive - ") {
            Some("OneDrive")
        } else if matches!(
            name,
            "Mobile Documents" | "iCloud Drive" | "com~apple~CloudDocs"
        ) {
            Some("iCloud Drive")
        } else if marked(dir, ".stfolder") {
            Some("Syncthing")
        } else {
            None
        };
        if tool.is_some() {
            return tool;
        }
    }
    None
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;
