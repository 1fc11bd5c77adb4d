//! Calendars: expanding recurrences into occurrences, and writing iCalendar files.
//! Pure: data in, occurrences or bytes out.

pub mod blocks;
pub mod events;
pub mod export;
pub mod ics;
pub mod read;
pub mod vtimezone;
pub mod zones;

pub use blocks::{expand_block, occurrences_between};

#[cfg(test)]
mod events_tests;
