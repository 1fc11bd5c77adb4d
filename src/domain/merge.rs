//! Two writers of one item: what an editor's save keeps when someone else (another
//! window, a command, later the journal sync) changed the item since the editor loaded it.
//!
//! Three versions of each field are compared: `base` (what the editor loaded), `theirs`
//! (what is stored now) and `mine` (what the editor holds). A field only one side changed
//! takes that side's value. A text both sides changed, differently, keeps both texts, the
//! editor's under a marker line, so nothing typed is lost and the user sees where; any
//! other field both changed keeps the stored value and is reported.

use super::conversation::{Conversation, text_labels};

/// The words that mark text kept from two places.
pub const EDITED_IN_TWO_PLACES: &str = "edited in two places";

/// The line put between the stored text and the editor's, when both changed one text.
pub fn marker() -> String {
    format!("――― {EDITED_IN_TWO_PLACES} at once: both versions are kept, above and below ―――")
}

/// The first line of an entry kept as a copy because its original was changed
/// elsewhere (`original` is that entry's id) while this text was written.
pub fn copy_heading(original: i64) -> String {
    format!(
        "({EDITED_IN_TWO_PLACES}: this copy keeps what one window wrote; entry {original} keeps the other)"
    )
}

/// The first line of an entry kept as a copy because its original was deleted elsewhere
/// while this text was written.
pub fn gone_heading(original: i64) -> String {
    format!(
        "({EDITED_IN_TWO_PLACES}: entry {original} was deleted elsewhere while this was written)"
    )
}

/// What the user is told when a save kept both versions of `fields` (their labels).
pub fn conflict_note(fields: &[&str]) -> String {
    format!(
        "{} changed elsewhere too while you wrote; both texts are kept, marked \"{EDITED_IN_TWO_PLACES}\" (any other field kept the other change)",
        fields.join(", ")
    )
}

/// What merging one field gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged<T> {
    /// The value to store.
    pub value: T,
    /// Both sides changed it differently: the user is told.
    pub conflict: bool,
}

/// Merges one text field. Both sides changed it differently: the stored text, the marker,
/// then the editor's.
pub fn text(base: &str, theirs: &str, mine: &str) -> Merged<String> {
    if mine == base || mine == theirs {
        return Merged {
            value: theirs.to_string(),
            conflict: false,
        };
    }
    if theirs == base {
        return Merged {
            value: mine.to_string(),
            conflict: false,
        };
    }
    Merged {
        value: format!(
            "{}\n\n{}\n{}",
            theirs.trim_end(),
            marker(),
            mine.trim_start()
        ),
        conflict: true,
    }
}

/// Merges one field that is not free text: both sides changed it differently, the
/// stored value stays (and the user is told).
pub fn value<T: PartialEq + Clone>(base: &T, theirs: &T, mine: &T) -> Merged<T> {
    let conflict = mine != base && theirs != base && mine != theirs;
    let value = if mine != base && !conflict {
        mine.clone()
    } else {
        theirs.clone()
    };
    Merged { value, conflict }
}

/// Merges a list of texts field by field (a review's answers); the indexes of the answers
/// both sides changed come back.
pub fn texts(base: &[String], theirs: &[String], mine: &[String]) -> (Vec<String>, Vec<usize>) {
    let len = base.len().max(theirs.len()).max(mine.len());
    let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
    let mut conflicts = Vec::new();
    let merged = (0..len)
        .map(|i| {
            let m = text(&at(base, i), &at(theirs, i), &at(mine, i));
            if m.conflict {
                conflicts.push(i);
            }
            m.value
        })
        .collect();
    (merged, conflicts)
}

/// Merges what an editor holds of a conversation (`mine`, loaded as `base`) into what is
/// stored now (`theirs`), field by field. The labels of the fields both sides changed
/// come back: their texts hold both versions; any other such field keeps the stored value.
pub fn conversation(
    base: &Conversation,
    theirs: &Conversation,
    mine: &Conversation,
) -> (Conversation, Vec<&'static str>) {
    let mut conflicts = Vec::new();
    let mut take = |label: &'static str, conflict: bool| {
        if conflict {
            conflicts.push(label);
        }
    };
    let mut out = theirs.clone();
    macro_rules! field {
        ($($name:ident).+, $label:expr) => {{
            let m = value(&base.$($name).+, &theirs.$($name).+, &mine.$($name).+);
            take($label, m.conflict);
            out.$($name).+ = m.value;
        }};
    }
    field!(person, "person");
    field!(topic, "topic");
    field!(planned_at, "time");
    field!(event_uid, "calendar event");
    field!(stay_interview, "kind");
    field!(status, "status");
    field!(held_at, "time held");
    field!(followup_on, "follow-up date");
    let labels = text_labels(out.stay_interview);
    let (mut b, mut t, mut m) = (base.clone(), theirs.clone(), mine.clone());
    let texts = b
        .text_fields_mut()
        .into_iter()
        .zip(t.text_fields_mut())
        .zip(m.text_fields_mut())
        .map(|(((_, b), (_, t)), (_, m))| text(b, t, m))
        .collect::<Vec<_>>();
    for ((merged, (_, slot)), label) in texts.into_iter().zip(out.text_fields_mut()).zip(labels) {
        take(label, merged.conflict);
        *slot = merged.value;
    }
    (out, conflicts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_only_one_side_changed_takes_that_side() {
        let cases = [
            // (base, theirs, mine, expected, conflict)
            ("a", "a", "a", "a", false),
            ("a", "b", "a", "b", false),
            ("a", "a", "c", "c", false),
            ("a", "b", "b", "b", false),
        ];
        for (base, theirs, mine, want, conflict) in cases {
            let got = text(base, theirs, mine);
            assert_eq!(got.value, want, "{base}/{theirs}/{mine}");
            assert_eq!(got.conflict, conflict, "{base}/{theirs}/{mine}");
        }
    }

    #[test]
    fn a_text_both_sides_changed_keeps_both_with_the_marker_between() {
        let got = text(
            "plan",
            "plan, and the other window's line",
            "plan, and mine\n",
        );
        assert!(got.conflict);
        assert_eq!(
            got.value,
            format!(
                "plan, and the other window's line\n\n{}\nplan, and mine\n",
                marker()
            )
        );
        assert!(got.value.contains(EDITED_IN_TWO_PLACES));
    }

    #[test]
    fn a_value_both_sides_changed_keeps_the_stored_one() {
        assert_eq!(
            value(&1, &2, &3),
            Merged {
                value: 2,
                conflict: true
            }
        );
        assert_eq!(
            value(&1, &1, &3),
            Merged {
                value: 3,
                conflict: false
            }
        );
        assert_eq!(
            value(&1, &2, &1),
            Merged {
                value: 2,
                conflict: false
            }
        );
        assert_eq!(
            value(&1, &3, &3),
            Merged {
                value: 3,
                conflict: false
            }
        );
    }

    #[test]
    fn answers_merge_one_by_one() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (merged, conflicts) = texts(
            &s(&["", "b", "c"]),
            &s(&["x", "b", "c2"]),
            &s(&["", "b2", "c3"]),
        );
        assert_eq!(merged[0], "x");
        assert_eq!(merged[1], "b2");
        assert!(merged[2].starts_with("c2\n\n") && merged[2].ends_with("c3"));
        assert_eq!(conflicts, vec![2]);
    }
}
