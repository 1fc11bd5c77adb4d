//! `bearing account`: CalDAV accounts: add one (bearing finds its calendars), say which
//! calendars to read and which receives the blocks, list and remove them.

use std::io::Write;

use clap::{Args, Subcommand};

use super::Paths;
use crate::app::accounts::{self, Account, AddAccount, Role};
use crate::app::{Field, Now};
use crate::domain::Clock;

/// `bearing account`.
#[derive(Debug, Args)]
pub struct AccountArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AccountCommand,
}

/// The account subcommands.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Connect a CalDAV account (Fastmail, iCloud, Nextcloud, Radicale, Baïkal, ...):
    /// bearing finds its calendars and says which it found.
    Add {
        /// Its name in bearing (e.g. work).
        name: String,
        /// The server's address, or just its host (e.g. caldav.fastmail.com); with
        /// --google, Google's CalDAV address unless given.
        #[arg(long, required_unless_present = "google")]
        url: Option<String>,
        /// Your user name on the server.
        #[arg(long, required_unless_present = "google")]
        user: Option<String>,
        /// A Google account: you sign in in your browser with your own OAuth client
        /// (--client-id, --client-secret-command).
        #[arg(long, requires_all = ["client_id", "client_secret_command"], conflicts_with_all = ["user", "password_command", "ca_file"])]
        google: bool,
        /// Google: your OAuth client's id (a "Desktop app" client in Google Cloud).
        #[arg(long, value_name = "ID")]
        client_id: Option<String>,
        /// Google: a command that prints your OAuth client's secret.
        #[arg(long, value_name = "CMD")]
        client_secret_command: Option<String>,
        /// A command that prints the password or app password (e.g. `pass show
        /// caldav/work`); run again at each sync, never stored. Without it, an encrypted
        /// journal asks for the password and keeps it.
        #[arg(long, value_name = "CMD")]
        password_command: Option<String>,
        /// A PEM file of certificate authorities to trust (a self-hosted server with
        /// its own).
        #[arg(long, value_name = "FILE")]
        ca_file: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Every account with its calendars and their roles.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// An account's calendars, each with its role: read, blocks, both or unused.
    Calendars {
        /// The account.
        name: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Say what one of an account's calendars is for: read (its events count), blocks
    /// (it receives your leadership blocks), both, or unused.
    Use {
        /// The account.
        name: String,
        /// The calendar: its name as listed, or its path.
        calendar: String,
        /// What it is for.
        #[arg(long = "for", value_enum)]
        role: Role,
        /// Make the calendar on the server first (where the server allows it; Google
        /// does not), e.g. `bearing account use work Leadership --for blocks --create`.
        #[arg(long)]
        create: bool,
    },
    /// What differs between bearing's blocks and the calendar's and is not settled.
    Conflicts {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: keep bearing's version (mine) or the calendar's (theirs).
    Resolve {
        /// The conflict's id (bearing account conflicts shows it).
        id: i64,
        /// Which version stays.
        #[arg(long, value_enum)]
        keep: accounts::publish::Keep,
    },
    /// Remove an account: its calendars' events go, nothing else.
    Rm {
        /// The account.
        name: String,
    },
}

fn flag(field: Field) -> Option<&'static str> {
    match field {
        Field::Url => Some("--url"),
        Field::User => Some("--user"),
        Field::PasswordCommand => Some("--password-command"),
        Field::Role => Some("--for"),
        _ => None,
    }
}

/// Runs `bearing account` on the journal at `paths`.
pub fn run(
    paths: &Paths,
    config: &crate::config::Config,
    clock: &dyn Clock,
    args: &AccountArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let err = |e| super::app_error(e, flag);
    match &args.command {
        AccountCommand::Add { json, .. } => {
            let account = add(paths, config, clock, &args.command)?;
            if *json {
                return super::write_json(out, &account);
            }
            writeln!(
                out,
                "Added account '{}' ({}): {} found.",
                account.name,
                account.server,
                crate::domain::words::count(
                    account.calendars.len() as i64,
                    "calendar",
                    "calendars"
                )
            )?;
            write_calendars(out, &account, Now::of(clock))?;
            writeln!(
                out,
                "Choose what each is for: bearing account use {} CALENDAR --for read|blocks|both",
                quoted(&account.name)
            )?;
            Ok(())
        }
        AccountCommand::List { json } => {
            let all = accounts::list(&paths.open_to_read()?).map_err(err)?;
            if *json {
                return super::write_json(out, &all);
            }
            if all.is_empty() {
                writeln!(
                    out,
                    "No accounts. Add one: bearing account add NAME --url URL --user USER --password-command CMD"
                )?;
            }
            for account in &all {
                writeln!(
                    out,
                    "{} ({}, user {}, password from {})",
                    account.name, account.server, account.user, account.password
                )?;
                write_calendars(out, account, Now::of(clock))?;
            }
            Ok(())
        }
        AccountCommand::Calendars { name, json } => {
            let account = accounts::get(&paths.open_to_read()?, name).map_err(err)?;
            if *json {
                return super::write_json(out, &account.calendars);
            }
            write_calendars(out, &account, Now::of(clock))
        }
        AccountCommand::Use {
            name,
            calendar,
            role,
            create,
        } => use_calendar(paths, config, (name, calendar, *role, *create), out),
        AccountCommand::Conflicts { .. } | AccountCommand::Resolve { .. } => {
            conflicts(paths, &args.command, out)
        }
        AccountCommand::Rm { name } => remove(paths, config, name, out),
    }
}

/// `bearing account use NAME CALENDAR --for ROLE [--create]`.
fn use_calendar(
    paths: &Paths,
    config: &crate::config::Config,
    (name, calendar, role, create): (&str, &str, Role, bool),
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let err = |e| super::app_error(e, flag);
    let mut journal = paths.open_to_write()?;
    if create {
        accounts::create_calendar(
            &mut journal,
            name,
            calendar,
            config.calendars.fetch_timeout(),
        )
        .map_err(err)?;
        writeln!(
            out,
            "Made the calendar '{}' on the server.",
            calendar.trim()
        )?;
    }
    let account = match accounts::use_calendar(&mut journal, name, calendar, role) {
        // Not known: perhaps made in another app since; the server's list is
        // read again, once.
        Err(e) if e.field() == Some(Field::Calendar) => {
            accounts::relist(&mut journal, name, config.calendars.fetch_timeout()).map_err(err)?;
            accounts::use_calendar(&mut journal, name, calendar, role).map_err(err)?
        }
        done => done.map_err(err)?,
    };
    writeln!(out, "{calendar}: {}", role.as_str())?;
    let moving = accounts::publish::moving(&journal).map_err(err)?;
    if matches!(role, Role::Blocks | Role::Both) && moving > 0 {
        writeln!(
            out,
            "{} move here from the calendar they were on with the next refresh: bearing refresh {}",
            crate::domain::words::count(moving as i64, "published block", "published blocks"),
            quoted(&account.name)
        )?;
    }
    if matches!(role, Role::Read | Role::Both) {
        writeln!(
            out,
            "Its events arrive with the next refresh: bearing refresh {}",
            quoted(&account.name)
        )?;
    }
    Ok(())
}

/// `bearing account add`: the account added, with the calendars found.
fn add(
    paths: &Paths,
    config: &crate::config::Config,
    clock: &dyn Clock,
    command: &AccountCommand,
) -> anyhow::Result<Account> {
    let AccountCommand::Add {
        name,
        url,
        user,
        password_command,
        ca_file,
        google,
        client_id,
        client_secret_command,
        ..
    } = command
    else {
        anyhow::bail!("not an account to add");
    };
    if *google {
        let mut journal = paths.open_to_write()?;
        return accounts::google::add(
            &mut journal,
            Now::of(clock),
            &accounts::google::AddGoogle {
                name,
                client_id: client_id.as_deref().unwrap_or_default(),
                client_secret_command: client_secret_command.as_deref().unwrap_or_default(),
                url: url.as_deref(),
            },
            config.calendars.fetch_timeout(),
            &mut |address| {
                eprintln!(
                    "Open this address in your browser and let bearing use your Google calendars (bearing waits 5 minutes):\n{address}"
                );
            },
        )
        .map_err(|e| super::app_error(e, flag));
    }
    let (url, user) = (
        url.as_deref().unwrap_or_default(),
        user.as_deref().unwrap_or_default(),
    );
    // Kept as an absolute path: the next sync may run from anywhere.
    let ca_file = ca_file
        .as_deref()
        .map(|f| std::path::absolute(f).map(|p| p.display().to_string()))
        .transpose()?;
    let mut journal = paths.open_to_write()?;
    // No command: an encrypted journal may keep a password typed here (never argv).
    let typed = if password_command.is_none()
        && journal.is_encrypted()
        && crate::io::passphrase::have_terminal()
    {
        let asked = crate::io::passphrase::ask(&format!("Password for {user} at {url}: "))?;
        Some(zeroize::Zeroizing::new(asked.expose().to_string()))
    } else {
        None
    };
    accounts::add(
        &mut journal,
        Now::of(clock),
        &AddAccount {
            name,
            url,
            user,
            password_command: password_command.as_deref(),
            password: typed,
            ca_file: ca_file.as_deref(),
        },
        config.calendars.fetch_timeout(),
    )
    .map_err(|e| super::app_error(e, flag))
}

/// `bearing account rm`: asks (on a terminal) whether the blocks published to it go
/// from the server too (default no), then removes it.
fn remove(
    paths: &Paths,
    config: &crate::config::Config,
    name: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let err = |e| super::app_error(e, flag);
    let mut journal = paths.open_to_write()?;
    let published = accounts::publish::published_to(&journal, name).map_err(err)?;
    if published > 0
        && ask_yes(&format!(
            "Also remove the {} published to it from the server? [y/N] ",
            crate::domain::words::count(published as i64, "block", "blocks")
        ))?
    {
        let removed =
            accounts::publish::unpublish_all(&mut journal, name, config.calendars.fetch_timeout())
                .map_err(err)?;
        writeln!(
            out,
            "Removed {} from the server.",
            crate::domain::words::count(removed as i64, "block", "blocks")
        )?;
    }
    let events = accounts::remove(&mut journal, name).map_err(err)?;
    writeln!(
        out,
        "Removed account '{}' and its calendars' {}.",
        name.trim(),
        crate::domain::words::count(events, "event", "events")
    )?;
    Ok(())
}

/// `bearing account conflicts` and `bearing account resolve`.
fn conflicts(paths: &Paths, command: &AccountCommand, out: &mut impl Write) -> anyhow::Result<()> {
    let err = |e| super::app_error(e, flag);
    match command {
        AccountCommand::Resolve { id, keep } => {
            let mut journal = paths.open_to_write()?;
            accounts::publish::resolve(&mut journal, *id, *keep).map_err(err)?;
            writeln!(
                out,
                "Conflict {id} settled{}.",
                if *keep == accounts::publish::Keep::Theirs {
                    ": the calendar's version is bearing's now, and goes out on the next refresh"
                } else {
                    ""
                }
            )?;
            Ok(())
        }
        AccountCommand::Conflicts { json } => {
            let all = accounts::publish::conflicts(&paths.open_to_read()?).map_err(err)?;
            if *json {
                return super::write_json(out, &all);
            }
            if all.is_empty() {
                writeln!(out, "No conflicts: bearing and the calendar agree.")?;
                return Ok(());
            }
            for c in &all {
                writeln!(out, "{:>4}  {}: {}", c.id, c.block, c.what)?;
            }
            writeln!(
                out,
                "Settle one: bearing account resolve ID --keep mine|theirs"
            )?;
            Ok(())
        }
        _ => Ok(()),
    }
}

fn write_calendars(out: &mut impl Write, account: &Account, now: Now) -> anyhow::Result<()> {
    for c in &account.calendars {
        let state = match (&c.error, &c.synced_at) {
            (Some(e), _) => format!("  (last sync failed: {e})"),
            (None, Some(at)) => format!("  (synced {})", super::when(at, now)),
            (None, None) => String::new(),
        };
        writeln!(out, "  {:<7} {}{state}", c.role.as_str(), c.name)?;
    }
    Ok(())
}

/// Asks `question` on the terminal; no terminal, or anything but y/yes, is no.
fn ask_yes(question: &str) -> anyhow::Result<bool> {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// `name` as typed in a shell: quoted when it holds a space.
fn quoted(name: &str) -> String {
    if name.contains(char::is_whitespace) {
        format!("'{name}'")
    } else {
        name.to_string()
    }
}
