//! `[database]`: where the data lives, and the url overrides from flag and environment.

use std::fmt;

use serde::Deserialize;

use super::{ConfigError, ENV_DATABASE_URL};

#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `None`: SQLite file `boxoffice.db` in the data directory.
    pub url: Option<String>,
}

// A database url may carry a password; Debug output ends up in logs.
impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &self.url.as_deref().map(redact_url))
            .finish()
    }
}

/// The `--database-url` flag beats `BOXOFFICE_DATABASE_URL`, which beats the file's
/// `database.url` (already validated by `Config::parse`).
pub fn resolve_database_url(
    flag: Option<&str>,
    env: Option<&str>,
    file: Option<String>,
) -> Result<Option<String>, ConfigError> {
    for (value, origin) in [(flag, "--database-url"), (env, ENV_DATABASE_URL)] {
        if let Some(url) = value {
            return match check_database_url(url) {
                Ok(()) => Ok(Some(url.to_string())),
                Err(message) => Err(ConfigError::BadOverride { origin, message }),
            };
        }
    }
    Ok(file)
}

// Never echoes the url: it may hold a password.
pub(super) fn check_database_url(url: &str) -> Result<(), String> {
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|p| url.starts_with(p)) {
        Ok(())
    } else {
        Err("must start with `sqlite:` or `postgres://`".to_string())
    }
}

/// `postgres://user:secret@host/db` shown as `postgres://user:***@host/db`.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].find(':') {
            Some(colon) => format!("{scheme}://{}:***{}", &rest[..colon], &rest[at..]),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}
