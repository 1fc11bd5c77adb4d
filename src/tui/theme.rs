//! Styles, from the configured colours, or modifiers only when `NO_COLOR` is set.

use ratatui::style::{Color, Modifier, Style};

use crate::config::Colors;

/// The styles every screen draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Titles, the selected tab, focused borders.
    pub accent: Style,
    /// Secondary text: times, hints, unfocused borders.
    pub muted: Style,
    /// The selected list item.
    pub selection: Style,
    /// Error messages.
    pub error: Style,
    /// `#tags`.
    pub tag: Style,
    /// `@people`.
    pub person: Style,
    /// The mode badge in the status line.
    pub badge: Style,
    /// The editor's cursor.
    pub cursor: Style,
    /// A block on the week calendar.
    pub block: Style,
    /// The selected block, on top of its own style.
    pub block_selected: Style,
    /// A skipped block.
    pub skipped: Style,
    /// Imported events by category: managing, leading, excluded, unclassified.
    pub categories: [Style; 4],
}

impl Theme {
    /// The style of an imported event of `category`.
    pub fn category(&self, category: crate::domain::event::Category) -> Style {
        use crate::domain::event::Category;
        match category {
            Category::Managing => self.categories[0],
            Category::Leading => self.categories[1],
            Category::Excluded => self.categories[2],
            Category::Unclassified => self.categories[3],
        }
    }
}

impl Theme {
    /// The theme for the configured colours; with `no_color`, only bold, dim, underline
    /// and reverse are used.
    pub fn new(colors: &Colors, no_color: bool) -> Theme {
        if no_color {
            return Theme {
                accent: Style::new().add_modifier(Modifier::BOLD),
                muted: Style::new().add_modifier(Modifier::DIM),
                selection: Style::new().add_modifier(Modifier::REVERSED),
                error: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                tag: Style::new().add_modifier(Modifier::UNDERLINED),
                person: Style::new().add_modifier(Modifier::BOLD),
                badge: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                cursor: Style::new().add_modifier(Modifier::REVERSED),
                block: Style::new().add_modifier(Modifier::REVERSED),
                block_selected: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                skipped: Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
                categories: [
                    Style::new().add_modifier(Modifier::UNDERLINED),
                    Style::new().add_modifier(Modifier::BOLD),
                    Style::new().add_modifier(Modifier::DIM),
                    Style::new().add_modifier(Modifier::ITALIC),
                ],
            };
        }
        Theme {
            accent: Style::new()
                .fg(colors.accent.0)
                .add_modifier(Modifier::BOLD),
            muted: Style::new().fg(colors.muted.0),
            selection: Style::new()
                .bg(colors.selection.0)
                .add_modifier(Modifier::BOLD),
            error: Style::new().fg(colors.error.0).add_modifier(Modifier::BOLD),
            tag: Style::new().fg(colors.tag.0),
            person: Style::new().fg(colors.person.0),
            badge: Style::new()
                .fg(Color::Black)
                .bg(colors.accent.0)
                .add_modifier(Modifier::BOLD),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            block: Style::new().fg(Color::Black).bg(colors.block.0),
            block_selected: Style::new()
                .fg(Color::Black)
                .bg(colors.accent.0)
                .add_modifier(Modifier::BOLD),
            skipped: Style::new()
                .fg(colors.muted.0)
                .add_modifier(Modifier::CROSSED_OUT),
            categories: [
                Style::new().fg(Color::Black).bg(colors.managing.0),
                Style::new().fg(Color::Black).bg(colors.leading.0),
                Style::new().fg(colors.muted.0),
                Style::new().fg(Color::Black).bg(colors.unclassified.0),
            ],
        }
    }
}

/// Whether the user asked for no colour (`NO_COLOR` set and not empty, per no-color.org).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
