use super::*;

#[test]
fn a_device_id_is_26_characters_of_lowercase_base32() {
    let mut seen = std::collections::HashSet::new();
    for _ in 0..200 {
        let id = DeviceId::generate().unwrap();
        let text = id.as_str();
        assert_eq!(text.len(), 26, "{text}");
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)),
            "{text}"
        );
        assert_eq!(DeviceId::parse(text), Some(id.clone()), "{text}");
        assert_eq!(id.to_string(), text);
        assert!(seen.insert(id));
    }
}

#[test]
fn a_device_id_encodes_its_bits_as_rfc_4648_does() {
    // 16 bytes of 0xff: 25 characters of `7` and the last 3 bits padded, `4`.
    let id = DeviceId::parse(&format!("{}4", "7".repeat(25))).unwrap();
    assert_eq!(id.as_str().len(), 26);
    // The same walk `generate` does, on fixed bytes.
    let mut bits: u32 = 0;
    let mut held = 0;
    let mut text = String::new();
    for byte in [0xffu8; 16] {
        bits = (bits << 8) | u32::from(byte);
        held += 8;
        while held >= 5 {
            held -= 5;
            text.push(char::from(BASE32[((bits >> held) & 31) as usize]));
        }
    }
    text.push(char::from(BASE32[((bits << (5 - held)) & 31) as usize]));
    assert_eq!(text, id.as_str());
}

#[test]
fn names_that_are_not_a_device_id_are_refused() {
    let good = DeviceId::generate().unwrap().to_string();
    let upper = good.to_uppercase();
    let short = &good[..25];
    let long = format!("{good}a");
    let padded = format!("{}b", &good[..25]); // padding bits set
    for bad in [
        "",
        short,
        long.as_str(),
        upper.as_str(),
        padded.as_str(),
        ".stfolder",
        "aaaaaaaaaaaaaaaaaaaaaaaaa1",
        "aaaaaaaaaaaaaaaaaaaaaaaaa8",
        "aaaaaaaaaaaaaaaaaaaaaaaa a",
        "../aaaaaaaaaaaaaaaaaaaaaaa",
    ] {
        assert_eq!(DeviceId::parse(bad), None, "{bad:?}");
    }
    assert!(DeviceId::parse(&format!("{}a", "a".repeat(25))).is_some());
}

#[test]
fn batch_names_round_trip_and_nothing_else_is_one() {
    assert_eq!(batch_name(42), "00000000000000000042.batch");
    assert_eq!(parse_batch_name("00000000000000000042.batch"), Some(42));
    for seq in [0, 1, 9, 10, 1_000_000, u64::MAX] {
        assert_eq!(parse_batch_name(&batch_name(seq)), Some(seq));
    }
    assert_eq!(batch_name(u64::MAX), "18446744073709551615.batch");
    // Names sort as their numbers.
    assert!(batch_name(9) < batch_name(10));
    for bad in [
        "42.batch",
        "0000000000000000042.batch",
        "000000000000000000042.batch",
        "99999999999999999999.batch",
        "+0000000000000000042.batch",
        "00000000000000000042.BATCH",
        "00000000000000000042.batch.tmp",
        ".00000000000000000042.batch.1a2b.tmp",
        "00000000000000000042 (conflicted copy).batch",
        "00000000000000000042.sync-conflict-20260101-120000-ABCDEFG.batch",
        "0000000000000000004２.batch",
        ".DS_Store",
        "",
    ] {
        assert_eq!(parse_batch_name(bad), None, "{bad:?}");
    }
}

#[test]
fn snapshot_names_round_trip_and_nothing_else_is_one() {
    let device = DeviceId::generate().unwrap();
    let id = SnapshotId {
        number: 3,
        device: device.clone(),
    };
    let name = snapshot_name(&id);
    assert_eq!(name, format!("00000000000000000003-{device}.snapshot"));
    assert_eq!(parse_snapshot_name(&name), Some(id));
    for bad in [
        format!("3-{device}.snapshot"),
        format!("00000000000000000003-{device}.snapshot.tmp"),
        format!("00000000000000000003-{device} (1).snapshot"),
        format!("00000000000000000003_{device}.snapshot"),
        format!(
            "00000000000000000003-{}.snapshot",
            device.as_str().to_uppercase()
        ),
        format!("00000000000000000003-{device}.batch"),
        "00000000000000000003.snapshot".to_string(),
    ] {
        assert_eq!(parse_snapshot_name(&bad), None, "{bad:?}");
    }
}

#[test]
fn sync_place_is_object_safe() {
    fn takes(_: &dyn SyncPlace) {}
    let dir = tempfile::tempdir().unwrap();
    let folder = super::super::Folder::open(dir.path()).unwrap();
    takes(&folder);
    let boxed: Box<dyn SyncPlace> = Box::new(folder);
    assert!(boxed.devices().unwrap().is_empty());
}
