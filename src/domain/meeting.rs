//! Who is in a calendar meeting, and whether it is a 1:1: the one place these questions
//! are answered. Today's plan, the People ranking and a person's coverage each ask a
//! slightly different question; each answer is one function here.

use std::collections::{HashMap, HashSet};

use super::event::{Attendee, EventOccurrence};
use super::person;

/// What the 1:1 rules read of a meeting: its title and who was invited.
#[derive(Debug, Clone, Copy)]
pub struct Meeting<'a> {
    /// The title (SUMMARY).
    pub title: &'a str,
    /// How many people were invited, the manager included.
    pub attendees: u32,
    /// The invited, with their addresses.
    pub attendee_list: &'a [Attendee],
}

impl<'a> From<&'a EventOccurrence> for Meeting<'a> {
    fn from(e: &'a EventOccurrence) -> Meeting<'a> {
        Meeting {
            title: &e.title,
            attendees: e.attendees,
            attendee_list: &e.attendee_list,
        }
    }
}

/// The words in a title that say "this is a 1:1", longest first where one holds another.
const ONE_ON_ONE_MARKERS: [&str; 7] = [
    "one-on-one",
    "one on one",
    "check-in",
    "check in",
    "1on1",
    "1:1",
    "1-1",
];

/// Whether a title says it is a 1:1 ("1:1", "1-1", "one-on-one", "check-in", …), for
/// when there are no attendees to go by.
pub fn title_says_one_on_one(title: &str) -> bool {
    let t = title.to_lowercase();
    ONE_ON_ONE_MARKERS.iter().any(|w| t.contains(w))
}

/// Whether a meeting is a 1:1 with anyone: two people invited, or a title that says so.
/// Today's plan puts these first.
pub fn is_one_on_one(meeting: Meeting<'_>) -> bool {
    meeting.attendees == 2 || title_says_one_on_one(meeting.title)
}

/// Where a meeting goes in the day's plan, as a sort key: the meetings you attend before
/// those you declined or that show as free; among each, 1:1s first, all-day events before
/// timed ones, then by start. A cancelled meeting stays where it would have been (it is
/// shown struck through).
pub fn plan_order(e: &EventOccurrence) -> (bool, bool, bool, chrono::DateTime<chrono::Utc>) {
    (
        !e.attendance.counts(),
        !is_one_on_one(e.into()),
        !e.all_day,
        e.start,
    )
}

/// The name a 1:1's title gives, when it names one person: "1:1 Priya", "Priya / 1-1",
/// "Check-in with Ana Lima". Titles naming two people or none give nothing.
pub fn one_on_one_name(title: &str) -> Option<String> {
    if !title_says_one_on_one(title) {
        return None;
    }
    let lower = title.to_lowercase();
    let mut rest = title.to_string();
    for marker in ONE_ON_ONE_MARKERS {
        if let Some(at) = lower.find(marker) {
            rest.replace_range(at..at + marker.len(), &" ".repeat(marker.len()));
        }
    }
    // Each part between joins (/, &, <>, +) that still holds words names someone.
    let names: Vec<String> = rest
        .split(['/', '&', '+', '|'])
        .flat_map(|part| part.split("<>"))
        .map(|part| {
            part.split(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '(' | ')' | ','))
                .filter(|w| !w.is_empty())
                .filter(|w| {
                    !matches!(
                        w.to_lowercase().as_str(),
                        "with" | "and" | "meeting" | "weekly"
                    )
                })
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .map(|words| {
            let name = words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && words.len() <= 3;
            if name { words.join(" ") } else { String::new() }
        })
        .collect();
    match names.as_slice() {
        [one] if !one.is_empty() => Some(one.clone()),
        _ => None,
    }
}

/// Someone a meeting may be a 1:1 with: every name they go by and their addresses.
#[derive(Debug, Clone, Copy)]
pub struct Attendable<'a, T> {
    /// Who they are to the caller (a journal id, an index).
    pub id: T,
    /// Their name.
    pub name: &'a str,
    /// Names they went by before.
    pub aliases: &'a [String],
    /// Their calendar addresses, lower case.
    pub addresses: &'a [String],
}

/// Finds whom a meeting is a 1:1 with, among many people at once: a meeting of two, or
/// one whose title says it is a 1:1, whose title names the person (or an old name of
/// theirs) as a whole word; or a meeting of two where one invited has one of their
/// addresses, whatever its title says. Names are looked up by word, not tried one by one.
#[derive(Debug, Clone)]
pub struct OneOnOnes<T> {
    by_key: HashMap<String, T>,
    single: HashSet<String>,
    multi: Vec<String>,
    by_address: HashMap<String, T>,
}

impl<T: Copy + Eq + std::hash::Hash> OneOnOnes<T> {
    /// The finder for `people`.
    pub fn new<'a>(people: impl IntoIterator<Item = Attendable<'a, T>>) -> OneOnOnes<T> {
        let mut by_key: HashMap<String, T> = HashMap::new();
        let mut by_address: HashMap<String, T> = HashMap::new();
        for p in people {
            for name in std::iter::once(p.name).chain(p.aliases.iter().map(String::as_str)) {
                by_key.insert(person::key(name), p.id);
            }
            for address in p.addresses {
                by_address.insert(address.clone(), p.id);
            }
        }
        let single = by_key
            .keys()
            .filter(|k| !k.contains(' '))
            .cloned()
            .collect();
        let multi = by_key.keys().filter(|k| k.contains(' ')).cloned().collect();
        OneOnOnes {
            by_key,
            single,
            multi,
            by_address,
        }
    }

    /// Everyone `meeting` is a 1:1 with, each once; empty when it is no 1:1.
    pub fn with_whom(&self, meeting: Meeting<'_>) -> HashSet<T> {
        let two = meeting.attendees == 2;
        if !two && !title_says_one_on_one(meeting.title) {
            return HashSet::new();
        }
        let title = meeting.title.to_lowercase();
        let named = title
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| self.single.contains(*w))
            .chain(
                self.multi
                    .iter()
                    .map(String::as_str)
                    .filter(|k| title.contains(k)),
            )
            .filter_map(|key| self.by_key.get(key).copied());
        let by_attendee = meeting
            .attendee_list
            .iter()
            .filter(|_| two)
            .filter_map(|a| self.by_address.get(a.address.as_str()).copied());
        named.chain(by_attendee).collect()
    }
}

/// Whether a timed meeting is a 1:1 with one person: the rule of [`OneOnOnes`], for one
/// person, asked once per meeting and person by a person's coverage and agenda (so it
/// builds no index; a test holds the two to the same answers).
pub fn is_one_on_one_with(event: &EventOccurrence, who: Attendable<'_, ()>) -> bool {
    if event.all_day {
        return false;
    }
    let two = event.attendees == 2;
    if two
        && event
            .attendee_list
            .iter()
            .any(|a| who.addresses.contains(&a.address))
    {
        return true;
    }
    if !two && !title_says_one_on_one(&event.title) {
        return false;
    }
    let title = event.title.to_lowercase();
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .collect();
    std::iter::once(who.name)
        .chain(who.aliases.iter().map(String::as_str))
        .any(|name| {
            let key = person::key(name);
            if key.contains(' ') {
                title.contains(&key)
            } else {
                words.contains(&key.as_str())
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::PartStat;

    fn attendees(addresses: &[&str]) -> Vec<Attendee> {
        addresses
            .iter()
            .map(|a| Attendee {
                address: a.to_string(),
                partstat: PartStat::Accepted,
            })
            .collect()
    }

    #[test]
    fn titles_that_say_one_on_one() {
        for (title, says) in [
            ("1:1 Priya", true),
            ("Priya / 1-1", true),
            ("One-on-one with Sam", true),
            ("Weekly check in", true),
            ("1on1", true),
            ("Sprint review", false),
            ("Sprint planning", false),
        ] {
            assert_eq!(title_says_one_on_one(title), says, "{title}");
        }
    }

    #[test]
    fn any_one_on_one_is_two_people_or_a_title_that_says_so() {
        let none = attendees(&[]);
        let meeting = |title, attendees| Meeting {
            title,
            attendees,
            attendee_list: &none,
        };
        assert!(is_one_on_one(meeting("Budget", 2)));
        assert!(is_one_on_one(meeting("1:1 Ana", 0)));
        assert!(!is_one_on_one(meeting("Budget", 3)));
        assert!(!is_one_on_one(meeting("Budget", 0)));
    }

    #[test]
    fn whom_a_meeting_is_a_one_on_one_with() {
        let aliases = ["Priya Raman".to_string()];
        let ana = ["ana@x".to_string()];
        let people = [
            Attendable {
                id: 1,
                name: "Priya",
                aliases: &aliases,
                addresses: &[],
            },
            Attendable {
                id: 2,
                name: "Ana",
                aliases: &[],
                addresses: &ana,
            },
            Attendable {
                id: 3,
                name: "Sam",
                aliases: &[],
                addresses: &[],
            },
        ];
        let finder = OneOnOnes::new(people);
        let two_with_ana = attendees(&["me@x", "ana@x"]);
        let nobody = attendees(&[]);
        let cases: [(&str, u32, &[Attendee], &[i32]); 7] = [
            // A title that says 1:1 and names someone as a word.
            ("1:1 Priya", 0, &nobody, &[1]),
            // An old name of theirs, several words.
            ("Check-in: Priya Raman", 0, &nobody, &[1]),
            // A meeting of two naming them needs no 1:1 word.
            ("Sam / me", 2, &nobody, &[3]),
            // A meeting of two with their address, whatever its title.
            ("Roadmap", 2, &two_with_ana, &[2]),
            // Three people and no 1:1 word: no 1:1, even naming someone.
            ("Priya and Sam", 3, &nobody, &[]),
            // A name inside another word is not the name.
            ("1:1 Samantha", 0, &nobody, &[]),
            // A 1:1 with nobody known.
            ("1:1 Lee", 0, &nobody, &[]),
        ];
        for (title, n, list, want) in cases {
            let got = finder.with_whom(Meeting {
                title,
                attendees: n,
                attendee_list: list,
            });
            let want: HashSet<i32> = want.iter().copied().collect();
            assert_eq!(got, want, "{title}");
        }
    }

    #[test]
    fn one_person_and_many_get_the_same_answer() {
        use crate::domain::event::EventOccurrence;
        let aliases = ["Priya Raman".to_string()];
        let addresses = ["priya@x".to_string()];
        let priya = Attendable {
            id: (),
            name: "Priya",
            aliases: &aliases,
            addresses: &addresses,
        };
        let finder = OneOnOnes::new([priya]);
        let lists = [
            attendees(&[]),
            attendees(&["me@x", "priya@x"]),
            attendees(&["me@x", "sam@x"]),
        ];
        for title in [
            "1:1 Priya",
            "Priya / me",
            "Check-in: Priya Raman",
            "Roadmap",
            "1:1 Priyanka",
            "Priya and Sam",
        ] {
            for n in [0, 2, 3] {
                for list in &lists {
                    let event = EventOccurrence {
                        title: title.into(),
                        attendees: n,
                        attendee_list: list.clone().into(),
                        ..EventOccurrence::default()
                    };
                    let one = is_one_on_one_with(&event, priya);
                    let many = !finder.with_whom((&event).into()).is_empty();
                    assert_eq!(one, many, "{title} with {n} invited, {list:?}");
                }
            }
        }
    }

    #[test]
    fn one_on_one_names_from_titles() {
        for (title, name) in [
            ("1:1 Priya", Some("Priya")),
            ("Priya / 1-1", Some("Priya")),
            ("Check-in with Ana Lima", Some("Ana Lima")),
            ("Weekly 1:1 (Sam)", Some("Sam")),
            ("1:1 Priya / Sam", None),
            ("1:1", None),
            ("team sync", None),
            ("1:1 about the budget", None),
        ] {
            assert_eq!(one_on_one_name(title).as_deref(), name, "{title}");
        }
    }
}
