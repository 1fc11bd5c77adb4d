//! The words of the Calendars screen: every calendar bearing reads or writes to, its
//! role, when it was last read, and reading them again.

use crate::app::accounts::Role;
use crate::domain::words::count;

/// Title of the list of calendars.
pub const CALENDARS_TITLE: &str = "Calendars";
/// Title of the selected calendar's details.
pub const CALENDAR_DETAILS: &str = "Calendar";
/// The heading of the imported files and links.
pub const FILES_AND_LINKS: &str = "Files and links";
/// Under an account whose server showed no calendar.
pub const NO_CALENDARS_ON_ACCOUNT: &str = "no calendars found on this account";

/// An account as the details name it: `work · me on https://dav.example.com`.
pub fn account_who(name: &str, user: &str, server: &str) -> String {
    format!("{name} · {user} on {server}")
}
/// The heading of an account's calendars.
pub fn account_heading(name: &str, user: &str, server: &str) -> String {
    format!("Account {}", account_who(name, user, server))
}

/// The screen with no calendar and no account: what they are for and how to add them
/// (adding an account is the command line's).
pub const CALENDARS_EMPTY: &[&str] = &[
    "No calendars yet. bearing reads your meetings from them for the Week, the Audit and People.",
    "",
    "Import a calendar file, or a private link (Google, Outlook and Apple give one):",
    "  bearing import FILE.ics",
    "  bearing import https://… --calendar work",
    "",
    "Or connect a CalDAV account (Fastmail, iCloud, Nextcloud, …) from the command line:",
    "  bearing account add NAME --url URL --user USER --password-command CMD",
    "  bearing account use NAME CALENDAR --for read|blocks|both",
    "",
    "They show here with their roles and when each was read.",
];

/// Under the details when no account is connected: how to connect one.
pub const ADD_ACCOUNT: &str = "Connect a CalDAV account from the command line: bearing account add NAME --url URL --user USER --password-command CMD";

/// What a role means, for the details.
pub fn role_meaning(role: Role) -> &'static str {
    match role {
        Role::Read => "read: its events count in the Week, the Audit and People",
        Role::Both => "both: its events count, and your leadership blocks go to it",
        Role::Blocks => "blocks: your leadership blocks go to it; its events are not read",
        Role::Unused => "unused: bearing neither reads it nor writes to it",
    }
}

/// The role of an imported file or link, for the details.
pub const FILE_ROLE: &str = "read: a file or link is always read";

/// How long ago something happened, `minutes` before now: `just now`, `5 min ago`,
/// `3 h ago`, `4 days ago`.
pub fn ago(minutes: i64) -> String {
    match minutes {
        m if m < 1 => "just now".to_string(),
        m if m < 60 => format!("{m} min ago"),
        m if m < 48 * 60 => format!("{} h ago", m / 60),
        m => format!("{} days ago", m / (24 * 60)),
    }
}

/// A calendar's state in the list: read `ago`.
pub fn read_ago(ago: &str) -> String {
    format!("read {ago}")
}
/// An account's calendar's state in the list: synced `ago`.
pub fn synced_ago(ago: &str) -> String {
    format!("synced {ago}")
}
/// A calendar bearing should read and never did.
pub const NOT_READ_YET: &str = "not read yet";
/// A calendar bearing does not read.
pub const NOT_READ: &str = "—";
/// A calendar being read again in the background.
pub const REFRESHING: &str = "refreshing…";
/// A calendar whose last refresh failed (the rest of the row says when it was last read).
pub fn failed_row(last: Option<&str>) -> String {
    match last {
        Some(when) => format!("! failed · last read {when}"),
        None => "! failed · never read".to_string(),
    }
}
/// The outcome of the refresh asked for here, on the row it read: `updated`, `no
/// change`, then when.
pub fn outcome_row(changed: bool, when: &str) -> String {
    let what = if changed { "updated" } else { "no change" };
    format!("{what} · {when}")
}
/// A calendar's events, counted.
pub fn events(n: i64) -> String {
    count(n, "event", "events")
}

/// Labels of the details.
pub const LABEL_SOURCE: &str = "Source";
/// The account a calendar belongs to.
pub const LABEL_ACCOUNT: &str = "Account";
/// Its path on the server.
pub const LABEL_PATH: &str = "Path";
/// Its role.
pub const LABEL_ROLE: &str = "Role";
/// When it was last read well.
pub const LABEL_LAST_READ: &str = "Last read";
/// What it holds.
pub const LABEL_HOLDS: &str = "Holds";
/// Why its last refresh failed.
pub const LABEL_FAILED: &str = "Failed";
/// What the refresh asked for here did.
pub const LABEL_JUST_NOW: &str = "Refresh";

/// What a calendar holds, for the details.
pub fn holds(events: i64, series: i64, occurrences: i64) -> String {
    format!(
        "{} · {} · {} stored",
        count(events, "event", "events"),
        count(series, "series", "series"),
        count(occurrences, "occurrence", "occurrences")
    )
}
/// An account's calendar not read (blocks or unused): nothing of it is in the journal.
pub const HOLDS_NOTHING: &str = "nothing: bearing does not read it";
/// An account's calendar to read, never read yet.
pub const HOLDS_NOTHING_YET: &str = "nothing yet: it is read with the next refresh";
/// A calendar never read.
pub const NEVER: &str = "never";
/// A calendar imported from standard input: it cannot be read again.
pub const FROM_STDIN: &str = "standard input: it cannot be read again";
/// The outcome of the refresh asked for here, for the details.
pub fn outcome_details(changed: bool) -> &'static str {
    if changed {
        "read again: its events changed"
    } else {
        "read again: nothing changed"
    }
}

/// Status when `r` is pressed while a refresh is under way.
pub const REFRESH_UNDER_WAY: &str =
    "The calendars are being read already; each row says how it went when it is done.";
/// Status when asked to read the calendars again and each was read in this very second.
pub const ALL_READ_JUST_NOW: &str = "Every calendar was read just now: nothing newer to read yet.";
/// Status when there is nothing bearing can read again.
pub const NOTHING_TO_REFRESH: &str = "Nothing to read again: no file, link or account calendar that bearing reads (one piped in on standard input cannot be read again).";
/// Status when a refresh asked for here started.
pub fn refreshing(n: usize) -> String {
    format!(
        "Reading {} again in the background…",
        count(n as i64, "calendar", "calendars")
    )
}

/// Status when the role key is pressed on a file or link.
pub const FILE_ALWAYS_READ: &str = "A file or link is always read; only an account's calendars have roles (bearing calendars rm NAME removes a file).";
/// Status when nothing is selected.
pub const NO_CALENDAR_SELECTED: &str = "No calendar selected.";

/// The question before a role that stops reading a calendar.
pub fn confirm_stop_reading(calendar: &str, role: Role, events: i64) -> String {
    format!(
        "Make '{calendar}' {}? bearing stops reading it: its {} leave the journal (the server keeps them).",
        role.as_str(),
        count(events, "event", "events")
    )
}

/// Status after a role change: what it means now (`was_read`: it was read before), what
/// was removed, where the blocks no longer go, and the key that reads it now.
pub fn role_changed(
    calendar: &str,
    role: Role,
    was_read: bool,
    removed: i64,
    blocks_left: Option<&str>,
    refresh_key: &str,
) -> String {
    let reads = matches!(role, Role::Read | Role::Both);
    let what = match (reads, was_read) {
        (true, true) => "its events still count".to_string(),
        (true, false) => format!("read from the next refresh ({refresh_key} reads it now)"),
        (false, _) if removed > 0 => {
            format!("its {} left the journal", count(removed, "event", "events"))
        }
        (false, _) => "not read".to_string(),
    };
    let blocks = match role {
        Role::Blocks | Role::Both => "; blocks go to it",
        Role::Read | Role::Unused => "",
    };
    let moved = blocks_left
        .map(|other| format!(" Blocks no longer go to '{other}'."))
        .unwrap_or_default();
    format!(
        "'{calendar}' is now {}: {what}{blocks}.{moved}",
        role.as_str()
    )
}
