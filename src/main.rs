//! The `bearing` binary: parse arguments, then run a subcommand or the terminal interface.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use bearing::cli::{Cli, Paths, note};
use bearing::domain::clock::{Clock, SystemClock, detect_zone, pinned_clock};
use bearing::tui::{self, App, theme};
use clap::Parser;

fn main() -> ExitCode {
    bearing::io::private_by_default();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`bearing list | head -1`) is not a failure.
        Err(e) if bearing::cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            note(format_args!("bearing: {e:#}"));
            // Asked to end while $EDITOR was open: the status a shell expects of that.
            match e.downcast_ref::<bearing::io::editor::Ended>() {
                Some(ended) => ExitCode::from(ended.signal.exit_code()),
                None => ExitCode::FAILURE,
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(command) = &cli.command
        && let Some(done) = bearing::cli::run_without_journal(command, &mut std::io::stdout())
    {
        return done;
    }
    let paths = Paths::resolve(&cli.global)?;
    let (zone, zone_warning) = detect_zone(std::env::var("TZ").ok().as_deref());
    if let Some(warning) = &zone_warning {
        note(format_args!("bearing: warning: {warning}"));
    }
    // BEARING_NOW pins "now" for scripts, demos, bug reports and tests.
    let clock: Box<dyn Clock> = match std::env::var_os("BEARING_NOW") {
        Some(text) => Box::new(pinned_clock(&text.to_string_lossy(), zone)?),
        None => Box::new(SystemClock::in_zone(zone)),
    };
    match cli.command {
        Some(command) => {
            // Output is gathered, then written with control characters made visible (see
            // `cli::visible`); what a failing command wrote before it failed still shows.
            let keep_cr = bearing::cli::keeps_carriage_returns(&command);
            let mut output = Vec::new();
            let result = bearing::cli::run(&paths, clock.as_ref(), command, &mut output);
            let text = String::from_utf8_lossy(&output);
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bearing::cli::visible(&text, keep_cr).as_bytes())?;
            stdout.flush()?;
            result
        }
        None => {
            let config = paths.load_config()?;
            // Keys the interface cannot use are refused before it starts, by their line.
            if let Err(e) = tui::about::check_keys(&config.keys) {
                anyhow::bail!(
                    "config file {}, line {}: {}",
                    paths.config.display(),
                    e.line,
                    e.message
                );
            }
            let on_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            // A journal that cannot be written still opens, and says so. An encrypted one
            // is unlocked before the first frame, in the interface's own prompt, unless a
            // passphrase command unlocks it.
            let mut journal = if on_terminal
                && cli.render_once.is_none()
                && bearing::io::passphrase::configured_command(&config).is_none()
            {
                tui::unlock::open(&paths.journal)?
            } else {
                paths.open_journal(bearing::app::journal::OpenMode::Write)?
            };
            // Said of the real file (a link followed): its folder is the one to make writable.
            let file = bearing::app::entries::journal_file(&journal).unwrap_or(&paths.journal);
            let read_only = journal.read_only().map(|why| why.explain(file));
            let recovered = if cli.render_once.is_none() && read_only.is_none() {
                leftovers_taken_in(&mut journal, clock.as_ref())
            } else {
                None
            };
            let theme = theme::Theme::new(&config.colors, theme::no_color_requested());
            // A first frame of another screen does not wait for Today's.
            let first = cli.render_once.unwrap_or(tui::about::Screen::Today);
            let mut app = App::opening(journal, config, theme, clock, first);
            if let Some(text) = recovered {
                app.show_notice(text);
            }
            if let Some(warning) = zone_warning.into_iter().chain(read_only).last() {
                app.show_warning(warning);
            }
            if let Some(screen) = cli.render_once {
                app.update(tui::Action::ShowScreen(screen));
                let (width, height) = cli.size;
                let mut out = std::io::stdout().lock();
                writeln!(out, "{}", tui::render_to_string(&app, width, height))?;
                return Ok(());
            }
            if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
                anyhow::bail!("{}", bearing::cli::NEEDS_A_TERMINAL);
            }
            tui::run(app).map_err(|e| {
                if e.is::<bearing::io::editor::Ended>() {
                    e
                } else {
                    e.context("the terminal interface failed")
                }
            })
        }
    }
}

/// Takes in, as drafts, the text editors of ended bearings left in the temporary folders
/// (a `kill -9` or a power cut while `$EDITOR` was open): what the interface says of it.
fn leftovers_taken_in(journal: &mut bearing::app::Journal, clock: &dyn Clock) -> Option<String> {
    use bearing::app::drafts;
    match drafts::recover_leftovers(journal, bearing::app::Now::of(clock)) {
        Ok(r) if r.taken > 0 => Some(drafts::RECOVERED.to_string()),
        Ok(r) => r.too_long.first().map(|file| {
            format!(
                "{} holds text an editor left, longer than an entry takes; it stays there until you move it",
                file.display()
            )
        }),
        Err(e) => Some(format!(
            "text an editor left could not be taken in, and stays where it is: {e}"
        )),
    }
}
