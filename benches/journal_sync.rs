//! The journal sync (`bearing sync`), plain journals, folder transport, in process: a
//! sync with nothing new, pulling a day's changes (20 edits on another device), and
//! joining with the ten-year seeded journal (20,000 entries, 2,000 conversations, 300
//! people, 120 block series, 150,000 calendar occurrences) as the real binary does it,
//! with its peak memory (from `/usr/bin/time -v`, where there is one). Run with
//! `cargo bench --bench journal_sync`; the figures go in README's "Speed".
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use bearing::app::seed::{SeedOptions, seed};
use bearing::app::sync::{Place, init, join, sync};
use bearing::app::{Journal, Now, entries};
use bearing::domain::FixedClock;
use bearing::domain::NewEntry;
use bearing::store::{Passphrase, Store};
use chrono::NaiveDate;

const NOW: &str = "2026-11-22T09:30:00+01:00";
const ROUNDS: usize = 15;
const PASSPHRASE: &str = "a bench passphrase";

fn now() -> Now {
    Now::of(&FixedClock::at(NOW))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pass() -> Passphrase {
    Passphrase::new(PASSPHRASE.into()).unwrap()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place::Folder(dir.path().join("sync"));
    let mut first = Store::open(&dir.path().join("laptop.db")).unwrap();
    let entries: Vec<NewEntry> = (0..200)
        .map(|i| NewEntry {
            kind: bearing::domain::EntryKind::Reflection,
            at: now().at,
            body: format!("Entry {i} about #vision with @Zoë"),
        })
        .collect();
    first.insert_entries(&entries).unwrap();
    let mut laptop = Journal::new(first);
    let mut desktop = Journal::new(Store::open(&dir.path().join("desktop.db")).unwrap());
    init(&mut laptop, &place, &pass(), now(), &mut |_, _, _| {}).unwrap();
    join(&mut desktop, &place, &pass(), now(), &mut |_, _, _| {}).unwrap();

    let nothing: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            let r = sync(&mut desktop, now(), &mut |_, _, _| {}).unwrap();
            assert_eq!((r.sent, r.merged_batches), (0, 0));
            started.elapsed()
        })
        .collect();

    let ids: Vec<i64> = entries::on_day(&laptop, now().today())
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let day: Vec<Duration> = (0..ROUNDS)
        .map(|round| {
            for k in 0..20 {
                let id = ids[(round * 20 + k) % ids.len()];
                let base = entries::get(&laptop, id).unwrap().unwrap();
                entries::edit_text(
                    &mut laptop,
                    &base,
                    &format!("Edited in round {round}, {k} #vision"),
                )
                .unwrap();
            }
            sync(&mut laptop, now(), &mut |_, _, _| {}).unwrap();
            let started = Instant::now();
            let r = sync(&mut desktop, now(), &mut |_, _, _| {}).unwrap();
            let took = started.elapsed();
            assert_eq!(r.merged_rows, 20);
            took
        })
        .collect();

    println!("\nJournal sync, plain journals, a folder, in process (medians of {ROUNDS}):");
    println!("  nothing new: {:.2} ms (goal <= 50)", ms(median(nothing)));
    println!(
        "  a day's changes (20 edits) pulled: {:.2} ms (goal <= 100)",
        ms(median(day))
    );
    join_seeded(dir.path());
}

/// Runs the real binary on the journal `db` with `args`, timed, with its peak memory
/// (from `/usr/bin/time -v`, where there is one).
fn timed(dir: &Path, db: &str, args: &[&str]) -> (Duration, Option<f64>) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_bearing"));
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    command
        .arg("--db")
        .arg(dir.join(db))
        .args(args)
        .env("BEARING_NOW", NOW)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"));
    let started = Instant::now();
    let out = command.output().unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rss = String::from_utf8_lossy(&out.stderr)
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.rsplit(':').next()?.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    (took, rss)
}

fn said(took: Duration, rss: Option<f64>) -> String {
    match rss {
        Some(mb) => format!("{:.1} s, {mb:.0} MB peak", took.as_secs_f64()),
        None => format!("{:.1} s", took.as_secs_f64()),
    }
}

/// Ten years seeded into a journal that then joins a place; a new device (the real
/// binary) joins that place first (unwrapping the key: scrypt at the pinned work factor
/// takes 256 MB by itself), then merges the ten years on its next sync.
fn join_seeded(dir: &Path) {
    let mut store = Store::open(&dir.join("seeded.db")).unwrap();
    let s = seed(
        &mut store,
        SeedOptions {
            years: 10,
            seed: 42,
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            now: chrono::DateTime::from_timestamp(1_795_338_000, 0).unwrap(),
            zone: chrono_tz::Europe::Berlin,
        },
    )
    .unwrap();
    let place = Place::Folder(dir.join("ten-years"));
    let mut first = Journal::new(Store::open(&dir.join("first.db")).unwrap());
    init(&mut first, &place, &pass(), now(), &mut |_, _, _| {}).unwrap();
    let folder = dir.join("ten-years");
    let folder = folder.to_str().unwrap();
    let command = format!("printf '%s' '{PASSPHRASE}'");
    let (join_took, join_rss) = timed(
        dir,
        "new.db",
        &["sync", "join", folder, "--passphrase-command", &command],
    );
    // One more device joins now and next syncs only after the log was compacted.
    timed(
        dir,
        "late.db",
        &["sync", "join", folder, "--passphrase-command", &command],
    );
    let mut seeded = Journal::new(store);
    let started = Instant::now();
    let sent = join(&mut seeded, &place, &pass(), now(), &mut |_, _, _| {}).unwrap();
    let send_took = started.elapsed();
    drop(seeded);
    let (merge_took, merge_rss) = timed(dir, "new.db", &["sync"]);
    let (compact_took, compact_rss) = timed(dir, "seeded.db", &["sync", "compact"]);
    let (late_took, late_rss) = timed(dir, "late.db", &["sync"]);
    println!(
        "\nThe ten-year journal ({} entries, {} conversations; {} rows):",
        s.entries, s.conversations, sent.sent
    );
    println!(
        "  sent by the device that has it (sealing and writing it all): {:.1} s",
        send_took.as_secs_f64()
    );
    println!(
        "  a new device joins (the binary; the key unwrapped): {}",
        said(join_took, join_rss)
    );
    println!(
        "  and merges the ten years on its next sync: {}",
        said(merge_took, merge_rss)
    );
    println!(
        "  in all {:.1} s (goal <= 10 s); the merge's peak against the goal of 200 MB; the join's is scrypt's",
        (join_took + merge_took).as_secs_f64()
    );
    println!(
        "  `sync compact` on the device that has it (a snapshot of it all, its batches removed): {}",
        said(compact_took, compact_rss)
    );
    println!(
        "  a device that joined before merges the snapshot on its next sync: {}",
        said(late_took, late_rss)
    );
}
