//! What the Week screen does with an action: move the cursor and the week, select items,
//! act on a block occurrence or an imported event, and answer its questions, all through
//! `app::blocks`. Its forms are in `forms`.

use chrono::Duration;

use super::forms::{block_form, one_line};
use super::state::{DayField, Editing, OccurrenceField, SLOTS, WeekState};
use crate::app::{self, blocks};
use crate::domain::block::{BlockSpec, Mark, Occurrence, Repeat};
use crate::domain::dates;
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::Ctx;
use crate::tui::form::Form;
use crate::tui::keymap::Table;
use crate::tui::strings;

impl WeekState {
    /// Loads the shown week's block occurrences and imported events; the item under the
    /// cursor is selected again.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        match blocks::week(ctx.journal, ctx.now, self.start) {
            Ok(week) => {
                self.occurrences = week.occurrences;
                self.repeats = week.repeats;
                match blocks::week_events(ctx.journal, ctx.settings, ctx.now, self.start) {
                    Ok(events) => self.events = events,
                    Err(e) => ctx.set_error(format!("{e:#}")),
                }
                self.reselect(ctx.now.zone);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Applies a Week screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        if self.editing.is_form() {
            match action {
                Action::CancelForm => self.editing = Editing::Nothing,
                Action::Save => self.submit(ctx),
                Action::Quit => return false,
                other => self.editing.apply_to_form(other, ctx.theme),
            }
            return true;
        }
        match (&self.editing, action) {
            (Editing::Nothing, _) => {}
            (_, Action::CloseOverlay) => {
                self.editing = Editing::Nothing;
                return true;
            }
            (
                _,
                Action::ChooseThisOccurrence
                | Action::ChooseFollowing
                | Action::ChooseAll
                | Action::Confirm,
            ) => {
                self.answer(action, ctx);
                return true;
            }
            _ => {}
        }
        self.update_grid(action, ctx)
    }

    /// The grid's actions: the cursor, the week, the items and what to do with them.
    fn update_grid(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let zone = ctx.now.zone;
        match action {
            Action::CursorLeft => {
                if self.day == 0 {
                    self.change_week(-7, ctx);
                    self.day = 6;
                } else {
                    self.day -= 1;
                }
            }
            Action::CursorRight => {
                if self.day == 6 {
                    self.change_week(7, ctx);
                    self.day = 0;
                } else {
                    self.day += 1;
                }
            }
            Action::CursorUp => self.slot = self.slot.saturating_sub(1),
            Action::CursorDown => self.slot = (self.slot + 1).min(SLOTS - 1),
            Action::PreviousWeek => self.change_week(-7, ctx),
            Action::NextWeek => self.change_week(7, ctx),
            Action::ThisWeek => {
                self.cursor_to_now(ctx.now.at.naive_local(), ctx.config.workday.start.0);
                self.reload(ctx);
            }
            Action::GoToDate => {
                let field = (
                    DayField::Day,
                    strings::FIELD_DATE,
                    strings::HINT_DATE,
                    String::new(),
                );
                self.editing =
                    Editing::GoToDate(Form::named(strings::GO_TO_TITLE, &[field], ctx.theme));
                return true;
            }
            Action::NextItem | Action::PreviousItem => {
                self.step_item(*action == Action::NextItem, ctx);
                return true;
            }
            Action::CycleSeriesCategory | Action::CycleEventCategory => {
                self.cycle_category(*action == Action::CycleSeriesCategory, ctx);
                return true;
            }
            Action::NewBlock => {
                let spec = BlockSpec {
                    title: String::new(),
                    intention: String::new(),
                    start: self.cursor_time(),
                    minutes: 120,
                    repeat: Repeat::Once,
                };
                let form = block_form(strings::NEW_BLOCK_TITLE, &spec, ctx.theme);
                self.editing = Editing::New(form);
                return true;
            }
            Action::OpenItem => {
                if self.selected_occurrence().is_some() || self.selected_event().is_some() {
                    self.editing = Editing::Details;
                } else {
                    no_block_here(ctx);
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
                self.editing = Editing::Nothing;
                match self.selected_occurrence().cloned() {
                    Some(o) => self.act_on_occurrence(action, &o, ctx),
                    None => no_block_here(ctx),
                }
                return true;
            }
            _ => return false,
        }
        self.select_at_cursor(zone);
        true
    }

    /// Shows the week `days` away and loads it.
    fn change_week(&mut self, days: i64, ctx: &mut Ctx<'_>) {
        self.start += Duration::days(days);
        self.reload(ctx);
    }

    /// Selects the next (or previous) block or event in time, moving the cursor to it.
    fn step_item(&mut self, forward: bool, ctx: &mut Ctx<'_>) {
        let zone = ctx.now.zone;
        let mut timeline = self.spans(zone);
        timeline.sort_by_key(|&(i, start, _)| (start, i));
        let n = timeline.len();
        if n == 0 {
            ctx.set_status(strings::no_blocks_this_week(
                &ctx.keys.key(Table::Week, &Action::NewBlock),
            ));
            return;
        }
        let cursor = self.cursor_time();
        let at = self
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
        if let Some(p) = self.place(zone).into_iter().find(|p| p.index == index) {
            self.day = p.day;
            self.slot = p.from;
        }
        self.selected = Some(index);
    }

    /// Gives the selected imported event (or its whole series) the next category.
    fn cycle_category(&mut self, series: bool, ctx: &mut Ctx<'_>) {
        let Some((event, category)) = self.selected_event().cloned() else {
            ctx.set_status(strings::NO_EVENT_HERE);
            return;
        };
        let next = category.next();
        let (occurrence, scope) = if series {
            (None, strings::ALL_OCCURRENCES)
        } else {
            (Some(event.key), strings::THIS_OCCURRENCE)
        };
        match blocks::classify_event(ctx.journal, &event.uid, occurrence, next) {
            Ok(()) => {
                ctx.set_status(strings::classified(&event.title, scope, next.as_str()));
                ctx.change(Changed::EVENTS);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Opens the form or question for `action` on occurrence `o`, or does it.
    fn act_on_occurrence(&mut self, action: &Action, o: &Occurrence, ctx: &mut Ctx<'_>) {
        let at = o.at();
        let theme = ctx.theme;
        self.editing = match action {
            Action::SkipOccurrence => Editing::Skip {
                at,
                form: one_line(
                    strings::SKIP_TITLE,
                    (
                        OccurrenceField::Reason,
                        strings::FIELD_REASON,
                        strings::HINT_REASON,
                    ),
                    o.reason.clone().unwrap_or_default(),
                    theme,
                ),
            },
            Action::MoveOccurrence => Editing::Move {
                warned: None,
                at,
                form: one_line(
                    strings::MOVE_TITLE,
                    (
                        OccurrenceField::NewStart,
                        strings::FIELD_NEW_START,
                        strings::HINT_DATE_TIME,
                    ),
                    o.start
                        .with_timezone(&ctx.now.zone)
                        .format(dates::TYPED)
                        .to_string(),
                    theme,
                ),
            },
            Action::MarkPartlyKept => Editing::PartlyKept {
                at,
                form: one_line(
                    strings::PARTLY_TITLE,
                    (
                        OccurrenceField::MinutesKept,
                        strings::FIELD_MINUTES_KEPT,
                        strings::HINT_MINUTES_KEPT,
                    ),
                    String::new(),
                    theme,
                ),
            },
            // A block still ahead cannot have been kept yet: ask before saying it was.
            Action::MarkKept if o.is_ahead(ctx.now.at) => Editing::ConfirmKept(at),
            Action::MarkKept => {
                let result = blocks::mark(ctx.journal, at, Mark::Kept);
                done(result.map(|()| strings::MARKED_KEPT.into()), ctx);
                Editing::Nothing
            }
            Action::ClearMark => {
                let result = blocks::clear_mark(ctx.journal, at);
                done(result.map(|()| strings::MARK_CLEARED.into()), ctx);
                Editing::Nothing
            }
            Action::EditBlock => match blocks::get(ctx.journal, at.block_id) {
                Ok(block) => {
                    let spec = BlockSpec {
                        start: o.original,
                        ..block.spec()
                    };
                    Editing::Edit {
                        at,
                        form: block_form(strings::EDIT_BLOCK_TITLE, &spec, theme),
                    }
                }
                Err(app::Error::Missing { .. }) => {
                    ctx.set_error(strings::BLOCK_GONE);
                    Editing::Nothing
                }
                Err(e) => {
                    ctx.report(&e);
                    Editing::Nothing
                }
            },
            Action::DeleteBlock => Editing::DeleteScope {
                at,
                repeating: o.repeating,
            },
            _ => Editing::Nothing,
        };
    }

    /// The answer to the question open over the grid: which occurrences to delete or
    /// change, or whether a block still ahead was kept. Other answers change nothing.
    fn answer(&mut self, action: &Action, ctx: &mut Ctx<'_>) {
        let (journal, now) = (&mut *ctx.journal, ctx.now);
        let result = match (std::mem::take(&mut self.editing), action) {
            (Editing::ConfirmKept(at), Action::Confirm) => {
                blocks::mark(journal, at, Mark::Kept).map(|()| strings::MARKED_KEPT_AHEAD.into())
            }
            (
                Editing::DeleteScope {
                    at,
                    repeating: true,
                },
                Action::ChooseThisOccurrence,
            ) => blocks::delete_occurrence(journal, at).map(|()| strings::DELETED_ONE.into()),
            (
                Editing::DeleteScope {
                    at,
                    repeating: true,
                },
                Action::ChooseFollowing,
            ) => blocks::delete_following(journal, at).map(|()| strings::DELETED_FOLLOWING.into()),
            (Editing::DeleteScope { at, .. }, Action::ChooseAll | Action::Confirm) => {
                blocks::delete_series(journal, at.block_id).map(|()| strings::DELETED_SERIES.into())
            }
            (Editing::EditScope { at, spec }, Action::ChooseFollowing) => {
                blocks::edit_following(journal, now, at, spec)
                    .map(|_| strings::edited_following(&at.original.format(dates::DAY).to_string()))
            }
            // The series keeps its first week; the new time and days apply to all.
            (Editing::EditScope { at, spec }, Action::ChooseAll) => {
                blocks::edit_series(journal, now, at.block_id, spec)
                    .map(|_| strings::EDITED_SERIES.into())
            }
            (unanswered, _) => {
                self.editing = unanswered;
                return;
            }
        };
        done(result, ctx);
    }
}

/// Reports how a change to the blocks went: what it did, or why it failed.
fn done(result: app::Result<String>, ctx: &mut Ctx<'_>) {
    match result {
        Ok(message) => {
            ctx.set_status(message);
            ctx.change(Changed::BLOCKS);
        }
        Err(e) => ctx.report(&e),
    }
}

/// Says the action needs a block under the cursor, and the key to the next one.
fn no_block_here(ctx: &mut Ctx<'_>) {
    let next = ctx.keys.key(Table::Week, &Action::NextItem);
    ctx.set_status(strings::no_block_here(&next));
}
