//! The weekly review: a week's audit summary and trend, its blocks, conversations and
//! reflections on the left; the review questions on the right, answered in the same
//! editor as reflections and saved as the week's review entry as you type.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Weekday};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::action::Action;
use super::app::{App, grows, unix_newlines};
use super::conversations::text_editor;
use super::strings;
use super::ui::panel;
use crate::audit::AuditReport;
use crate::domain::block::{Occurrence, OccurrenceStatus};
use crate::domain::conversation::{Conversation, Status};
use crate::domain::review::{self, QUESTIONS};
use crate::domain::week::week_start;
use crate::domain::{Entry, EntryKind};
use crate::store::EntryFilter;

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
}

/// State of the Review screen.
#[derive(Debug, Default)]
pub struct ReviewState {
    /// The first day of the week reviewed.
    pub week: Option<NaiveDate>,
    /// What the week held.
    pub summary: Option<WeekSummary>,
    /// One editor per question.
    pub answers: Vec<TextArea<'static>>,
    /// The question being answered.
    pub focus: usize,
    /// Whether keys type into the answers.
    pub editing: bool,
    /// Whether the answers changed since they were saved.
    pub dirty: bool,
    /// When the answers were last saved.
    pub saved_at: Option<DateTime<FixedOffset>>,
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
            .unwrap_or_else(|| default_review_week(self.today.day, first));
        let week = *self.review.week.get_or_insert(due);
        match self.week_summary(week) {
            Ok(summary) => self.review.summary = Some(summary),
            Err(message) => self.set_error(message),
        }
        let saved = match self.store.review_for(week) {
            Ok(entry) => entry,
            Err(e) => {
                self.set_error(crate::describe(&e));
                None
            }
        };
        let answers = saved
            .as_ref()
            .map(|e| review::parse(&e.body))
            .unwrap_or_else(|| vec![String::new(); QUESTIONS.len()]);
        self.review.entry_id = saved.map(|e| e.id);
        self.review.answers = answers
            .iter()
            .map(|a| text_editor(a, strings::REVIEW_ANSWER_HINT, &self.theme))
            .collect();
        self.review.focus = 0;
        self.review.dirty = false;
        self.review.saved_at = None;
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
            crate::service::audit_ranges(&self.store, &self.settings, zone, &weeks, now)
                .map_err(|e| format!("{e:#}"))?;
        let trend = weeks
            .iter()
            .zip(&reports)
            .map(|((from, _), r)| (*from, r.leading_share))
            .collect();
        let report = reports
            .pop()
            .ok_or_else(|| "no audit was computed".to_string())?;
        let blocks = crate::service::blocks_between(&self.store, zone, week, last, now)
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
            .list_entries(&EntryFilter {
                from: Some(week),
                to: Some(last),
                ..Default::default()
            })
            .map_err(|e| crate::describe(&e))?
            .into_iter()
            .filter(|e| e.kind != EntryKind::Review)
            .collect();
        Ok(WeekSummary {
            report,
            trend,
            blocks,
            held,
            due,
            entries,
        })
    }

    fn review_answers(&self) -> Vec<String> {
        self.review
            .answers
            .iter()
            .map(|a| a.lines().join("\n"))
            .collect()
    }

    /// Saves the review if its answers changed: the autosave, also run on every tick.
    pub fn flush_review(&mut self) {
        if !self.review.dirty {
            return;
        }
        let Some(week) = self.review.week else {
            return;
        };
        let answers = self.review_answers();
        let now = self.now();
        let result = match self.review.entry_id {
            // Nothing written yet and nothing saved: no empty review entry.
            None if review::is_blank(&answers) => {
                self.review.dirty = false;
                return;
            }
            _ => self
                .store
                .save_review(week, &review::compose(week, &answers), now),
        };
        match result {
            Ok(entry) => {
                self.review.entry_id = Some(entry.id);
                self.review.dirty = false;
                self.review.saved_at = Some(now);
            }
            Err(e) => self.set_error(strings::autosave_failed(&crate::describe(&e))),
        }
    }

    fn show_review_week(&mut self, week: NaiveDate) {
        self.flush_review();
        self.review.week = Some(week);
        self.review.editing = false;
        self.reload_review();
    }

    /// Applies a Review screen action; false if `action` is not one.
    pub(super) fn apply_review(&mut self, action: &Action) -> bool {
        let count = self.review.answers.len().max(1);
        if self.review.editing {
            match action {
                Action::NextField => self.review.focus = (self.review.focus + 1) % count,
                Action::PreviousField => {
                    self.review.focus = (self.review.focus + count - 1) % count
                }
                Action::EditText(input) => {
                    let size: usize = self.review_answers().iter().map(String::len).sum();
                    if (!grows(input) || self.fits_entry(size + 4))
                        && let Some(a) = self.review.answers.get_mut(self.review.focus)
                        && a.input(input.clone())
                    {
                        self.review.dirty = true;
                    }
                }
                Action::PasteText(text) => {
                    let size: usize = self.review_answers().iter().map(String::len).sum();
                    if self.fits_entry(size + text.len())
                        && let Some(a) = self.review.answers.get_mut(self.review.focus)
                        && a.insert_str(unix_newlines(text))
                    {
                        self.review.dirty = true;
                    }
                }
                Action::SaveReflection => {
                    self.review.dirty = true;
                    self.flush_review();
                    if !self.review.dirty {
                        self.set_status(strings::REVIEW_SAVED.to_string());
                    }
                }
                Action::CloseEditor => {
                    self.flush_review();
                    if !self.review.dirty {
                        self.review.editing = false;
                        if self.review.entry_id.is_some() {
                            self.set_status(strings::REVIEW_SAVED.to_string());
                        }
                        self.reload_today();
                    }
                }
                _ => return false,
            }
            return true;
        }
        let week = self.review.week.unwrap_or(self.today.day);
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
                    .unwrap_or_else(|| default_review_week(self.today.day, first));
                self.show_review_week(due);
            }
            Action::StartWriting => {
                self.review.editing = true;
                self.status = None;
            }
            Action::NextField => self.review.focus = (self.review.focus + 1) % count,
            Action::PreviousField => self.review.focus = (self.review.focus + count - 1) % count,
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
    let week = app.review.week.unwrap_or(app.today.day);
    let title = strings::review_week_title(
        &week.format("%-d %b").to_string(),
        &(week + Duration::days(6)).format("%-d %b %Y").to_string(),
    );
    let block = panel(
        &title,
        strings::REVIEW_WEEK_HINT,
        theme,
        !app.review.editing,
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
    let target = format!(
        "target {}/{}",
        crate::domain::hours::percent(r.target.managing),
        crate::domain::hours::percent(r.target.leading)
    );
    lines.push(match r.leading_share {
        Some(l) => Line::raw(format!(
            "  managing {}% · leading {}% ({target})",
            100 - crate::domain::hours::percent(l),
            crate::domain::hours::percent(l)
        )),
        None => Line::styled(format!("  {}", strings::REVIEW_NO_HOURS), theme.muted),
    });
    lines.push(Line::from(vec![
        Span::styled("  trend ", theme.muted),
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
    lines.push(Line::raw(format!(
        "  {} planned · {} kept · {} skipped · {} invaded",
        r.blocks.planned, r.blocks.kept, r.blocks.skipped, r.blocks.invaded
    )));
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
    lines.push(Line::raw(""));
    lines.push(heading(strings::REVIEW_CONVERSATIONS));
    if s.held.is_empty() && s.due.is_empty() {
        lines.push(Line::styled(
            format!("  {}", strings::REVIEW_NO_CONVERSATIONS),
            theme.muted,
        ));
    }
    for c in &s.held {
        lines.push(Line::raw(format!("  held: {} with {}", c.topic, c.person)));
    }
    for c in &s.due {
        let on = c
            .followup_on
            .map(|d| {
                let same_year = d.year() == app.today.day.year();
                let format = if same_year {
                    "%a %-d %b"
                } else {
                    "%a %-d %b %Y"
                };
                d.format(format).to_string()
            })
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "  follow up {on}: {} with {}",
            c.topic, c.person
        )));
    }
    lines.push(Line::raw(""));
    lines.push(heading(&strings::review_entries(s.entries.len())));
    // One row each, cut to the panel's width, so a busy week still shows many.
    let room = usize::from(area.width.saturating_sub(4 + 6)).max(1);
    for e in &s.entries {
        let first = crate::domain::history::first_line(&e.body);
        let shown: String = if first.chars().count() > room {
            let cut: String = first.chars().take(room.saturating_sub(1)).collect();
            format!("{cut}…")
        } else {
            first.to_string()
        };
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
    let n = app.review.answers.len().max(1);
    let areas = Layout::vertical(vec![Constraint::Fill(1); n]).split(area);
    let saved = app
        .review
        .saved_at
        .map(|t| strings::saved_at(&t.format("%H:%M:%S").to_string()))
        .unwrap_or_default();
    for (i, (answer, question)) in app.review.answers.iter().zip(QUESTIONS).enumerate() {
        let Some(&rect) = areas.get(i) else { break };
        let focused = i == app.review.focus;
        let editing = focused && app.review.editing;
        let mut block = Block::bordered()
            .border_type(if editing {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(if focused { theme.accent } else { theme.muted })
            .title(Span::styled(format!(" {question} "), theme.accent));
        if i + 1 == n {
            let hint = if app.review.editing {
                strings::REVIEW_HINT_EDITING
            } else {
                strings::REVIEW_HINT
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
        answer.render(inner, buf);
    }
}

impl App {
    /// Notes whether last week's review is missing and worth a reminder on Today: the
    /// journal had entries before this week began and no review covers the week before.
    pub(super) fn check_review_missing(&mut self) {
        let first = self.config.week.first_day.0;
        let this = week_start(self.today.day, first);
        let last = this - Duration::days(7);
        let missing = self.store.first_entry_day().and_then(|started| {
            Ok(started.is_some_and(|d| d < this) && self.store.review_for(last)?.is_none())
        });
        match missing {
            Ok(missing) => self.today.review_missing = missing.then_some(last),
            Err(e) => self.set_error(crate::describe(&e)),
        }
    }
}
