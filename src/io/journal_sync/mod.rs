//! The journal sync's storage and crypto edge (issue 26): where a journal's encrypted
//! batches live, and how they are sealed. Each device appends its changes to a log of its
//! own, one immutable file per batch, in a place the user already has (a synced folder, or
//! a WebDAV server); the other devices read those files and merge them.
//!
//! Nothing here knows what a batch says: bytes in, bytes out. What a batch holds, how it
//! merges and where the journal keeps its key are the store's and the app's.
//!
//! - [`key`]: the journal key (random, one generation per rotation) and the key file that
//!   holds every generation wrapped with the passphrase (age, scrypt).
//! - [`batch`]: a batch or snapshot file sealed with XChaCha20-Poly1305 under that key;
//!   opening one tells a file still arriving from a damaged one and from a newer format.
//! - [`place`]: the [`SyncPlace`] trait over where files live, and their names;
//!   [`folder`] ([`Folder`]) and [`webdav`] ([`WebDav`]) implement it.
//!
//! The layout of a place:
//! ```text
//! bearing-sync.key                           the key file
//! devices/<device id>/<seq, 16 digits>.batch one device's log
//! snapshots/<number, 16 digits>-<device id>.snapshot
//! ```
//! Anything else there (`.stfolder`, `.DS_Store`, "conflicted copy" files, temp files) is
//! not bearing's and is passed over.

pub mod batch;
pub mod folder;
pub mod key;
pub mod place;
pub mod webdav;

pub use batch::{BatchError, BatchHash, Opened, SealError};
pub use folder::Folder;
pub use key::{JournalKey, KeyError, KeyFileError, KeyRing};
pub use place::{Created, DeviceId, KeyFile, KeyWrite, PlaceError, SnapshotId, SyncPlace, Version};
pub use webdav::WebDav;
