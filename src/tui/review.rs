//! The weekly review: a week's audit summary and trend, its blocks, conversations and
//! reflections on the left; the review questions on the right, answered in the same
//! editor as reflections and saved as the week's review entry as you type.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Weekday};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::action::Action;
use super::app::{App, Mode};
use super::editor::Editor;
use super::keymap::Table;
use super::strings;
use super::text::ellipsize;
use super::ui::panel;
use crate::audit::AuditReport;
use crate::domain::block::{Occurrence, OccurrenceStatus};
use crate::domain::conversation::{Conversation, Status};
use crate::domain::review::{self, QUESTIONS};
use crate::domain::week::week_start;
use crate::domain::{Entry, EntryKind};
use crate::store::JournalFilter;

/// Weeks of leading share shown as the trend, this week last.
const TREND_WEEKS: i64 = 4;

/// What the week held, loaded when the week changes.
#[derive(Debug, Clone)]
pub struct WeekSummary {
    /// The week's audit.
    pub report: AuditReport,
    /// Leading share of the last weeks, oldest first.
    pub trend: Vec<(NaiveDate, Option<f64>)>,
    /// The week's leadership block occurrences.
    pub blocks: Vec<Occurrence>,
    /// Conversations held this week.
    pub held: Vec<Conversation>,
    /// Follow-ups due by the end of next week.
    pub due: Vec<Conversation>,
    /// The week's reflections and notes.
    pub entries: Vec<Entry>,
    /// How the direct reports' 1:1s are kept (reports come first in the review).
    pub reports: Vec<crate::app::coaching::ReportCoverage>,
    /// Delegations still open: is what done looks like still clear?
    pub delegations: Vec<crate::domain::coaching::Delegation>,
}

/// State of the Review screen.
#[derive(Debug, Default)]
pub struct ReviewState {
    /// The first day of the week reviewed.
    pub week: Option<NaiveDate>,
    /// What the week held.
    pub summary: Option<WeekSummary>,
    /// The answers, one field per question; loaded with the week.
    pub answers: Option<Editor>,
    /// Reading the week or answering.
    pub mode: Mode,
    /// The week's review entry, once saved.
    pub entry_id: Option<i64>,
}

/// The week a review is written for on `today`: late in the week, this week; early in the
/// week, the one that just ended.
pub fn default_review_week(today: NaiveDate, first: Weekday) -> NaiveDate {
    let this = week_start(today, first);
    if (today - this).num_days() >= 4 {
        this
    } else {
        this - Duration::days(7)
    }
}

impl App {
    /// Loads the reviewed week: its summary and its saved answers.
    pub(super) fn reload_review(&mut self) {
        let first = self.config.week.first_day.0;
        // Opened from Today's reminder, the missing review is the one to write.
        let due = self
            .today
            .review_missing
            .unwrap_or_else(|| default_review_week(self.day, first));
        let week = *self.review.week.get_or_insert(due);
        match self.week_summary(week) {
            Ok(summary) => self.review.summary = Some(summary),
            Err(message) => self.set_error(message),
        }
        let saved = match self.store.review_for(week) {
            Ok(entry) => entry,
            Err(e) => {
                self.report(&e);
                None
            }
        };
        let answers = saved
            .as_ref()
            .map(|e| review::parse(&e.body))
            .unwrap_or_else(|| vec![String::new(); QUESTIONS.len()]);
        self.review.entry_id = saved.map(|e| e.id);
        let fields: Vec<(&str, &str)> = answers
            .iter()
            .map(|a| (a.as_str(), strings::REVIEW_ANSWER_HINT))
            .collect();
        self.review.answers =
            Some(Editor::with_fields(&fields, 0, &self.theme).continue_on_new_lines());
    }

    fn week_summary(&self, week: NaiveDate) -> Result<WeekSummary, String> {
        let zone = self.zone();
        let now = self.now().to_utc();
        let last = week + Duration::days(6);
        let weeks: Vec<(NaiveDate, NaiveDate)> = (0..TREND_WEEKS)
            .rev()
            .map(|back| {
                let from = week - Duration::weeks(back);
                (from, from + Duration::days(6))
            })
            .collect();
        let mut reports =
            crate::app::audit::audit_ranges(&self.store, &self.settings, zone, &weeks, now)
                .map_err(|e| format!("{e:#}"))?;
        let trend = weeks
            .iter()
            .zip(&reports)
            .map(|((from, _), r)| (*from, r.leading_share))
            .collect();
        let report = reports
            .pop()
            .ok_or_else(|| "no audit was computed".to_string())?;
        let blocks = crate::app::audit::blocks_between(&self.store, zone, week, last, now)
            .map_err(|e| crate::describe(&e))?;
        let conversations = self
            .store
            .conversations_around(week, last, last + Duration::days(7))
            .map_err(|e| crate::describe(&e))?;
        let in_week = |t: Option<DateTime<FixedOffset>>| {
            t.is_some_and(|t| (week..=last).contains(&t.with_timezone(&zone).date_naive()))
        };
        let held = conversations
            .iter()
            .filter(|c| c.status != Status::Cancelled && in_week(c.held_at))
            .cloned()
            .collect();
        let due = conversations
            .into_iter()
            .filter(|c| {
                c.status == Status::Held
                    && c.followup_on.is_some_and(|d| d <= last + Duration::days(7))
            })
            .collect();
        let entries = self
            .store
            .list_entries(&JournalFilter {
                from: Some(week),
                to: Some(last),
                ..Default::default()
            })
            .map_err(|e| crate::describe(&e))?
            .into_iter()
            .filter(|e| e.kind != EntryKind::Review)
            .collect();
        let reports = crate::app::coaching::report_coverage(
            &self.store,
            &self.settings,
            &self.config,
            zone,
            self.now(),
        )
        .map_err(|e| crate::describe(&e))?;
        let delegations = self
            .store
            .list_delegations(None)
            .map_err(|e| crate::describe(&e))?
            .into_iter()
            .filter(|d| d.status == crate::domain::coaching::DelegationStatus::Open)
            .collect();
        Ok(WeekSummary {
            reports,
            delegations,
            report,
            trend,
            blocks,
            held,
            due,
            entries,
        })
    }

    /// Stores the answers as the week's review entry: how the review autosaves. Blank
    /// answers with nothing saved yet make no entry.
    pub(super) fn store_review(&mut self) -> Result<(), String> {
        let (Some(week), Some(editor)) = (self.review.week, self.review.answers.as_ref()) else {
            return Ok(());
        };
        let answers = editor.texts();
        if self.review.entry_id.is_none() && review::is_blank(&answers) {
            return Ok(());
        }
        let now = self.now();
        let entry = self
            .store
            .save_review(week, &review::compose(week, &answers), now)
            .map_err(|e| strings::autosave_failed(&crate::describe(&e)))?;
        self.review.entry_id = Some(entry.id);
        Ok(())
    }

    /// Stops answering once saved.
    pub(super) fn close_review_editor(&mut self) {
        self.review.mode = Mode::Normal;
        if self.review.entry_id.is_some() {
            let history = self.keys.key(
                Table::Global,
                &Action::ShowScreen(super::app::Screen::History),
            );
            self.set_status(strings::review_saved(&history));
        }
        self.reload_today();
    }

    fn show_review_week(&mut self, week: NaiveDate) {
        self.flush(super::app::EditorOwner::Review);
        self.review.week = Some(week);
        self.review.mode = Mode::Normal;
        self.reload_review();
    }

    /// Applies a Review screen action while reading; false if `action` is not one.
    pub(super) fn apply_review(&mut self, action: &Action) -> bool {
        let week = self.review.week.unwrap_or(self.day);
        match action {
            Action::PreviousWeek | Action::CursorLeft => {
                self.show_review_week(week - Duration::days(7))
            }
            Action::NextWeek | Action::CursorRight => {
                self.show_review_week(week + Duration::days(7))
            }
            Action::ThisWeek => {
                let first = self.config.week.first_day.0;
                let due = self
                    .today
                    .review_missing
                    .unwrap_or_else(|| default_review_week(self.day, first));
                self.show_review_week(due);
            }
            Action::StartWriting => {
                self.review.mode = Mode::Editing;
                self.status = None;
            }
            Action::NextField => {
                if let Some(a) = self.review.answers.as_mut() {
                    a.next_field();
                }
            }
            Action::PreviousField => {
                if let Some(a) = self.review.answers.as_mut() {
                    a.previous_field();
                }
            }
            _ => return false,
        }
        true
    }
}

/// Draws the Review screen into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let [summary, questions] = if area.width >= 100 {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area)
    } else {
        Layout::horizontal([Constraint::Percentage(42), Constraint::Fill(1)]).areas(area)
    };
    render_summary(app, summary, buf);
    render_questions(app, questions, buf);
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(
        || "–".to_string(),
        |s| format!("{}%", crate::domain::hours::percent(s)),
    )
}

fn render_summary(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let zone = app.zone();
    let week = app.review.week.unwrap_or(app.day);
    let title = strings::review_week_title(
        &week.format("%-d %b").to_string(),
        &(week + Duration::days(6)).format("%-d %b %Y").to_string(),
    );
    let block = panel(
        &title,
        &app.keys.hint(
            Table::Review,
            &[Action::PreviousWeek, Action::NextWeek, Action::ThisWeek],
        ),
        theme,
        app.review.mode == Mode::Normal,
    );
    let Some(s) = &app.review.summary else {
        Paragraph::new(strings::AUDIT_LOADING)
            .block(block)
            .render(area, buf);
        return;
    };
    let r = &s.report;
    let heading = |t: &str| Line::styled(t.to_string(), theme.accent);
    let mut lines = vec![heading(strings::REVIEW_SPLIT)];
    let target = strings::target(
        crate::domain::hours::percent(r.target.managing),
        crate::domain::hours::percent(r.target.leading),
    );
    lines.push(match r.leading_share {
        Some(l) => Line::raw(format!(
            "  {} · {} ({target})",
            strings::managing_percent(100 - crate::domain::hours::percent(l)),
            strings::leading_percent(crate::domain::hours::percent(l))
        )),
        None => Line::styled(format!("  {}", strings::REVIEW_NO_HOURS), theme.muted),
    });
    lines.push(Line::from(vec![
        Span::styled(format!("  {} ", strings::TREND), theme.muted),
        Span::raw(
            s.trend
                .iter()
                .map(|(_, share)| percent(*share))
                .collect::<Vec<_>>()
                .join(" → "),
        ),
    ]));
    lines.push(Line::raw(""));
    lines.push(heading(strings::REVIEW_BLOCKS));
    lines.push(Line::raw(format!("  {}", strings::block_counts(&r.blocks))));
    for i in &r.invasions {
        lines.push(Line::styled(
            strings::invaded(
                &i.meeting,
                &i.block,
                &i.block_start
                    .with_timezone(&zone)
                    .format("%a %H:%M")
                    .to_string(),
            ),
            theme.error,
        ));
    }
    for o in &s.blocks {
        let status = match o.status {
            OccurrenceStatus::Planned => String::new(),
            other => other.label().to_string(),
        };
        let reason = o
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} ", o.start.with_timezone(&zone).format("%a %H:%M")),
                theme.muted,
            ),
            Span::raw(o.title.clone()),
            Span::styled(format!(" {status}{reason}"), theme.muted),
        ]));
    }
    if !s.reports.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(strings::REVIEW_REPORTS));
        for r in &s.reports {
            let o = &r.one_on_ones;
            let mut line = strings::review_report(&r.name, o.minutes_per_week, o.cancelled);
            if r.cancelled_this_week {
                line.push_str(strings::REVIEW_FLAG_CANCELLED);
            }
            if r.low {
                line.push_str(strings::REVIEW_FLAG_LOW);
            }
            let style = if r.cancelled_this_week || r.low {
                theme.error
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::styled(format!("  {line}"), style));
        }
    }
    if !s.delegations.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(strings::REVIEW_DELEGATIONS));
        for d in &s.delegations {
            lines.push(Line::raw(format!(
                "  {}",
                strings::review_delegation(&d.task, &d.person, &d.done_looks_like)
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(heading(strings::REVIEW_CONVERSATIONS));
    if s.held.is_empty() && s.due.is_empty() {
        lines.push(Line::styled(
            format!("  {}", strings::REVIEW_NO_CONVERSATIONS),
            theme.muted,
        ));
    }
    for c in &s.held {
        lines.push(Line::raw(format!(
            "  {}",
            strings::held_with(&c.topic, &c.person)
        )));
    }
    for c in &s.due {
        let on = c
            .followup_on
            .map(|d| super::ui::day_label(d, app.day))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "  {}",
            strings::follow_up_with(&on, &c.topic, &c.person)
        )));
    }
    lines.push(Line::raw(""));
    lines.push(heading(&strings::review_entries(s.entries.len())));
    // One row each, cut to the panel's width, so a busy week still shows many.
    let room = usize::from(area.width.saturating_sub(4 + 6)).max(1);
    for e in &s.entries {
        let first = crate::domain::history::first_line(&e.body);
        let shown = ellipsize(first, room);
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ", e.day.format("%a")), theme.muted),
            Span::raw(shown),
        ]));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block.padding(ratatui::widgets::Padding::horizontal(1)))
        .render(area, buf);
}

fn render_questions(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some(answers) = &app.review.answers else {
        return;
    };
    let n = answers.field_count().max(1);
    let areas = Layout::vertical(vec![Constraint::Fill(1); n]).split(area);
    let saved = answers
        .saved_at
        .map(|t| strings::saved_at(&t.format("%H:%M:%S").to_string()))
        .unwrap_or_default();
    let answering = app.review.mode == Mode::Editing;
    for (i, question) in QUESTIONS.iter().enumerate().take(n) {
        let Some(&rect) = areas.get(i) else { break };
        let focused = i == answers.focus();
        let editing = focused && answering;
        let width = usize::from(rect.width.saturating_sub(4));
        let mut block = Block::bordered()
            .border_type(if editing {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(if focused { theme.accent } else { theme.muted })
            .title(Span::styled(
                format!(" {} ", ellipsize(question, width)),
                theme.accent,
            ));
        if i + 1 == n {
            let hint = if answering {
                app.keys
                    .hint(Table::Answering, &[Action::NextField, Action::Back])
            } else {
                app.keys.hint(Table::Review, &[Action::StartWriting])
            };
            let text = if saved.is_empty() {
                format!(" {hint} ")
            } else {
                format!(" {saved} · {hint} ")
            };
            block = block.title_bottom(Line::styled(text, theme.muted).right_aligned());
        }
        let inner = block.inner(rect);
        block.render(rect, buf);
        answers.render_field(i, inner, buf);
    }
}
