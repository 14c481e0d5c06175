//! Row shapes of the payment store, shared by both backends, converted into domain types.

use chrono::{DateTime, Utc};

use crate::payment::model::{LedgerDraft, LedgerEntry, LedgerKind};
use crate::vocab::{Money, OrderId, ShowtimeId, StoreFailure, UserId};

use crate::booking::ports::SaleRecord;
use crate::payment::model::PaymentMethod;
use crate::payment::ports::{
    OccupancyFact, PaymentRecord, RefundFact, SaleFact, SalePayment, Shift,
};

fn money(cents: i64, what: &str) -> Result<Money, StoreFailure> {
    Money::from_cents(cents).map_err(|e| StoreFailure::new(format!("{what}: {e}")))
}

fn method(text: &str) -> Result<PaymentMethod, StoreFailure> {
    match text {
        "cash" => Ok(PaymentMethod::Cash),
        "card" => Ok(PaymentMethod::Card),
        "free" => Ok(PaymentMethod::Free),
        other => Err(StoreFailure::new(format!(
            "unknown payment method {other:?}"
        ))),
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct LedgerRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub amount_cents: i64,
    pub currency: String,
    pub method: String,
    pub order_id: Option<i64>,
    pub actor_id: i64,
    pub reference: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl TryFrom<LedgerRow> for LedgerEntry {
    type Error = StoreFailure;
    fn try_from(r: LedgerRow) -> Result<LedgerEntry, StoreFailure> {
        let kind = LedgerKind::parse(&r.kind).ok_or_else(|| {
            StoreFailure::new(format!("ledger row {} has kind {:?}", r.seq, r.kind))
        })?;
        Ok(LedgerEntry {
            seq: r.seq,
            draft: LedgerDraft {
                at: r.at,
                kind,
                amount_cents: r.amount_cents,
                currency: r.currency,
                method: r.method,
                order: r.order_id.map(OrderId),
                actor: UserId(r.actor_id),
                reference: r.reference,
                detail: r.detail,
            },
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PaymentRow {
    pub id: i64,
    pub order_id: i64,
    pub method: String,
    pub amount_cents: i64,
    pub card_last4: Option<String>,
    pub gateway_ref: Option<String>,
}

impl TryFrom<PaymentRow> for PaymentRecord {
    type Error = StoreFailure;
    fn try_from(r: PaymentRow) -> Result<PaymentRecord, StoreFailure> {
        Ok(PaymentRecord {
            id: r.id,
            order: OrderId(r.order_id),
            method: method(&r.method)?,
            amount: money(r.amount_cents, "payment")?,
            card_last4: r.card_last4,
            gateway_ref: r.gateway_ref,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ShiftRow {
    pub id: i64,
    pub user_id: i64,
    pub opened_at: DateTime<Utc>,
    pub float_cents: i64,
    pub closed_at: Option<DateTime<Utc>>,
}

impl TryFrom<ShiftRow> for Shift {
    type Error = StoreFailure;
    fn try_from(r: ShiftRow) -> Result<Shift, StoreFailure> {
        Ok(Shift {
            id: r.id,
            user: UserId(r.user_id),
            opened_at: r.opened_at,
            float: money(r.float_cents, "shift float")?,
            closed_at: r.closed_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SaleFactRow {
    pub sold_at: DateTime<Utc>,
    pub movie: String,
    pub hall: String,
    pub cashier: String,
    pub method: String,
    pub ticket_type: String,
    pub price_cents: i64,
}

impl TryFrom<SaleFactRow> for SaleFact {
    type Error = StoreFailure;
    fn try_from(r: SaleFactRow) -> Result<SaleFact, StoreFailure> {
        Ok(SaleFact {
            price: money(r.price_cents, "ticket price")?,
            sold_at: r.sold_at,
            movie: r.movie,
            hall: r.hall,
            cashier: r.cashier,
            method: r.method,
            ticket_type: r.ticket_type,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RefundFactRow {
    pub at: DateTime<Utc>,
    pub order_id: i64,
    pub movie: String,
    pub hall: String,
    pub by_user: String,
    pub method: String,
    pub tickets: i64,
    pub amount_cents: i64,
    pub reason: String,
}

impl TryFrom<RefundFactRow> for RefundFact {
    type Error = StoreFailure;
    fn try_from(r: RefundFactRow) -> Result<RefundFact, StoreFailure> {
        Ok(RefundFact {
            amount: money(r.amount_cents, "refund")?,
            at: r.at,
            order: OrderId(r.order_id),
            movie: r.movie,
            hall: r.hall,
            by: r.by_user,
            method: r.method,
            tickets: r.tickets,
            reason: r.reason,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OccupancyRow {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub movie: String,
    pub hall: String,
    pub status: String,
    pub capacity: i64,
    pub sold: i64,
    pub revenue_cents: i64,
}

impl TryFrom<OccupancyRow> for OccupancyFact {
    type Error = StoreFailure;
    fn try_from(r: OccupancyRow) -> Result<OccupancyFact, StoreFailure> {
        Ok(OccupancyFact {
            revenue: money(r.revenue_cents, "showtime revenue")?,
            showtime: ShowtimeId(r.id),
            starts_at: r.starts_at,
            movie: r.movie,
            hall: r.hall,
            status: r.status,
            capacity: r.capacity,
            sold: r.sold,
        })
    }
}

/// The payment room's rows of a sale, out of the part booking carries without reading.
pub(crate) fn sale_payment(sale: &SaleRecord) -> Result<&SalePayment, StoreFailure> {
    sale.payment
        .get::<SalePayment>()
        .ok_or_else(|| StoreFailure::new("a sale came without its payment"))
}
