//! Typed configuration: a TOML file (every key optional, serde defaults), a few
//! environment variables, and the directories from `directories`.
//!
//! Where things come from, first match wins:
//! - config file: `--config FILE`, else `BOXOFFICE_CONFIG`, else `<config dir>/config.toml`
//!   if it exists, else the built-in defaults (`config.example.toml` spells them out);
//! - data directory: `BOXOFFICE_DATA_DIR`, else the platform's data directory;
//! - database url: `--database-url`, else `BOXOFFICE_DATABASE_URL`, else `database.url`,
//!   else a SQLite file `boxoffice.db` in the data directory.
//!
//! Every error names the file and the dotted key, so a typo is fixed in one go.

mod booking;
mod database;
mod environment;
mod error;
mod identity;
mod logging;
mod parse;
mod payment;
mod schedule;
mod shift;
mod ssh;
#[cfg(test)]
mod tests;
mod tui;
mod venue;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::vocab::venue_time::VenueTime;

pub use booking::BookingConfig;
pub use database::{DatabaseConfig, resolve_database_url};
pub use environment::{Environment, LoadedConfig, Paths, load, load_with};
pub use error::ConfigError;
pub use identity::IdentityConfig;
pub use logging::LogConfig;
pub use payment::PaymentConfig;
pub use schedule::ScheduleConfig;
pub use shift::ShiftConfig;
pub use ssh::SshConfig;
pub use tui::TuiConfig;
pub use venue::VenueConfig;
// The currency lives in the shared vocabulary; this path is kept for older imports.
pub use crate::vocab::{Currency, CurrencyError};

pub const ENV_CONFIG: &str = "BOXOFFICE_CONFIG";
pub const ENV_DATA_DIR: &str = "BOXOFFICE_DATA_DIR";
pub const ENV_DATABASE_URL: &str = "BOXOFFICE_DATABASE_URL";

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub database: DatabaseConfig,
    pub venue: VenueConfig,
    pub booking: BookingConfig,
    pub schedule: ScheduleConfig,
    pub ssh: SshConfig,
    pub identity: IdentityConfig,
    pub payment: PaymentConfig,
    pub shift: ShiftConfig,
    pub tui: TuiConfig,
    /// Keys of the TUI by action name, replacing the default keys of those actions.
    pub keys: BTreeMap<String, Vec<String>>,
    pub log: LogConfig,
}

impl Config {
    /// The configured url, or the SQLite file `boxoffice.db` in the data directory.
    pub fn database_url(&self, paths: &Paths) -> String {
        match &self.database.url {
            Some(url) => url.clone(),
            None => {
                let file = paths.data_dir.join("boxoffice.db");
                // sqlx percent-decodes the path and cuts it at '?'.
                let file = file
                    .display()
                    .to_string()
                    .replace('%', "%25")
                    .replace('?', "%3F");
                format!("sqlite://{file}?mode=rwc")
            }
        }
    }

    pub fn venue_time(&self) -> VenueTime {
        VenueTime::new(self.venue.timezone, self.venue.business_day_starts)
    }
}
