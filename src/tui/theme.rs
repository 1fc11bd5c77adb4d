//! Styles, from the configured colours, or modifiers only when `NO_COLOR` is set.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Colors, ConfigColor};

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
                .fg(color(colors.accent))
                .add_modifier(Modifier::BOLD),
            muted: Style::new().fg(color(colors.muted)),
            selection: Style::new()
                .bg(color(colors.selection))
                .add_modifier(Modifier::BOLD),
            error: Style::new()
                .fg(color(colors.error))
                .add_modifier(Modifier::BOLD),
            tag: Style::new().fg(color(colors.tag)),
            person: Style::new().fg(color(colors.person)),
            badge: Style::new()
                .fg(Color::Black)
                .bg(color(colors.accent))
                .add_modifier(Modifier::BOLD),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            block: Style::new().fg(Color::Black).bg(color(colors.block)),
            block_selected: Style::new()
                .fg(Color::Black)
                .bg(color(colors.accent))
                .add_modifier(Modifier::BOLD),
            skipped: Style::new()
                .fg(color(colors.muted))
                .add_modifier(Modifier::CROSSED_OUT),
            categories: [
                Style::new().fg(Color::Black).bg(color(colors.managing)),
                Style::new().fg(Color::Black).bg(color(colors.leading)),
                Style::new().fg(color(colors.muted)),
                Style::new().fg(Color::Black).bg(color(colors.unclassified)),
            ],
        }
    }
}

/// The terminal colour of a colour from the config file.
pub fn color(c: ConfigColor) -> Color {
    match c {
        ConfigColor::Reset => Color::Reset,
        ConfigColor::Black => Color::Black,
        ConfigColor::Red => Color::Red,
        ConfigColor::Green => Color::Green,
        ConfigColor::Yellow => Color::Yellow,
        ConfigColor::Blue => Color::Blue,
        ConfigColor::Magenta => Color::Magenta,
        ConfigColor::Cyan => Color::Cyan,
        ConfigColor::Gray => Color::Gray,
        ConfigColor::DarkGray => Color::DarkGray,
        ConfigColor::LightRed => Color::LightRed,
        ConfigColor::LightGreen => Color::LightGreen,
        ConfigColor::LightYellow => Color::LightYellow,
        ConfigColor::LightBlue => Color::LightBlue,
        ConfigColor::LightMagenta => Color::LightMagenta,
        ConfigColor::LightCyan => Color::LightCyan,
        ConfigColor::White => Color::White,
        ConfigColor::Indexed(i) => Color::Indexed(i),
        ConfigColor::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

/// Whether the user asked for no colour (`NO_COLOR` set and not empty, per no-color.org).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// The config reads and prints colours as it did when it held ratatui's `Color`
    /// (read with `Color::from_str`, printed as its name in lower case): every spelling
    /// gives the same colour, and the same text back.
    #[test]
    fn config_colours_are_read_and_printed_as_ratatui_reads_and_prints_them() {
        let mut written: Vec<String> = [
            "reset",
            "Black",
            "red",
            "GREEN",
            "yellow",
            "blue",
            "magenta",
            "cyan",
            "gray",
            "grey",
            "silver",
            "dark gray",
            "dark-grey",
            "light_black",
            "bright black",
            "light red",
            "bright-green",
            "LightYellow",
            "light blue",
            "light magenta",
            "light cyan",
            "white",
            "light white",
            "light gray",
            "bright white",
            " cyan ",
            "0",
            "236",
            "255",
            "256",
            "-1",
            "+7",
            "#ff8800",
            "#FF8800",
            "#00aaFF",
            "#12345",
            "#1234567",
            "#gg0000",
            "#+f+f+f",
            "ff8800",
            "",
            "sparkly",
            "lightish",
            "ｃｙａｎ",
        ]
        .map(String::from)
        .to_vec();
        written.extend((0..=255).map(|i| i.to_string()));
        for text in written {
            let ours = ConfigColor::try_from(text.clone()).ok();
            let theirs = Color::from_str(text.trim()).ok();
            assert_eq!(ours.map(color), theirs, "{text:?}");
            if let (Some(ours), Some(theirs)) = (ours, theirs) {
                assert_eq!(
                    String::from(ours),
                    theirs.to_string().to_lowercase(),
                    "{text:?}"
                );
            }
        }
    }
}
