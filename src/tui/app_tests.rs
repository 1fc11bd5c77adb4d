//! What every screen shares: the help, tiny and huge terminals, no colour.

use crossterm::event::KeyCode;

use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::keymap;
use super::screens::people::tests::people_store;
use super::theme::Theme;
use crate::config::{Colors, Config};
use crate::domain::FixedClock;
use crate::store::Store;
use crate::testkit::tui::{NOW, app, app_on, busy_store, screen_text};
use crate::testkit::tui::{key, screen, type_text};

#[test]
fn the_help_lists_every_bound_key_and_closes() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    assert_eq!(app.overlay, Some(Overlay::Help));
    let text = screen_text(&app, 160, 48);
    let bindings = app.keys.bindings(keymap::Table::Today).iter();
    for binding in bindings.chain(app.keys.bindings(keymap::Table::Writing)) {
        assert!(text.contains(binding.help), "help lacks {:?}", binding.help);
    }
    // A key test: q, which quits elsewhere, closes the help.
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.overlay, None);
    assert!(app.running, "q closes the help, it does not quit");
}

#[test]
fn tiny_and_empty_terminals_do_not_panic() {
    let app = app_on(busy_store(), NOW);
    for (w, h) in [
        (0, 0),
        (1, 1),
        (20, 5),
        (49, 30),
        (200, 13),
        (50, 14),
        (300, 100),
    ] {
        screen(&app, w, h);
    }
    assert!(screen_text(&app, 20, 5).contains("Terminal too small"));
}

#[test]
fn no_color_draws_without_any_colour() {
    use ratatui::style::Color;
    let store = busy_store();
    let theme = Theme::new(&Colors::default(), true);
    let mut app = App::new(
        crate::app::Journal::new(store),
        Config::default(),
        theme,
        Box::new(FixedClock::at(NOW)),
    );
    app.update(Action::StartWriting);
    type_text(&mut app, "#tag @Person");
    for overlay in [false, true] {
        if overlay {
            app.update(Action::ToggleHelp);
        }
        let terminal = screen(&app, 120, 40);
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
    }
    // With colours allowed, something is coloured.
    let coloured = screen(&app_on(busy_store(), NOW), 120, 40);
    assert!(
        coloured
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}

#[test]
fn every_screen_renders_at_tiny_sizes_without_panic() {
    let mut app = app_on(people_store(), NOW);
    for s in [Screen::Today, Screen::Week, Screen::Audit, Screen::People] {
        app.update(Action::ShowScreen(s));
        for (w, h) in [(0, 0), (1, 1), (20, 5), (49, 13), (50, 14), (300, 100)] {
            screen(&app, w, h);
        }
    }
}

/// Every screen draws at every width up to 300 and every height up to 100 without
/// panicking, in browsing and in writing states.
#[test]
fn every_screen_renders_at_every_size() {
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in 0..=300u16 {
        for h in [0u16, 1, 2, 13, 14, 24, 100] {
            sizes.push((w, h));
        }
    }
    for h in 0..=100u16 {
        for w in [0u16, 1, 2, 49, 50, 80, 300] {
            sizes.push((w, h));
        }
    }
    let mut app = app_on(busy_store(), NOW);
    let mut buffer = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 300, 100));
    // Each screen's way into its writing or detail state (on this journal Week has no
    // block and Conversations no conversation to open) and back out; History's list
    // takes Back too (it closes a search, none here).
    for screen in Screen::ALL {
        let (open, leave_list, leave_open) = match screen {
            Screen::Today | Screen::Review => {
                (Some(Action::StartWriting), None, Some(Action::Back))
            }
            Screen::Week => (Some(Action::OpenItem), None, None),
            Screen::Conversations => (Some(Action::OpenConversation), None, None),
            Screen::History => (
                Some(Action::OpenItem),
                Some(Action::Back),
                Some(Action::Back),
            ),
            Screen::Audit | Screen::People | Screen::Calendars => (None, None, None),
        };
        app.update(Action::ShowScreen(screen));
        for (opened, leave) in [(None, leave_list), (open, leave_open)] {
            if let Some(action) = opened {
                app.update(action);
            }
            for &(w, h) in &sizes {
                let area = ratatui::layout::Rect::new(0, 0, w, h);
                buffer.resize(area);
                ratatui::widgets::Widget::render(&app, area, &mut buffer);
            }
            if let Some(action) = leave {
                app.update(action);
            }
        }
    }
}

#[test]
fn the_help_and_the_hints_show_the_users_keys_and_say_shift_tab() {
    let config = crate::config::Config::parse(
        "[keys.week]\nnew_block = \"B\"\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let mut app =
        crate::testkit::tui::app_with_config(Store::open_in_memory().unwrap(), config, NOW);
    app.update(Action::ShowScreen(Screen::Week));
    let text = screen_text(&app, 120, 30);
    assert!(text.contains("B new block"), "{text}");
    assert!(!text.contains("b new block"), "{text}");
    // A key test: the user's key replaces the default.
    key(&mut app, KeyCode::Char('b'));
    assert!(
        !app.week.editing.is_form(),
        "b is no longer a key of the Week screen"
    );
    key(&mut app, KeyCode::Char('B'));
    assert!(app.week.editing.is_form());
    app.update(Action::CancelForm);
    app.update(Action::ToggleHelp);
    let help = screen_text(&app, 160, 60);
    assert!(help.contains("B"), "{help}");
    assert!(help.contains("Shift-Tab"), "{help}");
    assert!(!help.contains("BackTab"), "{help}");
}

#[test]
fn keys_the_config_cannot_use_leave_the_defaults_and_say_which_line() {
    let config = crate::config::Config::parse(
        "\n[keys.week]\nnew_block = \"q\"\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let app = crate::testkit::tui::app_with_config(Store::open_in_memory().unwrap(), config, NOW);
    let status = app.status.clone().unwrap();
    assert!(status.is_error);
    assert!(status.text.contains("line 3"), "{}", status.text);
    assert!(status.text.contains("global.quit"), "{}", status.text);
}

/// Ctrl keys are shared by the editor widget and the tables: each means one thing
/// wherever it works (Ctrl-U is undo, so no table uses it; nor Ctrl-D, delete).
#[test]
fn a_ctrl_key_means_one_thing_on_every_screen() {
    let app = app();
    let mut meaning: std::collections::HashMap<keymap::Key, Action> = Default::default();
    for table in keymap::Table::ALL {
        for b in app.keys.bindings(table) {
            for k in &b.keys {
                if !k
                    .modifiers
                    .contains(crossterm::event::KeyModifiers::CONTROL)
                {
                    continue;
                }
                assert!(
                    !matches!(k.code, KeyCode::Char('u' | 'd' | 'w' | 'r')),
                    "{} is the editor's: {}.{}",
                    k.label(),
                    table.name(),
                    b.name
                );
                if let Some(other) = meaning.insert(*k, b.action.clone()) {
                    assert_eq!(other, b.action, "{} means two things", k.label());
                }
            }
        }
    }
}

#[test]
fn the_mouse_wheel_moves_and_a_click_on_a_tab_shows_it_unless_turned_off() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let at = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut app = app();
    let week = crate::tui::ui::tab_layout(&app, 120)
        .into_iter()
        .find(|(s, _, _)| *s == Screen::Week)
        .map(|(_, x, _)| x + 2)
        .unwrap();
    app.mouse(at(MouseEventKind::Down(MouseButton::Left), week, 0), 120);
    assert_eq!(app.screen, Screen::Week);
    // The wheel moves the Week's cursor half an hour, as j and k do.
    let slot = app.week.slot;
    app.mouse(at(MouseEventKind::ScrollDown, 40, 10), 120);
    assert_eq!(app.week.slot, slot + 1);
    app.mouse(at(MouseEventKind::ScrollUp, 40, 10), 120);
    assert_eq!(app.week.slot, slot);
    // A click below the tabs, or on no tab, shows nothing else.
    app.mouse(at(MouseEventKind::Down(MouseButton::Left), week, 5), 120);
    app.mouse(at(MouseEventKind::Down(MouseButton::Left), 2, 0), 120);
    assert_eq!(app.screen, Screen::Week);
    // While a form has the keys, the wheel does nothing.
    app.update(Action::NewBlock);
    app.mouse(at(MouseEventKind::ScrollDown, 40, 10), 120);
    assert_eq!(app.week.slot, slot);
    app.update(Action::CancelForm);
    // [ui] mouse = false leaves the mouse to the terminal.
    let config =
        crate::config::Config::parse("[ui]\nmouse = false\n", std::path::Path::new("config.toml"))
            .unwrap();
    let mut off =
        crate::testkit::tui::app_with_config(Store::open_in_memory().unwrap(), config, NOW);
    off.mouse(at(MouseEventKind::Down(MouseButton::Left), week, 0), 120);
    assert_eq!(off.screen, Screen::Today);
}

#[test]
fn a_click_selects_a_row_of_the_list_or_a_week_slot_where_the_last_frame_drew_it() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut app = app_on(people_store(), NOW);
    app.update(Action::ShowScreen(Screen::People));
    assert!(app.people.people.len() >= 3);
    let text = screen_text(&app, 120, 30);
    let third = &app.people.people[2].name;
    let y = text
        .lines()
        .position(|l| l.contains(third.as_str()))
        .unwrap_or_else(|| panic!("{text}")) as u16;
    app.mouse(click(5, y), 120);
    assert_eq!(app.people.list.selected(), Some(2), "{text}");
    // History's rows too.
    app.update(Action::ShowScreen(Screen::History));
    let text = screen_text(&app, 120, 30);
    assert!(app.history.rows.len() >= 2, "{text}");
    {
        let second = &app.history.rows[1].title;
        let y = text
            .lines()
            .position(|l| l.contains(second.as_str()))
            .unwrap_or_else(|| panic!("{text}")) as u16;
        app.mouse(click(10, y), 120);
        assert_eq!(app.history.selection.selected(), Some(1), "{text}");
    }
    // The Week: a click on a slot moves the cursor there.
    app.update(Action::ShowScreen(Screen::Week));
    let _ = screen_text(&app, 120, 40);
    let hit = (0..120)
        .flat_map(|x| (0..40).map(move |y| (x, y)))
        .find_map(|(x, y)| match app.hits.at(x, y) {
            Some(crate::tui::hits::Hit::Slot { day: 4, slot }) if slot != app.week.slot => {
                Some((x, y, slot))
            }
            _ => None,
        })
        .expect("a slot of the fifth day is drawn");
    app.mouse(click(hit.0, hit.1), 120);
    assert_eq!((app.week.day, app.week.slot), (4, hit.2));
}

#[test]
fn the_wheel_over_a_preview_scrolls_it_and_over_the_list_moves_through_the_list() {
    use crate::tui::hits::Hit;
    use crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
    let wheel = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut store = Store::open_in_memory().unwrap();
    let long: String = (1..=80).map(|i| format!("line {i}\n")).collect();
    for (at, body) in [
        ("2026-11-20T10:00:00+01:00", "An older entry"),
        ("2026-11-21T10:00:00+01:00", long.as_str()),
    ] {
        crate::testkit::tui::seed(&mut store, at, body, crate::domain::EntryKind::Note);
    }
    let mut app = app_on(store, NOW);
    app.update(Action::ShowScreen(Screen::History));
    screen_text(&app, 120, 30); // a frame records where the preview and rows are
    let find = |app: &App, want: fn(Hit) -> bool| {
        (0..30u16)
            .flat_map(|y| (0..120u16).map(move |x| (x, y)))
            .find(|&(x, y)| app.hits.at(x, y).is_some_and(want))
            .expect("drawn")
    };
    let (px, py) = find(&app, |h| h == Hit::Preview);
    let (lx, ly) = find(&app, |h| matches!(h, Hit::Row { .. }));
    let selected = app.history.selection.selected();
    app.mouse(wheel(MouseEventKind::ScrollDown, px, py), 120);
    let step = app.history.preview_scroll;
    assert!(step > 0, "the preview scrolled");
    app.mouse(wheel(MouseEventKind::ScrollDown, px, py), 120);
    assert_eq!(app.history.preview_scroll, 2 * step);
    assert_eq!(
        app.history.selection.selected(),
        selected,
        "the list stayed"
    );
    app.mouse(wheel(MouseEventKind::ScrollUp, px, py), 120);
    assert_eq!(app.history.preview_scroll, step);
    app.mouse(wheel(MouseEventKind::ScrollDown, lx, ly), 120);
    assert_ne!(app.history.selection.selected(), selected, "the list moved");
}
