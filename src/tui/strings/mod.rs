//! Every user-facing string of the terminal interface, so wording stays consistent.
//! One file per screen; the words every screen shares are here.

mod audit;
mod calendars;
mod conversations;
mod history;
mod people;
mod publishing;
mod review;
mod today;
pub mod unlock;
mod week;

pub use audit::*;
pub use calendars::*;
pub use conversations::*;
pub use history::*;
pub use people::*;
pub use publishing::*;
pub use review::*;
pub use today::*;
pub use week::*;

/// The application's name in the tab bar.
pub const APP_NAME: &str = "bearing";
/// The Today tab.
pub const TAB_TODAY: &str = "Today";
/// The Week tab.
pub const TAB_WEEK: &str = "Week";
/// The Audit tab.
pub const TAB_AUDIT: &str = "Audit";
/// The People tab.
pub const TAB_PEOPLE: &str = "People";
/// The Conversations tab.
pub const TAB_CONVERSATIONS: &str = "Conversations";
/// The History tab.
pub const TAB_HISTORY: &str = "History";
/// The weekly review tab.
pub const TAB_REVIEW: &str = "Review";
/// The Calendars tab.
pub const TAB_CALENDARS: &str = "Calendars";
/// Greyed text in an empty editor.
pub const EDITOR_PLACEHOLDER: &str = "Write here; #tags and @people are noted.";

/// The mode badge while browsing.
pub const MODE_NORMAL: &str = "NORMAL";
/// The mode badge while typing in the editor.
pub const MODE_EDITING: &str = "WRITING";
/// The mode badge while typing a search.
pub const MODE_SEARCH: &str = "SEARCH";
/// The mode badge while a form is open.
pub const MODE_FORM: &str = "FORM";

/// Title of the key help overlay.
pub const HELP_TITLE: &str = "Keys";

/// Shown instead of the interface when the terminal is too small.
pub const TOO_SMALL: &str = "Terminal too small";
/// Status when a store write failed; the text stays in the editor.
pub fn save_failed(err: &str) -> String {
    format!("Could not save: {err}. Your text is still in the editor.")
}
/// Status when autosaving the draft failed.
pub fn autosave_failed(err: &str) -> String {
    format!("Could not autosave the draft: {err}. Keep bearing open; it will retry.")
}
/// Status when a save found that someone else (another window, a command) changed the
/// same texts meanwhile: both are kept, marked.
pub fn edited_in_two_places(labels: &[String]) -> String {
    format!(
        "{} changed elsewhere too: both texts kept, marked \"{}\".",
        labels.join(", "),
        crate::domain::merge::EDITED_IN_TWO_PLACES
    )
}
/// Status when the entry being edited was changed or deleted elsewhere meanwhile: what
/// was typed here went on in a copy.
pub fn entry_copied(original: i64) -> String {
    format!(
        "Entry {original} was changed elsewhere while you wrote: your text is kept as a new entry marked \"{}\"; go on writing in it.",
        crate::domain::merge::EDITED_IN_TWO_PLACES
    )
}
/// Status when another bearing runs on the same journal.
pub const ANOTHER_BEARING: &str =
    "Another bearing is open on this journal: this window keeps its own draft.";
/// Status when a paste or typing would make the entry too big.
pub fn too_big(size_kb: usize, max_kb: usize) -> String {
    format!("Too big: the entry would be {size_kb} KB, the most is {max_kb} KB. Nothing added.")
}
/// The text from the editor was taken, with something to know about it.
pub fn external_edit_note(note: &str) -> String {
    format!("Text from your editor is in: {note}.")
}
/// The editor did not give text back.
pub fn external_edit_failed(err: &str) -> String {
    format!("The external editor failed: {err}. The draft is unchanged.")
}
/// Scope of a classification of a whole series.
pub const ALL_OCCURRENCES: &str = "every occurrence";
/// Status after classifying.
pub fn classified(title: &str, scope: &str, category: &str) -> String {
    format!("'{title}' ({scope}) is now {category}.")
}
/// Shown before the audit is loaded.
pub const AUDIT_LOADING: &str = "Loading the audit…";
/// Title of the conversations list.
pub const CONVERSATIONS_TITLE: &str = "Conversations";
/// Title of the preview pane.
pub const PREVIEW_TITLE: &str = "Preview";
/// Status after an entry's edit was saved.
pub const ENTRY_SAVED: &str = "Saved.";
/// The selected row was deleted elsewhere.
pub const ITEM_GONE: &str = "That entry no longer exists.";
/// Status after saving the review.
pub fn review_saved(history: &str) -> String {
    format!("Review saved. Find it in History ({history}).")
}
/// Heading of the blocks.
pub const REVIEW_BLOCKS: &str = "Leadership blocks";

/// When the answers were last saved.
pub fn saved_at(time: &str) -> String {
    format!("saved {time}")
}

// Keys and help.

/// Help section: keys of every screen.
pub const HELP_EVERYWHERE: &str = "Every screen";
/// Help section: keys of the help.
pub const HELP_IN_HELP: &str = "In this help";
/// Help section: keys of a form.
pub const HELP_FORM: &str = "In a form";
/// Help section: writing in Today's editor.
pub const HELP_WRITING: &str = "While writing";
/// Help section: editing a saved entry in place.
pub const HELP_EDITING_ENTRY: &str = "Editing an entry";
/// Help section: a block's details.
pub const HELP_DETAILS: &str = "A block's details (Enter)";
/// Help section: the questions about repeating blocks.
pub const HELP_SCOPE: &str = "Deleting or editing a repeating block";
/// Help section: typing a search.
pub const HELP_SEARCH: &str = "Typing a search";
/// Help section: the review while reading.
pub const HELP_REVIEW: &str = "Weekly review";
/// Help section: answering the review.
pub const HELP_ANSWERING: &str = "Answering";

/// The status line when config.toml's keys could not be used (bearing started with the
/// default keys).
pub fn keys_refused(line: usize, message: &str) -> String {
    format!("config.toml line {line}: {message}. The default keys are in use.")
}
/// A `[keys.NAME]` table that is not a part of the interface.
pub fn unknown_key_table(name: &str, names: &str) -> String {
    format!("[keys.{name}] is not a part of the interface; the parts are {names}")
}
/// An action name a `[keys.*]` table does not have.
pub fn unknown_key_action(name: &str, table: &str, names: &str) -> String {
    format!("'{name}' is not an action of [keys.{table}]; its actions are {names}")
}
/// A `[keys.*]` setting without keys.
pub fn no_keys(table: &str, name: &str) -> String {
    format!("[keys.{table}] {name} has no key: give it a key, e.g. {name} = \"x\"")
}
/// One key for two actions that work together.
pub fn key_conflict(key: &str, one: &str, other: &str) -> String {
    format!("{key} would be both {one} and {other}; give one of them another key")
}
/// Under a panel whose text goes on below.
pub const MORE_BELOW: &str = "↓ more";
/// An all-day event on the agenda.
pub const ALL_DAY: &str = "all day";

// Week, further.

/// The Week screen's title.
pub fn week_title(number: u32, from: &str, to: &str) -> String {
    format!("Week {number} · {from} – {to}")
}
/// No date.
pub const NO_DATE: &str = "no date";

// Numbers in words, shared by the Audit and the Review.

/// "managing 60%".
pub fn managing_percent(p: i64) -> String {
    format!("managing {p}%")
}
/// "leading 40%".
pub fn leading_percent(p: i64) -> String {
    format!("leading {p}%")
}
/// "target 60/40".
pub fn target(managing: i64, leading: i64) -> String {
    format!("target {managing}/{leading}")
}
/// The week's leadership blocks, counted.
pub fn block_counts(b: &crate::audit::BlockCounts) -> String {
    format!(
        "{} planned · {} kept · {} skipped · {} invaded",
        b.planned, b.kept, b.skipped, b.invaded
    )
}
/// The terminal size bearing needs.
pub fn need_size(w: u16, h: u16) -> String {
    format!("need {w}×{h}")
}
/// The terminal size it has.
pub fn have_size(w: u16, h: u16) -> String {
    format!("have {w}×{h}")
}

/// Status after the background refresh read every stale calendar well.
pub fn refreshed(n: usize) -> String {
    format!(
        "Read {} again.",
        crate::domain::words::count(n as i64, "calendar", "calendars")
    )
}

/// Status when a background refresh failed (the calendar keeps its last good copy).
pub fn refresh_failed(calendar: &str, error: &str, failed: usize) -> String {
    let others = match failed {
        0 | 1 => String::new(),
        n => format!(" ({} more failed; bearing calendars lists them)", n - 1),
    };
    format!("Could not read '{calendar}' again, its last copy is kept: {error}{others}")
}

/// When the calendars were read, for the Week and Audit titles: `calendars read 09:12`
/// (or a day), `reading calendars…`, or `! 'team' not read: …`.
pub fn calendars_note(
    oldest: Option<&str>,
    refreshing: bool,
    failed: Option<&str>,
) -> Option<String> {
    if refreshing {
        return Some("reading calendars…".to_string());
    }
    if let Some(name) = failed {
        return Some(format!("! '{name}' could not be read again"));
    }
    oldest.map(|when| format!("calendars read {when}"))
}

/// A refusal as a sentence for the status line: its first letter a capital, a full stop
/// at its end (the use cases word refusals to sit inside a CLI message).
pub fn sentence(refusal: &str) -> String {
    let mut chars = refusal.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with(['.', '!', '?', ')']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn refusals_read_as_sentences() {
        assert_eq!(
            super::sentence("conversation 2 is already cancelled"),
            "Conversation 2 is already cancelled."
        );
        assert_eq!(super::sentence("Done."), "Done.");
        assert_eq!(super::sentence(""), ".");
    }

    #[test]
    fn counts_say_one_day_not_one_days() {
        assert_eq!(super::days_since_checkin(1), "1 day since a check-in");
        assert_eq!(super::days_since_checkin(3), "3 days since a check-in");
        assert_eq!(
            super::heatmap_title(1, Some(1)),
            "Streak 1 day · 1 day written"
        );
    }
}
