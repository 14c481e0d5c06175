//! `[payment]`: the card gateway and its retries.

use serde::Deserialize;

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
