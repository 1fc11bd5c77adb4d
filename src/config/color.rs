//! Colours as the config file writes them: plain settings, which the interface makes
//! terminal colours (`tui::theme`).

use serde::{Deserialize, Serialize};

/// A colour as written in the config file: one of the terminal's sixteen (and its
/// default, `reset`) by name, a 0-255 palette index, or `#rrggbb`. Plain settings: the
/// interface makes them terminal colours (`tui::theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ConfigColor {
    /// The terminal's own foreground or background.
    Reset,
    /// Black.
    Black,
    /// Red.
    Red,
    /// Green.
    Green,
    /// Yellow.
    Yellow,
    /// Blue.
    Blue,
    /// Magenta.
    Magenta,
    /// Cyan.
    Cyan,
    /// Gray (the terminal's "white").
    Gray,
    /// Dark gray (the terminal's "bright black").
    DarkGray,
    /// Light red.
    LightRed,
    /// Light green.
    LightGreen,
    /// Light yellow.
    LightYellow,
    /// Light blue.
    LightBlue,
    /// Light magenta.
    LightMagenta,
    /// Light cyan.
    LightCyan,
    /// White (the terminal's "bright white").
    White,
    /// A palette index.
    Indexed(u8),
    /// Red, green and blue.
    Rgb(u8, u8, u8),
}

impl ConfigColor {
    /// The named colours, by the name the config is printed with.
    const NAMES: [(&'static str, ConfigColor); 17] = [
        ("reset", ConfigColor::Reset),
        ("black", ConfigColor::Black),
        ("red", ConfigColor::Red),
        ("green", ConfigColor::Green),
        ("yellow", ConfigColor::Yellow),
        ("blue", ConfigColor::Blue),
        ("magenta", ConfigColor::Magenta),
        ("cyan", ConfigColor::Cyan),
        ("gray", ConfigColor::Gray),
        ("darkgray", ConfigColor::DarkGray),
        ("lightred", ConfigColor::LightRed),
        ("lightgreen", ConfigColor::LightGreen),
        ("lightyellow", ConfigColor::LightYellow),
        ("lightblue", ConfigColor::LightBlue),
        ("lightmagenta", ConfigColor::LightMagenta),
        ("lightcyan", ConfigColor::LightCyan),
        ("white", ConfigColor::White),
    ];

    /// Reads a colour as ratatui's `Color::from_str` does, which bearing used to call
    /// (so every config that worked still does): a name in any case, with spaces, `-`
    /// and `_` ignored and the usual other spellings (`bright`, `grey`, `silver`); a
    /// palette index; `#rrggbb`.
    fn parse(text: &str) -> Option<ConfigColor> {
        let name = text
            .to_lowercase()
            .replace([' ', '-', '_'], "")
            .replace("bright", "light")
            .replace("grey", "gray")
            .replace("silver", "gray")
            .replace("lightblack", "darkgray")
            .replace("lightwhite", "white")
            .replace("lightgray", "white");
        if let Some((_, c)) = Self::NAMES.iter().find(|(n, _)| *n == name) {
            return Some(*c);
        }
        if let Ok(index) = text.parse::<u8>() {
            return Some(ConfigColor::Indexed(index));
        }
        if !text.starts_with('#') || text.len() != 7 {
            return None;
        }
        let byte = |at: std::ops::Range<usize>| u8::from_str_radix(text.get(at)?, 16).ok();
        Some(ConfigColor::Rgb(byte(1..3)?, byte(3..5)?, byte(5..7)?))
    }
}

impl TryFrom<String> for ConfigColor {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        ConfigColor::parse(s.trim()).ok_or_else(|| {
            format!("'{s}' is not a colour; write a name (\"cyan\", \"dark gray\"), \"#rrggbb\" or 0-255")
        })
    }
}

impl From<ConfigColor> for String {
    fn from(c: ConfigColor) -> String {
        match c {
            ConfigColor::Indexed(i) => i.to_string(),
            ConfigColor::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
            named => ConfigColor::NAMES
                .iter()
                .find(|(_, c)| *c == named)
                .map_or_else(String::new, |(n, _)| (*n).to_string()),
        }
    }
}
