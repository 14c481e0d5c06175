//! Parsing and validating a config file's text, with errors that name the dotted key.

use std::path::Path;

use super::database::check_database_url;
use super::{Config, ConfigError};

impl Config {
    /// Parses and validates a config file's text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let de = toml::Deserializer::parse(text).map_err(|e| {
            let (line, column) = line_and_column(text, e.span().map_or(0, |s| s.start));
            ConfigError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            let message = inner.message().trim().to_string();
            match unknown_field(&message) {
                Some(field) => ConfigError::UnknownKey {
                    path: path.to_path_buf(),
                    key: join_key(&key, field),
                },
                None => ConfigError::Invalid {
                    path: path.to_path_buf(),
                    key,
                    message: match inner.span() {
                        Some(s) => format!("{message} (line {})", line_and_column(text, s.start).0),
                        None => message,
                    },
                },
            }
        })?;
        config.validate(path)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let ranges: [(&'static str, u32, u32, u32); 18] = [
            (
                "payment.decline_percent",
                self.payment.decline_percent,
                0,
                100,
            ),
            (
                "payment.timeout_percent",
                self.payment.timeout_percent,
                0,
                100,
            ),
            ("payment.latency_ms", self.payment.latency_ms, 0, 60_000),
            ("payment.timeout_ms", self.payment.timeout_ms, 1, 120_000),
            ("payment.retries", self.payment.retries, 0, 10),
            (
                "payment.retry_pause_ms",
                self.payment.retry_pause_ms,
                0,
                60_000,
            ),
            ("booking.hold_minutes", self.booking.hold_minutes, 1, 120),
            (
                "identity.lockout_attempts",
                self.identity.lockout_attempts,
                1,
                100,
            ),
            (
                "identity.lockout_minutes",
                self.identity.lockout_minutes,
                1,
                1440,
            ),
            (
                "booking.max_seats_per_order",
                self.booking.max_seats_per_order,
                1,
                50,
            ),
            (
                "booking.counter_reserve_seats",
                self.booking.counter_reserve_seats,
                0,
                1000,
            ),
            ("schedule.ads_minutes", self.schedule.ads_minutes, 0, 120),
            ("ssh.max_sessions", self.ssh.max_sessions, 1, 10_000),
            (
                "ssh.max_sessions_per_account",
                self.ssh.max_sessions_per_account,
                1,
                1000,
            ),
            ("ssh.idle_minutes", self.ssh.idle_minutes, 1, 1440),
            (
                "ssh.connections_per_minute",
                self.ssh.connections_per_minute,
                1,
                10_000,
            ),
            ("ssh.pool_connections", self.ssh.pool_connections, 0, 1000),
            (
                "schedule.cleaning_minutes",
                self.schedule.cleaning_minutes,
                0,
                120,
            ),
        ];
        for (key, got, min, max) in ranges {
            if !(min..=max).contains(&got) {
                return Err(ConfigError::OutOfRange {
                    path: path.to_path_buf(),
                    key,
                    min,
                    max,
                    got,
                });
            }
        }
        let invalid = |key: &str, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            key: key.to_string(),
            message,
        };
        if self.venue.name.trim().is_empty() {
            return Err(invalid("venue.name", "must not be empty".to_string()));
        }
        for rating in &self.venue.child_confirm_ratings {
            let r = rating.trim();
            if r.is_empty() || r.chars().count() > 10 || r.chars().any(char::is_control) {
                return Err(invalid(
                    "venue.child_confirm_ratings",
                    format!(
                        "{rating:?} is not a rating (1 to 10 characters, like \"R\" or \"18\")"
                    ),
                ));
            }
        }
        if let Some(url) = &self.database.url {
            check_database_url(url).map_err(|m| invalid("database.url", m))?;
        }
        self.check_tui()
            .map_err(|(key, message)| invalid(&key, message))?;
        self.log
            .check()
            .map_err(|message| invalid("log.level", message))?;
        Ok(())
    }
}

/// serde says "unknown field `x`, expected one of ...": the `x`.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

/// serde_path_to_error's path may or may not end with the unknown field already.
fn join_key(path: &str, field: &str) -> String {
    if path == "." || path.is_empty() {
        field.to_string()
    } else if path == field || path.ends_with(&format!(".{field}")) {
        path.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
