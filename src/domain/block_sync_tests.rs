//! The three-way merge of a block: table tests of each rule, and random sequences of
//! edits on both sides merged in random rounds. The generators are shared with the
//! tests of the calendar object (`calendar::block_object`).

use super::*;
use crate::domain::block::Block;
use crate::testkit::blocks::local;
use chrono::{Duration, Timelike, Weekday};
use chrono_tz::{America::New_York, Asia::Kolkata, Asia::Tokyo, Europe::Berlin};
use proptest::prelude::*;

/// Vision work, Tuesdays and Thursdays 09:00 for 90 minutes in Berlin, from 3 Nov 2026.
pub(crate) fn vision() -> BlockSide {
    BlockSide {
        title: "Vision work".into(),
        intention: "Where the team goes next year".into(),
        zone: Berlin,
        start: local("2026-11-03 09:00"),
        minutes: 90,
        repeat: Repeat::Weekly {
            days: vec![Weekday::Tue, Weekday::Thu],
            every: 1,
            until: None,
        },
        skips: BTreeSet::new(),
        moves: BTreeMap::new(),
    }
}

fn block(side: &BlockSide) -> Block {
    Block {
        id: 7,
        uid: "u".into(),
        title: side.title.clone(),
        intention: side.intention.clone(),
        zone: side.zone,
        start: side.start,
        minutes: side.minutes,
        repeat: side.repeat.clone(),
        sequence: 0,
    }
}

#[test]
fn a_block_as_bearing_holds_it() {
    let b = vision();
    let mut skipped = Exception::new(local("2026-11-05 09:00"));
    skipped.mark = Some(Mark::Skipped);
    let mut removed = Exception::new(local("2026-11-10 09:00"));
    removed.removed = true;
    let mut moved = Exception::new(local("2026-11-12 09:00"));
    moved.moved_to = Some(local("2026-11-13 14:00"));
    let mut moved_and_skipped = Exception::new(local("2026-11-17 09:00"));
    moved_and_skipped.moved_to = Some(local("2026-11-18 09:00"));
    moved_and_skipped.mark = Some(Mark::Skipped);
    let mut kept = Exception::new(local("2026-11-19 09:00"));
    kept.mark = Some(Mark::Kept);
    let mut not_an_occurrence = Exception::new(local("2026-11-11 09:00"));
    not_an_occurrence.removed = true;
    let side = BlockSide::of(
        &block(&b),
        &[
            skipped,
            removed,
            moved,
            moved_and_skipped,
            kept,
            not_an_occurrence,
        ],
    );
    assert_eq!(
        side.skips.iter().copied().collect::<Vec<_>>(),
        [
            local("2026-11-05 09:00"),
            local("2026-11-10 09:00"),
            local("2026-11-17 09:00")
        ]
    );
    assert_eq!(
        side.moves,
        BTreeMap::from([(local("2026-11-12 09:00"), local("2026-11-13 14:00"))])
    );
    assert_eq!((side.title.as_str(), side.minutes), ("Vision work", 90));

    let once = BlockSide {
        repeat: Repeat::Once,
        ..vision()
    };
    let mut moved = Exception::new(once.start);
    moved.moved_to = Some(local("2026-11-04 10:00"));
    let side = BlockSide::of(&block(&once), &[moved]);
    assert_eq!(
        side.change_at(once.start),
        OccurrenceChange::MovedTo(local("2026-11-04 10:00"))
    );
}

#[test]
fn occurrences_follow_the_weekly_rule() {
    let mut side = vision();
    side.repeat = Repeat::Weekly {
        days: vec![Weekday::Tue, Weekday::Thu],
        every: 2,
        until: Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()),
    };
    let has = |t: &str| side.has_occurrence(local(t));
    assert!(has("2026-11-03 09:00") && has("2026-11-05 09:00"));
    assert!(!has("2026-11-10 09:00"), "every other week");
    assert!(has("2026-11-17 09:00") && has("2026-12-03 09:00"));
    assert!(!has("2026-12-15 09:00"), "after the last day");
    assert!(!has("2026-10-27 09:00"), "before the start");
    assert!(!has("2026-11-03 10:00"), "another time of day");
    assert!(!has("2026-11-04 09:00"), "another weekday");

    // 02:30 on the Sunday the clocks go forward is 03:30, as bearing's expansion gives
    // it (a weekly Sunday 02:30 in Berlin gives 2026-03-29T03:30 there).
    let mut night = BlockSide {
        start: local("2026-03-01 02:30"),
        repeat: Repeat::Weekly {
            days: vec![Weekday::Sun],
            every: 1,
            until: None,
        },
        ..vision()
    };
    assert!(night.has_occurrence(local("2026-03-29 02:30")));
    assert!(night.has_occurrence(local("2026-03-29 03:30")));
    assert!(!night.has_occurrence(local("2026-03-29 03:00")));
    assert!(!night.has_occurrence(local("2026-04-05 03:30")));
    night.set_change(local("2026-03-29 02:30"), OccurrenceChange::Skipped);
    assert_eq!(night.skips, [local("2026-03-29 03:30")].into());
    let mut gone = Exception::new(local("2026-03-29 03:30"));
    gone.removed = true;
    assert_eq!(BlockSide::of(&block(&night), &[gone]).skips, night.skips);
}

#[test]
fn a_change_on_one_side_is_taken() {
    let base = vision();
    let mut mine = base.clone();
    mine.title = "Vision and strategy".into();
    let mut theirs = base.clone();
    theirs.minutes = 120;
    theirs.skips.insert(local("2026-11-05 09:00"));
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(merged.side.title, "Vision and strategy");
    assert_eq!(merged.side.minutes, 120);
    assert_eq!(
        merged.side.change_at(local("2026-11-05 09:00")),
        OccurrenceChange::Skipped
    );
    assert!(merged.notes.is_empty());
    assert!(merged.mine_changed && merged.theirs_changed);

    let same = merge(&base, &mine, &mine);
    assert_eq!(same.side, mine);
    assert!(same.notes.is_empty() && !same.mine_changed && !same.theirs_changed);
}

#[test]
fn both_renamed_keeps_bearings_and_says_what_the_calendar_had() {
    let base = vision();
    let mine = BlockSide {
        title: "Strategy".into(),
        intention: "Next year".into(),
        ..base.clone()
    };
    let theirs = BlockSide {
        title: "Vision (Q3)".into(),
        intention: "The roadmap, in short".into(),
        ..base.clone()
    };
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(merged.side, mine);
    assert!(!merged.mine_changed && merged.theirs_changed);
    let notes: Vec<String> = merged.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "the calendar renamed it \"Vision (Q3)\"; bearing's \"Strategy\" was kept",
            "the calendar changed its description to \"The roadmap, in short\"; bearing's \"Next year\" was kept"
        ]
    );
    let mut resolved = merged.side.clone();
    merged.notes[0].keep_theirs(&mut resolved);
    assert_eq!(resolved.title, "Vision (Q3)");
}

#[test]
fn both_changed_the_schedule() {
    let base = vision();
    let mut mine = base.clone();
    mine.minutes = 60;
    let mut theirs = base.clone();
    theirs.start = local("2026-11-03 10:00");
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(merged.side, mine);
    assert_eq!(
        merged.notes[0].to_string(),
        "the calendar changed the series to weekly on tue, thu from Tue 3 Nov 2026 10:00, 90 minutes (Europe/Berlin); bearing's weekly on tue, thu from Tue 3 Nov 2026 09:00, 60 minutes (Europe/Berlin) was kept"
    );
    let mut resolved = merged.side.clone();
    merged.notes[0].keep_theirs(&mut resolved);
    assert_eq!(resolved, theirs);
}

#[test]
fn a_calendar_skip_of_an_occurrence_bearing_moved_keeps_the_move() {
    let base = vision();
    let at = local("2026-11-12 09:00");
    let mut mine = base.clone();
    mine.moves.insert(at, local("2026-11-13 14:00"));
    let mut theirs = base.clone();
    theirs.skips.insert(at);
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(merged.side, mine);
    assert_eq!(
        merged.notes,
        [Conflict::Occurrence {
            original: at,
            theirs: OccurrenceChange::Skipped,
            mine: OccurrenceChange::MovedTo(local("2026-11-13 14:00")),
        }]
    );
    assert_eq!(
        merged.notes[0].to_string(),
        "the calendar cancelled the Thu 12 Nov 2026 09:00 occurrence; bearing's move to Fri 13 Nov 2026 14:00 was kept"
    );
    let mut resolved = merged.side.clone();
    merged.notes[0].keep_theirs(&mut resolved);
    assert_eq!(resolved, theirs);
}

#[test]
fn bearing_putting_an_occurrence_back_wins_over_a_calendar_move_with_a_note() {
    let at = local("2026-11-12 09:00");
    let mut base = vision();
    base.skips.insert(at);
    let mine = vision();
    let mut theirs = vision();
    theirs.moves.insert(at, local("2026-11-12 15:00"));
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(merged.side, mine);
    assert_eq!(
        merged
            .notes
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "the calendar moved the Thu 12 Nov 2026 09:00 occurrence to Thu 12 Nov 2026 15:00; bearing kept it at its time"
        ]
    );
}

#[test]
fn a_change_to_an_occurrence_the_new_schedule_lacks_is_dropped_with_a_note() {
    let base = vision();
    let (tuesday, thursday) = (local("2026-11-10 09:00"), local("2026-11-12 09:00"));
    // bearing skips a Tuesday and moves a Thursday; the calendar moves the series to
    // Thursdays only and cancels another Tuesday.
    let mut mine = base.clone();
    mine.skips.insert(tuesday);
    mine.moves.insert(thursday, local("2026-11-12 11:00"));
    let mut theirs = base.clone();
    theirs.repeat = Repeat::Weekly {
        days: vec![Weekday::Thu],
        every: 1,
        until: None,
    };
    theirs.start = local("2026-11-05 09:00");
    theirs.skips.insert(local("2026-11-17 09:00"));
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(merged.side.repeat, theirs.repeat);
    assert!(merged.side.skips.is_empty());
    assert_eq!(
        merged.side.moves,
        BTreeMap::from([(thursday, local("2026-11-12 11:00"))]),
        "the Thursday is still there"
    );
    let notes: Vec<String> = merged.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "bearing's skip of the Tue 10 Nov 2026 09:00 occurrence was dropped: the series, as changed, has no occurrence then",
            "the calendar's skip of the Tue 17 Nov 2026 09:00 occurrence was dropped: the series, as changed, has no occurrence then",
        ]
    );
}

#[test]
fn the_agreed_version_is_stored_as_json() {
    let mut side = vision();
    side.skips.insert(local("2026-11-05 09:00"));
    side.moves
        .insert(local("2026-11-12 09:00"), local("2026-11-13 14:00"));
    side.zone = Kolkata;
    let json = serde_json::to_string(&side).unwrap();
    assert!(json.contains("\"zone\":\"Asia/Kolkata\""), "{json}");
    assert_eq!(serde_json::from_str::<BlockSide>(&json).unwrap(), side);
    let conflict = Conflict::Schedule {
        theirs: side.schedule(),
        mine: vision().schedule(),
    };
    let json = serde_json::to_string(&conflict).unwrap();
    assert_eq!(serde_json::from_str::<Conflict>(&json).unwrap(), conflict);
    assert!(serde_json::from_str::<BlockSide>(&json.replace("Asia/Kolkata", "Mars/Base")).is_err());
}

// ---- Random sides and edits, shared with calendar::block_object's tests.

/// Up to `n` occurrences of `side`'s schedule, in order.
pub(crate) fn occurrences(side: &BlockSide, n: usize) -> Vec<NaiveDateTime> {
    let mut out = Vec::new();
    let mut day = side.start.date();
    // A rule repeating every 8 weeks at most (see `side`) has n within 8n weeks.
    for _ in 0..(56 * n + 7) {
        let t = day.and_time(side.start.time());
        if side.has_occurrence(t) {
            out.push(t);
            if out.len() == n {
                break;
            }
        }
        day = day.succ_opt().unwrap();
    }
    out
}

/// Titles and intentions, some with what iCalendar escapes and folds.
const TEXTS: [&str; 6] = [
    "Vision work",
    "Strategy; next year, first draft",
    "1:1 prep \\ notes",
    "Führung – Ziele für 2027 und danach: was bleibt, was geht, was kommt neu hinzu?",
    "Line one\nline two",
    "",
];

fn zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(vec![Berlin, New_York, Tokyo, Kolkata, Tz::UTC])
}

/// A schedule in 2026-2027 at a daytime hour (no daylight-saving gaps), repeating once
/// or weekly every 1 to 8 weeks, perhaps to a last day.
pub(crate) fn schedule() -> impl Strategy<Value = Schedule> {
    (
        zone(),
        0u64..700,
        (7u32..20, prop::sample::select(vec![0u32, 15, 30, 45])),
        1u32..=144,
        prop::option::weighted(0.8, (1u8..128, 1u32..=8, prop::option::of(0u64..300))),
    )
        .prop_map(|(zone, day, (hour, minute), fives, weekly)| {
            let date =
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day as i64);
            let start = date.and_hms_opt(hour, minute, 0).unwrap();
            let repeat = match weekly {
                None => Repeat::Once,
                Some((mask, every, until)) => {
                    let mut days: Vec<Weekday> = (0..7u8)
                        .filter(|i| mask & (1 << i) != 0)
                        .map(|i| Weekday::try_from(i).unwrap())
                        .collect();
                    if !days.contains(&date.weekday()) {
                        days.push(date.weekday());
                        days.sort_by_key(|d| d.num_days_from_monday());
                    }
                    Repeat::Weekly {
                        days,
                        every,
                        until: until.map(|u| date + Duration::days(u as i64)),
                    }
                }
            };
            Schedule {
                zone,
                start,
                minutes: fives * 5,
                repeat,
            }
        })
}

/// One edit of a block, on either side.
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    /// A title from [`TEXTS`].
    Rename(usize),
    /// An intention from [`TEXTS`].
    Intend(usize),
    /// A new schedule: the old one changed a little (which of a few ways, and by how
    /// much), so that both sides often make the same change.
    Reschedule(u8, u8),
    /// Skips the nth occurrence.
    Skip(usize),
    /// Moves the nth occurrence by some quarter hours (may be back to its time).
    Move(usize, i64),
    /// Puts the nth occurrence back at its time.
    Restore(usize),
}

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..TEXTS.len()).prop_map(Edit::Rename),
        (0..TEXTS.len()).prop_map(Edit::Intend),
        (0u8..6, 0u8..3).prop_map(|(k, n)| Edit::Reschedule(k, n)),
        (0usize..8).prop_map(Edit::Skip),
        (0usize..8, -300i64..300).prop_map(|(i, q)| Edit::Move(i, q)),
        (0usize..8).prop_map(Edit::Restore),
    ]
}

/// `schedule` changed the `kind`th way by `n`.
fn rescheduled(s: &Schedule, kind: u8, n: u8) -> Schedule {
    let mut s = s.clone();
    let n64 = i64::from(n) + 1;
    match (kind, &mut s.repeat) {
        (0, _) => s.minutes = 30 * (u32::from(n) + 1),
        (1, _) => {
            // Another daytime hour of the same day (so the weekday stays one of its days).
            let hour = 7 + (s.start.hour() - 7 + u32::from(n) + 1) % 13;
            s.start = s
                .start
                .date()
                .and_hms_opt(hour, s.start.minute(), 0)
                .unwrap();
        }
        (2, repeat) => {
            // Later by some weeks; a last day before the new start moves with it, as
            // bearing refuses a series that ends before it starts.
            s.start += Duration::weeks(n64);
            if let Repeat::Weekly { until: Some(u), .. } = repeat
                && *u < s.start.date()
            {
                *u = s.start.date() + Duration::weeks(3);
            }
        }
        (3, _) => s.zone = [Berlin, Tokyo, New_York][usize::from(n)],
        (4, Repeat::Weekly { until, .. }) => {
            *until = Some(s.start.date() + Duration::weeks(3 * n64));
        }
        (5, Repeat::Weekly { every, .. }) => *every = u32::from(n) + 1,
        (_, Repeat::Once) => {
            s.repeat = Repeat::Weekly {
                days: vec![s.start.weekday()],
                every: 1,
                until: None,
            }
        }
        (_, Repeat::Weekly { .. }) => s.repeat = Repeat::Once,
    }
    s
}

/// Makes `edit` on `side` as bearing does (`by` is `Side::Bearing`: a new start or
/// repeat drops every occurrence change) or as a calendar app may (they stay where the
/// new schedule has the occurrence).
pub(crate) fn apply(side: &mut BlockSide, edit: &Edit, by: Side) {
    let nth = |side: &BlockSide, i: usize| {
        let all = occurrences(side, 8);
        all[i % all.len()]
    };
    match *edit {
        Edit::Rename(i) => side.title = TEXTS[i].into(),
        Edit::Intend(i) => side.intention = TEXTS[i].into(),
        Edit::Reschedule(kind, n) => {
            let new = rescheduled(&side.schedule(), kind, n);
            if by == Side::Bearing && (new.start != side.start || new.repeat != side.repeat) {
                side.skips.clear();
                side.moves.clear();
            }
            side.set_schedule(new);
        }
        Edit::Skip(i) => side.set_change(nth(side, i), OccurrenceChange::Skipped),
        Edit::Move(i, quarters) => {
            let at = nth(side, i);
            side.set_change(
                at,
                OccurrenceChange::MovedTo(at + Duration::minutes(15 * quarters)),
            );
        }
        Edit::Restore(i) => side.set_change(nth(side, i), OccurrenceChange::AsScheduled),
    }
}

/// A block as both sides may hold it: a schedule, a title and intention, and some of its
/// first occurrences skipped or moved.
pub(crate) fn side() -> impl Strategy<Value = BlockSide> {
    (
        schedule(),
        0..TEXTS.len() - 1,
        0..TEXTS.len(),
        prop::collection::vec(edit(), 0..6),
    )
        .prop_map(|(s, title, intention, edits)| {
            let mut side = BlockSide {
                title: TEXTS[title].into(),
                intention: TEXTS[intention].into(),
                zone: s.zone,
                start: s.start,
                minutes: s.minutes,
                repeat: s.repeat,
                skips: BTreeSet::new(),
                moves: BTreeMap::new(),
            };
            for e in edits
                .iter()
                .filter(|e| !matches!(e, Edit::Reschedule(..) | Edit::Rename(_)))
            {
                apply(&mut side, e, Side::Bearing);
            }
            side
        })
}

/// One step of a random history: an edit on one side, or a sync.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// bearing changes its side.
    Mine(Edit),
    /// A calendar app changes the calendar's.
    Theirs(Edit),
    /// The two are merged, and both take the result.
    Sync,
}

pub(crate) fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            4 => edit().prop_map(Step::Mine),
            4 => edit().prop_map(Step::Theirs),
            1 => Just(Step::Sync),
        ],
        1..40,
    )
}

fn is_tidy(side: &BlockSide) -> bool {
    let mut tidied = side.clone();
    tidied.tidy();
    tidied == *side
}

/// Checks one merge against the rules, as stated field by field.
pub(crate) fn check_merge(base: &BlockSide, mine: &BlockSide, theirs: &BlockSide) -> Merged {
    let merged = merge(base, mine, theirs);
    let out = &merged.side;
    assert_eq!(merge(base, mine, theirs), merged, "deterministic");
    assert!(is_tidy(out), "{out:?}");
    assert_eq!(merged.mine_changed, *out != *mine);
    assert_eq!(merged.theirs_changed, *out != *theirs);
    fn rule<T: PartialEq + Clone + std::fmt::Debug>(b: &T, m: &T, t: &T, out: &T, noted: bool) {
        if m == b {
            assert_eq!(out, t, "only the calendar changed it");
        } else if t == b {
            assert_eq!(out, m, "only bearing changed it");
        } else {
            assert_eq!(out, m, "both changed it: bearing's wins");
        }
        assert_eq!(
            noted,
            m != b && t != b && m != t,
            "a note when, and only when, they differ"
        );
    }
    let noted = |f: fn(&Conflict) -> bool| merged.notes.iter().any(f);
    rule(
        &base.title,
        &mine.title,
        &theirs.title,
        &out.title,
        noted(|c| matches!(c, Conflict::Title { .. })),
    );
    rule(
        &base.intention,
        &mine.intention,
        &theirs.intention,
        &out.intention,
        noted(|c| matches!(c, Conflict::Intention { .. })),
    );
    rule(
        &base.schedule(),
        &mine.schedule(),
        &theirs.schedule(),
        &out.schedule(),
        noted(|c| matches!(c, Conflict::Schedule { .. })),
    );
    let originals: BTreeSet<NaiveDateTime> = [base, mine, theirs]
        .iter()
        .flat_map(|s| {
            s.skips
                .iter()
                .chain(s.moves.keys())
                .copied()
                .collect::<Vec<_>>()
        })
        .chain(occurrences(out, 8))
        .collect();
    for at in originals {
        let (b, m, t) = (base.change_at(at), mine.change_at(at), theirs.change_at(at));
        if out.has_occurrence(at) {
            let noted = merged
                .notes
                .iter()
                .any(|c| matches!(c, Conflict::Occurrence { original, .. } if *original == at));
            rule(&b, &m, &t, &out.change_at(at), noted);
        } else {
            assert_eq!(out.change_at(at), OccurrenceChange::AsScheduled);
            let (kept, _) = pick(&b, &m, &t);
            let noted = merged
                .notes
                .iter()
                .any(|c| matches!(c, Conflict::Dropped { original, .. } if *original == at));
            assert_eq!(
                noted,
                kept != b && kept != OccurrenceChange::AsScheduled,
                "{at}"
            );
        }
    }
    merged
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn edits_on_both_sides_merged_in_random_rounds_converge(start in side(), history in steps()) {
        let (mut base, mut mine, mut theirs) = (start.clone(), start.clone(), start);
        for step in history.iter().chain(std::iter::once(&Step::Sync)) {
            match step {
                Step::Mine(e) => apply(&mut mine, e, Side::Bearing),
                Step::Theirs(e) => apply(&mut theirs, e, Side::Calendar),
                Step::Sync => {
                    let merged = check_merge(&base, &mine, &theirs);
                    base = merged.side.clone();
                    mine = merged.side.clone();
                    theirs = merged.side;
                    let again = merge(&base, &mine, &theirs);
                    prop_assert!(again.notes.is_empty() && !again.mine_changed && !again.theirs_changed);
                    prop_assert_eq!(&again.side, &base);
                }
            }
        }
        prop_assert_eq!(&mine, &theirs);
    }

    #[test]
    fn one_side_unchanged_takes_the_other(base in side(), edits in prop::collection::vec((any::<bool>(), edit()), 0..8)) {
        let mut changed = base.clone();
        for (by_bearing, e) in &edits {
            apply(&mut changed, e, if *by_bearing { Side::Bearing } else { Side::Calendar });
        }
        let unchanged = merge(&base, &base, &base);
        prop_assert_eq!(&unchanged.side, &base);
        prop_assert!(unchanged.notes.is_empty());
        let mine = merge(&base, &changed, &base);
        prop_assert_eq!(&mine.side, &changed);
        prop_assert!(mine.notes.is_empty() && !mine.mine_changed);
        let theirs = merge(&base, &base, &changed);
        prop_assert_eq!(&theirs.side, &changed);
        prop_assert!(theirs.notes.is_empty() && !theirs.theirs_changed);
    }

    #[test]
    fn two_renames_keep_bearings_with_a_note(base in side(), a in 0..TEXTS.len(), other in 1..TEXTS.len()) {
        let base = BlockSide { title: "The agreed title".into(), ..base };
        let b = (a + other) % TEXTS.len();
        let mine = BlockSide { title: TEXTS[a].into(), ..base.clone() };
        let theirs = BlockSide { title: TEXTS[b].into(), ..base.clone() };
        let merged = check_merge(&base, &mine, &theirs);
        prop_assert_eq!(&merged.side, &mine);
        prop_assert_eq!(
            &merged.notes,
            &vec![Conflict::Title { theirs: TEXTS[b].into(), mine: TEXTS[a].into() }]
        );
    }

    #[test]
    fn the_agreed_version_reads_back_from_json(side in side()) {
        let json = serde_json::to_string(&side).unwrap();
        prop_assert_eq!(serde_json::from_str::<BlockSide>(&json).unwrap(), side);
    }
}
