//! What can go wrong while loading the configuration; every message names its source.

use std::io;
use std::path::PathBuf;

use super::ENV_DATA_DIR;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {} (given by {origin}) does not exist", path.display())]
    NotFound { path: PathBuf, origin: &'static str },
    #[error("config file {}: cannot read it: {cause}", path.display())]
    Read { path: PathBuf, cause: io::Error },
    #[error("config file {}: line {line}, column {column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("config file {}: unknown key `{key}`", path.display())]
    UnknownKey { path: PathBuf, key: String },
    #[error("config file {}: {key}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        key: String,
        message: String,
    },
    #[error("config file {}: {key}: must be between {min} and {max}, got {got}", path.display())]
    OutOfRange {
        path: PathBuf,
        key: &'static str,
        min: u32,
        max: u32,
        got: u32,
    },
    #[error("{origin}: {message}")]
    BadOverride {
        origin: &'static str,
        message: String,
    },
    #[error("no home directory found to keep data in; set {ENV_DATA_DIR} to a directory")]
    NoHomeDir,
    #[error("data directory {}: cannot create it: {cause}", path.display())]
    DataDir { path: PathBuf, cause: io::Error },
}
