//! What the Calendars screen shows: every calendar bearing reads or writes to (the
//! imported files and links, then each CalDAV account's calendars), the selection, and
//! the question open over them, if any.

use chrono::{DateTime, Utc};
use ratatui::widgets::ListState;

use crate::app::accounts::Role;
use crate::app::accounts::publish::{ConflictView, Keep, PublicationView};
use crate::app::calendars::CalendarCounts;
use crate::domain::source::Source;
use crate::tui::refresh::Refreshed;

/// A CalDAV account, as its heading shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountHead {
    /// Its name in bearing.
    pub name: String,
    /// The user name on the server.
    pub user: String,
    /// The server discovery ended on.
    pub server: String,
}

/// Where a calendar comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An imported file, link or standard input: `source` as shown (a link's secret cut),
    /// `refreshable` unless it came from standard input.
    Imported {
        /// The journal's row of the calendar.
        id: i64,
        /// Where it comes from, as shown.
        source: String,
        /// Whether bearing can read it again.
        refreshable: bool,
    },
    /// Calendar `href` of account `account` (an index into the screen's accounts).
    Account {
        /// The account's position in [`CalendarsScreenState::accounts`].
        account: usize,
        /// Its path on the server.
        href: String,
        /// The name bearing imported its events under, once read.
        imported: Option<String>,
    },
}

/// One calendar in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarRow {
    /// Its name: the imported calendar's, or the server's for an account's.
    pub name: String,
    /// Where it comes from.
    pub origin: Origin,
    /// What bearing does with it (a file or link is always read).
    pub role: Role,
    /// When it was last read well.
    pub read_at: Option<DateTime<Utc>>,
    /// Why its last refresh failed, if it did.
    pub error: Option<String>,
    /// What the journal holds of it (`None` when nothing was imported).
    pub counts: Option<CalendarCounts>,
}

impl CalendarRow {
    /// Whether bearing reads its events.
    pub fn reads(&self) -> bool {
        matches!(self.role, Role::Read | Role::Both)
    }

    /// Whether the row is the calendar named `name` among those being read (an account's
    /// calendar answers by its server name, or by the name it was imported under).
    pub fn answers_to(&self, name: &str) -> bool {
        match &self.origin {
            Origin::Imported { .. } => self.name == name,
            Origin::Account { imported, .. } => {
                self.name == name || imported.as_deref() == Some(name)
            }
        }
    }

    /// Whether `outcome` of a refresh is about this calendar: by its name, and by its
    /// source, so a file and an account's calendar of the same name stay apart.
    pub fn is_read_by(&self, outcome: &Refreshed, accounts: &[AccountHead]) -> bool {
        let of_account = |name: &str| Source::account(name, "").redacted();
        match &self.origin {
            Origin::Imported { .. } => {
                !outcome.source.starts_with(&of_account("")) && self.answers_to(&outcome.calendar)
            }
            Origin::Account { account, .. } => {
                accounts
                    .get(*account)
                    .is_some_and(|a| outcome.source == of_account(&a.name))
                    && self.answers_to(&outcome.calendar)
            }
        }
    }

    /// What identifies the row across reloads.
    pub(super) fn key(&self, accounts: &[AccountHead]) -> String {
        match &self.origin {
            Origin::Imported { id, .. } => format!("imported:{id}"),
            Origin::Account { account, href, .. } => {
                let name = accounts.get(*account).map_or("", |a| a.name.as_str());
                account_key(name, href)
            }
        }
    }
}

/// What identifies calendar `href` of account `account` across reloads.
pub(super) fn account_key(account: &str, href: &str) -> String {
    format!("account:{account}:{href}")
}

/// A role change waiting for a yes, because it stops reading a calendar (its events
/// leave the journal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleChange {
    /// The account.
    pub account: String,
    /// The calendar's path on the server.
    pub href: String,
    /// The calendar's name, for the question.
    pub calendar: String,
    /// The role asked for.
    pub role: Role,
    /// How many events leave the journal.
    pub events: i64,
}

/// What the user asked for a published block or a conflict, waiting for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settle {
    /// Settle conflict `id` of block `block`, keeping `keep`'s version.
    Resolve {
        /// The conflict.
        id: i64,
        /// The block's title, for the question.
        block: String,
        /// Which side stays.
        keep: Keep,
    },
    /// Publish block `id` again (deleted in the calendar), or (`stop`) stop publishing it.
    Publish {
        /// The block.
        id: i64,
        /// Its title, for the question.
        block: String,
        /// Stop publishing it instead.
        stop: bool,
    },
}

/// What is open over the list, if anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Editing {
    /// Nothing: keys move through the list.
    #[default]
    Nothing,
    /// "Stop reading this calendar?"
    ConfirmRole(RoleChange),
    /// "Keep the calendar's version?", "Publish it again?", "Stop publishing it?"
    ConfirmSettle(Settle),
}

/// Which list has the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pane {
    /// The calendars.
    #[default]
    Calendars,
    /// The published blocks and the conflicts waiting for the user.
    Blocks,
}

/// A row of the blocks list: the conflicts first (they wait for the user), then every
/// published block.
#[derive(Debug, Clone, Copy)]
pub enum BlockRow<'a> {
    /// A conflict not settled.
    Conflict(&'a ConflictView),
    /// A published block.
    Publication(&'a PublicationView),
}

/// State of the Calendars screen, loaded when it is shown and when the calendars change
/// (a refresh came back, a role changed).
#[derive(Debug, Default)]
pub struct CalendarsScreenState {
    /// Every calendar: the imported files and links first, then each account's, in the
    /// order of [`CalendarsScreenState::accounts`].
    pub rows: Vec<CalendarRow>,
    /// The CalDAV accounts, by name.
    pub accounts: Vec<AccountHead>,
    /// The selection, an index into `rows`.
    pub list: ListState,
    /// What is open over the list.
    pub editing: Editing,
    /// Every published block with where it stands, by title.
    pub publications: Vec<PublicationView>,
    /// The conflicts with the calendar not settled yet, oldest first.
    pub conflicts: Vec<ConflictView>,
    /// The selection in the blocks list (the conflicts, then the published blocks).
    pub blocks: ListState,
    /// Which list has the keys.
    pub pane: Pane,
}

impl CalendarsScreenState {
    /// The selected calendar.
    pub fn selected(&self) -> Option<&CalendarRow> {
        self.list.selected().and_then(|i| self.rows.get(i))
    }

    /// Whether there is nothing to show: no calendar, no account, no published block.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.accounts.is_empty() && !self.has_blocks()
    }

    /// Whether the blocks list shows: a block is published, or a conflict waits.
    pub fn has_blocks(&self) -> bool {
        !self.publications.is_empty() || !self.conflicts.is_empty()
    }

    /// The rows of the blocks list: the conflicts, then the published blocks.
    pub fn block_rows(&self) -> impl Iterator<Item = BlockRow<'_>> {
        let conflicts = self.conflicts.iter().map(BlockRow::Conflict);
        conflicts.chain(self.publications.iter().map(BlockRow::Publication))
    }

    /// How many rows the blocks list has.
    pub fn block_count(&self) -> usize {
        self.conflicts.len() + self.publications.len()
    }

    /// The selected row of the blocks list.
    pub fn selected_block(&self) -> Option<BlockRow<'_>> {
        self.blocks
            .selected()
            .and_then(|i| self.block_rows().nth(i))
    }

    /// The next role of the cycle the role key goes through: read, both, blocks, unused.
    pub fn next_role(role: Role) -> Role {
        match role {
            Role::Read => Role::Both,
            Role::Both => Role::Blocks,
            Role::Blocks => Role::Unused,
            Role::Unused => Role::Read,
        }
    }
}
