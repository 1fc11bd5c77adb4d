//! Small pieces of English used in messages everywhere, so every screen and command says
//! "1 day", "today" and "and 3 more" the same way.

/// `n` with the noun in the right number: `1 day`, `3 days`.
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How long ago a day was, `days` before today: `today`, `yesterday`, `3 days ago`.
pub fn days_ago(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        d if d < 0 => days_ahead(-d),
        d => format!("{d} days ago"),
    }
}

/// How far ahead a day is: `today`, `tomorrow`, `in 3 days`.
pub fn days_ahead(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        d if d < 0 => days_ago(-d),
        d => format!("in {d} days"),
    }
}

/// Where a follow-up stands, as a phrase: `follow-up due today`, `follow-up 1 day late`,
/// `follow-up tomorrow`; `None` when none is open.
pub fn follow_up(state: super::conversation::FollowUp) -> Option<String> {
    use super::conversation::FollowUp;
    match state {
        FollowUp::None => None,
        FollowUp::Due => Some("follow-up due today".to_string()),
        FollowUp::Overdue(d) => Some(format!("follow-up {} late", count(d, "day", "days"))),
        FollowUp::Upcoming(d) => Some(format!("follow-up {}", days_ahead(d))),
    }
}

/// The items `shown` joined with commas, then `and N more` for the rest of `all`:
/// `a, b, c and 3 more` (only the items shown need be written out).
pub fn list_cut(shown: &[String], all: usize) -> String {
    let head = shown.join(", ");
    match all.saturating_sub(shown.len()) {
        0 => head,
        more => format!("{head} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conversation::FollowUp;

    #[test]
    fn numbers_and_days_read_as_english() {
        assert_eq!(count(1, "day", "days"), "1 day");
        assert_eq!(count(0, "day", "days"), "0 days");
        assert_eq!(count(2, "meeting", "meetings"), "2 meetings");
        assert_eq!(days_ago(0), "today");
        assert_eq!(days_ago(1), "yesterday");
        assert_eq!(days_ago(12), "12 days ago");
        assert_eq!(days_ahead(1), "tomorrow");
        assert_eq!(days_ahead(4), "in 4 days");
        assert_eq!(
            follow_up(FollowUp::Overdue(1)).unwrap(),
            "follow-up 1 day late"
        );
        assert_eq!(
            follow_up(FollowUp::Upcoming(2)).unwrap(),
            "follow-up in 2 days"
        );
        assert_eq!(follow_up(FollowUp::Due).unwrap(), "follow-up due today");
        assert_eq!(follow_up(FollowUp::None), None);
    }

    #[test]
    fn cut_lists_say_how_many_more() {
        let items: Vec<String> = ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec();
        assert_eq!(list_cut(&items[..3], 6), "a, b, c and 3 more");
        assert_eq!(list_cut(&items[..2], 2), "a, b");
        assert_eq!(list_cut(&items[..1], 0), "a");
    }
}
