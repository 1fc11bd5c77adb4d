//! Week screen: update tests on an App with a real in-memory store.

use super::{BlockField, Editing};
use crate::app::{Journal, Now, blocks};
use crate::config::{Colors, Config};
use crate::domain::FixedClock;
use crate::domain::block::{BlockSpec, Mark, OccurrenceRef, OccurrenceStatus, Repeat};
use crate::store::Store;
use crate::testkit::blocks::{local, spec, weekly};
use crate::testkit::tui::{app_at, screen, send, type_text};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::form::Form;
use crate::tui::theme::Theme;
use chrono::{NaiveDate, Weekday};
use chrono_tz::Europe::Berlin;

/// Sunday 22 November 2026, 09:40 in Berlin.
const NOW: &str = "2026-11-22T09:40:00+01:00";

/// A busy week 23-29 November: a weekly series, an overlap, a skip, a move, an early item.
pub(crate) fn busy_store() -> Store {
    let mut journal = Journal::new(Store::open_in_memory().unwrap());
    let now = Now {
        at: chrono::DateTime::parse_from_rfc3339(NOW).unwrap(),
        zone: Berlin,
    };
    let mut add = |spec: BlockSpec| blocks::add(&mut journal, now, spec).unwrap();
    let vision = add(spec(
        "Vision work",
        "2026-11-24 09:00",
        120,
        weekly(&[Weekday::Tue, Weekday::Thu]),
    ));
    add(spec("Hiring plan", "2026-11-24 10:00", 90, Repeat::Once));
    let coaching = add(spec(
        "Coaching prep",
        "2026-11-23 08:00",
        60,
        weekly(&[Weekday::Mon, Weekday::Wed, Weekday::Fri]),
    ));
    add(spec("Early strategy", "2026-11-26 06:00", 60, Repeat::Once));
    add(spec(
        "Reflect on the week",
        "2026-11-22 07:30",
        45,
        Repeat::Once,
    ));
    let at = |block_id, original| OccurrenceRef {
        block_id,
        original: local(original),
    };
    blocks::mark(
        &mut journal,
        at(coaching.id, "2026-11-25 08:00"),
        Mark::Skipped,
    )
    .unwrap();
    blocks::move_occurrence(
        &mut journal,
        now,
        at(vision.id, "2026-11-26 09:00"),
        local("2026-11-27 14:00"),
        false,
    )
    .unwrap();
    journal.into_store_for_tests()
}

pub(crate) fn on_week(store: Store) -> App {
    let mut app = app_at(store, NOW);
    app.update(Action::ShowScreen(Screen::Week));
    assert_eq!(app.screen, Screen::Week);
    app
}

fn titles(app: &App) -> Vec<String> {
    app.week
        .occurrences
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o.title,
                o.start.format("%a %H:%M"),
                o.status.as_str()
            )
        })
        .collect()
}

fn form_error(app: &App) -> Option<(usize, String)> {
    app.week.editing.form_error().cloned()
}

/// Whether the Week has a form open (it never opens the app's).
fn form_open(app: &App) -> bool {
    app.week.editing.is_form()
}

/// The block form, while it is open.
fn block_form(app: &mut App) -> &mut Form<BlockField> {
    match &mut app.week.editing {
        Editing::New(form) | Editing::Edit { form, .. } => form,
        other => panic!("no block form: {other:?}"),
    }
}

/// Whether no form nor window is open over the Week.
fn nothing_open(app: &App) -> bool {
    app.overlay.is_none() && matches!(app.week.editing, Editing::Nothing)
}

#[test]
fn the_week_holds_today_and_moves_by_weeks_and_days() {
    let mut app = on_week(busy_store());
    assert_eq!(
        app.week.start,
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    );
    assert_eq!(
        (app.week.day, app.week.slot),
        (6, 19),
        "cursor at Sunday 09:30"
    );
    app.update(Action::NextWeek);
    assert_eq!(
        app.week.start,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    );
    assert_eq!(app.week.occurrences.len(), 7);
    app.update(Action::PreviousWeek);
    app.update(Action::PreviousWeek);
    assert_eq!(
        app.week.start,
        NaiveDate::from_ymd_opt(2026, 11, 9).unwrap()
    );
    app.update(Action::ThisWeek);
    assert_eq!(
        app.week.start,
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    );
    // A day after Sunday is in the next week; a day before Monday in the previous one.
    app.update(Action::CursorRight);
    assert_eq!(
        (app.week.start.to_string(), app.week.day),
        ("2026-11-23".to_string(), 0)
    );
    app.update(Action::CursorLeft);
    assert_eq!(
        (app.week.start.to_string(), app.week.day),
        ("2026-11-16".to_string(), 6)
    );
    app.update(Action::CursorUp);
    app.update(Action::CursorUp);
    assert_eq!(app.week.slot, 17);
    app.update(Action::CursorDown);
    assert_eq!(app.week.slot, 18);
}

#[test]
fn the_first_day_of_the_week_comes_from_config() {
    let mut config = Config::default();
    config.week.first_day = crate::config::WeekdayName(Weekday::Sun);
    let app = App::new(
        crate::app::Journal::new(Store::open_in_memory().unwrap()),
        config,
        Theme::new(&Colors::default(), false),
        Box::new(FixedClock::new(NOW, Berlin)),
    );
    assert_eq!(
        app.week.start,
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    );
}

#[test]
fn overlapping_items_sit_side_by_side() {
    let mut app = on_week(busy_store());
    app.update(Action::NextWeek);
    let placed = app.week.place(Berlin);
    let tuesday: Vec<_> = placed.iter().filter(|p| p.day == 1).collect();
    assert_eq!(tuesday.len(), 2);
    assert!(tuesday.iter().all(|p| p.lanes == 2));
    assert_ne!(tuesday[0].lane, tuesday[1].lane);
    let wednesday: Vec<_> = placed.iter().filter(|p| p.day == 2).collect();
    assert_eq!(
        (wednesday[0].lanes, wednesday[0].from, wednesday[0].to),
        (1, 16, 18)
    );
}

#[test]
fn next_and_previous_item_walk_through_the_blocks_and_move_the_cursor() {
    let mut app = on_week(busy_store());
    app.update(Action::NextWeek);
    app.week.day = 0;
    app.week.slot = 0;
    app.week.selected = None;
    app.update(Action::NextItem);
    assert_eq!(
        app.week.selected_occurrence().unwrap().title,
        "Coaching prep"
    );
    assert_eq!((app.week.day, app.week.slot), (0, 16));
    app.update(Action::NextItem);
    assert_eq!(app.week.selected_occurrence().unwrap().title, "Vision work");
    app.update(Action::PreviousItem);
    assert_eq!(
        app.week.selected_occurrence().unwrap().title,
        "Coaching prep"
    );
}

#[test]
fn a_new_block_from_the_form_lands_at_the_cursor() {
    let mut app = on_week(Store::open_in_memory().unwrap());
    app.update(Action::NextWeek);
    app.week.day = 1; // Tuesday 24
    app.week.slot = 18; // 09:00
    app.update(Action::NewBlock);
    let form = block_form(&mut app);
    assert_eq!(form.value(BlockField::Start), "2026-11-24 09:00");
    type_text(&mut app, "Vision work");
    app.update(Action::NextField);
    type_text(&mut app, "Where we go next year");
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(Action::ClearField);
    type_text(&mut app, "1h30");
    app.update(Action::NextField);
    type_text(&mut app, "tue,thu");
    app.update(Action::NextField);
    type_text(&mut app, "2");
    app.update(Action::Save);
    assert!(!form_open(&app), "{:?}", form_error(&app));
    let blocks = app.journal.store_for_tests().list_blocks().unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].title, "Vision work");
    assert_eq!(blocks[0].intention, "Where we go next year");
    assert_eq!(blocks[0].minutes, 90);
    assert_eq!(
        blocks[0].repeat,
        Repeat::Weekly {
            days: vec![Weekday::Tue, Weekday::Thu],
            every: 2,
            until: None
        }
    );
    assert_eq!(
        titles(&app),
        [
            "Vision work Tue 09:00 planned",
            "Vision work Thu 09:00 planned"
        ]
    );
    assert_eq!(app.week.selected_occurrence().unwrap().title, "Vision work");
}

#[test]
fn the_form_reads_plain_words_and_says_what_it_read() {
    // Now is Sunday 22 November 2026: "tue 9:00" is Tuesday the 24th.
    let mut app = on_week(Store::open_in_memory().unwrap());
    app.update(Action::NewBlock);
    type_text(&mut app, "Vision work");
    block_form(&mut app).focus = 2;
    app.update(Action::ClearField);
    type_text(&mut app, "tue 9:00");
    block_form(&mut app).focus = 4;
    type_text(&mut app, "tue");
    block_form(&mut app).focus = 6;
    type_text(&mut app, "in 2 weeks");
    app.update(Action::Save);
    assert!(!form_open(&app), "{:?}", form_error(&app));
    let block = &app.journal.store_for_tests().list_blocks().unwrap()[0];
    assert_eq!(block.start, local("2026-11-24 09:00"));
    assert_eq!(
        block.repeat,
        Repeat::Weekly {
            days: vec![Weekday::Tue],
            every: 1,
            until: NaiveDate::from_ymd_opt(2026, 12, 6)
        }
    );
    let said = &app.status.as_ref().unwrap().text;
    assert!(said.contains("from Tue 24 Nov 2026 09:00"), "{said}");
    // Words without a time of day are refused at the field.
    app.update(Action::NewBlock);
    type_text(&mut app, "Other");
    block_form(&mut app).focus = 2;
    app.update(Action::ClearField);
    type_text(&mut app, "fri");
    app.update(Action::Save);
    let (at, message) = form_error(&app).unwrap();
    assert_eq!(at, 2);
    assert!(message.contains("no time of day"), "{message}");
}

#[test]
fn the_form_refuses_each_bad_input_and_saves_nothing() {
    // (field to type into, text, field blamed, words in the message)
    let cases: &[(usize, &str, usize, &str)] = &[
        (0, "", 0, "needs a title"),
        (3, "0", 3, "5 minutes to 12 hours"),
        (3, "-30", 3, "5 minutes to 12 hours"),
        (3, "13h", 3, "5 minutes to 12 hours"),
        (2, "2026-02-30 09:00", 2, "not a date"),
        (2, "2026-03-29 02:30", 2, "does not exist"),
        (4, "mon,tus", 4, "'tus' is not a weekday"),
        (6, "2026-11-01", 6, "before the block starts"),
        (5, "0", 5, "every 1 to 52 weeks"),
    ];
    for (field, text, blamed, words) in cases {
        let mut app = on_week(Store::open_in_memory().unwrap());
        app.update(Action::NewBlock);
        type_text(&mut app, "Title");
        if *field != 4 && (*field == 5 || *field == 6) {
            // A repeat needs weekdays first.
            block_form(&mut app).focus = 4;
            type_text(&mut app, "tue");
        }
        block_form(&mut app).focus = *field;
        app.update(Action::ClearField);
        type_text(&mut app, text);
        app.update(Action::Save);
        let (at, message) = form_error(&app).unwrap_or_else(|| panic!("{text:?} was accepted"));
        assert_eq!(at, *blamed, "{text:?}: {message}");
        assert!(message.contains(words), "{text:?}: {message}");
        assert_eq!(
            block_form(&mut app).focus,
            *blamed,
            "the cursor goes to the field"
        );
        assert!(
            app.journal
                .store_for_tests()
                .list_blocks()
                .unwrap()
                .is_empty(),
            "{text:?} saved something"
        );
    }
    // Every or until without weekdays is refused at the weekdays.
    let mut app = on_week(Store::open_in_memory().unwrap());
    app.update(Action::NewBlock);
    type_text(&mut app, "Title");
    block_form(&mut app).focus = 5;
    type_text(&mut app, "2");
    app.update(Action::Save);
    assert_eq!(form_error(&app).unwrap().0, 4);
    app.update(Action::CancelForm);
    assert!(!form_open(&app));
    assert!(
        app.journal
            .store_for_tests()
            .list_blocks()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn skip_mark_move_and_clear_one_occurrence() {
    let mut app = on_week(busy_store());
    app.update(Action::NextWeek);
    app.week.day = 0;
    app.week.slot = 16; // Monday 08:00, Coaching prep
    app.week.select_at_cursor(Berlin);
    app.update(Action::SkipOccurrence);
    type_text(&mut app, "all-hands");
    app.update(Action::Save);
    let o = app.week.selected_occurrence().unwrap();
    assert_eq!(
        (o.status, o.reason.as_deref()),
        (OccurrenceStatus::Skipped, Some("all-hands"))
    );
    // The block is still ahead: marking it kept asks first, and "no" changes nothing.
    app.update(Action::MarkKept);
    assert!(matches!(app.week.editing, Editing::ConfirmKept(_)));
    assert!(
        screen(&app, 80, 24)
            .backend()
            .to_string()
            .contains("still ahead")
    );
    app.update(Action::CloseOverlay);
    assert_eq!(
        app.week.selected_occurrence().unwrap().status,
        OccurrenceStatus::Skipped
    );
    send(&mut app, [Action::MarkKept, Action::Confirm]);
    assert_eq!(
        app.week.selected_occurrence().unwrap().status,
        OccurrenceStatus::Kept
    );
    app.update(Action::MarkPartlyKept);
    type_text(&mut app, "60");
    app.update(Action::Save);
    assert!(
        form_error(&app)
            .unwrap()
            .1
            .contains("not part of a 60-minute block")
    );
    app.update(Action::ClearField);
    type_text(&mut app, "20");
    app.update(Action::Save);
    let o = app.week.selected_occurrence().unwrap();
    assert_eq!(
        (o.status, o.kept_minutes),
        (OccurrenceStatus::PartlyKept, 20)
    );
    app.update(Action::ClearMark);
    assert_eq!(
        app.week.selected_occurrence().unwrap().status,
        OccurrenceStatus::Planned
    );
    // Move it to Tuesday 15:00; the cursor's cell is then empty.
    app.update(Action::MoveOccurrence);
    app.update(Action::ClearField);
    type_text(&mut app, "2026-11-24 15:00");
    app.update(Action::Save);
    assert!(!form_open(&app));
    assert!(titles(&app).contains(&"Coaching prep Tue 15:00 planned".to_string()));
    assert!(!titles(&app).contains(&"Coaching prep Mon 08:00 planned".to_string()));
    // A move into a DST gap is refused.
    app.week.day = 1;
    app.week.slot = 30;
    app.week.select_at_cursor(Berlin);
    app.update(Action::MoveOccurrence);
    app.update(Action::ClearField);
    type_text(&mut app, "2027-03-28 02:30");
    app.update(Action::Save);
    assert!(form_error(&app).unwrap().1.contains("does not exist"));
}

#[test]
fn deleting_asks_which_occurrences() {
    let mut app = on_week(busy_store());
    app.update(Action::NextWeek);
    let select = |app: &mut App, day: usize, slot: usize| {
        app.week.day = day;
        app.week.slot = slot;
        app.week.select_at_cursor(Berlin);
    };
    select(&mut app, 4, 16); // Friday coaching
    app.update(Action::DeleteBlock);
    assert!(matches!(
        app.week.editing,
        Editing::DeleteScope {
            repeating: true,
            ..
        }
    ));
    app.update(Action::CloseOverlay);
    assert_eq!(
        app.week.occurrences.len(),
        7,
        "closing the question keeps everything"
    );
    send(
        &mut app,
        [Action::DeleteBlock, Action::ChooseThisOccurrence],
    );
    assert!(
        !titles(&app)
            .iter()
            .any(|t| t.starts_with("Coaching prep Fri"))
    );
    assert!(
        titles(&app)
            .iter()
            .any(|t| t.starts_with("Coaching prep Mon"))
    );
    // Monday's: this and the following removes the rest of the series.
    select(&mut app, 0, 16);
    send(&mut app, [Action::DeleteBlock, Action::ChooseFollowing]);
    assert!(!titles(&app).iter().any(|t| t.starts_with("Coaching prep")));
    // A one-off asks yes or no.
    select(&mut app, 1, 20); // Tuesday 10:00 Hiring plan
    assert_eq!(app.week.selected_occurrence().unwrap().title, "Hiring plan");
    app.update(Action::DeleteBlock);
    assert!(matches!(
        app.week.editing,
        Editing::DeleteScope {
            repeating: false,
            ..
        }
    ));
    app.update(Action::Confirm);
    assert!(!titles(&app).iter().any(|t| t.starts_with("Hiring plan")));
    // The whole series.
    select(&mut app, 1, 18);
    send(&mut app, [Action::DeleteBlock, Action::ChooseAll]);
    assert!(!titles(&app).iter().any(|t| t.starts_with("Vision work")));
    // "This and following" from the first occurrence removed all of Coaching prep.
    assert_eq!(
        app.journal.store_for_tests().list_blocks().unwrap().len(),
        2
    );
}

#[test]
fn editing_a_series_asks_all_or_from_here() {
    let mut app = on_week(busy_store());
    app.update(Action::NextWeek);
    app.update(Action::NextWeek);
    app.week.day = 1;
    app.week.slot = 18; // Tuesday 1 December, Vision work
    app.week.select_at_cursor(Berlin);
    app.update(Action::EditBlock);
    let form = block_form(&mut app);
    assert_eq!(form.value(BlockField::Title), "Vision work");
    assert_eq!(form.value(BlockField::Start), "2026-12-01 09:00");
    app.update(Action::ClearField);
    type_text(&mut app, "Vision (new room)");
    app.update(Action::Save);
    assert!(matches!(app.week.editing, Editing::EditScope { .. }));
    app.update(Action::ChooseFollowing);
    let said = app.status.as_ref().unwrap().text.clone();
    assert!(said.contains("they are a new series now"), "{said}");
    assert!(
        titles(&app)
            .iter()
            .any(|t| t == "Vision (new room) Tue 09:00 planned"),
        "{:?}",
        titles(&app)
    );
    assert!(!titles(&app).iter().any(|t| t.starts_with("Vision work")));
    app.update(Action::PreviousWeek);
    assert!(
        titles(&app)
            .iter()
            .any(|t| t == "Vision work Tue 09:00 planned"),
        "earlier weeks keep the old title"
    );
    // Editing all occurrences renames every week.
    app.week.day = 1;
    app.week.slot = 18;
    app.week.select_at_cursor(Berlin);
    app.update(Action::EditBlock);
    app.update(Action::ClearField);
    type_text(&mut app, "Vision");
    send(&mut app, [Action::Save, Action::ChooseAll]);
    assert!(titles(&app).iter().any(|t| t == "Vision Tue 09:00 planned"));
}

#[test]
fn today_lists_todays_blocks() {
    let app = app_at(busy_store(), NOW);
    let blocks: Vec<_> = app.today.blocks.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(blocks, ["Reflect on the week"]);
    assert_eq!(
        app.today.blocks[0].status,
        OccurrenceStatus::Kept,
        "07:30-08:15 is past at 09:40"
    );
    let text = screen(&app, 80, 24).backend().to_string();
    assert!(
        text.contains("Planned today") && text.contains("07:30–08:15 Reflect on the week (kept)"),
        "{text}"
    );
}

#[test]
fn actions_without_a_block_say_so() {
    let mut app = on_week(Store::open_in_memory().unwrap());
    for action in [
        Action::SkipOccurrence,
        Action::MoveOccurrence,
        Action::MarkKept,
        Action::MarkPartlyKept,
        Action::ClearMark,
        Action::EditBlock,
        Action::DeleteBlock,
    ] {
        app.update(action.clone());
        assert!(nothing_open(&app), "{action:?}");
        assert!(
            app.status.as_ref().unwrap().text.contains("No block here"),
            "{action:?}"
        );
    }
    app.update(Action::OpenItem);
    assert!(app.overlay.is_none() && nothing_open(&app));
}

#[test]
fn week_renders_at_every_small_size_without_panic() {
    let mut app = on_week(busy_store());
    app.update(Action::NextWeek);
    for (w, h) in [
        (0, 0),
        (1, 1),
        (20, 5),
        (50, 14),
        (51, 15),
        (63, 20),
        (300, 100),
    ] {
        screen(&app, w, h);
    }
    app.update(Action::OpenItem);
    for (w, h) in [(50, 14), (80, 24)] {
        screen(&app, w, h);
    }
    app.update(Action::CloseOverlay);
}

#[test]
fn many_overlapping_items_draw_at_every_width_with_a_count_of_the_rest() {
    // Eleven blocks at the same hour on Tuesday 24 November.
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..11 {
        store
            .insert_block(
                &spec(&format!("Block {i}"), "2026-11-24 10:00", 60, Repeat::Once),
                Berlin,
            )
            .unwrap();
    }
    let mut app = on_week(store);
    app.update(Action::NextWeek);
    for w in 40..=220 {
        for h in [14, 24, 41] {
            screen(&app, w, h);
        }
    }
    let text = screen(&app, 80, 40).backend().to_string();
    assert!(text.contains('+'), "{text}");
    assert!(text.contains("+10"), "{text}");
    let wide = screen(&app, 220, 40).backend().to_string();
    assert!(wide.contains("Block") && wide.contains("+5"), "{wide}");
}

#[test]
fn lanes_never_spill_out_of_their_column() {
    for inner in 0..40u16 {
        for lanes in 0..30usize {
            let Some(l) = super::layout::lane_layout(inner, lanes) else {
                assert!(inner == 0 || lanes == 0);
                continue;
            };
            let l = (l.drawn, l.width, l.lanes_width, l.more);
            let (drawn, width, lanes_width, more) = l;
            assert!(drawn >= 1 && drawn <= lanes, "{inner} {lanes} {l:?}");
            assert!(
                width * (drawn as u16 - 1) < lanes_width,
                "{inner} {lanes} {l:?}"
            );
            let used = lanes_width + if more { 3 } else { 0 };
            assert!(used <= inner, "{inner} {lanes} {l:?}");
            assert_eq!(more, drawn < lanes && inner > 3, "{inner} {lanes} {l:?}");
        }
    }
}

#[test]
fn the_details_say_how_the_block_repeats() {
    let mut app = on_week(busy_store());
    app.update(Action::NextWeek);
    app.week.day = 1;
    app.week.slot = 18;
    app.week.select_at_cursor(Berlin);
    assert_eq!(app.week.selected_occurrence().unwrap().title, "Vision work");
    app.update(Action::OpenItem);
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(text.contains("repeats weekly on tue, thu"), "{text}");
    app.update(Action::CloseOverlay);
    app.week.day = 1;
    app.week.slot = 20;
    app.week.select_at_cursor(Berlin);
    assert_eq!(app.week.selected_occurrence().unwrap().title, "Hiring plan");
    app.update(Action::OpenItem);
    let text = screen(&app, 100, 30).backend().to_string();
    assert!(text.contains("repeats once"), "{text}");
}
