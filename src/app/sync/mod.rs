//! One journal on several devices (`bearing sync`): each device appends what changed in
//! its journal to a log of its own, as sealed batches in a place the user already has (a
//! synced folder, or a WebDAV server), and reads the others' logs into its journal. The
//! journal file itself is never copied. Batches are sealed with a random journal key; the
//! key sits in the place wrapped with the sync passphrase, and in the journal unwrapped.

mod keys;
mod pull;
mod push;
mod snapshot;

pub use keys::{change_passphrase, forget};
pub use snapshot::Compacted;

use std::path::PathBuf;

use crate::io::dav::{Auth, Options};
use crate::io::journal_sync::{
    DeviceId, Folder, KeyFileError, KeyRing, KeyWrite, PlaceError, SyncPlace, WebDav, key,
};
use crate::store::Passphrase;
use crate::store::sync::SyncPlaceRow;

use super::{Error, Field, Journal, Now, Result};

/// Hears how a sync goes, for a front end that shows it: what it is doing ("reading",
/// "merging", "sending") and how many batches of how many.
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);

/// Where a journal syncs, as the user names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A folder (Syncthing, Dropbox, iCloud Drive, a USB stick).
    Folder(PathBuf),
    /// A WebDAV collection, with the user name and the command printing the password.
    WebDav {
        /// The collection's address.
        url: String,
        /// The user name.
        user: String,
        /// Prints the password (it is never stored or passed in argv).
        password_command: String,
        /// A PEM file of certificate authorities to trust instead of the usual ones (a
        /// self-hosted server with its own authority).
        ca_file: Option<String>,
    },
}

/// How to reach a WebDAV place, as the user gives it: the user name, the command that
/// prints the password, and the certificate authorities to trust.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach<'a> {
    /// The user name.
    pub user: Option<&'a str>,
    /// The command that prints the password.
    pub password_command: Option<&'a str>,
    /// A PEM file of certificate authorities.
    pub ca_file: Option<&'a str>,
}

impl Place {
    /// The place `text` names: an `http(s)://` address is WebDAV (reached as `reach`
    /// says), anything else a folder.
    pub fn parse(text: &str, reach: Reach<'_>) -> Result<Place> {
        let Reach {
            user,
            password_command,
            ca_file,
        } = reach;
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::refused(
                Field::SyncPlace,
                "say where to sync: a folder, or a WebDAV address",
            ));
        }
        if Place::is_address(text) {
            let (Some(user), Some(command)) = (user, password_command) else {
                return Err(Error::refused(
                    Field::PasswordCommand,
                    "a WebDAV place needs --user and --password-command (the command prints the password; it is never stored)",
                ));
            };
            return Ok(Place::WebDav {
                url: text.to_string(),
                user: user.to_string(),
                password_command: command.to_string(),
                ca_file: ca_file.map(str::to_string),
            });
        }
        if user.is_some() || password_command.is_some() || ca_file.is_some() {
            return Err(Error::refused(
                Field::User,
                "--user, --password-command and --ca-file are for a WebDAV address; a folder needs none of them",
            ));
        }
        Ok(Place::Folder(PathBuf::from(text)))
    }

    /// Whether `text` names a WebDAV place (an `http(s)://` address), not a folder.
    pub fn is_address(text: &str) -> bool {
        let lower = text.trim().to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    }

    fn row(&self, ring: &KeyRing) -> SyncPlaceRow {
        let (kind, location, user, password_command, ca_file) = match self {
            Place::Folder(path) => ("folder", path.display().to_string(), None, None, None),
            Place::WebDav {
                url,
                user,
                password_command,
                ca_file,
            } => (
                "webdav",
                url.clone(),
                Some(user.clone()),
                Some(password_command.clone()),
                ca_file.clone(),
            ),
        };
        SyncPlaceRow {
            kind: kind.into(),
            location,
            user,
            password_command,
            ca_file,
            ring: ring.to_bytes().to_vec(),
            ..SyncPlaceRow::default()
        }
    }

    fn of(row: &SyncPlaceRow) -> Place {
        match (row.kind.as_str(), &row.user, &row.password_command) {
            ("webdav", Some(user), Some(command)) => Place::WebDav {
                url: row.location.clone(),
                user: user.clone(),
                password_command: command.clone(),
                ca_file: row.ca_file.clone(),
            },
            _ => Place::Folder(PathBuf::from(&row.location)),
        }
    }

    /// Connects to the place; `create` makes a folder that is not there yet.
    fn open(&self, create: bool) -> Result<Box<dyn SyncPlace>> {
        match self {
            Place::Folder(path) => {
                let folder = if create && !path.exists() {
                    Folder::create(path)
                } else {
                    Folder::open(path)
                };
                Ok(Box::new(folder.map_err(place_error)?))
            }
            Place::WebDav {
                url,
                user,
                password_command,
                ca_file,
            } => {
                let password = super::accounts::run_password_command(password_command)?;
                let auth = Auth::Password {
                    user: user.clone(),
                    password,
                };
                let options = Options {
                    ca_file: ca_file.as_ref().map(PathBuf::from),
                    ..Options::default()
                };
                Ok(Box::new(
                    WebDav::connect(url, auth, &options).map_err(place_error)?,
                ))
            }
        }
    }
}

/// A place's failure, in words.
fn place_error(e: PlaceError) -> Error {
    match e {
        PlaceError::Missing(_) => Error::refused(Field::SyncPlace, e.to_string()),
        e => Error::refused(Field::SyncPlace, format!("the sync place: {e}")),
    }
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Rows of this journal sent.
    pub sent: usize,
    /// Batches of other devices merged.
    pub merged_batches: usize,
    /// Snapshots of other devices merged (a first sync, or batches removed unread).
    pub snapshots: usize,
    /// Rows changed here by them.
    pub merged_rows: usize,
    /// Texts kept as copies because two devices wrote them at once.
    pub copies: usize,
    /// What the user should know, in words.
    pub notices: Vec<String>,
    /// Devices whose newest batches wait (a folder still syncing, or a batch they were
    /// built on still missing).
    pub waiting: Vec<String>,
    /// Devices whose stream stopped, and why.
    pub stopped: Vec<(String, String)>,
    /// The snapshot this device wrote, and its batches removed.
    pub compacted: Compacted,
    /// Notes in the journal keeping texts written on two devices at once (until edited
    /// into one and deleted), after this sync.
    pub conflicts: i64,
    /// Changes from other devices refused here, waiting (a name two people took).
    pub held_back: i64,
}

/// Starts syncing this journal at `place`, as its first device: the place gets a key
/// file (a new journal key wrapped with `passphrase`) and this journal's batches.
pub fn init(
    journal: &mut Journal,
    place: &Place,
    passphrase: &Passphrase,
    now: Now,
    progress: Progress<'_>,
) -> Result<Report> {
    refuse_if_syncing(journal)?;
    let opened = place.open(true)?;
    if opened.read_key_file().map_err(place_error)?.is_some() {
        return Err(Error::refused(
            Field::SyncPlace,
            format!(
                "a journal already syncs at {}: join it with `bearing sync join` (nothing was changed)",
                opened.describe()
            ),
        ));
    }
    let ring = KeyRing::generate().map_err(|e| Error::refused(Field::SyncPlace, e))?;
    let wrapped =
        key::wrap(&ring, passphrase.expose()).map_err(|e| Error::refused(Field::SyncPlace, e))?;
    if opened.write_key_file(&wrapped, None).map_err(place_error)? == KeyWrite::Changed {
        return Err(Error::refused(
            Field::SyncPlace,
            "another device started a journal there at the same moment: join it with `bearing sync join`",
        ));
    }
    journal.store_mut().start_sync(&place.row(&ring))?;
    run(journal, opened.as_ref(), &ring, now, progress)
}

/// Joins the journal that syncs at `place` (this device's journal, if it holds anything,
/// is merged into it, after a backup the caller made): the passphrase unwraps its key.
pub fn join(
    journal: &mut Journal,
    place: &Place,
    passphrase: &Passphrase,
    now: Now,
    progress: Progress<'_>,
) -> Result<Report> {
    // Joined already, at that place: the key file's newer keys are taken (a device was
    // forgotten elsewhere, and the key rotated).
    if let Some(row) = journal.store().sync_place()?
        && Place::of(&row) == *place
    {
        return keys::take_new_keys(journal, place, passphrase, now, progress);
    }
    refuse_if_syncing(journal)?;
    let opened = place.open(false)?;
    let Some(file) = opened.read_key_file().map_err(place_error)? else {
        return Err(Error::refused(
            Field::SyncPlace,
            format!(
                "no journal syncs at {} yet: start one there with `bearing sync init` (nothing was changed)",
                opened.describe()
            ),
        ));
    };
    let ring = unwrap_key(&file.bytes, passphrase)?;
    journal.store_mut().start_sync(&place.row(&ring))?;
    run(journal, opened.as_ref(), &ring, now, progress)
}

/// The journal keys in key file `bytes`, unwrapped with `passphrase`.
fn unwrap_key(bytes: &[u8], passphrase: &Passphrase) -> Result<KeyRing> {
    key::unwrap(bytes, passphrase.expose()).map_err(|e| match e {
        KeyFileError::WrongPassphrase => Error::refused(
            Field::Passphrase,
            "the passphrase does not open the journal that syncs there (nothing was changed)",
        ),
        e => Error::refused(Field::SyncPlace, format!("the sync key file: {e}")),
    })
}

fn refuse_if_syncing(journal: &Journal) -> Result<()> {
    if let Some(row) = journal.store().sync_place()? {
        return Err(Error::refused(
            Field::SyncPlace,
            format!(
                "this journal syncs at {} already; `bearing sync` brings it up to date",
                row.location
            ),
        ));
    }
    Ok(())
}

/// Brings this journal and the place up to date: the other devices' batches merged here,
/// then what changed here sent.
pub fn sync(journal: &mut Journal, now: Now, progress: Progress<'_>) -> Result<Report> {
    let Some(row) = journal.store().sync_place()? else {
        return Err(Error::refused(
            Field::SyncPlace,
            "this journal does not sync yet: `bearing sync init FOLDER` on the first device, `bearing sync join FOLDER` on the others",
        ));
    };
    let ring = kept_ring(&row.ring)?;
    let at = crate::domain::time::rfc3339(&now.at);
    let result = Place::of(&row)
        .open(false)
        .and_then(|place| run(journal, place.as_ref(), &ring, now, progress));
    if let Err(e) = &result {
        journal
            .store_mut()
            .sync_finished(&at, Some(&e.to_string()))?;
    }
    result
}

/// The journal keys kept in this journal.
fn kept_ring(kept: &[u8]) -> Result<KeyRing> {
    KeyRing::from_bytes(kept)
        .map_err(|e| Error::refused(Field::SyncPlace, format!("the journal keys kept here: {e}")))
}

/// This device's id, as the place names its folder.
fn own_device(journal: &Journal) -> Result<DeviceId> {
    let id = journal.store().sync_device()?;
    DeviceId::parse(&id).ok_or_else(|| {
        Error::refused(
            Field::SyncPlace,
            format!("this journal's device id {id} is not one"),
        )
    })
}

/// One sync: pull, then push.
fn run(
    journal: &mut Journal,
    place: &dyn SyncPlace,
    ring: &KeyRing,
    now: Now,
    progress: Progress<'_>,
) -> Result<Report> {
    let mut own = own_device(journal)?;
    let mut report = Report::default();
    if push::shared(journal, place, ring, &own)? {
        let new = journal.store_mut().sync_split_device()?;
        report.notices.push(format!(
            "Another journal was writing this device's log (a backup put back over this journal, or a copy of it): this one goes on as a new device, {new}, and what the other wrote is merged here."
        ));
        own = own_device(journal)?;
    }
    pull::pull(journal, place, ring, &own, now, &mut report, progress)?;
    report.sent = push::push(journal, place, ring, &own, now, progress)?;
    // Now and then a snapshot, and the batches the one before held go; a failure here
    // loses nothing (the batches stay) and is told.
    match snapshot::compact(journal, place, ring, &own, snapshot::EVERY, |before, _| {
        before
    }) {
        Ok(done) => report.compacted = done,
        Err(e) => report
            .notices
            .push(format!("Old batches were not compacted this time: {e}")),
    }
    (report.conflicts, report.held_back) = journal.store().sync_conflicts()?;
    let at = crate::domain::time::rfc3339(&now.at);
    journal.store_mut().sync_finished(&at, None)?;
    Ok(report)
}

/// Syncs, then writes a snapshot now (when something was sent since the last one) and
/// removes every batch of this device it holds: `bearing sync compact`. Devices that had
/// not read them start from the snapshot.
pub fn compact(journal: &mut Journal, now: Now, progress: Progress<'_>) -> Result<Report> {
    let mut report = sync(journal, now, progress)?;
    let Some(row) = journal.store().sync_place()? else {
        return Ok(report);
    };
    let ring = kept_ring(&row.ring)?;
    let own = own_device(journal)?;
    let place = Place::of(&row).open(false)?;
    let done = snapshot::compact(journal, place.as_ref(), &ring, &own, 1, |_, now| now)?;
    if done.snapshot.is_some() {
        report.compacted = done;
    }
    Ok(report)
}

/// The hash a device's next batch names: that of its last one (kept as bytes), or the
/// first's when there is none.
fn chained(last: Option<&[u8]>) -> crate::io::journal_sync::BatchHash {
    use crate::io::journal_sync::BatchHash;
    last.and_then(|h| <[u8; 32]>::try_from(h).ok())
        .map_or(BatchHash::FIRST, BatchHash::from_bytes)
}

/// Milliseconds since the epoch of `now`.
fn millis(now: Now) -> i64 {
    now.at.timestamp_millis()
}

/// Where the journal syncs and how it stands, from what this journal knows (no network).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    /// Where it syncs (`None`: it does not).
    pub place: Option<String>,
    /// This device's id.
    pub device: String,
    /// Rows changed here and not sent yet.
    pub pending: i64,
    /// When the last sync went through.
    pub synced_at: Option<String>,
    /// Why the last sync failed.
    pub last_error: Option<String>,
    /// This device's batches written.
    pub sent: u64,
    /// The other devices heard from.
    pub devices: Vec<DeviceStatus>,
    /// Notes keeping texts written on two devices at once.
    pub conflicts: i64,
    /// Changes from other devices refused here, waiting.
    pub held_back: i64,
}

/// Another device, as this journal heard from it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeviceStatus {
    /// Its id.
    pub device: String,
    /// Its batches merged here.
    pub merged: u64,
    /// When one was last merged.
    pub seen_at: Option<String>,
    /// Why its stream stopped, if it did.
    pub stopped: Option<String>,
}

/// Where the journal syncs and how it stands.
pub fn status(journal: &Journal) -> Result<Status> {
    let store = journal.store();
    let place = store.sync_place()?;
    let (conflicts, held_back) = store.sync_conflicts()?;
    Ok(Status {
        conflicts,
        held_back,
        place: place.as_ref().map(|p| p.location.clone()),
        device: store.sync_device()?,
        pending: store.sync_pending()?,
        synced_at: place.as_ref().and_then(|p| p.synced_at.clone()),
        last_error: place.as_ref().and_then(|p| p.last_error.clone()),
        sent: place.as_ref().map_or(0, |p| p.sent),
        devices: store
            .sync_devices()?
            .into_iter()
            .map(|(device, r)| DeviceStatus {
                device,
                merged: r.applied,
                seen_at: r.seen_at,
                stopped: r.stopped,
            })
            .collect(),
    })
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;

/// A sync to run in the background, on a connection of its own (the interface's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    journal: PathBuf,
    reopen: crate::store::ReopenOptions,
    now: Now,
}

/// The sync the interface may run in the background now: `None` when the journal does
/// not sync, or is kept in memory (no other connection could reach it).
pub fn waiting(journal: &Journal, now: Now) -> Result<Option<Waiting>> {
    let store = journal.store();
    let Some(path) = store.path() else {
        return Ok(None);
    };
    if store.read_only().is_some() || store.sync_place()?.is_none() {
        return Ok(None);
    }
    Ok(Some(Waiting {
        journal: path.to_path_buf(),
        reopen: store.reopen_options(),
        now,
    }))
}

/// Whether changes made here wait to be sent.
pub fn pending(journal: &Journal) -> Result<bool> {
    Ok(journal.store().sync_pending()? > 0)
}

/// Runs `waiting` (on the caller's thread: the interface's background one); the report,
/// or why it failed, in words.
pub fn run_waiting(waiting: &Waiting) -> std::result::Result<Report, String> {
    let store = crate::store::Store::reopen(&waiting.journal, &waiting.reopen)
        .map_err(|e| crate::describe(&e))?;
    let mut journal = Journal::new(store);
    sync(&mut journal, waiting.now, &mut |_, _, _| {}).map_err(|e| crate::describe(&e))
}

/// Whether this journal holds anything a join would merge (it is backed up first).
pub fn holds_anything(journal: &Journal) -> Result<bool> {
    Ok(!journal.store().is_empty()?)
}
