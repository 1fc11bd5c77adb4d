//! The arrows between bearing's layers point down: every `use crate::…` and inline
//! `crate::x::…` path in `src/` is checked against the table of which layer may use
//! which (README, "For developers"). Test code is left out: tests may set up through
//! the store.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Which layers each layer may use, besides itself. `tui::about` is the one TUI module
/// the CLI may read (what it reports about the interface).
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("calendar", &["domain"]),
    ("audit", &["domain", "calendar"]),
    ("store", &["domain", "calendar"]),
    ("config", &["domain"]),
    ("io", &["domain", "store", "config"]),
    (
        "app",
        &["domain", "calendar", "audit", "store", "config", "io"],
    ),
    (
        "cli",
        &["app", "domain", "audit", "config", "io", "tui::about"],
    ),
    ("tui", &["app", "domain", "audit", "config", "io"]),
];

/// What the crate root itself holds, which every layer may use.
const ROOT: &[&str] = &["describe"];

/// Layers no rule constrains: the binary, the crate root and the test kit.
const FREE: &[&str] = &["main", "lib", "testkit", "vendor"];

/// The layer a source file belongs to: its first folder (or file stem) under `src/`.
fn layer_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// The layer a `crate::` path names: its first segment, or `tui::about`.
fn target_of(path: &str) -> String {
    let mut parts = path.split("::");
    let first = parts.next().unwrap_or_default().trim();
    if first == "tui" && parts.next().map(str::trim) == Some("about") {
        return "tui::about".to_string();
    }
    first.to_string()
}

/// The code of a file without its test module (`#[cfg(test)] mod tests { … }` to the
/// end, where bearing keeps it) and without comments.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod tests"))
        {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every layer a file's code names through `crate::`: `use crate::x…`, grouped
/// `use crate::{x, y::z}` and inline `crate::x::…` paths.
fn targets(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        // `$crate::` inside a macro is the crate too.
        let after = &rest[at + "crate::".len()..];
        let before = rest[..at].chars().last();
        let is_path = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if is_path {
            if let Some(group) = after.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let item = item.trim();
                    if !item.is_empty() {
                        found.insert(target_of(item));
                    }
                }
            } else {
                let end = after
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(after.len());
                found.insert(target_of(&after[..end]));
            }
        }
        rest = after;
    }
    found.retain(|t| !t.is_empty() && t != "self");
    found
}

/// The wrong-way arrows among `files` (path under `src/`, text), as "file -> layer".
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in files {
        let layer = layer_of(path);
        if FREE.contains(&layer.as_str()) {
            continue;
        }
        let allowed: &[&str] = ALLOWED
            .iter()
            .find(|(l, _)| *l == layer)
            .map(|(_, a)| *a)
            .unwrap_or(&[]);
        if !ALLOWED.iter().any(|(l, _)| *l == layer) {
            out.push(format!(
                "{}: layer '{layer}' is in no row of ALLOWED",
                path.display()
            ));
            continue;
        }
        let code = code_of(text);
        // The journal lends its store to tests only (`Journal::store_for_tests`).
        if code.contains("_for_tests(") && !code.contains("fn store_for_tests(") {
            out.push(format!(
                "{} -> store (through a _for_tests door)",
                path.display()
            ));
        }
        for target in targets(&code) {
            let own = target == layer || target.starts_with(&format!("{layer}::"));
            if !own && !allowed.contains(&target.as_str()) && !ROOT.contains(&target.as_str()) {
                out.push(format!("{} -> {target}", path.display()));
            }
        }
    }
    out
}

/// Whether a file holds only tests (by bearing's naming), so the rules leave it out.
fn is_test_file(relative: &Path) -> bool {
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    name.ends_with("_tests.rs")
        || name == "tests.rs"
        || name == "test_support.rs"
        || relative.components().any(|c| c.as_os_str() == "tests")
}

fn source_files(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if !is_test_file(&relative) {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((relative, text));
            }
        }
    }
}

#[test]
fn every_arrow_between_layers_points_down() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    assert!(files.len() > 50, "the source files were found");
    let wrong = violations(&files);
    assert!(
        wrong.is_empty(),
        "wrong-way arrows (see ALLOWED in tests/layers.rs):\n{wrong:#?}"
    );
}

#[test]
fn a_planted_wrong_way_import_is_found() {
    let planted = |path: &str, text: &str| vec![(PathBuf::from(path), text.to_string())];
    // The CLI reaching the store, by `use`, by a group and inline.
    for text in [
        "use crate::store::Store;\n",
        "use crate::{app, store::Store};\n",
        "fn f() { let _ = crate::store::Store::open_in_memory(); }\n",
    ] {
        assert_eq!(
            violations(&planted("cli/list.rs", text)),
            ["cli/list.rs -> store"],
            "{text}"
        );
    }
    // The domain reaching up; the interface's keymap from the CLI; config into tui.
    assert_eq!(
        violations(&planted("domain/week.rs", "use crate::app::Now;\n")),
        ["domain/week.rs -> app"]
    );
    assert_eq!(
        violations(&planted(
            "cli/config_cmd.rs",
            "use crate::tui::keymap::Keymap;\n"
        )),
        ["cli/config_cmd.rs -> tui"]
    );
    // The test-only door to the store, used by a front end.
    assert_eq!(
        violations(&planted(
            "tui/app.rs",
            "fn f(a: &App) { a.journal.store_for_tests().list_blocks(); }\n"
        )),
        ["tui/app.rs -> store (through a _for_tests door)"]
    );
    // What is allowed passes: the one TUI module the CLI may use, a test module, a
    // comment, and `$crate` inside a macro of the same layer.
    let fine = "use crate::tui::about;\n// crate::store is named here\n#[cfg(test)]\nmod tests {\n    use crate::store::Store;\n}\n";
    assert!(violations(&planted("cli/mod.rs", fine)).is_empty());
    assert!(violations(&planted("tui/app.rs", "$crate::tui::context::Ctx::new()\n")).is_empty());
    assert!(violations(&planted("main.rs", "use crate::store::Store;\n")).is_empty());
}
