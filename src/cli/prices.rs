//! The price table from the command line: show it, set a ticket type's discount, a seat
//! kind's surcharge, a showtime's base price. Sold tickets keep the price they were sold
//! at, whatever changes here.

use serde_json::{Value, json};

use crate::booking::model::{PriceTable, TicketType};
use crate::booking::service::{Discount, discount_of, typical_costs};
use crate::screening::model::SeatKind;
use crate::services::Services;
use crate::vocab::Money;

use super::common::{actor, money_arg, showtime_id};
use super::output::{Failure, Outcome, table};
use super::screening::showtime_price;

const KINDS: [SeatKind; 4] = [
    SeatKind::Standard,
    SeatKind::Premium,
    SeatKind::Wheelchair,
    SeatKind::Companion,
];

/// A typical base price for the preview of mixes.
const PREVIEW_BASE_CENTS: i64 = 1000;

const KEEP: &str = "Tickets already sold keep their price.";

fn table_json(t: &PriceTable) -> Value {
    let discounts: serde_json::Map<String, Value> = TicketType::ALL
        .iter()
        .map(|ty| {
            let value = match discount_of(t, *ty) {
                Discount::Amount(m) => {
                    json!({ "amount": m.to_string(), "amount_cents": m.cents() })
                }
                Discount::Percent(p) => json!({ "percent": p }),
            };
            (ty.as_str().to_string(), value)
        })
        .collect();
    let surcharges: serde_json::Map<String, Value> = KINDS
        .iter()
        .map(|k| {
            let m = t.surcharges.get(k).copied().unwrap_or(Money::ZERO);
            (k.as_str().to_string(), json!(m.to_string()))
        })
        .collect();
    json!({ "discounts": discounts, "surcharges": surcharges })
}

pub async fn show(services: &Services) -> Result<Outcome, Failure> {
    let t = services.booking.price_table().await?;
    let currency = &services.venue.currency;
    let mut rows: Vec<Vec<String>> = TicketType::ALL
        .iter()
        .map(|ty| {
            vec![
                "ticket type".into(),
                ty.as_str().into(),
                format!("-{}", discount_of(&t, *ty)),
            ]
        })
        .collect();
    rows.extend(KINDS.iter().map(|k| {
        let m = t.surcharges.get(k).copied().unwrap_or(Money::ZERO);
        vec!["seat kind".into(), k.as_str().into(), format!("+{m}")]
    }));
    let base = Money::from_cents(PREVIEW_BASE_CENTS).unwrap_or(Money::ZERO);
    let mixes: Vec<Vec<String>> = typical_costs(&t, base)
        .into_iter()
        .map(|(name, standard, premium)| {
            vec![name.to_string(), standard.to_string(), premium.to_string()]
        })
        .collect();
    let text = format!(
        "{}\nAt a base price of {base} {currency}:\n{}",
        table(&["", "NAME", "CHANGE"], &rows),
        table(&["MIX", "STANDARD", "PREMIUM"], &mixes)
    );
    Ok(Outcome::new(text, table_json(&t)))
}

pub async fn discount(
    services: &Services,
    user: Option<&str>,
    ticket: &str,
    value: &str,
) -> Result<Outcome, Failure> {
    let ticket = TicketType::parse(ticket)?;
    let discount = Discount::parse(value)?;
    services
        .booking
        .set_ticket_discount(&actor(services, user).await?, ticket, discount)
        .await?;
    let t = services.booking.price_table().await?;
    Ok(Outcome::new(
        format!(
            "{} tickets now cost {discount} less. {KEEP}",
            capitalized(ticket.as_str())
        ),
        table_json(&t),
    ))
}

pub async fn surcharge(
    services: &Services,
    user: Option<&str>,
    kind: &str,
    amount: &str,
) -> Result<Outcome, Failure> {
    let kind = SeatKind::parse(kind.trim()).ok_or_else(|| {
        Failure::invalid(
            "kind",
            format!("{kind:?} is not a seat kind (standard, premium, wheelchair, companion)"),
        )
    })?;
    let amount = money_arg("amount", amount)?;
    services
        .booking
        .set_surcharge(&actor(services, user).await?, kind, amount)
        .await?;
    let t = services.booking.price_table().await?;
    Ok(Outcome::new(
        format!(
            "{} seats now cost {amount} more. {KEEP}",
            capitalized(kind.as_str())
        ),
        table_json(&t),
    ))
}

pub async fn base(
    services: &Services,
    user: Option<&str>,
    showtime: &str,
    amount: &str,
) -> Result<Outcome, Failure> {
    showtime_price(services, user, showtime_id(showtime)?, amount).await
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
