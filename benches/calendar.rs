//! Import and audit at real scale: a 10,000-event calendar file of ten years (150,000
//! occurrences), imported into a journal file as a user's first import is, and a decade
//! of calendars in a journal for the audit. Run with `cargo bench`.
//!
//! The data is generated from a fixed seed, so runs compare. The decade journal is also
//! written to `target/bench-data/decade.db` for whole-process timings (see README).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines
)]

use std::sync::OnceLock;

use bearing::app::audit::{AuditSettings, audit_between};
use bearing::app::calendars::import::import_as;
use bearing::config::Config;
use bearing::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;

fn main() {
    divan::main();
}

/// The generator `bearing dev seed` uses: `singles` one-off meetings and `series` weekly
/// series of `count`, from `first_year` over `years`, in Berlin time.
fn calendar(
    singles: usize,
    series: usize,
    count: u32,
    first_year: i32,
    years: i32,
    seed: u64,
) -> String {
    bearing::app::seed::calendar_ics(singles, series, count, first_year, years, seed)
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T09:00:00Z")
        .unwrap()
        .to_utc()
}

/// The 10,000-event file: 8,000 one-offs and 2,000 weekly series of 71 over ten years,
/// 150,000 occurrences.
fn ten_thousand() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| calendar(8_000, 2_000, 71, 2017, 10, 7))
}

/// A new, empty journal file under `target/bench-data/import/` (a file, not memory: the
/// first import's cost is mostly writing it).
fn empty_journal() -> Store {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/import");
    if N.load(Ordering::Relaxed) == 0 {
        let _ = std::fs::remove_dir_all(&dir);
    }
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("j{}.db", N.fetch_add(1, Ordering::Relaxed)));
    Store::open(&path).unwrap()
}

/// A decade: 2,000 weekly series of 75 occurrences from 2017, about 150,000 occurrences.
fn decade_store() -> &'static std::sync::Mutex<Store> {
    static STORE: OnceLock<std::sync::Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("decade.db");
        for leftover in ["decade.db", "decade.db-wal", "decade.db-shm"] {
            let _ = std::fs::remove_file(dir.join(leftover));
        }
        let mut store = Store::open(&path).unwrap();
        let text = calendar(0, 2_000, 75, 2017, 10, 11);
        std::fs::write(dir.join("decade.ics"), &text).unwrap();
        let summary = import_as(&mut store, "decade", "decade.ics", &text, Berlin, now()).unwrap();
        assert!(summary.occurrences >= 140_000, "{}", summary.occurrences);
        std::sync::Mutex::new(store)
    })
}

#[divan::bench(sample_count = 10)]
fn import_10k_events(bencher: divan::Bencher) {
    bencher
        .with_inputs(empty_journal)
        .bench_local_values(|mut store| {
            let s = import_as(&mut store, "big", "big.ics", ten_thousand(), Berlin, now()).unwrap();
            assert_eq!(s.occurrences, 150_000);
            store
        });
}

#[divan::bench(sample_count = 10)]
fn reimport_unchanged_10k_events(bencher: divan::Bencher) {
    let mut store = empty_journal();
    import_as(&mut store, "big", "big.ics", ten_thousand(), Berlin, now()).unwrap();
    bencher.bench_local(|| {
        let s = import_as(&mut store, "big", "big.ics", ten_thousand(), Berlin, now()).unwrap();
        assert!(s.unchanged);
    });
}

/// The 10,000-event file with 1% of its events changed, as a weekly refresh finds it.
fn one_percent_changed() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut n = 0;
        ten_thousand()
            .lines()
            .map(|l| {
                if l.starts_with("SUMMARY:") {
                    n += 1;
                    if n % 100 == 0 {
                        return format!("{l} (moved)\r\n");
                    }
                }
                format!("{l}\n")
            })
            .collect()
    })
}

#[divan::bench(sample_count = 10)]
fn refresh_10k_events_one_percent_changed(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| {
            let mut store = empty_journal();
            import_as(&mut store, "big", "big.ics", ten_thousand(), Berlin, now()).unwrap();
            store
        })
        .bench_local_values(|mut store| {
            let s = import_as(
                &mut store,
                "big",
                "big.ics",
                one_percent_changed(),
                Berlin,
                now(),
            )
            .unwrap();
            assert!(
                s.series_written >= 90 && s.series_written <= 110,
                "{}",
                s.series_written
            );
            store
        });
}

#[divan::bench(sample_count = 20)]
fn audit_year_of_150k(bencher: divan::Bencher) {
    let store = decade_store().lock().unwrap();
    let settings = AuditSettings::from_config(&Config::default()).unwrap();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    );
    bencher.bench_local(|| audit_between(&store, &settings, Berlin, from, to, now()).unwrap());
}

/// The year 2020 of the 10,000-event file imported into a journal file: the figure of
/// `bearing audit --from 2020-01-01 --to 2020-12-31 --json` on such a journal (README).
#[divan::bench(sample_count = 20)]
fn audit_year_of_10k_events(bencher: divan::Bencher) {
    let mut store = empty_journal();
    import_as(&mut store, "big", "big.ics", ten_thousand(), Berlin, now()).unwrap();
    let settings = AuditSettings::from_config(&Config::default()).unwrap();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
    );
    bencher.bench_local(|| audit_between(&store, &settings, Berlin, from, to, now()).unwrap());
}

#[divan::bench(sample_count = 50)]
fn audit_week_of_150k(bencher: divan::Bencher) {
    let store = decade_store().lock().unwrap();
    let settings = AuditSettings::from_config(&Config::default()).unwrap();
    let from = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
    bencher.bench_local(|| {
        audit_between(
            &store,
            &settings,
            Berlin,
            from,
            from + chrono::Duration::days(6),
            now(),
        )
        .unwrap()
    });
}
