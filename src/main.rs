//! The `bearing` binary: parse arguments, then run a subcommand or the terminal interface.

use std::process::ExitCode;

use anyhow::Context;
use bearing::cli::{Cli, Paths};
use bearing::domain::clock::{Clock, SystemClock, detect_zone, pinned_clock};
use bearing::tui::{self, App, theme};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bearing: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let paths = Paths::resolve(&cli.global)?;
    let (zone, zone_warning) = detect_zone(std::env::var("TZ").ok().as_deref());
    if let Some(warning) = &zone_warning {
        eprintln!("bearing: warning: {warning}");
    }
    // BEARING_NOW pins "now" for scripts, demos, bug reports and tests.
    let clock: Box<dyn Clock> = match std::env::var_os("BEARING_NOW") {
        Some(text) => Box::new(pinned_clock(&text.to_string_lossy(), zone)?),
        None => Box::new(SystemClock::in_zone(zone)),
    };
    match cli.command {
        Some(command) => bearing::cli::run(
            &paths,
            clock.as_ref(),
            command,
            &mut std::io::stdout().lock(),
        ),
        None => {
            let config = paths.load_config()?;
            // A journal that cannot be written still opens, and says so.
            let store = paths.open_journal(bearing::store::OpenMode::Write)?;
            let read_only = store.read_only().map(|why| why.explain(&paths.journal));
            let theme = theme::Theme::new(&config.colors, theme::no_color_requested());
            let mut app = App::new(store, config, theme, clock);
            if let Some(warning) = zone_warning.into_iter().chain(read_only).last() {
                app.show_warning(warning);
            }
            if let Some(screen) = cli.render_once {
                app.update(tui::Action::ShowScreen(screen.into()));
                let (width, height) = cli.size;
                println!("{}", tui::render_to_string(&app, width, height));
                return Ok(());
            }
            tui::run(app).context("the terminal interface failed")
        }
    }
}
