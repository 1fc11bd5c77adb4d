//! Accounts without a server: names, the joined calendar text, the roles. The real
//! servers' tests are in `tests/caldav.rs`.

use std::collections::HashMap;

use super::sync::joined;
use super::*;

#[test]
fn an_account_name_is_trimmed_and_may_not_be_blank_or_hold_a_colon() {
    assert_eq!(account_name("  work ").unwrap(), "work");
    assert_eq!(account_name(" ").unwrap_err().field(), Some(Field::Account));
    assert_eq!(
        account_name("a:b").unwrap_err().field(),
        Some(Field::Account)
    );
    assert_eq!(
        account_name("a\u{7}b").unwrap_err().field(),
        Some(Field::Account)
    );
}

#[test]
fn objects_join_into_one_calendar_in_the_order_of_their_paths() {
    let object = |uid: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let objects: HashMap<String, String> = [
        ("/cal/b.ics".to_string(), object("b")),
        ("/cal/a.ics".to_string(), object("a")),
    ]
    .into_iter()
    .collect();
    let text = joined(&objects);
    assert_eq!(text.matches("BEGIN:VCALENDAR").count(), 1, "{text}");
    assert_eq!(text.matches("END:VCALENDAR").count(), 1, "{text}");
    // Both objects carry the same VTIMEZONE: it is kept once.
    assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1, "{text}");
    assert!(
        text.find("BEGIN:VTIMEZONE").unwrap() < a_at(&text),
        "{text}"
    );
    let (a, b) = (text.find("UID:a").unwrap(), text.find("UID:b").unwrap());
    assert!(a < b, "sorted by path: {text}");
    assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"), "{text}");
    // The same objects make the same text, so an unchanged calendar is known at once.
    assert_eq!(joined(&objects.clone()), text);
}

fn a_at(text: &str) -> usize {
    text.find("UID:a").unwrap()
}

#[test]
fn each_time_zone_definition_is_kept_once_and_different_ones_all_stay() {
    let zone = |offset: &str| {
        format!(
            "BEGIN:VTIMEZONE\nTZID:Custom\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\nEND:STANDARD\nEND:VTIMEZONE\n"
        )
    };
    let object = |uid: &str, zones: &[&String]| {
        format!(
            "BEGIN:VCALENDAR\nVERSION:2.0\n{}BEGIN:VEVENT\nUID:{uid}\nX-NOTE:not BEGIN:VTIMEZONE\nEND:VEVENT\nEND:VCALENDAR\n",
            zones.iter().map(|z| z.as_str()).collect::<String>()
        )
    };
    let (plus1, plus2) = (zone("+0100"), zone("+0200"));
    let objects: HashMap<String, String> = [
        ("/c/a.ics".to_string(), object("a", &[&plus1])),
        ("/c/b.ics".to_string(), object("b", &[&plus2, &plus1])),
        ("/c/c.ics".to_string(), object("c", &[&plus1])),
        ("/c/d.ics".to_string(), object("d", &[])),
    ]
    .into_iter()
    .collect();
    let text = joined(&objects);
    // The two definitions (alike in name, not in text) each once; every event whole.
    assert_eq!(text.matches(&plus1).count(), 1, "{text}");
    assert_eq!(text.matches(&plus2).count(), 1, "{text}");
    assert_eq!(
        text.matches("BEGIN:VTIMEZONE").count(),
        6,
        "two, and one in each of the four X-NOTEs: {text}"
    );
    for uid in ["a", "b", "c", "d"] {
        assert!(
            text.contains(&format!(
                "BEGIN:VEVENT\nUID:{uid}\nX-NOTE:not BEGIN:VTIMEZONE\nEND:VEVENT\n"
            )),
            "{uid}: {text}"
        );
    }
    assert_eq!(text.matches("END:VTIMEZONE").count(), 2, "{text}");
}

#[test]
fn an_object_without_components_adds_nothing() {
    let objects: HashMap<String, String> = [("/c/x.ics".to_string(), "garbage".to_string())]
        .into_iter()
        .collect();
    let text = joined(&objects);
    assert!(!text.contains("garbage"), "{text}");
}

#[test]
fn a_role_reads_from_the_two_flags() {
    let mut c = AccountCalendar {
        id: 1,
        account_id: 1,
        href: "/c/".into(),
        display_name: "Work".into(),
        color: None,
        supports_sync: true,
        read: true,
        blocks: false,
        calendar_id: None,
        sync_token: None,
        ctag: None,
        synced_at: None,
        last_error: None,
    };
    assert_eq!(Role::of(&c), Role::Read);
    c.blocks = true;
    assert_eq!(Role::of(&c), Role::Both);
    c.read = false;
    assert_eq!(Role::of(&c), Role::Blocks);
    c.blocks = false;
    assert_eq!(Role::of(&c), Role::Unused);
}

#[test]
fn an_objects_uid_is_its_first_uid_line() {
    use super::sync::uid_of;
    assert_eq!(
        uid_of("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:abc@bearing\r\nEND:VEVENT\r\n"),
        Some("abc@bearing")
    );
    assert_eq!(uid_of("BEGIN:VCALENDAR\nUID:x\n"), Some("x"));
    assert_eq!(uid_of("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), None);
}
