//! Selling an order's held seats at the counter: cash or card, prices frozen.

use serde_json::{Value, json};

use crate::booking::BookingError;
use crate::payment::PaymentError;
use crate::payment::model::CardNumber;
use crate::payment::service::{Receipt, Tender};
use crate::services::Services;

use super::common::{actor, money_arg, order_id, showtime_json, ticket_types};
use super::output::{Failure, Outcome};

fn receipt_json(services: &Services, r: &Receipt) -> Value {
    json!({
        "order": r.order,
        "showtime": showtime_json(services, &r.showtime),
        "lines": r.lines.iter().map(|l| json!({
            "seat": l.label, "type": l.ticket_type.as_str(), "price": l.price.to_string(), "price_cents": l.price.cents(),
        })).collect::<Vec<_>>(),
        "total": r.total.to_string(),
        "total_cents": r.total.cents(),
        "currency": services.venue.currency,
        "method": r.method,
        "tendered": r.tendered.map(|m| m.to_string()),
        "change": r.change.map(|m| m.to_string()),
        "card": r.card_last4.as_ref().map(|l| format!("****{l}")),
        "attempts": r.attempts,
        "tickets": r.tickets.iter().map(|t| json!({"id": t.id, "code": t.code, "seat": t.seat})).collect::<Vec<_>>(),
    })
}

fn receipt_text(services: &Services, r: &Receipt) -> String {
    let cur = &services.venue.currency;
    let mut text = String::new();
    for a in &r.attempts {
        text.push_str(&format!(
            "  card attempt {}: {}\n",
            a.attempt,
            a.outcome.word()
        ));
    }
    text.push_str(&format!(
        "Order {} paid: {} in {} at {}\n",
        r.order,
        r.showtime.movie_title,
        r.showtime.hall_name,
        services.screening.local(r.showtime.starts_at)
    ));
    for (l, t) in r.lines.iter().zip(&r.tickets) {
        text.push_str(&format!(
            "  {:<4} {:<8} {:>8} {cur}   ticket {}\n",
            l.label,
            l.ticket_type.as_str(),
            l.price.to_string(),
            t.code
        ));
    }
    text.push_str(&format!("  total {} {cur}, {}", r.total, r.method));
    if let (Some(t), Some(c)) = (r.tendered, r.change) {
        text.push_str(&format!(": tendered {t}, change {c}"));
    }
    if let Some(last4) = &r.card_last4 {
        text.push_str(&format!(" ****{last4}"));
    }
    text
}

#[allow(clippy::too_many_arguments)]
pub async fn sell(
    services: &Services,
    user: Option<&str>,
    order: &str,
    pay: &str,
    tendered: Option<&str>,
    card: Option<&str>,
    types: &[String],
    confirm_age: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let id = order_id(order)?;
    let types = ticket_types(types)?;
    services
        .booking
        .check_child_tickets(&actor, id, &types, confirm_age)
        .await
        .map_err(|e| {
            let unconfirmed = matches!(e, BookingError::AgeNotConfirmed { .. });
            let mut failure = Failure::from(e);
            if unconfirmed {
                failure
                    .message
                    .push_str("; once it is checked, sell with --confirm-age");
            }
            failure
        })?;
    let tender = match pay {
        "cash" => {
            if card.is_some() {
                return Err(Failure::invalid("card", "--card goes with --pay card"));
            }
            Tender::Cash {
                tendered: tendered.map(|t| money_arg("tendered", t)).transpose()?,
            }
        }
        "card" => {
            if tendered.is_some() {
                return Err(Failure::invalid(
                    "tendered",
                    "--tendered goes with --pay cash",
                ));
            }
            Tender::Card {
                number: card
                    .map(|c| CardNumber::parse(c).map_err(|e| Failure::invalid("card", e)))
                    .transpose()?,
            }
        }
        other => {
            return Err(Failure::invalid(
                "pay",
                format!("{other:?} is not a payment method (cash or card)"),
            ));
        }
    };
    let receipt = services
        .payment
        .pay(&actor, id, &types, tender, None)
        .await
        .map_err(|e| with_shift_hint(e, user))?;
    Ok(Outcome::new(
        receipt_text(services, &receipt),
        receipt_json(services, &receipt),
    ))
}

/// A cash sale refused for want of a shift says how to open one from here.
fn with_shift_hint(e: PaymentError, user: Option<&str>) -> Failure {
    let needs_shift = matches!(e, PaymentError::CashNeedsShift);
    let mut failure = Failure::from(e);
    if needs_shift {
        let who = user.map(|u| format!(" --user {u}")).unwrap_or_default();
        failure
            .message
            .push_str(&format!(": boxoffice shift open --float AMOUNT{who}"));
    }
    failure
}
