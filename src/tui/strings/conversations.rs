//! The words of the Conversations screen.

/// Status when a conversation key is used with none selected.
pub const NO_CONVERSATION: &str = "No conversation selected.";
/// Title of the new conversation form.
pub const NEW_CONVERSATION_TITLE: &str = "New conversation";
/// Title of the follow-up form.
pub const FOLLOW_UP_TITLE: &str = "Follow up";
/// A conversation with nothing prepared.
pub fn convo_not_prepared(key: &str) -> String {
    format!(
        "Nothing prepared yet. {key} to write: situation, behaviour, impact, the outcome you want, your opening sentence…"
    )
}
/// Status after saving a conversation.
pub const CONVERSATION_SAVED: &str = "Saved.";
/// Status after noting a new conversation, with when it is planned as read from the form.
pub fn conversation_noted(when: Option<&str>, next: &str, done: &str) -> String {
    let on = when.map(|w| format!(" for {w}")).unwrap_or_default();
    format!("Noted{on}. Prepare it now: {next} moves between fields, {done} when done.")
}
/// Help section: writing a conversation.
pub const HELP_CONVERSATION: &str = "Writing a conversation";

// Conversations, further.

/// The topic field.
pub const FIELD_TOPIC: &str = "Topic";
/// Hint of the topic.
pub const HINT_TOPIC: &str = "what it is about";
/// The when field.
pub const FIELD_WHEN: &str = "When";
/// Hint of when.
pub const HINT_WHEN: &str = "YYYY-MM-DD HH:MM or words (tue 14:00); optional";
/// Who a new conversation is with.
pub const FIELD_WITH: &str = "With";
/// Hint of who.
pub const HINT_WITH: &str = "a name, e.g. Sam";
/// Whether a new conversation is a stay interview.
pub const FIELD_STAY: &str = "Stay interview";
/// Hint of the stay interview field.
pub const HINT_STAY: &str = "y to ask why they stay; empty: a difficult conversation";
/// The follow-up's date.
pub const FIELD_FOLLOW_UP_ON: &str = "Follow up on";
/// Hint of the follow-up's date.
pub const HINT_FOLLOW_UP_ON: &str = "YYYY-MM-DD or words (in 2 weeks)";
/// The follow-up's notes.
pub const FIELD_FOLLOW_UP_NOTES: &str = "Notes";
/// Hint of the follow-up's notes.
pub const HINT_FOLLOW_UP_NOTES: &str = "what to check on, or what came of it (optional)";
/// One line of what to write in each field of a difficult conversation.
pub const CONVERSATION_HINTS: [&str; 13] = [
    "When and where it happened, as a fact.",
    "What they did or said, not what you think of them.",
    "What it did to the team, the work, to you.",
    "What you want to be true after the conversation.",
    "The first sentence you will say; short, kind and clear.",
    "Questions that let them explain; ask, then listen.",
    "How they may react, and how you will meet it.",
    "How you will show that you care about them.",
    "How you will still say the hard thing plainly.",
    "What was said and what you noticed.",
    "Who does what by when.",
    "How it felt, for you and, as far as you can tell, for them.",
    "What to check on at the follow-up, and what came of it.",
];
/// One line of what to write in each field of a stay interview.
pub const STAY_HINTS: [&str; 13] = [
    "Ask: what keeps you here? Write their words.",
    "Ask: what would make you think of leaving?",
    "Ask: what should I change, or do more of?",
    "What you want to be true after the conversation.",
    "The first sentence you will say; short and open.",
    "More questions: best day lately? what would you learn?",
    "How they may react, and how you will meet it.",
    "How you will show that you care about them.",
    "How you will still say the hard thing plainly.",
    "What was said and what you noticed.",
    "Who does what by when.",
    "How it felt, for you and, as far as you can tell, for them.",
    "What to check on at the follow-up, and what came of it.",
];
/// A yes/no field with something else.
pub const YES_OR_NO: &str = "y or n";
/// An autosave refused because of one field.
pub fn field_refused(label: &str, message: &str) -> String {
    format!("{label}: {message}. Everything else is kept; fix it to save.")
}
/// Status after a conversation's status changed.
pub fn now_status(topic: &str, person: &str, status: &str) -> String {
    format!("{topic} with {person} is now {status}.")
}
/// Status after marking a conversation held: the editor is open on what happened.
pub fn held_now_record(next: &str) -> String {
    format!("Held. Write what happened while it is fresh; {next} moves on to what was agreed.")
}
/// A follow-up asked for before the conversation is held.
pub fn follow_up_once_held(refusal: &str, held_key: &str) -> String {
    format!("{refusal} ({held_key} marks it held).")
}
/// Status after setting a follow-up.
pub fn follow_up_set(person: &str, day: &str) -> String {
    format!("Follow-up with {person} on {day}.")
}
/// No conversations yet; `key` makes one.
pub fn no_conversations(key: &str) -> String {
    format!(
        "No conversations yet. Difficult conversations are acts of respect: press {key} to prepare one."
    )
}
/// A stay interview, in lists.
pub const STAY_INTERVIEW: &str = "stay interview";
/// A stay interview, in the preview.
pub const STAY_INTERVIEW_NOTE: &str = "A stay interview: ask why they stay, before they leave.";
/// A conversation's heading.
pub fn conversation_title(topic: &str, person: &str) -> String {
    format!("{topic} with {person}")
}
/// A conversation planned during a calendar meeting.
pub fn clashes_with(meeting: &str) -> String {
    format!("! Clashes with a calendar meeting: {meeting}")
}
/// A follow-up's date.
pub fn follow_up_on(day: &str) -> String {
    format!("Follow up on {day}")
}
/// The editor's part: the topic and when.
pub const PART_ABOUT: &str = "about";
/// The editor's part: preparing.
pub const PART_PREPARATION: &str = "preparation";
/// The editor's part: after it was held.
pub const PART_AFTER: &str = "after";

/// A name nobody has, in the new-conversation form.
pub fn confirm_new_person(name: &str) -> String {
    format!(
        "Nobody is called {name} yet. Press Enter again to add them as someone new, or fix a typo."
    )
}

/// Status when the conversation being written was deleted elsewhere meanwhile.
pub fn conversation_gone_kept(id: i64) -> String {
    format!(
        "Conversation {id} was deleted elsewhere while you wrote: what you wrote is kept in Today's draft."
    )
}
