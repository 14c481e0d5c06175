//! `[ssh]`: the SSH server for kiosks and remote counters.

use std::net::{Ipv4Addr, SocketAddr};

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SshConfig {
    pub listen: SocketAddr,
    /// Passwordless `kiosk` logins land in the customer kiosk.
    pub kiosk: bool,
    /// Sessions open at once, all accounts together.
    pub max_sessions: u32,
    /// Sessions open at once for one account.
    pub max_sessions_per_account: u32,
    /// A session with no key for this long is closed and its holds released.
    pub idle_minutes: u32,
    /// New connections from one address in a minute.
    pub connections_per_minute: u32,
    /// Database connections shared by every session (0: the backend's default).
    pub pool_connections: u32,
}

impl Default for SshConfig {
    fn default() -> Self {
        SshConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 2222)),
            kiosk: false,
            max_sessions: 100,
            max_sessions_per_account: 3,
            idle_minutes: 15,
            connections_per_minute: 30,
            pool_connections: 0,
        }
    }
}
