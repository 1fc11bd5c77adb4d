//! Reading again only what changed in a calendar that arrives in parts: a CalDAV
//! account's calendar, one object per event, where a sync names the objects new,
//! changed and gone. Only the changed objects are read and expanded; every other series
//! is kept as stored, by the hash it was stored with. A file has no parts, and is read
//! whole ([`super::import::import_calendar`]), as is an account's calendar on its first
//! sync, after a stale token, when its horizon moves on, or when the user's zone changed.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::import::{
    Fingerprints, IMPORT_TRIES, ImportError, ImportSummary, unchanged, write_plan,
};
use crate::calendar::series;
use crate::domain::hash::{FastMap, FastSet};
use crate::domain::source::Source;
use crate::store::{NewCalendar, Store, StoreError};

/// What an account calendar's row keeps in place of its text's hash: the zone its
/// series were read in (a series' stored hash holds it too, so one read in another zone
/// would not be kept as it is).
pub fn account_hash(zone: Tz) -> String {
    format!("caldav {}", zone.name())
}

/// What changed in calendar `id` (from account source `source`): `text`, the changed
/// objects joined into one calendar, and `gone`, the UIDs of the objects removed or
/// replaced (their series go unless `text` has them again). `Ok(None)` when the
/// calendar must be read whole instead: not read in this zone, its horizon due to move
/// on, or a series stored by older rules. A calendar left without events where it had
/// some is refused unless `force`, as a file is.
pub fn import_changed(
    store: &mut Store,
    id: i64,
    source: &Source,
    text: &str,
    gone: &FastSet<String>,
    (zone, now): (Tz, DateTime<Utc>),
    force: bool,
) -> Result<Option<ImportSummary>, ImportError> {
    let mut tries = 0;
    loop {
        tries += 1;
        match import_changed_once(store, id, source, text, gone, (zone, now), force) {
            Err(ImportError::Store(StoreError::Stale)) if tries < IMPORT_TRIES => {}
            done => return done,
        }
    }
}

fn import_changed_once(
    store: &mut Store,
    id: i64,
    source: &Source,
    text: &str,
    gone: &FastSet<String>,
    (zone, now): (Tz, DateTime<Utc>),
    force: bool,
) -> Result<Option<ImportSummary>, ImportError> {
    let calendars = store.list_calendars()?;
    let Some(existing) = calendars.iter().find(|c| c.id == id) else {
        return Err(ImportError::Removed {
            calendar: String::new(),
        });
    };
    let hash = account_hash(zone);
    if existing.content_hash != hash || existing.horizon_end <= now + Duration::days(365) {
        return Ok(None);
    }
    let prints = Fingerprints {
        horizon: existing.horizon_end,
        zone,
    };
    let held = store.stored_series(&existing.name)?;
    let kept: Vec<&str> = held.uids().filter(|uid| !gone.contains(*uid)).collect();
    if kept.iter().any(|uid| held.hash(uid).is_none()) {
        return Ok(None);
    }
    let parsed = series::parse_known(text, zone, &|uid, print| {
        held.hash(uid) == Some(prints.hash(print))
    })
    .map_err(|error| ImportError::NotACalendar {
        source_name: source.redacted(),
        error,
    })?;
    if !force && parsed.cut_short() {
        return Err(ImportError::CutShort {
            source_name: source.redacted(),
        });
    }
    let fresh: FastMap<&str, u64> = parsed
        .series_fingerprints()
        .into_iter()
        .map(|(uid, print)| (uid, prints.hash(print)))
        .collect();
    // Owned, so the plan can take the stored series while the hashes are in use.
    let kept: Vec<(String, u64)> = kept
        .into_iter()
        .filter_map(|uid| held.hash(uid).map(|h| (uid.to_string(), h)))
        .collect();
    let mut hashes: FastMap<&str, u64> = kept.iter().map(|(uid, h)| (uid.as_str(), *h)).collect();
    hashes.extend(fresh.iter().map(|(&uid, &h)| (uid, h)));
    if !force && hashes.is_empty() && !held.is_empty() {
        return Err(ImportError::Emptied {
            source_name: source.redacted(),
            calendar: existing.name.clone(),
            events: store.calendar_counts(id)?.events,
        });
    }
    let only: FastSet<&str> = fresh
        .iter()
        .filter(|&(uid, &h)| held.hash(uid) != Some(h))
        .map(|(&uid, _)| uid)
        .collect();
    // Nothing new, changed or gone among the events (say, only bearing's own block
    // changed on a calendar it also reads): recorded as read, and told as unchanged.
    if only.is_empty() && hashes.len() == held.uids().count() && parsed.skipped.is_empty() {
        return unchanged(store, existing.name.clone(), id, now).map(Some);
    }
    let key = source.key();
    let calendar = NewCalendar {
        name: &existing.name,
        source: &source.stored(),
        source_key: key.as_deref(),
        calname: existing.calname.as_deref(),
        content: "",
        content_hash: &hash,
        imported_at: now,
        horizon_end: existing.horizon_end,
    };
    write_plan(store, &calendar, &parsed, held, &hashes, Some(&only)).map(Some)
}
