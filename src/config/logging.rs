//! `[log]`: what goes to the log file.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// A tracing `EnvFilter` directive; `RUST_LOG` overrides it.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            level: "info".to_string(),
        }
    }
}

impl LogConfig {
    /// Rejects what `EnvFilter` would reject at start-up, so the message names the key.
    pub(super) fn check(&self) -> Result<(), String> {
        if self.level.trim().is_empty() {
            return Err("must not be empty (try \"info\")".to_string());
        }
        tracing_subscriber::EnvFilter::builder()
            .parse(&self.level)
            .map_err(|e| format!("{e} (try \"info\" or \"boxoffice=debug\")"))?;
        Ok(())
    }
}
