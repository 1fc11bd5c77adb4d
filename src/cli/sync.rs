//! `bearing sync`: one journal on several devices, through a folder or WebDAV, sealed with
//! a passphrase only its owner knows.

use std::io::Write;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::Paths;
use crate::app::{Field, Journal, Now, sync};
use crate::domain::Clock;
use crate::io::passphrase;

/// Options of `bearing sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// What to do; without one, sync now.
    #[command(subcommand)]
    pub action: Option<SyncAction>,
    /// Print JSON.
    #[arg(long, global = true)]
    pub json: bool,
}

/// What `bearing sync` does; without one, it brings this journal and the others up to date.
#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Start syncing this journal at FOLDER or URL, as its first device.
    Init(PlaceArgs),
    /// Join the journal that syncs at FOLDER or URL (this journal's entries are merged in,
    /// after a backup beside it).
    Join(PlaceArgs),
    /// Where the journal syncs, this device's id, what waits to be sent, the other devices.
    Status,
    /// Stop reading a lost device's batches, here and on every device, and change the
    /// journal key (the other devices take the new one with `bearing sync join` again).
    Forget(ForgetArgs),
    /// Change the sync passphrase (the devices that joined keep working; the ones that
    /// join from now on give the new one).
    Passphrase(SyncPassphraseArgs),
    /// Sync, then write a snapshot of the journal and remove this device's batches it
    /// holds (a new device starts from the snapshot; bearing also does this by itself
    /// every 100 batches, keeping the newest batches for devices that read them).
    Compact,
}

/// The old and the new sync passphrase.
#[derive(Debug, Args)]
pub struct SyncPassphraseArgs {
    /// A command that prints the current sync passphrase [default: asked on the terminal].
    #[arg(long)]
    pub passphrase_command: Option<String>,
    /// A command that prints the new one [default: asked twice on the terminal].
    #[arg(long)]
    pub new_passphrase_command: Option<String>,
}

/// The device to forget, and the sync passphrase.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The device's id (`bearing sync status` lists them).
    pub device: String,
    /// A command that prints the sync passphrase [default: asked on the terminal].
    #[arg(long)]
    pub passphrase_command: Option<String>,
}

/// Where to sync, and the sync passphrase.
#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// A folder a sync tool shares (Syncthing, Dropbox, iCloud Drive, a USB stick), or a
    /// WebDAV address (https://…).
    pub place: String,
    /// WebDAV: the user name.
    #[arg(long)]
    pub user: Option<String>,
    /// WebDAV: a command that prints the password (it is never stored or passed in argv).
    #[arg(long)]
    pub password_command: Option<String>,
    /// WebDAV: a PEM file of certificate authorities to trust instead of the usual ones
    /// (a self-hosted server with its own authority).
    #[arg(long)]
    pub ca_file: Option<String>,
    /// A command that prints the sync passphrase [default: asked on the terminal].
    #[arg(long)]
    pub passphrase_command: Option<String>,
}

/// Runs `bearing sync` on the journal at `paths`.
pub fn run(
    paths: &Paths,
    clock: &dyn Clock,
    args: &SyncArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut journal = paths.open_to_write()?;
    let now = Now::of(clock);
    let mut shown = super::Progress::new();
    let mut progress = |what: &str, done: usize, total: usize| {
        shown.show(format_args!("{what}: {done} of {total} batches"));
    };
    let result = act(paths, &mut journal, now, args, &mut progress, out);
    shown.finish();
    result
}

fn act(
    paths: &Paths,
    journal: &mut Journal,
    now: Now,
    args: &SyncArgs,
    progress: sync::Progress<'_>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match &args.action {
        None => {
            let report = sync::sync(journal, now, progress).map_err(flagged)?;
            print_report(&report, args.json, out)
        }
        Some(SyncAction::Init(p)) => {
            let place = place(p)?;
            let pass = match &p.passphrase_command {
                Some(c) => passphrase::from_command(c)?,
                None => passphrase::ask_new(
                    "New passphrase for the sync (every device asks for it once): ",
                )
                .context("no sync passphrase")?,
            };
            let report = sync::init(journal, &place, &pass, now, progress).map_err(flagged)?;
            if !args.json {
                writeln!(
                    out,
                    "This journal syncs at {} now. On another device: bearing sync join {}",
                    p.place, p.place
                )?;
            }
            print_report(&report, args.json, out)
        }
        Some(SyncAction::Join(p)) => {
            let place = place(p)?;
            let pass = match &p.passphrase_command {
                Some(c) => passphrase::from_command(c)?,
                None => passphrase::ask("Sync passphrase: ").context("no sync passphrase")?,
            };
            backup_before_join(paths, journal, now, args.json, out)?;
            let report = sync::join(journal, &place, &pass, now, progress).map_err(flagged)?;
            print_report(&report, args.json, out)
        }
        Some(SyncAction::Status) => print_status(journal, now, args.json, out),
        Some(SyncAction::Compact) => {
            let report = sync::compact(journal, now, progress).map_err(flagged)?;
            if !args.json && report.compacted.snapshot.is_none() {
                writeln!(
                    out,
                    "Nothing to compact: nothing was sent since the last snapshot."
                )?;
            }
            print_report(&report, args.json, out)
        }
        Some(SyncAction::Passphrase(p)) => {
            let old = match &p.passphrase_command {
                Some(c) => passphrase::from_command(c)?,
                None => {
                    passphrase::ask("Current sync passphrase: ").context("no sync passphrase")?
                }
            };
            let new = match &p.new_passphrase_command {
                Some(c) => passphrase::from_command(c)?,
                None => passphrase::ask_new("New sync passphrase: ")
                    .context("no new sync passphrase")?,
            };
            sync::change_passphrase(journal, &old, &new).map_err(flagged)?;
            writeln!(
                out,
                "Changed the sync passphrase. Devices that joined keep syncing; a device joining from now on gives the new one."
            )?;
            Ok(())
        }
        Some(SyncAction::Forget(f)) => {
            let pass = match &f.passphrase_command {
                Some(c) => passphrase::from_command(c)?,
                None => passphrase::ask("Sync passphrase: ").context("no sync passphrase")?,
            };
            let report = sync::forget(journal, &f.device, &pass, now, progress).map_err(flagged)?;
            if !args.json {
                writeln!(
                    out,
                    "Device {} is forgotten: its batches are not read any more, and the journal key changed. On each other device: bearing sync join PLACE (with the passphrase) takes the new key.",
                    f.device
                )?;
            }
            print_report(&report, args.json, out)
        }
    }
}

fn place(p: &PlaceArgs) -> anyhow::Result<sync::Place> {
    // Files kept as absolute paths: the next sync may run from anywhere.
    let absolute = |f: &str| std::path::absolute(f).map(|p| p.display().to_string());
    let ca_file = p.ca_file.as_deref().map(absolute).transpose()?;
    let reach = sync::Reach {
        user: p.user.as_deref(),
        password_command: p.password_command.as_deref(),
        ca_file: ca_file.as_deref(),
    };
    let place = if sync::Place::is_address(&p.place) || p.place.trim().is_empty() {
        p.place.clone()
    } else {
        absolute(p.place.trim())?
    };
    sync::Place::parse(&place, reach).map_err(flagged)
}

fn flagged(e: crate::app::Error) -> anyhow::Error {
    super::app_error(e, |f| match f {
        Field::User => Some("--user"),
        Field::PasswordCommand => Some("--password-command"),
        Field::Passphrase => Some("--passphrase-command, or the passphrase typed"),
        _ => None,
    })
}

/// A journal that holds something is copied beside itself before another is merged in.
fn backup_before_join(
    paths: &Paths,
    journal: &Journal,
    now: Now,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if !sync::holds_anything(journal).map_err(flagged)? {
        return Ok(());
    }
    let mut name = paths.journal.as_os_str().to_owned();
    name.push(format!(".before-sync-{}", now.at.format("%Y%m%d-%H%M%S")));
    let target = std::path::PathBuf::from(name);
    crate::app::files::backup(journal, &target)
        .map_err(|e| super::app_error(e, |_| None))
        .with_context(|| {
            format!(
                "could not back the journal up to {} before joining",
                target.display()
            )
        })?;
    if !json {
        writeln!(
            out,
            "Backed this journal up to {} before merging.",
            target.display()
        )?;
    }
    Ok(())
}

fn print_report(report: &sync::Report, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(report)?)?;
        return Ok(());
    }
    let words = crate::domain::words::count;
    writeln!(
        out,
        "Synced: {} sent, {} merged from {}.",
        words(report.sent as i64, "change", "changes"),
        words(report.merged_rows as i64, "change", "changes"),
        words(report.merged_batches as i64, "batch", "batches"),
    )?;
    if report.snapshots > 0 {
        writeln!(
            out,
            "Started from {} of another device (the batches it holds were removed from the place).",
            words(report.snapshots as i64, "snapshot", "snapshots")
        )?;
    }
    if let Some(upto) = report.compacted.snapshot {
        writeln!(
            out,
            "Wrote a snapshot of the journal (this device's batches up to {upto}); removed {}.",
            words(report.compacted.removed as i64, "old batch", "old batches")
        )?;
    }
    if report.copies > 0 {
        writeln!(
            out,
            "{} written on two devices at once: both kept (search \"edited in two places\").",
            words(report.copies as i64, "text", "texts")
        )?;
    }
    for notice in &report.notices {
        writeln!(out, "{notice}")?;
    }
    for device in &report.waiting {
        writeln!(
            out,
            "Device {device}: its newest changes are still on their way; the next sync takes them."
        )?;
    }
    for (device, why) in &report.stopped {
        writeln!(out, "Device {device} is not read any more: {why}.")?;
    }
    Ok(())
}

fn print_status(
    journal: &Journal,
    now: Now,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let status = sync::status(journal).map_err(flagged)?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&status)?)?;
        return Ok(());
    }
    let Some(place) = &status.place else {
        writeln!(
            out,
            "This journal does not sync. Start with: bearing sync init FOLDER (or a WebDAV address)"
        )?;
        return Ok(());
    };
    writeln!(out, "Syncs at {place}, as device {}.", status.device)?;
    match (&status.synced_at, &status.last_error) {
        (_, Some(error)) => writeln!(out, "The last sync failed: {error}")?,
        (Some(at), None) => writeln!(out, "Last synced {}.", super::when(at, now))?,
        (None, None) => writeln!(out, "Not synced yet.")?,
    }
    writeln!(
        out,
        "{} waiting to be sent.",
        crate::domain::words::count(status.pending, "change", "changes")
    )?;
    if status.conflicts > 0 {
        writeln!(
            out,
            "{} written on two devices at once: both kept (search \"edited in two places\"; edit them into one and delete the copy).",
            crate::domain::words::count(status.conflicts, "text", "texts")
        )?;
    }
    if status.held_back > 0 {
        writeln!(
            out,
            "{} from other devices could not be merged here (a name two people took at once): rename one of them, and the next sync takes {}.",
            crate::domain::words::count(status.held_back, "change", "changes"),
            if status.held_back == 1 { "it" } else { "them" }
        )?;
    }
    if status.devices.is_empty() {
        writeln!(out, "No other device has sent anything there yet.")?;
    } else {
        writeln!(out, "Other devices:")?;
    }
    for d in &status.devices {
        match (&d.stopped, &d.seen_at) {
            (Some(why), _) => writeln!(out, "  {}: not read any more: {why}", d.device)?,
            (None, Some(at)) => writeln!(
                out,
                "  {}: {} merged, the last {}",
                d.device,
                crate::domain::words::count(d.merged as i64, "batch", "batches"),
                super::when(at, now)
            )?,
            (None, None) => writeln!(out, "  {}: nothing of it merged yet", d.device)?,
        }
    }
    Ok(())
}
