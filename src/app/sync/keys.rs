//! The journal key after a device is lost: `bearing sync forget DEVICE` stops reading
//! its batches (on every device, as the next batch tells them) and rotates the key, so
//! what is written from then on is sealed with a key the lost device never had. The
//! others take the new key with the passphrase (`bearing sync join` again).

use super::{Error, Field, Journal, Now, Place, Progress, Report, Result, place_error, run};
use crate::io::journal_sync::{KeyRing, KeyWrite, key};
use crate::store::Passphrase;

/// The words a forgotten device's stream stops with (and what tells it apart).
pub const FORGOTTEN: &str = "forgotten";

/// The devices forgotten, here or on a device whose batch said so.
pub(super) fn forgotten(
    known: &std::collections::BTreeMap<String, crate::store::sync::DeviceRow>,
) -> Vec<String> {
    known
        .iter()
        .filter(|(_, r)| {
            r.stopped
                .as_deref()
                .is_some_and(|w| w.starts_with(FORGOTTEN))
        })
        .map(|(d, _)| d.clone())
        .collect()
}

/// Forgets `device`: its batches are not read any more, here and (after the next batch)
/// on every device; the journal key is rotated and wrapped again with `passphrase`.
pub fn forget(
    journal: &mut Journal,
    device: &str,
    passphrase: &Passphrase,
    now: Now,
    progress: Progress<'_>,
) -> Result<Report> {
    let row = journal.store().sync_place()?.ok_or_else(|| {
        Error::refused(
            Field::SyncPlace,
            "this journal does not sync, so there is no device to forget",
        )
    })?;
    let own = super::own_device(journal)?;
    if device == own.as_str() {
        return Err(Error::refused(
            Field::SyncPlace,
            "that is this device; forget it from another one (or stop syncing here)",
        ));
    }
    let place = Place::of(&row);
    let opened = place.open(false)?;
    let known = opened.devices().map_err(place_error)?;
    if !known.iter().any(|d| d.as_str() == device) {
        return Err(Error::refused(
            Field::SyncPlace,
            format!(
                "no device {device} syncs at {}; `bearing sync status` lists them",
                row.location
            ),
        ));
    }
    let mut ring = new_ring(&row.ring, opened.as_ref(), passphrase)?;
    ring.0
        .rotate()
        .map_err(|e| Error::refused(Field::SyncPlace, e))?;
    let wrapped =
        key::wrap(&ring.0, passphrase.expose()).map_err(|e| Error::refused(Field::SyncPlace, e))?;
    if opened
        .write_key_file(&wrapped, Some(&ring.1))
        .map_err(place_error)?
        == KeyWrite::Changed
    {
        return Err(Error::refused(
            Field::SyncPlace,
            "the key file changed meanwhile (another device is changing it): try again",
        ));
    }
    let stamp = crate::domain::time::rfc3339(&now.at);
    let store = journal.store_mut();
    store.set_sync_ring(&ring.0.to_bytes())?;
    store.sync_stop_device(device, Some(&format!("{FORGOTTEN} on {stamp}")))?;
    run(journal, opened.as_ref(), &ring.0, now, progress)
}

/// The journal keys kept here with those of the key file (unwrapped with `passphrase`)
/// added, and the key file's version.
fn new_ring(
    kept: &[u8],
    place: &dyn crate::io::journal_sync::SyncPlace,
    passphrase: &Passphrase,
) -> Result<(KeyRing, crate::io::journal_sync::Version)> {
    let mut ring = super::kept_ring(kept)?;
    let file = place.read_key_file().map_err(place_error)?.ok_or_else(|| {
        Error::refused(Field::SyncPlace, "the sync place has no key file any more")
    })?;
    let theirs = super::unwrap_key(&file.bytes, passphrase)?;
    ring.absorb(&theirs)
        .map_err(|e| Error::refused(Field::SyncPlace, e))?;
    Ok((ring, file.version))
}

/// Takes the key file's newer keys (after another device forgot one) with `passphrase`,
/// and reads again the devices whose batches were sealed with a key this one lacked.
pub(super) fn take_new_keys(
    journal: &mut Journal,
    place: &Place,
    passphrase: &Passphrase,
    now: Now,
    progress: Progress<'_>,
) -> Result<Report> {
    let row = journal
        .store()
        .sync_place()?
        .ok_or_else(|| Error::refused(Field::SyncPlace, "this journal does not sync"))?;
    let opened = place.open(false)?;
    let (ring, _) = new_ring(&row.ring, opened.as_ref(), passphrase)?;
    let store = journal.store_mut();
    store.set_sync_ring(&ring.to_bytes())?;
    for (device, r) in store.sync_devices()? {
        if r.stopped
            .as_deref()
            .is_some_and(|why| why.contains("journal key this device does not have"))
        {
            store.sync_stop_device(&device, None)?;
        }
    }
    run(journal, opened.as_ref(), &ring, now, progress)
}

/// Wraps the journal key again with `new` (the sync passphrase changes for every device
/// that joins from now on; the devices that joined keep working). `old` must open the
/// key file.
pub fn change_passphrase(journal: &mut Journal, old: &Passphrase, new: &Passphrase) -> Result<()> {
    let row = journal.store().sync_place()?.ok_or_else(|| {
        Error::refused(
            Field::SyncPlace,
            "this journal does not sync, so it has no sync passphrase",
        )
    })?;
    let opened = Place::of(&row).open(false)?;
    let (ring, version) = new_ring(&row.ring, opened.as_ref(), old)?;
    let wrapped =
        key::wrap(&ring, new.expose()).map_err(|e| Error::refused(Field::SyncPlace, e))?;
    if opened
        .write_key_file(&wrapped, Some(&version))
        .map_err(place_error)?
        == KeyWrite::Changed
    {
        return Err(Error::refused(
            Field::SyncPlace,
            "the key file changed meanwhile (another device is changing it): try again",
        ));
    }
    journal.store_mut().set_sync_ring(&ring.to_bytes())?;
    Ok(())
}
