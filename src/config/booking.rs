//! `[booking]`: holds and orders.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookingConfig {
    pub hold_minutes: u32,
    pub max_seats_per_order: u32,
    pub counter_reserve_seats: u32,
}

impl Default for BookingConfig {
    fn default() -> Self {
        BookingConfig {
            hold_minutes: 10,
            max_seats_per_order: 10,
            counter_reserve_seats: 0,
        }
    }
}
