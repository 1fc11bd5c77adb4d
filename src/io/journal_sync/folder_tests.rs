//! What is the folder's own: the fallback without hard links, temp files, the lock on
//! the key file, files cut short. What both places do alike is tested on both in
//! `tests/journal_sync_io.rs`.

use super::*;
use crate::io::journal_sync::batch::{self, BatchError};
use crate::io::journal_sync::key::KeyRing;

fn device() -> DeviceId {
    DeviceId::generate().unwrap()
}

/// Every name under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn without_hard_links_writes_are_create_only_too() {
    let dir = tempfile::tempdir().unwrap();
    for folder in [
        Folder::create(dir.path().join("linked")).unwrap(),
        Folder::create(dir.path().join("unlinked"))
            .unwrap()
            .without_hard_links(),
    ] {
        let d = device();
        assert_eq!(
            folder.write_batch(&d, 1, b"first").unwrap(),
            Created::Written
        );
        assert_eq!(
            folder.write_batch(&d, 1, b"second").unwrap(),
            Created::AlreadyThere
        );
        assert_eq!(folder.read_batch(&d, 1).unwrap().unwrap(), b"first");
        assert_eq!(
            folder.write_key_file(b"key", None).unwrap(),
            KeyWrite::Written
        );
        assert_eq!(
            folder.write_key_file(b"other", None).unwrap(),
            KeyWrite::Changed
        );
        // No temp file is left behind, and every file is the owner's alone.
        let names = tree(folder.root());
        assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
        #[cfg(unix)]
        for name in &names {
            use std::os::unix::fs::PermissionsExt;
            let path = folder.root().join(name);
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            let want = if path.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(mode, want, "{name}: {mode:o}");
        }
    }
}

#[test]
fn a_batch_cut_short_reads_as_still_arriving() {
    // As a file system without hard links leaves a file being written, or as a sync
    // tool shows one it is still copying.
    let dir = tempfile::tempdir().unwrap();
    let folder = Folder::create(dir.path()).unwrap();
    let ring = KeyRing::generate().unwrap();
    let d = device();
    let sealed = batch::seal(&ring, &d, 1, &batch::BatchHash::FIRST, b"what was said").unwrap();
    let device_dir = dir.path().join(DEVICES_DIR).join(d.as_str());
    fs::create_dir_all(&device_dir).unwrap();
    for cut in [0, 5, 30, sealed.len() - 1] {
        fs::write(device_dir.join(batch_name(1)), &sealed[..cut]).unwrap();
        assert_eq!(folder.batches(&d).unwrap(), vec![1]);
        let bytes = folder.read_batch(&d, 1).unwrap().unwrap();
        assert_eq!(
            batch::open(&ring, &d, 1, &batch::BatchHash::FIRST, &bytes).unwrap_err(),
            BatchError::Incomplete,
            "cut at {cut}"
        );
    }
    fs::write(device_dir.join(batch_name(1)), &sealed).unwrap();
    let bytes = folder.read_batch(&d, 1).unwrap().unwrap();
    assert!(batch::open(&ring, &d, 1, &batch::BatchHash::FIRST, &bytes).is_ok());
}

#[test]
fn a_key_file_replaced_by_several_processes_at_once_takes_one_write() {
    // Rounds of eight writers that all read the same version: one write each round. (The
    // lock and the check that the locked file is still the key file each matter: without
    // either, several writes went through in most rounds here.)
    let dir = tempfile::tempdir().unwrap();
    let folder = Folder::create(dir.path()).unwrap();
    assert_eq!(
        folder.write_key_file(b"round 0", None).unwrap(),
        KeyWrite::Written
    );
    for round in 1..=10 {
        let read = folder.read_key_file().unwrap().unwrap();
        let outcomes: Vec<KeyWrite> = std::thread::scope(|s| {
            let writers: Vec<_> = (0..8)
                .map(|i| {
                    let (folder, version) = (folder.clone(), read.version.clone());
                    s.spawn(move || {
                        let bytes = format!("round {round} by {i}");
                        folder
                            .write_key_file(bytes.as_bytes(), Some(&version))
                            .unwrap()
                    })
                })
                .collect();
            writers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let written = outcomes.iter().filter(|o| **o == KeyWrite::Written).count();
        assert_eq!(written, 1, "round {round}: {outcomes:?}");
        let now = folder.read_key_file().unwrap().unwrap();
        assert!(
            now.bytes
                .starts_with(format!("round {round} by ").as_bytes())
        );
        assert_ne!(now.version, read.version);
    }
    assert!(tree(dir.path()).iter().all(|n| !n.contains(".tmp")));
}

#[test]
fn a_key_file_removed_since_it_was_read_is_not_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let folder = Folder::create(dir.path()).unwrap();
    let _ = folder.write_key_file(b"version 1", None).unwrap();
    let read = folder.read_key_file().unwrap().unwrap();
    fs::remove_file(dir.path().join(KEY_FILE_NAME)).unwrap();
    assert_eq!(
        folder
            .write_key_file(b"version 2", Some(&read.version))
            .unwrap(),
        KeyWrite::Changed
    );
    assert!(folder.read_key_file().unwrap().is_none());
}

#[test]
fn opening_needs_a_folder_and_creating_makes_it_private() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Folder::open(dir.path().join("missing")),
        Err(PlaceError::Missing(_))
    ));
    fs::write(dir.path().join("a file"), b"").unwrap();
    assert!(Folder::open(dir.path().join("a file")).is_err());
    let made = Folder::create(dir.path().join("new/sync")).unwrap();
    assert!(made.root().is_dir());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [dir.path().join("new"), dir.path().join("new/sync")] {
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", path.display());
        }
    }
}

#[test]
fn a_file_larger_than_a_sync_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let folder = Folder::create(dir.path()).unwrap();
    let d = device();
    let path = dir.path().join(DEVICES_DIR).join(d.as_str());
    fs::create_dir_all(&path).unwrap();
    // Sparse: no disk is used.
    let file = File::create(path.join(batch_name(1))).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    assert!(matches!(
        folder.read_batch(&d, 1),
        Err(PlaceError::TooLarge { .. })
    ));
}

#[test]
fn a_symlink_named_like_a_batch_is_passed_over() {
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::create(dir.path()).unwrap();
        let d = device();
        let _ = folder.write_batch(&d, 1, b"real").unwrap();
        let device_dir = dir.path().join(DEVICES_DIR).join(d.as_str());
        std::os::unix::fs::symlink("/etc/passwd", device_dir.join(batch_name(2))).unwrap();
        assert_eq!(folder.batches(&d).unwrap(), vec![1]);
    }
}
