//! The manager's price table: discounts by ticket type, surcharges by seat kind.

use crate::booking::BookingError;
use crate::booking::model::{PriceTable, TicketType};
use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::screening::model::SeatKind;
use crate::vocab::Money;

use super::{BookingService, permit};

impl BookingService {
    pub async fn price_table(&self) -> Result<PriceTable, BookingError> {
        Ok(self.store.price_table().await?)
    }

    pub async fn set_discount(
        &self,
        actor: &User,
        ticket: TicketType,
        discount: Money,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::SetPrices)?;
        Ok(self.store.set_discount(ticket, discount).await?)
    }

    /// A share of the base price off for `ticket`, 0 to 100; the amount off becomes
    /// zero. Tickets already sold keep their price.
    pub async fn set_discount_percent(
        &self,
        actor: &User,
        ticket: TicketType,
        percent: u32,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::SetPrices)?;
        if percent > 100 {
            return Err(BookingError::invalid(
                "discount",
                format!("{percent}% is more than the whole price"),
            ));
        }
        Ok(self.store.set_discount_percent(ticket, percent).await?)
    }

    pub async fn set_surcharge(
        &self,
        actor: &User,
        kind: SeatKind,
        surcharge: Money,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::SetPrices)?;
        Ok(self.store.set_surcharge(kind, surcharge).await?)
    }
}

/// A ticket type's discount as a manager writes it: an amount (`2.50`) or a share of
/// the base price (`20%`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discount {
    Amount(Money),
    Percent(u32),
}

impl Discount {
    pub fn parse(text: &str) -> Result<Discount, BookingError> {
        let t = text.trim();
        if let Some(number) = t.strip_suffix('%') {
            let percent: u32 = number.trim().parse().map_err(|_| {
                BookingError::invalid(
                    "discount",
                    format!("{t:?} is not a whole percent from 0% to 100%"),
                )
            })?;
            if percent > 100 {
                return Err(BookingError::invalid(
                    "discount",
                    format!("{percent}% is more than the whole price"),
                ));
            }
            return Ok(Discount::Percent(percent));
        }
        Money::parse(t)
            .map(Discount::Amount)
            .map_err(|e| BookingError::invalid("discount", e.to_string()))
    }
}

impl std::fmt::Display for Discount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Discount::Amount(m) => write!(f, "{m}"),
            Discount::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// The discount a table gives a ticket type.
pub fn discount_of(table: &PriceTable, ticket: TicketType) -> Discount {
    match table.percents.get(&ticket) {
        Some(p) if *p > 0 => Discount::Percent(*p),
        _ => Discount::Amount(table.discounts.get(&ticket).copied().unwrap_or(Money::ZERO)),
    }
}

/// The mixes a counter sells most, to show what a price change means at the till.
pub const TYPICAL_MIXES: &[(&str, &[TicketType])] = &[
    ("1 adult", &[TicketType::Adult]),
    ("2 adults", &[TicketType::Adult, TicketType::Adult]),
    (
        "family: 2 adults, 2 children",
        &[
            TicketType::Adult,
            TicketType::Adult,
            TicketType::Child,
            TicketType::Child,
        ],
    ),
    ("1 senior", &[TicketType::Senior]),
    ("1 student", &[TicketType::Student]),
];

/// What each typical mix costs on standard seats (and on premium) at `base`.
pub fn typical_costs(table: &PriceTable, base: Money) -> Vec<(&'static str, Money, Money)> {
    let total = |kind: SeatKind, mix: &[TicketType]| {
        let cents: i64 = mix
            .iter()
            .map(|t| table.price(base, kind, *t).cents())
            .sum();
        Money::from_cents(cents).unwrap_or(Money::ZERO)
    };
    TYPICAL_MIXES
        .iter()
        .map(|(name, mix)| {
            (
                *name,
                total(SeatKind::Standard, mix),
                total(SeatKind::Premium, mix),
            )
        })
        .collect()
}

impl BookingService {
    /// Sets a ticket type's discount, as an amount or a share. Tickets already sold keep
    /// their price.
    pub async fn set_ticket_discount(
        &self,
        actor: &User,
        ticket: TicketType,
        discount: Discount,
    ) -> Result<(), BookingError> {
        match discount {
            Discount::Amount(m) => self.set_discount(actor, ticket, m).await,
            Discount::Percent(p) => self.set_discount_percent(actor, ticket, p).await,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn m(c: i64) -> Money {
        Money::from_cents(c).unwrap()
    }

    #[test]
    fn discounts_read_as_amounts_or_shares() {
        assert_eq!(Discount::parse("2.50").unwrap(), Discount::Amount(m(250)));
        assert_eq!(Discount::parse(" 20% ").unwrap(), Discount::Percent(20));
        assert_eq!(Discount::parse("0%").unwrap(), Discount::Percent(0));
        assert!(Discount::parse("120%").is_err());
        assert!(Discount::parse("x%").is_err());
        assert!(Discount::parse("-1").is_err());
        assert_eq!(Discount::Percent(20).to_string(), "20%");
    }

    #[test]
    fn typical_mixes_add_up_each_ticket() {
        let table = PriceTable {
            discounts: [(TicketType::Child, m(300))].into(),
            percents: [(TicketType::Adult, 10)].into(),
            surcharges: [(SeatKind::Premium, m(200))].into(),
        };
        let costs = typical_costs(&table, m(1000));
        assert_eq!(costs[0], ("1 adult", m(900), m(1100)));
        // 2 x 9.00 + 2 x 7.00.
        assert_eq!(costs[2].1, m(3200));
        assert_eq!(
            discount_of(&table, TicketType::Adult),
            Discount::Percent(10)
        );
        assert_eq!(
            discount_of(&table, TicketType::Child),
            Discount::Amount(m(300))
        );
    }
}
