//! The test helpers, written once for the unit tests, `tests/` and `benches/`: an
//! iCalendar builder ([`Ics`], [`Event`]), the calendar fixtures ([`fixture`]), a
//! loopback HTTP server ([`HttpServer`]), real CalDAV and WebDAV servers ([`DavServer`]),
//! an in-process CalDAV server with the public servers' quirks ([`FakeCalDav`]),
//! journals of many entries ([`journal_of`]),
//! crafted write-ahead logs ([`claim_pages`]), and the binary's test environment
//! ([`Env`]: a private home, the pinned [`NOW`], the binary run as a process, in process,
//! or in a pseudo-terminal, [`Pty`]).
//!
//! Compiled for this crate's own tests and under the `testkit` feature, which the
//! crate's dev-dependency on itself turns on for `tests/` and `benches/`; a build
//! without the feature (a release) has none of it.
// A helper that meets what its test did not expect panics: that is how the test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod blocks;
mod dav_servers;
mod env;
pub(crate) mod fake_caldav;
mod fixtures;
mod http;
mod ics;
mod journal;
mod pty;
pub mod tui;
mod wal;

pub use dav_servers::{DavKind, DavRequest, DavResponse, DavServer};
pub use env::{Env, NOW, PASSPHRASE, bin, passphrase_command, random_sid};
pub use fake_caldav::{
    FAKE_BEARER_TOKEN, FAKE_PASSWORD, FAKE_USER, FakeAuth, FakeCalDav, Layout, Quirks, Seen,
};
pub use fixtures::{fixture, fixture_path};
pub use http::{Gate, HttpServer, Reply, Request};
pub use ics::{Event, Ics};
pub use journal::{journal_of, reflections};
pub use pty::Pty;
pub use wal::claim_pages;
