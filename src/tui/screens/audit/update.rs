//! What the Audit screen does with an action: move between weeks and through its two
//! lists, classify the selected series (through `app::classify`), undo, and load the
//! week's audit and trend (through `app::audit`).

use chrono::Duration;

use super::state::{AuditPanel, AuditState, TREND_WEEKS, Undo, unclassified_series};
use crate::app::{audit, calendars, classify};
use crate::domain::event::Category;
use crate::domain::week::week_start;
use crate::tui::action::Action;
use crate::tui::changed::Changed;
use crate::tui::context::Ctx;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::ui::{clamp_selection, step_selection};

/// A series the keys can classify: its UID and title.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    uid: String,
    title: String,
}

impl AuditState {
    /// Applies an Audit screen action; false if `action` is not one.
    pub fn update(&mut self, action: &Action, ctx: &mut Ctx<'_>) -> bool {
        match action {
            Action::PreviousWeek | Action::NextWeek => {
                let days = if *action == Action::NextWeek { 7 } else { -7 };
                self.start = self.start.map(|s| s + Duration::days(days));
                self.reload(ctx);
            }
            Action::ThisWeek => {
                self.start = None;
                self.reload(ctx);
            }
            Action::CursorDown | Action::CursorUp => {
                self.step(*action == Action::CursorDown);
            }
            Action::CursorLeft | Action::CursorRight => {
                self.panel = match self.panel {
                    AuditPanel::Unclassified => AuditPanel::MostHours,
                    AuditPanel::MostHours => AuditPanel::Unclassified,
                };
            }
            Action::ClassifyAs(category) => self.classify(Some(*category), ctx),
            Action::ReturnToRules => self.classify(None, ctx),
            Action::Undo => self.undo(ctx),
            _ => return false,
        }
        true
    }

    /// Loads the audit of the shown week (this week, when none is shown yet) and the
    /// trend before it.
    pub fn reload(&mut self, ctx: &mut Ctx<'_>) {
        let start = self
            .start
            .unwrap_or_else(|| week_start(ctx.today, ctx.config.week.first_day.0));
        self.start = Some(start);
        match audit::weeks(ctx.journal, ctx.settings, ctx.now, start, TREND_WEEKS) {
            Ok(weeks) => {
                self.trend = weeks.trend;
                self.report = Some(weeks.last);
                // The week shown this week: its direct reports' 1:1s too.
                let week = (start, start + Duration::days(6));
                match audit::warnings(ctx.journal, ctx.settings, ctx.config, ctx.now, week) {
                    Ok(warnings) => {
                        if let Some(r) = self.report.as_mut() {
                            r.warnings.extend(warnings);
                        }
                    }
                    Err(e) => ctx.report(&e),
                }
            }
            Err(e) => {
                ctx.set_error(format!("{e:#}"));
                return;
            }
        }
        let n = self
            .report
            .as_ref()
            .map_or(0, |r| unclassified_series(r).len());
        clamp_selection(&mut self.list, n);
        let top = self.report.as_ref().map_or(0, |r| r.top_series.len());
        clamp_selection(&mut self.top, top);
        match calendars::list(ctx.journal) {
            Ok(calendars) => self.has_calendar = !calendars.is_empty(),
            Err(e) => ctx.report(&e),
        }
    }

    /// Moves the selection of the focused list a row down or up.
    fn step(&mut self, down: bool) {
        let report = self.report.as_ref();
        match self.panel {
            AuditPanel::Unclassified => {
                let n = report.map_or(0, |r| unclassified_series(r).len());
                step_selection(&mut self.list, n, down);
            }
            AuditPanel::MostHours => {
                let n = report.map_or(0, |r| r.top_series.len());
                step_selection(&mut self.top, n, down);
            }
        }
    }

    /// The series under the selection of the focused list, if it can be classified
    /// (blocks are leading time by definition).
    fn target(&self) -> Option<Target> {
        let report = self.report.as_ref()?;
        match self.panel {
            AuditPanel::Unclassified => {
                let series = unclassified_series(report);
                let s = self.list.selected().and_then(|i| series.get(i))?;
                Some(Target {
                    uid: s.uid.clone(),
                    title: s.title.clone(),
                })
            }
            AuditPanel::MostHours => {
                let s = self
                    .top
                    .selected()
                    .and_then(|i| report.top_series.get(i))
                    .filter(|s| !s.uid.starts_with("block:"))?;
                Some(Target {
                    uid: s.uid.clone(),
                    title: s.title.clone(),
                })
            }
        }
    }

    /// Gives the selected series `category`, or hands it back to the rules (`None`),
    /// remembering what it had so Undo can put it back.
    fn classify(&mut self, category: Option<Category>, ctx: &mut Ctx<'_>) {
        let Some(target) = self.target() else {
            ctx.set_status(strings::NOTHING_TO_CLASSIFY);
            return;
        };
        let done = match category {
            Some(c) => classify::series(ctx.journal, &target.uid, c).map(|before| {
                let message =
                    strings::classified(&target.title, strings::ALL_OCCURRENCES, c.as_str());
                (before, message)
            }),
            None => classify::to_rules(ctx.journal, &target.uid)
                .map(|before| (before, strings::back_to_rules(&target.title))),
        };
        match done {
            Ok((before, message)) => {
                self.undo.push(Undo {
                    uid: target.uid,
                    title: target.title,
                    before,
                });
                let undo = ctx.keys.key(Table::Audit, &Action::Undo);
                ctx.set_status(strings::with_undo(&message, &undo));
                ctx.change(Changed::EVENTS);
            }
            Err(e) => ctx.report(&e),
        }
    }

    /// Puts back what the last classification made here replaced.
    fn undo(&mut self, ctx: &mut Ctx<'_>) {
        let Some(undo) = self.undo.pop() else {
            ctx.set_status(strings::NOTHING_TO_UNDO);
            return;
        };
        match classify::restore(ctx.journal, &undo.uid, &undo.before) {
            Ok(()) => {
                ctx.set_status(strings::undone(&undo.title));
                ctx.change(Changed::EVENTS);
            }
            Err(e) => {
                ctx.report(&e);
                self.undo.push(undo);
            }
        }
    }
}
