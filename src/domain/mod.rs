//! Plain types and pure rules of the journal. chrono only: no SQL, no terminal.

pub mod block;
pub mod block_sync;
pub mod classify;
pub mod clock;
pub mod coaching;
pub mod conversation;
pub mod dates;
pub mod entry;
pub mod event;
pub mod hash;
pub mod history;
pub mod hours;
pub mod meeting;
pub mod merge;
pub mod person;
pub mod prompts;
pub mod review;
pub mod shared;
pub mod source;
pub mod sync;
pub mod time;
pub mod week;
pub mod word_match;
pub mod words;

pub use clock::{Clock, FixedClock, SystemClock};
pub use entry::{Entry, EntryKind, NewEntry, mentions, tags};
