//! Where the config file and the data directory are found, and `load` itself.

use std::io;
use std::path::{Path, PathBuf};

use super::database::resolve_database_url;
use super::{Config, ConfigError, ENV_CONFIG, ENV_DATA_DIR, ENV_DATABASE_URL};

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
