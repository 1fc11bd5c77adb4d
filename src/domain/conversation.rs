//! Difficult conversations: prepared (situation, behaviour, impact; the outcome wanted; the
//! opening sentence; questions; reactions to expect; care personally and challenge
//! directly), held, followed up. "Acts of respect, not things to avoid" (domain.md).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use thiserror::Error;

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Prepared or to be prepared; not held yet.
    Planned,
    /// Held; a follow-up may be due.
    Held,
    /// The follow-up happened.
    FollowedUp,
    /// Nothing more to do.
    Closed,
    /// Called off before it was held.
    Cancelled,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Held,
        Status::FollowedUp,
        Status::Closed,
        Status::Cancelled,
    ];

    /// The stored and shown name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Held => "held",
            Status::FollowedUp => "followed_up",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    /// The name in messages: `followed up`, not the stored `followed_up`.
    pub fn label(self) -> &'static str {
        match self {
            Status::FollowedUp => "followed up",
            other => other.as_str(),
        }
    }

    /// Reads a status name (`followed up` and `followed-up` too).
    pub fn parse(text: &str) -> Option<Status> {
        let t = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL.into_iter().find(|s| s.as_str() == t)
    }

    /// Whether a conversation may go from this status to `to`.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Planned, Held)
                | (Planned, Cancelled)
                | (Held, FollowedUp)
                | (Held, Closed)
                | (FollowedUp, Closed)
                | (Cancelled, Planned)
        )
    }
}

/// Preparation, all free text, each possibly several lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Prep {
    /// The situation: when and where.
    pub situation: String,
    /// The behaviour observed, not a judgement of the person.
    pub behaviour: String,
    /// Its impact on the team, the work, you.
    pub impact: String,
    /// The outcome wanted.
    pub outcome: String,
    /// The opening sentence.
    pub opening: String,
    /// Questions to ask.
    pub questions: String,
    /// Reactions to expect, and how to meet them.
    pub reactions: String,
    /// Self-check: how will I show I care personally?
    pub care: String,
    /// Self-check: how will I challenge directly?
    pub challenge: String,
}

/// What happened, after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// What happened.
    pub happened: String,
    /// What was agreed.
    pub agreed: String,
    /// How it felt.
    pub felt: String,
    /// Notes for or from the follow-up.
    pub followup_notes: String,
}

/// A stored conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversation {
    /// The journal's id (this device's: another device numbers it otherwise).
    pub id: i64,
    /// Its stable id, the same on every device the journal syncs to.
    pub sid: String,
    /// Who it is with.
    pub person: String,
    /// What it is about.
    pub topic: String,
    /// When it is planned, if set.
    pub planned_at: Option<DateTime<FixedOffset>>,
    /// An imported calendar event it is linked to (its UID).
    pub event_uid: Option<String>,
    /// A stay interview: asking a valued person why they stay.
    pub stay_interview: bool,
    /// Where it stands.
    pub status: Status,
    /// When it was held.
    pub held_at: Option<DateTime<FixedOffset>>,
    /// When to follow up.
    pub followup_on: Option<NaiveDate>,
    /// Preparation.
    pub prep: Prep,
    /// What happened.
    pub outcome: Outcome,
    /// One more on every change to the stored row: an editor's save compares it to tell
    /// whether someone else changed the conversation since it was loaded.
    #[serde(skip)]
    pub version: i64,
}

/// Where a follow-up stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "days")]
pub enum FollowUp {
    /// No follow-up is open.
    None,
    /// Due in this many days.
    Upcoming(i64),
    /// Due today.
    Due,
    /// This many days late.
    Overdue(i64),
}

/// The groups conversations are listed in, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Planned for a time that has passed, and not marked held: record what happened.
    NotRecorded,
    /// Not held yet, planned ahead or without a date.
    Upcoming,
    /// Held, with the follow-up due today or late.
    FollowUpDue,
    /// Held, nothing due yet.
    Held,
    /// Followed up, closed or cancelled.
    Closed,
}

impl Group {
    /// Every group, in the order they are shown.
    pub const ALL: [Group; 5] = [
        Group::NotRecorded,
        Group::Upcoming,
        Group::FollowUpDue,
        Group::Held,
        Group::Closed,
    ];

    /// Its heading.
    pub fn title(self) -> &'static str {
        match self {
            Group::NotRecorded => "Not yet recorded",
            Group::Upcoming => "Upcoming",
            Group::FollowUpDue => "Follow-ups due",
            Group::Held => "Held",
            Group::Closed => "Closed",
        }
    }
}

/// How many free-text fields a conversation has (preparation, then outcome).
pub const TEXT_FIELDS: usize = 13;

/// The labels of the free-text fields, in order. A stay interview asks its own three
/// questions where a difficult conversation prepares situation, behaviour and impact
/// (they are kept in the same places).
pub fn text_labels(stay_interview: bool) -> [&'static str; TEXT_FIELDS] {
    let (first, second, third) = if stay_interview {
        (
            "Why do you stay?",
            "What would make you leave?",
            "What should I change?",
        )
    } else {
        ("Situation", "Behaviour", "Impact")
    };
    [
        first,
        second,
        third,
        "Outcome wanted",
        "Opening sentence",
        "Questions to ask",
        "Reactions to expect",
        "How I show I care personally",
        "How I challenge directly",
        "What happened",
        "What was agreed",
        "How it felt",
        "Follow-up notes",
    ]
}

/// Where "What happened" is among the free-text fields: the first written after.
pub const WHAT_HAPPENED: usize = 9;

impl Conversation {
    /// The free-text fields with their labels, in the order they are shown and edited.
    pub fn text_fields_mut(&mut self) -> [(&'static str, &mut String); TEXT_FIELDS] {
        let [a, b, c, d, e, f, g, h, i, j, k, l, m] = text_labels(self.stay_interview);
        [
            (a, &mut self.prep.situation),
            (b, &mut self.prep.behaviour),
            (c, &mut self.prep.impact),
            (d, &mut self.prep.outcome),
            (e, &mut self.prep.opening),
            (f, &mut self.prep.questions),
            (g, &mut self.prep.reactions),
            (h, &mut self.prep.care),
            (i, &mut self.prep.challenge),
            (j, &mut self.outcome.happened),
            (k, &mut self.outcome.agreed),
            (l, &mut self.outcome.felt),
            (m, &mut self.outcome.followup_notes),
        ]
    }

    /// The group it is listed in at `now`.
    pub fn group(&self, now: DateTime<FixedOffset>) -> Group {
        match (self.status, self.follow_up(now.date_naive())) {
            (Status::Planned, _) if self.planned_at.is_some_and(|t| t < now) => Group::NotRecorded,
            (Status::Planned, _) => Group::Upcoming,
            (Status::Held, FollowUp::Due | FollowUp::Overdue(_)) => Group::FollowUpDue,
            (Status::Held, _) => Group::Held,
            _ => Group::Closed,
        }
    }

    /// The day the conversation belongs to: held, else planned.
    pub fn day(&self) -> Option<NaiveDate> {
        self.when().map(|t| t.date_naive())
    }

    /// When it happened (held), else when it is planned.
    pub fn when(&self) -> Option<DateTime<FixedOffset>> {
        self.held_at.or(self.planned_at)
    }

    /// The order conversations are listed in at `now`: by group, then by time with
    /// undated ones last, then by id.
    pub fn list_order(&self, now: DateTime<FixedOffset>) -> (Group, bool, Option<i64>, i64) {
        let when = self.when();
        (
            self.group(now),
            when.is_none(),
            when.map(|t| t.timestamp()),
            self.id,
        )
    }

    /// The follow-up's state on `today`; only a held conversation has an open follow-up.
    pub fn follow_up(&self, today: NaiveDate) -> FollowUp {
        match (self.status, self.followup_on) {
            (Status::Held, Some(on)) => {
                let days = (on - today).num_days();
                match days {
                    0 => FollowUp::Due,
                    d if d < 0 => FollowUp::Overdue(-d),
                    d => FollowUp::Upcoming(d),
                }
            }
            _ => FollowUp::None,
        }
    }

    /// Moves it to `to` at `now`, if its status allows: one marked held was held now.
    pub fn mark(
        &mut self,
        to: Status,
        now: DateTime<FixedOffset>,
    ) -> Result<(), ConversationError> {
        self.check_transition(to)?;
        if to == Status::Held {
            return self.hold(None, now).map(|_| ());
        }
        self.status = to;
        Ok(())
    }

    /// Records that it was held at `at` (now, when not given), as asked at `now`: a
    /// planned conversation becomes held; a held one has when it was held corrected,
    /// which needs `at`. Nothing changes when refused.
    pub fn hold(
        &mut self,
        at: Option<DateTime<FixedOffset>>,
        now: DateTime<FixedOffset>,
    ) -> Result<Held, ConversationError> {
        let correcting = self.held_at.is_some() && self.status != Status::Planned;
        if correcting && at.is_none() {
            return Err(ConversationError::AlreadyHeld {
                id: self.id,
                status: self.status.label(),
            });
        }
        if !correcting {
            self.check_transition(Status::Held)?;
        }
        let when = at.unwrap_or(now);
        // A minute's grace: "held at 10:00" typed at 09:59:30 is not the future.
        if when > now + chrono::Duration::minutes(1) {
            return Err(ConversationError::HeldInFuture);
        }
        if let Some(followup) = self.followup_on
            && followup < when.date_naive()
        {
            return Err(ConversationError::FollowUpBeforeHeld {
                followup,
                day: when.date_naive(),
            });
        }
        self.status = Status::Held;
        self.held_at = Some(when);
        Ok(if correcting {
            Held::Corrected
        } else {
            Held::Now
        })
    }

    /// Sets the follow-up to `on`, with `notes` when given; only a held conversation
    /// has a follow-up, and not before the day it was held.
    pub fn set_follow_up(
        &mut self,
        on: NaiveDate,
        notes: Option<String>,
    ) -> Result<(), ConversationError> {
        if self.status != Status::Held {
            return Err(ConversationError::FollowUpNotHeld {
                id: self.id,
                status: self.status.label(),
            });
        }
        check_follow_up(self, on)?;
        self.followup_on = Some(on);
        if let Some(notes) = notes {
            self.outcome.followup_notes = notes;
        }
        Ok(())
    }

    fn check_transition(&self, to: Status) -> Result<(), ConversationError> {
        if self.status.can_become(to) {
            Ok(())
        } else {
            Err(ConversationError::BadTransition {
                id: self.id,
                from: self.status.label(),
                to: to.label(),
            })
        }
    }
}

/// What [`Conversation::hold`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// It is held now (it was planned).
    Now,
    /// It was held already; when it was held is corrected.
    Corrected,
}

/// Why a change to a conversation was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConversationError {
    /// No topic.
    #[error("a conversation needs a topic")]
    EmptyTopic,
    /// No person.
    #[error("a conversation needs a name: who is it with?")]
    NoPerson,
    /// The status does not allow it.
    #[error("{}", transition_message(*id, from, to))]
    BadTransition {
        /// The conversation.
        id: i64,
        /// Its status.
        from: &'static str,
        /// The status asked for.
        to: &'static str,
    },
    /// A follow-up before the conversation itself.
    #[error("the follow-up ({followup}) is before the conversation ({day})")]
    FollowUpTooEarly {
        /// The follow-up date asked for.
        followup: NaiveDate,
        /// The conversation's day.
        day: NaiveDate,
    },
    /// Marked held again with no time to correct it to.
    #[error("conversation {id} is already {status}; give the time to correct when it was held")]
    AlreadyHeld {
        /// The conversation.
        id: i64,
        /// Its status.
        status: &'static str,
    },
    /// Held at a time still to come.
    #[error("that time is in the future; mark a conversation held once it has happened")]
    HeldInFuture,
    /// Held after the day of its follow-up.
    #[error(
        "the follow-up ({followup}) would be before the conversation ({day}); move the follow-up first"
    )]
    FollowUpBeforeHeld {
        /// The follow-up already set.
        followup: NaiveDate,
        /// The day it would be held.
        day: NaiveDate,
    },
    /// A follow-up for a conversation not held (yet, or any more).
    #[error("conversation {id} is {status}; a follow-up is set once it is held")]
    FollowUpNotHeld {
        /// The conversation.
        id: i64,
        /// Its status.
        status: &'static str,
    },
}

fn transition_message(id: i64, from: &str, to: &str) -> String {
    if from == to {
        format!("conversation {id} is already {to}")
    } else {
        format!("conversation {id} is {from}, so it cannot be marked {to}")
    }
}

/// Checks a follow-up date against the conversation's day.
pub fn check_follow_up(
    conversation: &Conversation,
    on: NaiveDate,
) -> Result<(), ConversationError> {
    match conversation.day() {
        Some(day) if on < day => Err(ConversationError::FollowUpTooEarly { followup: on, day }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convo(status: Status, followup: Option<&str>) -> Conversation {
        Conversation {
            id: 1,
            sid: "c1".into(),
            person: "Sam".into(),
            topic: "Missed deadlines".into(),
            planned_at: Some(DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00").unwrap()),
            event_uid: None,
            stay_interview: false,
            status,
            held_at: None,
            followup_on: followup.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            prep: Prep::default(),
            outcome: Outcome::default(),
            version: 0,
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_stay_interview_asks_its_own_questions() {
        let mut c = convo(Status::Planned, None);
        assert_eq!(c.text_fields_mut()[0].0, "Situation");
        c.stay_interview = true;
        let labels: Vec<&str> = c.text_fields_mut().iter().map(|(l, _)| *l).collect();
        assert_eq!(
            labels[..3],
            [
                "Why do you stay?",
                "What would make you leave?",
                "What should I change?"
            ]
        );
        assert_eq!(labels[WHAT_HAPPENED], "What happened");
    }

    #[test]
    fn statuses_move_only_forward_sensibly() {
        use Status::*;
        let allowed = [
            (Planned, Held),
            (Planned, Cancelled),
            (Held, FollowedUp),
            (Held, Closed),
            (FollowedUp, Closed),
            (Cancelled, Planned),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
        assert_eq!(Status::parse("Followed up"), Some(FollowedUp));
        assert_eq!(Status::parse("done"), None);
    }

    #[test]
    fn marking_held_again_is_refused_as_a_status_and_holding_again_asks_for_the_time() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap();
        let mut c = convo(Status::Planned, None);
        c.mark(Status::Held, now).unwrap();
        assert_eq!(c.held_at, Some(now));
        let before = c.clone();
        // From a key on the screen: a status it cannot take again.
        assert_eq!(
            c.mark(Status::Held, now),
            Err(ConversationError::BadTransition {
                id: 1,
                from: "held",
                to: "held"
            })
        );
        // From `convo held`: the time it was held is what can be corrected.
        assert!(matches!(
            c.hold(None, now),
            Err(ConversationError::AlreadyHeld { .. })
        ));
        assert_eq!(c, before, "nothing changed");
        let earlier = now - chrono::Duration::hours(1);
        assert_eq!(c.hold(Some(earlier), now), Ok(Held::Corrected));
        assert_eq!(c.held_at, Some(earlier));
    }

    #[test]
    fn follow_ups_are_due_or_overdue_against_the_day() {
        let c = convo(Status::Held, Some("2026-11-30"));
        assert_eq!(c.follow_up(day("2026-11-25")), FollowUp::Upcoming(5));
        assert_eq!(c.follow_up(day("2026-11-30")), FollowUp::Due);
        assert_eq!(c.follow_up(day("2026-12-03")), FollowUp::Overdue(3));
        assert_eq!(
            convo(Status::Closed, Some("2026-11-30")).follow_up(day("2026-12-03")),
            FollowUp::None
        );
        assert_eq!(
            convo(Status::Held, None).follow_up(day("2026-12-03")),
            FollowUp::None
        );
    }

    #[test]
    fn conversations_fall_into_groups() {
        let today = DateTime::parse_from_rfc3339("2026-12-03T09:00:00+01:00").unwrap();
        // Planned for 23 November, not marked held: not yet recorded.
        assert_eq!(
            convo(Status::Planned, None).group(today),
            Group::NotRecorded
        );
        let early = DateTime::parse_from_rfc3339("2026-11-23T08:20:00+01:00").unwrap();
        assert_eq!(convo(Status::Planned, None).group(early), Group::Upcoming);
        let mut undated = convo(Status::Planned, None);
        undated.planned_at = None;
        assert_eq!(undated.group(today), Group::Upcoming);
        assert_eq!(
            convo(Status::Held, Some("2026-12-03")).group(today),
            Group::FollowUpDue
        );
        assert_eq!(
            convo(Status::Held, Some("2026-11-30")).group(today),
            Group::FollowUpDue
        );
        assert_eq!(
            convo(Status::Held, Some("2026-12-10")).group(today),
            Group::Held
        );
        assert_eq!(convo(Status::Held, None).group(today), Group::Held);
        for s in [Status::FollowedUp, Status::Closed, Status::Cancelled] {
            assert_eq!(convo(s, None).group(today), Group::Closed);
        }
    }

    #[test]
    fn a_follow_up_cannot_come_before_the_conversation() {
        let c = convo(Status::Held, None);
        assert!(matches!(
            check_follow_up(&c, day("2026-11-22")),
            Err(ConversationError::FollowUpTooEarly { .. })
        ));
        assert!(check_follow_up(&c, day("2026-11-23")).is_ok());
    }

    #[test]
    fn undated_conversations_sort_last_and_messages_use_words() {
        let now = DateTime::parse_from_rfc3339("2026-11-01T09:00:00+01:00").unwrap();
        let dated = convo(Status::Planned, None);
        let mut undated = convo(Status::Planned, None);
        undated.planned_at = None;
        undated.id = 0;
        assert!(dated.list_order(now) < undated.list_order(now));
        assert_eq!(Status::FollowedUp.label(), "followed up");
        let same = ConversationError::BadTransition {
            id: 5,
            from: "cancelled",
            to: "cancelled",
        };
        assert_eq!(same.to_string(), "conversation 5 is already cancelled");
    }
}
