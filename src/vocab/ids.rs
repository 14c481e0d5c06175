//! Typed identifiers: a hall id can never be passed where a movie id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map($name)
                    .ok_or_else(|| {
                        format!("not a {} id: {:?} (ids are positive numbers)", $what, s)
                    })
            }
        }
    };
}

id_type!(HallId, "hall");
id_type!(SeatId, "seat");
id_type!(MovieId, "movie");
id_type!(ShowtimeId, "showtime");
id_type!(UserId, "user");
id_type!(OrderId, "order");
id_type!(TicketId, "ticket");
