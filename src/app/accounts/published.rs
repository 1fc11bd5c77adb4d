//! What stands between bearing and the calendar the blocks go to, as the user sees it:
//! each published block and where it stands, the conflicts to settle, and whether a push
//! has something to do. The pushing itself is [`super::publish`]'s.

use serde::Serialize;

use super::AccountCalendar;
use super::publish::block_with_exceptions;
use crate::app::{Error, Journal, Now, Result};
use crate::domain::block_sync::{BlockSide, Conflict};
use crate::store::PublicationState;

/// A difference between bearing and the calendar the user has not settled.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictView {
    /// Its id (`bearing account resolve ID`).
    pub id: i64,
    /// The block's title.
    pub block: String,
    /// The block's id in this journal (`None`: no longer in bearing).
    pub block_id: Option<i64>,
    /// What differed, in words.
    pub what: String,
    /// When it was found (RFC 3339).
    pub found: String,
}

/// Where one published block stands, for the Calendars screen and `account calendars`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationView {
    /// The block's id in this journal (`None`: the block was deleted and its object is
    /// still to be removed from the calendar).
    pub block_id: Option<i64>,
    /// The block's title.
    pub block: String,
    /// The calendar it goes to, by the server's name.
    pub calendar: String,
    /// Where it stands.
    pub status: PublicationStatus,
    /// Why its last push failed, if it did.
    pub error: Option<String>,
}

/// Where a published block stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    /// The calendar holds what bearing holds.
    InStep,
    /// Changed in bearing (or not on the calendar yet): goes out on the next refresh.
    Pending,
    /// To be removed from the calendar on the next refresh.
    Removing,
    /// Deleted in the calendar: waits for the user (publish again, or stop).
    DeletedThere,
}

impl PublicationStatus {
    /// In the user's words.
    pub fn words(self) -> &'static str {
        match self {
            PublicationStatus::InStep => "on the calendar",
            PublicationStatus::Pending => "goes out on the next refresh",
            PublicationStatus::Removing => "comes off on the next refresh",
            PublicationStatus::DeletedThere => "deleted in the calendar: publish again or stop",
        }
    }
}

/// Every published block with where it stands, by title.
pub fn publications(journal: &Journal) -> Result<Vec<PublicationView>> {
    let store = journal.store();
    let blocks = store.list_blocks_with_exceptions()?;
    let calendars: Vec<AccountCalendar> = store
        .list_accounts()?
        .iter()
        .map(|a| store.account_calendars(a.id))
        .collect::<crate::store::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let mut out: Vec<PublicationView> = store
        .list_publications()?
        .into_iter()
        .map(|p| {
            let block = blocks.iter().find(|(b, _)| b.uid == p.block_uid);
            let status = match (p.state, block) {
                (PublicationState::Gone, _) => PublicationStatus::DeletedThere,
                (PublicationState::Stop, _) | (_, None) => PublicationStatus::Removing,
                (PublicationState::Publish, Some((b, exceptions))) => {
                    let agreed: Option<BlockSide> =
                        p.base.as_deref().and_then(|s| serde_json::from_str(s).ok());
                    if p.etag.is_some() && agreed == Some(BlockSide::of(b, exceptions)) {
                        PublicationStatus::InStep
                    } else {
                        PublicationStatus::Pending
                    }
                }
            };
            PublicationView {
                block_id: block.map(|(b, _)| b.id),
                block: block.map_or_else(|| p.block_uid.clone(), |(b, _)| b.title.clone()),
                calendar: calendars
                    .iter()
                    .find(|c| c.id == p.account_calendar_id)
                    .map_or_else(String::new, |c| c.display_name.clone()),
                status,
                error: p.last_error,
            }
        })
        .collect();
    out.sort_by(|a, b| a.block.cmp(&b.block));
    Ok(out)
}

/// Which side a resolved conflict keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Keep {
    /// bearing's version (already on the calendar).
    Mine,
    /// The calendar's version (it replaces bearing's, and goes out on the next refresh).
    Theirs,
}

/// How many published blocks sit on another calendar than the one with the blocks role
/// (they move to it on the next refresh); 0 when no calendar has the role.
pub fn moving(journal: &Journal) -> Result<usize> {
    let store = journal.store();
    let Some(c) = store.blocks_calendar()? else {
        return Ok(0);
    };
    Ok(store
        .list_publications()?
        .iter()
        .filter(|p| p.account_calendar_id != c.id)
        .count())
}

/// Every conflict not settled yet, oldest first, with the blocks deleted in the calendar.
pub fn conflicts(journal: &Journal) -> Result<Vec<ConflictView>> {
    let store = journal.store();
    let blocks = store.list_blocks()?;
    let block = |uid: &str| blocks.iter().find(|b| b.uid == uid);
    Ok(store
        .list_conflicts()?
        .into_iter()
        .map(|c| ConflictView {
            id: c.id,
            block: block(&c.block_uid).map_or_else(|| c.block_uid.clone(), |b| b.title.clone()),
            block_id: block(&c.block_uid).map(|b| b.id),
            what: c.what,
            found: c.created_at,
        })
        .collect())
}

/// Settles conflict `id`: bearing's version stays (`Mine`), or the calendar's replaces
/// it in bearing (`Theirs`; it reaches the calendar on the next refresh).
pub fn resolve(journal: &mut Journal, id: i64, keep: Keep) -> Result<()> {
    let store = journal.store_mut();
    let conflict = store
        .list_conflicts()?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(Error::Missing {
            what: "conflict",
            id,
        })?;
    if keep == Keep::Theirs
        && let Ok(note) = serde_json::from_str::<Conflict>(&conflict.theirs)
        && let Some((block, exceptions)) = block_with_exceptions(store, &conflict.block_uid)?
    {
        let mut side = BlockSide::of(&block, &exceptions);
        note.keep_theirs(&mut side);
        store.apply_block_side(block.id, &side)?;
    }
    store.remove_conflict(id)?;
    Ok(())
}

/// How many blocks are published to account `name`'s calendars.
pub fn published_to(journal: &Journal, name: &str) -> Result<usize> {
    let store = journal.store();
    let account = super::find(store, name)?;
    let calendars: Vec<i64> = store
        .account_calendars(account.id)?
        .iter()
        .map(|c| c.id)
        .collect();
    Ok(store
        .list_publications()?
        .iter()
        .filter(|p| calendars.contains(&p.account_calendar_id) && p.etag.is_some())
        .count())
}

/// Published blocks waiting to go out, with what pushing them on a connection of its own
/// takes: the interface pushes in the background after a block changed (see
/// [`waiting_push`] and [`push_waiting`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingPush {
    pub(super) journal: std::path::PathBuf,
    pub(super) reopen: crate::store::ReopenOptions,
    pub(super) timeout: std::time::Duration,
    pub(super) now: Now,
}

/// Whether a push has something to do: a calendar has the blocks role and a published
/// block waits to go out (new, changed in bearing, or to come off). `None` when nothing
/// waits, or when the journal is kept in memory (no other connection could reach it).
pub fn waiting_push(
    journal: &Journal,
    now: Now,
    timeout: std::time::Duration,
) -> Result<Option<WaitingPush>> {
    let store = journal.store();
    let Some(path) = store.path() else {
        return Ok(None);
    };
    if store.blocks_calendar()?.is_none() {
        return Ok(None);
    }
    let waits = publications(journal)?.iter().any(|p| {
        matches!(
            p.status,
            PublicationStatus::Pending | PublicationStatus::Removing
        )
    });
    Ok(waits.then(|| WaitingPush {
        journal: path.to_path_buf(),
        reopen: store.reopen_options(),
        timeout,
        now,
    }))
}
