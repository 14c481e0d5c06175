//! Money as integer minor units. No floats anywhere: a price typed at the counter is
//! parsed digit by digit, and arithmetic is checked.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of money in cents (minor units), never negative.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// The largest amount accepted from a person: a million in major units is far beyond any
/// cinema price and keeps every sum of a day's sales comfortably inside `i64`.
pub const MAX_CENTS: i64 = 100_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("an amount cannot be blank")]
    Blank,
    #[error("an amount cannot be negative: {0}")]
    Negative(String),
    #[error("an amount has at most two decimals: {0}")]
    TooManyDecimals(String),
    #[error("not an amount: {0} (write it like 12.50)")]
    NotANumber(String),
    #[error("amount too large: {0}")]
    TooLarge(String),
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_cents(cents: i64) -> Result<Self, MoneyError> {
        if cents < 0 {
            return Err(MoneyError::Negative(cents.to_string()));
        }
        if cents > MAX_CENTS {
            return Err(MoneyError::TooLarge(cents.to_string()));
        }
        Ok(Money(cents))
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Parses "12", "12.5", "12.50" (a comma is accepted as the decimal mark too).
    pub fn parse(text: &str) -> Result<Self, MoneyError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(MoneyError::Blank);
        }
        if t.starts_with('-') {
            return Err(MoneyError::Negative(t.to_string()));
        }
        let t2 = t.replace(',', ".");
        let (whole, frac) = match t2.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t2.as_str(), ""),
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) {
            return Err(MoneyError::NotANumber(t.to_string()));
        }
        if t2.contains('.') && frac.is_empty() {
            return Err(MoneyError::NotANumber(t.to_string()));
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals(t.to_string()));
        }
        if whole.len() > 9 {
            return Err(MoneyError::TooLarge(t.to_string()));
        }
        let whole_v: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| MoneyError::NotANumber(t.to_string()))?
        };
        let frac_v: i64 = match frac.len() {
            0 => 0,
            1 => {
                frac.parse::<i64>()
                    .map_err(|_| MoneyError::NotANumber(t.to_string()))?
                    * 10
            }
            _ => frac
                .parse::<i64>()
                .map_err(|_| MoneyError::NotANumber(t.to_string()))?,
        };
        let cents = whole_v * 100 + frac_v;
        if cents > MAX_CENTS {
            return Err(MoneyError::TooLarge(t.to_string()));
        }
        Ok(Money(cents))
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

/// Shown as "12.50"; the currency code is the venue's and is added by whoever prints it.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_ways_of_writing_a_price() {
        assert_eq!(Money::parse("12.50").unwrap().cents(), 1250);
        assert_eq!(Money::parse("12.5").unwrap().cents(), 1250);
        assert_eq!(Money::parse("12").unwrap().cents(), 1200);
        assert_eq!(Money::parse(" 0 ").unwrap().cents(), 0);
        assert_eq!(Money::parse("0.05").unwrap().cents(), 5);
        assert_eq!(Money::parse(".5").unwrap().cents(), 50);
        assert_eq!(Money::parse("7,25").unwrap().cents(), 725);
    }

    #[test]
    fn refuses_what_is_not_a_price() {
        assert!(matches!(Money::parse("-1"), Err(MoneyError::Negative(_))));
        assert!(matches!(
            Money::parse("12.505"),
            Err(MoneyError::TooManyDecimals(_))
        ));
        assert!(matches!(Money::parse(""), Err(MoneyError::Blank)));
        for bad in ["abc", "1e3", "12.", "1.2.3", "+5", "12 50", "."] {
            assert!(
                matches!(Money::parse(bad), Err(MoneyError::NotANumber(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            Money::parse("99999999999"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn displays_with_two_decimals() {
        assert_eq!(Money::parse("9.9").unwrap().to_string(), "9.90");
        assert_eq!(Money::ZERO.to_string(), "0.00");
    }
}
