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

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveTime;
use chrono_tz::Tz;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::vocab::venue_time::VenueTime;
// Pure parts of the TUI (no terminal): config checks keys and themes at load, so a typo
// is reported with the file and key like any other.
use crate::tui::keymap::Keymap;
use crate::tui::theme::ThemeMode;

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
    pub tui: TuiConfig,
    /// Keys of the TUI by action name, replacing the default keys of those actions.
    pub keys: BTreeMap<String, Vec<String>>,
    pub log: LogConfig,
}

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

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VenueConfig {
    pub name: String,
    #[serde(deserialize_with = "de_time_zone")]
    pub timezone: Tz,
    pub currency: Currency,
    #[serde(deserialize_with = "de_time_of_day")]
    pub business_day_starts: NaiveTime,
}

impl Default for VenueConfig {
    fn default() -> Self {
        VenueConfig {
            name: "Boxoffice Cinema".to_string(),
            timezone: chrono_tz::Europe::Berlin,
            currency: Currency::EUR,
            business_day_starts: NaiveTime::MIN + chrono::Duration::hours(6),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookingConfig {
    pub hold_minutes: u32,
    pub max_seats_per_order: u32,
    pub counter_reserve_seats: u32,
}

impl Default for BookingConfig {
    fn default() -> Self {
        BookingConfig {
            hold_minutes: 10,
            max_seats_per_order: 10,
            counter_reserve_seats: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleConfig {
    pub ads_minutes: u32,
    pub cleaning_minutes: u32,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            ads_minutes: 15,
            cleaning_minutes: 15,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SshConfig {
    pub listen: SocketAddr,
    /// Passwordless `kiosk` logins land in the customer kiosk.
    pub kiosk: bool,
}

impl Default for SshConfig {
    fn default() -> Self {
        SshConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 2222)),
            kiosk: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IdentityConfig {
    /// Failed logins in a row that lock an account.
    pub lockout_attempts: u32,
    /// How long a locked account stays locked.
    pub lockout_minutes: u32,
}

impl Default for IdentityConfig {
    fn default() -> Self {
        IdentityConfig {
            lockout_attempts: 5,
            lockout_minutes: 15,
        }
    }
}

/// The card gateway. The built-in bank is simulated: these settings make it decline or
/// time out now and then, so every path can be shown at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaymentConfig {
    /// Percent of card charges the simulated bank declines.
    pub decline_percent: u32,
    /// Percent of calls to the simulated bank that time out.
    pub timeout_percent: u32,
    /// How long the simulated bank takes to answer.
    pub latency_ms: u32,
    /// How long to wait for the bank before a call counts as timed out.
    pub timeout_ms: u32,
    /// Retries of a timed-out call (with the same idempotency key).
    pub retries: u32,
    /// The pause before the first retry; each next pause doubles.
    pub retry_pause_ms: u32,
}

impl Default for PaymentConfig {
    fn default() -> Self {
        PaymentConfig {
            decline_percent: 0,
            timeout_percent: 0,
            latency_ms: 300,
            timeout_ms: 10_000,
            retries: 3,
            retry_pause_ms: 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TuiConfig {
    /// "auto", "dark", "light" or "mono"; `NO_COLOR` in the environment means "mono".
    pub theme: String,
    /// A program and its arguments that print a receipt; the receipt file's path is
    /// appended. Empty: receipts are only written to a file.
    pub printer_command: Vec<String>,
}

impl Default for TuiConfig {
    fn default() -> Self {
        TuiConfig {
            theme: "auto".to_string(),
            printer_command: Vec::new(),
        }
    }
}

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

/// An ISO 4217 code: exactly three ASCII uppercase letters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a currency code: {0:?} (three uppercase letters, like EUR)")]
pub struct CurrencyError(pub String);

impl Currency {
    pub const EUR: Currency = Currency(*b"EUR");

    pub fn parse(text: &str) -> Result<Self, CurrencyError> {
        match text.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(CurrencyError(text.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters get in (see `parse`); "XXX" is ISO's "no currency".
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::EUR
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::parse(&text).map_err(de::Error::custom)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn de_time_zone<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(d)?;
    name.parse::<Tz>().map_err(|_| {
        de::Error::custom(format!(
            "unknown time zone {name:?} (an IANA name, like Europe/Berlin)"
        ))
    })
}

/// "HH:MM" as a string; a bare TOML time (`06:00`) is accepted too.
fn de_time_of_day<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let parsed = match Repr::deserialize(d) {
        Ok(Repr::Text(text)) => NaiveTime::parse_from_str(text.trim(), "%H:%M").ok(),
        Ok(Repr::Toml(toml::value::Datetime {
            date: None,
            offset: None,
            time: Some(t),
        })) if t.second.unwrap_or(0) == 0 && t.nanosecond.unwrap_or(0) == 0 => {
            NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), 0)
        }
        _ => None,
    };
    parsed.ok_or_else(|| de::Error::custom("expected a time of day as \"HH:MM\", like \"06:00\""))
}

/// The paths the program works with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Database, log file, SSH host key. Exists once `load` returns.
    pub data_dir: PathBuf,
    /// The config file actually read, if any.
    pub config_file: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    pub paths: Paths,
}

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

/// What `load` reads from the process, gathered in one place so the rest is a pure
/// function of it (tests build one by hand instead of setting process variables).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `BOXOFFICE_CONFIG`
    pub config_file: Option<PathBuf>,
    /// `BOXOFFICE_DATA_DIR`
    pub data_dir: Option<PathBuf>,
    /// `BOXOFFICE_DATABASE_URL`
    pub database_url: Option<String>,
    /// The platform's config directory for boxoffice (`None`: no home directory).
    pub platform_config_dir: Option<PathBuf>,
    /// The platform's data directory for boxoffice (`None`: no home directory).
    pub platform_data_dir: Option<PathBuf>,
}

impl Environment {
    pub fn from_process() -> Result<Self, ConfigError> {
        // An empty variable counts as unset, as shells make them easily.
        let path_var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let database_url = match std::env::var(ENV_DATABASE_URL) {
            Ok(v) if v.is_empty() => None,
            Ok(v) => Some(v),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(ConfigError::BadOverride {
                    origin: ENV_DATABASE_URL,
                    message: "not valid UTF-8".to_string(),
                });
            }
        };
        let dirs = directories::ProjectDirs::from("", "", "boxoffice");
        Ok(Environment {
            config_file: path_var(ENV_CONFIG),
            data_dir: path_var(ENV_DATA_DIR),
            database_url,
            platform_config_dir: dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
            platform_data_dir: dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
        })
    }
}

/// Reads the configuration (see the module comment for the order) and makes sure the
/// data directory exists.
pub fn load(
    explicit: Option<&Path>,
    database_url_override: Option<&str>,
) -> Result<LoadedConfig, ConfigError> {
    load_with(
        explicit,
        database_url_override,
        &Environment::from_process()?,
    )
}

/// `load` with the process environment passed in.
pub fn load_with(
    explicit: Option<&Path>,
    database_url_override: Option<&str>,
    env: &Environment,
) -> Result<LoadedConfig, ConfigError> {
    let chosen = match (explicit, &env.config_file) {
        (Some(path), _) => Some((path.to_path_buf(), "--config")),
        (None, Some(path)) => Some((path.clone(), ENV_CONFIG)),
        (None, None) => None,
    };
    let (mut config, config_file) = match chosen {
        Some((path, origin)) => match std::fs::read_to_string(&path) {
            Ok(text) => (Config::parse(&text, &path)?, Some(path)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(ConfigError::NotFound { path, origin });
            }
            Err(cause) => return Err(ConfigError::Read { path, cause }),
        },
        None => match env
            .platform_config_dir
            .as_ref()
            .map(|d| d.join("config.toml"))
        {
            Some(path) if path.is_file() => match std::fs::read_to_string(&path) {
                Ok(text) => (Config::parse(&text, &path)?, Some(path)),
                Err(cause) => return Err(ConfigError::Read { path, cause }),
            },
            _ => (Config::default(), None),
        },
    };

    config.database.url = resolve_database_url(
        database_url_override,
        env.database_url.as_deref(),
        config.database.url.take(),
    )?;

    let data_dir = env
        .data_dir
        .clone()
        .or_else(|| env.platform_data_dir.clone())
        .ok_or(ConfigError::NoHomeDir)?;
    std::fs::create_dir_all(&data_dir).map_err(|cause| ConfigError::DataDir {
        path: data_dir.clone(),
        cause,
    })?;
    // Absolute, so the SQLite url means the same file whatever the working directory.
    let data_dir = std::path::absolute(&data_dir).unwrap_or(data_dir);

    Ok(LoadedConfig {
        config,
        paths: Paths {
            data_dir,
            config_file,
        },
    })
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
fn check_database_url(url: &str) -> Result<(), String> {
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
        let ranges: [(&'static str, u32, u32, u32); 13] = [
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
        if let Some(url) = &self.database.url {
            check_database_url(url).map_err(|m| invalid("database.url", m))?;
        }
        if ThemeMode::parse(&self.tui.theme).is_none() {
            return Err(invalid(
                "tui.theme",
                format!(
                    "{:?} is not a theme (auto, dark, light or mono)",
                    self.tui.theme
                ),
            ));
        }
        if self
            .tui
            .printer_command
            .first()
            .is_some_and(|p| p.trim().is_empty())
        {
            return Err(invalid(
                "tui.printer_command",
                "the program's name is blank (like [\"lp\", \"-d\", \"counter\"])".to_string(),
            ));
        }
        self.keymap()
            .map_err(|(key, message)| invalid(&key, message))?;
        if self.log.level.trim().is_empty() {
            return Err(invalid(
                "log.level",
                "must not be empty (try \"info\")".to_string(),
            ));
        }
        tracing_subscriber::EnvFilter::builder()
            .parse(&self.log.level)
            .map_err(|e| {
                invalid(
                    "log.level",
                    format!("{e} (try \"info\" or \"boxoffice=debug\")"),
                )
            })?;
        Ok(())
    }

    /// The TUI's keymap: the defaults with `[keys]` applied. A failure names its key
    /// (`keys.quit`), or `keys` for two actions sharing one key.
    pub fn keymap(&self) -> Result<Keymap, (String, String)> {
        for (action, list) in &self.keys {
            Keymap::with_overrides([(action.as_str(), keys_of(list))])
                .map_err(|e| (format!("keys.{action}"), e.to_string()))?;
        }
        Keymap::with_overrides(self.keys.iter().map(|(a, l)| (a.as_str(), keys_of(l))))
            .map_err(|e| ("keys".to_string(), e.to_string()))
    }

    pub fn theme_mode(&self) -> ThemeMode {
        ThemeMode::parse(&self.tui.theme).unwrap_or_default()
    }

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

fn keys_of(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::io::Write;

    const EXAMPLE: &str = include_str!("../config.example.toml");

    fn file_with(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    fn env_in(data: &tempfile::TempDir) -> Environment {
        Environment {
            data_dir: Some(data.path().join("data")),
            ..Environment::default()
        }
    }

    fn parse_err(text: &str) -> String {
        Config::parse(text, Path::new("/x/y.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn defaults_when_no_file() {
        let data = tempfile::tempdir().unwrap();
        let mut env = env_in(&data);
        // A config dir without config.toml in it.
        env.platform_config_dir = Some(data.path().join("nothing-here"));
        let loaded = load_with(None, None, &env).unwrap();
        assert_eq!(loaded.config, Config::default());
        assert_eq!(loaded.paths.config_file, None);
        assert!(loaded.paths.data_dir.is_dir());
        let url = loaded.config.database_url(&loaded.paths);
        assert!(url.starts_with("sqlite://"), "{url}");
        assert!(url.ends_with("/data/boxoffice.db?mode=rwc"), "{url}");
    }

    #[test]
    fn the_default_config_file_is_read_when_present() {
        let data = tempfile::tempdir().unwrap();
        let dir = data.path().join("conf");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.toml"), "[booking]\nhold_minutes = 7\n").unwrap();
        let mut env = env_in(&data);
        env.platform_config_dir = Some(dir.clone());
        let loaded = load_with(None, None, &env).unwrap();
        assert_eq!(loaded.config.booking.hold_minutes, 7);
        assert_eq!(loaded.paths.config_file, Some(dir.join("config.toml")));
    }

    #[test]
    fn the_example_file_sets_every_key_to_its_default() {
        let config = Config::parse(EXAMPLE, Path::new("config.example.toml")).unwrap();
        assert_eq!(config, Config::default());
        // Every key is written out, so a typo in the example would fail the parse above.
        // `database.url` alone stays commented: its default is "no url" (SQLite file).
        let table: toml::Table = toml::from_str(EXAMPLE).unwrap();
        let mut keys: Vec<String> = table
            .iter()
            .flat_map(|(section, v)| {
                let inner = v.as_table().unwrap();
                inner.keys().map(move |k| format!("{section}.{k}"))
            })
            .collect();
        keys.sort();
        let mut expected = vec![
            "venue.name",
            "venue.timezone",
            "venue.currency",
            "venue.business_day_starts",
            "booking.hold_minutes",
            "booking.max_seats_per_order",
            "booking.counter_reserve_seats",
            "schedule.ads_minutes",
            "schedule.cleaning_minutes",
            "ssh.listen",
            "ssh.kiosk",
            "identity.lockout_attempts",
            "identity.lockout_minutes",
            "payment.decline_percent",
            "payment.timeout_percent",
            "payment.latency_ms",
            "payment.timeout_ms",
            "payment.retries",
            "payment.retry_pause_ms",
            "tui.theme",
            "tui.printer_command",
            "log.level",
        ];
        expected.sort();
        assert_eq!(keys, expected);
        assert!(table.contains_key("database"));
        assert!(EXAMPLE.lines().any(|l| l.starts_with("# url = ")));
    }

    #[test]
    fn every_value_of_the_example_is_what_the_defaults_say() {
        let c = Config::default();
        assert_eq!(c.venue.timezone, chrono_tz::Europe::Berlin);
        assert_eq!(c.venue.currency.as_str(), "EUR");
        assert_eq!(
            c.venue.business_day_starts,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap()
        );
        assert_eq!(c.ssh.listen.to_string(), "127.0.0.1:2222");
        let v = c.venue_time();
        assert_eq!(v.zone, chrono_tz::Europe::Berlin);
    }

    #[test]
    fn an_explicit_file_is_read_and_wins_over_the_environment() {
        let data = tempfile::tempdir().unwrap();
        let explicit = file_with("[venue]\nname = \"Explicit\"\n");
        let from_env = file_with("[venue]\nname = \"From env\"\n");
        let mut env = env_in(&data);
        env.config_file = Some(from_env.path().to_path_buf());
        let loaded = load_with(Some(explicit.path()), None, &env).unwrap();
        assert_eq!(loaded.config.venue.name, "Explicit");
        assert_eq!(loaded.paths.config_file.as_deref(), Some(explicit.path()));
        let loaded = load_with(None, None, &env).unwrap();
        assert_eq!(loaded.config.venue.name, "From env");
    }

    #[test]
    fn a_missing_explicit_file_is_named() {
        let data = tempfile::tempdir().unwrap();
        let missing = data.path().join("nope.toml");
        let err = load_with(Some(&missing), None, &env_in(&data)).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, ConfigError::NotFound { .. }));
        assert!(text.contains(&missing.display().to_string()), "{text}");
        assert!(text.contains("--config"), "{text}");
    }

    #[test]
    fn unknown_keys_are_named_with_their_path() {
        assert_eq!(
            parse_err("[booking]\nhold_minute = 5\n"),
            "config file /x/y.toml: unknown key `booking.hold_minute`"
        );
        assert_eq!(
            parse_err("[bookings]\nhold_minutes = 5\n"),
            "config file /x/y.toml: unknown key `bookings`"
        );
    }

    #[test]
    fn a_bad_time_zone_is_named() {
        let text = parse_err("[venue]\ntimezone = \"Mars/Olympus\"\n");
        assert!(
            text.starts_with("config file /x/y.toml: venue.timezone: unknown time zone"),
            "{text}"
        );
        assert!(text.contains("Mars/Olympus"), "{text}");
        assert!(text.contains("line 2"), "{text}");
    }

    #[test]
    fn out_of_range_values_are_named() {
        assert_eq!(
            parse_err("[booking]\nhold_minutes = 0\n"),
            "config file /x/y.toml: booking.hold_minutes: must be between 1 and 120, got 0"
        );
        assert_eq!(
            parse_err("[schedule]\ncleaning_minutes = 121\n"),
            "config file /x/y.toml: schedule.cleaning_minutes: must be between 0 and 120, got 121"
        );
    }

    #[test]
    fn type_errors_name_the_key() {
        let text = parse_err("[booking]\nhold_minutes = \"ten\"\n");
        assert!(
            text.starts_with("config file /x/y.toml: booking.hold_minutes: "),
            "{text}"
        );
        let text = parse_err("[booking]\nhold_minutes = -1\n");
        assert!(
            text.starts_with("config file /x/y.toml: booking.hold_minutes: "),
            "{text}"
        );
        let text = parse_err("[ssh]\nlisten = \"localhost\"\n");
        assert!(
            text.starts_with("config file /x/y.toml: ssh.listen: "),
            "{text}"
        );
    }

    #[test]
    fn currency_and_time_of_day_are_checked() {
        let text = parse_err("[venue]\ncurrency = \"eur\"\n");
        assert!(
            text.starts_with("config file /x/y.toml: venue.currency: "),
            "{text}"
        );
        assert!(Currency::parse("EURO").is_err());
        assert_eq!(Currency::parse("CHF").unwrap().to_string(), "CHF");
        let text = parse_err("[venue]\nbusiness_day_starts = \"6 am\"\n");
        assert!(
            text.starts_with("config file /x/y.toml: venue.business_day_starts: "),
            "{text}"
        );
        let c = Config::parse("[venue]\nbusiness_day_starts = 05:30\n", Path::new("a")).unwrap();
        assert_eq!(
            c.venue.business_day_starts,
            NaiveTime::from_hms_opt(5, 30, 0).unwrap()
        );
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let text = parse_err("[venue]\nname = \"x\"\n\n[booking\n");
        assert!(
            text.starts_with("config file /x/y.toml: line 4, column"),
            "{text}"
        );
    }

    #[test]
    fn database_url_precedence_flag_then_env_then_file() {
        let file = Some("postgres://file/db".to_string());
        let env = Some("postgres://env/db");
        let flag = Some("sqlite:///tmp/flag.db");
        let got = |f, e, fi: &Option<String>| resolve_database_url(f, e, fi.clone()).unwrap();
        assert_eq!(got(flag, env, &file).as_deref(), flag);
        assert_eq!(got(None, env, &file).as_deref(), env);
        assert_eq!(got(None, None, &file), file);
        assert_eq!(got(None, None, &None), None);
        let err = resolve_database_url(None, Some("mysql://u:pw@h/db"), None).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with(ENV_DATABASE_URL), "{text}");
        assert!(!text.contains("pw"), "{text}");
    }

    #[test]
    fn env_database_url_overrides_the_file_through_load() {
        let data = tempfile::tempdir().unwrap();
        let f = file_with("[database]\nurl = \"postgres://file/db\"\n");
        let mut env = env_in(&data);
        env.database_url = Some("postgres://env/db".to_string());
        let loaded = load_with(Some(f.path()), None, &env).unwrap();
        assert_eq!(
            loaded.config.database_url(&loaded.paths),
            "postgres://env/db"
        );
        let loaded = load_with(Some(f.path()), Some("sqlite://x.db"), &env).unwrap();
        assert_eq!(loaded.config.database_url(&loaded.paths), "sqlite://x.db");
        let text = parse_err("[database]\nurl = \"mysql://h/db\"\n");
        assert!(
            text.starts_with("config file /x/y.toml: database.url: "),
            "{text}"
        );
    }

    #[test]
    fn passwords_stay_out_of_debug_output() {
        let db = DatabaseConfig {
            url: Some("postgres://box:s3cret@db.local:5432/box".to_string()),
        };
        let shown = format!("{db:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("postgres://box:***@db.local:5432/box"),
            "{shown}"
        );
    }

    #[test]
    fn keys_and_theme_are_checked_by_name() {
        let c = Config::parse(
            "[tui]\ntheme = \"mono\"\nprinter_command = [\"lp\", \"-d\", \"counter\"]\n\n[keys]\nquit = [\"ctrl-q\"]\nbest_available = [\"B\", \"+\"]\n",
            Path::new("a"),
        )
        .unwrap();
        assert_eq!(c.theme_mode(), ThemeMode::Mono);
        let keymap = c.keymap().unwrap();
        assert_eq!(keymap.label(crate::tui::keymap::Action::Quit), "Ctrl-Q");
        assert_eq!(keymap.label(crate::tui::keymap::Action::Best), "B/+");
        assert_eq!(
            parse_err("[keys]\nfly = [\"f\"]\n"),
            "config file /x/y.toml: keys.fly: no action is called \"fly\""
        );
        let text = parse_err("[keys]\nquit = [\"ctrl-banana\"]\n");
        assert!(
            text.starts_with("config file /x/y.toml: keys.quit: \"ctrl-banana\" is not a key"),
            "{text}"
        );
        let text = parse_err("[keys]\nreload = [\"j\"]\n");
        assert!(
            text.starts_with("config file /x/y.toml: keys.reload: j is bound to both"),
            "{text}"
        );
        let text = parse_err("[tui]\ntheme = \"neon\"\n");
        assert!(
            text.starts_with("config file /x/y.toml: tui.theme: "),
            "{text}"
        );
        let text = parse_err("[tui]\nprinter_command = [\" \"]\n");
        assert!(
            text.starts_with("config file /x/y.toml: tui.printer_command: "),
            "{text}"
        );
    }

    #[test]
    fn no_home_directory_asks_for_the_data_dir_variable() {
        let err = load_with(None, None, &Environment::default()).unwrap_err();
        assert!(err.to_string().contains(ENV_DATA_DIR), "{err}");
    }
}
