//! What the simulated counters do with a hold (`boxoffice bench --mix`).

use serde::Serialize;

/// What each simulated counter does with a hold, so that like is compared with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mix {
    /// Most holds sold, some released, a few walked away from (a day at the counter).
    Mixed,
    /// Every hold released again: holds alone, as the pgbench hold scripts run them.
    Holds,
    /// Every hold sold for cash.
    Sales,
}

impl Mix {
    pub fn parse(text: &str) -> Option<Mix> {
        match text {
            "mixed" => Some(Mix::Mixed),
            "holds" => Some(Mix::Holds),
            "sales" => Some(Mix::Sales),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mix::Mixed => "mixed",
            Mix::Holds => "holds",
            Mix::Sales => "sales",
        }
    }

    /// The hold's fate, from a roll of 0..100.
    pub(super) fn fate(self, roll: u8) -> Fate {
        match (self, roll) {
            (Mix::Holds, _) => Fate::Release,
            (Mix::Sales, _) => Fate::Sell,
            (Mix::Mixed, 0..=74) => Fate::Sell,
            (Mix::Mixed, 75..=94) => Fate::Release,
            (Mix::Mixed, _) => Fate::Abandon,
        }
    }
}

pub(super) enum Fate {
    Sell,
    Release,
    Abandon,
}
