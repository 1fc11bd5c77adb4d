//! Who is in a meeting, as the calendar says: the organizer and the attendees, each once,
//! and only people (not mailing lists, rooms or resources). The domain's 1:1 rule then
//! answers from the count and the list each occurrence carries.

use chrono_tz::Europe::Berlin;

use super::{calendar, occurrences};
use crate::calendar::expand::expand;
use crate::calendar::series::parse;
use crate::domain::event::{Attendee, EventOccurrence, PartStat};
use crate::domain::meeting::{Attendable, Meeting, OneOnOnes, is_one_on_one};

/// The occurrence titled `title`.
fn titled<'a>(occ: &'a [EventOccurrence], title: &str) -> &'a EventOccurrence {
    occ.iter()
        .find(|o| o.title == title)
        .unwrap_or_else(|| panic!("no '{title}' in {occ:?}"))
}

/// Its people with an address, as "address ANSWER".
fn people(o: &EventOccurrence) -> Vec<String> {
    o.attendee_list
        .iter()
        .map(|a| format!("{} {}", a.address, a.partstat.as_str()))
        .collect()
}

/// Outlook writes a meeting you organise as ORGANIZER (you) and one ATTENDEE (the other
/// person), without listing you again. Before, only ATTENDEE lines were counted: the
/// weekly "Aiko / Jordan" was a meeting of one, not a 1:1. A room booked for a 1:1
/// (CUTYPE=RESOURCE) does not make it a meeting of three, and addresses are compared
/// without regard to case or to how `mailto:` is written.
#[test]
fn an_outlook_one_on_one_is_its_organizer_and_one_attendee() {
    let occ = occurrences("outlook-one-on-ones.ics", "2026-11-23");
    let weekly = titled(&occ, "Aiko / Jordan");
    assert_eq!(weekly.attendees, 2);
    assert_eq!(
        people(weekly),
        [
            "jordan.reyes@example.com NEEDS-ACTION",
            "aiko.tanaka@example.com ACCEPTED"
        ]
    );
    assert!(is_one_on_one(Meeting::from(weekly)));
    let roomed = titled(&occ, "Career conversation");
    assert_eq!(roomed.attendees, 2);
    assert_eq!(
        people(roomed),
        [
            "priya.natarajan@example.com NEEDS-ACTION",
            "aiko.tanaka@example.com ACCEPTED"
        ]
    );
    assert!(is_one_on_one(Meeting::from(roomed)));
    let three = titled(&occ, "Release plan");
    assert_eq!(three.attendees, 3);
    assert!(!is_one_on_one(Meeting::from(three)));
    // And whom each is a 1:1 with, by address.
    let addresses = [
        vec!["jordan.reyes@example.com".to_string()],
        vec!["priya.natarajan@example.com".to_string()],
    ];
    let index = OneOnOnes::new(["Jordan Reyes", "Priya Natarajan"].iter().enumerate().map(
        |(i, name)| Attendable {
            id: i,
            name,
            aliases: &[],
            addresses: &addresses[i],
        },
    ));
    let with = |o: &EventOccurrence| {
        let mut who: Vec<usize> = index.with_whom(Meeting::from(o)).into_iter().collect();
        who.sort_unstable();
        who
    };
    assert_eq!(with(weekly), [0]);
    assert_eq!(with(roomed), [1]);
    assert!(with(three).is_empty());
}

/// Google lists the organizer among the attendees (counted once) and invites a mailing
/// list as an ATTENDEE with CUTYPE=GROUP. Before, "you + everyone@" counted two and
/// looked like a 1:1; and a 1:1 with a room booked counted three.
#[test]
fn a_mailing_list_or_a_room_is_not_a_person() {
    let occ = occurrences("google-groups.ics", "2026-11-23");
    let update = titled(&occ, "Engineering update");
    assert_eq!(update.attendees, 1);
    assert_eq!(people(update), ["dana.lead@example.com ACCEPTED"]);
    assert!(!is_one_on_one(Meeting::from(update)));
    let feedback = titled(&occ, "Feedback on the launch");
    assert_eq!(feedback.attendees, 2);
    assert_eq!(
        people(feedback),
        [
            "dana.lead@example.com ACCEPTED",
            "sam.ortiz@example.com ACCEPTED"
        ]
    );
    assert!(is_one_on_one(Meeting::from(feedback)));
}

/// The rule, case by case (RFC 5545 3.2.3: INDIVIDUAL is the default; UNKNOWN, and any
/// value not known, is taken as UNKNOWN, which may well be a person).
#[test]
fn who_counts_as_a_person() {
    let cases: [(&str, u32, &[&str]); 10] = [
        ("ATTENDEE;CUTYPE=ROOM:mailto:room@x.org", 0, &[]),
        ("ATTENDEE;cutype=\"group\":mailto:all@x.org", 0, &[]),
        ("ATTENDEE;CUTYPE=RESOURCE:mailto:beamer@x.org", 0, &[]),
        (
            "ATTENDEE;CUTYPE=INDIVIDUAL:mailto:a@x.org",
            1,
            &["a@x.org NEEDS-ACTION"],
        ),
        (
            "ATTENDEE;CUTYPE=UNKNOWN:mailto:a@x.org",
            1,
            &["a@x.org NEEDS-ACTION"],
        ),
        (
            "ATTENDEE;CUTYPE=X-VIRTUAL:mailto:a@x.org",
            1,
            &["a@x.org NEEDS-ACTION"],
        ),
        // No address: one person each, listed nowhere.
        ("ATTENDEE;CN=Guest:\nATTENDEE;CN=Other guest:", 2, &[]),
        // The same address twice, in two spellings: once, with its first answer.
        (
            "ATTENDEE;PARTSTAT=TENTATIVE:MAILTO:A@X.org\nATTENDEE:mailto:a@x.org",
            1,
            &["a@x.org TENTATIVE"],
        ),
        // The organizer among the attendees keeps their own answer.
        (
            "ORGANIZER:mailto:Me@x.org\nATTENDEE;PARTSTAT=DECLINED:mailto:me@x.org\nATTENDEE:mailto:b@x.org",
            2,
            &["me@x.org DECLINED", "b@x.org NEEDS-ACTION"],
        ),
        // An organizer alone is one person; one without an address, none.
        (
            "ORGANIZER;CN=Me:mailto:me@x.org\nORGANIZER;CN=Nobody:",
            1,
            &["me@x.org ACCEPTED"],
        ),
    ];
    for (lines, count, list) in cases {
        let text = calendar(&format!(
            "BEGIN:VEVENT\nUID:u\nSUMMARY:Sync\nDTSTART:20261124T090000Z\nDTEND:20261124T100000Z\n{lines}\nEND:VEVENT\n"
        ));
        let parsed = parse(&text, Berlin).unwrap();
        let (from, to) = super::week_of("2026-11-23");
        let occ = expand(&parsed, "t", from, to, &mut Vec::new());
        assert_eq!(
            (occ[0].attendees, people(&occ[0])),
            (
                count,
                list.iter().map(|s| s.to_string()).collect::<Vec<_>>()
            ),
            "{lines}"
        );
    }
}

/// An all-hands lists thousands: each counts once, the list keeps the first 200 of them
/// and the organizer.
#[test]
fn a_long_list_counts_everyone_once_and_keeps_the_organizer() {
    let mut lines: String = (0..1000)
        .map(|i| format!("ATTENDEE:mailto:p{i}@x.org\n"))
        .collect();
    lines.push_str(
        "ATTENDEE:mailto:P3@X.ORG\nATTENDEE:mailto:p999@x.org\nORGANIZER:mailto:boss@x.org\n",
    );
    let text = calendar(&format!(
        "BEGIN:VEVENT\nUID:u\nSUMMARY:All hands\nDTSTART:20261124T090000Z\nDTEND:20261124T100000Z\n{lines}END:VEVENT\n"
    ));
    let parsed = parse(&text, Berlin).unwrap();
    let (from, to) = super::week_of("2026-11-23");
    let occ = expand(&parsed, "t", from, to, &mut Vec::new());
    assert_eq!(occ[0].attendees, 1001);
    assert_eq!(occ[0].attendee_list.len(), 201);
    assert_eq!(
        occ[0].attendee_list.last(),
        Some(&Attendee {
            address: "boss@x.org".into(),
            partstat: PartStat::Accepted
        })
    );
}
