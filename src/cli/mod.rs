//! Headless subcommands. Each takes the store (or paths) and a writer, so its output is
//! testable without a process; `main` wires them to the real terminal.

pub mod account;
pub mod agenda;
pub mod audit;
pub mod backup;
pub mod block;
pub mod calendars;
pub mod check;
pub mod classify;
mod config_cmd;
pub mod convo;
pub mod crypt;
pub mod delegate;
pub mod dev;
pub mod export;
pub mod import;
mod list;
pub mod people;
mod reflect;
pub mod refresh;
pub mod restore;
pub mod search;
pub mod sync;
pub mod today;

use std::path::PathBuf;

use anyhow::{Context, anyhow};
use clap::{Args, Parser, Subcommand};

pub use config_cmd::{ConfigArgs, show_config};

use crate::app::Journal;
use crate::app::journal::{self, OpenMode, StoreError};
use crate::config::{Config, DefaultPaths};
use crate::domain::dates;

/// bearing: a terminal coaching journal for people managers.
///
/// Run without a subcommand to open the journal in the terminal.
#[derive(Debug, Parser)]
#[command(name = "bearing", version, about, long_about = None)]
pub struct Cli {
    /// Where things live.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do; without one, the terminal interface opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Draw one frame of SCREEN to standard output instead of opening the interface, then
    /// exit (for start-up measurements; see "For developers" in the README).
    #[arg(long, value_enum, value_name = "SCREEN", hide = true)]
    pub render_once: Option<crate::tui::about::Screen>,
    /// The frame size for --render-once, COLSxROWS, at most 1000x1000.
    #[arg(long, value_name = "COLSxROWS", default_value = "200x60", value_parser = parse_size, requires = "render_once", hide = true)]
    pub size: (u16, u16),
}

/// The largest frame `--render-once` draws on a side (a terminal is far smaller; a
/// 65535x65535 frame would need 200 GB).
const MAX_FRAME_SIDE: u16 = 1000;

/// Free text given to an option: anything, a leading dash too (`--task "- draft"`),
/// but not what looks like an option itself (`--weekly`, `-e`): that is a value left
/// out, and taking the next option as the text would drop that option without a word.
pub fn free_text(text: &str) -> Result<String, String> {
    let t = text.trim();
    let long = t.len() > 2
        && t.starts_with("--")
        && t[2..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let short = t.len() == 2 && t.starts_with('-') && t.as_bytes()[1].is_ascii_alphabetic();
    if long || short {
        return Err(format!(
            "'{t}' is an option, not text: give the text first (it may start with a dash, as in \"- draft\")"
        ));
    }
    Ok(text.to_string())
}

/// Reads `COLSxROWS`, e.g. `200x60`.
fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let bad = || format!("'{text}' is not a size: expected COLSxROWS, e.g. 200x60");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u16, u16) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if w > MAX_FRAME_SIDE || h > MAX_FRAME_SIDE {
        return Err(format!(
            "'{text}' is too large: at most {MAX_FRAME_SIDE}x{MAX_FRAME_SIDE}"
        ));
    }
    Ok((w, h))
}

/// What bearing says when its interface is started without a terminal.
pub const NEEDS_A_TERMINAL: &str = "the journal's interface needs a terminal (standard input and output are not one). \
For scripts, use the commands: bearing reflect, list, search, audit, block, convo, people, import, export (bearing --help lists them all)";

/// `text` with every control character that could drive a terminal (C0 but newline and
/// tab, and carriage return unless `keep_cr`; DEL; C1) written as a visible `\u001b`
/// escape. Event titles come from whoever sent the invitation: an `ESC]0;` or `ESC[2J`
/// in one must not reach the terminal. The escape is JSON's own, so JSON output stays
/// valid (serde already escapes C0 inside strings; C1 it would leave raw).
pub fn visible(text: &str, keep_cr: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t' && !(keep_cr && c == '\r');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a command's output is a file format that needs its carriage returns
/// (iCalendar lines end in CRLF).
pub fn keeps_carriage_returns(command: &Command) -> bool {
    matches!(
        command,
        Command::Block(block::BlockArgs {
            command: block::BlockCommand::Export(_)
        })
    )
}

/// Writes a line to standard error for the user, ignoring a closed standard error (a
/// message nobody can read must not turn into a crash).
pub fn note(text: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{}", visible(&text.to_string(), false));
}

/// Whether an error is, at bottom, a write to a reader that went away.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes `bytes` to `path` all at once: into a private (0600) file beside it, renamed
/// into place when whole, so a reader never sees half a file. An existing file is replaced
/// only when `replace` says so. Errors name `path`, never the temporary file.
pub fn write_file_atomically(
    path: &std::path::Path,
    bytes: &[u8],
    replace: bool,
) -> anyhow::Result<()> {
    use std::io::Write;
    if !replace && path.exists() {
        anyhow::bail!(
            "{} already exists; pass --force to replace it, or choose another name",
            path.display()
        );
    }
    // The temporary file's own name in an error would only confuse: keep the kind.
    let plain = |e: std::io::Error| std::io::Error::from(e.kind());
    let cannot = || format!("cannot write {}", path.display());
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    // tempfile creates the file 0600: the journal is private, so are its copies.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(plain)
        .with_context(cannot)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(plain)
        .with_context(cannot)?;
    if replace {
        tmp.persist(path)
            .map_err(|e| plain(e.error))
            .with_context(cannot)?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| plain(e.error))
            .with_context(cannot)?;
    }
    Ok(())
}

/// Runs the commands that need no journal and no config (`completions`, `man`); `None`
/// for every other command.
pub fn run_without_journal(
    command: &Command,
    out: &mut impl std::io::Write,
) -> Option<anyhow::Result<()>> {
    use clap::CommandFactory;
    match command {
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "bearing", out);
            Some(Ok(()))
        }
        Command::Man => Some(
            clap_mangen::Man::new(Cli::command())
                .render(out)
                .map_err(anyhow::Error::from),
        ),
        _ => None,
    }
}

/// Options every subcommand takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The journal file [default: the platform data directory, e.g.
    /// ~/.local/share/bearing/journal.db]
    #[arg(long, global = true, env = "BEARING_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The config file [default: the platform config directory, e.g.
    /// ~/.config/bearing/config.toml]
    #[arg(long, global = true, env = "BEARING_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a reflection: from TEXT, else standard input when piped, else $EDITOR.
    Reflect(reflect::ReflectArgs),
    /// List entries, optionally filtered by date, tag, person or kind.
    List(list::ListArgs),
    /// Plan leadership time blocks, change occurrences, export them to your calendar.
    Block(block::BlockArgs),
    /// Prepare, record and follow up difficult conversations.
    Convo(convo::ConvoArgs),
    /// The people you lead: check-ins, nudges, direct reports and their 1:1s; rename, merge, link.
    People(people::PeopleArgs),
    /// Import a calendar (.ics file, `-` for standard input, or a private iCal URL).
    Import(import::ImportArgs),
    /// The imported calendars: list them, remove or rename one.
    Calendars(calendars::CalendarsArgs),
    /// Bring calendars up to date: every imported file or address read again, every
    /// CalDAV account's calendars synced.
    Refresh(refresh::RefreshArgs),
    /// CalDAV accounts: add one, choose the calendars to read and the one for blocks.
    Account(account::AccountArgs),
    /// One journal on several devices: init, join, status; alone, bring it up to date.
    Sync(sync::SyncArgs),
    /// Hand a task over with what done looks like; list, finish or drop delegations.
    Delegate(delegate::DelegateArgs),
    /// What to raise at the next 1:1 with someone; mark items discussed.
    Agenda(agenda::AgendaArgs),
    /// The day in one look: the prompt and why, blocks, meetings, conversations,
    /// follow-ups, agendas for today's 1:1s.
    Today(today::TodayArgs),
    /// Say whether events are managing, leading or not work.
    Classify(classify::ClassifyArgs),
    /// Hours managing versus leading this week (or a period) against the target.
    Audit(audit::AuditArgs),
    /// Search reflections, notes and conversations.
    Search(search::SearchArgs),
    /// Copy the journal to FILE safely, even while bearing is running.
    Backup(backup::BackupArgs),
    /// Read the whole journal file to find damage.
    Check(check::CheckArgs),
    /// Export the journal: Markdown to read, or JSON to keep everything.
    Export(export::ExportArgs),
    /// Load a JSON export into an empty journal.
    Restore(restore::RestoreArgs),
    /// Show where bearing's files live and the configuration in effect.
    Config(ConfigArgs),
    /// Encrypt the journal with a passphrase (asked twice, or from passphrase_command).
    Encrypt,
    /// Turn the encrypted journal back into a plain one.
    Decrypt,
    /// Change the encrypted journal's passphrase.
    Passphrase(crypt::PassphraseArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, e.g. `bearing man | man -l -`.
    Man,
    /// Tools for developing bearing: `dev seed` generates a large journal.
    #[command(hide = true)]
    Dev(dev::DevArgs),
}

/// The files bearing uses this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The journal database.
    pub journal: PathBuf,
    /// The config file.
    pub config: PathBuf,
    /// Whether the user named the config file (then it must exist).
    pub config_named: bool,
    /// Whether this run takes in what editors of ended bearings left in the temporary
    /// folders ([`Paths::take_leftovers`]): the binary's runs do; a test run in process
    /// leaves the machine's folders alone.
    pub leftovers: bool,
}

impl Paths {
    /// Resolves `--db`/`BEARING_DB` and `--config`/`BEARING_CONFIG` against the platform
    /// defaults.
    pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Paths> {
        let defaults = DefaultPaths::from_platform();
        let missing =
            || anyhow!("cannot find a home directory for bearing's files; pass --db and --config");
        let journal = match &global.db {
            Some(p) => p.clone(),
            None => defaults.as_ref().ok_or_else(missing)?.journal.clone(),
        };
        let (config, config_named) = match &global.config {
            Some(p) => (p.clone(), true),
            None => (defaults.as_ref().ok_or_else(missing)?.config.clone(), false),
        };
        Ok(Paths {
            journal,
            config,
            config_named,
            leftovers: true,
        })
    }

    /// Reads the configuration.
    pub fn load_config(&self) -> anyhow::Result<Config> {
        Ok(Config::load(&self.config, self.config_named)?)
    }

    /// Opens (creating on first use) the journal for a command that writes; a journal
    /// that can only be read is refused, saying why.
    pub fn open_to_write(&self) -> anyhow::Result<Journal> {
        let journal = self.open_journal(OpenMode::Write)?;
        if let Some(why) = journal.read_only() {
            // Said of the real file (a link followed): its folder is the one to make writable.
            let file = crate::app::entries::journal_file(&journal).unwrap_or(&self.journal);
            return Err(anyhow::Error::new(StoreError::ReadOnlyJournal {
                path: file.to_path_buf(),
                why,
            })
            .context(format!(
                "cannot write to the journal {}",
                self.journal.display()
            )));
        }
        Ok(journal)
    }

    /// Opens the journal for a command that only reads: a missing journal is an error
    /// (nothing is created), and one that cannot be written is still read.
    pub fn open_to_read(&self) -> anyhow::Result<Journal> {
        self.open_journal(OpenMode::Read)
    }

    /// Opens the journal as [`journal::open`] does, naming it in errors. An encrypted
    /// journal is opened with the passphrase command's passphrase, or one asked on the
    /// terminal.
    pub fn open_journal(&self, mode: OpenMode) -> anyhow::Result<Journal> {
        let mut journal = crypt::open(self, mode, true)?;
        for notice in journal.take_notices()? {
            note(format_args!("bearing: {notice}"));
        }
        Ok(journal)
    }
}

impl Paths {
    /// Takes in, as drafts, the text editors of ended bearings left in the temporary
    /// folders (a `kill -9` or a power cut while `$EDITOR` was open), and says so on
    /// standard error: for the commands that open `$EDITOR`, on a journal that can be
    /// written, when [`Paths::leftovers`] allows.
    pub fn take_leftovers(&self, journal: &mut Journal, clock: &dyn crate::domain::Clock) {
        if !self.leftovers || journal.read_only().is_some() {
            return;
        }
        match crate::app::drafts::recover_leftovers(journal, crate::app::Now::of(clock)) {
            Ok(recovered) => {
                if recovered.taken > 0 {
                    note(format_args!(
                        "bearing: {} (the interface opens it in Today)",
                        crate::app::drafts::RECOVERED
                    ));
                }
                for file in recovered.too_long {
                    note(format_args!(
                        "bearing: {} holds text an editor left, longer than an entry takes; it stays there until you move it",
                        file.display()
                    ));
                }
            }
            Err(e) => note(format_args!(
                "bearing: text an editor left could not be taken in, and stays where it is: {e}"
            )),
        }
    }
}

/// What a command ends with when a signal asked bearing to end while `$EDITOR` was open:
/// what the editor saved is kept as a draft of `journal` (a new one is a `kind`), else
/// left for the next start, and the error says which (and carries the exit status).
pub(crate) fn ended_in_editor(
    journal: Option<&mut Journal>,
    clock: &dyn crate::domain::Clock,
    kind: crate::domain::EntryKind,
    signal: crate::io::editor::EndSignal,
    unfinished: Option<crate::io::editor::Unfinished>,
) -> anyhow::Error {
    let kept = crate::app::drafts::keep_unfinished(
        journal,
        crate::app::Now::of(clock),
        crate::app::drafts::KeepIn::FreeSlot(kind),
        unfinished,
    );
    anyhow::Error::new(crate::io::editor::Ended { signal, kept })
}

/// A day the user typed for `flag` (ISO or plain words such as `fri`, `in 2 weeks`),
/// resolved against the clock. What plain words were read as is echoed on standard error.
pub(crate) fn read_day(
    clock: &dyn crate::domain::Clock,
    flag: &str,
    text: &str,
) -> anyhow::Result<chrono::NaiveDate> {
    let day = crate::domain::time::read_date(text, clock.now().naive_local())
        .map_err(|e| anyhow!("{flag}: {e}"))?;
    if !crate::domain::time::is_iso(text) {
        note(format_args!(
            "{flag} '{}' is {}",
            text.trim(),
            day.format(dates::DAY_YEAR)
        ));
    }
    Ok(day)
}

/// A local wall-clock time the user typed for `flag` (ISO or plain words such as
/// `tomorrow 9:00`), resolved against the clock and echoed like [`read_day`].
pub(crate) fn read_wall_time(
    clock: &dyn crate::domain::Clock,
    flag: &str,
    text: &str,
) -> anyhow::Result<chrono::NaiveDateTime> {
    let at = crate::domain::time::read_date_time(text, clock.now().naive_local())
        .map_err(|e| anyhow!("{flag}: {e}"))?;
    if !crate::domain::time::is_iso(text) {
        note(format_args!(
            "{flag} '{}' is {}",
            text.trim(),
            at.format(dates::DAY_TIME_YEAR)
        ));
    }
    Ok(at)
}

/// Like [`read_wall_time`], placed in the user's zone (a time in a daylight-saving gap
/// is refused).
pub(crate) fn read_time(
    clock: &dyn crate::domain::Clock,
    flag: &str,
    text: &str,
) -> anyhow::Result<chrono::DateTime<chrono::FixedOffset>> {
    let at = read_wall_time(clock, flag, text)?;
    crate::domain::time::localize_in(&clock.zone(), at).map_err(|e| anyhow!("{flag}: {e}"))
}

/// Opens the journal for a command that only reads (`reads`) or one that writes.
fn open(paths: &Paths, reads: bool) -> anyhow::Result<Journal> {
    if reads {
        paths.open_to_read()
    } else {
        paths.open_to_write()
    }
}

/// Opens the journal to read, or, before the first journal, an empty one: a shell
/// start-up runs `bearing today` before anything was written (a day with nothing planned
/// yet, not an error).
fn open_to_read_or_empty(paths: &Paths) -> anyhow::Result<Journal> {
    match paths.open_to_read() {
        Err(e) if matches!(e.downcast_ref(), Some(StoreError::NoJournal(_))) => {
            Ok(journal::in_memory()?)
        }
        other => other,
    }
}

/// Asks a yes/no question on the terminal; `false` when standard input is not one (a
/// script must say `--yes`).
fn ask_on_terminal(question: &str) -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return false;
    }
    let mut err = std::io::stderr();
    let _ = write!(err, "{}", visible(question, false));
    let _ = err.flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
}

/// Runs one subcommand, writing its output to `out`.
pub fn run(
    paths: &Paths,
    clock: &dyn crate::domain::Clock,
    command: Command,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let config = paths.load_config()?;
    match command {
        Command::Reflect(args) => reflect::run(paths, clock, &args, out),
        Command::Block(args) => block::run(paths, &config, clock, args, out),
        Command::List(args) => list::run(paths, clock, &args, out),
        Command::Convo(args) => convo::run(paths, clock, args, out),
        Command::People(args) => people::run(paths, &config, clock, args, out),
        Command::Import(args) => import::run(paths, &config, clock, &args, out),
        Command::Calendars(args) => calendars::run(paths, clock, args, out),
        Command::Delegate(args) => delegate::run(paths, clock, args, out),
        Command::Today(args) => today::run(paths, &config, clock, &args, out),
        Command::Agenda(args) => agenda::run(paths, clock, args, out),
        Command::Refresh(args) => refresh::run(paths, &config, clock, &args, out),
        Command::Account(args) => account::run(paths, &config, clock, &args, out),
        Command::Sync(args) => sync::run(paths, clock, &args, out),
        Command::Classify(args) => classify::run(paths, &args, out),
        Command::Audit(args) => audit::run(paths, &config, clock, &args, out),
        Command::Search(args) => search::run(paths, &args, out),
        Command::Backup(args) => backup::run(paths, &args, out),
        Command::Check(args) => check::run(paths, &args, out),
        Command::Export(args) => export::run(paths, &config, clock, &args, out),
        Command::Restore(args) => restore::run(paths, clock, &args, out),
        Command::Config(args) => show_config(paths, &config, &args, out),
        Command::Encrypt => crypt::encrypt(paths, out),
        Command::Decrypt => crypt::decrypt(paths, out),
        Command::Passphrase(args) => crypt::change_passphrase(paths, &args, out),
        Command::Dev(args) => dev::run(paths, clock, &args, out),
        Command::Completions { .. } | Command::Man => {
            run_without_journal(&command, out).unwrap_or(Ok(()))
        }
    }
}

/// A use case's refusal or failure as the CLI says it: a refused input names its flag
/// (`flag` gives it; none for a refusal of the command as a whole), and a missing
/// thing says which command lists things of its kind.
pub(crate) fn app_error(
    e: crate::app::Error,
    flag: impl Fn(crate::app::Field) -> Option<&'static str>,
) -> anyhow::Error {
    use crate::app::Error;
    match &e {
        Error::Refused { field, message } => match flag(*field) {
            Some(flag) => anyhow!("{message} ({flag})"),
            None => anyhow!("{message}"),
        },
        Error::Missing { what, .. } => match lists(what) {
            Some(command) => anyhow!("{e}; `{command}` shows them"),
            None => anyhow::Error::new(e),
        },
        Error::Store(_) | Error::Busy => anyhow::Error::new(e),
    }
}

/// The command that lists things of kind `what` (as `app::Error::Missing` names them).
fn lists(what: &str) -> Option<&'static str> {
    Some(match what {
        "conversation" => "bearing convo list",
        "imported event" => "bearing audit",
        "block" => "bearing block list",
        "delegation" => "bearing delegate list",
        "conflict" => "bearing account conflicts",
        _ => return None,
    })
}

/// An RFC 3339 time as the user reads it, in their zone: "Mon 7 Dec 2026 09:14" (as
/// written, when it is not one).
pub(crate) fn when(at: &str, now: crate::app::Now) -> String {
    chrono::DateTime::parse_from_rfc3339(at).map_or_else(
        |_| at.to_string(),
        |t| {
            t.with_timezone(&now.zone)
                .format(crate::domain::dates::DAY_TIME_YEAR)
                .to_string()
        },
    )
}

/// Writes `value` as pretty JSON and a newline: what every `--json` prints.
pub(crate) fn write_json(
    out: &mut dyn std::io::Write,
    value: &impl serde::Serialize,
) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A line of progress on standard error, for work that takes more than a second, and only
/// on a terminal (nothing of it when piped); wiped when the work is done.
pub(crate) struct Progress {
    started: std::time::Instant,
    shown: bool,
    terminal: bool,
}

impl Progress {
    pub(crate) fn new() -> Progress {
        use std::io::IsTerminal as _;
        Progress {
            started: std::time::Instant::now(),
            shown: false,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Shows `what` in place of the line shown before, once a second has passed.
    pub(crate) fn show(&mut self, what: std::fmt::Arguments<'_>) {
        if !self.terminal || self.started.elapsed() < std::time::Duration::from_secs(1) {
            return;
        }
        self.shown = true;
        eprint!("\r\x1b[2K{what}");
    }

    /// Wipes the line, if one was shown.
    pub(crate) fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}
