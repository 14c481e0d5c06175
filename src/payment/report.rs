//! Reports from sold tickets (frozen prices) and refunds: pure aggregation, so a later
//! price change can never alter them.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::ports::{OccupancyFact, RefundFact, SaleFact};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub tickets: i64,
    pub amount_cents: i64,
}

impl Tally {
    fn add(&mut self, tickets: i64, cents: i64) {
        self.tickets += tickets;
        self.amount_cents += cents;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub key: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// The dimensions sales are grouped by.
pub const DIMENSIONS: [&str; 5] = ["day", "movie", "hall", "cashier", "method"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SalesReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    /// Every ticket sold in the range, at its frozen price (refunded ones included).
    pub sold: Tally,
    pub refunded: Tally,
    /// Sold minus refunded.
    pub net_cents: i64,
    /// Groups by dimension name ("day", "movie", ...), each sorted by key.
    pub by: BTreeMap<String, Vec<Group>>,
    pub refunds: Vec<RefundFact>,
}

pub fn sales_report(
    from: NaiveDate,
    to: NaiveDate,
    currency: &str,
    sales: &[SaleFact],
    refunds: Vec<RefundFact>,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> SalesReport {
    let mut sold = Tally::default();
    let mut groups: BTreeMap<&str, BTreeMap<String, Tally>> = BTreeMap::new();
    for s in sales {
        let cents = s.price.cents();
        sold.add(1, cents);
        let keys = [
            day_of(s.sold_at).to_string(),
            s.movie.clone(),
            s.hall.clone(),
            s.cashier.clone(),
            s.method.clone(),
        ];
        for (dim, key) in DIMENSIONS.iter().zip(keys) {
            groups
                .entry(dim)
                .or_default()
                .entry(key)
                .or_default()
                .add(1, cents);
        }
    }
    let mut refunded = Tally::default();
    for r in &refunds {
        refunded.add(r.tickets, r.amount.cents());
    }
    let by = DIMENSIONS
        .iter()
        .map(|dim| {
            let rows = groups
                .remove(dim)
                .unwrap_or_default()
                .into_iter()
                .map(|(key, tally)| Group { key, tally })
                .collect();
            (dim.to_string(), rows)
        })
        .collect();
    SalesReport {
        from,
        to,
        currency: currency.to_string(),
        net_cents: sold.amount_cents - refunded.amount_cents,
        sold,
        refunded,
        by,
        refunds,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OccupancyLine {
    #[serde(flatten)]
    pub fact: OccupancyFact,
    /// Sold seats as a share of sellable seats, 0 to 100.
    pub percent: f64,
}

pub fn occupancy_lines(facts: Vec<OccupancyFact>) -> Vec<OccupancyLine> {
    facts
        .into_iter()
        .map(|fact| {
            // A display ratio, not money: a float is fine here.
            let percent = if fact.capacity > 0 {
                (fact.sold as f64 * 1000.0 / fact.capacity as f64).round() / 10.0
            } else {
                0.0
            };
            OccupancyLine { fact, percent }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Money, OrderId, ShowtimeId};
    use chrono::TimeZone;

    fn sale(hour: u32, movie: &str, cents: i64, method: &str) -> SaleFact {
        SaleFact {
            sold_at: Utc.with_ymd_and_hms(2026, 11, 24, hour, 0, 0).unwrap(),
            movie: movie.into(),
            hall: "Grand".into(),
            cashier: "carla".into(),
            method: method.into(),
            ticket_type: "adult".into(),
            price: Money::from_cents(cents).unwrap(),
        }
    }

    #[test]
    fn groups_add_up_to_the_total_in_every_dimension() {
        let sales = [
            sale(10, "Heat", 1000, "cash"),
            sale(11, "Heat", 1250, "card"),
            sale(23, "Alien", 900, "cash"),
        ];
        let refund = RefundFact {
            at: Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap(),
            order: OrderId(1),
            movie: "Heat".into(),
            hall: "Grand".into(),
            by: "carla".into(),
            method: "cash".into(),
            tickets: 1,
            amount: Money::from_cents(1000).unwrap(),
            reason: "wrong day".into(),
        };
        let day = |t: DateTime<Utc>| {
            if t.format("%H").to_string() == "23" {
                NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
            } else {
                t.date_naive()
            }
        };
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let r = sales_report(d, d, "EUR", &sales, vec![refund], day);
        assert_eq!(
            r.sold,
            Tally {
                tickets: 3,
                amount_cents: 3150
            }
        );
        assert_eq!(
            r.refunded,
            Tally {
                tickets: 1,
                amount_cents: 1000
            }
        );
        assert_eq!(r.net_cents, 2150);
        for dim in DIMENSIONS {
            let sum: i64 = r.by[dim].iter().map(|g| g.tally.amount_cents).sum();
            assert_eq!(sum, 3150, "{dim}");
        }
        assert_eq!(
            r.by["movie"][0],
            Group {
                key: "Alien".into(),
                tally: Tally {
                    tickets: 1,
                    amount_cents: 900
                }
            }
        );
        assert_eq!(r.by["day"].len(), 2);
    }

    #[test]
    fn occupancy_is_a_share_of_sellable_seats() {
        let fact = OccupancyFact {
            showtime: ShowtimeId(1),
            starts_at: Utc.with_ymd_and_hms(2026, 11, 24, 20, 0, 0).unwrap(),
            movie: "Heat".into(),
            hall: "Salon".into(),
            status: "scheduled".into(),
            capacity: 48,
            sold: 12,
            revenue: Money::from_cents(12_000).unwrap(),
        };
        let empty = OccupancyFact {
            capacity: 0,
            sold: 0,
            ..fact.clone()
        };
        let lines = occupancy_lines(vec![fact, empty]);
        assert_eq!(lines[0].percent, 25.0);
        assert_eq!(lines[1].percent, 0.0);
    }
}
