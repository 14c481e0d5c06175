//! `boxoffice serve-ssh`: the TUI over SSH. Prints where it listens and the host key's
//! fingerprint (for clients to check on first connect), then serves until stopped.

use std::path::Path;

use crate::services::Services;
use crate::ssh::{self, SshSettings};
use crate::tui::Settings;

use super::output::{Failure, Outcome};

pub async fn serve_ssh(
    services: Services,
    tui: Settings,
    settings: SshSettings,
    data_dir: &Path,
) -> Result<Outcome, Failure> {
    let kiosk = settings.kiosk;
    let bound = ssh::bind(services, tui, settings, data_dir)
        .await
        .map_err(Failure::internal)?;
    println!(
        "boxoffice: serving the TUI over SSH on {}",
        bound.local_addr
    );
    println!("host key fingerprint: ED25519 {}", bound.fingerprint);
    println!(
        "connect with: ssh -p {} NAME@{}",
        bound.local_addr.port(),
        bound.local_addr.ip()
    );
    if kiosk {
        println!(
            "the kiosk is on: ssh -p {} kiosk@HOST",
            bound.local_addr.port()
        );
    }
    tracing::info!(
        "ssh: listening on {} (host key {})",
        bound.local_addr,
        bound.fingerprint
    );
    // Ctrl-C, or systemd's stop: the sessions close cleanly, their seats released.
    bound
        .run_until(stop_signal())
        .await
        .map(|()| {
            Outcome::new(
                "the SSH server stopped",
                serde_json::json!({"stopped": true}),
            )
        })
        .map_err(|e| Failure::internal(format!("the SSH server failed: {e}")))
}

async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(e) => {
            tracing::warn!("ssh: cannot watch for SIGTERM: {e}");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
