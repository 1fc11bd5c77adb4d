//! The ten-year journal (`bearing dev seed`: 20,000 entries, 2,000 conversations, 300
//! people, 120 block series, 150,000 calendar occurrences): the first frame of every
//! screen, one keystroke's update and render on every screen at 200x60, search, and
//! export; the first frames, keystrokes, search and audit again on the same journal
//! encrypted (`*_encrypted`). Run with `cargo bench --bench journal`.
//!
//! The journal is generated once into `target/bench-data/seeded.db` (reused while the
//! seed and the schema stay the same) so whole-process timings can use it too (README),
//! and seeded the same way into an encrypted journal beside it (`seeded-…-encrypted.db`,
//! passphrase "a bench passphrase").
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use bearing::app::seed::{SeedOptions, seed};
use bearing::config::Config;
use bearing::domain::{FixedClock, NewEntry};
use bearing::store::{JournalFilter, Key, OpenMode, Passphrase, SearchOptions, Store};
use bearing::tui::app::Screen;
use bearing::tui::theme::Theme;
use bearing::tui::{Action, App, keymap, render_to_string};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn main() {
    divan::main();
}

const NOW: &str = "2026-11-22T09:30:00+01:00";
const SEED: u64 = 42;

/// The seeded journal's path, generating it on first use.
fn journal() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| seeded("", None))
}

/// The same journal encrypted: seeded the same way into an encrypted journal, so the two
/// files are laid out alike and differ only by the encryption.
fn encrypted_journal() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let key = Key::for_new_file(&passphrase()).unwrap();
        seeded("-encrypted", Some(&key))
    })
}

/// `target/bench-data/seeded-SEED-vN{suffix}.db`, generated if missing (with `key`, an
/// encrypted one).
fn seeded(suffix: &str, key: Option<&Key>) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!(
        "seeded-{SEED}-v{}{suffix}.db",
        bearing::store::latest_schema_version()
    ));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let mut store = match key {
            Some(key) => Store::open_encrypted(&partial, OpenMode::Write, key).unwrap(),
            None => Store::open(&partial).unwrap(),
        };
        let s = seed(
            &mut store,
            SeedOptions {
                years: 10,
                seed: SEED,
                today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                now: chrono::DateTime::from_timestamp(1_795_338_000, 0).unwrap(),
                zone: chrono_tz::Europe::Berlin,
            },
        )
        .unwrap();
        assert!(s.entries > 19_000 && s.occurrences >= 150_000, "{s:?}");
        drop(store);
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
        std::fs::rename(&partial, &path).unwrap();
    }
    path
}

fn passphrase() -> Passphrase {
    Passphrase::new("a bench passphrase".into()).unwrap()
}

/// The encrypted journal's key, derived once (as bearing does once per run, while its
/// prompt says "Unlocking").
fn key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| Key::for_journal(encrypted_journal(), &passphrase()).unwrap())
}

/// The journal, plain or encrypted.
fn open(encrypted: bool) -> Store {
    if encrypted {
        Store::open_encrypted(encrypted_journal(), OpenMode::Write, key()).unwrap()
    } else {
        Store::open(journal()).unwrap()
    }
}

/// `bearing search`'s query on `store`: the 20 best matches with their passages.
fn search_20(store: &Store, query: &str) -> Option<Vec<bearing::store::HistoryRow>> {
    store
        .search_journal(
            query,
            &JournalFilter::default(),
            20,
            SearchOptions::EVERY_MATCH,
        )
        .unwrap()
}

fn app() -> App {
    app_on(open(false))
}

fn app_on(store: Store) -> App {
    App::new(
        bearing::app::Journal::new(store),
        Config::default(),
        Theme::new(&Default::default(), false),
        Box::new(FixedClock::at(NOW)),
    )
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = keymap::resolve(app, KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(action);
    }
}

const SCREENS: [Screen; 8] = Screen::ALL;

/// Opening the journal, loading the screen and drawing its first frame at 200x60.
#[divan::bench(args = SCREENS, sample_count = 20)]
fn first_frame(bencher: divan::Bencher, screen: Screen) {
    first_frame_of(bencher, screen, false);
}

/// The same on the encrypted journal (its key derived beforehand: see `derive_key`).
#[divan::bench(args = SCREENS, sample_count = 20)]
fn first_frame_encrypted(bencher: divan::Bencher, screen: Screen) {
    first_frame_of(bencher, screen, true);
}

fn first_frame_of(bencher: divan::Bencher, screen: Screen, encrypted: bool) {
    journal();
    if encrypted {
        key();
    }
    bencher.bench_local(|| {
        // As `bearing --render-once SCREEN` opens it.
        let mut app = App::opening(
            bearing::app::Journal::new(open(encrypted)),
            Config::default(),
            Theme::new(&Default::default(), false),
            Box::new(FixedClock::at(NOW)),
            screen,
        );
        if screen != Screen::Today {
            app.update(Action::ShowScreen(screen));
        }
        render_to_string(&app, 200, 60)
    });
}

/// Deriving an encrypted journal's key from its passphrase: once per run, on unlocking.
#[divan::bench(sample_count = 5)]
fn derive_key(bencher: divan::Bencher) {
    let journal = encrypted_journal();
    bencher.bench_local(|| Key::for_journal(journal, &passphrase()).unwrap());
}

/// The key each screen is most often pressed with, then a redraw at 200x60.
#[divan::bench(args = SCREENS, sample_count = 50)]
fn keystroke(bencher: divan::Bencher, screen: Screen) {
    keystroke_of(bencher, screen, false);
}

/// The same on the encrypted journal.
#[divan::bench(args = SCREENS, sample_count = 50)]
fn keystroke_encrypted(bencher: divan::Bencher, screen: Screen) {
    keystroke_of(bencher, screen, true);
}

fn keystroke_of(bencher: divan::Bencher, screen: Screen, encrypted: bool) {
    let mut app = app_on(open(encrypted));
    app.update(Action::ShowScreen(screen));
    let key = match screen {
        Screen::Today => {
            press(&mut app, KeyCode::Char('i'));
            KeyCode::Char('x')
        }
        Screen::Review => {
            press(&mut app, KeyCode::Enter);
            KeyCode::Char('x')
        }
        Screen::Week => KeyCode::Char('l'),
        _ => KeyCode::Char('j'),
    };
    bencher.bench_local(|| {
        press(&mut app, key);
        render_to_string(&app, 200, 60)
    });
}

/// Typing the last letter of a History search: the search runs and the screen redraws.
/// "fe" is the worst case: the first letters that search, matching most of the journal.
#[divan::bench(args = ["fe", "feed", "feedback", "\"vision bl", "zzz"], sample_count = 30)]
fn history_search_keystroke(bencher: divan::Bencher, typed: &str) {
    let (head, last) = typed.split_at(typed.len() - 1);
    let last = last.chars().next().unwrap();
    bencher
        .with_inputs(|| {
            let mut app = app();
            app.update(Action::ShowScreen(Screen::History));
            press(&mut app, KeyCode::Char('/'));
            for c in head.chars() {
                press(&mut app, KeyCode::Char(c));
            }
            app
        })
        .bench_local_values(|mut app| {
            press(&mut app, KeyCode::Char(last));
            render_to_string(&app, 200, 60)
        });
}

/// `bearing search`'s query: 20 best matches with snippets.
#[divan::bench(args = ["feedback", "deleg*", "\"vision block\"", "feedback delegation roadmap"], sample_count = 50)]
fn search(bencher: divan::Bencher, query: &str) {
    let store = open(false);
    bencher.bench_local(|| search_20(&store, query));
}

/// A long pasted query (the attack that once took 15 s on 6,000 entries: the same prefix
/// term 1,000 times, a common word 300 times, 200 distinct words): repeated terms are
/// dropped and the rest capped at `MAX_SEARCH_TERMS`, so it costs what a short one does.
#[divan::bench(args = ["1000 x t*", "300 x the", "200 words"], sample_count = 20)]
fn search_long_pasted_query(bencher: divan::Bencher, kind: &str) {
    let query = match kind {
        "1000 x t*" => vec!["t*"; 1000].join(" "),
        "300 x the" => vec!["the"; 300].join(" "),
        _ => (0..200)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let store = open(false);
    bencher.bench_local(|| search_20(&store, &query));
}

/// The same on the encrypted journal.
#[divan::bench(args = ["feedback", "deleg*", "\"vision block\"", "feedback delegation roadmap"], sample_count = 50)]
fn search_encrypted(bencher: divan::Bencher, query: &str) {
    let store = open(true);
    bencher.bench_local(|| search_20(&store, query));
}

/// Opening the journal and `bearing search`'s query, as one `bearing search` run does
/// (but for deriving the key): plain, then encrypted.
#[divan::bench(args = [false, true], sample_count = 30)]
fn open_and_search(bencher: divan::Bencher, encrypted: bool) {
    journal();
    if encrypted {
        key();
    }
    bencher.bench_local(|| search_20(&open(encrypted), "feedback"));
}

/// A History page with and without filters.
#[divan::bench(sample_count = 50)]
fn history_page_filtered(bencher: divan::Bencher) {
    let store = Store::open(journal()).unwrap();
    let filter = JournalFilter {
        tag: Some("burnout".into()),
        person: Some("SamOkafor".into()),
        ..Default::default()
    };
    bencher.bench_local(|| store.history_page(&filter, None, false, 100).unwrap());
}

/// The complete JSON export of the ten-year journal.
#[divan::bench(sample_count = 5)]
fn export_json(bencher: divan::Bencher) {
    let store = Store::open(journal()).unwrap();
    bencher.bench_local(|| {
        serde_json::to_string(&store.export_json().unwrap())
            .unwrap()
            .len()
    });
}

/// Saving one reflection into the large journal.
#[divan::bench(sample_count = 20)]
fn save_entry(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    Store::open(journal()).unwrap().backup_to(&copy).unwrap();
    let mut store = Store::open(&copy).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    bencher.bench_local(|| {
        store
            .insert_entry(
                &NewEntry {
                    kind: bearing::domain::EntryKind::Reflection,
                    at,
                    body: "A quick note about #growth with @SamOkafor".into(),
                },
                None,
            )
            .unwrap()
    });
}

/// The audit of one week and of one year of the ten-year journal (blocks included).
#[divan::bench(args = [7, 365], sample_count = 20)]
fn audit(bencher: divan::Bencher, days: i64) {
    audit_of(bencher, days, false);
}

/// The same on the encrypted journal.
#[divan::bench(args = [7, 365], sample_count = 20)]
fn audit_encrypted(bencher: divan::Bencher, days: i64) {
    audit_of(bencher, days, true);
}

fn audit_of(bencher: divan::Bencher, days: i64, encrypted: bool) {
    let store = open(encrypted);
    let settings = bearing::app::audit::AuditSettings::from_config(&Config::default()).unwrap();
    let from = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    bencher.bench_local(|| {
        bearing::app::audit::audit_between(
            &store,
            &settings,
            chrono_tz::Europe::Berlin,
            from,
            from + chrono::Duration::days(days - 1),
            now,
        )
        .unwrap()
    });
}

/// Importing a new 10,000-event calendar into (a copy of) the ten-year journal.
#[divan::bench(sample_count = 5)]
fn import_10k_into_the_journal(bencher: divan::Bencher) {
    let ics = bearing::app::seed::calendar_ics(9_500, 500, 20, 2025, 2, 7);
    let dir = tempfile::tempdir().unwrap();
    bencher
        .with_inputs(|| {
            let copy = dir.path().join(format!("{}.db", rand_name()));
            Store::open(journal()).unwrap().backup_to(&copy).unwrap();
            Store::open(&copy).unwrap()
        })
        .bench_local_values(|mut store| {
            let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
            bearing::app::calendars::import::import_as(
                &mut store,
                "another",
                "another.ics",
                &ics,
                chrono_tz::Europe::Berlin,
                now,
            )
            .unwrap()
        });
}

fn rand_name() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("copy-{}", N.fetch_add(1, Ordering::Relaxed))
}

/// A 200 KB paste into the Today editor, then a keystroke, each redrawn at 200x60: the
/// editor stays responsive with a long text in it.
#[divan::bench(sample_count = 20)]
fn paste_200kb_then_type(bencher: divan::Bencher) {
    let text = "a line of pasted text, long enough to wrap on a narrow screen\n".repeat(3_300);
    bencher
        .with_inputs(|| {
            let mut app = app();
            press(&mut app, KeyCode::Char('i'));
            app
        })
        .bench_local_values(|mut app| {
            app.update(Action::PasteText(text.clone()));
            render_to_string(&app, 200, 60);
            press(&mut app, KeyCode::Char('x'));
            render_to_string(&app, 200, 60)
        });
}
