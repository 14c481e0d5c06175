//! The TUI served over SSH: counters without an install, and the customer kiosk. Each
//! connection authenticates against the same accounts as the local TUI (password, or a
//! public key listed for the account), then each session channel with a terminal runs
//! the very loop of the local TUI (`tui::event_loop`), drawn into the channel and fed by
//! its bytes. A session without a terminal is told so and closed.
//!
//! `handler` speaks SSH for one connection, `session` runs one terminal session, `input`
//! decodes keys, `writer` sends frames, `limits` counts sessions and connections.

mod handler;
pub mod host_key;
pub mod input;
pub mod keys;
pub mod limits;
mod session;
mod writer;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use russh::MethodKind;
use russh::MethodSet;
use russh::keys::PrivateKey;
use russh::server::{Config, Server as _};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::services::Services;
use crate::tui::Settings;
use crate::tui::event::Event;

use limits::Limits;

/// The server's settings, from `[ssh]` (tests set them directly).
#[derive(Debug, Clone)]
pub struct SshSettings {
    pub listen: SocketAddr,
    /// `ssh kiosk@host` logs in without a password.
    pub kiosk: bool,
    /// Sessions open at once, all accounts together.
    pub max_sessions: usize,
    /// Sessions open at once for one account.
    pub max_sessions_per_account: usize,
    /// New connections from one address in a minute.
    pub connections_per_minute: usize,
    /// A session with no key or click for this long is closed (its holds released).
    pub idle: Duration,
    /// The pause after a connection's first failed login; each further failure doubles it.
    pub failure_delay: Duration,
}

impl Default for SshSettings {
    fn default() -> Self {
        SshSettings {
            listen: SocketAddr::from(([127, 0, 0, 1], 2222)),
            kiosk: false,
            max_sessions: 100,
            max_sessions_per_account: 3,
            connections_per_minute: 30,
            idle: Duration::from_secs(15 * 60),
            failure_delay: Duration::from_millis(500),
        }
    }
}

/// Password checks running at once. Each argon2 check takes ~19 MiB for ~35 ms; a burst
/// of logins all at once would otherwise take that much memory per login, which the
/// allocator then keeps, and starve the sessions of the two cores.
const PASSWORD_CHECKS: usize = 2;

/// How long a stopping server waits for its sessions to give their seats back.
const STOP_WAIT: Duration = Duration::from_secs(20);

/// What every connection shares.
pub(crate) struct Shared {
    pub services: Services,
    pub tui: Settings,
    pub settings: SshSettings,
    pub limits: Arc<Limits>,
    pub password_checks: tokio::sync::Semaphore,
    /// Each running session's input, to close them all when the server stops.
    pub sessions: std::sync::Mutex<HashMap<u64, mpsc::Sender<Event>>>,
    pub next_session: AtomicU64,
    pub stopping: AtomicBool,
}

impl Shared {
    /// Ends every session as if its client had gone (work under way finishes, holds
    /// are released), then waits for them to be done.
    async fn close_all(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let inputs: Vec<mpsc::Sender<Event>> = self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        tracing::info!("ssh: stopping; closing {} session(s)", inputs.len());
        for input in inputs {
            let _ = input.send(Event::InputClosed).await;
        }
        let start = std::time::Instant::now();
        while self.limits.sessions() > 0 && start.elapsed() < STOP_WAIT {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A server bound to its address, ready to run.
pub struct Bound {
    listener: TcpListener,
    config: Arc<Config>,
    shared: Arc<Shared>,
    pub local_addr: SocketAddr,
    /// The host key's fingerprint, `SHA256:...` as `ssh` shows it.
    pub fingerprint: String,
}

/// Reads (or makes) the host key in `data_dir` and binds the listening address.
pub async fn bind(
    services: Services,
    tui: Settings,
    settings: SshSettings,
    data_dir: &Path,
) -> Result<Bound, String> {
    let key = host_key::load_or_create(data_dir)?;
    bind_with_key(services, tui, settings, key).await
}

pub async fn bind_with_key(
    services: Services,
    tui: Settings,
    settings: SshSettings,
    key: PrivateKey,
) -> Result<Bound, String> {
    let fingerprint = host_key::fingerprint(&key);
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let local_addr = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let config = Config {
        methods: MethodSet::from(&[MethodKind::Password, MethodKind::PublicKey][..]),
        // Our own growing delay answers failed passwords; russh's evens out the rest.
        auth_rejection_time: Duration::from_millis(200),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        // Sessions close themselves when idle; this only catches dead connections.
        inactivity_timeout: Some(settings.idle + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Config::default()
    };
    let limits = Arc::new(Limits::new(
        settings.max_sessions,
        settings.max_sessions_per_account,
        settings.connections_per_minute,
    ));
    Ok(Bound {
        listener,
        config: Arc::new(config),
        shared: Arc::new(Shared {
            services,
            tui,
            settings,
            limits,
            password_checks: tokio::sync::Semaphore::new(PASSWORD_CHECKS),
            sessions: std::sync::Mutex::new(HashMap::new()),
            next_session: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
        }),
        local_addr,
        fingerprint,
    })
}

impl Bound {
    /// Serves until the process ends (or the listener fails).
    pub async fn run(self) -> std::io::Result<()> {
        self.run_until(std::future::pending()).await
    }

    /// Serves until `stop` completes; then every session is closed cleanly (its seats
    /// released, its client told) before the connections are dropped.
    pub async fn run_until(self, stop: impl Future<Output = ()>) -> std::io::Result<()> {
        let shared = Arc::clone(&self.shared);
        let mut acceptor = handler::Acceptor::new(self.shared);
        let running = acceptor.run_on_socket(self.config, &self.listener);
        let handle = running.handle();
        tokio::select! {
            served = running => served,
            () = stop => {
                shared.close_all().await;
                handle.shutdown("the server is stopping".into());
                Ok(())
            }
        }
    }

    /// Sessions open now (for the load driver and tests).
    pub fn limits(&self) -> Arc<Limits> {
        Arc::clone(&self.shared.limits)
    }
}
