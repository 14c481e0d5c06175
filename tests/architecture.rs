//! Who may import whom (docs/ARCHITECTURE.md), checked on the source text: a domain room
//! that reaches for a store, a front end or a database crate fails here, before the
//! dependency has time to spread.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

/// Paths a domain room never names: persistence, front ends, and the crates they use.
const OUTSIDE_A_DOMAIN: &[&str] = &[
    "crate::store",
    "crate::tui",
    "crate::cli",
    "crate::ssh",
    "sqlx",
    "ratatui",
    "crossterm",
];

/// The front ends, which persistence never names.
const FRONT_ENDS: &[&str] = &[
    "crate::tui",
    "crate::cli",
    "crate::ssh",
    "ratatui",
    "crossterm",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Whether `line` names `path` as a path: `crate::store` in `use crate::store::X;` or
/// `crate::store::X::new()`, `sqlx` in `use sqlx::...` or `sqlx::query(...)`, but not
/// `crate::storefront` or a word in a comment.
fn names(line: &str, path: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices(path).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + path.len()..].chars().next();
        let starts = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let ends = matches!(after, Some(':') | Some(';') | Some(',') | Some('}') | None)
            || after.is_some_and(char::is_whitespace);
        starts && ends
    })
}

/// Every path a `use` declaration of `code` brings in, groups expanded:
/// `use crate::{store::{A, B}, vocab};` gives `crate::store::A`, `crate::store::B`,
/// `crate::vocab`.
fn use_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for statement in code.split(';') {
        for (at, _) in statement.match_indices("use ") {
            let line_start = statement[..at].rfind('\n').map_or(0, |i| i + 1);
            let before = statement[line_start..at].trim();
            if before.is_empty() || before.starts_with("pub") {
                expand("", &statement[at + 4..], &mut paths);
            }
        }
    }
    paths
}

fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree: String = tree.split_whitespace().collect();
    let Some(open) = tree.find('{') else {
        out.push(format!("{prefix}{tree}"));
        return;
    };
    let head = format!("{prefix}{}", &tree[..open]);
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&head, &inner[start..i], out);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < inner.len() {
        expand(&head, &inner[start..], out);
    }
}

/// The file's text without its `//` comments (doc comments included).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn imports(path: &str, forbidden: &str) -> bool {
    path == forbidden
        || path.starts_with(&format!("{forbidden}::"))
        || path.starts_with(&format!("{forbidden}as"))
}

/// Every place in the `.rs` files under `src/<room>` that names one of `paths`, in a
/// `use` declaration or written out in the code.
fn offences(room: &str, paths: &[&str]) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(room);
    let mut found = Vec::new();
    for file in rust_files(&dir) {
        let text = fs::read_to_string(&file).unwrap();
        for used in use_paths(&code_of(&text)) {
            for path in paths {
                if imports(&used, path) {
                    found.push(format!("{}: use {used}", file.display()));
                }
            }
        }
        for (n, line) in text.lines().enumerate() {
            for path in paths {
                if names(line, path) {
                    found.push(format!(
                        "{}:{}: names {path}: {}",
                        file.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn domain_rooms_name_no_store_front_end_or_database_crate() {
    let mut found = Vec::new();
    for room in ["screening", "booking", "identity", "payment", "vocab"] {
        found.extend(offences(room, OUTSIDE_A_DOMAIN));
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn booking_never_names_payment() {
    let found = offences("booking", &["crate::payment"]);
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn the_store_names_no_front_end() {
    let found = offences("store", FRONT_ENDS);
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_an_import_however_it_is_written() {
    assert!(names("use crate::store::Store;", "crate::store"));
    assert!(names("use crate::store;", "crate::store"));
    assert!(names(
        "    let x = crate::store::Backend::of_url(u);",
        "crate::store"
    ));
    assert!(names("#[derive(sqlx::FromRow)]", "sqlx"));
    assert!(names("use sqlx::{Connection, PgPool};", "sqlx"));
    assert!(!names("use crate::storefront::X;", "crate::store"));
    assert!(!names(
        "// moved out of crate::store::payment",
        "crate::store"
    ));
    assert!(!names("use crate::vocab::mysqlx;", "sqlx"));
    let grouped = use_paths(
        "use crate::{\n    store::{Backend, Store},\n    vocab,\n};\npub(crate) use sqlx as db;",
    );
    assert_eq!(
        grouped,
        [
            "crate::store::Backend",
            "crate::store::Store",
            "crate::vocab",
            "sqlxasdb"
        ]
    );
    assert!(imports(&grouped[0], "crate::store"));
    assert!(imports(&grouped[3], "sqlx"));
    assert!(!imports("crate::storefront", "crate::store"));
}
