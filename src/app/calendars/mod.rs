//! The calendars a manager imports: files, private links; reading them in, and reading
//! them again.

pub mod import;
pub mod refresh;
