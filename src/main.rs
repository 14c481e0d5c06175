//! The composition root: config, telemetry, store, services, then the CLI or the TUI.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use boxoffice::booking::service::BookingRules;
use boxoffice::cli::output::{Failure, finish};
use boxoffice::cli::{self, Cli};
use boxoffice::config::{self, LoadedConfig};
use boxoffice::identity::service::LockoutRules;
use boxoffice::payment::gateway::BankSettings;
use boxoffice::payment::model::RetryPolicy;
use boxoffice::payment::service::PaymentSettings;
use boxoffice::screening::schedule::Buffers;
use boxoffice::services::{Services, VenueSettings};
use boxoffice::ssh::SshSettings;
use boxoffice::store::Store;
use boxoffice::{demo, private_files, telemetry};

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Bad usage exits 2 like any bad input; with `--json` it is reported as JSON too.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let wants_json = std::env::args().any(|a| a == "--json");
    if !wants_json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    // clap's report without its usage and hint lines, on one line.
    let rendered = e.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(|l| l.trim().trim_start_matches("error: "))
        .filter(|l| !l.is_empty())
        .collect();
    exit(finish(
        Err(Failure::invalid("usage", message.join(" "))),
        true,
    ))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let json = cli.json;
    // Before anything is created: the database, the log and receipts hold people's data.
    private_files::restrict_new_files();
    let loaded = match config::load(cli.config.as_deref(), cli.database_url.as_deref()) {
        Ok(l) => l,
        Err(e) => return exit(finish(Err(Failure::invalid("config", e.to_string())), json)),
    };
    if let Some(file) = &loaded.paths.config_file
        && let Err(e) =
            private_files::check_config_secret(file, loaded.config.database.url.as_deref())
    {
        return exit(finish(Err(Failure::invalid("config", e)), json));
    }
    if let Err(e) = private_files::make_private(&loaded.paths.data_dir) {
        let dir = loaded.paths.data_dir.display();
        return exit(finish(
            Err(Failure::internal(format!(
                "cannot make the data directory {dir} private: {e}"
            ))),
            json,
        ));
    }
    // Logs go to a file in the data directory, never onto the screen.
    let _telemetry = match telemetry::init(&loaded.paths.data_dir, &loaded.config.log.level) {
        Ok(g) => Some(g),
        Err(e) => {
            eprintln!("warning: no log file: {e}");
            None
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return exit(finish(
                Err(Failure::internal(format!("cannot start: {e}"))),
                json,
            ));
        }
    };
    exit(runtime.block_on(run(cli, loaded)))
}

async fn run(cli: Cli, loaded: LoadedConfig) -> i32 {
    let json = cli.json;
    let config = &loaded.config;
    let url = config.database_url(&loaded.paths);
    // The SSH server's sessions share one pool, sized in `[ssh]`.
    let serving_ssh = matches!(cli.command, Some(cli::Command::ServeSsh { .. }));
    let pool =
        (serving_ssh && config.ssh.pool_connections > 0).then_some(config.ssh.pool_connections);
    let store = match Store::open_with(&url, pool, true).await {
        Ok(s) => s,
        Err(e) => return finish(Err(Failure::internal(e.to_string())), json),
    };
    let venue = VenueSettings {
        name: config.venue.name.clone(),
        currency: config.venue.currency.as_str().to_string(),
        time: config.venue_time(),
        buffers: Buffers {
            ads_minutes: i64::from(config.schedule.ads_minutes),
            cleaning_minutes: i64::from(config.schedule.cleaning_minutes),
        },
        booking: BookingRules {
            hold_minutes: i64::from(config.booking.hold_minutes),
            max_seats_per_order: config.booking.max_seats_per_order,
            counter_reserve_seats: config.booking.counter_reserve_seats,
            child_confirm_ratings: config.venue.child_confirm_ratings.clone(),
        },
        payment: PaymentSettings {
            currency: config.venue.currency.as_str().to_string(),
            retry: RetryPolicy {
                retries: config.payment.retries,
                first_pause: Duration::from_millis(u64::from(config.payment.retry_pause_ms)),
            },
            gateway_timeout: Duration::from_millis(u64::from(config.payment.timeout_ms)),
            shift_required: config.shift.required,
            ..PaymentSettings::default()
        },
        bank: BankSettings {
            decline_rate: f64::from(config.payment.decline_percent) / 100.0,
            timeout_rate: f64::from(config.payment.timeout_percent) / 100.0,
            latency: Duration::from_millis(u64::from(config.payment.latency_ms)),
        },
    };
    let lockout = LockoutRules {
        attempts: i32::try_from(config.identity.lockout_attempts).unwrap_or(5),
        minutes: i64::from(config.identity.lockout_minutes),
    };
    let services = Services::new(store, venue).with_lockout(lockout);
    match cli.command {
        Some(cli::Command::ServeSsh { listen }) => {
            let tui = match tui_settings(&loaded) {
                Ok(t) => t,
                Err(failure) => return finish(Err(failure), json),
            };
            let ssh = ssh_settings(config, listen);
            let result =
                cli::serve_ssh::serve_ssh(services, tui, ssh, &loaded.paths.data_dir).await;
            finish(result, json)
        }
        Some(command) => {
            let result = cli::execute(command, &services, &url, cli.user.as_deref()).await;
            // Open screens on other terminals hear of the change before this process ends.
            services.feed.flush().await;
            finish(result, json)
        }
        None => {
            let offer_demo = match demo::may_seed(&services).await {
                Ok(empty) => empty,
                Err(e) => return finish(Err(e.into()), json),
            };
            let settings = match tui_settings(&loaded) {
                Ok(t) => t,
                Err(failure) => return finish(Err(failure), json),
            };
            // Card payments a killed terminal left unanswered are settled at start and
            // every minute while the counter runs.
            let sweep = services.sweep_interrupted_payments(Duration::from_secs(60));
            let outcome = boxoffice::tui::run(services, offer_demo, settings).await;
            sweep.abort();
            match outcome {
                Ok(()) => 0,
                Err(e) => {
                    tracing::error!("the TUI failed: {e:?}");
                    eprintln!("error: {e}");
                    1
                }
            }
        }
    }
}

/// How the TUI looks and reads keys, from config: the local terminal's and every SSH
/// session's.
fn tui_settings(loaded: &LoadedConfig) -> Result<boxoffice::tui::Settings, Failure> {
    let config = &loaded.config;
    // Checked when the file was read; a failure here would be a bug.
    let keymap = config
        .keymap()
        .map_err(|(key, message)| Failure::invalid("config", format!("{key}: {message}")))?;
    Ok(boxoffice::tui::Settings {
        keymap,
        theme: boxoffice::tui::theme::Theme::from_env(config.theme_mode()),
        data_dir: loaded.paths.data_dir.clone(),
        printer_command: config.tui.printer_command.clone(),
    })
}

fn ssh_settings(config: &config::Config, listen: Option<std::net::SocketAddr>) -> SshSettings {
    let ssh = &config.ssh;
    let count = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
    SshSettings {
        listen: listen.unwrap_or(ssh.listen),
        kiosk: ssh.kiosk,
        max_sessions: count(ssh.max_sessions),
        max_sessions_per_account: count(ssh.max_sessions_per_account),
        connections_per_minute: count(ssh.connections_per_minute),
        idle: Duration::from_secs(u64::from(ssh.idle_minutes) * 60),
        ..SshSettings::default()
    }
}
