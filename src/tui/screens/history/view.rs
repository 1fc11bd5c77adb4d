//! How the History screen looks: the list (with the search line), the heatmap of
//! journaling days with the streak, and the preview or the entry open in place; a form
//! or the "delete this?" question over them.

use crate::tui::hits::Hit;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, ListItem, Paragraph, Widget, Wrap};

use super::state::{Editing, HEAT_WEEKS, HistoryState, SEARCH_LIMIT};
use crate::app::search::{MATCH_END, MATCH_START};
use crate::domain::EntryKind;
use crate::domain::dates;
use crate::domain::history::{ItemId, ItemKind, match_ranges};
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::{ellipsize, fit_hint, fit_line};
use crate::tui::theme::Theme;
use crate::tui::ui::{self, panel};

/// Draws the History screen into `area`.
pub fn render(state: &HistoryState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let wide = area.width >= 100;
    let [list, side] = Layout::horizontal([
        Constraint::Percentage(if wide { 50 } else { 58 }),
        Constraint::Fill(1),
    ])
    .areas(area);
    // The heatmap needs 10 rows (months, seven days, borders); below that the preview
    // has the column to itself.
    let heat_height = if area.height >= 20 { 10 } else { 0 };
    let [heat, preview] =
        Layout::vertical([Constraint::Length(heat_height), Constraint::Fill(1)]).areas(side);
    render_list(state, view, list, buf);
    if heat_height > 0 {
        render_heatmap(state, view, heat, buf);
    }
    render_preview(state, view, preview, buf);
    render_editing(state, view, area, buf);
}

/// The kind in a list row: a short word, or one letter when the list is narrow.
fn kind_word(kind: ItemKind, narrow: bool) -> &'static str {
    match (kind, narrow) {
        (ItemKind::Entry(EntryKind::Reflection), false) => "refl  ",
        (ItemKind::Entry(EntryKind::Note), false) => "note  ",
        (ItemKind::Entry(EntryKind::Review), false) => "review",
        (ItemKind::Conversation, false) => "convo ",
        (ItemKind::Entry(EntryKind::Reflection), true) => "r",
        (ItemKind::Entry(EntryKind::Note), true) => "n",
        (ItemKind::Entry(EntryKind::Review), true) => "w",
        (ItemKind::Conversation, true) => "c",
    }
}

/// The active narrowing, in words, for the list's title.
fn filter_words(h: &HistoryState) -> String {
    let f = &h.filter;
    let mut words = Vec::new();
    if h.on_this_day {
        words.push(strings::ON_THIS_DAY.to_string());
    }
    if let Some(t) = &f.tag {
        words.push(format!("#{t}"));
    }
    if let Some(p) = &f.person {
        words.push(format!("@{p}"));
    }
    if let Some(k) = f.kind {
        words.push(k.as_str().to_string());
    }
    match (f.from, f.to) {
        (Some(a), Some(b)) => words.push(format!("{a}…{b}")),
        (Some(a), None) => words.push(strings::from_day(&a.to_string())),
        (None, Some(b)) => words.push(format!("to {b}")),
        (None, None) => {}
    }
    words.join(" ")
}

fn render_list(h: &HistoryState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let count = if h.searching() {
        strings::matches(h.total, h.total as usize >= SEARCH_LIMIT)
    } else {
        strings::items(h.total)
    };
    let narrowed = filter_words(h);
    let title = if narrowed.is_empty() {
        format!("{} · {count}", strings::HISTORY_TITLE)
    } else {
        format!("{} · {count} · {narrowed}", strings::HISTORY_TITLE)
    };
    let focused = h.entry_editor().is_none();
    let hint = view.keys.hint(
        Table::History,
        &[
            Action::StartSearch,
            Action::OpenFilter,
            Action::ToggleOnThisDay,
            Action::GoToDate,
        ],
    );
    let title = ellipsize(&title, usize::from(area.width.saturating_sub(4)));
    let hint = fit_hint(
        &hint,
        usize::from(area.width.saturating_sub(title.chars().count() as u16 + 8)),
    );
    let block = panel(&title, &hint, theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    let (search_area, list_area) = if h.search.is_some() {
        let [s, l] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        (Some(s), l)
    } else {
        (None, inner)
    };
    if let (Some(search), Some(a)) = (&h.search, search_area) {
        let mut spans = vec![
            Span::styled("/ ", theme.accent),
            Span::raw(search.query.as_str()),
        ];
        if h.typing() {
            spans.push(Span::styled(" ", theme.cursor));
        } else {
            let keys = view
                .keys
                .hint(Table::History, &[Action::StartSearch, Action::Back]);
            spans.push(Span::styled(format!("  {keys}"), theme.muted));
        }
        Line::from(spans).render(a, buf);
    }
    if h.rows.is_empty() {
        let message = if h.searching() {
            strings::NO_MATCHES.to_string()
        } else if h.filter.is_empty() {
            strings::HISTORY_EMPTY.to_string()
        } else {
            strings::nothing_filtered(&view.keys.key(Table::History, &Action::ClearFilters))
        };
        Paragraph::new(Span::styled(message, theme.muted))
            .wrap(Wrap { trim: true })
            .render(list_area, buf);
        return;
    }
    let width = list_area.width.saturating_sub(2) as usize;
    let narrow = width < 60;
    let items: Vec<ListItem> = h
        .rows
        .iter()
        .map(|r| {
            let mut head = vec![
                Span::styled(
                    format!("{} ", r.day.format(dates::COLUMN_DATE)),
                    theme.accent,
                ),
                Span::styled(format!("{} ", kind_word(r.kind, narrow)), theme.muted),
            ];
            head.extend(marked_line(&r.title, &h.terms, theme).spans);
            let mut lines = vec![fit_line(Line::from(head), width)];
            // The passage that matched, unless the title already shows all of it.
            if let Some(snippet) = &r.snippet {
                let plain: String = snippet
                    .chars()
                    .filter(|c| !matches!(*c, MATCH_START | MATCH_END))
                    .collect();
                if plain.trim_matches('…').trim() != r.title {
                    lines.push(snippet_line(snippet, width, theme));
                }
            }
            ListItem::new(Text::from(lines))
        })
        .collect();
    ui::render_list_in(
        items,
        Block::new(),
        h.selection,
        true,
        theme,
        Some(view.hits),
        (list_area, buf),
    );
}

/// A search snippet on one line, its matches highlighted, indented under the row.
fn snippet_line(snippet: &str, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw("  ")];
    let mut used = 2;
    let mut on = false;
    for piece in snippet.split_inclusive([MATCH_START, MATCH_END]) {
        let (text, marker) = match piece.chars().last() {
            Some(c @ (MATCH_START | MATCH_END)) => (&piece[..piece.len() - c.len_utf8()], Some(c)),
            _ => (piece, None),
        };
        let room = width.saturating_sub(used);
        let text: String = text.chars().take(room).collect();
        used += text.chars().count();
        let style = if on {
            theme.accent.underlined()
        } else {
            theme.muted
        };
        spans.push(Span::styled(text, style));
        if let Some(m) = marker {
            on = m == MATCH_START;
        }
    }
    Line::from(spans)
}

fn render_heatmap(h: &HistoryState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let today = view.today;
    let first_weekday = h.first_day.unwrap_or(Weekday::Mon);
    let inner_width = area.width.saturating_sub(2 + 2) as i64;
    let weeks = (inner_width / 2).clamp(1, HEAT_WEEKS);
    let this_week = crate::domain::week::week_start(today, first_weekday);
    let start = this_week - Duration::weeks(weeks - 1);
    let count_on = |d: NaiveDate| -> u32 {
        h.heat
            .binary_search_by_key(&d, |(day, _)| *day)
            .map_or(0, |i| h.heat[i].1)
    };
    let days_written = h.heat.iter().filter(|(d, _)| *d >= start).count();
    let mut title = strings::heatmap_title(h.streak, Some(days_written));
    if title.chars().count() + 4 > usize::from(area.width) {
        title = strings::heatmap_title(h.streak, None);
    }
    let block = panel(&title, "", theme, false);
    let inner = block.inner(area);
    block.render(area, buf);
    // Month names over the week in which each month starts.
    let mut months = String::from("  ");
    for week in 0..weeks {
        let monday = start + Duration::weeks(week);
        let starts = (0..7)
            .map(|d| monday + Duration::days(d))
            .find(|d| d.day() == 1);
        let column = 2 + 2 * week as usize;
        // A name that would be cut at the edge ("De") is left out.
        match starts {
            Some(first)
                if months.chars().count() <= column && column + 3 <= usize::from(inner.width) =>
            {
                while months.chars().count() < column {
                    months.push(' ');
                }
                months.push_str(&first.format(dates::MONTH).to_string());
            }
            _ => {}
        }
    }
    let mut lines = vec![Line::styled(months, theme.muted)];
    for row in 0..7i64 {
        let weekday_day = start + Duration::days(row);
        let label = weekday_day.format(dates::WEEKDAY).to_string();
        let mut spans = vec![Span::styled(
            format!("{} ", label.chars().next().unwrap_or(' ')),
            theme.muted,
        )];
        for week in 0..weeks {
            let day = start + Duration::weeks(week) + Duration::days(row);
            let (glyph, style): (&str, Style) = if day > today {
                ("  ", Style::default())
            } else {
                match count_on(day) {
                    0 => ("· ", theme.muted),
                    1 => ("▪ ", theme.accent),
                    _ => ("■ ", theme.accent),
                }
            };
            let style = if day == today {
                style.underlined()
            } else {
                style
            };
            spans.push(Span::styled(glyph, style));
        }
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).render(inner, buf);
}

fn render_preview(h: &HistoryState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    if let Some(edit) = h.entry_editor() {
        let saved = edit
            .editor
            .saved_at
            .map(|t| strings::saved_at(&t.format(dates::CLOCK_SECONDS).to_string()))
            .unwrap_or_default();
        let keys = view.keys.hint(Table::Entry, &[Action::Save, Action::Back]);
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(theme.accent)
            .title(Span::styled(
                format!(" {} ", strings::EDITING_ENTRY),
                theme.accent,
            ))
            .title(Line::styled(format!(" {keys} "), theme.muted).right_aligned())
            .title_bottom(Line::styled(format!(" {saved} "), theme.muted).right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        edit.editor.render(inner, buf);
        return;
    }
    view.hits.add(area, Hit::Preview);
    let Some(p) = &h.preview else {
        panel(strings::PREVIEW_TITLE, "", theme, false).render(area, buf);
        return;
    };
    let actions: &[Action] = match p.id {
        ItemId::Entry(_) => &[Action::OpenItem, Action::OpenExternalEditor],
        ItemId::Conversation(_) => &[Action::OpenItem],
    };
    let hint = view.keys.hint(Table::History, actions);
    let width = usize::from(area.width.saturating_sub(4));
    let mut lines = vec![
        fit_line(Line::styled(p.heading.clone(), theme.muted), width),
        Line::raw(""),
    ];
    for line in p.body.lines() {
        lines.push(marked_line(line, &h.terms, theme));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((h.preview_scroll, 0))
        .block(
            panel(strings::PREVIEW_TITLE, &hint, theme, false)
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// A line of text with the search's words highlighted.
fn marked_line(line: &str, terms: &[(String, bool)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut at = 0;
    for r in match_ranges(line, terms) {
        if r.start > at {
            spans.push(Span::raw(line[at..r.start].to_string()));
        }
        spans.push(Span::styled(
            line[r.clone()].to_string(),
            theme.accent.underlined(),
        ));
        at = r.end;
    }
    if at < line.len() {
        spans.push(Span::raw(line[at..].to_string()));
    }
    Line::from(spans)
}

/// What is open over the list: a form, or the "delete this?" question.
fn render_editing(h: &HistoryState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    match &h.editing {
        Editing::Filter(form) => form.render(area, buf, view.theme, &ui::form_hint(view.keys)),
        Editing::GoToDate(form) => form.render(area, buf, view.theme, &ui::form_hint(view.keys)),
        Editing::ConfirmDelete(id) => {
            let keys = view
                .keys
                .hint(Table::Confirm, &[Action::Confirm, Action::CloseOverlay]);
            ui::render_question_in(view.theme, area, buf, &delete_question(h, *id), &keys);
        }
        Editing::Nothing | Editing::Searching | Editing::Entry(_) => {}
    }
}

/// The question asked before deleting row `id`.
fn delete_question(h: &HistoryState, id: ItemId) -> String {
    match h.rows.iter().find(|r| r.id == id) {
        Some(r) => {
            let kind = match r.kind {
                ItemKind::Entry(k) => k.label(),
                ItemKind::Conversation => strings::CONVERSATION,
            };
            strings::delete_item(kind, &r.day.format(dates::DAY_YEAR).to_string())
        }
        None => strings::delete_item(strings::ITEM, "?"),
    }
}
