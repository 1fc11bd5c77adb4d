//! What the command line reports about the interface, and the one module of the
//! interface it may use: the screens `--render-once` draws, and the keys in effect
//! (checked, and printed as the config file's `[keys.*]` tables or as JSON).

use std::collections::BTreeMap;

use super::keymap::Keymap;
use crate::config::KeySetting;

pub use super::app::Screen;
pub use super::keymap::KeyError;

/// The `[keys.*]` settings as the config file holds them: table, action, keys.
pub type KeySettings = BTreeMap<String, BTreeMap<String, KeySetting>>;

/// Checks the user's `[keys.*]` settings: the first one the interface cannot use is
/// refused, with its line.
pub fn check_keys(settings: &KeySettings) -> Result<(), KeyError> {
    Keymap::from_config(settings).map(drop)
}

/// The keys in effect (the defaults with `settings` laid over them) as `[keys.*]`
/// tables to copy into the config file.
pub fn keys_toml(settings: &KeySettings) -> Result<String, KeyError> {
    Ok(Keymap::from_config(settings)?.to_toml())
}

/// The keys in effect as JSON: `{table: {action: {keys, help}}}`.
pub fn keys_json(settings: &KeySettings) -> Result<serde_json::Value, KeyError> {
    Ok(Keymap::from_config(settings)?.to_json())
}
