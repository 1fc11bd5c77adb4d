//! The Audit screen: the week's managing/leading split against the target, the 12-week
//! trend, the series that take the most hours, warnings, and the unclassified events,
//! each classifiable with one key.

use crate::domain::hours;
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, ListItem, ListState, Paragraph, Widget, Wrap};

use super::action::Action;
use super::app::App;
use super::keymap::Table;
use super::strings;
use super::text::{fit_hint, fit_line};
use super::ui::{clamp_selection, panel, render_list, step_selection};
use crate::audit::AuditReport;
use crate::domain::event::Category;
use crate::domain::week::week_start;

/// Weeks in the trend, this one included.
pub const TREND_WEEKS: usize = 12;

/// State of the Audit screen, loaded when the screen opens, the week changes or a
/// classification changes.
#[derive(Debug, Clone, Default)]
pub struct AuditState {
    /// The first day of the audited week.
    pub start: Option<NaiveDate>,
    /// The week's report.
    pub report: Option<AuditReport>,
    /// Leading share of the last weeks, oldest first, this week last.
    pub trend: Vec<(NaiveDate, Option<f64>)>,
    /// Selection in the unclassified list.
    pub list: ListState,
    /// Selection in the Most hours list.
    pub top: ListState,
    /// Which list the keys act on.
    pub panel: AuditPanel,
    /// Whether any calendar is imported (without one there is nothing to audit).
    pub has_calendar: bool,
    /// Classifications made here, newest last, with what they replaced: `u` undoes.
    pub undo: Vec<Undo>,
}

/// The lists of the Audit screen that keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuditPanel {
    /// The week's unclassified series.
    #[default]
    Unclassified,
    /// The series that took the most hours.
    MostHours,
}

/// A classification made on the Audit screen, and the choices it replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// The series.
    pub uid: String,
    /// Its title, for the message.
    pub title: String,
    /// The choices before: (occurrence key or series, category).
    pub before: Vec<(i64, Category)>,
}

/// A series the keys can classify: its UID and title.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    uid: String,
    title: String,
}

/// One unclassified series of the week: what the list shows and `m`/`l`/`x` classify.
#[derive(Debug, Clone, PartialEq)]
pub struct UnclassifiedSeries {
    /// Its UID.
    pub uid: String,
    /// Its title.
    pub title: String,
    /// Occurrences this week.
    pub count: usize,
    /// Hours this week.
    pub hours: f64,
    /// The first occurrence's start (RFC 3339).
    pub first: String,
}

/// The report's unclassified occurrences grouped by series, most hours first.
pub fn unclassified_series(report: &AuditReport) -> Vec<UnclassifiedSeries> {
    let mut out: Vec<UnclassifiedSeries> = Vec::new();
    for u in &report.unclassified {
        match out.iter_mut().find(|s| s.uid == u.uid) {
            Some(s) => {
                s.count += 1;
                s.hours += u.hours;
                if u.start < s.first {
                    s.first = u.start.clone();
                }
            }
            None => out.push(UnclassifiedSeries {
                uid: u.uid.clone(),
                title: u.title.clone(),
                count: 1,
                hours: u.hours,
                first: u.start.clone(),
            }),
        }
    }
    out.sort_by(|a, b| b.hours.total_cmp(&a.hours).then(a.first.cmp(&b.first)));
    out
}

impl App {
    /// Loads the audit of the shown week and the trend before it.
    pub(super) fn reload_audit(&mut self) {
        let zone = self.zone();
        let now = self.now().to_utc();
        let start = self
            .audit
            .start
            .unwrap_or_else(|| week_start(self.day, self.config.week.first_day.0));
        self.audit.start = Some(start);
        let weeks: Vec<(NaiveDate, NaiveDate)> = (0..TREND_WEEKS as i64)
            .rev()
            .map(|back| {
                let first = start - Duration::days(7 * back);
                (first, first + Duration::days(6))
            })
            .collect();
        match crate::app::audit::audit_ranges(&self.store, &self.settings, zone, &weeks, now) {
            Ok(mut reports) => {
                self.audit.trend = weeks
                    .iter()
                    .zip(&reports)
                    .map(|((first, _), r)| (*first, r.leading_share))
                    .collect();
                self.audit.report = reports.pop();
                // The week shown this week: its direct reports' 1:1s too.
                let (from, to) = (start, start + Duration::days(6));
                match crate::app::coaching::audit_warnings(
                    &self.store,
                    &self.settings,
                    &self.config,
                    zone,
                    self.now(),
                    (from, to),
                ) {
                    Ok(warnings) => {
                        if let Some(r) = self.audit.report.as_mut() {
                            r.warnings.extend(warnings);
                        }
                    }
                    Err(e) => self.report(&e),
                }
            }
            Err(e) => {
                self.set_error(format!("{e:#}"));
                return;
            }
        }
        let n = self
            .audit
            .report
            .as_ref()
            .map_or(0, |r| unclassified_series(r).len());
        clamp_selection(&mut self.audit.list, n);
        let top = self.audit.report.as_ref().map_or(0, |r| r.top_series.len());
        clamp_selection(&mut self.audit.top, top);
        match self.store.list_calendars() {
            Ok(calendars) => self.audit.has_calendar = !calendars.is_empty(),
            Err(e) => self.report(&e),
        }
    }

    /// The series under the selection of the focused list, if it can be classified
    /// (blocks are leading time by definition).
    fn audit_target(&self) -> Option<Target> {
        let report = self.audit.report.as_ref()?;
        match self.audit.panel {
            AuditPanel::Unclassified => {
                let series = unclassified_series(report);
                let s = self.audit.list.selected().and_then(|i| series.get(i))?;
                Some(Target {
                    uid: s.uid.clone(),
                    title: s.title.clone(),
                })
            }
            AuditPanel::MostHours => {
                let s = self
                    .audit
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
    /// remembering what it had so `u` can undo it.
    fn classify_target(&mut self, category: Option<Category>) {
        let Some(target) = self.audit_target() else {
            self.set_status(strings::NOTHING_TO_CLASSIFY);
            return;
        };
        let before = match self.store.classifications_of(&target.uid) {
            Ok(before) => before,
            Err(e) => return self.report(&e),
        };
        let done = match category {
            Some(c) => self
                .store
                .set_classification(&target.uid, crate::store::SERIES, c)
                .map(|_| strings::classified(&target.title, strings::ALL_OCCURRENCES, c.as_str())),
            None => self
                .store
                .replace_classifications(&target.uid, &[])
                .map(|_| strings::back_to_rules(&target.title)),
        };
        match done {
            Ok(message) => {
                self.audit.undo.push(Undo {
                    uid: target.uid,
                    title: target.title,
                    before,
                });
                let undo = self.keys.key(Table::Audit, &Action::Undo);
                self.set_status(strings::with_undo(&message, &undo));
                self.reload_audit();
                self.reload_blocks();
            }
            Err(e) => self.report(&e),
        }
    }

    /// Puts back what the last classification made here replaced.
    fn undo_classification(&mut self) {
        let Some(undo) = self.audit.undo.pop() else {
            self.set_status(strings::NOTHING_TO_UNDO);
            return;
        };
        match self.store.replace_classifications(&undo.uid, &undo.before) {
            Ok(()) => {
                self.set_status(strings::undone(&undo.title));
                self.reload_audit();
                self.reload_blocks();
            }
            Err(e) => {
                self.report(&e);
                self.audit.undo.push(undo);
            }
        }
    }

    /// Applies an Audit screen action; false if `action` is not one.
    pub(super) fn apply_audit(&mut self, action: &Action) -> bool {
        match action {
            Action::PreviousWeek | Action::NextWeek => {
                let days = if *action == Action::NextWeek { 7 } else { -7 };
                self.audit.start = self.audit.start.map(|s| s + Duration::days(days));
                self.reload_audit();
            }
            Action::ThisWeek => {
                self.audit.start = None;
                self.reload_audit();
            }
            Action::CursorDown | Action::CursorUp => {
                let down = *action == Action::CursorDown;
                let report = self.audit.report.as_ref();
                match self.audit.panel {
                    AuditPanel::Unclassified => {
                        let n = report.map_or(0, |r| unclassified_series(r).len());
                        step_selection(&mut self.audit.list, n, down);
                    }
                    AuditPanel::MostHours => {
                        let n = report.map_or(0, |r| r.top_series.len());
                        step_selection(&mut self.audit.top, n, down);
                    }
                }
            }
            Action::CursorLeft | Action::CursorRight => {
                self.audit.panel = match self.audit.panel {
                    AuditPanel::Unclassified => AuditPanel::MostHours,
                    AuditPanel::MostHours => AuditPanel::Unclassified,
                };
            }
            Action::ClassifyAs(category) => self.classify_target(Some(*category)),
            Action::ReturnToRules => self.classify_target(None),
            Action::Undo => self.undo_classification(),
            _ => return false,
        }
        true
    }
}

/// Draws the Audit screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some(report) = &app.audit.report else {
        Paragraph::new(strings::AUDIT_LOADING).render(area, buf);
        return;
    };
    let compact = area.height < 30;
    let warning_lines = wrapped_rows(&warning_lines(app, report), area.width.saturating_sub(2));
    // The unclassified list takes the rows it needs; the trend and Most hours the rest.
    let unclassified_rows = (unclassified_series(report).len() as u16).max(1) + 2;
    // The split is what the screen is for: it keeps its rows however small the terminal
    // is, and the panels below share what is left.
    let [title, split, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [middle, warnings, unclassified] = Layout::vertical([
        Constraint::Min(if compact { 6 } else { 10 }),
        Constraint::Length((warning_lines + 2).min(if compact { 6 } else { 9 })),
        Constraint::Length(unclassified_rows.clamp(3, if compact { 12 } else { 16 })),
    ])
    .areas(rest);
    let from = NaiveDate::parse_from_str(&report.from, "%Y-%m-%d").unwrap_or_default();
    let heading = strings::week_title(
        from.iso_week().week(),
        &from.format("%-d %b").to_string(),
        &(from + Duration::days(6)).format("%-d %b %Y").to_string(),
    );
    let mut spans = vec![Span::styled(format!(" {heading}"), theme.accent)];
    spans.extend(super::ui::calendars_span(app));
    let hint = app.keys.hint(
        Table::Audit,
        &[Action::PreviousWeek, Action::NextWeek, Action::ThisWeek],
    );
    super::ui::heading_with_hint(Line::from(spans), &hint, title, theme.muted, buf);

    render_split(app, report, split, buf);
    let [trend, top] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(middle);
    render_trend(app, trend, buf);
    render_top(app, report, top, buf);
    render_warnings(app, report, warnings, buf);
    render_unclassified(app, report, unclassified, buf);
}

/// The keys that classify, for the focused list's bottom border.
fn classify_hint(app: &App) -> String {
    app.keys.hint(
        Table::Audit,
        &[
            Action::ClassifyAs(Category::Managing),
            Action::ClassifyAs(Category::Leading),
            Action::ClassifyAs(Category::Excluded),
            Action::ReturnToRules,
            Action::Undo,
            Action::CursorRight,
        ],
    )
}

fn block(title: &str, app: &App) -> Block<'static> {
    panel(title, "", &app.theme, false)
}

fn render_split(app: &App, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let outer = block(strings::AUDIT_SPLIT, app);
    let inner = outer.inner(area);
    outer.render(area, buf);
    let width = inner.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    match r.leading_share {
        Some(share) => {
            let leading_pct = hours::percent(share);
            let managing_pct = 100 - leading_pct;
            // The gauge: managing then leading, with the target marked.
            let managing_cells = ((1.0 - share) * width as f64).round() as usize;
            let target_at = (r.target.managing * width as f64).round() as usize;
            let mut spans = Vec::new();
            for i in 0..width {
                let (symbol, style) = if i == target_at {
                    ("│", theme.accent)
                } else if i < managing_cells {
                    ("█", theme.category(Category::Managing))
                } else {
                    ("░", theme.category(Category::Leading))
                };
                spans.push(Span::styled(symbol, style));
            }
            lines.push(Line::from(spans));
            lines.push(Line::from(vec![
                Span::styled(
                    strings::managing_percent(managing_pct),
                    theme.category(Category::Managing),
                ),
                Span::raw("  "),
                Span::styled(
                    strings::leading_percent(leading_pct),
                    theme.category(Category::Leading),
                ),
                Span::styled(
                    format!(
                        "   {} (│)",
                        strings::target(
                            hours::percent(r.target.managing),
                            hours::percent(r.target.leading)
                        )
                    ),
                    theme.muted,
                ),
            ]));
        }
        None => lines.push(Line::styled(strings::AUDIT_NO_HOURS, theme.muted)),
    }
    lines.push(Line::raw(strings::hours_line(
        &hours::fmt_hours(r.hours.managing),
        &hours::fmt_hours(r.hours.leading),
        &hours::fmt_hours(r.hours.unclassified),
        &hours::fmt_hours(r.hours.excluded),
    )));
    lines.push(Line::raw(format!(
        "{}: {}",
        strings::REVIEW_BLOCKS,
        strings::block_counts(&r.blocks)
    )));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1)))
        .render(inner, buf);
}

fn render_trend(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let outer = block(strings::AUDIT_TREND, app);
    let inner = outer.inner(area);
    outer.render(area, buf);
    if inner.height < 3 || inner.width < 12 {
        return;
    }
    // The value axis on the left: 100%, the target, 0%.
    let axis = 5u16;
    let rows = inner.height - 1;
    let plot = Rect {
        x: inner.x + axis,
        width: inner.width - axis,
        ..inner
    };
    let trend = &app.audit.trend;
    let col = (plot.width / TREND_WEEKS as u16).max(1);
    let target = app.audit.report.as_ref().map_or(0.4, |r| r.target.leading);
    let target_row = ((target * f64::from(rows)).round() as u16).min(rows);
    let row_y = |r: u16| inner.y + rows - 1 - r;
    buf.set_stringn(inner.x, inner.y, "100%", usize::from(axis), theme.muted);
    buf.set_stringn(inner.x, row_y(0), "0%", usize::from(axis), theme.muted);
    // The target's value where it has a row of its own.
    if target_row > 1 && target_row < rows {
        let label = format!("{}%", hours::percent(target));
        buf.set_stringn(
            inner.x,
            row_y(target_row - 1),
            label,
            usize::from(axis),
            theme.muted,
        );
    }
    // Week labels need three cells: on a narrow chart only every few weeks has one.
    let every = (3 / col.max(1) + usize::from(col < 3) as u16).max(1) as usize;
    for (i, (week, share)) in trend.iter().enumerate() {
        let x = plot.x + col * i as u16;
        if x + col > plot.right() {
            break;
        }
        let height = share.map_or(0, |s| ((s * f64::from(rows)).round() as u16).min(rows));
        for r in 0..rows {
            let filled = r < height;
            let on_target = r + 1 == target_row;
            let symbol = match (filled, on_target) {
                (true, _) => "█",
                (false, true) => "┄",
                (false, false) => " ",
            };
            let style = if filled {
                theme.category(Category::Leading)
            } else {
                theme.muted
            };
            // A bar leaves a gap after it when there is room; the target runs through
            // the gaps too, so it shows even where every bar reaches it.
            for dx in 0..col {
                let gap = col > 1 && dx == col - 1;
                match (gap, on_target) {
                    (false, _) => buf.set_string(x + dx, row_y(r), symbol, style),
                    (true, true) => buf.set_string(x + dx, row_y(r), "┄", theme.muted),
                    (true, false) => {}
                }
            }
        }
        let label = if share.is_none() {
            "·".to_string()
        } else {
            week.format("%d").to_string()
        };
        if (trend.len() - 1 - i).is_multiple_of(every) {
            let room = usize::from(plot.right() - x);
            buf.set_stringn(x, inner.y + rows, label, room.min(3), theme.muted);
        }
    }
}

fn render_top(app: &App, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let focused = app.audit.panel == AuditPanel::MostHours;
    let hint = if focused {
        classify_hint(app)
    } else {
        String::new()
    };
    let width = usize::from(area.width.saturating_sub(4));
    let outer = panel(strings::AUDIT_TOP, &fit_hint(&hint, width), theme, focused);
    if r.top_series.is_empty() {
        Paragraph::new(Line::styled(strings::AUDIT_NO_SERIES, theme.muted))
            .block(outer)
            .render(area, buf);
        return;
    }
    let items: Vec<ListItem> = r
        .top_series
        .iter()
        .map(|s| {
            ListItem::new(fit_line(
                Line::from(vec![
                    Span::raw(format!("{:>7} ", hours::fmt_hours(s.hours))),
                    Span::styled(
                        format!("{:<12}", s.category.as_str()),
                        theme.category(s.category),
                    ),
                    Span::raw(format!(" {}", s.title)),
                ]),
                width,
            ))
        })
        .collect();
    render_list(items, outer, app.audit.top, focused, theme, (area, buf));
}

/// The warnings: the split first, then the rebalance hint that answers it, then the rest.
fn warning_lines(app: &App, r: &AuditReport) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let warning = |w: &crate::audit::Warning| Line::styled(format!("! {}", w.message), theme.error);
    let (split, other): (Vec<_>, Vec<_>) = r
        .warnings
        .iter()
        .partition(|w| matches!(w.kind, "burnout" | "below_target"));
    let mut lines: Vec<Line<'static>> = split.into_iter().map(warning).collect();
    if let Some(hint) = &r.rebalance {
        lines.push(Line::from(vec![
            Span::styled("→ ", theme.accent),
            Span::raw(hint.clone()),
        ]));
    }
    lines.extend(other.into_iter().map(warning));
    if lines.is_empty() {
        lines.push(Line::styled(strings::AUDIT_ALL_WELL, theme.muted));
    }
    lines
}

/// Rows the lines need once wrapped at `width`.
fn wrapped_rows(lines: &[Line<'_>], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().div_ceil(width).max(1) as u16)
        .sum()
}

fn render_warnings(app: &App, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    Paragraph::new(warning_lines(app, r))
        .wrap(Wrap { trim: true })
        .block(block(strings::AUDIT_WARNINGS, app))
        .render(area, buf);
}

fn render_unclassified(app: &App, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let focused = app.audit.panel == AuditPanel::Unclassified;
    let hint = if focused {
        classify_hint(app)
    } else {
        String::new()
    };
    let width = usize::from(area.width.saturating_sub(4));
    let outer = panel(
        strings::AUDIT_UNCLASSIFIED,
        &fit_hint(&hint, width),
        theme,
        focused,
    );
    if r.unclassified.is_empty() {
        let message = if app.audit.has_calendar {
            strings::AUDIT_NONE_UNCLASSIFIED
        } else {
            strings::AUDIT_NO_CALENDAR
        };
        Paragraph::new(Line::styled(message, theme.muted))
            .wrap(Wrap { trim: true })
            .block(outer)
            .render(area, buf);
        return;
    }
    let zone = app.zone();
    let items: Vec<ListItem> = unclassified_series(r)
        .iter()
        .map(|u| {
            let start = chrono::DateTime::parse_from_rfc3339(&u.first)
                .map(|t| t.with_timezone(&zone).format("%a %H:%M").to_string())
                .unwrap_or_default();
            let times = if u.count > 1 {
                strings::times_this_week(u.count)
            } else {
                String::new()
            };
            ListItem::new(fit_line(
                Line::raw(format!(
                    "{start}  {:>6}  {}{times}",
                    hours::fmt_hours(u.hours),
                    u.title
                )),
                width,
            ))
        })
        .collect();
    render_list(items, outer, app.audit.list, focused, theme, (area, buf));
}
