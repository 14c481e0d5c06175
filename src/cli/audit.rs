//! The ledger: verify its hash chain, page through it, settle interrupted card payments.

use serde_json::{Value, json};

use crate::payment::model::{LedgerAnchor, LedgerEntry, signed};
use crate::services::Services;
use crate::vocab::ErrorKind;

use super::common::actor;
use super::output::{Failure, Outcome, table};

pub async fn audit_verify(
    services: &Services,
    user: Option<&str>,
    anchors: &[String],
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let anchors = anchors
        .iter()
        .map(|a| LedgerAnchor::parse(a).map_err(|e| Failure::invalid("anchor", e)))
        .collect::<Result<Vec<_>, _>>()?;
    let v = services.payment.verify_against(&actor, &anchors).await?;
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

pub async fn resolve_payments(services: &Services, user: Option<&str>) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let resolved = services
        .payment
        .resolve_interrupted_payments(&actor)
        .await?;
    let text = if resolved.is_empty() {
        "No card payment is waiting to be settled.".to_string()
    } else {
        resolved
            .iter()
            .map(|r| match &r.voided_charge {
                Some(reference) => format!("order {}: charge {reference} voided", r.order.0),
                None => format!("order {}: nothing had been charged", r.order.0),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let rows: Vec<Value> = resolved
        .iter()
        .map(|r| json!({"order": r.order.0, "key": r.key, "voided_charge": r.voided_charge}))
        .collect();
    Ok(Outcome::new(text, json!({"resolved": rows})))
}

fn ledger_json(e: &LedgerEntry, user: String) -> Value {
    json!({
        "seq": e.seq,
        "user": user,
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
    // Who acted, by name: one read of the accounts for the whole page.
    let names: std::collections::HashMap<i64, String> = services
        .identity
        .list(&actor)
        .await?
        .into_iter()
        .map(|c| (c.user.id.0, c.user.username))
        .chain(std::iter::once((actor.id.0, actor.username.clone())))
        .collect();
    let who = |e: &LedgerEntry| {
        names
            .get(&e.draft.actor.0)
            .cloned()
            .unwrap_or_else(|| format!("#{}", e.draft.actor.0))
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                venue
                    .to_local(e.draft.at)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                who(e),
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
            "#", "at", "user", "kind", "amount", "method", "order", "hash", "detail",
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
        json!({"rows": rows.iter().map(|e| ledger_json(e, who(e))).collect::<Vec<_>>(), "next_after": rows.last().map(|r| r.seq)}),
    ))
}
