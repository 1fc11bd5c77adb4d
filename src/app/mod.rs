//! What a user does with bearing, written once for both front ends: one module per
//! family of use cases, one function per thing a user does.
//!
//! Each function takes the [`Journal`], the moment it runs ([`Now`]) and a typed input,
//! changes the journal in one transaction, and returns what it made or an [`Error`] that
//! names the [`Field`] at fault (the CLI turns the field into its flag, the interface
//! into a form row). The CLI and the interface never reach the store but through here.

pub mod accounts;
pub mod audit;
pub mod blocks;
pub mod calendars;
pub mod classify;
pub mod coaching;
pub mod conversations;
pub mod crypt;
pub mod drafts;
pub mod entries;
pub mod export;
pub mod files;
pub mod journal;
pub mod people;
pub mod reviews;
pub mod search;
pub mod seed;
pub mod sync;

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use crate::domain::Clock;
use crate::store::{Store, StoreError};

/// The journal as the front ends hold it: every read and change goes through `app`.
pub struct Journal {
    store: Store,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").finish_non_exhaustive()
    }
}

impl Journal {
    /// The journal kept in `store`.
    pub fn new(store: Store) -> Journal {
        Journal { store }
    }

    /// The store, for the use cases.
    pub(in crate::app) fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for the use cases that change it.
    pub(in crate::app) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The store, given up: for the use cases that rewrite the journal's file.
    pub(in crate::app) fn into_store(self) -> Store {
        self.store
    }
}

/// Tests set up and read what no use case does through the store itself; front ends
/// cannot (`tests/layers.rs` refuses `_for_tests` outside test code).
#[cfg(any(test, feature = "testkit"))]
impl Journal {
    /// The store, for a test's set-up and checks.
    pub fn store_for_tests(&self) -> &Store {
        &self.store
    }

    /// The store, for a test's set-up.
    pub fn store_for_tests_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The store, given up by a test (to open an app on it again).
    pub fn into_store_for_tests(self) -> Store {
        self.store
    }
}

/// The moment a use case runs: the clock's reading and the user's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// The local time, with its offset.
    pub at: DateTime<FixedOffset>,
    /// The user's zone, for placing wall-clock times typed by the user.
    pub zone: Tz,
}

impl Now {
    /// What `clock` says now.
    pub fn of(clock: &dyn Clock) -> Now {
        Now {
            at: clock.now(),
            zone: clock.zone(),
        }
    }

    /// Today's local date.
    pub fn today(&self) -> NaiveDate {
        self.at.date_naive()
    }
}

/// An input a use case can refuse: the CLI names it by its flag, the interface by its
/// form row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Who a conversation or delegation is with.
    Person,
    /// A name nobody in the journal has yet: taken as someone new only when the user
    /// says so (a typo is more likely).
    NewPerson,
    /// What a conversation is about.
    Topic,
    /// When a conversation is planned.
    PlannedAt,
    /// The calendar event a conversation is linked to.
    Event,
    /// When a conversation was held.
    HeldAt,
    /// The day of a conversation's follow-up.
    FollowUpOn,
    /// Where a conversation or delegation stands: the change asked for does not fit it.
    Status,
    // Leadership time blocks (`app::blocks`).
    /// What a block is called.
    Title,
    /// When a block (its first occurrence) starts.
    Start,
    /// How long a block lasts.
    Length,
    /// The weekdays a block repeats on.
    Weekdays,
    /// How many weeks apart a block repeats.
    Every,
    /// The last day a block repeats on.
    Until,
    /// The scheduled day of a block's occurrence, which finds it.
    OccurrenceOn,
    /// The new start of a moved occurrence.
    MovedTo,
    /// A change unusual enough to be made only when the user confirms it (a move far
    /// away or into the past).
    Confirm,
    /// The minutes kept of a partly kept occurrence.
    KeptMinutes,
    /// The day from which a series' occurrences are deleted.
    DeleteFrom,
    /// An imported calendar's name.
    Calendar,
    /// What a calendar is imported from (a file, an address, standard input) and what
    /// it holds.
    Source,
    /// An imported series, by its UID.
    Series,
    /// A CalDAV account's name.
    Account,
    /// A CalDAV server's address.
    Url,
    /// The user name on a CalDAV server.
    User,
    /// The command that prints an account's password.
    PasswordCommand,
    /// What a calendar of an account is used for: read, blocks, both.
    Role,
    /// A conflict between bearing and a calendar, by its id.
    Conflict,
    /// Text looked for in imported events' titles.
    TitleSearch,
    /// The days an audit covers.
    Period,
    /// The tag a listing is narrowed to.
    Tag,
    /// The last day of a range of days.
    To,
    /// A person's new name.
    NewName,
    /// The person another is merged into.
    MergeInto,
    /// An e-mail address linked to a person.
    Address,
    /// What a delegation hands over.
    Task,
    /// What done looks like, for a delegation.
    DoneLooksLike,
    /// When to check in on a delegation.
    CheckIn,
    /// An item of someone's agenda.
    AgendaItem,
    /// The text of an agenda item added directly.
    AgendaText,
    /// The text of a reflection or note.
    Text,
    /// When a reflection or note was written.
    WrittenAt,
    /// The kind of an entry: reflection or note.
    Kind,
    /// Where the journal syncs (a folder or a WebDAV address).
    SyncPlace,
    /// The sync passphrase.
    Passphrase,
}

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A typed input the journal refuses, with the field at fault and why, in words
    /// that need no flag or form row to be understood.
    #[error("{message}")]
    Refused {
        /// The input at fault.
        field: Field,
        /// What is wrong, and how to put it right.
        message: String,
    },
    /// The thing asked for is not in the journal.
    #[error("there is no {what} {id}")]
    Missing {
        /// What was looked for, in the user's words ("conversation").
        what: &'static str,
        /// Its id.
        id: i64,
    },
    /// Another writer kept changing the item between reading and writing it; nothing was
    /// written.
    #[error("something else keeps changing it at the same moment; nothing was written, try again")]
    Busy,
    /// The journal could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Error {
    /// A refusal of `field` saying `message`.
    pub fn refused(field: Field, message: impl std::fmt::Display) -> Error {
        Error::Refused {
            field,
            message: message.to_string(),
        }
    }

    /// The field at fault, when an input was refused.
    pub fn field(&self) -> Option<Field> {
        match self {
            Error::Refused { field, .. } => Some(*field),
            _ => None,
        }
    }
}

/// What a use case returns.
pub type Result<T> = std::result::Result<T, Error>;
