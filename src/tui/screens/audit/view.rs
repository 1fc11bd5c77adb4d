//! How the Audit screen looks: the week's split against the target, the trend, the
//! series with the most hours, the warnings and the unclassified series.

use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, ListItem, Paragraph, Widget, Wrap};

use super::state::{AuditPanel, AuditState, TREND_WEEKS, unclassified_series};
use crate::audit::AuditReport;
use crate::domain::event::Category;
use crate::domain::{dates, hours};
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::{fit_hint, fit_line};
use crate::tui::ui::{self, panel, render_list};

/// Draws the Audit screen.
pub fn render(state: &AuditState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let Some(report) = &state.report else {
        Paragraph::new(strings::AUDIT_LOADING).render(area, buf);
        return;
    };
    let compact = area.height < 30;
    let warning_lines = wrapped_rows(&warning_lines(view, report), area.width.saturating_sub(2));
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
    let from = NaiveDate::parse_from_str(&report.from, dates::TYPED_DAY).unwrap_or_default();
    let heading = strings::week_title(
        from.iso_week().week(),
        &from.format(dates::DATE).to_string(),
        &(from + Duration::days(6))
            .format(dates::DATE_YEAR)
            .to_string(),
    );
    let mut spans = vec![Span::styled(format!(" {heading}"), theme.accent)];
    spans.extend(ui::calendars_span_in(view));
    let hint = view.keys.hint(
        Table::Audit,
        &[Action::PreviousWeek, Action::NextWeek, Action::ThisWeek],
    );
    ui::heading_with_hint(Line::from(spans), &hint, title, theme.muted, buf);

    render_split(view, report, split, buf);
    let [trend, top] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(middle);
    render_trend(state, view, trend, buf);
    render_top(state, view, report, top, buf);
    render_warnings(view, report, warnings, buf);
    render_unclassified(state, view, report, unclassified, buf);
}

/// The keys that classify, for the focused list's bottom border.
fn classify_hint(view: &View<'_>) -> String {
    view.keys.hint(
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

fn block(title: &str, view: &View<'_>) -> Block<'static> {
    panel(title, "", view.theme, false)
}

fn render_split(view: &View<'_>, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let outer = block(strings::AUDIT_SPLIT, view);
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

fn render_trend(state: &AuditState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let outer = block(strings::AUDIT_TREND, view);
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
    let trend = &state.trend;
    let col = (plot.width / TREND_WEEKS as u16).max(1);
    let target = state.report.as_ref().map_or(0.4, |r| r.target.leading);
    // At least the row above 0% (a short chart rounds a 40% target down onto the 0% row);
    // none at all on a chart of two rows, whose rows are 0% and 100%.
    let target_row = if rows >= 3 {
        ((target * f64::from(rows)).round() as u16).clamp(2, rows)
    } else {
        0
    };
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
            week.format(dates::DAY_OF_MONTH).to_string()
        };
        if (trend.len() - 1 - i).is_multiple_of(every) {
            let room = usize::from(plot.right() - x);
            buf.set_stringn(x, inner.y + rows, label, room.min(3), theme.muted);
        }
    }
}

fn render_top(state: &AuditState, view: &View<'_>, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let focused = state.panel == AuditPanel::MostHours;
    let hint = if focused {
        classify_hint(view)
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
    render_list(items, outer, state.top, focused, theme, (area, buf));
}

/// The warnings: the split first, then the rebalance hint that answers it, then the rest.
fn warning_lines(view: &View<'_>, r: &AuditReport) -> Vec<Line<'static>> {
    let theme = view.theme;
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

fn render_warnings(view: &View<'_>, r: &AuditReport, area: Rect, buf: &mut Buffer) {
    Paragraph::new(warning_lines(view, r))
        .wrap(Wrap { trim: true })
        .block(block(strings::AUDIT_WARNINGS, view))
        .render(area, buf);
}

fn render_unclassified(
    state: &AuditState,
    view: &View<'_>,
    r: &AuditReport,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = view.theme;
    let focused = state.panel == AuditPanel::Unclassified;
    let hint = if focused {
        classify_hint(view)
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
        let message = if state.has_calendar {
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
    let zone = view.zone;
    let items: Vec<ListItem> = unclassified_series(r)
        .iter()
        .map(|u| {
            let start = chrono::DateTime::parse_from_rfc3339(&u.first)
                .map(|t| {
                    t.with_timezone(&zone)
                        .format(dates::WEEKDAY_CLOCK)
                        .to_string()
                })
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
    render_list(items, outer, state.list, focused, theme, (area, buf));
}
