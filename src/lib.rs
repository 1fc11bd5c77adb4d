//! bearing: a terminal coaching journal for people managers.
//!
//! Layers, each depending only on those below it: [`domain`] (plain types and rules),
//! [`store`] (the SQLite journal), [`cli`] (headless subcommands) and [`tui`] (the
//! terminal interface). [`config`] is read by the top two.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod config;
pub mod domain;
pub mod external_editor;
pub mod store;
pub mod tui;
