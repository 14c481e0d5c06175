//! A cashier's drawer: open with a float, close with a blind count.

use serde_json::json;

use crate::payment::model::signed;
use crate::services::Services;

use super::common::{actor, money_arg};
use super::output::{Failure, Outcome, table};

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
    // Written down outside the database, it lets `audit verify --anchor` prove later that
    // nothing up to this close was cut from the ledger.
    let anchor = services.payment.ledger_anchor().await?;
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
        "Shift closed for {}: float {}, cash in {}, cash out {}, card in {}, card out {} ({cur}).\n{}\n{}\nLedger anchor (keep it with the count): {anchor}",
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
            "ledger_anchor": anchor.to_string(),
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
