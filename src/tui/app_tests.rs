//! What every screen shares: the help, tiny and huge terminals, no colour.

use crossterm::event::{KeyCode, KeyModifiers};

use super::action::Action;
use super::app::{App, Overlay};
use super::keymap;
use super::people_tests::people_store;
use super::test_support::{key_with as key, screen};
use super::theme::Theme;
use super::today_tests::{NOW, app, app_on, busy_store, press, screen_text, type_text};
use crate::config::{Colors, Config};
use crate::domain::FixedClock;

#[test]
fn the_help_lists_every_bound_key_and_closes() {
    let mut app = app();
    press(&mut app, '?');
    assert_eq!(app.overlay, Some(Overlay::Help));
    let text = screen_text(&app, 160, 48);
    let bindings = app.keys.bindings(keymap::Table::Today).iter();
    for binding in bindings.chain(app.keys.bindings(keymap::Table::Writing)) {
        assert!(text.contains(binding.help), "help lacks {:?}", binding.help);
    }
    press(&mut app, 'q');
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
        store,
        Config::default(),
        theme,
        Box::new(FixedClock::at(NOW)),
    );
    press(&mut app, 'i');
    type_text(&mut app, "#tag @Person");
    for overlay in [false, true] {
        if overlay {
            key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
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
    for s in ['1', '2', '3', '4'] {
        press(&mut app, s);
        for (w, h) in [(0, 0), (1, 1), (20, 5), (49, 13), (50, 14), (300, 100)] {
            screen(&app, w, h);
        }
    }
}

/// Every screen draws at every width up to 300 and every height up to 100 without
/// panicking, in browsing and in writing states.
#[test]
fn every_screen_renders_at_every_size() {
    use super::app::Screen;
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
    for screen in Screen::ALL {
        app.update(Action::ShowScreen(screen));
        for open in [false, true] {
            if open {
                // The screen's writing or detail state.
                key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
            }
            for &(w, h) in &sizes {
                let area = ratatui::layout::Rect::new(0, 0, w, h);
                buffer.resize(area);
                ratatui::widgets::Widget::render(&app, area, &mut buffer);
            }
            key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
        }
    }
}
