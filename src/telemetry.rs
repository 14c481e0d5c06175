//! Tracing to `boxoffice.log` in the data directory, and color-eyre reports.
//!
//! Logs never go to stdout or stderr: the TUI owns the screen, and a stray line would
//! tear the frame apart.
//!
//! Panics: `init` installs color-eyre's panic hook, wrapped so the panic is also written
//! to the log file. The TUI then installs its own panic hook on top, which restores the
//! terminal (leaves raw mode and the alternate screen) before calling this one, so
//! color-eyre's report prints on a usable terminal. Call `init` before the TUI starts.

use std::fs::OpenOptions;
use std::path::Path;

use color_eyre::eyre::WrapErr;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

pub const LOG_FILE: &str = "boxoffice.log";

/// Keep it alive until the program ends: dropping it flushes the log file, and lines
/// logged after that are lost.
#[must_use = "dropping the guard stops writing the log file"]
pub struct TelemetryGuard {
    _worker: WorkerGuard,
}

impl std::fmt::Debug for TelemetryGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TelemetryGuard")
    }
}

/// Sends tracing to `<data_dir>/boxoffice.log` (appending), filtered by `level` (an
/// `EnvFilter` directive like "info" or "boxoffice=debug"; `RUST_LOG` overrides it when
/// set), and installs color-eyre.
///
/// Safe to call more than once (tests do): later calls keep the first subscriber and the
/// first hooks, and only fail for a bad filter or an unwritable log file.
///
/// The TUI installs its own panic hook, which restores the terminal before
/// color-eyre's report prints; it must be installed after this call so it runs first.
pub fn init(data_dir: &Path, level: &str) -> color_eyre::Result<TelemetryGuard> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.trim().is_empty() => EnvFilter::builder()
            .parse(&directives)
            .wrap_err_with(|| format!("RUST_LOG={directives:?} is not a tracing filter"))?,
        _ => EnvFilter::builder()
            .parse(level)
            .wrap_err_with(|| format!("log level {level:?} is not a tracing filter"))?,
    };

    std::fs::create_dir_all(data_dir)
        .wrap_err_with(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let path = data_dir.join(LOG_FILE);
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .wrap_err_with(|| format!("cannot open the log file {}", path.display()))?;
    // Writes happen on a worker thread, so logging never blocks a frame or a query.
    let (writer, worker) = tracing_appender::non_blocking(file);

    // Already set (a second call, or a test harness): keep the first one.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();

    // Fails only when already installed; then the panic hook is in place too.
    if color_eyre::install().is_ok() {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            tracing::error!(target: "boxoffice::panic", "{info}");
            report(info);
        }));
    }

    tracing::info!(log = %path.display(), "telemetry started");
    Ok(TelemetryGuard { _worker: worker })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn init_twice_does_not_panic_and_creates_the_log_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let first = init(&data, "info").unwrap();
        let second = init(&data, "boxoffice=debug").unwrap();
        assert!(data.join(LOG_FILE).is_file());
        drop(second);
        drop(first);
    }

    #[test]
    fn a_bad_level_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        // Only when RUST_LOG does not override the level.
        if std::env::var_os("RUST_LOG").is_none() {
            let err = init(dir.path(), "boxoffice=loudest").unwrap_err();
            assert!(format!("{err}").contains("boxoffice=loudest"), "{err}");
        }
    }
}
