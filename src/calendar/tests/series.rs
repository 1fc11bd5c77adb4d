//! Grouping VEVENTs into series: by UID across VCALENDARs, and fingerprinted so a
//! refresh reads only the series that changed.

use chrono_tz::Europe::Berlin;

use super::{between, calendar, fixture, week_of};
use crate::calendar::expand::expand;
use crate::calendar::series::{parse, parse_known};

/// A file of concatenated invitations: the series in one VCALENDAR, a moved occurrence
/// in another, each with its own made-up zone. Before, the override's zone was looked up
/// among the first calendar's zones by its position in its own, and landed in the wrong
/// one (here three hours off).
#[test]
fn an_override_in_another_vcalendar_keeps_its_own_zone() {
    let zone = |name: &str, offset: &str| {
        format!(
            "BEGIN:VTIMEZONE\nTZID:{name}\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\nEND:STANDARD\nEND:VTIMEZONE\n"
        )
    };
    let text = format!(
        "{}{}",
        calendar(&format!(
            "{}BEGIN:VEVENT\nUID:inv\nSUMMARY:Vendor review\nDTSTART;TZID=Office:20261123T100000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=3\nEND:VEVENT\n",
            zone("Office", "+0100")
        )),
        calendar(&format!(
            "{}BEGIN:VEVENT\nUID:inv\nSUMMARY:Vendor review (from the Gulf)\nRECURRENCE-ID;TZID=Travel:20261130T120000\nDTSTART;TZID=Travel:20261130T150000\nDURATION:PT1H\nEND:VEVENT\n",
            zone("Travel", "+0300")
        )),
    );
    let (got, notes) = between(&text, "2026-11-23", "2026-12-13");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        got,
        [
            "Mon 2026-11-23 09:00 60 Vendor review",
            "Mon 2026-11-30 12:00 60 Vendor review (from the Gulf)",
            "Mon 2026-12-07 09:00 60 Vendor review",
        ]
    );
}

#[test]
fn a_series_the_caller_holds_is_counted_and_fingerprinted_without_being_read() {
    for name in [
        "google.ics",
        "outlook.ics",
        "apple.ics",
        "thunderbird.ics",
        "zimbra.ics",
        "lotus.ics",
        "messy.ics",
        "rules.ics",
    ] {
        let text = fixture(name);
        let read = parse(&text, Berlin).unwrap();
        // What an import of it stored: every series it read, by fingerprint.
        let stored: std::collections::HashMap<&str, u64> =
            read.series_fingerprints().into_iter().collect();
        let held =
            parse_known(&text, Berlin, &|uid, print| stored.get(uid) == Some(&print)).unwrap();
        let mut all = read.series_fingerprints();
        let mut known = held.series_fingerprints();
        all.sort();
        known.sort();
        assert_eq!(
            all, known,
            "{name}: the same series with the same fingerprints"
        );
        assert_eq!(read.series_count(), held.series_count(), "{name}");
        assert_eq!(read.recurring_count(), held.recurring_count(), "{name}");
        // Held series are not expanded again (those without a UID always are).
        let (from, to) = week_of("2020-01-06");
        let far = to + chrono::Duration::days(365 * 20);
        let anonymous = held
            .series_fingerprints()
            .iter()
            .filter(|(uid, _)| uid.starts_with("bearing-"))
            .count();
        let expanded = expand(
            &held,
            "c",
            from - chrono::Duration::days(365 * 10),
            far,
            &mut Vec::new(),
        );
        assert!(
            anonymous > 0 || expanded.is_empty(),
            "{name}: {} occurrences from series the caller holds",
            expanded.len()
        );
    }
}

#[test]
fn a_changed_event_changes_only_its_own_series_fingerprint() {
    let text = fixture("google.ics");
    let parsed = parse(&text, Berlin).unwrap();
    let before: std::collections::HashMap<&str, u64> =
        parsed.series_fingerprints().into_iter().collect();
    let mut first = true;
    let changed: String = text
        .lines()
        .map(|l| {
            if first && l.starts_with("SUMMARY:") {
                first = false;
                format!("{l} (renamed)\r\n")
            } else {
                format!("{l}\r\n")
            }
        })
        .collect();
    let reread = parse(&changed, Berlin).unwrap();
    let after = reread.series_fingerprints();
    let differ = after
        .iter()
        .filter(|(uid, p)| before.get(uid) != Some(p))
        .count();
    assert_eq!(differ, 1, "{after:?}");
    assert_eq!(after.len(), before.len());
}
