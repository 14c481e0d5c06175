//! How a command's result or failure reaches the operator: text for people, one JSON
//! object with `--json`, and PRODUCT.md's exit codes.

use crate::vocab::text::printable;
use serde_json::{Map, Value, json};

use crate::vocab::{DomainError, ErrorKind};

/// A finished command: what to print for a person and for a program.
pub struct Outcome {
    pub text: String,
    pub json: Value,
}

impl Outcome {
    pub fn new(text: impl Into<String>, json: Value) -> Self {
        Outcome {
            text: text.into(),
            json,
        }
    }
}

/// A refused or failed command, whatever domain refused it.
#[derive(Debug)]
pub struct Failure {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub message: String,
    pub details: Map<String, Value>,
}

impl Failure {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut details = Map::new();
        details.insert("field".into(), json!(field));
        Failure {
            kind: ErrorKind::InvalidInput,
            code: "invalid_input",
            message: format!("{field}: {}", message.into()),
            details,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Failure {
            kind: ErrorKind::Internal,
            code: "internal",
            message: message.into(),
            details: Map::new(),
        }
    }

    pub fn exit_code(&self) -> i32 {
        self.kind.exit_code()
    }

    pub fn to_json(&self) -> Value {
        let mut error = Map::new();
        error.insert("code".into(), json!(self.code));
        error.insert("message".into(), json!(self.message));
        for (k, v) in &self.details {
            error.insert(k.clone(), v.clone());
        }
        json!({ "error": error })
    }
}

impl<E: DomainError> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure {
            kind: e.kind(),
            code: e.code(),
            message: e.to_string(),
            details: e.details(),
        }
    }
}

/// Prints the result and returns the process's exit code.
pub fn finish(result: Result<Outcome, Failure>, json: bool) -> i32 {
    match result {
        Ok(outcome) => {
            if json {
                println!("{}", pretty(&outcome.json));
            } else if !outcome.text.is_empty() {
                // Names, titles and reasons come from people: never raw escapes.
                println!("{}", printable(outcome.text.trim_end(), true));
            }
            0
        }
        Err(failure) => {
            if failure.kind == ErrorKind::Internal {
                tracing::error!(code = failure.code, "{}", failure.message);
            }
            if json {
                println!("{}", pretty(&failure.to_json()));
            } else {
                eprintln!("error: {}", printable(&failure.message, true));
            }
            failure.exit_code()
        }
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// A fixed-width text table; the last column is left unpadded.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let n = cells.len();
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i + 1 == n {
                    c.to_string()
                } else {
                    format!("{c:<w$}", w = widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(headers.to_vec())];
    for row in rows {
        out.push(line(row.iter().map(String::as_str).collect()));
    }
    out.join("\n")
}
