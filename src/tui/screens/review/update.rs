//! What the Review screen does with an action: move between weeks and questions, answer
//! them, and save the answers as the week's review (as you type, and on leaving), all
//! through `app::reviews`.

use chrono::{Duration, NaiveDate};

use super::state::{Editing, ReviewState};
use crate::app::reviews;
use crate::domain::dates;
use crate::domain::review::QUESTIONS;
use crate::tui::action::Action;
use crate::tui::app::Screen;
use crate::tui::changed::Changed;
use crate::tui::context::Ctx;
use crate::tui::editor::Editor;
use crate::tui::keymap::Table;
use crate::tui::strings;

impl ReviewState {
    /// The week to review now: the one [`reviews::default_week`] names (this week from
    /// Friday on). Last week's missing review is opened from Today's reminder.
    fn due_week(&self, ctx: &Ctx<'_>) -> NaiveDate {
        reviews::default_week(ctx.today, ctx.config.week.first_day.0)
    }

    /// Opens the week starting `week`, whose review is missing, and says so.
    pub fn open_missing(&mut self, week: NaiveDate, ctx: &mut Ctx<'_>) {
        self.show_week(week, ctx);
        let last = week + Duration::days(6);
        ctx.set_status(strings::writing_missing_review(
            &week.format(dates::DATE).to_string(),
            &last.format(dates::DATE).to_string(),
        ));
    }

    /// Loads the reviewed week (the week due, the first time): its summary and its saved
    /// answers.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        let due = self.due_week(ctx);
        let week = *self.week.get_or_insert(due);
        match reviews::summary(ctx.journal, ctx.settings, ctx.config, ctx.now, week) {
            Ok(summary) => self.summary = Some(summary),
            Err(e) => ctx.report(&e),
        }
        let saved = match reviews::load(ctx.journal, week) {
            Ok(saved) => saved,
            Err(e) => {
                ctx.report(&e);
                reviews::Saved {
                    answers: vec![String::new(); QUESTIONS.len()],
                    ..Default::default()
                }
            }
        };
        let fields: Vec<(&str, &str)> = saved
            .answers
            .iter()
            .map(|a| (a.as_str(), strings::REVIEW_ANSWER_HINT))
            .collect();
        self.answers = Some(Editor::with_fields(&fields, 0, ctx.theme).continue_on_new_lines());
        self.saved = saved;
    }

    /// Saves the answers as the week's review entry if they changed since last saved:
    /// the autosave. Blank answers with nothing saved yet make no entry. False when
    /// saving failed (the status line says why; the text stays).
    pub fn flush(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let Some(editor) = self.answers.as_mut() else {
            return true;
        };
        if !editor.needs_saving() {
            return true;
        }
        let Some(week) = self.week else {
            return true;
        };
        match reviews::save(ctx.journal, ctx.now, week, &self.saved, &editor.texts()) {
            Ok(answered) => {
                // What another window saved meanwhile shows here too, so the next save
                // does not take it back.
                editor.adopt(&answered.saved.answers, ctx.theme);
                editor.saved(ctx.now.at);
                self.saved = answered.saved;
                if !answered.conflicts.is_empty() {
                    let labels: Vec<String> = answered
                        .conflicts
                        .iter()
                        .map(|i| strings::answer_label(*i))
                        .collect();
                    ctx.set_error(strings::edited_in_two_places(&labels));
                }
                true
            }
            Err(e) => {
                ctx.set_error(strings::autosave_failed(&crate::describe(&e)));
                false
            }
        }
    }

    /// Shows the answers another window saved meanwhile, unless this one holds unsaved
    /// answers (its save then merges them).
    pub fn catch_up(&mut self, ctx: &mut Ctx<'_>) {
        let (Some(week), Some(editor)) = (self.week, self.answers.as_mut()) else {
            return;
        };
        if editor.needs_saving() {
            return;
        }
        if let Ok(stored) = reviews::load(ctx.journal, week)
            && stored != self.saved
        {
            editor.adopt(&stored.answers, ctx.theme);
            self.saved = stored;
        }
    }

    /// Shows the week starting `week`, the answers of the one shown saved first.
    fn show_week(&mut self, week: NaiveDate, ctx: &mut Ctx<'_>) {
        self.flush(ctx);
        self.week = Some(week);
        self.editing = Editing::Reading;
        self.reload(ctx);
    }

    /// Applies a Review screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match self.editing {
            Editing::Reading => self.update_reading(action, ctx),
            Editing::Answering => self.update_answering(action, ctx),
        }
    }

    /// The actions while reading the week.
    fn update_reading(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let week = self.week.unwrap_or(ctx.today);
        match action {
            Action::PreviousWeek | Action::CursorLeft => {
                self.show_week(week - Duration::days(7), ctx)
            }
            Action::NextWeek | Action::CursorRight => self.show_week(week + Duration::days(7), ctx),
            Action::ThisWeek => {
                let due = self.due_week(ctx);
                self.show_week(due, ctx);
            }
            Action::StartWriting => {
                self.editing = Editing::Answering;
                ctx.clear_status();
            }
            Action::NextField => {
                if let Some(a) = self.answers.as_mut() {
                    a.next_field();
                }
            }
            Action::PreviousField => {
                if let Some(a) = self.answers.as_mut() {
                    a.previous_field();
                }
            }
            _ => return false,
        }
        true
    }

    /// Keys typed into the answers, and their Save and Back.
    fn update_answering(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        let Some(answers) = self.answers.as_mut() else {
            return false;
        };
        if let Some(typed) = answers.apply(action) {
            if let Err(too_big) = typed {
                ctx.report_too_big(too_big);
            }
            return true;
        }
        match action {
            Action::Save => {
                answers.dirty = true;
                if self.flush(ctx) {
                    ctx.set_status(strings::review_saved(&history_key(ctx)));
                }
            }
            Action::Back => {
                self.stop_answering(ctx);
            }
            _ => return false,
        }
        true
    }

    /// Stops answering once saved.
    fn stop_answering(&mut self, ctx: &mut Ctx<'_>) {
        if !self.flush(ctx) {
            return;
        }
        self.editing = Editing::Reading;
        if self.saved.entry_id.is_some() {
            ctx.set_status(strings::review_saved(&history_key(ctx)));
        }
        // Today's reminder of a missing review reads the reviews again.
        ctx.change(Changed::REVIEWS);
    }
}

/// The key that shows History, where the saved review is found.
fn history_key(ctx: &Ctx<'_>) -> String {
    ctx.keys
        .key(Table::Global, &Action::ShowScreen(Screen::History))
}
