//! Refunds of an order or a ticket, and cancelling a showtime (which refunds every ticket).

use serde_json::{Value, json};

use crate::payment::model::signed;
use crate::payment::service::{CancelReport, RefundReceipt, RefundTarget};
use crate::services::Services;
use crate::vocab::text::count;
use crate::vocab::{ErrorKind, ShowtimeId};

use super::common::{actor, order_id};
use super::output::{Failure, Outcome};

fn refund_json(services: &Services, r: &RefundReceipt) -> Value {
    json!({
        "order": r.order,
        "refund": r.refund,
        "amount": r.amount.to_string(),
        "amount_cents": r.amount.cents(),
        "currency": services.venue.currency,
        "method": r.method,
        "reason": r.reason,
        "tickets": r.tickets.iter().map(|t| json!({"code": t.code, "seat": t.seat, "price": t.price.to_string()})).collect::<Vec<_>>(),
    })
}

fn refund_text(services: &Services, r: &RefundReceipt) -> String {
    let tickets: Vec<String> = r
        .tickets
        .iter()
        .map(|t| format!("{} ({})", t.seat, t.code))
        .collect();
    format!(
        "Refunded {} {} by {} for order {}: {}; {}.",
        r.amount,
        services.venue.currency,
        r.method,
        r.order,
        tickets.join(", "),
        r.seats_freed()
    )
}

pub async fn refund(
    services: &Services,
    user: Option<&str>,
    target: &str,
    reason: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let target = if target.trim().to_uppercase().starts_with("T-") {
        RefundTarget::Ticket(target.trim().to_string())
    } else {
        RefundTarget::Order(order_id(target)?)
    };
    let r = services.payment.refund(&actor, target, reason).await?;
    Ok(Outcome::new(
        refund_text(services, &r),
        refund_json(services, &r),
    ))
}

pub async fn showtime_cancel(
    services: &Services,
    user: Option<&str>,
    id: ShowtimeId,
    reason: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let CancelReport {
        showtime,
        refunds,
        failed,
    } = services.payment.cancel_showtime(&actor, id, reason).await?;
    let total: i64 = refunds.iter().map(|r| r.amount.cents()).sum();
    let mut text = format!(
        "Showtime {showtime} cancelled; {} refunded, {} {} in all.",
        count(refunds.len() as u64, "order", "orders"),
        signed(total),
        services.venue.currency
    );
    for (order, why) in &failed {
        text.push_str(&format!("\n  order {order} NOT refunded: {why}"));
    }
    if !failed.is_empty() {
        text.push_str("\nRun the cancellation again to retry those refunds.");
    }
    let json = json!({
        "showtime": showtime,
        "refunds": refunds.iter().map(|r| refund_json(services, r)).collect::<Vec<_>>(),
        "failed": failed.iter().map(|(o, why)| json!({"order": o, "reason": why})).collect::<Vec<_>>(),
    });
    if failed.is_empty() {
        Ok(Outcome::new(text, json))
    } else {
        Err(Failure {
            kind: ErrorKind::Internal,
            code: "refunds_incomplete",
            message: text,
            details: json.as_object().cloned().unwrap_or_default(),
        })
    }
}
