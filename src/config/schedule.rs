//! `[schedule]`: the minutes a showtime occupies its hall besides the film.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleConfig {
    pub ads_minutes: u32,
    pub cleaning_minutes: u32,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            ads_minutes: 15,
            cleaning_minutes: 15,
        }
    }
}
