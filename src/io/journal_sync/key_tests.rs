use super::*;

/// scrypt's cheapest useful work for tests: milliseconds, not a second per wrap.
const CHEAP: u8 = 10;

use crate::domain::hash::hex;

#[test]
fn a_new_ring_holds_one_random_key_of_generation_one() {
    let a = KeyRing::generate().unwrap();
    let b = KeyRing::generate().unwrap();
    assert_eq!(a.generations(), vec![1]);
    assert_eq!(a.current().generation(), 1);
    assert_ne!(a.current().secret(), b.current().secret());
    assert_ne!(a.current().secret(), &[0u8; KEY_BYTES]);
}

#[test]
fn a_rotation_adds_a_generation_and_keeps_the_old_ones() {
    let mut ring = KeyRing::generate().unwrap();
    let first = *ring.current().secret();
    assert_eq!(ring.rotate().unwrap(), 2);
    assert_eq!(ring.rotate().unwrap(), 3);
    assert_eq!(ring.generations(), vec![1, 2, 3]);
    assert_eq!(ring.current().generation(), 3);
    assert_eq!(ring.get(1).unwrap().secret(), &first);
    assert_ne!(ring.get(2).unwrap().secret(), &first);
    assert!(ring.get(4).is_none());
    assert!(ring.get(0).is_none());
}

#[test]
fn debug_never_shows_a_key() {
    let mut ring = KeyRing::generate().unwrap();
    ring.rotate().unwrap();
    let shown = format!("{ring:?} {:?}", ring.current());
    for generation in ring.generations() {
        let secret = ring.get(generation).unwrap().secret();
        assert!(!shown.contains(&hex(secret)), "{shown}");
        assert!(
            !shown.contains(&format!("{:?}", secret[0..4].to_vec())),
            "{shown}"
        );
    }
    assert!(shown.contains("hidden"), "{shown}");
}

#[test]
fn the_compact_form_round_trips() {
    let mut ring = KeyRing::generate().unwrap();
    ring.rotate().unwrap();
    let bytes = ring.to_bytes();
    assert_eq!(bytes.len(), RING_HEAD + 2 * ENTRY_BYTES);
    assert!(bytes.starts_with(b"BEARKEYR"));
    let back = KeyRing::from_bytes(&bytes).unwrap();
    assert_eq!(back.generations(), vec![1, 2]);
    for g in [1, 2] {
        assert_eq!(back.get(g).unwrap().secret(), ring.get(g).unwrap().secret());
    }
}

#[test]
fn the_compact_form_is_read_strictly() {
    let mut ring = KeyRing::generate().unwrap();
    ring.rotate().unwrap();
    let good = ring.to_bytes().to_vec();
    let damaged = |bytes: &[u8]| {
        assert!(
            matches!(KeyRing::from_bytes(bytes), Err(KeyError::Damaged(_))),
            "{bytes:?} was read"
        );
    };
    damaged(b"");
    damaged(&good[..good.len() - 1]);
    for cut in 0..RING_HEAD {
        damaged(&good[..cut]);
    }
    let mut longer = good.clone();
    longer.push(0);
    damaged(&longer);
    let mut magic = good.clone();
    magic[0] ^= 1;
    damaged(&magic);
    let mut format = good.clone();
    format[8] = 2;
    damaged(&format);
    let mut none = good[..RING_HEAD].to_vec();
    none[9..11].copy_from_slice(&0u16.to_be_bytes());
    damaged(&none);
    // Generations out of order, and one twice.
    let mut swapped = good.clone();
    swapped[RING_HEAD..RING_HEAD + 4].copy_from_slice(&2u32.to_be_bytes());
    swapped[RING_HEAD + ENTRY_BYTES..RING_HEAD + ENTRY_BYTES + 4]
        .copy_from_slice(&1u32.to_be_bytes());
    damaged(&swapped);
    let mut twice = good.clone();
    twice[RING_HEAD + ENTRY_BYTES..RING_HEAD + ENTRY_BYTES + 4]
        .copy_from_slice(&1u32.to_be_bytes());
    damaged(&twice);
}

#[test]
fn absorbing_adds_what_is_missing_and_refuses_a_conflict() {
    let ring = KeyRing::generate().unwrap();
    let mut rotated = ring.clone();
    rotated.rotate().unwrap();
    let mut mine = ring.clone();
    assert!(mine.absorb(&rotated).unwrap());
    assert_eq!(mine.generations(), vec![1, 2]);
    assert_eq!(mine.current().secret(), rotated.current().secret());
    assert!(!mine.absorb(&ring).unwrap(), "nothing new");

    // Another ring that rotated on its own to a generation 2 of its own.
    let mut other = ring.clone();
    other.rotate().unwrap();
    let before = mine.to_bytes();
    assert_eq!(mine.absorb(&other), Err(KeyError::Conflict(2)));
    assert_eq!(*mine.to_bytes(), *before, "unchanged");
    // A stranger's ring: generation 1 differs.
    let stranger = KeyRing::generate().unwrap();
    assert_eq!(mine.absorb(&stranger), Err(KeyError::Conflict(1)));
}

#[test]
fn the_key_file_opens_with_its_passphrase_only() {
    let mut ring = KeyRing::generate().unwrap();
    ring.rotate().unwrap();
    let file = wrap_with_work(&ring, "correct horse battery", CHEAP).unwrap();
    assert!(file.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    for generation in ring.generations() {
        let secret = ring.get(generation).unwrap().secret();
        assert!(!file.windows(KEY_BYTES).any(|w| w == secret));
    }
    let back = unwrap(&file, "correct horse battery").unwrap();
    assert_eq!(back.generations(), vec![1, 2]);
    assert_eq!(back.current().secret(), ring.current().secret());
    assert_eq!(
        unwrap(&file, "correct horse battery!").unwrap_err(),
        KeyFileError::WrongPassphrase
    );
    assert_eq!(
        unwrap(&file, "").unwrap_err(),
        KeyFileError::WrongPassphrase
    );
}

#[test]
fn a_damaged_key_file_is_told_from_a_wrong_passphrase() {
    let ring = KeyRing::generate().unwrap();
    let file = wrap_with_work(&ring, "pass", CHEAP).unwrap();
    let damaged = |bytes: &[u8], what: &str| match unwrap(bytes, "pass") {
        Err(KeyFileError::Damaged(_)) => {}
        other => panic!("{what}: {other:?}"),
    };
    // The encrypted contents altered: every byte of the last 40.
    for at in file.len() - 40..file.len() {
        let mut altered = file.clone();
        altered[at] ^= 0x20;
        damaged(&altered, &format!("byte {at} altered"));
    }
    // Cut anywhere after its header, or anywhere at all.
    for cut in [0, 10, 40, file.len() / 2, file.len() - 1] {
        damaged(&file[..cut], &format!("cut at {cut}"));
    }
    damaged(b"not a key file at all", "garbage");
    // The header's MAC altered (its last line, `--- <mac>`).
    let mac_at = file.windows(4).position(|w| w == b"\n---").unwrap() + 6;
    let mut mac = file.clone();
    mac[mac_at] = if mac[mac_at] == b'A' { b'B' } else { b'A' };
    damaged(&mac, "header MAC");
    // A file sealed to a key, not a passphrase.
    let identity = age::x25519::Identity::generate();
    let to_key = age::encrypt(&identity.to_public(), &ring.to_bytes()).unwrap();
    match unwrap(&to_key, "pass") {
        Err(KeyFileError::Damaged(why)) => assert!(why.contains("passphrase"), "{why}"),
        other => panic!("{other:?}"),
    }
    // Sealed with the right passphrase, but not a ring inside.
    let mut recipient =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from("pass".to_string()));
    recipient.set_work_factor(CHEAP);
    let not_a_ring = age::encrypt(&recipient, b"hello").unwrap();
    damaged(&not_a_ring, "not a ring inside");
}

#[test]
fn a_key_file_asking_for_too_much_work_is_refused_before_any_is_done() {
    let ring = KeyRing::generate().unwrap();
    let file = wrap_with_work(&ring, "pass", CHEAP).unwrap();
    let text = String::from_utf8_lossy(&file).into_owned();
    let line_end = text.find(" 10\n").unwrap();
    let mut crafted = file[..line_end].to_vec();
    crafted.extend_from_slice(b" 24\n");
    crafted.extend_from_slice(&file[line_end + 4..]);
    let started = std::time::Instant::now();
    assert_eq!(
        unwrap(&crafted, "pass").unwrap_err(),
        KeyFileError::TooCostly { required: 24 }
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    // 2^20 is the most allowed; 21 is refused.
    let crafted_21 = String::from_utf8_lossy(&crafted).replacen(" 24\n", " 21\n", 1);
    assert!(matches!(
        unwrap(crafted_21.as_bytes(), "pass"),
        Err(KeyFileError::TooCostly { required: 21 })
    ));
}

#[test]
fn the_product_wraps_at_the_pinned_work_factor() {
    // One real wrap (about a second): the header names 2^18.
    let ring = KeyRing::generate().unwrap();
    let file = wrap(&ring, "pass").unwrap();
    let header = String::from_utf8_lossy(&file[..100]).into_owned();
    let stanza = header.lines().nth(1).unwrap();
    assert!(stanza.starts_with("-> scrypt "), "{stanza}");
    assert!(stanza.ends_with(&format!(" {SCRYPT_WORK}")), "{stanza}");
    assert_eq!(SCRYPT_WORK, 18);
    assert_eq!(MAX_SCRYPT_WORK, 20);
}
