use super::*;

const MARKER: &[u8] = b"Priya's stay interview: MARKER-7f3a";

fn device() -> DeviceId {
    DeviceId::generate().unwrap()
}

fn ring() -> KeyRing {
    KeyRing::generate().unwrap()
}

/// A device's first three batches, each chained to the one before.
fn chain(ring: &KeyRing, device: &DeviceId) -> Vec<Vec<u8>> {
    let mut prev = BatchHash::FIRST;
    let mut out = Vec::new();
    for seq in 1..=3 {
        let payload = format!("batch {seq}: {}", String::from_utf8_lossy(MARKER));
        let file = seal(ring, device, seq, &prev, payload.as_bytes()).unwrap();
        prev = BatchHash::of(&file);
        out.push(file);
    }
    out
}

#[test]
fn a_chain_of_batches_opens_in_order() {
    let (ring, device) = (ring(), device());
    let files = chain(&ring, &device);
    let mut prev = BatchHash::FIRST;
    for (i, file) in files.iter().enumerate() {
        let seq = i as u64 + 1;
        let opened = open(&ring, &device, seq, &prev, file).unwrap();
        assert_eq!(
            opened.payload.as_slice(),
            format!("batch {seq}: {}", String::from_utf8_lossy(MARKER)).as_bytes()
        );
        assert_eq!(opened.hash, BatchHash::of(file));
        prev = opened.hash;
    }
    // An empty payload too.
    let empty = seal(&ring, &device, 9, &prev, b"").unwrap();
    assert!(
        open(&ring, &device, 9, &prev, &empty)
            .unwrap()
            .payload
            .is_empty()
    );
}

#[test]
fn the_header_is_as_documented() {
    let (mut ring, device) = (ring(), device());
    ring.rotate().unwrap();
    let file = seal(
        &ring,
        &device,
        0x0102_0304_0506_0708,
        &BatchHash::FIRST,
        b"abc",
    )
    .unwrap();
    assert_eq!(&file[..8], b"BEARSYNC");
    assert_eq!(&file[8..10], &1u16.to_be_bytes());
    assert_eq!(&file[10..14], &2u32.to_be_bytes());
    assert_eq!(&file[14..22], &0x0102_0304_0506_0708u64.to_be_bytes());
    let length = (32 + 3 + 16) as u32;
    assert_eq!(&file[22..26], &length.to_be_bytes());
    assert_eq!(HEADER_BYTES, 50);
    assert_eq!(file.len(), HEADER_BYTES + length as usize);
    // Two seals of the same batch differ (a fresh random nonce each).
    let again = seal(
        &ring,
        &device,
        0x0102_0304_0506_0708,
        &BatchHash::FIRST,
        b"abc",
    )
    .unwrap();
    assert_ne!(file[26..50], again[26..50]);
    assert_ne!(file, again);
}

#[test]
fn a_marker_sealed_in_a_batch_never_appears_in_its_bytes() {
    let (ring, device) = (ring(), device());
    for file in chain(&ring, &device) {
        assert!(!file.windows(MARKER.len()).any(|w| w == MARKER));
        assert!(!file.windows(5).any(|w| w == b"Priya"));
    }
    let id = SnapshotId {
        number: 1,
        device: device.clone(),
    };
    let snapshot = seal_snapshot(&ring, &id, MARKER).unwrap();
    assert!(!snapshot.windows(MARKER.len()).any(|w| w == MARKER));
}

#[test]
fn a_flipped_byte_anywhere_fails_with_the_error_of_where_it_is() {
    let (ring, device) = (ring(), device());
    let files = chain(&ring, &device);
    let (prev, file) = (BatchHash::of(&files[0]), &files[1]);
    assert!(open(&ring, &device, 2, &prev, file).is_ok());
    for at in 0..file.len() {
        for flip in [0x01u8, 0x80] {
            let mut altered = file.clone();
            altered[at] ^= flip;
            let error = open(&ring, &device, 2, &prev, &altered).unwrap_err();
            let expected = match at {
                // The format: a higher number is a newer bearing's; 0 was never written.
                8..=9 if u16::from_be_bytes([altered[8], altered[9]]) > FORMAT => {
                    matches!(error, BatchError::NewerFormat(_))
                }
                // The generation: a key this ring does not hold.
                10..=13 => matches!(error, BatchError::UnknownKey(_)),
                // The length: more than there is reads as still arriving.
                22..=25
                    if u32::from_be_bytes(altered[22..26].try_into().unwrap()) as usize
                        > file.len() - HEADER_BYTES =>
                {
                    error == BatchError::Incomplete
                }
                _ => matches!(error, BatchError::Damaged(_)),
            };
            assert!(expected, "byte {at} ^ {flip:#x}: {error:?}");
        }
    }
}

#[test]
fn a_file_cut_anywhere_is_still_arriving_never_damaged() {
    let (ring, device) = (ring(), device());
    let files = chain(&ring, &device);
    for cut in 0..files[0].len() {
        assert_eq!(
            open(&ring, &device, 1, &BatchHash::FIRST, &files[0][..cut]).unwrap_err(),
            BatchError::Incomplete,
            "cut at {cut}"
        );
    }
}

#[test]
fn extra_bytes_are_damage() {
    let (ring, device) = (ring(), device());
    let mut file = chain(&ring, &device).remove(0);
    file.push(0);
    assert!(matches!(
        open(&ring, &device, 1, &BatchHash::FIRST, &file),
        Err(BatchError::Damaged(_))
    ));
}

#[test]
fn a_batch_renamed_to_another_number_or_moved_to_another_device_fails() {
    let (ring, device) = (ring(), device());
    let files = chain(&ring, &device);
    let prev = BatchHash::of(&files[0]);
    // Read as batch 3 (renamed), or as batch 2 of another device (moved).
    assert!(matches!(
        open(&ring, &device, 3, &prev, &files[1]),
        Err(BatchError::Damaged(_))
    ));
    assert!(matches!(
        open(&ring, &DeviceId::generate().unwrap(), 2, &prev, &files[1]),
        Err(BatchError::Damaged(_))
    ));
    // Renamed with its header rewritten to match: the cipher refuses it.
    let mut rewritten = files[1].clone();
    rewritten[14..22].copy_from_slice(&3u64.to_be_bytes());
    assert!(matches!(
        open(&ring, &device, 3, &prev, &rewritten),
        Err(BatchError::Damaged(_))
    ));
}

#[test]
fn a_batch_out_of_its_chain_fails() {
    let (ring, device) = (ring(), device());
    let files = chain(&ring, &device);
    // Batch 3 where batch 2 was expected after 1 (2 left out), batch 2 read again after
    // itself (replayed), and a batch 2 of another history swapped in.
    let after_first = BatchHash::of(&files[0]);
    let after_second = BatchHash::of(&files[1]);
    let chained = |seq, prev: &BatchHash, file: &[u8]| open(&ring, &device, seq, prev, file);
    assert!(matches!(
        chained(3, &after_first, &files[2]),
        Err(BatchError::Damaged(_))
    ));
    assert!(matches!(
        chained(2, &after_second, &files[1]),
        Err(BatchError::Damaged(_))
    ));
    let other_history = seal(&ring, &device, 2, &BatchHash::of(b"another batch 1"), b"x").unwrap();
    assert!(matches!(
        chained(2, &after_first, &other_history),
        Err(BatchError::Damaged(_))
    ));
    assert!(chained(3, &after_second, &files[2]).is_ok());
}

#[test]
fn a_newer_format_stops_before_its_header_is_read() {
    let (ring, device) = (ring(), device());
    let mut file = chain(&ring, &device).remove(0);
    file[8..10].copy_from_slice(&2u16.to_be_bytes());
    assert_eq!(
        open(&ring, &device, 1, &BatchHash::FIRST, &file).unwrap_err(),
        BatchError::NewerFormat(2)
    );
    // Whatever its header looks like after the format (a newer one may be shorter).
    assert_eq!(
        open(&ring, &device, 1, &BatchHash::FIRST, &file[..10]).unwrap_err(),
        BatchError::NewerFormat(2)
    );
    file[8..10].copy_from_slice(&0u16.to_be_bytes());
    assert!(matches!(
        open(&ring, &device, 1, &BatchHash::FIRST, &file),
        Err(BatchError::Damaged(_))
    ));
}

#[test]
fn a_key_generation_the_ring_lacks_is_named_and_older_ones_still_open() {
    let (old, device) = (ring(), device());
    let old_file = seal(&old, &device, 1, &BatchHash::FIRST, b"before").unwrap();
    let mut rotated = old.clone();
    rotated.rotate().unwrap();
    let new_file = seal(&rotated, &device, 2, &BatchHash::of(&old_file), b"after").unwrap();
    assert_eq!(
        open(&old, &device, 2, &BatchHash::of(&old_file), &new_file).unwrap_err(),
        BatchError::UnknownKey(2)
    );
    assert_eq!(
        open(&rotated, &device, 1, &BatchHash::FIRST, &old_file)
            .unwrap()
            .payload
            .as_slice(),
        b"before"
    );
    // Another journal's key under the same generation number: it fails to open.
    assert!(matches!(
        open(&ring(), &device, 1, &BatchHash::FIRST, &old_file),
        Err(BatchError::Damaged(_))
    ));
}

#[test]
fn snapshots_round_trip_and_are_not_batches() {
    let (ring, device) = (ring(), device());
    let id = SnapshotId {
        number: 7,
        device: device.clone(),
    };
    let file = seal_snapshot(&ring, &id, b"the whole journal").unwrap();
    assert_eq!(&file[..8], b"BEARSNAP");
    let opened = open_snapshot(&ring, &id, &file).unwrap();
    assert_eq!(opened.payload.as_slice(), b"the whole journal");
    assert_eq!(opened.hash, BatchHash::of(&file));
    // Another number, another device, read as a batch, a batch read as a snapshot.
    let renumbered = SnapshotId {
        number: 8,
        device: device.clone(),
    };
    let moved = SnapshotId {
        number: 7,
        device: DeviceId::generate().unwrap(),
    };
    for wrong in [&renumbered, &moved] {
        assert!(matches!(
            open_snapshot(&ring, wrong, &file),
            Err(BatchError::Damaged(_))
        ));
    }
    assert!(matches!(
        open(&ring, &device, 7, &BatchHash::FIRST, &file),
        Err(BatchError::Damaged(_))
    ));
    let batch = seal(&ring, &device, 7, &BatchHash::FIRST, b"x").unwrap();
    assert!(matches!(
        open_snapshot(&ring, &id, &batch),
        Err(BatchError::Damaged(_))
    ));
    for cut in 0..file.len() {
        assert_eq!(
            open_snapshot(&ring, &id, &file[..cut]).unwrap_err(),
            BatchError::Incomplete
        );
    }
}

#[test]
fn a_hash_round_trips_through_hex() {
    let hash = BatchHash::of(b"abc");
    assert_eq!(
        hash.to_hex(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(BatchHash::from_hex(&hash.to_hex()), Some(hash));
    assert_eq!(BatchHash::from_bytes(*hash.as_bytes()), hash);
    assert_eq!(BatchHash::FIRST.as_bytes(), &[0u8; 32]);
    for bad in [
        "",
        "ba78",
        &hash.to_hex()[1..],
        &format!("{}0", hash.to_hex()),
    ] {
        assert_eq!(BatchHash::from_hex(bad), None, "{bad}");
    }
    assert_eq!(BatchHash::from_hex(&"g".repeat(64)), None);
    assert_eq!(BatchHash::from_hex(&"é".repeat(32)), None);
}
