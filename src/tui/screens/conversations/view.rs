//! How the Conversations screen looks: the grouped list and the preview, or the
//! conversation open for writing, or a form over the list.

use crate::tui::hits::Hit;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, List, ListItem, ListState, Padding, Paragraph, StatefulWidget, Widget, Wrap,
};

use super::state::{ConversationsState, ConvoEditor, Editing, TextField};
use crate::domain::conversation::{Conversation, FollowUp, Group};
use crate::domain::{dates, words};
use crate::tui::action::Action;
use crate::tui::context::View;
use crate::tui::keymap::Table;
use crate::tui::strings;
use crate::tui::text::{fit_line, wrap};
use crate::tui::ui::{self, panel};

fn when(c: &Conversation, zone: chrono_tz::Tz, today: chrono::NaiveDate) -> String {
    c.when()
        .map(|t| ui::time_label(t.to_utc(), zone, today))
        .unwrap_or_else(|| strings::NO_DATE.into())
}

/// Draws the Conversations screen, and its form over it when one is open.
pub fn render(state: &ConversationsState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    match &state.editing {
        Editing::Writing(open) => render_editor(open, view, area, buf),
        Editing::Nothing => render_list(state, view, area, buf),
        Editing::New(form) => {
            render_list(state, view, area, buf);
            form.render(area, buf, view.theme, &ui::form_hint(view.keys));
        }
        Editing::FollowUp { form, .. } => {
            render_list(state, view, area, buf);
            form.render(area, buf, view.theme, &ui::form_hint(view.keys));
        }
    }
}

fn render_list(state: &ConversationsState, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let zone = view.zone;
    let today = view.today;
    let now = view.now;
    let actions = [
        Action::NewConversation,
        Action::OpenConversation,
        Action::MarkHeld,
        Action::SetFollowUp,
        Action::MarkFollowedUp,
        Action::CloseConversation,
        Action::CancelConversation,
    ];
    let hint = view.keys.hint(Table::Conversations, &actions);
    let hint = crate::tui::text::fit_hint(&hint, usize::from(area.width.saturating_sub(24)));
    let outer = panel(strings::CONVERSATIONS_TITLE, &hint, theme, true);
    if state.list.is_empty() {
        Paragraph::new(Line::styled(
            strings::no_conversations(
                &view
                    .keys
                    .key(Table::Conversations, &Action::NewConversation),
            ),
            theme.muted,
        ))
        .wrap(Wrap { trim: true })
        .block(outer)
        .render(area, buf);
        return;
    }
    // The list takes the rows it needs (at most half the screen); the preview the rest.
    let wanted = state.list.len() as u16 + 2;
    let list_height = wanted.min((area.height / 2).max(5)).min(area.height);
    let [list_area, detail] =
        Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
    let width = usize::from(list_area.width.saturating_sub(3));
    let mut previous: Option<Group> = None;
    // The column is as wide as its longest date: a year appears only on other years'.
    let whens: Vec<String> = state.list.iter().map(|c| when(c, zone, today)).collect();
    let when_width = whens.iter().map(|w| w.chars().count()).max().unwrap_or(0) + 2;
    let items: Vec<ListItem> = state
        .list
        .iter()
        .zip(&whens)
        .map(|(c, when)| {
            let group = c.group(now);
            let heading = if previous == Some(group) {
                String::new()
            } else {
                group.title().to_string()
            };
            previous = Some(group);
            let follow_up = c.follow_up(today);
            let style = match follow_up {
                FollowUp::Due => theme.accent,
                FollowUp::Overdue(_) => theme.error,
                _ => theme.muted,
            };
            let follow = match words::follow_up(follow_up) {
                Some(phrase) => Span::styled(format!(" · {phrase}"), style),
                None => Span::raw(""),
            };
            let stay = if c.stay_interview {
                Span::styled(format!(" · {}", strings::STAY_INTERVIEW), theme.accent)
            } else {
                Span::raw("")
            };
            ListItem::new(fit_line(
                Line::from(vec![
                    Span::styled(format!("{heading:<17}"), theme.accent),
                    Span::styled(format!("{when:<when_width$}"), theme.muted),
                    Span::raw(format!("{} · {}", c.person, c.topic)),
                    stay,
                    follow,
                ]),
                width,
            ))
        })
        .collect();
    ui::render_list_in(
        items,
        outer,
        state.selection,
        true,
        theme,
        Some(view.hits),
        (list_area, buf),
    );
    if let Some(c) = state.selected() {
        render_preview(state, view, c, detail, buf);
    }
}

/// The selected conversation in full: every field written, wrapped, scrolling.
fn render_preview(
    state: &ConversationsState,
    view: &View<'_>,
    c: &Conversation,
    area: Rect,
    buf: &mut Buffer,
) {
    view.hits.add(area, Hit::Preview);
    let theme = view.theme;
    let zone = view.zone;
    let width = usize::from(area.width.saturating_sub(4)).max(1);
    let mut c = c.clone();
    let mut lines = vec![Line::from(vec![
        Span::styled(
            strings::conversation_title(&c.topic, &c.person),
            theme.accent,
        ),
        Span::styled(
            format!(" · {} · {}", when(&c, zone, view.today), c.status.label()),
            theme.muted,
        ),
    ])];
    if c.stay_interview {
        lines.push(Line::styled(strings::STAY_INTERVIEW_NOTE, theme.muted));
    }
    if let Some(clash) = &state.clash {
        lines.push(Line::styled(strings::clashes_with(clash), theme.error));
    }
    if let Some(on) = c.followup_on {
        lines.push(Line::styled(
            strings::follow_up_on(&on.format(dates::DAY_YEAR).to_string()),
            theme.muted,
        ));
    }
    let mut any = false;
    for (label, value) in c.text_fields_mut() {
        if value.trim().is_empty() {
            continue;
        }
        any = true;
        lines.push(Line::raw(""));
        lines.push(Line::styled(label, theme.accent));
        lines.extend(wrap(value, width).into_iter().map(Line::raw));
    }
    if !any {
        let open = view
            .keys
            .key(Table::Conversations, &Action::OpenConversation);
        lines.push(Line::styled(
            strings::convo_not_prepared(&open),
            theme.muted,
        ));
    }
    let visible = usize::from(area.height.saturating_sub(2));
    let scroll = usize::from(state.preview_scroll).min(lines.len().saturating_sub(visible));
    let hint = if lines.len() > visible {
        view.keys.hint(
            Table::Conversations,
            &[Action::ScrollPreviewDown, Action::ScrollPreviewUp],
        )
    } else {
        String::new()
    };
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .block(panel(strings::PREVIEW_TITLE, &hint, theme, false).padding(Padding::horizontal(1)))
        .render(area, buf);
}

fn render_editor(open: &ConvoEditor, view: &View<'_>, area: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let c = &open.conversation;
    let editor = &open.editor;
    let stay = c.stay_interview;
    // The list of fields gives the text at least two thirds of a narrow screen.
    let fields_width = (area.width / 3).clamp(18, 36);
    let [fields_area, text_area] =
        Layout::horizontal([Constraint::Length(fields_width), Constraint::Fill(1)]).areas(area);
    let label_width = usize::from(fields_width.saturating_sub(5));
    let labels: Vec<ListItem> = (0..editor.field_count())
        .map(|i| {
            let mark = if editor.is_filled(i) { "• " } else { "  " };
            ListItem::new(crate::tui::text::ellipsize(
                &format!("{mark}{}", TextField::at(i).label(stay)),
                label_width,
            ))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(editor.focus()));
    let title = if stay {
        format!(" {} · {} ", c.person, strings::STAY_INTERVIEW)
    } else {
        format!(" {} ", c.person)
    };
    let list = List::new(labels)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.muted)
                .title(Span::styled(title, theme.accent)),
        )
        .highlight_style(theme.selection)
        .highlight_symbol("▌");
    StatefulWidget::render(list, fields_area, buf, &mut state);
    let saved = editor
        .saved_at
        .map(|t| {
            format!(
                " {} ",
                strings::saved_at(&t.format(dates::CLOCK_SECONDS).to_string())
            )
        })
        .unwrap_or_default();
    let focus = open.focus();
    let part = focus.part();
    let keys = view
        .keys
        .hint(Table::Conversation, &[Action::NextField, Action::Back]);
    let title = focus.label(stay);
    let right = format!(" {part} · {keys} ");
    let mut block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.accent)
        .title(Span::styled(format!(" {title} "), theme.accent))
        .title_bottom(Line::styled(saved, theme.muted).right_aligned());
    // The keys yield to the field's name when the pane is narrow.
    if title.chars().count() + right.chars().count() + 6 <= usize::from(text_area.width) {
        block = block.title(Line::styled(right, theme.muted).right_aligned());
    }
    let inner = block.inner(text_area);
    block.render(text_area, buf);
    // The field's hint, always in view, above the text.
    let [hint_row, text] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    fit_line(
        Line::styled(focus.hint(stay), theme.muted),
        usize::from(hint_row.width),
    )
    .render(hint_row, buf);
    editor.render(text, buf);
}
