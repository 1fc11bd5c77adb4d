//! The calendar files under `tests/fixtures/`, by name.

/// The path of `tests/fixtures/NAME`, as text (to pass as a command's argument).
pub fn fixture_path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The text of `tests/fixtures/NAME`.
///
/// # Panics
/// When there is no such fixture.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name))
        .unwrap_or_else(|e| panic!("the fixture {name}: {e}"))
}
