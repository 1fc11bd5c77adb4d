//! The journal sync's places, each check run on both: a temporary [`Folder`] and a
//! [`WebDav`] collection on a real wsgidav started on 127.0.0.1 (skipped, with one line
//! on stderr, where wsgidav is not installed; under `CI=true` that fails instead).
//!
//! Batches and snapshots are created once and never overwritten; listings pass over what
//! is not bearing's; the key file is replaced only over the version read; files can be
//! removed; a file still arriving, moved or from a newer bearing is told as such after a
//! trip through the place; and nothing in the place is readable without the passphrase,
//! nor (in a folder) by another user.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::too_many_lines
)]

use std::fs;
use std::path::{Path, PathBuf};

use bearing::io::dav::{Auth, Options};
use bearing::io::journal_sync::batch::{self, BatchError, BatchHash};
use bearing::io::journal_sync::key::{self, KeyFileError, KeyRing};
use bearing::io::journal_sync::{
    Created, DeviceId, Folder, KeyWrite, SnapshotId, SyncPlace, WebDav,
};
use bearing::testkit::DavServer;

/// A word that must never be found in the place.
const MARKER: &str = "MARKER-stay-interview-with-Priya";
const PASSPHRASE: &str = "correct horse battery staple";
/// scrypt's work for the key files here: milliseconds, not a second each.
const CHEAP: u8 = 10;

/// One place under test, with the folder its files are in on disk.
struct Place {
    name: &'static str,
    place: Box<dyn SyncPlace>,
    files: PathBuf,
    _hold: Hold,
}

/// What keeps a place alive: its temp directory, or its server.
enum Hold {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Server(#[allow(dead_code)] DavServer),
}

fn folder() -> Place {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("Sync").join("bearing");
    let place = Folder::create(&files).unwrap();
    Place {
        name: "folder",
        place: Box::new(place),
        files,
        _hold: Hold::Dir(dir),
    }
}

/// A collection that is not there yet on a new wsgidav: the first write makes it.
fn webdav() -> Option<Place> {
    let server = DavServer::wsgidav()?;
    let auth = Auth::Password {
        user: server.user().to_string(),
        password: zeroize::Zeroizing::new(server.password().to_string()),
    };
    let place = WebDav::connect(&server.url("/bearing"), auth, &Options::default()).unwrap();
    let files = server.storage().join("bearing");
    Some(Place {
        name: "webdav",
        place: Box::new(place),
        files,
        _hold: Hold::Server(server),
    })
}

/// Runs `check` on a folder, then on WebDAV.
fn each(check: impl Fn(&Place)) {
    check(&folder());
    if let Some(place) = webdav() {
        check(&place);
    }
}

fn device() -> DeviceId {
    DeviceId::generate().unwrap()
}

fn snapshot(number: u64, device: &DeviceId) -> SnapshotId {
    SnapshotId {
        number,
        device: device.clone(),
    }
}

/// Where batch `seq` of `device` is on disk.
fn batch_file(p: &Place, device: &DeviceId, seq: u64) -> PathBuf {
    p.files
        .join("devices")
        .join(device.as_str())
        .join(format!("{seq:020}.batch"))
}

/// Every file and folder under `dir`, itself first.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() {
            let mut inner: Vec<PathBuf> = fs::read_dir(&out[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            inner.sort();
            out.extend(inner);
        }
        i += 1;
    }
    out
}

#[test]
fn a_batch_or_snapshot_is_created_once_and_never_overwritten() {
    each(|p| {
        let name = p.name;
        let d = device();
        assert_eq!(p.place.read_batch(&d, 1).unwrap(), None, "{name}");
        assert!(p.place.devices().unwrap().is_empty(), "{name}");
        assert!(p.place.batches(&d).unwrap().is_empty(), "{name}");
        assert!(p.place.snapshots().unwrap().is_empty(), "{name}");

        assert_eq!(
            p.place.write_batch(&d, 1, b"first").unwrap(),
            Created::Written,
            "{name}"
        );
        assert_eq!(
            p.place.write_batch(&d, 1, b"second, and longer").unwrap(),
            Created::AlreadyThere,
            "{name}"
        );
        assert_eq!(
            p.place.read_batch(&d, 1).unwrap().unwrap(),
            b"first",
            "{name}"
        );
        assert_eq!(fs::read(batch_file(p, &d, 1)).unwrap(), b"first", "{name}");

        // Any bytes, as they are.
        let every_byte: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        assert_eq!(
            p.place.write_batch(&d, 2, &every_byte).unwrap(),
            Created::Written
        );
        assert_eq!(
            p.place.read_batch(&d, 2).unwrap().unwrap(),
            every_byte,
            "{name}"
        );
        assert_eq!(p.place.devices().unwrap(), vec![d.clone()], "{name}");
        assert_eq!(p.place.batches(&d).unwrap(), vec![1, 2], "{name}");

        let id = snapshot(1, &d);
        assert_eq!(p.place.read_snapshot(&id).unwrap(), None, "{name}");
        assert_eq!(
            p.place.write_snapshot(&id, b"snapshot").unwrap(),
            Created::Written
        );
        assert_eq!(
            p.place.write_snapshot(&id, b"another").unwrap(),
            Created::AlreadyThere,
            "{name}"
        );
        assert_eq!(p.place.read_snapshot(&id).unwrap().unwrap(), b"snapshot");
        assert_eq!(p.place.snapshots().unwrap(), vec![id], "{name}");
    });
}

#[test]
fn listings_pass_over_what_is_not_bearing_s() {
    each(|p| {
        let name = p.name;
        let (a, b) = (device(), device());
        for (d, seq) in [(&a, 1), (&a, 2), (&b, 1)] {
            assert_eq!(p.place.write_batch(d, seq, b"x").unwrap(), Created::Written);
        }
        let kept = snapshot(5, &a);
        assert_eq!(
            p.place.write_snapshot(&kept, b"x").unwrap(),
            Created::Written
        );

        // What sync tools, operating systems and people leave in a shared folder.
        let root = &p.files;
        let a_dir = root.join("devices").join(a.as_str());
        fs::create_dir_all(root.join(".stfolder")).unwrap();
        fs::create_dir_all(root.join("devices/NOT-A-DEVICE")).unwrap();
        fs::create_dir_all(a_dir.join(format!("{:020}.batch", 6))).unwrap();
        for (path, bytes) in [
            (root.join(".DS_Store"), &b"junk"[..]),
            (root.join("devices/.DS_Store"), b"junk"),
            (
                root.join("devices/NOT-A-DEVICE")
                    .join(format!("{:020}.batch", 1)),
                b"junk",
            ),
            (root.join("devices").join(device().as_str()), b"a file"),
            (
                a_dir.join(format!("{:020} (conflicted copy).batch", 3)),
                b"junk",
            ),
            (a_dir.join(format!(".{:020}.batch.1a2b3c.tmp", 4)), b"junk"),
            (
                a_dir.join(format!(
                    "{:020}.sync-conflict-20260101-120000-ABCDEFG.batch",
                    5
                )),
                b"junk",
            ),
            (a_dir.join("7.batch"), b"junk"),
            (
                root.join("snapshots")
                    .join(format!("{:020}-{a} (1).snapshot", 2)),
                b"junk",
            ),
            (root.join("snapshots/notes.txt"), b"junk"),
            (root.join("bearing-sync (conflicted copy).key"), b"junk"),
        ] {
            fs::write(&path, bytes).unwrap();
        }

        let mut both = vec![a.clone(), b.clone()];
        both.sort();
        assert_eq!(p.place.devices().unwrap(), both, "{name}");
        assert_eq!(p.place.batches(&a).unwrap(), vec![1, 2], "{name}");
        assert_eq!(p.place.batches(&b).unwrap(), vec![1], "{name}");
        assert!(p.place.batches(&device()).unwrap().is_empty(), "{name}");
        assert_eq!(p.place.snapshots().unwrap(), vec![kept], "{name}");
        assert!(p.place.read_key_file().unwrap().is_none(), "{name}");
    });
}

#[test]
fn the_key_file_is_replaced_only_over_the_version_read() {
    each(|p| {
        let name = p.name;
        assert!(p.place.read_key_file().unwrap().is_none(), "{name}");
        let ring = KeyRing::generate().unwrap();
        let first = key::wrap_with_work(&ring, PASSPHRASE, CHEAP).unwrap();
        assert_eq!(
            p.place.write_key_file(&first, None).unwrap(),
            KeyWrite::Written,
            "{name}"
        );
        // A second device's first key file does not replace it.
        let stranger =
            key::wrap_with_work(&KeyRing::generate().unwrap(), PASSPHRASE, CHEAP).unwrap();
        assert_eq!(
            p.place.write_key_file(&stranger, None).unwrap(),
            KeyWrite::Changed,
            "{name}"
        );

        // Two devices read it; one rotates the key and writes first.
        let seen_by_a = p.place.read_key_file().unwrap().unwrap();
        let seen_by_b = p.place.read_key_file().unwrap().unwrap();
        assert_eq!(seen_by_a.bytes, first, "{name}");
        assert_eq!(seen_by_a.version, seen_by_b.version, "{name}");
        let mut rotated = key::unwrap(&seen_by_b.bytes, PASSPHRASE).unwrap();
        rotated.rotate().unwrap();
        let by_b = key::wrap_with_work(&rotated, PASSPHRASE, CHEAP).unwrap();
        assert_eq!(
            p.place
                .write_key_file(&by_b, Some(&seen_by_b.version))
                .unwrap(),
            KeyWrite::Written,
            "{name}"
        );

        // The other, changing the passphrase over what it read before, is refused, and
        // the rotation stays.
        let by_a = key::wrap_with_work(&ring, "a new passphrase", CHEAP).unwrap();
        assert_eq!(
            p.place
                .write_key_file(&by_a, Some(&seen_by_a.version))
                .unwrap(),
            KeyWrite::Changed,
            "{name}"
        );
        let now = p.place.read_key_file().unwrap().unwrap();
        assert_eq!(now.bytes, by_b, "{name}");
        assert_ne!(now.version, seen_by_a.version, "{name}");
        assert_eq!(
            key::unwrap(&now.bytes, PASSPHRASE).unwrap().generations(),
            vec![1, 2]
        );

        // Read again, its change goes over the new version.
        let mut merged = key::unwrap(&now.bytes, PASSPHRASE).unwrap();
        assert!(!merged.absorb(&ring).unwrap());
        let by_a = key::wrap_with_work(&merged, "a new passphrase", CHEAP).unwrap();
        assert_eq!(
            p.place.write_key_file(&by_a, Some(&now.version)).unwrap(),
            KeyWrite::Written,
            "{name}"
        );
        let last = p.place.read_key_file().unwrap().unwrap();
        assert_eq!(
            key::unwrap(&last.bytes, "a new passphrase")
                .unwrap()
                .generations(),
            vec![1, 2],
            "{name}"
        );
        assert_eq!(
            key::unwrap(&last.bytes, PASSPHRASE).unwrap_err(),
            KeyFileError::WrongPassphrase,
            "{name}"
        );
    });
}

#[test]
fn batches_and_snapshots_can_be_removed() {
    each(|p| {
        let name = p.name;
        let d = device();
        for seq in [1, 2] {
            let _ = p.place.write_batch(&d, seq, b"x").unwrap();
        }
        let (old, new) = (snapshot(1, &d), snapshot(2, &d));
        for id in [&old, &new] {
            let _ = p.place.write_snapshot(id, b"x").unwrap();
        }
        assert!(p.place.remove_batch(&d, 1).unwrap(), "{name}");
        assert!(!p.place.remove_batch(&d, 1).unwrap(), "{name}");
        assert_eq!(p.place.read_batch(&d, 1).unwrap(), None, "{name}");
        assert_eq!(p.place.batches(&d).unwrap(), vec![2], "{name}");
        assert!(!batch_file(p, &d, 1).exists(), "{name}");
        assert!(p.place.remove_snapshot(&old).unwrap(), "{name}");
        assert!(!p.place.remove_snapshot(&old).unwrap(), "{name}");
        assert_eq!(p.place.snapshots().unwrap(), vec![new], "{name}");
        assert!(!p.place.remove_batch(&device(), 1).unwrap(), "{name}");

        // Everything removed behind its back (by hand, another client): the next write
        // makes the folders again.
        fs::remove_dir_all(p.files.join("devices")).unwrap();
        assert!(p.place.devices().unwrap().is_empty(), "{name}");
        assert_eq!(
            p.place.write_batch(&d, 3, b"again").unwrap(),
            Created::Written,
            "{name}"
        );
        assert_eq!(p.place.batches(&d).unwrap(), vec![3], "{name}");
    });
}

#[test]
fn a_journal_s_batches_open_on_another_device_and_each_fault_says_what_it_is() {
    each(|p| {
        let name = p.name;
        // Device A starts the journal: its key file, three batches, a snapshot.
        let ring = KeyRing::generate().unwrap();
        let key_file = key::wrap_with_work(&ring, PASSPHRASE, CHEAP).unwrap();
        let _ = p.place.write_key_file(&key_file, None).unwrap();
        let a = device();
        let mut prev = BatchHash::FIRST;
        for seq in 1..=3 {
            let sealed =
                batch::seal(&ring, &a, seq, &prev, format!("change {seq}").as_bytes()).unwrap();
            prev = BatchHash::of(&sealed);
            assert_eq!(
                p.place.write_batch(&a, seq, &sealed).unwrap(),
                Created::Written
            );
        }
        let id = snapshot(1, &a);
        let sealed = batch::seal_snapshot(&ring, &id, b"everything").unwrap();
        let _ = p.place.write_snapshot(&id, &sealed).unwrap();

        // Device B joins with the passphrase and the place alone.
        let found = p.place.read_key_file().unwrap().unwrap();
        let joined = key::unwrap(&found.bytes, PASSPHRASE).unwrap();
        let [found_device] = p.place.devices().unwrap().try_into().unwrap();
        assert_eq!(found_device, a, "{name}");
        let mut prev = BatchHash::FIRST;
        for seq in p.place.batches(&a).unwrap() {
            let bytes = p.place.read_batch(&a, seq).unwrap().unwrap();
            let opened = batch::open(&joined, &a, seq, &prev, &bytes).unwrap();
            assert_eq!(
                opened.payload.as_slice(),
                format!("change {seq}").as_bytes()
            );
            prev = opened.hash;
        }
        let snap = p.place.read_snapshot(&id).unwrap().unwrap();
        assert_eq!(
            batch::open_snapshot(&joined, &id, &snap)
                .unwrap()
                .payload
                .as_slice(),
            b"everything"
        );

        // Batch 4 still arriving (half of it there): wait. Then whole: it opens.
        let fourth = batch::seal(&ring, &a, 4, &prev, b"change 4").unwrap();
        fs::write(batch_file(p, &a, 4), &fourth[..fourth.len() / 2]).unwrap();
        let half = p.place.read_batch(&a, 4).unwrap().unwrap();
        assert_eq!(
            batch::open(&joined, &a, 4, &prev, &half).unwrap_err(),
            BatchError::Incomplete,
            "{name}"
        );
        fs::write(batch_file(p, &a, 4), &fourth).unwrap();
        let whole = p.place.read_batch(&a, 4).unwrap().unwrap();
        assert!(batch::open(&joined, &a, 4, &prev, &whole).is_ok(), "{name}");

        // A batch copied into another device's folder: listed there, and refused.
        let c = device();
        fs::create_dir_all(batch_file(p, &c, 1).parent().unwrap()).unwrap();
        fs::copy(batch_file(p, &a, 1), batch_file(p, &c, 1)).unwrap();
        assert_eq!(p.place.batches(&c).unwrap(), vec![1], "{name}");
        let moved = p.place.read_batch(&c, 1).unwrap().unwrap();
        assert!(matches!(
            batch::open(&joined, &c, 1, &BatchHash::FIRST, &moved),
            Err(BatchError::Damaged(_))
        ));

        // A batch from a newer bearing: that device's stream stops, saying so.
        let mut newer = batch::seal(&ring, &c, 2, &BatchHash::FIRST, b"x").unwrap();
        newer[8..10].copy_from_slice(&2u16.to_be_bytes());
        assert_eq!(
            p.place.write_batch(&c, 2, &newer).unwrap(),
            Created::Written
        );
        let read = p.place.read_batch(&c, 2).unwrap().unwrap();
        assert_eq!(
            batch::open(&joined, &c, 2, &BatchHash::FIRST, &read).unwrap_err(),
            BatchError::NewerFormat(2),
            "{name}"
        );
    });
}

#[test]
fn nothing_in_the_place_is_readable_without_the_passphrase_or_by_another_user() {
    each(|p| {
        let name = p.name;
        let mut ring = KeyRing::generate().unwrap();
        ring.rotate().unwrap();
        let key_file = key::wrap_with_work(&ring, PASSPHRASE, CHEAP).unwrap();
        let _ = p.place.write_key_file(&key_file, None).unwrap();
        let d = device();
        let mut prev = BatchHash::FIRST;
        for seq in 1..=3 {
            let payload = format!("{{\"entry\":\"{MARKER} {seq}\"}}");
            let sealed = batch::seal(&ring, &d, seq, &prev, payload.as_bytes()).unwrap();
            prev = BatchHash::of(&sealed);
            let _ = p.place.write_batch(&d, seq, &sealed).unwrap();
        }
        let id = snapshot(1, &d);
        let sealed = batch::seal_snapshot(&ring, &id, MARKER.repeat(100).as_bytes()).unwrap();
        let _ = p.place.write_snapshot(&id, &sealed).unwrap();

        let ring_bytes = ring.to_bytes();
        // Each key's 32 bytes, as the compact form holds them after the 11-byte head.
        let secrets: Vec<&[u8]> = ring_bytes[11..].chunks(36).map(|e| &e[4..]).collect();
        let paths = walk(&p.files);
        let files: Vec<&PathBuf> = paths.iter().filter(|f| f.is_file()).collect();
        assert_eq!(files.len(), 5, "{name}: {files:?}");
        for file in files {
            let bytes = fs::read(file).unwrap();
            let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
            assert!(!has(MARKER.as_bytes()), "{name}: {}", file.display());
            assert!(!has(b"entry"), "{name}: {}", file.display());
            assert!(!has(PASSPHRASE.as_bytes()), "{name}: {}", file.display());
            for secret in &secrets {
                assert!(!has(secret), "{name}: a key in {}", file.display());
            }
        }
        // A folder's files and folders are the owner's alone (on WebDAV the server's
        // storage is the server's business).
        #[cfg(unix)]
        if p.name == "folder" {
            use std::os::unix::fs::PermissionsExt;
            for path in &paths {
                let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
                let want = if path.is_dir() { 0o700 } else { 0o600 };
                assert_eq!(mode, want, "{}: {mode:o}", path.display());
            }
            let parent = p.files.parent().unwrap();
            let mode = fs::metadata(parent).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "a parent Folder::create made");
        }
    });
}
