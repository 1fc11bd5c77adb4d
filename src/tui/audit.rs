//! The Audit screen: the week's managing/leading split against the target, the 12-week
//! trend, the series that take the most hours, warnings, and the unclassified events,
//! each classifiable with one key.

use crate::domain::hours;
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap};

use super::action::Action;
use super::app::App;
use super::strings;
use super::ui::{clamp_selection, panel, step_selection};
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
            .unwrap_or_else(|| week_start(self.today.day, self.config.week.first_day.0));
        self.audit.start = Some(start);
        let weeks: Vec<(NaiveDate, NaiveDate)> = (0..TREND_WEEKS as i64)
            .rev()
            .map(|back| {
                let first = start - Duration::days(7 * back);
                (first, first + Duration::days(6))
            })
            .collect();
        match crate::service::audit_ranges(&self.store, &self.settings, zone, &weeks, now) {
            Ok(mut reports) => {
                self.audit.trend = weeks
                    .iter()
                    .zip(&reports)
                    .map(|((first, _), r)| (*first, r.leading_share))
                    .collect();
                self.audit.report = reports.pop();
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
                let n = self
                    .audit
                    .report
                    .as_ref()
                    .map_or(0, |r| unclassified_series(r).len());
                step_selection(&mut self.audit.list, n, *action == Action::CursorDown);
            }
            Action::ClassifyAs(category) => {
                let series = self
                    .audit
                    .report
                    .as_ref()
                    .map(unclassified_series)
                    .unwrap_or_default();
                let Some(item) = self
                    .audit
                    .list
                    .selected()
                    .and_then(|i| series.get(i))
                    .cloned()
                else {
                    self.set_status(strings::NOTHING_TO_CLASSIFY.to_string());
                    return true;
                };
                match self
                    .store
                    .set_classification(&item.uid, crate::store::SERIES, *category)
                {
                    Ok(()) => {
                        self.set_status(strings::classified(
                            &item.title,
                            strings::ALL_OCCURRENCES,
                            category.as_str(),
                        ));
                        self.reload_audit();
                        self.reload_blocks();
                    }
                    Err(e) => self.set_error(crate::describe(&e)),
                }
            }
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
    let [title, split, middle, warnings, unclassified] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Length(if compact { 6 } else { 10 }),
        Constraint::Length((warning_lines + 2).min(if compact { 6 } else { 9 })),
        Constraint::Fill(1),
    ])
    .areas(area);
    let from = NaiveDate::parse_from_str(&report.from, "%Y-%m-%d").unwrap_or_default();
    Line::from(vec![Span::styled(
        format!(
            " Week {} · {} – {}",
            from.iso_week().week(),
            from.format("%-d %b"),
            (from + Duration::days(6)).format("%-d %b %Y")
        ),
        theme.accent,
    )])
    .render(title, buf);
    Line::styled("[ ] week · t this week ", theme.muted)
        .alignment(Alignment::Right)
        .render(title, buf);

    render_split(app, report, split, buf);
    let [trend, top] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(middle);
    render_trend(app, trend, buf);
    render_top(app, report, top, buf);
    render_warnings(app, report, warnings, buf);
    render_unclassified(app, report, unclassified, buf);
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
                    format!("managing {managing_pct}%"),
                    theme.category(Category::Managing),
                ),
                Span::raw("  "),
                Span::styled(
                    format!("leading {leading_pct}%"),
                    theme.category(Category::Leading),
                ),
                Span::styled(
                    format!(
                        "   target {}/{} (│)",
                        hours::percent(r.target.managing),
                        hours::percent(r.target.leading)
                    ),
                    theme.muted,
                ),
            ]));
        }
        None => lines.push(Line::styled(strings::AUDIT_NO_HOURS, theme.muted)),
    }
    lines.push(Line::raw(format!(
        "{} managing · {} leading · {} unclassified · {} not work",
        hours::fmt_hours(r.hours.managing),
        hours::fmt_hours(r.hours.leading),
        hours::fmt_hours(r.hours.unclassified),
        hours::fmt_hours(r.hours.excluded)
    )));
    lines.push(Line::raw(format!(
        "Leadership blocks: {} planned · {} kept · {} skipped · {} invaded",
        r.blocks.planned, r.blocks.kept, r.blocks.skipped, r.blocks.invaded
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
    if inner.height < 2 || inner.width < 4 {
        return;
    }
    let rows = inner.height - 1;
    let trend = &app.audit.trend;
    let col = (inner.width / TREND_WEEKS as u16).max(1);
    let target = app.audit.report.as_ref().map_or(0.4, |r| r.target.leading);
    let target_row = ((target * f64::from(rows)).round() as u16).min(rows);
    for (i, (week, share)) in trend.iter().enumerate() {
        let x = inner.x + col * i as u16;
        if x + col > inner.right() {
            break;
        }
        let height = share.map_or(0, |s| ((s * f64::from(rows)).round() as u16).min(rows));
        for r in 0..rows {
            let y = inner.y + rows - 1 - r;
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
            for dx in 0..col.saturating_sub(1).max(1) {
                buf.set_string(x + dx, y, symbol, style);
            }
        }
        let label = if share.is_none() {
            "·".to_string()
        } else {
            week.format("%d").to_string()
        };
        buf.set_stringn(x, inner.y + rows, label, col as usize, theme.muted);
    }
}

fn render_top(app: &App, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lines: Vec<Line> = if r.top_series.is_empty() {
        vec![Line::styled(strings::AUDIT_NO_SERIES, theme.muted)]
    } else {
        r.top_series
            .iter()
            .map(|s| {
                Line::from(vec![
                    Span::raw(format!("{:>7} ", hours::fmt_hours(s.hours))),
                    Span::styled(
                        format!("{:<12}", s.category.as_str()),
                        theme.category(s.category),
                    ),
                    Span::raw(format!(" {}", s.title)),
                ])
            })
            .collect()
    };
    Paragraph::new(lines)
        .block(block(strings::AUDIT_TOP, app))
        .render(area, buf);
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
    let outer = block(strings::AUDIT_UNCLASSIFIED, app).title_bottom(
        Line::styled(
            " m managing · l leading · x not work (whole series) ",
            theme.muted,
        )
        .right_aligned(),
    );
    if r.unclassified.is_empty() {
        Paragraph::new(Line::styled(strings::AUDIT_NONE_UNCLASSIFIED, theme.muted))
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
                format!(" ({}× this week)", u.count)
            } else {
                String::new()
            };
            ListItem::new(format!(
                "{start}  {:>6}  {}{times}",
                hours::fmt_hours(u.hours),
                u.title
            ))
        })
        .collect();
    let mut state = app.audit.list;
    StatefulWidget::render(
        List::new(items)
            .block(outer)
            .highlight_style(theme.selection)
            .highlight_symbol("▌ "),
        area,
        buf,
        &mut state,
    );
}
