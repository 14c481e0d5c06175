//! Row shapes of what the manager's screens read across the building (live holds, open
//! shifts, the ledger with who acted), shared by both backends, converted into domain
//! types.

use chrono::{DateTime, Utc};

use crate::booking::ports::LiveHold;
use crate::payment::ports::{ActedEntry, OpenShift, Shift};
use crate::vocab::{Money, OrderId, ShowtimeId, StoreFailure, UserId};

use super::payment_rows::LedgerRow;
use super::rows::channel;

/// One held seat with its order, showtime and holder.
#[derive(sqlx::FromRow)]
pub(crate) struct HeldSeatRow {
    pub order_id: i64,
    pub showtime_id: i64,
    pub starts_at: DateTime<Utc>,
    pub movie: String,
    pub hall: String,
    pub user_id: i64,
    pub username: String,
    pub channel: String,
    pub row_label: String,
    pub number: i32,
    pub held_until: DateTime<Utc>,
}

/// Seats come ordered by order, then by their place in the hall; each order becomes one
/// hold, kept in the order its first seat came.
pub(crate) fn group_holds(rows: Vec<HeldSeatRow>) -> Result<Vec<LiveHold>, StoreFailure> {
    let mut holds: Vec<LiveHold> = Vec::new();
    for r in rows {
        let label = format!("{}{}", r.row_label, r.number);
        if let Some(last) = holds.last_mut()
            && last.order.0 == r.order_id
        {
            last.seats.push(label);
            last.held_until = last.held_until.min(r.held_until);
            continue;
        }
        holds.push(LiveHold {
            order: OrderId(r.order_id),
            showtime: ShowtimeId(r.showtime_id),
            starts_at: r.starts_at,
            movie: r.movie,
            hall: r.hall,
            user: UserId(r.user_id),
            username: r.username,
            channel: channel(&r.channel)?,
            seats: vec![label],
            held_until: r.held_until,
        });
    }
    holds.sort_by_key(|h| (h.held_until, h.order));
    Ok(holds)
}

#[derive(sqlx::FromRow)]
pub(crate) struct OpenShiftRow {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub opened_at: DateTime<Utc>,
    pub float_cents: i64,
}

impl TryFrom<OpenShiftRow> for OpenShift {
    type Error = StoreFailure;
    fn try_from(r: OpenShiftRow) -> Result<OpenShift, StoreFailure> {
        Ok(OpenShift {
            shift: Shift {
                id: r.id,
                user: UserId(r.user_id),
                opened_at: r.opened_at,
                float: Money::from_cents(r.float_cents)
                    .map_err(|e| StoreFailure::new(format!("shift float: {e}")))?,
                closed_at: None,
            },
            username: r.username,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ActedLedgerRow {
    #[sqlx(flatten)]
    pub row: LedgerRow,
    /// `None` only if the account row is gone (it never is: accounts are kept).
    pub username: Option<String>,
}

impl TryFrom<ActedLedgerRow> for ActedEntry {
    type Error = StoreFailure;
    fn try_from(r: ActedLedgerRow) -> Result<ActedEntry, StoreFailure> {
        let username = r
            .username
            .unwrap_or_else(|| format!("user {}", r.row.actor_id));
        Ok(ActedEntry {
            entry: r.row.try_into()?,
            username,
        })
    }
}
