//! The Today screen's update tests (an App on a real store, fed actions) and what it
//! draws.

use std::path::Path;

use ratatui_textarea::Key as TextKey;

use super::Editing;
use crate::domain::EntryKind;
use crate::domain::entry::MAX_BODY_BYTES;
use crate::store::{JournalFilter, Store};
use crate::testkit::tui::{
    NOW, app, app_on, busy_store, calendar, conversation, edit_key, import, keys, screen,
    screen_text, seed, send, type_text,
};
use crate::tui::action::Action;
use crate::tui::app::{App, TODAY_DRAFT};

/// Whether keys type into Today's draft.
fn writing_draft(app: &App) -> bool {
    matches!(app.today.editing, Editing::Draft)
}

/// Whether Today is browsing: nothing edited, nothing asked.
fn browsing(app: &App) -> bool {
    matches!(app.today.editing, Editing::Browsing)
}

#[test]
fn typing_and_saving_stores_an_entry_with_its_tags_and_people() {
    let mut app = app();
    app.update(Action::StartWriting);
    assert!(writing_draft(&app));
    // Typed through the keymap: the subject is that letters type while writing.
    keys(
        &mut app,
        "Good 1:1 with @Sam #growth\nq and j are text here",
    );
    assert!(
        writing_draft(&app),
        "letters typed while writing are not commands"
    );
    app.update(Action::Save);
    assert!(browsing(&app));
    assert!(app.today.draft.is_empty());
    assert_eq!(app.today.entries.len(), 1);
    let saved = &app.today.entries[0];
    assert_eq!(
        saved.body,
        "Good 1:1 with @Sam #growth\nq and j are text here"
    );
    assert_eq!(saved.tags, ["growth"]);
    assert_eq!(saved.people, ["Sam"]);
    assert_eq!(saved.at.to_rfc3339(), NOW);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Saved reflection #1")
    );
    assert_eq!(
        app.journal.store_for_tests().draft(TODAY_DRAFT).unwrap(),
        None
    );
}

#[test]
fn saving_an_empty_editor_saves_nothing() {
    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, "   \n  ");
    app.update(Action::Save);
    assert_eq!(app.journal.store_for_tests().count_entries().unwrap(), 0);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Nothing to save")
    );
}

#[test]
fn the_kind_can_be_switched_to_note() {
    let mut app = app();
    app.update(Action::CycleEntryKind);
    app.update(Action::StartWriting);
    type_text(&mut app, "Room 4B");
    app.update(Action::Save);
    assert_eq!(app.today.entries[0].kind, EntryKind::Note);
}

#[test]
fn unicode_text_survives_the_editor() {
    let text = "今日は @田中 さんと話した 🎉 naïve café e\u{301} 👩‍👩‍👧";
    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, text);
    // Backspace removes one whole character, not a byte.
    edit_key(&mut app, TextKey::Backspace);
    type_text(&mut app, "👧");
    app.update(Action::Save);
    assert_eq!(app.today.entries[0].body, text);
    assert_eq!(app.today.entries[0].people, ["田中"]);
    // And it renders without panicking at a narrow width that splits wide characters.
    screen(&app, 51, 14);
}

#[test]
fn leaving_the_editor_keeps_the_text_as_a_draft() {
    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, "half a thought");
    app.update(Action::Back);
    assert!(browsing(&app));
    assert_eq!(
        app.journal
            .store_for_tests()
            .draft(TODAY_DRAFT)
            .unwrap()
            .unwrap()
            .body,
        "half a thought"
    );
    // Quitting keeps the draft.
    app.update(Action::Quit);
    assert!(!app.running);
    assert_eq!(
        app.journal
            .store_for_tests()
            .draft(TODAY_DRAFT)
            .unwrap()
            .unwrap()
            .body,
        "half a thought"
    );
}

#[test]
fn a_tick_autosaves_only_what_changed() {
    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, "first");
    assert_eq!(
        app.journal.store_for_tests().draft(TODAY_DRAFT).unwrap(),
        None,
        "no write per keystroke"
    );
    app.handle(crate::tui::event::Event::Tick);
    assert_eq!(
        app.journal
            .store_for_tests()
            .draft(TODAY_DRAFT)
            .unwrap()
            .unwrap()
            .body,
        "first"
    );
    assert!(!app.today.draft.dirty);
    type_text(&mut app, " second");
    app.handle(crate::tui::event::Event::Tick);
    assert_eq!(
        app.journal
            .store_for_tests()
            .draft(TODAY_DRAFT)
            .unwrap()
            .unwrap()
            .body,
        "first second"
    );
}

#[test]
fn a_draft_left_by_a_killed_app_is_offered_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    {
        let mut app = app_on(Store::open(&path).unwrap(), NOW);
        app.update(Action::StartWriting);
        app.update(Action::CycleEntryKind);
        type_text(
            &mut app,
            "Prepare the talk with @Ana:\nsituation, behaviour, impact",
        );
        app.handle(crate::tui::event::Event::Tick);
        type_text(&mut app, " (typed after the last autosave)");
        // Dropped without quitting or saving: as if the process were killed.
    }
    let app = app_on(
        Store::open(Path::new(&path)).unwrap(),
        "2026-11-22T10:00:00+01:00",
    );
    assert_eq!(
        app.today.text(),
        "Prepare the talk with @Ana:\nsituation, behaviour, impact"
    );
    assert_eq!(app.today.kind, EntryKind::Note);
    let status = app.status.as_ref().unwrap().text.clone();
    assert!(
        status.contains("Recovered your unsaved draft from Sun 22 Nov 09:30"),
        "{status}"
    );
    assert_eq!(app.journal.store_for_tests().count_entries().unwrap(), 0);
}

#[test]
fn two_apps_on_one_journal_keep_their_own_drafts_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut first = app_on(Store::open(&path).unwrap(), NOW);
    let locks = |dir: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".lock"))
            .collect();
        names.sort();
        names
    };
    // One window, one lock file beside the journal.
    assert_eq!(locks(dir.path()), ["journal.db.today.lock"]);
    let mut second = app_on(Store::open(&path).unwrap(), NOW);
    assert_ne!(first.today.slot.name, second.today.slot.name);
    assert_eq!(
        locks(dir.path()),
        ["journal.db.today-1.lock", "journal.db.today.lock"]
    );
    let said = &second.status.as_ref().unwrap().text;
    assert!(said.contains("Another bearing is open"), "{said}");
    first.update(Action::StartWriting);
    type_text(&mut first, "alpha from the first window");
    second.update(Action::StartWriting);
    type_text(&mut second, "beta from the second");
    first.handle(crate::tui::event::Event::Tick);
    second.handle(crate::tui::event::Event::Tick);
    // Both quit: each keeps its own draft.
    first.update(Action::Quit);
    second.update(Action::Quit);
    drop(first);
    drop(second);
    // The next start holds both texts; nothing typed in either window is lost.
    let next = app_on(Store::open(&path).unwrap(), NOW);
    let text = next.today.text();
    assert!(
        text.contains("alpha from the first window") && text.contains("beta from the second"),
        "{text}"
    );
    let said = &next.status.as_ref().unwrap().text;
    assert!(said.contains("another bearing window left"), "{said}");
    assert!(!next.today.slot.shared);
    // The adopted draft is gone from its old slot: a later start does not double it.
    drop(next);
    let again = app_on(Store::open(&path).unwrap(), NOW);
    assert_eq!(again.today.text().matches("beta").count(), 1);
}

#[cfg(unix)]
#[test]
fn a_window_on_a_journal_reached_through_a_link_keeps_its_lock_beside_the_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("sync");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("journal.db");
    drop(Store::open(&real).unwrap());
    let link = dir.path().join("journal.db");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let through_link = app_on(Store::open(&link).unwrap(), NOW);
    let names = |d: &Path| {
        let mut n: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".lock"))
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&real_dir), ["journal.db.today.lock"]);
    assert!(names(dir.path()).is_empty());
    // A window opened at the real path sees the first and takes a slot of its own.
    let at_real_path = app_on(Store::open(&real).unwrap(), NOW);
    assert_ne!(through_link.today.slot.name, at_real_path.today.slot.name);
    assert!(at_real_path.today.slot.shared);
}

#[test]
fn discarding_the_draft_asks_first() {
    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, "maybe not");
    app.update(Action::Back);
    app.update(Action::DiscardDraft);
    assert!(matches!(app.today.editing, Editing::ConfirmDiscard));
    app.update(Action::CloseOverlay);
    assert_eq!(app.today.text(), "maybe not");
    send(&mut app, [Action::DiscardDraft, Action::Confirm]);
    assert!(app.today.draft.is_empty());
    assert_eq!(
        app.journal.store_for_tests().draft(TODAY_DRAFT).unwrap(),
        None
    );
}

#[test]
fn a_paste_too_big_for_an_entry_is_refused_and_changes_nothing() {
    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, "before");
    app.update(Action::PasteText("x".repeat(MAX_BODY_BYTES)));
    assert_eq!(app.today.text(), "before");
    assert!(app.status.as_ref().unwrap().is_error);
    app.update(Action::PasteText("line one\r\nline two".into()));
    assert_eq!(app.today.text(), "beforeline one\nline two");
}

#[test]
fn a_paste_while_browsing_does_not_run_commands() {
    let mut app = app();
    app.update(Action::PasteText("q".into()));
    assert!(app.running);
    assert!(app.today.draft.is_empty());
}

#[test]
fn a_failed_save_keeps_the_text_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut app = app_on(Store::open(&path).unwrap(), NOW);
    app.update(Action::StartWriting);
    type_text(&mut app, "precious words");
    // Another connection holds the write lock past the busy timeout? Simulate a broken
    // store instead: drop the entries table under the app.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TABLE entries")
        .unwrap();
    app.update(Action::Save);
    let status = app.status.as_ref().unwrap();
    assert!(status.is_error);
    assert!(status.text.contains("Could not save"), "{}", status.text);
    assert_eq!(app.today.text(), "precious words");
    assert!(writing_draft(&app));
}

#[test]
fn the_selection_moves_through_entries_and_stops_at_the_ends() {
    let mut app = app_on(busy_store(), NOW);
    assert_eq!(app.today.entries.len(), 3, "only today's entries");
    assert_eq!(app.today.selected, Some(2), "the newest is selected");
    app.update(Action::CursorUp);
    assert_eq!(app.today.selected, Some(1));
    app.update(Action::CursorUp);
    assert_eq!(app.today.selected, Some(0));
    app.update(Action::CursorUp);
    assert_eq!(app.today.selected, Some(0));
    send(
        &mut app,
        [Action::CursorDown, Action::CursorDown, Action::CursorDown],
    );
    assert_eq!(app.today.selected, Some(2));
    app.update(Action::First);
    assert_eq!(app.today.selected, Some(0));
    app.update(Action::Last);
    assert_eq!(app.today.selected, Some(2));
}

#[test]
fn another_prompt_and_back() {
    let mut app = app();
    let (first, text) = app.today.prompt(app.day);
    app.update(Action::NextPrompt);
    let (second, other) = app.today.prompt(app.day);
    assert_ne!(text, other);
    assert_eq!(second, first % app.today.prompts.len() + 1);
    app.update(Action::PreviousPrompt);
    assert_eq!(app.today.prompt(app.day).1, text);
}

#[test]
fn a_new_day_reloads_today() {
    let mut store = busy_store();
    seed(
        &mut store,
        "2026-11-23T07:00:00+01:00",
        "Monday already",
        EntryKind::Note,
    );
    let mut app = app_on(store, "2026-11-22T23:59:00+01:00");
    assert_eq!(app.today.entries.len(), 3);
    // Same store, a clock a minute later: swap the app's clock by rebuilding it.
    let store = std::mem::replace(
        &mut app.journal,
        crate::app::Journal::new(Store::open_in_memory().unwrap()),
    );
    let mut app = app_on(store.into_store_for_tests(), "2026-11-23T00:00:30+01:00");
    app.handle(crate::tui::event::Event::Tick);
    assert_eq!(app.today.entries.len(), 1);
    assert_eq!(app.today.entries[0].body, "Monday already");
}

#[test]
fn the_list_round_trips_with_the_cli_filters() {
    // The Today list and `bearing list` read the same rows.
    let app = app_on(busy_store(), NOW);
    let day = app.day;
    let listed = app
        .journal
        .store_for_tests()
        .list_entries(&JournalFilter {
            from: Some(day),
            to: Some(day),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(listed, app.today.entries);
}

#[test]
fn today_shows_todays_conversations_and_late_follow_ups() {
    use crate::domain::conversation::Status;

    let mut store = busy_store();
    let _at = |s: &str| Some(chrono::DateTime::parse_from_rfc3339(s).unwrap());
    conversation(
        &mut store,
        ("Sam", "Missed deadlines", "2026-11-22T14:00:00+01:00"),
        Status::Planned,
        None,
        false,
    );
    conversation(
        &mut store,
        ("Ana", "Next week", "2026-11-29T14:00:00+01:00"),
        Status::Planned,
        None,
        false,
    );
    let late = conversation(
        &mut store,
        ("Lee", "Ownership", "2026-11-10T10:00:00+01:00"),
        Status::Held,
        Some("2026-11-19"),
        false,
    );
    store.update_conversation(&late).unwrap();
    let app = app_on(store, NOW);
    let topics: Vec<&str> = app
        .today
        .conversations
        .iter()
        .map(|c| c.topic.as_str())
        .collect();
    assert_eq!(topics, ["Ownership", "Missed deadlines"]);
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains("14:00 Conversation with Sam: Missed deadlines"),
        "{text}"
    );
    assert!(
        text.contains("Follow-up 3 days late with Lee: Ownership"),
        "{text}"
    );
    assert!(!text.contains("Next week"));
}

/// A full disk or a read-only journal: autosave and save say so, and the text stays in
/// the editor to be saved once there is room.
#[test]
fn a_full_disk_or_read_only_journal_keeps_the_text_and_says_why() {
    for (fault, words) in [("full", "disk is full"), ("read-only", "cannot be written")] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_on(Store::open(&dir.path().join("j.db")).unwrap(), NOW);
        app.update(Action::StartWriting);
        // Enough text to need new pages.
        let text = "a long reflection that needs room ".repeat(400);
        app.update(Action::PasteText(text.clone()));
        match fault {
            "full" => app.journal.store_for_tests().fill_disk(),
            _ => app.journal.store_for_tests().make_read_only(),
        }
        app.handle(crate::tui::event::Event::Tick);
        let status = app.status.clone().unwrap();
        assert!(status.is_error, "{fault}");
        assert!(status.text.contains(words), "{fault}: {}", status.text);
        app.update(Action::Save);
        let status = app.status.clone().unwrap();
        assert!(status.text.contains(words), "{fault}: {}", status.text);
        assert_eq!(app.today.text(), text, "{fault}: the text is kept");
        assert!(writing_draft(&app));
        assert!(app.running);
    }
}

/// A megabyte pasted into the editor is refused at once with a message; a paste that
/// fits is taken whole.
#[test]
fn a_megabyte_paste_is_refused_and_a_large_one_is_taken() {
    let mut app = app();
    app.update(Action::StartWriting);
    app.update(Action::PasteText("word ".repeat(200_000)));
    assert!(app.today.draft.is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("KB"));
    let big = "line of text\n".repeat(15_000);
    app.update(Action::PasteText(big.clone()));
    assert_eq!(app.today.text(), big);
    app.update(Action::Save);
    assert_eq!(app.today.entries.len(), 1);
    assert_eq!(app.today.entries[0].body, big.trim_end());
}

/// The entries panel of a 100-column Today: the lines left of the editor.
fn entries_panel(app: &App, width: u16, height: u16) -> String {
    let text = screen_text(app, width, height);
    let half = usize::from(width) * 45 / 100;
    text.lines()
        .map(|l| l.chars().take(half).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_tall_entry_scrolls_within_the_entries_panel() {
    let mut app = app();
    app.update(Action::StartWriting);
    let body: Vec<String> = (1..=24)
        .map(|i| format!("line {i} of a long evening"))
        .collect();
    type_text(&mut app, &body.join("\n"));
    app.update(Action::Save);
    assert_eq!(app.today.entries.len(), 1);
    let panel = entries_panel(&app, 100, 30);
    assert!(panel.contains("09:30 · reflection"), "{panel}");
    assert!(panel.contains("line 1 of a long evening"), "{panel}");
    assert!(panel.contains("↓ more"), "{panel}");
    // Scrolling down reaches the last line; scrolling up comes back.
    for _ in 0..30 {
        app.update(Action::ScrollPreviewDown);
    }
    let panel = entries_panel(&app, 100, 30);
    assert!(panel.contains("line 24 of a long evening"), "{panel}");
    assert!(!panel.contains("line 1 of a long"), "{panel}");
    for _ in 0..30 {
        app.update(Action::ScrollPreviewUp);
    }
    assert!(entries_panel(&app, 100, 30).contains("line 1 of a long evening"));
}

#[test]
fn a_fourteen_line_review_shows_on_today_at_80x24() {
    let mut store = Store::open_in_memory().unwrap();
    let body: Vec<String> = (1..=14).map(|i| format!("answer {i}")).collect();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T09:00:00+01:00").unwrap();
    let week = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    store.save_review(week, &body.join("\n"), at).unwrap();
    let app = app_on(store, NOW);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("09:00 · weekly review"), "{text}");
    assert!(text.contains("answer 1"), "{text}");
}

#[test]
fn at_the_smallest_size_the_editor_has_room_to_write() {
    let mut app = app_on(busy_store(), NOW);
    app.update(Action::StartWriting);
    type_text(&mut app, "one\ntwo\nthree\nfour");
    let text = screen_text(&app, 50, 14);
    for line in ["one", "two", "three", "four"] {
        assert!(
            text.lines()
                .any(|l| l.trim_matches(|c| c == '┃' || c == ' ' || c == '"') == line),
            "{line}: {text}"
        );
    }
}

#[test]
fn entries_are_edited_and_deleted_from_today() {
    let mut app = app_on(busy_store(), NOW);
    app.update(Action::CursorUp);
    let id = app.today.selected_entry().unwrap().id;
    app.update(Action::OpenItem);
    assert!(app.today.entry_edit().is_some());
    assert!(screen_text(&app, 100, 30).contains("Editing 08:40 note"));
    type_text(&mut app, " Room 4B.");
    app.handle(crate::tui::event::Event::Tick);
    assert_eq!(
        app.journal
            .store_for_tests()
            .entry(id)
            .unwrap()
            .unwrap()
            .body,
        "Book the offsite room. Room 4B."
    );
    app.update(Action::Back);
    assert!(app.today.entry_edit().is_none());
    assert_eq!(app.today.entries[1].body, "Book the offsite room. Room 4B.");
    // The draft was not touched by the edit.
    assert!(app.today.draft.is_empty());
    app.update(Action::DeleteItem);
    assert!(screen_text(&app, 100, 30).contains("Delete this note of 08:40?"));
    app.update(Action::CloseOverlay);
    assert_eq!(app.today.entries.len(), 3);
    send(&mut app, [Action::DeleteItem, Action::Confirm]);
    assert_eq!(app.today.entries.len(), 2);
    assert_eq!(app.journal.store_for_tests().entry(id).unwrap(), None);
}

#[test]
fn the_kind_goes_back_to_reflection_after_a_note_is_saved() {
    let mut app = app();
    app.update(Action::CycleEntryKind);
    assert_eq!(app.today.kind, EntryKind::Note);
    app.update(Action::StartWriting);
    type_text(&mut app, "Room 4B");
    app.update(Action::Save);
    assert_eq!(app.today.entries[0].kind, EntryKind::Note);
    assert_eq!(app.today.kind, EntryKind::Reflection);
    assert!(screen_text(&app, 80, 24).contains("Write · reflection"));
}

#[test]
fn planned_today_lists_todays_meetings_one_on_ones_first_and_no_command() {
    let mut store = busy_store();
    // Two meetings today, Sunday 22 November: a 1:1 after a budget review.
    let ics = calendar(&[
        (
            "budget@test",
            "20261122T100000Z",
            "20261122T110000Z",
            "Budget review",
        ),
        (
            "priya@test",
            "20261122T130000Z",
            "20261122T133000Z",
            "1:1 Priya",
        ),
    ]);
    import(&mut store, &ics, NOW);
    let app = app_on(store, NOW);
    let titles: Vec<&str> = app.today.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["1:1 Priya", "Budget review"]);
    let text = screen_text(&app, 100, 30);
    let one = text.find("14:00–14:30 1:1 Priya").expect(&text);
    let budget = text.find("11:00–12:00 Budget review").expect(&text);
    assert!(one < budget, "{text}");
    assert!(!text.contains("bearing convo"), "{text}");
    assert!(text.contains("2 to Week · 5 to Conversations"), "{text}");
}

/// The editor's rows at 50x14 while writing `text`, without their borders.
fn editor_rows(text: &str) -> Vec<String> {
    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, text);
    screen_text(&app, 50, 14)
        .lines()
        .filter(|l| l.starts_with("\"┃"))
        .map(|l| l.trim_matches('"').trim_matches('┃').trim_end().to_string())
        .collect()
}

#[test]
fn the_editor_wraps_people_tags_and_punctuation_with_their_words() {
    let rows = editor_rows(&format!("{} @Priya, hello", "x".repeat(42)));
    assert_eq!(rows[1], "@Priya, hello", "{rows:?}");
    let rows = editor_rows(&format!("{} #growth then", "x".repeat(42)));
    assert_eq!(rows[1], "#growth then", "{rows:?}");
    let rows = editor_rows(&format!("{} abcd. Next", "x".repeat(43)));
    assert_eq!(
        rows[1], "abcd. Next",
        "no row starts with lone punctuation: {rows:?}"
    );
    // A word wider than the editor is still cut where it must be.
    let rows = editor_rows(&"y".repeat(60));
    assert_eq!(rows[0].chars().count(), 48, "{rows:?}");
}

#[test]
fn the_external_editors_text_goes_back_to_the_draft_whichever_screen_shows() {
    use crate::io::editor::Edited;
    use crate::tui::app::{Screen, Task};
    use crate::tui::context::EditTarget;

    let mut app = app();
    app.update(Action::StartWriting);
    type_text(&mut app, "begun here");
    app.update(Action::OpenExternalEditor);
    assert_eq!(
        app.pending,
        Some(Task::ExternalEdit {
            target: EditTarget::Draft,
            text: "begun here".into(),
        })
    );
    assert_eq!(
        app.journal
            .store_for_tests()
            .draft(TODAY_DRAFT)
            .unwrap()
            .unwrap()
            .body,
        "begun here",
        "kept before the terminal is handed over"
    );
    app.pending = None;
    app.update(Action::ShowScreen(Screen::History));
    app.handle(crate::tui::event::Event::ExternalEditFinished(
        EditTarget::Draft,
        Ok(Edited::plain("begun here, finished in vim")),
    ));
    assert_eq!(app.screen, Screen::History);
    assert_eq!(app.today.text(), "begun here, finished in vim");
    assert_eq!(
        app.journal
            .store_for_tests()
            .draft(TODAY_DRAFT)
            .unwrap()
            .unwrap()
            .body,
        "begun here, finished in vim"
    );
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("is in the draft")
    );
    // An editor that failed leaves the draft as it was, and says why.
    app.handle(crate::tui::event::Event::ExternalEditFinished(
        EditTarget::Draft,
        Err("vim not found".into()),
    ));
    assert_eq!(app.today.text(), "begun here, finished in vim");
    assert!(app.status.as_ref().unwrap().is_error);
}

#[test]
fn a_question_takes_the_keys_until_answered() {
    use crate::tui::app::Focus;
    use crate::tui::keymap::{self, Table};

    let mut app = app_on(busy_store(), NOW);
    app.update(Action::DeleteItem);
    assert!(matches!(app.today.editing, Editing::ConfirmDelete(_)));
    assert_eq!(app.focus(), Focus::Overlay);
    assert_eq!(keymap::table_for(&app), Table::Confirm);
    // Keys of the list do nothing while the question is open.
    send(&mut app, [Action::CursorUp, Action::StartWriting]);
    assert!(matches!(app.today.editing, Editing::ConfirmDelete(_)));
    assert_eq!(app.today.selected, Some(2));
    app.update(Action::CloseOverlay);
    assert!(browsing(&app));
    assert_eq!(app.today.entries.len(), 3);
}
