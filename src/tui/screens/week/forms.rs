//! The Week screen's forms: the block form (new, or a change to a block) and the short
//! questions about one occurrence (move, skip, partly kept). Each is read into typed
//! input and saved through `app::blocks`; a refusal goes back to the field it names.

use chrono::NaiveDateTime;

use super::state::{BlockField, DayField, Editing, OccurrenceField, WeekState};
use crate::app::{self, Field, blocks};
use crate::domain::block::{
    BlockSpec, Mark, OccurrenceRef, Repeat, parse_every, parse_minutes, parse_weekdays,
    weekday_name,
};
use crate::domain::dates;
use crate::domain::time::{read_date, read_date_time};
use crate::tui::changed::Changed;
use crate::tui::context::Ctx;
use crate::tui::form::{FieldError, Form, Submitted};
use crate::tui::strings;
use crate::tui::theme::Theme;

/// The block form titled `title`, filled in from `spec`.
pub(super) fn block_form(title: &str, spec: &BlockSpec, theme: &Theme) -> Form<BlockField> {
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
    Form::named(
        title,
        &[
            (
                BlockField::Title,
                strings::FIELD_TITLE,
                strings::HINT_TITLE,
                spec.title.clone(),
            ),
            (
                BlockField::Why,
                strings::FIELD_WHY,
                strings::HINT_WHY,
                spec.intention.clone(),
            ),
            (
                BlockField::Start,
                strings::FIELD_START,
                strings::HINT_DATE_TIME,
                spec.start.format(dates::TYPED).to_string(),
            ),
            (
                BlockField::Length,
                strings::FIELD_LENGTH,
                strings::HINT_LENGTH,
                minutes,
            ),
            (
                BlockField::Days,
                strings::FIELD_REPEAT_ON,
                strings::HINT_REPEAT_ON,
                days,
            ),
            (
                BlockField::Every,
                strings::FIELD_EVERY,
                strings::HINT_EVERY,
                every,
            ),
            (
                BlockField::Until,
                strings::FIELD_UNTIL,
                strings::HINT_UNTIL,
                until,
            ),
        ],
        theme,
    )
}

/// A question about one occurrence: a form of one field.
pub(super) fn one_line(
    title: &str,
    field: (OccurrenceField, &'static str, &'static str),
    text: String,
    theme: &Theme,
) -> Form<OccurrenceField> {
    let (name, label, hint) = field;
    Form::named(title, &[(name, label, hint, text)], theme)
}

/// The block form read into a description, or the field to blame and why. The
/// description is checked when it is saved.
fn read_block_form(
    form: &Form<BlockField>,
    now: NaiveDateTime,
) -> Result<BlockSpec, FieldError<BlockField>> {
    let at = FieldError::at;
    let start = read_date_time(&form.value(BlockField::Start), now)
        .map_err(|e| at(BlockField::Start)(&e))?;
    let minutes =
        parse_minutes(&form.value(BlockField::Length)).map_err(|e| at(BlockField::Length)(&e))?;
    let days_text = form.value(BlockField::Days);
    let every_text = form.value(BlockField::Every);
    let until_text = form.value(BlockField::Until);
    let repeat = if days_text.is_empty() {
        Repeat::without_weekdays(!every_text.is_empty(), !until_text.is_empty())
            .map_err(|e| at(BlockField::Days)(&e))?
    } else {
        Repeat::Weekly {
            days: parse_weekdays(&days_text).map_err(|e| at(BlockField::Days)(&e))?,
            every: if every_text.is_empty() {
                1
            } else {
                parse_every(&every_text).map_err(|e| at(BlockField::Every)(&e))?
            },
            until: if until_text.is_empty() {
                None
            } else {
                Some(read_date(&until_text, now).map_err(|e| at(BlockField::Until)(&e))?)
            },
        }
    };
    Ok(BlockSpec {
        title: form.value(BlockField::Title),
        intention: form.value(BlockField::Why),
        start,
        minutes,
        repeat,
    })
}

/// A refusal of the block form's input, at the field it names (the title when it names
/// none).
fn at_block_field(e: app::Error) -> FieldError<BlockField> {
    let field = match e.field() {
        Some(Field::Start) => BlockField::Start,
        Some(Field::Length | Field::KeptMinutes) => BlockField::Length,
        Some(Field::Weekdays) => BlockField::Days,
        Some(Field::Every) => BlockField::Every,
        Some(Field::Until) => BlockField::Until,
        _ => BlockField::Title,
    };
    FieldError::new(field, crate::describe(&e))
}

/// A refusal of a one-field question's input, at its field.
fn at_occurrence_field(
    field: OccurrenceField,
) -> impl Fn(app::Error) -> FieldError<OccurrenceField> {
    move |e| FieldError::new(field, crate::describe(&e))
}

impl WeekState {
    /// Checks and saves the open form; a refusal keeps it open at the field to fix.
    pub(super) fn submit(&mut self, ctx: &mut Ctx<'_>) {
        match std::mem::take(&mut self.editing) {
            Editing::New(mut form) => match self.add_from(&form, ctx) {
                Ok(done) => ctx.set_status(done),
                Err(e) => {
                    form.fail(e, ctx.theme);
                    self.editing = Editing::New(form);
                }
            },
            Editing::Edit { at, mut form } => {
                if let Err(e) = self.edit_from(at, &form, ctx) {
                    form.fail(e, ctx.theme);
                    self.editing = Editing::Edit { at, form };
                }
            }
            Editing::GoToDate(mut form) => match self.go_to(&form, ctx) {
                Ok(done) => ctx.set_status(done),
                Err(e) => {
                    form.fail(e, ctx.theme);
                    self.editing = Editing::GoToDate(form);
                }
            },
            Editing::Move {
                at,
                mut form,
                mut warned,
            } => match move_from(at, &form, &mut warned, ctx) {
                Ok(done) => ctx.set_status(done),
                Err(e) => {
                    form.fail(e, ctx.theme);
                    self.editing = Editing::Move { at, form, warned };
                }
            },
            Editing::Skip { at, form } => {
                let reason = Some(form.value(OccurrenceField::Reason));
                match blocks::skip(ctx.journal, at, reason) {
                    Ok(()) => {
                        ctx.change(Changed::BLOCKS);
                        ctx.set_status(strings::SKIPPED);
                    }
                    Err(e) => {
                        let mut form = form;
                        form.fail(at_occurrence_field(OccurrenceField::Reason)(e), ctx.theme);
                        self.editing = Editing::Skip { at, form };
                    }
                }
            }
            Editing::PartlyKept { at, mut form } => match partly_kept_from(at, &form, ctx) {
                Ok(done) => ctx.set_status(done),
                Err(e) => {
                    form.fail(e, ctx.theme);
                    self.editing = Editing::PartlyKept { at, form };
                }
            },
            other => self.editing = other,
        }
    }

    /// Plans the block the form describes and shows it: its first occurrence's week, with
    /// it under the cursor.
    fn add_from(&mut self, form: &Form<BlockField>, ctx: &mut Ctx<'_>) -> Submitted<BlockField> {
        let spec = read_block_form(form, ctx.now.at.naive_local())?;
        let block = blocks::add(ctx.journal, ctx.now, spec).map_err(at_block_field)?;
        self.cursor_to_now(block.start, block.start.time());
        ctx.change(Changed::BLOCKS);
        Ok(strings::block_saved(
            &block.title,
            &block.repeat.to_string(),
            &block.start.format(dates::DAY_TIME_YEAR).to_string(),
        ))
    }

    /// Changes the block of occurrence `at` as the form says: a one-off at once; for a
    /// repeating one, the checked change waits for the answer to "which occurrences?".
    fn edit_from(
        &mut self,
        at: OccurrenceRef,
        form: &Form<BlockField>,
        ctx: &mut Ctx<'_>,
    ) -> Result<(), FieldError<BlockField>> {
        let spec = read_block_form(form, ctx.now.at.naive_local())?;
        let spec = blocks::check(ctx.now, spec).map_err(at_block_field)?;
        let repeating =
            blocks::get(ctx.journal, at.block_id).is_ok_and(|b| b.repeat != Repeat::Once);
        if repeating {
            self.editing = Editing::EditScope { at, spec };
            return Ok(());
        }
        blocks::edit_series(ctx.journal, ctx.now, at.block_id, spec).map_err(at_block_field)?;
        ctx.change(Changed::BLOCKS);
        ctx.set_status(strings::EDITED_SERIES);
        Ok(())
    }
}

impl WeekState {
    /// Shows the week of the day the form names, the cursor on that day.
    fn go_to(&mut self, form: &Form<DayField>, ctx: &mut Ctx<'_>) -> Submitted<DayField> {
        let day = read_date(&form.value(DayField::Day), ctx.now.at.naive_local())
            .map_err(|e| FieldError::at(DayField::Day)(&e))?;
        self.start = crate::domain::week::week_start(day, self.first_day);
        self.day = (day - self.start).num_days().clamp(0, 6) as usize;
        self.reload(ctx);
        Ok(strings::went_to(&dates::day(day, ctx.now.today())))
    }
}

/// Moves occurrence `at` to the start the form gives. A start far away or in the past is
/// `warned` about first, and moved to when submitted again unchanged.
fn move_from(
    at: OccurrenceRef,
    form: &Form<OccurrenceField>,
    warned: &mut Option<chrono::NaiveDateTime>,
    ctx: &mut Ctx<'_>,
) -> Submitted<OccurrenceField> {
    let field = OccurrenceField::NewStart;
    let to = read_date_time(&form.value(field), ctx.now.at.naive_local())
        .map_err(|e| FieldError::at(field)(&e))?;
    let confirmed = *warned == Some(to);
    blocks::move_occurrence(ctx.journal, ctx.now, at, to, confirmed).map_err(|e| {
        if e.field() == Some(app::Field::Confirm) {
            *warned = Some(to);
            FieldError::new(field, strings::confirm_move(&crate::describe(&e)))
        } else {
            at_occurrence_field(field)(e)
        }
    })?;
    ctx.change(Changed::BLOCKS);
    Ok(strings::moved(&dates::day_time(to, ctx.now.today())))
}

/// Marks occurrence `at` partly kept, for the minutes the form gives.
fn partly_kept_from(
    at: OccurrenceRef,
    form: &Form<OccurrenceField>,
    ctx: &mut Ctx<'_>,
) -> Submitted<OccurrenceField> {
    let field = OccurrenceField::MinutesKept;
    let minutes = parse_minutes(&form.value(field)).map_err(|e| FieldError::at(field)(&e))?;
    blocks::mark(ctx.journal, at, Mark::PartlyKept(minutes)).map_err(at_occurrence_field(field))?;
    ctx.change(Changed::BLOCKS);
    Ok(strings::MARKED_PARTLY.to_string())
}
