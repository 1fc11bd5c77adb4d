//! Which key does what, per part of the interface. The default tables below, with the
//! user's `[keys.*]` from config.toml laid over them, drive key handling, the `?` help
//! and every hint on screen, so what is shown is what works.

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyEvent, KeyEventKind};
use ratatui_textarea::Input;

mod tables;

pub use tables::{EDITOR_KEYS, Table};

use super::action::Action;
use super::app::{App, Focus, Overlay};
pub use super::key::Key;
use super::strings;
use crate::config::KeySetting;

/// One binding in effect: the default, or the user's keys for it.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Its name in config.toml.
    pub name: &'static str,
    /// The keys that trigger it.
    pub keys: Vec<Key>,
    /// What it does.
    pub action: Action,
    /// The help's description.
    pub help: &'static str,
    /// The word hints show after its key.
    pub hint: &'static str,
}

/// A `[keys.*]` setting bearing cannot use, with its line in config.toml.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KeyError {
    /// The 1-based line of the setting.
    pub line: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// Every table's bindings in effect.
#[derive(Debug, Clone)]
pub struct Keymap {
    tables: HashMap<Table, Vec<Binding>>,
}

impl std::default::Default for Keymap {
    fn default() -> Keymap {
        let tables = Table::ALL
            .iter()
            .map(|t| {
                let bindings = t
                    .defaults()
                    .iter()
                    .map(|b| Binding {
                        name: b.name,
                        keys: b.keys.iter().filter_map(|k| Key::parse(k).ok()).collect(),
                        action: b.action.clone(),
                        help: b.help,
                        hint: b.hint,
                    })
                    .collect();
                (*t, bindings)
            })
            .collect();
        Keymap { tables }
    }
}

impl Keymap {
    /// The defaults with the user's `[keys.*]` laid over them; an unknown table or
    /// action, a key that is not one, or a key that would mean two things is refused.
    pub fn from_config(
        settings: &BTreeMap<String, BTreeMap<String, KeySetting>>,
    ) -> Result<Keymap, KeyError> {
        let mut keymap = Keymap::default();
        let mut user: HashMap<(Table, &'static str), usize> = HashMap::new();
        for (table_name, bindings) in settings {
            let first_line = bindings.values().map(|s| s.line).min().unwrap_or(0);
            let Some(table) = Table::ALL.into_iter().find(|t| t.name() == table_name) else {
                let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
                return Err(KeyError {
                    line: first_line,
                    message: strings::unknown_key_table(table_name, &names.join(", ")),
                });
            };
            for (name, setting) in bindings {
                let list = keymap.tables.entry(table).or_default();
                let names: Vec<&str> = list.iter().map(|b| b.name).collect();
                let Some(binding) = list.iter_mut().find(|b| b.name == name) else {
                    return Err(KeyError {
                        line: setting.line,
                        message: strings::unknown_key_action(name, table.name(), &names.join(", ")),
                    });
                };
                if setting.keys.is_empty() {
                    return Err(KeyError {
                        line: setting.line,
                        message: strings::no_keys(table.name(), name),
                    });
                }
                let keys = setting
                    .keys
                    .iter()
                    .map(|k| Key::parse(k))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|message| KeyError {
                        line: setting.line,
                        message: format!("[keys.{}] {name}: {message}", table.name()),
                    })?;
                binding.keys = keys;
                user.insert((table, binding.name), setting.line);
            }
        }
        keymap.yield_to(&user);
        keymap.check_conflicts(&user)?;
        Ok(keymap)
    }

    /// A key the user bound in a table is taken from that table's default bindings that
    /// had it: a default that moves to a key someone already bound to something else
    /// (`g` on History, say) never breaks their config. A clash with another table that
    /// is looked up with it (a global key) is still refused.
    fn yield_to(&mut self, user: &HashMap<(Table, &'static str), usize>) {
        for (table, list) in &mut self.tables {
            let taken: Vec<Key> = list
                .iter()
                .filter(|b| user.contains_key(&(*table, b.name)))
                .flat_map(|b| b.keys.clone())
                .collect();
            for b in list
                .iter_mut()
                .filter(|b| !user.contains_key(&(*table, b.name)))
            {
                b.keys.retain(|k| !taken.contains(k));
            }
        }
    }

    /// Refuses a key bound twice where both would be looked up.
    fn check_conflicts(
        &self,
        user: &HashMap<(Table, &'static str), usize>,
    ) -> Result<(), KeyError> {
        for table in Table::ALL {
            let context: &[Table] = match table.context() {
                [] => std::slice::from_ref(&table),
                c => c,
            };
            let mut seen: HashMap<Key, (Table, &'static str)> = HashMap::new();
            for t in context {
                for b in self.bindings(*t) {
                    for key in &b.keys {
                        match seen.get(key) {
                            Some(&(other_table, other)) if other != b.name || other_table != *t => {
                                let line = user
                                    .get(&(*t, b.name))
                                    .or_else(|| user.get(&(other_table, other)))
                                    .copied()
                                    .unwrap_or(0);
                                return Err(KeyError {
                                    line,
                                    message: strings::key_conflict(
                                        &key.label(),
                                        &format!("{}.{}", t.name(), b.name),
                                        &format!("{}.{other}", other_table.name()),
                                    ),
                                });
                            }
                            _ => {
                                seen.insert(*key, (*t, b.name));
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Every binding in effect as config.toml writes it: a `[keys.NAME]` table per part
    /// of the interface, one `name = [keys]` line per action with what it does.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for table in Table::ALL {
            let bindings = self.bindings(table);
            if bindings.is_empty() {
                continue;
            }
            out.push_str(&format!("[keys.{}]\n", table.name()));
            for b in bindings {
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .map(|k| format!("{:?}", k.config_text()))
                    .collect();
                out.push_str(&format!(
                    "{} = [{}]  # {}\n",
                    b.name,
                    keys.join(", "),
                    b.help
                ));
            }
            out.push('\n');
        }
        out
    }

    /// Every binding in effect as JSON: `{table: {name: {keys, help}}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let tables: serde_json::Map<String, serde_json::Value> = Table::ALL
            .into_iter()
            .filter(|t| !self.bindings(*t).is_empty())
            .map(|t| {
                let bindings: serde_json::Map<String, serde_json::Value> = self
                    .bindings(t)
                    .iter()
                    .map(|b| {
                        let keys: Vec<String> = b.keys.iter().map(Key::config_text).collect();
                        (
                            b.name.to_string(),
                            serde_json::json!({"keys": keys, "help": b.help}),
                        )
                    })
                    .collect();
                (t.name().to_string(), serde_json::Value::Object(bindings))
            })
            .collect();
        serde_json::Value::Object(tables)
    }

    /// The bindings of `table`.
    pub fn bindings(&self, table: Table) -> &[Binding] {
        self.tables.get(&table).map_or(&[], Vec::as_slice)
    }

    fn find(&self, tables: &[Table], event: &KeyEvent) -> Option<Action> {
        tables
            .iter()
            .flat_map(|t| self.bindings(*t))
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action.clone())
    }

    fn binding(&self, table: Table, action: &Action) -> Option<&Binding> {
        let global = if table.context().is_empty() {
            None
        } else {
            Some(Table::Global)
        };
        std::iter::once(table)
            .chain(global)
            .flat_map(|t| self.bindings(t))
            .find(|b| b.action == *action)
    }

    /// The label of the first key that does `action` in `table` (or on every screen),
    /// e.g. `Ctrl-S`; empty when no key does.
    pub fn key(&self, table: Table, action: &Action) -> String {
        self.binding(table, action)
            .and_then(|b| b.keys.first())
            .map(Key::label)
            .unwrap_or_default()
    }

    /// A hint such as `[ ] week · t today · b new block`: for each action, the first key
    /// bound to it and its hint word; neighbours with the same word share it.
    pub fn hint(&self, table: Table, actions: &[Action]) -> String {
        let mut parts: Vec<(String, &'static str)> = Vec::new();
        for action in actions {
            let Some(b) = self.binding(table, action) else {
                continue;
            };
            let Some(key) = b.keys.first().map(Key::label) else {
                continue;
            };
            match parts.last_mut() {
                Some((keys, hint)) if *hint == b.hint => {
                    keys.push(' ');
                    keys.push_str(&key);
                }
                _ => parts.push((key, b.hint)),
            }
        }
        parts
            .iter()
            .map(|(keys, hint)| format!("{keys} {hint}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The help's rows of `table`: (keys, what).
    pub fn rows(&self, table: Table) -> Vec<(String, &'static str)> {
        self.bindings(table)
            .iter()
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
                (keys.join(" "), b.help)
            })
            .collect()
    }
}

/// The table the keys go to in the app's current state: the help's while it is open,
/// else the one the screen shown says.
pub fn table_for(app: &App) -> Table {
    match app.overlay {
        Some(Overlay::Help) => Table::Help,
        None => app.shown().table(),
    }
}

/// The action for a key event in the app's current state, if any. Where text is typed,
/// a key no binding takes is typed.
pub fn resolve(app: &App, event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let table = table_for(app);
    let found = app.keys.find(&[table], &event);
    match app.focus() {
        Focus::Overlay => found,
        Focus::Browsing => found.or_else(|| app.keys.find(&[Table::Global], &event)),
        Focus::Form | Focus::Writing | Focus::Searching => {
            found.or(Some(Action::EditText(Input::from(event))))
        }
    }
}

/// A section of the key help: its title and (keys, what they do) rows.
pub type Section = (&'static str, Vec<(String, &'static str)>);

impl Keymap {
    /// The help rows of `table` followed by the editor's own keys (arrows, undo, …).
    pub fn rows_with_editor(&self, table: Table) -> Vec<(String, &'static str)> {
        let mut rows = self.rows(table);
        rows.extend(
            EDITOR_KEYS
                .iter()
                .map(|(keys, what)| ((*keys).to_string(), *what)),
        );
        rows
    }
}

/// The sections of the help for the current screen: a title and (keys, what) rows; the
/// screen's own, then the keys of every screen and of the help.
pub fn help_sections(app: &App) -> Vec<Section> {
    let k = &app.keys;
    let mut sections = app.shown().help(k);
    sections.push((strings::HELP_EVERYWHERE, k.rows(Table::Global)));
    sections.push((strings::HELP_IN_HELP, k.rows(Table::Help)));
    sections
}

/// How many lines the help has: section titles, rows and gaps.
pub fn help_line_count(app: &App) -> usize {
    let sections = help_sections(app);
    sections
        .iter()
        .map(|(_, rows)| rows.len() + 1)
        .sum::<usize>()
        + sections.len().saturating_sub(1)
}

#[cfg(test)]
mod defaults_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(
        table: &str,
        name: &str,
        keys: &[&str],
        line: usize,
    ) -> BTreeMap<String, BTreeMap<String, KeySetting>> {
        let mut s = KeySetting::new(keys);
        s.line = line;
        BTreeMap::from([(table.to_string(), BTreeMap::from([(name.to_string(), s)]))])
    }

    #[test]
    fn the_defaults_mean_one_thing_per_key_and_every_key_reads() {
        let keymap = Keymap::from_config(&BTreeMap::new()).unwrap();
        for table in Table::ALL {
            for (b, d) in keymap.bindings(table).iter().zip(table.defaults()) {
                assert_eq!(b.keys.len(), d.keys.len(), "{}.{}", table.name(), d.name);
            }
        }
    }

    #[test]
    fn a_user_key_replaces_the_default_and_shows_in_the_hints() {
        let keymap = Keymap::from_config(&setting("week", "new_block", &["B"], 3)).unwrap();
        let hint = keymap.hint(
            Table::Week,
            &[Action::PreviousWeek, Action::NextWeek, Action::NewBlock],
        );
        assert_eq!(hint, "[ ] week · B new block");
    }

    #[test]
    fn unknown_names_bad_keys_and_conflicts_are_refused_with_their_line() {
        for (table, name, keys, words) in [
            ("weak", "new_block", &["B"][..], "is not a part"),
            ("week", "new_blok", &["B"][..], "is not an action"),
            ("week", "new_block", &["ctrl-"][..], "is not a key"),
            ("week", "new_block", &[][..], "give it a key"),
            ("week", "new_block", &["q"][..], "global.quit"),
        ] {
            let err = Keymap::from_config(&setting(table, name, keys, 7)).unwrap_err();
            assert_eq!(err.line, 7, "{table}.{name}: {}", err.message);
            assert!(
                err.message.contains(words),
                "{table}.{name}: {}",
                err.message
            );
        }
    }

    #[test]
    fn the_keys_as_toml_read_back_as_the_same_keys() {
        // A user's keys in effect, printed and read back as a config file, are the same.
        let keymap =
            Keymap::from_config(&setting("week", "new_block", &["ctrl-b", "f2"], 3)).unwrap();
        let text = keymap.to_toml();
        assert!(
            text.contains("new_block = [\"ctrl-b\", \"f2\"]  # "),
            "{text}"
        );
        assert!(text.contains("previous_screen = [\"shift-tab\"]"), "{text}");
        let config =
            crate::config::Config::parse(&text, std::path::Path::new("config.toml")).unwrap();
        let again = Keymap::from_config(&config.keys).unwrap();
        for table in Table::ALL {
            let keys = |k: &Keymap| -> Vec<(&str, Vec<Key>)> {
                k.bindings(table)
                    .iter()
                    .map(|b| (b.name, b.keys.clone()))
                    .collect()
            };
            assert_eq!(keys(&again), keys(&keymap), "{}", table.name());
        }
    }
}
