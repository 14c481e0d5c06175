//! `[ssh]`: the SSH server for kiosks and remote counters.

use std::net::{Ipv4Addr, SocketAddr};

use serde::Deserialize;

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
