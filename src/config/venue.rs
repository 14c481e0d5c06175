//! `[venue]`: name, time zone, currency, when the business day starts, and the film
//! ratings for which a child ticket needs a confirmation.

use chrono::NaiveTime;
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::vocab::Currency;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VenueConfig {
    pub name: String,
    #[serde(deserialize_with = "de_time_zone")]
    pub timezone: Tz,
    pub currency: Currency,
    #[serde(deserialize_with = "de_time_of_day")]
    pub business_day_starts: NaiveTime,
    /// Film ratings (compared ignoring case, spaces and hyphens) for which the counter
    /// asks before selling a child ticket; empty: never asked.
    pub child_confirm_ratings: Vec<String>,
}

/// The same as `booking::age::DEFAULT_CONFIRM_RATINGS` (config does not import booking).
const CHILD_CONFIRM_RATINGS: [&str; 3] = ["R", "NC-17", "18"];

impl Default for VenueConfig {
    fn default() -> Self {
        VenueConfig {
            name: "Boxoffice Cinema".to_string(),
            timezone: chrono_tz::Europe::Berlin,
            currency: Currency::EUR,
            business_day_starts: NaiveTime::MIN + chrono::Duration::hours(6),
            child_confirm_ratings: CHILD_CONFIRM_RATINGS.map(String::from).to_vec(),
        }
    }
}

fn de_time_zone<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(d)?;
    name.parse::<Tz>().map_err(|_| {
        de::Error::custom(format!(
            "unknown time zone {name:?} (an IANA name, like Europe/Berlin)"
        ))
    })
}

/// "HH:MM" as a string; a bare TOML time (`06:00`) is accepted too.
fn de_time_of_day<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let parsed = match Repr::deserialize(d) {
        Ok(Repr::Text(text)) => NaiveTime::parse_from_str(text.trim(), "%H:%M").ok(),
        Ok(Repr::Toml(toml::value::Datetime {
            date: None,
            offset: None,
            time: Some(t),
        })) if t.second.unwrap_or(0) == 0 && t.nanosecond.unwrap_or(0) == 0 => {
            NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), 0)
        }
        _ => None,
    };
    parsed.ok_or_else(|| de::Error::custom("expected a time of day as \"HH:MM\", like \"06:00\""))
}
