//! The Week screen's update: moving the cursor and the week, selecting items, and what
//! can be done with a block occurrence or an imported event; the block forms.

use chrono::{Duration, NaiveDateTime};
use chrono_tz::Tz;

use super::SLOTS;
use crate::domain::block::{
    BlockError, BlockSpec, Mark, Occurrence, Repeat, moved_to, parse_every, parse_kept_minutes,
    parse_minutes, parse_weekdays, weekday_name,
};
use crate::domain::time::{read_date, read_date_time};
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::form::{FieldError, Form, FormPurpose, OccurrenceRef, Submitted};
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::theme::Theme;

/// Field order of the block form.
mod field {
    pub const TITLE: usize = 0;
    pub const WHY: usize = 1;
    pub const START: usize = 2;
    pub const LENGTH: usize = 3;
    pub const DAYS: usize = 4;
    pub const EVERY: usize = 5;
    pub const UNTIL: usize = 6;
}

fn block_form(title: &str, purpose: FormPurpose, spec: &BlockSpec, theme: &Theme) -> Form {
    let (days, every, until) = match &spec.repeat {
        Repeat::Once => (String::new(), String::new(), String::new()),
        Repeat::Weekly { days, every, until } => (
            days.iter()
                .map(|d| weekday_name(*d))
                .collect::<Vec<_>>()
                .join(","),
            every.to_string(),
            until.map(|u| u.to_string()).unwrap_or_default(),
        ),
    };
    let minutes = if spec.minutes.is_multiple_of(60) {
        format!("{}h", spec.minutes / 60)
    } else {
        spec.minutes.to_string()
    };
    Form::new(
        title,
        purpose,
        &[
            (
                strings::FIELD_TITLE,
                strings::HINT_TITLE,
                spec.title.clone(),
            ),
            (
                strings::FIELD_WHY,
                strings::HINT_WHY,
                spec.intention.clone(),
            ),
            (
                strings::FIELD_START,
                strings::HINT_DATE_TIME,
                spec.start.format("%Y-%m-%d %H:%M").to_string(),
            ),
            (strings::FIELD_LENGTH, strings::HINT_LENGTH, minutes),
            (strings::FIELD_REPEAT_ON, strings::HINT_REPEAT_ON, days),
            (strings::FIELD_EVERY, strings::HINT_EVERY, every),
            (strings::FIELD_UNTIL, strings::HINT_UNTIL, until),
        ],
        theme,
    )
}

/// Reads the block form into a checked description, or the field to blame and why.
fn read_block_form(form: &Form, zone: Tz, now: NaiveDateTime) -> Result<BlockSpec, FieldError> {
    let start = read_date_time(&form.value(field::START), now)
        .map_err(|e| FieldError::at(field::START)(&e))?;
    let minutes =
        parse_minutes(&form.value(field::LENGTH)).map_err(|e| FieldError::at(field::LENGTH)(&e))?;
    let days_text = form.value(field::DAYS);
    let (every_text, until_text) = (form.value(field::EVERY), form.value(field::UNTIL));
    let repeat = if days_text.is_empty() {
        if !every_text.is_empty() || !until_text.is_empty() {
            return Err(FieldError::new(field::DAYS, strings::DAYS_NEEDED));
        }
        Repeat::Once
    } else {
        Repeat::Weekly {
            days: parse_weekdays(&days_text).map_err(|e| FieldError::at(field::DAYS)(&e))?,
            every: if every_text.is_empty() {
                1
            } else {
                parse_every(&every_text).map_err(|e| FieldError::at(field::EVERY)(&e))?
            },
            until: if until_text.is_empty() {
                None
            } else {
                Some(read_date(&until_text, now).map_err(|e| FieldError::at(field::UNTIL)(&e))?)
            },
        }
    };
    let spec = BlockSpec {
        title: form.value(field::TITLE),
        intention: form.value(field::WHY),
        start,
        minutes,
        repeat,
    };
    spec.validated(zone).map_err(|e| {
        let at = match e {
            BlockError::EmptyTitle | BlockError::LongTitle => field::TITLE,
            BlockError::BadLength(_) | BlockError::NotANumber(_) | BlockError::NotAPart { .. } => {
                field::LENGTH
            }
            BlockError::BadWeekday(_) => field::DAYS,
            BlockError::BadInterval(_) => field::EVERY,
            BlockError::UntilBeforeStart { .. } => field::UNTIL,
            BlockError::InDstGap { .. } | BlockError::BadRule(_) => field::START,
        };
        FieldError::new(at, e.to_string())
    })
}

impl App {
    /// Loads the block occurrences and imported events of the shown week and of today;
    /// called when the week, the day, a block or a classification changes.
    pub(in crate::tui) fn reload_blocks(&mut self) {
        match self.store.list_blocks_with_exceptions() {
            Ok(blocks) => {
                let (zone, now) = (self.zone(), self.now().to_utc());
                let first = self.week.start;
                let last = first + Duration::days(6);
                self.week.occurrences =
                    crate::calendar::occurrences_between(&blocks, zone, first, last, now);
                self.week.repeats = blocks
                    .iter()
                    .map(|(b, _)| (b.id, b.repeat.clone()))
                    .collect();
                let today = self.day;
                self.today.blocks =
                    crate::calendar::occurrences_between(&blocks, zone, today, today, now);
                let (from, to) = crate::domain::week::day_window(zone, first, last);
                match crate::app::audit::classified_events_between(
                    &self.store,
                    &self.settings,
                    zone,
                    from,
                    to,
                ) {
                    Ok(events) => self.week.events = events,
                    Err(e) => self.set_error(format!("{e:#}")),
                }
                self.week.reselect(zone);
            }
            Err(e) => self.report(&e),
        }
        self.reload_today_events();
    }

    /// Applies a Week screen action; false if `action` is not one.
    pub(in crate::tui) fn apply_week(&mut self, action: &Action) -> bool {
        let zone = self.zone();
        match action {
            Action::CursorLeft => {
                if self.week.day == 0 {
                    self.change_week(-7);
                    self.week.day = 6;
                } else {
                    self.week.day -= 1;
                }
            }
            Action::CursorRight => {
                if self.week.day == 6 {
                    self.change_week(7);
                    self.week.day = 0;
                } else {
                    self.week.day += 1;
                }
            }
            Action::CursorUp => self.week.slot = self.week.slot.saturating_sub(1),
            Action::CursorDown => self.week.slot = (self.week.slot + 1).min(SLOTS - 1),
            Action::PreviousWeek => self.change_week(-7),
            Action::NextWeek => self.change_week(7),
            Action::ThisWeek => {
                self.week
                    .cursor_to_now(self.now().naive_local(), self.config.workday.start.0);
                self.reload_blocks();
            }
            Action::NextItem | Action::PreviousItem => {
                self.step_item(*action == Action::NextItem);
                return true;
            }
            Action::CycleSeriesCategory | Action::CycleEventCategory => {
                self.cycle_category(*action == Action::CycleSeriesCategory);
                return true;
            }
            Action::NewBlock => {
                let spec = BlockSpec {
                    title: String::new(),
                    intention: String::new(),
                    start: self.week.cursor_time(),
                    minutes: 120,
                    repeat: Repeat::Once,
                };
                self.form = Some(block_form(
                    strings::NEW_BLOCK_TITLE,
                    FormPurpose::NewBlock,
                    &spec,
                    &self.theme,
                ));
                return true;
            }
            Action::OpenItem => {
                if self.week.selected_occurrence().is_some() || self.week.selected_event().is_some()
                {
                    self.overlay = Some(Overlay::Details);
                } else {
                    self.set_status(strings::no_block_here(
                        &self.keys.key(Table::Week, &Action::NextItem),
                    ));
                }
                return true;
            }
            Action::SkipOccurrence
            | Action::MoveOccurrence
            | Action::MarkKept
            | Action::MarkPartlyKept
            | Action::ClearMark
            | Action::EditBlock
            | Action::DeleteBlock => {
                self.overlay = None;
                let Some(o) = self.week.selected_occurrence().cloned() else {
                    self.set_status(strings::no_block_here(
                        &self.keys.key(Table::Week, &Action::NextItem),
                    ));
                    return true;
                };
                self.act_on_occurrence(action, &o);
                return true;
            }
            Action::ChooseThisOccurrence
            | Action::ChooseFollowing
            | Action::ChooseAll
            | Action::Confirm => return self.answer_scope(action),
            _ => return false,
        }
        self.week.select_at_cursor(zone);
        true
    }

    /// Selects the next (or previous) block or event in time, moving the cursor to it.
    fn step_item(&mut self, forward: bool) {
        let zone = self.zone();
        let mut timeline = self.week.spans(zone);
        timeline.sort_by_key(|&(i, start, _)| (start, i));
        let n = timeline.len();
        if n == 0 {
            self.set_status(strings::no_blocks_this_week(
                &self.keys.key(Table::Week, &Action::NewBlock),
            ));
            return;
        }
        let cursor = self.week.cursor_time();
        let at = self
            .week
            .selected
            .and_then(|sel| timeline.iter().position(|(i, _, _)| *i == sel));
        let next = match (at, forward) {
            (Some(k), true) => (k + 1) % n,
            (Some(k), false) => (k + n - 1) % n,
            (None, true) => timeline
                .iter()
                .position(|(_, s, _)| *s >= cursor)
                .unwrap_or(0),
            (None, false) => timeline
                .iter()
                .rposition(|(_, s, _)| *s < cursor)
                .unwrap_or(n - 1),
        };
        let index = timeline[next].0;
        if let Some(p) = self.week.place(zone).into_iter().find(|p| p.index == index) {
            self.week.day = p.day;
            self.week.slot = p.from;
        }
        self.week.selected = Some(index);
    }

    /// Gives the selected imported event (or its whole series) the next category.
    fn cycle_category(&mut self, series: bool) {
        let Some((event, category)) = self.week.selected_event().cloned() else {
            self.set_status(strings::NO_EVENT_HERE);
            return;
        };
        let next = category.next();
        let (key, scope) = if series {
            (crate::store::SERIES, strings::ALL_OCCURRENCES)
        } else {
            (event.key, strings::THIS_OCCURRENCE)
        };
        match self.store.set_classification(&event.uid, key, next) {
            Ok(()) => {
                self.set_status(strings::classified(&event.title, scope, next.as_str()));
                self.reload_blocks();
            }
            Err(e) => self.report(&e),
        }
    }

    fn change_week(&mut self, days: i64) {
        self.week.start += Duration::days(days);
        self.reload_blocks();
    }

    fn act_on_occurrence(&mut self, action: &Action, o: &Occurrence) {
        let at = OccurrenceRef {
            block_id: o.block_id,
            original: o.original,
        };
        let one_line = |title: &str, purpose, label, hint, text: String, theme| {
            Form::new(title, purpose, &[(label, hint, text)], theme)
        };
        match action {
            Action::SkipOccurrence => {
                self.form = Some(one_line(
                    strings::SKIP_TITLE,
                    FormPurpose::SkipOccurrence(at),
                    strings::FIELD_REASON,
                    strings::HINT_REASON,
                    o.reason.clone().unwrap_or_default(),
                    &self.theme,
                ));
            }
            Action::MoveOccurrence => {
                let start = o.start.with_timezone(&self.zone());
                self.form = Some(one_line(
                    strings::MOVE_TITLE,
                    FormPurpose::MoveOccurrence(at),
                    strings::FIELD_NEW_START,
                    strings::HINT_DATE_TIME,
                    start.format("%Y-%m-%d %H:%M").to_string(),
                    &self.theme,
                ));
            }
            Action::MarkPartlyKept => {
                self.form = Some(one_line(
                    strings::PARTLY_TITLE,
                    FormPurpose::PartlyKept(at),
                    strings::FIELD_MINUTES_KEPT,
                    strings::HINT_MINUTES_KEPT,
                    String::new(),
                    &self.theme,
                ));
            }
            // A block still ahead cannot have been kept yet: ask before saying it was.
            Action::MarkKept if o.start > self.now() => {
                self.overlay = Some(Overlay::ConfirmKept(at));
            }
            Action::MarkKept => {
                self.change(at, strings::MARKED_KEPT, |e| e.mark = Some(Mark::Kept))
            }
            Action::ClearMark => self.change(at, strings::MARK_CLEARED, |e| {
                e.mark = None;
                e.reason = None;
            }),
            Action::EditBlock => match self.store.block(at.block_id) {
                Ok(Some(block)) => {
                    let spec = BlockSpec {
                        start: o.original,
                        ..block.spec()
                    };
                    self.form = Some(block_form(
                        strings::EDIT_BLOCK_TITLE,
                        FormPurpose::EditBlock(at),
                        &spec,
                        &self.theme,
                    ));
                }
                Ok(None) => self.set_error(strings::BLOCK_GONE),
                Err(e) => self.report(&e),
            },
            Action::DeleteBlock => {
                self.overlay = Some(Overlay::DeleteScope {
                    at,
                    repeating: o.repeating,
                });
            }
            _ => {}
        }
    }

    /// Applies one change to one occurrence, reports it, reloads.
    fn change(
        &mut self,
        at: OccurrenceRef,
        done: &str,
        f: impl FnOnce(&mut crate::domain::block::Exception),
    ) {
        match self.store.change_occurrence(at.block_id, at.original, f) {
            Ok(_) => {
                self.set_status(done);
                self.reload_blocks();
            }
            Err(e) => self.report(&e),
        }
    }

    fn answer_scope(&mut self, action: &Action) -> bool {
        let Some(overlay) = self.overlay.clone() else {
            return false;
        };
        let result = match (overlay, action) {
            (Overlay::ConfirmKept(at), Action::Confirm) => {
                self.overlay = None;
                self.change(at, strings::MARKED_KEPT_AHEAD, |e| {
                    e.mark = Some(Mark::Kept)
                });
                return true;
            }
            (
                Overlay::DeleteScope {
                    at,
                    repeating: true,
                },
                Action::ChooseThisOccurrence,
            ) => {
                self.overlay = None;
                self.change(at, strings::DELETED_ONE, |e| e.removed = true);
                return true;
            }
            (
                Overlay::DeleteScope {
                    at,
                    repeating: true,
                },
                Action::ChooseFollowing,
            ) => self
                .store
                .delete_block(at.block_id, Some(at.original.date()))
                .map(|_| strings::DELETED_FOLLOWING.to_string()),
            (Overlay::DeleteScope { at, .. }, Action::ChooseAll | Action::Confirm) => self
                .store
                .delete_block(at.block_id, None)
                .map(|_| strings::DELETED_SERIES.to_string()),
            (Overlay::EditScope { at, spec }, Action::ChooseFollowing) => self
                .store
                .split_block(at.block_id, at.original.date(), &spec)
                .map(|_| strings::edited_following(&at.original.format("%a %-d %b").to_string())),
            (Overlay::EditScope { at, spec }, Action::ChooseAll) => {
                // The series keeps its first week; the new time and days apply to all.
                let first = match self.store.block(at.block_id) {
                    Ok(Some(b)) => b.start.date(),
                    _ => spec.start.date(),
                };
                let all = BlockSpec {
                    start: first.and_time(spec.start.time()),
                    ..spec
                };
                match all.validated(self.zone()) {
                    Ok(all) => self
                        .store
                        .update_block(at.block_id, &all)
                        .map(|_| strings::EDITED_SERIES.to_string()),
                    Err(e) => {
                        self.overlay = None;
                        self.set_error(e.to_string());
                        return true;
                    }
                }
            }
            _ => return self.overlay.is_some(),
        };
        self.overlay = None;
        match result {
            Ok(done) => {
                self.set_status(done);
                self.reload_blocks();
            }
            Err(e) => self.report(&e),
        }
        true
    }

    /// Checks and saves the block forms: new, edit, move, skip, partly kept.
    pub(in crate::tui) fn submit_block_form(&mut self, form: &Form) -> Submitted {
        let zone = self.zone();
        let now = self.now().naive_local();
        let store_error = |e: crate::store::StoreError| FieldError::new(0, crate::describe(&e));
        let done = match form.purpose.clone() {
            FormPurpose::NewBlock => {
                let spec = read_block_form(form, zone, now)?;
                let saved = self.store.insert_block(&spec, zone).map_err(store_error)?;
                // Show the new block: its first occurrence's week, with it under the cursor.
                self.week.cursor_to_now(spec.start, spec.start.time());
                strings::block_saved(
                    &saved.title,
                    &spec.repeat.to_string(),
                    &spec.start.format("%a %-d %b %Y %H:%M").to_string(),
                )
            }
            FormPurpose::EditBlock(at) => {
                let spec = read_block_form(form, zone, now)?;
                let repeating = self
                    .store
                    .block(at.block_id)
                    .ok()
                    .flatten()
                    .is_some_and(|b| b.repeat != Repeat::Once);
                if repeating {
                    self.overlay = Some(Overlay::EditScope { at, spec });
                    return Ok(String::new());
                }
                self.store
                    .update_block(at.block_id, &spec)
                    .map_err(store_error)?;
                strings::EDITED_SERIES.to_string()
            }
            FormPurpose::MoveOccurrence(at) => {
                let to = read_date_time(&form.value(0), now).map_err(|e| FieldError::at(0)(&e))?;
                let moved = moved_to(at.original, to, zone).map_err(|e| FieldError::at(0)(&e))?;
                self.store
                    .change_occurrence(at.block_id, at.original, |e| e.moved_to = moved)
                    .map_err(store_error)?;
                strings::moved(&to.format("%a %-d %b %H:%M").to_string())
            }
            FormPurpose::SkipOccurrence(at) => {
                let reason = Some(form.value(0)).filter(|r| !r.is_empty());
                self.store
                    .change_occurrence(at.block_id, at.original, |e| {
                        e.mark = Some(Mark::Skipped);
                        e.reason = reason;
                    })
                    .map_err(store_error)?;
                strings::SKIPPED.to_string()
            }
            FormPurpose::PartlyKept(at) => {
                let length = self
                    .week
                    .occurrences
                    .iter()
                    .find(|o| o.block_id == at.block_id && o.original == at.original)
                    .map_or(u32::MAX, Occurrence::minutes);
                let minutes = parse_kept_minutes(&form.value(0), length)
                    .map_err(|e| FieldError::at(0)(&e))?;
                self.store
                    .change_occurrence(at.block_id, at.original, |e| {
                        e.mark = Some(Mark::PartlyKept(minutes))
                    })
                    .map_err(store_error)?;
                strings::MARKED_PARTLY.to_string()
            }
            _ => return Ok(String::new()),
        };
        self.reload_blocks();
        Ok(done)
    }
}
