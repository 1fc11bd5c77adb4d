//! The words of the published blocks on the Calendars screen: where each stands on the
//! calendar, the conflicts waiting for the user and settling them, and the push that
//! follows a block's change.

use crate::domain::words::count;

/// Title of the blocks list.
pub const BLOCKS_TITLE: &str = "Blocks on your calendar";
/// The heading of the conflicts in the blocks list.
pub const CONFLICTS_HEADING: &str = "Conflicts: the calendar and bearing both changed";
/// The heading of the published blocks in the blocks list.
pub const PUBLISHED_HEADING: &str = "Published";
/// Title of the selected block's details.
pub const BLOCK_DETAILS: &str = "Published block";
/// Title of the selected conflict's details.
pub const CONFLICT_DETAILS: &str = "Conflict";

/// The blocks list's title: how many are published, and how many conflicts wait.
pub fn blocks_title(published: usize, conflicts: usize) -> String {
    let mut title = format!("{BLOCKS_TITLE} · {published}");
    if conflicts > 0 {
        title.push_str(&format!(
            " · {}",
            count(conflicts as i64, "conflict", "conflicts")
        ));
    }
    title
}

/// A published block whose last push failed, in the list: `! failed: why`.
pub fn push_failed_row(error: &str) -> String {
    format!("! failed: {error}")
}
/// What a push that stopped before telling of each block names.
pub const THE_PUBLISHED_BLOCKS: &str = "the published blocks";
/// A published block going out in the push under way.
pub const PUSHING: &str = "going out…";

/// Labels of a block's or conflict's details.
pub const LABEL_CALENDAR: &str = "Calendar";
/// Where it stands.
pub const LABEL_STANDS: &str = "Stands";
/// Why its last push failed.
pub const LABEL_PUSH_FAILED: &str = "Failed";
/// What differed.
pub const LABEL_WHAT: &str = "What";
/// When it was found.
pub const LABEL_FOUND: &str = "Found";
/// What the user can do.
pub const LABEL_YOU_CAN: &str = "You can";

/// What keeping each side of a conflict means, for its details.
pub fn conflict_choices(mine: &str, theirs: &str) -> String {
    format!(
        "{mine} keep bearing's version (already on the calendar) · {theirs} take the calendar's"
    )
}
/// What can be done with a block deleted in the calendar, for its details.
pub fn deleted_there_choices(again: &str, stop: &str) -> String {
    format!("{again} publish it again · {stop} stop publishing it (it stays in bearing)")
}
/// What can be done with a published block, for its details.
pub fn published_choices(stop: &str) -> String {
    format!("{stop} stop publishing it: it comes off the calendar, stays in bearing")
}
/// A published block deleted in bearing, for its details.
pub const COMES_OFF: &str = "it was deleted in bearing: it comes off the calendar";
/// When the blocks calendar has nothing published, in its details.
pub const NOTHING_PUBLISHED: &str = "no block published yet (bearing block publish ID)";
/// How many blocks go to the blocks calendar, in its details.
pub fn published_count(n: usize) -> String {
    count(n as i64, "block", "blocks") + " published to it"
}
/// The label of the blocks calendar's published blocks, in its details.
pub const LABEL_PUBLISHED: &str = "Published";

/// The question before settling a conflict.
pub fn confirm_resolve(block: &str, theirs: bool) -> String {
    if theirs {
        format!(
            "Take the calendar's version of '{block}'? It replaces bearing's, and goes out to the calendar on the next refresh."
        )
    } else {
        format!(
            "Keep bearing's version of '{block}'? The calendar's change is dropped (the calendar already shows bearing's)."
        )
    }
}
/// The question before publishing a block again, or no longer.
pub fn confirm_publish(block: &str, stop: bool) -> String {
    if stop {
        format!(
            "Stop publishing '{block}'? It comes off the calendar on the next refresh; it stays in bearing."
        )
    } else {
        format!(
            "Publish '{block}' again? It was deleted in the calendar; the next refresh puts it back."
        )
    }
}

/// Status after a conflict was settled.
pub fn resolved(id: i64, block: &str, theirs: bool) -> String {
    if theirs {
        format!(
            "Conflict {id} settled: '{block}' takes the calendar's version; it goes out on the next refresh."
        )
    } else {
        format!("Conflict {id} settled: '{block}' keeps bearing's version.")
    }
}
/// Status after a block was published again, or no longer.
pub fn published(block: &str, stop: bool) -> String {
    if stop {
        format!("'{block}' is no longer published: it comes off the calendar on the next refresh.")
    } else {
        format!("'{block}' is published again: the next refresh puts it back on the calendar.")
    }
}
/// Status when publishing again is asked for a block that is not deleted in the calendar.
pub fn already_published(block: &str, stands: &str) -> String {
    format!("'{block}' is published already: {stands}.")
}
/// Status when publishing is asked for a block deleted in bearing.
pub fn comes_off_anyway(block: &str) -> String {
    format!("'{block}' was deleted in bearing: it comes off the calendar on the next refresh.")
}
/// What the user should select first, for [`select_first`].
pub const SELECT_A_CONFLICT: &str = "a conflict";
/// What the user should select first, for [`select_first`].
pub const SELECT_A_BLOCK: &str = "a published block";
/// Status when a key of the blocks list is pressed on another row, or (with the key
/// that goes there) in the calendars.
pub fn select_first(what: &str, key: Option<&str>) -> String {
    match key {
        Some(key) => format!("Select {what} in the blocks list first ({key} goes there)."),
        None => format!("Select {what} first."),
    }
}
/// Status when the blocks list is asked for and there is none.
pub const NO_BLOCKS_PUBLISHED: &str = "No block is published to a calendar: bearing block publish ID puts one on the calendar that has the blocks role.";
/// Status when the role key is pressed in the blocks list.
pub fn role_in_calendars(key: &str) -> String {
    format!("Roles belong to calendars: {key} goes back to the calendars.")
}

/// Status when `r` found no calendar to read, and pushes the published blocks.
pub const PUSHING_BLOCKS: &str = "Putting the published blocks on the calendar in the background…";

/// Status when pushing the blocks in the background failed for some of them.
pub fn push_failed(block: &str, error: &str, failed: usize) -> String {
    let others = match failed {
        0 | 1 => String::new(),
        n => format!(" ({} more failed; the Calendars screen lists them)", n - 1),
    };
    format!("Could not put '{block}' on the calendar: {error}{others}")
}

/// Status when the background journal sync kept texts written on two devices at once.
pub fn sync_copies(n: usize) -> String {
    let texts = crate::domain::words::count(i64::try_from(n).unwrap_or(i64::MAX), "text", "texts");
    format!(
        "Synced: {texts} written on two devices at once, both kept (search \"edited in two places\")."
    )
}

/// Status when the background journal sync failed (the changes wait for the next one).
pub fn sync_failed(why: &str) -> String {
    format!("The journal did not sync: {why}. What changed here waits for the next sync.")
}

/// The status line while the journal syncs in the background.
pub const SYNCING: &str = "syncing…";

/// The status line after the last sync failed (offline, say): changes wait.
pub const SYNC_OFFLINE: &str = "not synced";

/// The status line after a sync went through, at `time` ("09:14").
pub fn synced_at(time: &str) -> String {
    format!("synced {time}")
}

/// The status line while texts written on two devices at once wait to be made one.
pub fn kept_twice(n: i64) -> String {
    format!("{n} kept twice")
}
