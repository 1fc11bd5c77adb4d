//! What the Week screen shows: a week of block occurrences and imported events, the
//! cursor (a day and a half hour), the selected item, and what is being edited (a block
//! form, a short question about one occurrence, or a window over the grid).

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::layout::slot_of;
use crate::domain::block::{BlockSpec, Occurrence, OccurrenceRef, Repeat};
use crate::domain::event::{Category, EventOccurrence};
use crate::domain::week::week_start;
use crate::tui::form::Form;
use crate::tui::theme::Theme;

/// Slots in a day: 48 half hours.
pub const SLOTS: usize = 48;
/// Minutes in a slot.
pub const SLOT_MINUTES: u32 = 30;

/// The fields of the block form (a new block, or a change to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockField {
    /// What the time is for.
    Title,
    /// Why it matters.
    Why,
    /// When it (its first occurrence) starts.
    Start,
    /// How long it lasts.
    Length,
    /// The weekdays it repeats on (none: once).
    Days,
    /// How many weeks apart it repeats.
    Every,
    /// The last day it repeats on.
    Until,
}

/// The one field of the questions about one occurrence: move, skip, partly kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccurrenceField {
    /// Its new start.
    NewStart,
    /// Why it is skipped.
    Reason,
    /// How many of its minutes were kept.
    MinutesKept,
}

/// The field of the go-to-date form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayField {
    /// The day to go to.
    Day,
}

/// What is being edited on the Week screen, if anything: a form, or a window over the
/// grid that takes the keys.
#[derive(Debug, Default)]
pub enum Editing {
    /// Nothing: keys move the cursor and act on the selected item.
    #[default]
    Nothing,
    /// The form for a new block.
    New(Form<BlockField>),
    /// The form changing the block of occurrence `at`.
    Edit {
        /// The occurrence the change starts from (for "this and the following").
        at: OccurrenceRef,
        /// The form.
        form: Form<BlockField>,
    },
    /// The new start of occurrence `at`.
    Move {
        /// The occurrence.
        at: OccurrenceRef,
        /// The form.
        form: Form<OccurrenceField>,
        /// A far or past start the user was warned about: submitting it again moves it.
        warned: Option<chrono::NaiveDateTime>,
    },
    /// Why occurrence `at` is skipped.
    Skip {
        /// The occurrence.
        at: OccurrenceRef,
        /// The form.
        form: Form<OccurrenceField>,
    },
    /// How many minutes of occurrence `at` were kept.
    PartlyKept {
        /// The occurrence.
        at: OccurrenceRef,
        /// The form.
        form: Form<OccurrenceField>,
    },
    /// The day to go to.
    GoToDate(Form<DayField>),
    /// The selected block occurrence or imported event, and what can be done with it.
    Details,
    /// "Delete which occurrences?" for an occurrence.
    DeleteScope {
        /// The occurrence.
        at: OccurrenceRef,
        /// Whether the block repeats (a one-off only asks yes or no).
        repeating: bool,
    },
    /// "Change which occurrences?" after an edit of a repeating block was checked.
    EditScope {
        /// The occurrence the edit started from.
        at: OccurrenceRef,
        /// The new description, checked.
        spec: BlockSpec,
    },
    /// "This block is still ahead: mark it kept already?"
    ConfirmKept(OccurrenceRef),
}

impl Editing {
    /// Whether a form is open.
    pub fn is_form(&self) -> bool {
        matches!(
            self,
            Editing::New(_)
                | Editing::Edit { .. }
                | Editing::Move { .. }
                | Editing::Skip { .. }
                | Editing::PartlyKept { .. }
                | Editing::GoToDate(_)
        )
    }

    /// Applies a form key (moving between fields, typing, clearing) to the open form.
    pub(super) fn apply_to_form(&mut self, action: &crate::tui::action::Action, theme: &Theme) {
        match self {
            Editing::New(form) | Editing::Edit { form, .. } => {
                form.apply(action, theme);
            }
            Editing::Move { form, .. }
            | Editing::Skip { form, .. }
            | Editing::PartlyKept { form, .. } => {
                form.apply(action, theme);
            }
            Editing::GoToDate(form) => {
                form.apply(action, theme);
            }
            _ => {}
        }
    }

    /// The open form's last refusal: the position of the field it concerns, and why.
    pub fn form_error(&self) -> Option<&(usize, String)> {
        match self {
            Editing::New(form) | Editing::Edit { form, .. } => form.error.as_ref(),
            Editing::Move { form, .. }
            | Editing::Skip { form, .. }
            | Editing::PartlyKept { form, .. } => form.error.as_ref(),
            Editing::GoToDate(form) => form.error.as_ref(),
            _ => None,
        }
    }
}

/// State of the Week screen.
#[derive(Debug)]
pub struct WeekState {
    /// The first day shown.
    pub start: NaiveDate,
    /// The configured first day of the week.
    pub first_day: Weekday,
    /// The configured working day, kept in view: its start and end.
    pub workday: (NaiveTime, NaiveTime),
    /// The week's block occurrences, loaded when the week or a block changes.
    pub occurrences: Vec<Occurrence>,
    /// Cursor column, 0 to 6.
    pub day: usize,
    /// Cursor row, a 30-minute slot from 0 (00:00) to 47 (23:30).
    pub slot: usize,
    /// Imported calendar events of the week, with their categories.
    pub events: Vec<(EventOccurrence, Category)>,
    /// The selected item: an index into `occurrences`, or past them into `events`.
    pub selected: Option<usize>,
    /// How each block repeats, by block id, loaded with the occurrences.
    pub repeats: HashMap<i64, Repeat>,
    /// What is being edited.
    pub editing: Editing,
}

impl WeekState {
    /// The week holding `today`, weeks starting on `first_day`, with the working day
    /// `workday` (its start and end) kept in view.
    pub fn new(today: NaiveDate, first_day: Weekday, workday: (NaiveTime, NaiveTime)) -> WeekState {
        WeekState {
            start: week_start(today, first_day),
            first_day,
            workday,
            occurrences: Vec::new(),
            events: Vec::new(),
            day: 0,
            slot: 0,
            selected: None,
            repeats: HashMap::new(),
            editing: Editing::Nothing,
        }
    }

    /// The seven dates shown.
    pub fn days(&self) -> [NaiveDate; 7] {
        std::array::from_fn(|i| self.start + Duration::days(i as i64))
    }

    /// The date and time under the cursor.
    pub fn cursor_time(&self) -> NaiveDateTime {
        let minutes = self.slot as u32 * SLOT_MINUTES;
        let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or(NaiveTime::MIN);
        (self.start + Duration::days(self.day as i64)).and_time(time)
    }

    /// Puts the cursor at `now` (or the start of the working day if now is outside it)
    /// and shows now's week.
    pub fn cursor_to_now(&mut self, now: NaiveDateTime, workday_start: NaiveTime) {
        self.start = week_start(now.date(), self.first_day);
        self.day = (now.date() - self.start).num_days().clamp(0, 6) as usize;
        self.slot = slot_of(now.time()).max(slot_of(workday_start).min(slot_of(now.time())));
    }

    /// The selected block occurrence.
    pub fn selected_occurrence(&self) -> Option<&Occurrence> {
        self.selected.and_then(|i| self.occurrences.get(i))
    }

    /// The selected imported event and its category.
    pub fn selected_event(&self) -> Option<&(EventOccurrence, Category)> {
        self.selected
            .and_then(|i| i.checked_sub(self.occurrences.len()))
            .and_then(|i| self.events.get(i))
    }
}
