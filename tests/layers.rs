//! The house rule that every dependency points down, checked on the source tree: the pure
//! `model` knows nothing above it (no egui, no walkers, no i18n, not the database: a data
//! source is the model's trait, which `db` implements), `i18n`, `theme` and `command`
//! know only the model (and egui), `db` knows only the model, `map` does not know `ui` or `app`,
//! and `ui` does not know `app`; only `main` knows the command line (`cli`). See
//! ARCHITECTURE.md for the layers and why.

#![allow(
    clippy::expect_used,
    reason = "a source file that cannot be read is a broken checkout"
)]

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The lines of the code files under `part` (a folder or a file of `src/`) that use any of the
/// forbidden paths, ignoring `//` comments and doc comments.
fn offenders(part: &str, forbidden: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let path = src.join(part);
    let files = if path.is_dir() {
        rust_files(&path)
    } else {
        vec![path.with_extension("rs")]
    };
    assert!(!files.is_empty(), "no files in {part}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for bad in forbidden {
                if code.contains(bad) {
                    found.push(format!(
                        "{}:{}: {}",
                        file.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn the_model_knows_nothing_above_it() {
    let found = offenders(
        "model",
        &[
            "crate::db",
            "postgres",
            "crate::app",
            "crate::ui",
            "crate::map",
            "crate::command",
            "crate::i18n",
            "crate::theme",
            "egui",
            "walkers",
        ],
    );
    assert!(
        found.is_empty(),
        "the model reaches up:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_database_layer_knows_only_the_model() {
    let found = offenders(
        "db",
        &[
            "crate::app",
            "crate::ui",
            "crate::map",
            "crate::command",
            "crate::i18n",
            "crate::theme",
            "egui",
            "walkers",
        ],
    );
    assert!(found.is_empty(), "db reaches up:\n{}", found.join("\n"));
}

#[test]
fn wording_style_and_commands_know_only_the_model() {
    for part in ["i18n", "theme", "command"] {
        let found = offenders(part, &["crate::app", "crate::ui", "crate::map", "walkers"]);
        assert!(found.is_empty(), "{part} reaches up:\n{}", found.join("\n"));
    }
}

#[test]
fn map_plugins_do_not_know_panels_or_the_app() {
    let found = offenders("map", &["crate::app", "crate::ui"]);
    assert!(found.is_empty(), "map reaches up:\n{}", found.join("\n"));
}

#[test]
fn panels_do_not_know_the_app() {
    let found = offenders("ui", &["crate::app"]);
    assert!(found.is_empty(), "ui reaches up:\n{}", found.join("\n"));
}

#[test]
fn the_scan_sees_a_forbidden_path() {
    // The app uses the panels, so a scan of it for `crate::ui` must find something; otherwise
    // the scans above prove nothing.
    assert!(!offenders("app", &["crate::ui"]).is_empty());
}

#[test]
fn only_main_knows_the_command_line() {
    for part in ["app", "ui", "map", "model", "command", "i18n", "theme"] {
        let found = offenders(part, &["crate::cli"]);
        assert!(
            found.is_empty(),
            "{part} reaches up to the command line:\n{}",
            found.join("\n")
        );
    }
}
