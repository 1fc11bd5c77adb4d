//! The terminal interface: lifecycle, the event loop, and one module per screen.
//!
//! The loop is key -> [`keymap::resolve`] -> [`Action`] -> [`App::update`] -> draw.

pub mod about;
pub mod action;
pub mod app;
pub mod background;
pub mod changed;
pub mod context;
pub mod editor;
pub mod entry_editor;
pub mod event;
pub mod form;
pub mod hits;
pub mod journal_sync;
pub mod key;
pub mod keymap;
mod mouse;
pub mod push;
pub mod refresh;
pub mod screens;
pub mod session;
pub mod strings;
pub mod text;
pub mod theme;
pub mod ui;
pub mod unlock;

#[cfg(test)]
mod app_tests;

#[cfg(test)]
mod snapshot_tests;

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{
    self as terminal_event, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste,
    EnableMouseCapture, Event,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

pub use action::Action;
pub use app::App;

use crate::io::editor::{EditError, Edited};

/// How often the draft is autosaved (when it changed) and the day checked.
pub const TICK: Duration = Duration::from_millis(500);

/// Turns bracketed paste on for as long as it lives, so a paste arrives as one event
/// instead of keys that would run commands.
struct BracketedPaste;

impl BracketedPaste {
    fn enable() -> io::Result<BracketedPaste> {
        execute!(io::stdout(), EnableBracketedPaste)?;
        Ok(BracketedPaste)
    }
}

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
    }
}

/// Captures the mouse for as long as it lives (`[ui] mouse`, on by default).
struct MouseCapture(bool);

impl MouseCapture {
    fn enable(on: bool) -> io::Result<MouseCapture> {
        if on {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok(MouseCapture(on))
    }
}

impl Drop for MouseCapture {
    fn drop(&mut self) {
        if self.0 {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
    }
}

/// Runs the interface until the user quits. The terminal is restored on return, on error
/// and on panic (ratatui's panic hook); a panic on a background thread is told as that
/// work's failure instead ([`background`]).
pub fn run(app: App) -> anyhow::Result<()> {
    let mut terminal = ratatui::try_init()?;
    background::quiet_workers_panics();
    let mouse = app.config.ui.mouse;
    let result = BracketedPaste::enable()
        .and_then(|paste| MouseCapture::enable(mouse).map(|m| (paste, m)))
        .map_err(anyhow::Error::from)
        .and_then(|guards| {
            let r = event_loop(&mut terminal, app);
            drop(guards);
            r
        });
    // Ended while the editor had the terminal: it was restored then, and may be gone
    // now (a hangup), where restoring it again would only fail.
    if !result
        .as_ref()
        .is_err_and(anyhow::Error::is::<crate::io::editor::Ended>)
    {
        ratatui::restore();
    }
    result
}

/// Renders one frame into a headless buffer of the given size and returns it as text.
/// Used by `bearing --render-once` for start-up measurements and by tests.
pub fn render_to_string(app: &App, width: u16, height: u16) -> String {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(app, area, &mut buf);
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> anyhow::Result<()> {
    let mut last_tick = Instant::now();
    let mut refreshing = None;
    let mut pushing = None;
    let mut syncing = None;
    app.handle(event::Event::Started);
    while app.running {
        match app.pending.take() {
            Some(app::Task::RefreshCalendars(stale)) => refreshing = Some(refresh::start(stale)),
            Some(app::Task::PushBlocks(waiting)) => pushing = Some(push::start(waiting)),
            Some(app::Task::SyncJournal(waiting)) => syncing = Some(journal_sync::start(waiting)),
            other => app.pending = other,
        }
        terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
        if let Some(done) = refreshing.as_ref().and_then(|r| r.try_recv().ok()) {
            refreshing = None;
            app.handle(event::Event::CalendarsRefreshed(done));
            continue;
        }
        if let Some(done) = pushing.as_ref().and_then(|r| r.try_recv().ok()) {
            pushing = None;
            app.handle(event::Event::BlocksPushed(done));
            continue;
        }
        if let Some(done) = syncing.as_ref().and_then(|r| r.try_recv().ok()) {
            syncing = None;
            app.handle(event::Event::JournalSynced(done));
            continue;
        }
        if let Some(app::Task::ExternalEdit { target, text }) = app.pending.take() {
            let edited = suspended(terminal, app.config.ui.mouse, || {
                crate::io::editor::edit(&text, crate::domain::entry::MAX_BODY_BYTES)
            });
            let result = match edited {
                // Asked to end meanwhile: the terminal is left as the editor left it.
                Ok(Err(EditError::Signalled { signal, unfinished })) => {
                    let kept = app.keep_unfinished_edit(&target, unfinished);
                    return Err(crate::io::editor::Ended { signal, kept }.into());
                }
                Ok(edited) => edited.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            app.handle(event::Event::ExternalEditFinished(target, result));
            continue;
        }
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if terminal_event::poll(timeout)? {
            // Take every event already queued before drawing again, so a burst of keys
            // (or a paste without bracketed paste) is one redraw, not many.
            let width = terminal.size()?.width;
            loop {
                handle_event(&mut app, terminal_event::read()?, width);
                if !app.running || app.pending.is_some() || !terminal_event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        if last_tick.elapsed() >= TICK {
            app.handle(event::Event::Tick);
            last_tick = Instant::now();
        }
    }
    app.flush_editors();
    Ok(())
}

fn handle_event(app: &mut App, event: Event, width: u16) {
    let action = match event {
        Event::Key(key) => keymap::resolve(app, key),
        Event::Paste(text) => Some(Action::PasteText(text)),
        Event::Mouse(mouse) => return app.mouse(mouse, width),
        _ => None,
    };
    if let Some(action) = action {
        app.update(action);
    }
}

/// Hands the terminal to `$EDITOR` (`edit`), then takes it back and redraws everything;
/// unless a signal asked bearing to end meanwhile (the terminal may be gone).
fn suspended(
    terminal: &mut DefaultTerminal,
    mouse: bool,
    edit: impl FnOnce() -> Result<Edited, EditError>,
) -> io::Result<Result<Edited, EditError>> {
    let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
    let result = edit();
    if matches!(result, Err(EditError::Signalled { .. })) {
        return Ok(result);
    }
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    terminal.clear()?;
    Ok(result)
}

#[cfg(test)]
mod conversations_tests;

#[cfg(test)]
mod two_windows_tests;
