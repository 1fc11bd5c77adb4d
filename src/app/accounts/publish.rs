//! Leadership blocks on the calendar everyone sees: each published block series is one
//! object on the account calendar with the blocks role, kept in step both ways.
//!
//! Per block bearing keeps the version both sides last agreed on (`base`) and the
//! object's ETag. A push compares: the server's copy unchanged and bearing's changed,
//! bearing's goes up (`If-Match`); the server's changed, the three are merged
//! ([`crate::domain::block_sync::merge`]): a skip or move made in the calendar app
//! becomes one in bearing, a series change there is adopted when bearing changed
//! nothing, and where both changed the same thing bearing's wins and a conflict is kept
//! for the user. A block deleted on the server is never written again silently.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::AccountCalendar;
use super::sync::connect;
use crate::app::{Error, Field, Journal, Now, Result};
use crate::calendar::block_object::{read_block_object, write_block_object};
use crate::domain::block::{Block, Exception};
use crate::domain::block_sync::{BlockSide, Conflict, merge};
use crate::io::dav::{self, Transport, Written};
use crate::store::{Publication, PublicationState, Store};

pub use super::published::{
    ConflictView, Keep, PublicationStatus, PublicationView, WaitingPush, conflicts, moving,
    publications, published_to, resolve, waiting_push,
};

/// What pushing one block did.
#[derive(Debug, Clone, Serialize)]
pub struct PushOutcome {
    /// The block's title.
    pub block: String,
    /// What happened, in words (`created`, `updated`, `unchanged`, `removed`, ...).
    pub done: String,
    /// Why it could not be pushed.
    pub error: Option<String>,
}

/// The object path of block `uid` in calendar `calendar` (`<uid>.ics`, with the
/// characters a path may not hold percent-encoded).
fn href_of(calendar: &str, uid: &str) -> String {
    let mut name = String::new();
    for b in uid.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.@".contains(&b) {
            name.push(char::from(b));
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{}/{name}.ics", calendar.trim_end_matches('/'))
}

pub(super) fn block_with_exceptions(
    store: &Store,
    uid: &str,
) -> Result<Option<(Block, Vec<Exception>)>> {
    Ok(store
        .list_blocks_with_exceptions()?
        .into_iter()
        .find(|(b, _)| b.uid == uid))
}

/// Publishes block `id` to the calendar with the blocks role (again, after it was
/// deleted there), or with `stop` stops publishing it (it is removed from the calendar
/// on the next refresh). The calendar is written on the next `bearing refresh`.
pub fn publish(journal: &mut Journal, id: i64, stop: bool) -> Result<String> {
    let store = journal.store_mut();
    let block = store
        .block(id)?
        .ok_or(Error::Missing { what: "block", id })?;
    if stop {
        return match store.publication(&block.uid)? {
            Some(p) if p.etag.is_some() => {
                store.set_publication_state(&block.uid, PublicationState::Stop)?;
                Ok(block.title)
            }
            Some(_) => {
                store.forget_publication(&block.uid)?;
                Ok(block.title)
            }
            None => Err(Error::refused(
                Field::Title,
                format!("block {id} ({}) is not published", block.title),
            )),
        };
    }
    let calendar = store.blocks_calendar()?.ok_or_else(|| {
        Error::refused(
            Field::Account,
            "no calendar receives the blocks yet: bearing account use NAME CALENDAR --for blocks",
        )
    })?;
    if let Some(p) = store.publication(&block.uid)?
        && p.state == PublicationState::Gone
    {
        // Deleted in the calendar and published again: made anew there.
        store.forget_publication(&block.uid)?;
    }
    store.start_publication(
        &block.uid,
        calendar.id,
        &href_of(&calendar.href, &block.uid),
    )?;
    Ok(block.title)
}

/// Pushes every published block to the calendar with the blocks role (when account
/// `only`, if given, is its account), taking in what changed there: the second half of
/// `bearing refresh`. No blocks calendar: nothing.
pub fn push_all(
    journal: &mut Journal,
    now: Now,
    only: Option<&str>,
    timeout: std::time::Duration,
) -> Result<Vec<PushOutcome>> {
    push_store(journal.store_mut(), now, only, timeout)
}

/// [`push_all`] on a store (the interface's background thread has its own).
pub fn push_store(
    store: &mut Store,
    now: Now,
    only: Option<&str>,
    timeout: std::time::Duration,
) -> Result<Vec<PushOutcome>> {
    let Some(c) = store.blocks_calendar()? else {
        return Ok(Vec::new());
    };
    let Some(account) = store
        .list_accounts()?
        .into_iter()
        .find(|a| a.id == c.account_id)
    else {
        return Ok(Vec::new());
    };
    if only.is_some_and(|o| o != account.name && o != c.display_name) {
        return Ok(Vec::new());
    }
    let mut out = move_here(store, &c, now.at.to_utc(), timeout)?;
    if !store
        .list_publications()?
        .iter()
        .any(|p| p.account_calendar_id == c.id)
    {
        return Ok(out);
    }
    match connect(store, &account, timeout) {
        Ok(transport) => out.extend(push(store, &transport, &c, now.at.to_utc())?),
        Err(error) => out.push(PushOutcome {
            block: format!("blocks to {}", c.display_name),
            done: "failed".to_string(),
            error: Some(error),
        }),
    }
    Ok(out)
}

/// The blocks published to another calendar than `c`, the one with the blocks role now
/// (the role moved): each is taken off the calendar it was on, after what changed in it
/// there is taken in, and then goes to `c` (written on this same push). One that cannot
/// be taken off stays where it is, with the reason, and moves on a later push.
///
/// A block missing from its old calendar moves all the same: the user gave `c` the
/// blocks, and a move killed after the old object went finds it missing too.
fn move_here(
    store: &mut Store,
    c: &AccountCalendar,
    now: DateTime<Utc>,
    timeout: std::time::Duration,
) -> Result<Vec<PushOutcome>> {
    let mut out = Vec::new();
    let elsewhere: Vec<Publication> = store
        .list_publications()?
        .into_iter()
        .filter(|p| p.account_calendar_id != c.id)
        .collect();
    if elsewhere.is_empty() {
        return Ok(out);
    }
    let accounts = store.list_accounts()?;
    let mut old_calendars: Vec<(super::AccountRow, AccountCalendar)> = Vec::new();
    for account in accounts {
        for old in store.account_calendars(account.id)? {
            old_calendars.push((account.clone(), old));
        }
    }
    let mut transports: std::collections::HashMap<i64, std::result::Result<Transport, String>> =
        std::collections::HashMap::new();
    for p in elsewhere {
        let title = block_with_exceptions(store, &p.block_uid)?
            .map_or_else(|| p.block_uid.clone(), |(b, _)| b.title);
        let on_server = p.etag.is_some() && p.state != PublicationState::Gone;
        let old = old_calendars
            .iter()
            .find(|(_, old)| old.id == p.account_calendar_id);
        let taken_off: Pushed = match old {
            Some((account, old)) if on_server => {
                let transport = transports
                    .entry(old.id)
                    .or_insert_with(|| connect(store, account, timeout));
                match transport {
                    Ok(transport) => take_off(store, transport, old, &p, now),
                    Err(e) => Err(e.clone()),
                }
            }
            _ => Ok("moved"),
        };
        match taken_off {
            Ok(_) if p.state == PublicationState::Stop => {
                store.forget_publication(&p.block_uid)?;
                out.push(PushOutcome {
                    block: title,
                    done: "removed from the calendar".to_string(),
                    error: None,
                });
            }
            Ok(_) => {
                store.move_publication(&p.block_uid, c.id, &href_of(&c.href, &p.block_uid))?;
            }
            Err(error) => {
                store.record_publication_error(&p.block_uid, &error)?;
                out.push(PushOutcome {
                    block: title,
                    done: "failed".to_string(),
                    error: Some(error),
                });
            }
        }
    }
    Ok(out)
}

/// Takes block publication `p` off calendar `old`: what changed in it there is taken in
/// first (the same merge as a push), then its object is deleted.
fn take_off(
    store: &mut Store,
    transport: &Transport,
    old: &AccountCalendar,
    p: &Publication,
    now: DateTime<Utc>,
) -> Pushed {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let Some(server) = dav::get(transport, &old.href, &p.href).map_err(|e| err(&e))? else {
        return Ok("already off");
    };
    let mut etag = server.etag;
    if p.state == PublicationState::Publish && p.etag.as_deref() != Some(etag.as_str()) {
        push_one(store, transport, old, p, now, false)?;
        match store.publication(&p.block_uid).map_err(|e| err(&e))? {
            Some(again) if again.state == PublicationState::Gone => return Ok("already off"),
            Some(again) => etag = again.etag.unwrap_or(etag),
            None => return Ok("already off"),
        }
    }
    delete_checked(transport, old, &p.href, &etag)?;
    Ok("taken off")
}

/// Pushes the published blocks of calendar `c` (account `account`) and takes in what
/// changed in them on the server. One block's failure is recorded on it; the others go
/// on.
pub fn push(
    store: &mut Store,
    transport: &Transport,
    c: &AccountCalendar,
    now: DateTime<Utc>,
) -> Result<Vec<PushOutcome>> {
    let mut out = Vec::new();
    // One listing tells which objects changed on the server since bearing last wrote or
    // read them; only those (and blocks changed in bearing) are read.
    let listed = dav::etags(transport, &c.href).ok();
    for p in store
        .list_publications()?
        .into_iter()
        .filter(|p| p.account_calendar_id == c.id)
    {
        let title = block_with_exceptions(store, &p.block_uid)?
            .map_or_else(|| p.block_uid.clone(), |(b, _)| b.title);
        let unchanged_there = listed.as_ref().is_some_and(|etags| {
            p.etag.is_some() && etags.get(&dav::same_path(&p.href)) == p.etag.as_ref()
        });
        match push_one(store, transport, c, &p, now, unchanged_there) {
            Ok(done) => out.push(PushOutcome {
                block: title,
                done: done.to_string(),
                error: None,
            }),
            Err(error) => {
                store.record_publication_error(&p.block_uid, &error)?;
                out.push(PushOutcome {
                    block: title,
                    done: "failed".to_string(),
                    error: Some(error),
                });
            }
        }
    }
    Ok(out)
}

type Pushed = std::result::Result<&'static str, String>;

/// Pushes block publication `p` to calendar `c`; `unchanged_there` when a listing just
/// showed its object at the version bearing last wrote or read (then a block unchanged
/// in bearing needs no request).
fn push_one(
    store: &mut Store,
    transport: &Transport,
    c: &AccountCalendar,
    p: &Publication,
    now: DateTime<Utc>,
    unchanged_there: bool,
) -> Pushed {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let block = block_with_exceptions(store, &p.block_uid).map_err(|e| err(&e))?;
    let (block, exceptions) = match (block, p.state) {
        (_, PublicationState::Gone) => return Ok("deleted in the calendar: waiting for you"),
        (None, _) | (_, PublicationState::Stop) => return remove(store, transport, c, p),
        (Some(found), PublicationState::Publish) => found,
    };
    let mine = BlockSide::of(&block, &exceptions);
    let Some(etag) = &p.etag else {
        return create(store, transport, c, p, &block, &mine, now);
    };
    let base: Option<BlockSide> = p.base.as_deref().and_then(|b| serde_json::from_str(b).ok());
    if unchanged_there && base.as_ref() == Some(&mine) {
        return Ok("unchanged");
    }
    let server = dav::get(transport, &c.href, &p.href).map_err(|e| err(&e))?;
    let Some(server) = server else {
        store
            .set_publication_state(&p.block_uid, PublicationState::Gone)
            .map_err(|e| err(&e))?;
        return Ok("deleted in the calendar: publish it again or stop publishing it");
    };
    if &server.etag == etag {
        if base.as_ref() == Some(&mine) {
            return Ok("unchanged");
        }
        if let Ok(remote) = read_block_object(&server.data) {
            note_own_details(store, &p.block_uid, &remote.own_details, now)?;
        }
        let text = write_block_object(&block.uid, &mine, block.sequence, now, Some(&server.data));
        return write(store, transport, p, &text, &server.etag, &mine, "updated");
    }
    let remote = match read_block_object(&server.data) {
        Ok(remote) => remote,
        Err(e) => {
            // The calendar's copy is not a block any more: bearing's goes back up, and
            // the user is told.
            let what = format!(
                "the calendar's copy could not be read as a block ({e}); bearing's was written over it"
            );
            record_conflict(store, &p.block_uid, "series", &what, None, now)?;
            let text = write_block_object(&block.uid, &mine, block.sequence, now, None);
            return write(store, transport, p, &text, &server.etag, &mine, "updated");
        }
    };
    let merged = merge(base.as_ref().unwrap_or(&remote.side), &mine, &remote.side);
    if merged.mine_changed {
        store
            .apply_block_side(block.id, &merged.side)
            .map_err(|e| err(&e))?;
    }
    for note in &merged.notes {
        record_conflict(
            store,
            &p.block_uid,
            field_of(note),
            &words(note),
            Some(note),
            now,
        )?;
    }
    if !merged.theirs_changed {
        record(store, p, Some(&server.etag), &merged.side)?;
        return Ok(if merged.mine_changed {
            "took the calendar's changes"
        } else {
            "unchanged"
        });
    }
    note_own_details(store, &p.block_uid, &remote.own_details, now)?;
    let sequence = block.sequence.max(remote.sequence) + 1;
    let text = write_block_object(&block.uid, &merged.side, sequence, now, Some(&server.data));
    write(
        store,
        transport,
        p,
        &text,
        &server.etag,
        &merged.side,
        "merged",
    )
}

/// Creates block `block`'s object (`If-None-Match: *`). Already there (a push killed
/// after the server took it, or another device): the server's copy is read, adopted
/// when it says the same, else bearing's goes over it; never a second object.
fn create(
    store: &mut Store,
    transport: &Transport,
    c: &AccountCalendar,
    p: &Publication,
    block: &Block,
    mine: &BlockSide,
    now: DateTime<Utc>,
) -> Pushed {
    let text = write_block_object(&block.uid, mine, block.sequence, now, None);
    let (written, location) = dav::create(transport, &p.href, &text).map_err(|e| e.to_string())?;
    let mut p = p.clone();
    if let Some(href) = location {
        // The server keeps it under a name of its own: bearing follows it there.
        store
            .set_publication_href(&p.block_uid, &href)
            .map_err(|e| e.to_string())?;
        p.href = href;
    }
    let p = &p;
    match written {
        Written::Done(etag) => {
            let etag = match etag {
                Some(e) => Some(e),
                None => dav::get(transport, &c.href, &p.href)
                    .map_err(|e| e.to_string())?
                    .map(|o| o.etag),
            };
            record(store, p, etag.as_deref(), mine)?;
            Ok("created")
        }
        Written::Changed => {
            let server = dav::get(transport, &c.href, &p.href)
                .map_err(|e| e.to_string())?
                .ok_or("the calendar says it holds the block, then that it does not")?;
            let same = read_block_object(&server.data).is_ok_and(|r| r.side == *mine);
            if same {
                record(store, p, Some(&server.etag), mine)?;
                return Ok("already there");
            }
            let text = write_block_object(
                &block.uid,
                mine,
                block.sequence + 1,
                now,
                Some(&server.data),
            );
            write(store, transport, p, &text, &server.etag, mine, "updated")
        }
        Written::Gone => Err("the calendar refused the block (not found)".to_string()),
    }
}

/// Writes `text` over version `etag` and records `agreed` as both sides' version.
fn write(
    store: &mut Store,
    transport: &Transport,
    p: &Publication,
    text: &str,
    etag: &str,
    agreed: &BlockSide,
    done: &'static str,
) -> Pushed {
    match dav::update(transport, &p.href, text, etag).map_err(|e| e.to_string())? {
        Written::Done(new_etag) => {
            record(
                store,
                p,
                new_etag
                    .as_deref()
                    .or(Some(etag))
                    .filter(|_| new_etag.is_some()),
                agreed,
            )?;
            Ok(done)
        }
        Written::Changed => Ok("changed in the calendar meanwhile: taken in on the next refresh"),
        Written::Gone => {
            store
                .set_publication_state(&p.block_uid, PublicationState::Gone)
                .map_err(|e| e.to_string())?;
            Ok("deleted in the calendar: publish it again or stop publishing it")
        }
    }
}

/// Removes a block no longer published (or deleted in bearing) from the calendar, then
/// forgets it.
fn remove(
    store: &mut Store,
    transport: &Transport,
    c: &AccountCalendar,
    p: &Publication,
) -> Pushed {
    if let Some(etag) = &p.etag {
        delete_checked(transport, c, &p.href, etag)?;
    }
    store
        .forget_publication(&p.block_uid)
        .map_err(|e| e.to_string())?;
    Ok("removed from the calendar")
}

/// Deletes object `href` of calendar `c` at version `etag`; changed there meanwhile, at
/// the version it has now (it is bearing's to remove). Gone already: done.
fn delete_checked(
    transport: &Transport,
    c: &AccountCalendar,
    href: &str,
    etag: &str,
) -> std::result::Result<(), String> {
    let etag = match dav::delete(transport, href, etag).map_err(|e| e.to_string())? {
        Written::Changed => dav::get(transport, &c.href, href)
            .map_err(|e| e.to_string())?
            .map(|o| o.etag),
        _ => None,
    };
    if let Some(etag) = etag {
        dav::delete(transport, href, &etag).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn record(
    store: &mut Store,
    p: &Publication,
    etag: Option<&str>,
    agreed: &BlockSide,
) -> std::result::Result<(), String> {
    let base = serde_json::to_string(agreed).map_err(|e| e.to_string())?;
    store
        .record_publication(&p.block_uid, etag, &base)
        .map_err(|e| e.to_string())
}

fn record_conflict(
    store: &mut Store,
    uid: &str,
    field: &str,
    what: &str,
    note: Option<&Conflict>,
    now: DateTime<Utc>,
) -> std::result::Result<(), String> {
    let theirs = note
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    store
        .insert_conflict(uid, field, what, &theirs, now)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Tells the user, as a conflict to settle, of each occurrence (as scheduled) the
/// calendar gave a title or length of its own, about to be written over: a block has
/// one title and length, so the calendar gets the block's back.
fn note_own_details(
    store: &mut Store,
    uid: &str,
    own: &[chrono::NaiveDateTime],
    now: DateTime<Utc>,
) -> std::result::Result<(), String> {
    for original in own {
        let what = format!(
            "the calendar gave the occurrence of {} a title or length of its own; a block has one of each, so the block's went back on the calendar",
            original.format(crate::domain::dates::DAY_TIME_YEAR)
        );
        record_conflict(store, uid, "occurrence", &what, None, now)?;
    }
    Ok(())
}

fn field_of(note: &Conflict) -> &'static str {
    match note {
        Conflict::Title { .. } => "title",
        Conflict::Intention { .. } => "intention",
        Conflict::Schedule { .. } => "schedule",
        Conflict::Occurrence { .. } | Conflict::Dropped { .. } => "occurrence",
    }
}

/// A conflict in the user's words.
fn words(note: &Conflict) -> String {
    let when =
        |t: &chrono::NaiveDateTime| t.format(crate::domain::dates::DAY_TIME_YEAR).to_string();
    match note {
        Conflict::Title { theirs, mine } => {
            format!("the calendar renamed it \"{theirs}\"; bearing's \"{mine}\" was kept")
        }
        Conflict::Intention { theirs, .. } => {
            format!("the calendar changed its description to \"{theirs}\"; bearing's was kept")
        }
        Conflict::Schedule { theirs, .. } => format!(
            "the calendar moved the series to {} ({} min); bearing's schedule was kept",
            when(&theirs.start),
            theirs.minutes
        ),
        Conflict::Occurrence {
            original, theirs, ..
        } => format!(
            "the calendar {} the occurrence of {}; bearing's change was kept",
            change_words(theirs),
            when(original)
        ),
        Conflict::Dropped {
            original, change, ..
        } => format!(
            "the change to {} ({}) no longer fits the new schedule and was dropped",
            when(original),
            change_words(change)
        ),
    }
}

fn change_words(change: &crate::domain::block_sync::OccurrenceChange) -> String {
    use crate::domain::block_sync::OccurrenceChange;
    match change {
        OccurrenceChange::AsScheduled => "kept as scheduled".to_string(),
        OccurrenceChange::Skipped => "removed".to_string(),
        OccurrenceChange::MovedTo(t) => {
            format!("moved to {}", t.format(crate::domain::dates::DAY_TIME_YEAR))
        }
    }
}

/// Removes every block published to account `name`'s calendars from the server (for
/// `bearing account rm`, when the user asks), and forgets them. Returns how many went.
pub fn unpublish_all(
    journal: &mut Journal,
    name: &str,
    timeout: std::time::Duration,
) -> Result<usize> {
    let store = journal.store_mut();
    let account = super::find(store, name)?;
    let calendars = store.account_calendars(account.id)?;
    let transport =
        connect(store, &account, timeout).map_err(|e| Error::refused(Field::Account, e))?;
    let mut removed = 0;
    for c in &calendars {
        for p in store
            .list_publications()?
            .into_iter()
            .filter(|p| p.account_calendar_id == c.id)
        {
            if remove(store, &transport, c, &p).is_ok() {
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Pushes the published blocks as [`push_store`] does, on a connection of its own (for a
/// thread beside the interface). A journal that cannot be opened fails the push, saying
/// why.
pub fn push_waiting(waiting: &WaitingPush) -> Vec<PushOutcome> {
    let failed = |error: String| {
        vec![PushOutcome {
            block: "blocks".to_string(),
            done: "failed".to_string(),
            error: Some(error),
        }]
    };
    match Store::reopen(&waiting.journal, &waiting.reopen) {
        Ok(mut store) => push_store(&mut store, waiting.now, None, waiting.timeout)
            .unwrap_or_else(|e| failed(crate::describe(&e))),
        Err(e) => failed(crate::describe(&e)),
    }
}
