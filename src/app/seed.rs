//! A realistic large journal, generated from a seed: years of reflections with tags and
//! mentions, weekly reviews, conversations with hundreds of people, leadership blocks
//! with kept and skipped weeks, and imported calendars. Used by `bearing dev seed`, the
//! benchmarks and the scale tests, so everyone measures the same journal.
//!
//! The random numbers come from a small hand-written generator (a 64-bit LCG): test data
//! needs reproducibility across platforms and versions, not statistical quality, and the
//! `rand` crates do not promise the same stream across their releases.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use crate::app::calendars::import::import_as;
use crate::domain::block::{BlockSpec, Mark, Repeat};
use crate::domain::conversation::Status;
use crate::domain::{EntryKind, NewEntry, review};
use crate::store::{NewConversation, Store};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    /// How many years back from `today`.
    pub years: u32,
    /// The random seed: the same seed gives the same journal.
    pub seed: u64,
    /// The last day with entries.
    pub today: NaiveDate,
    /// When the generated calendar is read (imported).
    pub now: chrono::DateTime<chrono::Utc>,
    /// The user's time zone.
    pub zone: Tz,
}

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SeedSummary {
    /// Reflections and notes.
    pub entries: usize,
    /// Weekly reviews.
    pub reviews: usize,
    /// Conversations.
    pub conversations: usize,
    /// People mentioned or met.
    pub people: usize,
    /// Leadership block series.
    pub blocks: usize,
    /// Imported calendar occurrences.
    pub occurrences: usize,
}

/// A deterministic stream of numbers.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        if n == 0 { 0 } else { (self.0 >> 33) % n }
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Sam", "Ana", "Lee", "Priya", "Jonas", "Mia", "Omar", "Chen", "Lena", "Tomás", "Aisha", "Noah",
    "Zoë", "Ravi", "Elif", "Kofi", "Marta", "Yuki", "Ben", "Sofia", "Lukas", "Nadia", "Iker",
    "Hana", "Femi", "Greta", "Diego", "Ines", "Pavel", "Amara",
];
const LAST: &[&str] = &[
    "Okafor", "Berg", "Moreau", "Silva", "Kim", "Novak", "Haddad", "Lind", "Rossi", "Tanaka",
];
const TAGS: &[&str] = &[
    "growth",
    "feedback",
    "delegation",
    "hiring",
    "planning",
    "strategy",
    "vision",
    "coaching",
    "conflict",
    "burnout",
    "promotion",
    "budget",
    "oncall",
    "retro",
    "roadmap",
    "onboarding",
    "career",
    "recognition",
    "priorities",
    "focus",
    "team",
    "process",
    "quality",
    "incidents",
    "stakeholders",
    "culture",
    "meetings",
    "learning",
    "health",
    "offsite",
    "reorg",
    "performance",
    "trust",
    "clarity",
    "energy",
    "decisions",
    "mentoring",
    "goals",
    "release",
    "customers",
];
const OPENINGS: &[&str] = &[
    "Today I noticed that",
    "In the 1:1 it became clear that",
    "After the stand-up I realised",
    "A small win:",
    "Something I keep avoiding:",
    "I was surprised that",
    "Looking back on the week,",
    "The hardest moment today was when",
    "I want to remember that",
    "It felt good when",
];
const MIDDLES: &[&str] = &[
    "the team asked for clearer priorities",
    "I jumped in to fix the problem instead of coaching",
    "the roadmap discussion drifted into status updates",
    "delegating the release went better than expected",
    "nobody challenged the estimate, including me",
    "the new hire already spots gaps in our process",
    "my calendar had no time left for thinking",
    "the feedback landed because it was specific",
    "we spent an hour on something an email would have settled",
    "the incident review stayed blameless",
    "I said yes to a meeting I should have declined",
    "the vision block held for the whole two hours",
];
const CLOSINGS: &[&str] = &[
    "Next time I will ask a question before offering an answer.",
    "I should protect Tuesday morning better.",
    "Worth bringing up in the next retro.",
    "I want to follow up on this next week.",
    "This is what leading instead of managing looks like.",
    "Writing it down already helps.",
    "I need to let go of this one.",
    "Good progress, slower than I hoped.",
];
const TOPICS: &[&str] = &[
    "Missed deadlines",
    "Career path",
    "Tone in code reviews",
    "Why do you stay?",
    "Workload and burnout",
    "Promotion expectations",
    "Conflict with another team",
    "Coming late to meetings",
    "Ownership of the on-call rota",
    "Feedback from the customer",
];
const BLOCKS: &[&str] = &[
    "Vision work",
    "Strategy thinking",
    "Coaching prep",
    "Skip-level walk",
    "Reading and learning",
    "Roadmap deep work",
];
const MEETINGS: &[&str] = &[
    "Team stand-up",
    "Budget review",
    "Strategy session",
    "Hiring interview",
    "Status report",
    "Coaching",
    "Vendor call",
    "Planning",
    "Career conversation",
    "Process review",
    "Incident review",
    "All hands",
];

/// The names of the people in a generated journal: first and last names run together
/// so each is one `@mention`.
pub fn people(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            format!(
                "{}{}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()]
            )
        })
        .collect()
}

/// An .ics with `singles` one-off meetings and `series` weekly series of `count`
/// occurrences, starting at random days of the `years` from `first_year`, in Berlin time.
pub fn calendar_ics(
    singles: usize,
    series: usize,
    count: u32,
    first_year: i32,
    years: i32,
    seed: u64,
) -> String {
    let mut rng = Rng::new(seed);
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bearing seed//EN\r\n");
    let days = i64::from(years) * 365;
    let Some(start) = NaiveDate::from_ymd_opt(first_year, 1, 1) else {
        return ics;
    };
    for i in 0..singles + series {
        let day = start + Duration::days(rng.below(days as u64) as i64);
        let hour = 8 + rng.below(9) as u32;
        let minutes = [30, 45, 60, 90][rng.below(4) as usize];
        let title = rng.pick(MEETINGS);
        let dtstart = day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN));
        let dtend = dtstart + Duration::minutes(minutes);
        let _ = write!(
            ics,
            "BEGIN:VEVENT\r\nUID:seed-{seed}-{i}@example\r\nSUMMARY:{title} {i}\r\nDTSTART;TZID=Europe/Berlin:{}\r\nDTEND;TZID=Europe/Berlin:{}\r\nATTENDEE:mailto:a@x\r\nATTENDEE:mailto:b@x\r\n",
            dtstart.format("%Y%m%dT%H%M%S"),
            dtend.format("%Y%m%dT%H%M%S")
        );
        if i >= singles {
            let _ = write!(ics, "RRULE:FREQ=WEEKLY;COUNT={count}\r\n");
        }
        ics.push_str("END:VEVENT\r\n");
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}

fn reflection(rng: &mut Rng, names: &[String]) -> String {
    let mut text = format!("{} {}.", rng.pick(OPENINGS), rng.pick(MIDDLES));
    for _ in 0..rng.below(3) {
        let _ = write!(text, " {} {}.", rng.pick(OPENINGS), rng.pick(MIDDLES));
    }
    if rng.below(3) > 0 {
        let _ = write!(text, " Talked with @{} about it.", rng.pick(names));
    }
    if rng.below(4) == 0 {
        let _ = write!(text, " @{} had a different view.", rng.pick(names));
    }
    let _ = write!(text, " {}", rng.pick(CLOSINGS));
    for _ in 0..1 + rng.below(2) {
        let _ = write!(text, " #{}", rng.pick(TAGS));
    }
    text
}

/// Fills the empty `journal`, as [`seed`] does: what `bearing dev seed` runs.
pub fn seed_journal(
    journal: &mut super::Journal,
    options: SeedOptions,
) -> anyhow::Result<SeedSummary> {
    seed(journal.store_mut(), options)
}

/// Fills an empty journal. About 2,000 reflections and notes, 52 reviews, 200
/// conversations, 30 people, 12 block series and 15,000 calendar occurrences per year.
pub fn seed(store: &mut Store, options: SeedOptions) -> anyhow::Result<SeedSummary> {
    anyhow::ensure!(
        store.is_empty()?,
        "the journal is not empty; seed a new one (--db NEW.db)"
    );
    anyhow::ensure!(
        (1..=50).contains(&options.years),
        "--years must be between 1 and 50"
    );
    let years = options.years as usize;
    let days = 365 * i64::from(options.years);
    let mut seeder = Seeder {
        rng: Rng::new(options.seed),
        names: people(30 * years),
        years,
        days,
        first: options.today - Duration::days(days - 1),
        options,
        summary: SeedSummary::default(),
    };
    // The parts draw from one random sequence, in this order: the same seed gives the
    // same journal.
    seeder.entries(store)?;
    seeder.reviews(store)?;
    seeder.conversations(store)?;
    seeder.blocks(store)?;
    seeder.calendar(store)?;
    seeder.summary.people = store.list_people()?.len();
    Ok(seeder.summary)
}

/// What the seed's parts share while they fill the journal.
struct Seeder {
    rng: Rng,
    names: Vec<String>,
    years: usize,
    days: i64,
    first: NaiveDate,
    options: SeedOptions,
    summary: SeedSummary,
}

impl Seeder {
    /// `minutes` after midnight of `day`, in the seed's zone.
    fn local(&self, day: NaiveDate, minutes: u32) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let t = day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
        self.options
            .zone
            .from_local_datetime(&t)
            .earliest()
            .map(|t| t.fixed_offset())
    }

    /// Reflections and notes: about 5.5 a day, a few days without any (but the last
    /// fortnight every day, so there is a streak), saved 2,000 to a transaction.
    fn entries(&mut self, store: &mut Store) -> anyhow::Result<()> {
        let mut batch = Vec::new();
        for d in 0..self.days {
            let day = self.first + Duration::days(d);
            let recent = self.options.today - day < Duration::days(14);
            let count = if !recent && self.rng.below(12) == 0 {
                0
            } else {
                1 + self.rng.below(11)
            };
            for n in 0..count {
                let minutes = 7 * 60 + (n as u32) * 80 + self.rng.below(60) as u32;
                let Some(at) = self.local(day, minutes) else {
                    continue;
                };
                let kind = if self.rng.below(5) == 0 {
                    EntryKind::Note
                } else {
                    EntryKind::Reflection
                };
                batch.push(NewEntry {
                    kind,
                    at,
                    body: reflection(&mut self.rng, &self.names),
                });
            }
            if batch.len() >= 2_000 || d + 1 == self.days {
                self.summary.entries += store.insert_entries(&batch)?;
                batch.clear();
            }
        }
        Ok(())
    }

    /// A weekly review most weeks, written on the Friday.
    fn reviews(&mut self, store: &mut Store) -> anyhow::Result<()> {
        let mut week =
            crate::domain::week::week_start(self.first, Weekday::Mon) + Duration::days(7);
        while week + Duration::days(6) < self.options.today {
            if self.rng.below(5) > 0
                && let Some(at) = self.local(week + Duration::days(4), 16 * 60)
            {
                let rng = &mut self.rng;
                let names = &self.names;
                let answers: Vec<String> = (0..review::QUESTIONS.len())
                    .map(|i| match i {
                        3 => format!("@{} and @{}", rng.pick(names), rng.pick(names)),
                        _ => format!("{} {}.", rng.pick(OPENINGS), rng.pick(MIDDLES)),
                    })
                    .collect();
                store.save_review(week, &review::compose(week, &answers), at)?;
                self.summary.reviews += 1;
            }
            week += Duration::days(7);
        }
        Ok(())
    }

    /// Conversations: planned on a working day, most held, many followed up and closed.
    fn conversations(&mut self, store: &mut Store) -> anyhow::Result<()> {
        let today = self.options.today;
        for _ in 0..200 * self.years {
            let day = self.first + Duration::days(self.rng.below(self.days as u64) as i64);
            let minutes = 9 * 60 + 30 * self.rng.below(16) as u32;
            let Some(planned) = self.local(day, minutes) else {
                continue;
            };
            let rng = &mut self.rng;
            let person = rng.pick(&self.names).clone();
            let topic = *rng.pick(TOPICS);
            let mut c = store.insert_conversation(&NewConversation {
                person: &person,
                topic,
                planned_at: Some(planned),
                stay_interview: topic == "Why do you stay?",
                event_uid: None,
            })?;
            c.prep.situation = format!("In the {} last week.", rng.pick(MEETINGS).to_lowercase());
            c.prep.behaviour = format!("{} {}.", rng.pick(OPENINGS), rng.pick(MIDDLES));
            c.prep.outcome = (*rng.pick(CLOSINGS)).to_string();
            if day < today - Duration::days(7) {
                c.status = Status::Held;
                c.held_at = Some(planned + Duration::minutes(30));
                c.outcome.happened = format!("{} {}.", rng.pick(OPENINGS), rng.pick(MIDDLES));
                c.outcome.agreed = (*rng.pick(CLOSINGS)).to_string();
                c.followup_on = Some(day + Duration::days(14));
                // Older follow-ups are done; only the last months' may still be open.
                if day < today - Duration::days(90) || rng.below(4) > 0 {
                    c.status = if rng.below(2) == 0 {
                        Status::FollowedUp
                    } else {
                        Status::Closed
                    };
                }
            }
            store.update_conversation(&c)?;
            self.summary.conversations += 1;
        }
        Ok(())
    }

    /// Leadership blocks: a dozen weekly series a year, some weeks kept, some skipped.
    fn blocks(&mut self, store: &mut Store) -> anyhow::Result<()> {
        let zone = self.options.zone;
        for _ in 0..12 * self.years {
            let rng = &mut self.rng;
            let start_day = self.first + Duration::days(rng.below(self.days as u64) as i64);
            let weekday = *rng.pick(&[Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]);
            let start_day = crate::domain::week::week_start(start_day, Weekday::Mon)
                + Duration::days(i64::from(weekday.num_days_from_monday()));
            let start =
                start_day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN));
            let until = start_day + Duration::weeks(10 + rng.below(60) as i64);
            let spec = BlockSpec {
                title: (*rng.pick(BLOCKS)).to_string(),
                intention: "Time to lead, not manage.".into(),
                start,
                minutes: [60, 90, 120][rng.below(3) as usize],
                repeat: Repeat::Weekly {
                    days: vec![weekday],
                    every: 1,
                    until: Some(until),
                },
            }
            .validated(zone)?;
            let block = store.insert_block(&spec, zone)?;
            for w in 0..4 {
                let original = start + Duration::weeks(w * 2);
                let mark = if rng.below(3) == 0 {
                    Mark::Skipped
                } else {
                    Mark::Kept
                };
                store.change_occurrence(block.id, original, |e| e.mark = Some(mark))?;
            }
            self.summary.blocks += 1;
        }
        Ok(())
    }

    /// Imported calendars: 200 weekly series of 75 meetings per year.
    fn calendar(&mut self, store: &mut Store) -> anyhow::Result<()> {
        let first_year = chrono::Datelike::year(&self.first);
        let ics = calendar_ics(
            0,
            200 * self.years,
            75,
            first_year,
            self.options.years as i32,
            self.options.seed,
        );
        // Generated, not read from a file: like standard input, never read again.
        let imported = import_as(
            store,
            "work",
            "-",
            &ics,
            self.options.zone,
            self.options.now,
        )?;
        self.summary.occurrences = imported.occurrences;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_journal_of_the_promised_shape() {
        let options = SeedOptions {
            years: 1,
            seed: 7,
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            now: chrono::DateTime::from_timestamp(1_795_338_000, 0).unwrap(),
            zone: chrono_tz::Europe::Berlin,
        };
        let mut a = Store::open_in_memory().unwrap();
        let summary = seed(&mut a, options).unwrap();
        assert!((1_700..2_300).contains(&summary.entries), "{summary:?}");
        assert!((35..=52).contains(&summary.reviews), "{summary:?}");
        assert_eq!((summary.conversations, summary.blocks), (200, 12));
        assert_eq!(summary.people, 30);
        assert!(
            (14_000..=15_000).contains(&summary.occurrences),
            "{summary:?}"
        );
        let mut b = Store::open_in_memory().unwrap();
        assert_eq!(seed(&mut b, options).unwrap(), summary);
        let entries = |s: &Store| -> Vec<(String, String)> {
            s.list_entries(&Default::default())
                .unwrap()
                .into_iter()
                .map(|e| (e.at.to_rfc3339(), e.body))
                .collect()
        };
        assert_eq!(entries(&a), entries(&b));
        // The generated calendar was read now, from no file that could be read again.
        let calendars = a.list_calendars().unwrap();
        assert_eq!(calendars.len(), 1);
        assert_eq!(calendars[0].refreshed_at, Some(options.now));
        assert!(!crate::domain::source::Source::parse(&calendars[0].source).refreshable());
        // The last fortnight has an entry every day.
        assert!(a.streak(options.today).unwrap() >= 14);
        // A journal with anything in it is refused.
        assert!(seed(&mut a, options).is_err());
    }
}
