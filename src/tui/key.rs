//! One key as the keymap and `config.toml` write it: `b`, `B`, `ctrl-s`, `shift-tab`,
//! `f1`, `pagedown`, `alt-enter` (the way crossterm and crokey write keys), read,
//! matched against the terminal's events and labelled for the help and the hints.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key: a code and the modifiers held with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key itself.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift is in the character or in `BackTab`).
    pub modifiers: KeyModifiers,
}

/// Names of keys that are not characters, as written in config.toml.
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
];

impl Key {
    /// Reads a key as config.toml writes it; the message says what is wrong.
    pub fn parse(text: &str) -> Result<Key, String> {
        let bad = || {
            format!(
                "'{text}' is not a key: write a character (\"b\", \"B\", \"?\"), a name (\"enter\", \"esc\", \"tab\", \"space\", \"pagedown\", \"f1\"), or modifiers before it (\"ctrl-s\", \"alt-x\", \"shift-tab\")"
            )
        };
        if text.chars().count() == 1 {
            return text
                .chars()
                .next()
                .map(|c| Key {
                    code: KeyCode::Char(c),
                    modifiers: KeyModifiers::NONE,
                })
                .ok_or_else(bad);
        }
        // "ctrl--" is Ctrl and the minus key: the last part may itself be "-".
        let (mods, last) = match text.strip_suffix("--") {
            Some(head) => (head, "-"),
            None => match text.rsplit_once('-') {
                Some((head, last)) => (head, last),
                None => ("", text),
            },
        };
        let mut modifiers = KeyModifiers::NONE;
        let mut shift = false;
        for m in mods.split('-').filter(|m| !m.is_empty()) {
            match m.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => modifiers |= KeyModifiers::CONTROL,
                "alt" => modifiers |= KeyModifiers::ALT,
                "shift" => shift = true,
                _ => return Err(bad()),
            }
        }
        let lower = last.to_ascii_lowercase();
        let mut code = if last.chars().count() == 1 {
            last.chars().next().map(KeyCode::Char).ok_or_else(bad)?
        } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return Err(bad());
            }
            KeyCode::F(n)
        } else {
            NAMED
                .iter()
                .find(|(name, _)| *name == lower)
                .map(|(_, code)| *code)
                .ok_or_else(bad)?
        };
        if let KeyCode::Char(c) = code
            && modifiers.contains(KeyModifiers::CONTROL)
        {
            code = KeyCode::Char(c.to_ascii_lowercase());
        }
        if shift {
            code = match code {
                KeyCode::Tab => KeyCode::BackTab,
                KeyCode::Char(c) if c.is_alphabetic() => {
                    KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
                }
                KeyCode::Char(_) => return Err(bad()),
                other => {
                    modifiers |= KeyModifiers::SHIFT;
                    other
                }
            };
        }
        Ok(Key { code, modifiers })
    }

    /// Whether the terminal's `event` is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        // Shifted letters arrive as the upper-case char, sometimes with SHIFT set; Ctrl
        // letters as either case.
        let shift_in_code = matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab);
        let mods = if shift_in_code {
            event.modifiers - KeyModifiers::SHIFT
        } else {
            event.modifiers
        };
        let code = match (event.code, mods.contains(KeyModifiers::CONTROL)) {
            (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
            (code, _) => code,
        };
        self.code == code && self.modifiers == mods
    }

    /// How config.toml writes the key, as [`Key::parse`] reads it: `b`, `ctrl-s`,
    /// `shift-tab`, `pagedown`, `f1`.
    pub fn config_text(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::BackTab => "shift-tab".to_string(),
            KeyCode::F(n) => format!("f{n}"),
            code => NAMED.iter().find(|(_, c)| *c == code).map_or_else(
                || format!("{code:?}").to_lowercase(),
                |(name, _)| (*name).to_string(),
            ),
        };
        let mut text = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            text.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            text.push_str("alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            text.push_str("shift-");
        }
        text + &name
    }

    /// How the key is written in the help and the hints: `Ctrl-S`, `Shift-Tab`, `↓`, `j`.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            label.push_str("Shift-");
        }
        label + &name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key { code, modifiers }
    }

    #[test]
    fn keys_read_as_crossterm_writes_them() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        for (text, want) in [
            ("b", key(KeyCode::Char('b'), none)),
            ("B", key(KeyCode::Char('B'), none)),
            ("shift-b", key(KeyCode::Char('B'), none)),
            ("?", key(KeyCode::Char('?'), none)),
            ("-", key(KeyCode::Char('-'), none)),
            ("ctrl-s", key(KeyCode::Char('s'), ctrl)),
            ("Ctrl-S", key(KeyCode::Char('s'), ctrl)),
            ("ctrl--", key(KeyCode::Char('-'), ctrl)),
            ("alt-enter", key(KeyCode::Enter, KeyModifiers::ALT)),
            ("shift-tab", key(KeyCode::BackTab, none)),
            ("backtab", key(KeyCode::BackTab, none)),
            ("f1", key(KeyCode::F(1), none)),
            ("F12", key(KeyCode::F(12), none)),
            ("pagedown", key(KeyCode::PageDown, none)),
            ("space", key(KeyCode::Char(' '), none)),
            ("shift-up", key(KeyCode::Up, KeyModifiers::SHIFT)),
        ] {
            assert_eq!(Key::parse(text), Ok(want), "{text}");
        }
        for text in ["", "ctrl-", "hyper-x", "f13", "pagedwn", "shift-?", "bb"] {
            let err = Key::parse(text).unwrap_err();
            assert!(err.contains("is not a key"), "{text}: {err}");
        }
    }

    #[test]
    fn labels_say_shift_tab_not_backtab() {
        assert_eq!(Key::parse("shift-tab").unwrap().label(), "Shift-Tab");
        assert_eq!(Key::parse("ctrl-s").unwrap().label(), "Ctrl-S");
        assert_eq!(Key::parse("alt-x").unwrap().label(), "Alt-x");
        assert_eq!(Key::parse("pageup").unwrap().label(), "PgUp");
        assert_eq!(Key::parse("space").unwrap().label(), "Space");
    }

    #[test]
    fn events_match_with_or_without_shift_reported() {
        let big_b = Key::parse("B").unwrap();
        assert!(big_b.matches(&KeyEvent::new(KeyCode::Char('B'), KeyModifiers::SHIFT)));
        assert!(big_b.matches(&KeyEvent::new(KeyCode::Char('B'), KeyModifiers::NONE)));
        assert!(!big_b.matches(&KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE)));
        let back = Key::parse("shift-tab").unwrap();
        assert!(back.matches(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
        let save = Key::parse("ctrl-s").unwrap();
        assert!(save.matches(&KeyEvent::new(KeyCode::Char('S'), KeyModifiers::CONTROL)));
        assert!(!save.matches(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)));
        let up = Key::parse("up").unwrap();
        assert!(!up.matches(&KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT)));
    }
}
