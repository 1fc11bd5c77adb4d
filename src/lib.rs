//! bearing: a terminal coaching journal for people managers.
//!
//! Layers, each depending only on those below it: [`domain`] (plain types and rules),
//! [`store`] (the SQLite journal), [`cli`] (headless subcommands) and [`tui`] (the
//! terminal interface). [`config`] is read by the top two.
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)
)]

pub mod app;
pub mod audit;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod domain;
pub mod io;
pub mod store;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
pub mod tui;

/// An error and its causes as one line, `outer: inner: innermost`, for messages shown to
/// users where there is no error reporter (the TUI's status line).
pub fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
