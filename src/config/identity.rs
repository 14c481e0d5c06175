//! `[identity]`: the lockout after failed logins.

use serde::Deserialize;

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
