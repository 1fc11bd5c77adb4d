//! `config.toml`: every field optional, with defaults grounded in the domain (60/40 target,
//! a 07:00-19:00 working day, weeks starting on Monday).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::classify::{RuleSpec, Rules};
use crate::domain::dates;

mod color;

pub use color::ConfigColor;

/// The effective configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The managing/leading split the audit measures against.
    pub target: Target,
    /// The hours of a working day.
    pub workday: Workday,
    /// How weeks are laid out.
    pub week: Week,
    /// Colours of the interface (ignored when `NO_COLOR` is set).
    pub colors: Colors,
    /// How calendar events are classified.
    pub classification: Classification,
    /// Nudges about the people you lead.
    pub people: People,
    /// Imported calendars and how often they are read again.
    pub calendars: Calendars,
    /// Who you are on your calendars.
    pub me: Me,
    /// What the audit counts.
    pub audit: Audit,
    /// How an encrypted journal is unlocked.
    pub security: Security,
    /// How the interface behaves.
    pub ui: Ui,
    /// Your own classification rules, tried in order before bearing's defaults.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleSpec>,
    /// Keys rebound per part of the interface: `[keys.week] new_block = "B"`. The
    /// interface checks the names and keys before it starts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, BTreeMap<String, KeySetting>>,
}

/// The key or keys given for one action in `[keys.*]`, and the line they are on.
#[derive(Debug, Clone, Eq)]
pub struct KeySetting {
    /// The keys as written, e.g. `["B", "ctrl-b"]`.
    pub keys: Vec<String>,
    /// The 1-based line of the setting in the config file (0 when not read from one).
    pub line: usize,
    /// Where the setting starts in the file, until `Config::parse` turns it into a line.
    offset: usize,
}

impl KeySetting {
    /// A setting of `keys` not read from a file.
    pub fn new(keys: &[&str]) -> KeySetting {
        KeySetting {
            keys: keys.iter().map(|k| (*k).to_string()).collect(),
            line: 0,
            offset: 0,
        }
    }
}

impl PartialEq for KeySetting {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys
    }
}

/// One key or a list of keys.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for KeySetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<OneOrMany>::deserialize(d)?;
        let offset = spanned.span().start;
        let keys = match spanned.into_inner() {
            OneOrMany::One(key) => vec![key],
            OneOrMany::Many(keys) => keys,
        };
        Ok(KeySetting {
            keys,
            line: 0,
            offset,
        })
    }
}

impl Serialize for KeySetting {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.keys.as_slice() {
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}

/// Nudges about the people you lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct People {
    /// Days without a check-in (a held conversation or a 1:1) before bearing nudges.
    pub checkin_days: u32,
    /// A direct report whose 1:1s average fewer minutes a week than this is flagged.
    pub min_one_on_one_minutes: u32,
}

impl Default for People {
    fn default() -> Self {
        Self {
            checkin_days: 14,
            min_one_on_one_minutes: 15,
        }
    }
}

/// Imported calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Calendars {
    /// The interface reads again, in the background, calendars read longer ago than this.
    pub refresh_hours: u32,
    /// How long reading a calendar's address may take before bearing gives up.
    pub fetch_timeout_seconds: u32,
}

impl Default for Calendars {
    fn default() -> Self {
        Self {
            refresh_hours: 6,
            fetch_timeout_seconds: 30,
        }
    }
}

impl Calendars {
    /// The fetch timeout as a duration (at least a second).
    pub fn fetch_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.fetch_timeout_seconds.max(1)))
    }
}

/// Who you are on your calendars: the addresses invitations reach you at, so meetings
/// you declined count no hours. Calendars named by an address (as Google names your own)
/// add theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Me {
    /// Your e-mail addresses.
    pub addresses: Vec<String>,
}

/// What the audit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Audit {
    /// Count events shown as free (`TRANSP:TRANSPARENT`) as work hours too.
    pub count_free: bool,
}

/// How an encrypted journal is unlocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Security {
    /// A command that prints the journal's passphrase (e.g. `pass show bearing`), run by
    /// the shell; without one, bearing asks on the terminal. With one, bearing expects an
    /// encrypted journal and makes new ones encrypted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passphrase_command: Option<String>,
}

/// How the interface behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ui {
    /// The mouse: the wheel scrolls, a click on a tab shows it. Off, the terminal's own
    /// text selection works as usual (most terminals also select with Shift held).
    pub mouse: bool,
}

impl Default for Ui {
    fn default() -> Ui {
        Ui { mouse: true }
    }
}

/// Settings of classification and the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Classification {
    /// Whether bearing's default rules apply after yours.
    pub defaults: bool,
    /// Meetings longer than this many minutes are flagged by the audit.
    pub long_meeting_minutes: u32,
}

impl Default for Classification {
    fn default() -> Self {
        Self {
            defaults: true,
            long_meeting_minutes: 50,
        }
    }
}

/// The managing/leading target, in percent of classified work hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Target {
    /// Percent of classified hours meant for managing.
    pub managing: u8,
    /// Percent of classified hours meant for leading.
    pub leading: u8,
}

impl Default for Target {
    fn default() -> Self {
        Self {
            managing: 60,
            leading: 40,
        }
    }
}

/// The working day, as local wall-clock times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workday {
    /// When the working day starts.
    pub start: ClockTime,
    /// When the working day ends.
    pub end: ClockTime,
}

impl Default for Workday {
    fn default() -> Self {
        let at = |h| ClockTime(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default());
        Self {
            start: at(7),
            end: at(19),
        }
    }
}

/// How weeks are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Week {
    /// The first day of the week.
    pub first_day: WeekdayName,
}

impl Default for Week {
    fn default() -> Self {
        Self {
            first_day: WeekdayName(Weekday::Mon),
        }
    }
}

/// Interface colours: names (`cyan`, `dark gray`), `#rrggbb`, or a 0-255 palette index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    /// Titles, the selected tab, the cursor line.
    pub accent: ConfigColor,
    /// Secondary text: times, hints, borders.
    pub muted: ConfigColor,
    /// The background of selected items.
    pub selection: ConfigColor,
    /// Error messages.
    pub error: ConfigColor,
    /// `#tags` in entries.
    pub tag: ConfigColor,
    /// `@people` in entries.
    pub person: ConfigColor,
    /// Leadership time blocks on the week calendar.
    pub block: ConfigColor,
    /// Imported events classified as managing.
    pub managing: ConfigColor,
    /// Imported events classified as leading.
    pub leading: ConfigColor,
    /// Imported events not yet classified.
    pub unclassified: ConfigColor,
}

impl Default for Colors {
    fn default() -> Self {
        Self {
            accent: ConfigColor::Cyan,
            muted: ConfigColor::DarkGray,
            selection: ConfigColor::Indexed(236),
            error: ConfigColor::LightRed,
            tag: ConfigColor::Yellow,
            person: ConfigColor::LightMagenta,
            block: ConfigColor::Green,
            managing: ConfigColor::LightBlue,
            leading: ConfigColor::LightGreen,
            unclassified: ConfigColor::Yellow,
        }
    }
}

/// A time of day written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClockTime(pub NaiveTime);

impl TryFrom<String> for ClockTime {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        NaiveTime::parse_from_str(s.trim(), "%H:%M")
            .map(ClockTime)
            .map_err(|_| format!("'{s}' is not a time of day; write HH:MM, e.g. \"07:30\""))
    }
}

impl From<ClockTime> for String {
    fn from(t: ClockTime) -> String {
        t.0.format(dates::CLOCK).to_string()
    }
}

/// A weekday written as its English name (`monday`) or abbreviation (`mon`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WeekdayName(pub Weekday);

impl TryFrom<String> for WeekdayName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Weekday::from_str(s.trim()).map(WeekdayName).map_err(|_| {
            format!("'{s}' is not a day of the week; write e.g. \"monday\" or \"sun\"")
        })
    }
}

impl From<WeekdayName> for String {
    fn from(d: WeekdayName) -> String {
        match d.0 {
            Weekday::Mon => "monday",
            Weekday::Tue => "tuesday",
            Weekday::Wed => "wednesday",
            Weekday::Thu => "thursday",
            Weekday::Fri => "friday",
            Weekday::Sat => "saturday",
            Weekday::Sun => "sunday",
        }
        .to_string()
    }
}

/// Why the configuration could not be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the config file {}", path.display())]
    Read {
        /// The config file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The path is a device, a pipe, a socket or a folder.
    #[error("the config file {} is not a regular file (a device, a pipe, a socket or a folder); bearing did not read it", path.display())]
    NotAFile {
        /// The config file.
        path: PathBuf,
    },
    /// The file is far bigger than any config file.
    #[error("the config file {} is too big to be a config file ({size} bytes; bearing reads up to {MAX_CONFIG_BYTES})", path.display())]
    TooBig {
        /// The config file.
        path: PathBuf,
        /// How big it is (at least).
        size: u64,
    },
    /// The file is not valid, with the line it goes wrong on.
    #[error("config file {}, line {line}: {message}", path.display())]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// The 1-based line of the problem.
        line: usize,
        /// What is wrong and how to write it.
        message: String,
    },
}

impl Config {
    /// Reads the config at `path`. A missing file gives the defaults unless `required`
    /// (a path the user named explicitly).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        match read_small_file(path) {
            Ok(text) => Config::parse(&text, path),
            Err(ReadError::NotAFile) => Err(ConfigError::NotAFile {
                path: path.to_path_buf(),
            }),
            Err(ReadError::TooBig(size)) => Err(ConfigError::TooBig {
                path: path.to_path_buf(),
                size,
            }),
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Config::default())
            }
            Err(ReadError::Io(source)) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }
}

/// Config files are a few kilobytes; anything past this is not one.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

enum ReadError {
    NotAFile,
    TooBig(u64),
    Io(std::io::Error),
}

/// Reads a config file, refusing before opening it anything that is not a regular file
/// (a FIFO would block, a device never end) and anything too big to be a config file.
fn read_small_file(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(ReadError::TooBig(meta.len()));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(ReadError::Io)?
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(ReadError::Io)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(ReadError::TooBig(text.len() as u64));
    }
    Ok(text)
}

impl Config {
    /// Parses config text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        };
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let message = e
                .message()
                .trim()
                .replace("u8", "a whole number from 0 to 100");
            invalid(offset, message)
        })?;
        let t = config.target;
        if t.managing as u16 + t.leading as u16 != 100 {
            return Err(invalid(
                offset_of_key(text, "[target]"),
                format!(
                    "target.managing and target.leading must add up to 100 (they are {} + {})",
                    t.managing, t.leading
                ),
            ));
        }
        if config.workday.start >= config.workday.end {
            return Err(invalid(
                offset_of_key(text, "[workday]"),
                format!(
                    "workday.start ({}) must be before workday.end ({})",
                    String::from(config.workday.start),
                    String::from(config.workday.end)
                ),
            ));
        }
        if let Err(e) = config.compiled_rules() {
            let n = match &e {
                crate::domain::classify::RuleError::BadCategory(n, _)
                | crate::domain::classify::RuleError::BadRegex(n, _)
                | crate::domain::classify::RuleError::Empty(n) => *n,
            };
            let offset = text
                .match_indices("[[rules]]")
                .nth(n.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            return Err(invalid(offset, e.to_string()));
        }
        for setting in config.keys.values_mut().flat_map(BTreeMap::values_mut) {
            setting.line = line_of(text, setting.offset);
        }
        Ok(config)
    }

    /// The classification rules in effect: yours, then the defaults if enabled.
    pub fn compiled_rules(&self) -> Result<Rules, crate::domain::classify::RuleError> {
        Rules::compile(&self.rules, self.classification.defaults)
    }

    /// The configuration written as TOML, as `bearing config` prints it.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# cannot show the configuration: {e}\n"))
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_toml())
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(1, |s| s.matches('\n').count() + 1)
}

/// Where a table header stands, so cross-field errors can name a line.
fn offset_of_key(text: &str, header: &str) -> usize {
    text.find(header).unwrap_or(0)
}

/// Where bearing keeps its files by default, from the platform's conventions.
#[derive(Debug, Clone)]
pub struct DefaultPaths {
    /// The journal database.
    pub journal: PathBuf,
    /// The config file.
    pub config: PathBuf,
}

impl DefaultPaths {
    /// The platform locations (e.g. `~/.local/share/bearing/journal.db` and
    /// `~/.config/bearing/config.toml` on Linux), or `None` without a home directory.
    pub fn from_platform() -> Option<DefaultPaths> {
        let dirs = directories::ProjectDirs::from("", "", "bearing")?;
        Some(DefaultPaths {
            journal: dirs.data_dir().join("journal.db"),
            config: dirs.config_dir().join("config.toml"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c, Config::default());
        assert_eq!((c.target.managing, c.target.leading), (60, 40));
        assert_eq!(String::from(c.workday.start), "07:00");
        assert_eq!(String::from(c.workday.end), "19:00");
        assert_eq!(c.week.first_day.0, Weekday::Mon);
    }

    #[test]
    fn fields_override_one_at_a_time() {
        let c = parse("[target]\nmanaging = 50\nleading = 50\n[week]\nfirst_day = \"sun\"\n[colors]\naccent = \"#ff8800\"\n").unwrap();
        assert_eq!(c.target.leading, 50);
        assert_eq!(c.week.first_day.0, Weekday::Sun);
        assert_eq!(c.colors.accent, ConfigColor::Rgb(0xff, 0x88, 0));
        assert_eq!(c.workday, Workday::default());
    }

    #[test]
    fn the_printed_config_reads_back_the_same() {
        let mut c = Config::default();
        c.colors.muted = ConfigColor::Rgb(1, 2, 3);
        c.week.first_day = WeekdayName(Weekday::Sat);
        assert_eq!(parse(&c.to_toml()).unwrap(), c);
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            (
                "[target]\nmanaging = 60\nleading = \"lots\"\n",
                3,
                "whole number",
            ),
            ("[workday]\nstart = \"7am\"\n", 2, "HH:MM"),
            (
                "\n\n[week]\nfirst_day = \"someday\"\n",
                4,
                "day of the week",
            ),
            ("[colors]\naccent = \"sparkly\"\n", 2, "colour"),
            (
                "[target]\nmanaging = 70\nleading = 40\n",
                1,
                "add up to 100",
            ),
            (
                "# note\n[workday]\nstart = \"19:00\"\nend = \"07:00\"\n",
                2,
                "before",
            ),
            ("[target\n", 1, ""),
            ("\n[tagret]\nmanaging = 1\n", 2, "unknown field"),
            ("[target]\nmanaging = 300\n", 2, "whole number"),
        ];
        for (text, line, words) in cases {
            match parse(text) {
                Err(ConfigError::Invalid {
                    line: got, message, ..
                }) => {
                    assert_eq!(got, line, "{text:?}: {message}");
                    assert!(message.contains(words), "{text:?}: {message}");
                }
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn rules_are_read_and_checked() {
        let c = parse("[[rules]]\ncategory = \"leading\"\nwords = [\"vision\"]\nin = [\"title\", \"description\"]\n\n[[rules]]\ncategory = \"managing\"\nregex = \"^Ops\"\nattendees = 4\n").unwrap();
        assert_eq!(c.rules.len(), 2);
        assert_eq!(parse(&c.to_toml()).unwrap(), c);
        let bad = "[[rules]]\ncategory = \"leading\"\nwords = [\"x\"]\n\n[[rules]]\ncategory = \"leadership\"\nwords = [\"y\"]\n";
        match parse(bad) {
            Err(ConfigError::Invalid { line, message, .. }) => {
                assert_eq!(line, 5, "{message}");
                assert!(message.contains("leadership"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keys_are_read_with_their_lines() {
        let c = parse("[target]\nmanaging = 60\nleading = 40\n\n[keys.week]\nnew_block = \"B\"\nnext_item = [\"n\", \"ctrl-n\"]\n").unwrap();
        let week = &c.keys["week"];
        assert_eq!(week["new_block"].keys, ["B"]);
        assert_eq!(week["new_block"].line, 6);
        assert_eq!(week["next_item"].keys, ["n", "ctrl-n"]);
        assert_eq!(week["next_item"].line, 7);
        assert_eq!(parse(&c.to_toml()).unwrap(), c);
        match parse("[keys.week]\nnew_block = 3\n") {
            Err(ConfigError::Invalid { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_file_is_fine_unless_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load(&path, false).unwrap(), Config::default());
        assert!(matches!(
            Config::load(&path, true),
            Err(ConfigError::Read { .. })
        ));
    }
}
