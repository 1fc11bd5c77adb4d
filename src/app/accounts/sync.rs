//! Reading an account's calendars again: what changed on the server since the last sync
//! (by sync token, else change tag and ETags), fetched in batches, read by the same
//! lenient reader, series fingerprints and audit rules as an imported file.
//!
//! Order makes a sync killed at any moment converge: the events are imported first (an
//! unchanged text writes nothing), then the objects and the new token in one
//! transaction. Killed between the two, the next sync fetches the same changes with the
//! old token and finds the events already right.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{AccountCalendar, AccountRow, credentials, options};
use crate::app::calendars::import::{ImportRequest, import_calendar, unique_name};
use crate::app::calendars::refresh::RefreshOutcome;
use crate::app::{Journal, Now, Result};
use crate::domain::source::Source;
use crate::io::dav::{self, Known, Transport};
use crate::store::{ObjectChanges, Store};

/// Who hears how a sync goes: (calendar, objects fetched, of how many).
pub type Progress<'p> = &'p mut dyn FnMut(&str, usize, usize);

/// Reads again every calendar with the read role of every account (or of account
/// `only`, or only the calendar of that name). An account that cannot be reached fails
/// each of its calendars, saying why; nothing of them changes.
pub fn refresh(
    journal: &mut Journal,
    now: Now,
    only: Option<&str>,
    timeout: Duration,
    force: bool,
    progress: Progress<'_>,
) -> Result<Vec<RefreshOutcome>> {
    refresh_store(journal.store_mut(), now, only, timeout, force, progress)
}

/// [`refresh`] on a store (the interface's background thread has its own).
pub fn refresh_store(
    store: &mut Store,
    now: Now,
    only: Option<&str>,
    timeout: Duration,
    force: bool,
    progress: Progress<'_>,
) -> Result<Vec<RefreshOutcome>> {
    let mut out = Vec::new();
    for account in store.list_accounts()? {
        let calendars: Vec<AccountCalendar> = store
            .account_calendars(account.id)?
            .into_iter()
            .filter(|c| c.read)
            .filter(|c| only.is_none_or(|o| o == account.name || o == c.display_name))
            .collect();
        if calendars.is_empty() {
            continue;
        }
        let transport = match connect(store, &account, timeout) {
            Ok(t) => t,
            Err(error) => {
                for c in &calendars {
                    store.record_account_sync(c.id, now.at.to_utc(), Some(&error))?;
                    out.push(failed(&account, c, error.clone()));
                }
                continue;
            }
        };
        for c in &calendars {
            let outcome = sync_calendar(store, &transport, &account, c, now, force, progress)?;
            out.push(outcome);
        }
    }
    Ok(out)
}

/// A transport to account `account`'s server, with its credentials.
pub(crate) fn connect(
    store: &mut Store,
    account: &AccountRow,
    timeout: Duration,
) -> std::result::Result<Transport, String> {
    let auth = credentials(store, account).map_err(|e| e.to_string())?;
    let given = dav::server_address(&account.url)?;
    let server = dav::server_address(&account.server)?;
    dav::connect(
        &given,
        &server,
        auth,
        &options(account.ca_file.as_deref(), timeout),
    )
    .map_err(|e| e.to_string())
}

fn failed(account: &AccountRow, c: &AccountCalendar, error: String) -> RefreshOutcome {
    RefreshOutcome {
        calendar: c.display_name.clone(),
        source: format!("account {}", account.name),
        changed: false,
        summary: None,
        error: Some(error),
        skipped: false,
    }
}

/// Syncs calendar `c` of `account`: what changed is fetched, imported, and recorded
/// with the new token. A failure changes nothing and is recorded on the calendar.
fn sync_calendar(
    store: &mut Store,
    transport: &Transport,
    account: &AccountRow,
    c: &AccountCalendar,
    now: Now,
    force: bool,
    progress: Progress<'_>,
) -> Result<RefreshOutcome> {
    let at = now.at.to_utc();
    match try_sync(store, transport, account, c, now, force, progress) {
        Ok(outcome) => {
            store.record_account_sync(c.id, at, None)?;
            Ok(outcome)
        }
        Err(error) => {
            store.record_account_sync(c.id, at, Some(&error))?;
            Ok(failed(account, c, error))
        }
    }
}

fn try_sync(
    store: &mut Store,
    transport: &Transport,
    account: &AccountRow,
    c: &AccountCalendar,
    now: Now,
    force: bool,
    progress: Progress<'_>,
) -> std::result::Result<RefreshOutcome, String> {
    let name = c.display_name.clone();
    let changes = dav::changes(
        transport,
        &c.href,
        &Known {
            token: c.sync_token.as_deref(),
            ctag: c.ctag.as_deref(),
            supports_sync: c.supports_sync,
            held: Some(&Held { store, id: c.id }),
        },
        &mut |done, total| progress(&name, done, total),
    )
    .map_err(|e| e.to_string())?;
    let mut outcome = RefreshOutcome {
        calendar: c.display_name.clone(),
        source: format!("account {}", account.name),
        changed: false,
        summary: None,
        error: None,
        skipped: false,
    };
    let nothing_new = changes.changed.is_empty() && changes.deleted.is_empty();
    // Once the calendar was read, only what changed is read again: a sync by token names
    // every object new, changed or gone. A full list (a first sync, a stale token, a
    // server without tokens) reads the calendar whole: what it holds is only known
    // whole, and a series whose object went unseen (say, a sync killed before the
    // objects were kept) must go.
    let summary = if !changes.full && !nothing_new && c.calendar_id.is_some() {
        import_changed(store, account, c, &changes, now, force)?
    } else {
        None
    };
    // Each object's text is held once: the objects read before (all of them, when the
    // calendar is read whole), with the new ones moved in over them.
    let mut objects = if (nothing_new && c.calendar_id.is_some()) || summary.is_some() {
        HashMap::new()
    } else {
        store.caldav_objects(c.id).map_err(|e| e.to_string())?
    };
    let mut etags = Vec::with_capacity(changes.changed.len());
    for o in changes.changed {
        objects.insert(o.href.clone(), o.data);
        etags.push((o.href, o.etag));
    }
    for href in &changes.deleted {
        objects.remove(href);
    }
    let record = ObjectChanges {
        changed: etags
            .iter()
            .filter_map(|(href, etag)| {
                objects
                    .get(href)
                    .map(|data| (href.as_str(), etag.as_str(), data.as_str()))
            })
            .collect(),
        deleted: changes.deleted.iter().map(String::as_str).collect(),
        token: changes.token.as_deref().or(c.sync_token.as_deref()),
        ctag: changes.ctag.as_deref().or(c.ctag.as_deref()),
        // Nothing new: its events were not imported, but the calendar was read now.
        read_unchanged: c
            .calendar_id
            .filter(|_| nothing_new)
            .map(|id| (id, now.at.to_utc())),
    };
    if let Some(summary) = summary {
        outcome.calendar.clone_from(&summary.calendar);
        outcome.changed = !summary.unchanged;
        outcome.summary = Some(summary);
    } else if !(nothing_new && c.calendar_id.is_some()) {
        let summary = import(
            store,
            account,
            c,
            &objects,
            now.zone,
            now.at.to_utc(),
            force,
        )?;
        outcome.calendar.clone_from(&summary.calendar);
        outcome.changed = !summary.unchanged;
        outcome.summary = Some(summary);
    }
    store
        .apply_object_changes(c.id, &record)
        .map_err(|e| e.to_string())?;
    Ok(outcome)
}

/// The objects the journal holds of account calendar `id`, read as a sync needs them.
#[derive(Debug)]
struct Held<'s> {
    store: &'s Store,
    id: i64,
}

impl dav::HeldTags for Held<'_> {
    fn any(&self) -> std::result::Result<bool, String> {
        self.store
            .holds_caldav_objects(self.id)
            .map_err(|e| e.to_string())
    }

    fn all(&self) -> std::result::Result<HashMap<String, String>, String> {
        self.store.caldav_etags(self.id).map_err(|e| e.to_string())
    }

    fn among(&self, hrefs: &[&str]) -> std::result::Result<HashMap<String, String>, String> {
        self.store
            .caldav_etags_among(self.id, hrefs)
            .map_err(|e| e.to_string())
    }
}

/// Imports only what changed in calendar `c` (a sync by token): the changed objects,
/// and the series of those gone or replaced removed. `None` when it must be read whole
/// ([`crate::app::calendars::changed::import_changed`] says when).
fn import_changed(
    store: &mut Store,
    account: &AccountRow,
    c: &AccountCalendar,
    changes: &dav::Changes,
    now: Now,
    force: bool,
) -> std::result::Result<Option<crate::app::calendars::ImportSummary>, String> {
    let Some(id) = c.calendar_id else {
        return Ok(None);
    };
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let replaced: Vec<&str> = changes
        .changed
        .iter()
        .map(|o| o.href.as_str())
        .chain(changes.deleted.iter().map(String::as_str))
        .collect();
    let before = store
        .caldav_objects_among(c.id, &replaced)
        .map_err(|e| err(&e))?;
    let gone: crate::domain::hash::FastSet<String> = before
        .values()
        .filter_map(|text| uid_of(text).map(str::to_string))
        .collect();
    let new: HashMap<&str, &str> = changes
        .changed
        .iter()
        .map(|o| (o.href.as_str(), o.data.as_str()))
        .collect();
    let text = events_text(store, &new).map_err(|e| err(&e))?;
    let source = Source::account(&account.name, &c.href);
    crate::app::calendars::changed::import_changed(
        store,
        id,
        &source,
        &text,
        &gone,
        (now.zone, now.at.to_utc()),
        force,
    )
    .map_err(|e| err(&e))
}

/// Imports the objects of calendar `c` as one calendar text, into the calendar it was
/// imported into before (or a new one named after it).
fn import(
    store: &mut Store,
    account: &AccountRow,
    c: &AccountCalendar,
    objects: &HashMap<String, String>,
    zone: Tz,
    now: DateTime<Utc>,
    force: bool,
) -> std::result::Result<crate::app::calendars::ImportSummary, String> {
    let text = events_text(store, objects).map_err(|e| e.to_string())?;
    let source = Source::account(&account.name, &c.href);
    let fresh_name;
    let name = match c.calendar_id {
        Some(_) => None,
        None => {
            fresh_name = unique_name(store, &c.display_name).map_err(|e| e.to_string())?;
            Some(fresh_name.as_str())
        }
    };
    let summary = import_calendar(
        store,
        &ImportRequest {
            source: &source,
            text: &text,
            name,
            replace: false,
            force,
            calendar: c.calendar_id,
        },
        zone,
        now,
    )
    .map_err(|e| e.to_string())?;
    if c.calendar_id.is_none()
        && let Some(imported) = store
            .calendar(&summary.calendar)
            .map_err(|e| e.to_string())?
    {
        store
            .link_account_calendar(c.id, imported.id)
            .map_err(|e| e.to_string())?;
    }
    Ok(summary)
}

/// The events of `objects` as one calendar text ([`joined`]). bearing's own blocks, read
/// back from a calendar that is read too, are those blocks, not events: left out, so
/// taking one off the calendar never looks like a copy that emptied by mistake.
pub fn events_text<K, V>(store: &Store, objects: &HashMap<K, V>) -> crate::store::Result<String>
where
    K: AsRef<str> + Eq + std::hash::Hash + Ord,
    V: AsRef<str>,
{
    let blocks: std::collections::HashSet<String> = store.block_uids()?.into_iter().collect();
    // Without blocks every object is an event: none is searched for its UID, and no map
    // of the events is made (joining a first sync's 10,000 objects took 10 ms, now 5.5).
    Ok(joined_where(objects, |text| {
        blocks.is_empty() || uid_of(text).is_none_or(|uid| !blocks.contains(uid))
    }))
}

/// The objects as one calendar text: each object's components inside one VCALENDAR, in
/// the order of their paths (so the same objects make the same text, and an unchanged
/// calendar is recognised before any parsing).
pub fn joined<K, V>(objects: &HashMap<K, V>) -> String
where
    K: AsRef<str> + Eq + std::hash::Hash + Ord,
    V: AsRef<str>,
{
    joined_where(objects, |_| true)
}

/// [`joined`], of the objects whose text `keep` keeps.
fn joined_where<K, V>(objects: &HashMap<K, V>, keep: impl Fn(&str) -> bool) -> String
where
    K: AsRef<str> + Eq + std::hash::Hash + Ord,
    V: AsRef<str>,
{
    const HEAD: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bearing//CalDAV//EN\r\n";
    const TAIL: &str = "END:VCALENDAR\r\n";
    let mut parts: Vec<(&K, &str)> = objects
        .iter()
        .filter(|(_, text)| keep(text.as_ref()))
        .map(|(href, text)| (href, inner(text.as_ref())))
        .collect();
    parts.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Each object carries the VTIMEZONEs its events name, and most name the same few
    // zones: each definition is kept once, where it first comes (a first sync of 10,000
    // objects in one zone held 4 MB of copies of one VTIMEZONE, each read and parsed).
    // Only copies alike to the letter go, so what the calendar says is unchanged.
    let mut zones: crate::domain::hash::FastSet<&str> = crate::domain::hash::FastSet::default();
    let mut pieces: Vec<&str> = Vec::with_capacity(parts.len() * 2);
    for (_, part) in parts {
        let mut rest = part;
        while let Some((before, zone, after)) = next_zone(rest) {
            pieces.push(before);
            if zones.insert(zone) {
                pieces.push(zone);
            }
            rest = after;
        }
        pieces.push(rest);
    }
    // Room made once: ten thousand objects grown by doubling would hold twice the text.
    let size = HEAD.len() + TAIL.len() + pieces.iter().map(|p| p.len()).sum::<usize>();
    let mut text = String::with_capacity(size);
    text.push_str(HEAD);
    for piece in pieces {
        text.push_str(piece);
    }
    text.push_str(TAIL);
    text
}

/// The first VTIMEZONE of `text`, from its `BEGIN:VTIMEZONE` line through its
/// `END:VTIMEZONE` line, with what comes before and after it.
fn next_zone(text: &str) -> Option<(&str, &str, &str)> {
    let start = line_starting(text, 0, "BEGIN:VTIMEZONE")?;
    let end_line = line_starting(text, start, "END:VTIMEZONE")?;
    let end = text[end_line..]
        .find('\n')
        .map_or(text.len(), |n| end_line + n + 1);
    Some((&text[..start], &text[start..end], &text[end..]))
}

/// Where the first line of `text` at or after `from` that starts with `marker` begins.
fn line_starting(text: &str, from: usize, marker: &str) -> Option<usize> {
    text[from..]
        .match_indices(marker)
        .map(|(i, _)| from + i)
        .find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
}

/// The components of one object: what lies between its `BEGIN:VCALENDAR` line and its
/// last `END:VCALENDAR`, from the first `BEGIN:` of a component on.
fn inner(object: &str) -> &str {
    let upper_start = object
        .match_indices("BEGIN:V")
        .map(|(i, _)| i)
        .find(|&i| !object[i..].starts_with("BEGIN:VCALENDAR"));
    let end = object.rfind("END:VCALENDAR").unwrap_or(object.len());
    match upper_start {
        Some(start) if start < end => &object[start..end],
        _ => "",
    }
}

/// The UID of an object (its first `UID:` line), if it has one.
pub(super) fn uid_of(object: &str) -> Option<&str> {
    let at = object.find("\nUID:")? + "\nUID:".len();
    let rest = &object[at..];
    Some(rest[..rest.find(['\r', '\n']).unwrap_or(rest.len())].trim())
}
