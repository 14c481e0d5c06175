//! `[shift]`: whether cash is taken only in an open shift.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShiftConfig {
    /// Cash is taken only by a cashier whose shift is open, so every coin belongs to a
    /// drawer that is counted at the close. Off: cash is taken without a shift.
    pub required: bool,
}

impl Default for ShiftConfig {
    fn default() -> Self {
        ShiftConfig { required: true }
    }
}
