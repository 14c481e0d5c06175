//! Selling, refunds, shifts, the ledger and reports from the command line.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::payment::model::{CardNumber, LedgerEntry, signed};
use crate::payment::report::{DIMENSIONS, OccupancyLine, SalesReport};
use crate::payment::service::{CancelReport, Receipt, RefundReceipt, RefundTarget, Tender};
use crate::services::Services;
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{ErrorKind, Money, ShowtimeId};

use super::booking::{actor, order_id, ticket_types};
use super::output::{Failure, Outcome, table};
use super::screening::showtime_json;

fn money_arg(field: &str, text: &str) -> Result<Money, Failure> {
    Money::parse(text).map_err(|e| Failure::invalid(field, e.to_string()))
}

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

pub async fn sell(
    services: &Services,
    user: Option<&str>,
    order: &str,
    pay: &str,
    tendered: Option<&str>,
    card: Option<&str>,
    types: &[String],
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let id = order_id(order)?;
    let types = ticket_types(types)?;
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
        .await?;
    Ok(Outcome::new(
        receipt_text(services, &receipt),
        receipt_json(services, &receipt),
    ))
}

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
        "Refunded {} {} by {} for order {}: {}; the seats are free again.",
        r.amount,
        services.venue.currency,
        r.method,
        r.order,
        tickets.join(", ")
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
        "Showtime {showtime} cancelled; {} order(s) refunded, {} {} in all.",
        refunds.len(),
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

pub async fn shift_open(
    services: &Services,
    user: Option<&str>,
    float: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let float = money_arg("float", float)?;
    let shift = services.payment.open_shift(&actor, float).await?;
    Ok(Outcome::new(
        format!(
            "Shift {} opened for {} with a float of {} {}.",
            shift.id, actor.username, shift.float, services.venue.currency
        ),
        json!({"shift": shift.id, "user": actor.username, "float": shift.float.to_string(), "opened_at": shift.opened_at.to_rfc3339()}),
    ))
}

pub async fn shift_close(
    services: &Services,
    user: Option<&str>,
    counted: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let counted = money_arg("counted", counted)?;
    let c = services.payment.close_shift(&actor, counted).await?;
    let cur = &services.venue.currency;
    let rows = vec![
        vec![
            "cash".into(),
            signed(c.expected_cash),
            c.counted_cash.to_string(),
            signed(c.variance_cents),
        ],
        vec![
            "card".into(),
            signed(c.card_net_cents),
            signed(c.card_net_cents),
            "0.00".into(),
        ],
    ];
    let text = format!(
        "Shift closed for {}: float {}, cash in {}, cash out {}, card in {}, card out {} ({cur}).\n{}\n{}",
        actor.username,
        c.float,
        c.totals.cash_in,
        c.totals.cash_out,
        c.totals.card_in,
        c.totals.card_out,
        table(&["method", "expected", "counted", "variance"], &rows),
        match c.variance_cents {
            0 => "The drawer balances.".to_string(),
            v if v < 0 => format!(
                "The drawer is short by {} {cur}; recorded in the ledger.",
                signed(-v)
            ),
            v => format!(
                "The drawer is over by {} {cur}; recorded in the ledger.",
                signed(v)
            ),
        }
    );
    Ok(Outcome::new(
        text,
        json!({
            "float": c.float.to_string(),
            "cash_in": c.totals.cash_in.to_string(),
            "cash_out": c.totals.cash_out.to_string(),
            "card_in": c.totals.card_in.to_string(),
            "card_out": c.totals.card_out.to_string(),
            "expected_cash": signed(c.expected_cash),
            "counted_cash": c.counted_cash.to_string(),
            "variance": signed(c.variance_cents),
            "variance_cents": c.variance_cents,
            "card_net": signed(c.card_net_cents),
        }),
    ))
}

pub async fn shift_status(services: &Services, user: Option<&str>) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    match services.payment.current_shift(&actor).await? {
        Some(s) => Ok(Outcome::new(
            format!(
                "Shift {} open since {} with a float of {}.",
                s.id,
                services.screening.local(s.opened_at),
                s.float
            ),
            json!({"open": true, "shift": s.id, "opened_at": s.opened_at.to_rfc3339(), "float": s.float.to_string()}),
        )),
        None => Ok(Outcome::new("No shift is open.", json!({"open": false}))),
    }
}

pub async fn audit_verify(services: &Services, user: Option<&str>) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let v = services.payment.verify(&actor).await?;
    match v.broken {
        None => Ok(Outcome::new(
            format!(
                "The ledger is whole: {} rows, each chained to the one before.",
                v.rows
            ),
            json!({"ok": true, "rows": v.rows}),
        )),
        Some(b) => {
            let mut details = serde_json::Map::new();
            details.insert("row".into(), json!(b.seq));
            details.insert("rows_checked".into(), json!(v.rows));
            Err(Failure {
                kind: ErrorKind::Internal,
                code: "ledger_broken",
                message: format!("the ledger is broken at row {}: {}", b.seq, b.problem),
                details,
            })
        }
    }
}

fn ledger_json(e: &LedgerEntry) -> Value {
    json!({
        "seq": e.seq,
        "at": e.draft.at.to_rfc3339(),
        "kind": e.draft.kind.as_str(),
        "amount": signed(e.draft.amount_cents),
        "amount_cents": e.draft.amount_cents,
        "currency": e.draft.currency,
        "method": e.draft.method,
        "order": e.draft.order,
        "actor_id": e.draft.actor,
        "reference": e.draft.reference,
        "detail": e.draft.detail,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    })
}

pub async fn audit_list(
    services: &Services,
    user: Option<&str>,
    after: i64,
    limit: i64,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let rows = services.payment.ledger(&actor, after, limit).await?;
    let venue = services.screening.venue();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                venue
                    .to_local(e.draft.at)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                e.draft.kind.as_str().to_string(),
                signed(e.draft.amount_cents),
                e.draft.method.clone(),
                e.draft.order.map(|o| o.to_string()).unwrap_or_default(),
                e.hash[..12].to_string(),
                e.draft.detail.clone(),
            ]
        })
        .collect();
    let mut text = table(
        &[
            "#", "at", "kind", "amount", "method", "order", "hash", "detail",
        ],
        &cells,
    );
    if let Some(last) = rows.last() {
        text.push_str(&format!(
            "\nNext page: boxoffice audit list --after {}",
            last.seq
        ));
    }
    Ok(Outcome::new(
        text,
        json!({"rows": rows.iter().map(ledger_json).collect::<Vec<_>>(), "next_after": rows.last().map(|r| r.seq)}),
    ))
}

/// The report's range: `--from` and `--to` as business days, today by default.
async fn range(
    services: &Services,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), Failure> {
    let parse = |field: &str, t: &str| {
        VenueTime::parse_date(t).map_err(|e| Failure::invalid(field, e.to_string()))
    };
    let today = services.payment.today().await?;
    let from = from.map(|t| parse("from", t)).transpose()?;
    let to = to.map(|t| parse("to", t)).transpose()?;
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, f.max(today)),
        (None, Some(t)) => (today.min(t), t),
        (None, None) => (today, today),
    };
    if to < from {
        return Err(Failure::invalid("to", format!("{to} is before {from}")));
    }
    Ok((from, to))
}

fn csv_text(rows: Vec<Vec<String>>) -> Result<String, Failure> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(&row)
            .map_err(|e| Failure::internal(format!("CSV: {e}")))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure::internal(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Failure::internal(format!("CSV: {e}")))
}

fn sales_rows(r: &SalesReport, by: &[&str]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for dim in by {
        for g in r.by.get(*dim).into_iter().flatten() {
            rows.push(vec![
                dim.to_string(),
                g.key.clone(),
                g.tally.tickets.to_string(),
                signed(g.tally.amount_cents),
            ]);
        }
    }
    rows
}

pub async fn report_sales(
    services: &Services,
    user: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    by: Option<&str>,
    csv: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let dims: Vec<&str> = match by {
        None => DIMENSIONS.to_vec(),
        Some(d) => match DIMENSIONS.iter().find(|x| **x == d) {
            Some(x) => vec![*x],
            None => {
                return Err(Failure::invalid(
                    "by",
                    format!("{d:?} is not one of {}", DIMENSIONS.join(", ")),
                ));
            }
        },
    };
    let (from, to) = range(services, from, to).await?;
    let r = services.payment.sales_report(&actor, from, to).await?;
    let json = serde_json::to_value(&r).map_err(|e| Failure::internal(e.to_string()))?;
    if csv {
        let mut rows = vec![vec![
            "dimension".into(),
            "key".into(),
            "tickets".into(),
            "amount".into(),
        ]];
        rows.extend(sales_rows(&r, &dims));
        rows.push(vec![
            "total".into(),
            "sold".into(),
            r.sold.tickets.to_string(),
            signed(r.sold.amount_cents),
        ]);
        rows.push(vec![
            "total".into(),
            "refunded".into(),
            r.refunded.tickets.to_string(),
            signed(r.refunded.amount_cents),
        ]);
        rows.push(vec![
            "total".into(),
            "net".into(),
            String::new(),
            signed(r.net_cents),
        ]);
        return Ok(Outcome::new(csv_text(rows)?, json));
    }
    let cur = &r.currency;
    let mut text = format!(
        "Sales {from} to {to}: {} tickets, {} {cur}; refunded {} tickets, {} {cur}; net {} {cur}.",
        r.sold.tickets,
        signed(r.sold.amount_cents),
        r.refunded.tickets,
        signed(r.refunded.amount_cents),
        signed(r.net_cents)
    );
    for dim in &dims {
        let rows: Vec<Vec<String>> = sales_rows(&r, &[dim])
            .into_iter()
            .map(|row| row[1..].to_vec())
            .collect();
        text.push_str(&format!(
            "\n\nBy {dim}:\n{}",
            table(&[dim, "tickets", "amount"], &rows)
        ));
    }
    if !r.refunds.is_empty() {
        let rows: Vec<Vec<String>> = r
            .refunds
            .iter()
            .map(|f| {
                vec![
                    services.screening.local(f.at),
                    f.order.to_string(),
                    f.movie.clone(),
                    f.by.clone(),
                    f.method.clone(),
                    f.tickets.to_string(),
                    f.amount.to_string(),
                    f.reason.clone(),
                ]
            })
            .collect();
        text.push_str(&format!(
            "\n\nRefunds:\n{}",
            table(
                &[
                    "at", "order", "movie", "by", "method", "tickets", "amount", "reason"
                ],
                &rows
            )
        ));
    }
    Ok(Outcome::new(text, json))
}

pub async fn report_occupancy(
    services: &Services,
    user: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    csv: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let (from, to) = range(services, from, to).await?;
    let lines = services.payment.occupancy_report(&actor, from, to).await?;
    let json = serde_json::to_value(&lines).map_err(|e| Failure::internal(e.to_string()))?;
    let row = |l: &OccupancyLine| {
        vec![
            l.fact.showtime.to_string(),
            services.screening.local(l.fact.starts_at),
            l.fact.movie.clone(),
            l.fact.hall.clone(),
            l.fact.status.clone(),
            l.fact.sold.to_string(),
            l.fact.capacity.to_string(),
            format!("{:.1}", l.percent),
            l.fact.revenue.to_string(),
        ]
    };
    let headers = [
        "showtime", "starts", "movie", "hall", "status", "sold", "seats", "percent", "revenue",
    ];
    let rows: Vec<Vec<String>> = lines.iter().map(row).collect();
    if csv {
        let mut all = vec![headers.iter().map(|h| h.to_string()).collect()];
        all.extend(rows);
        return Ok(Outcome::new(csv_text(all)?, json));
    }
    if rows.is_empty() {
        return Ok(Outcome::new(
            format!("No showtimes from {from} to {to}."),
            json,
        ));
    }
    Ok(Outcome::new(
        format!("Occupancy {from} to {to}:\n{}", table(&headers, &rows)),
        json,
    ))
}
