//! What the booking room asks of a store: prices, claims, holds, orders, the sale's
//! transaction. Declared here, implemented for both backends in `store/`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::screening::model::SeatKind;
use crate::vocab::{Money, OrderId, SeatId, ShowtimeId, StoreFailure, TicketId, UserId};

use super::BookingError;
use super::model::{
    Channel, Claim, Order, OrderSeat, OrderSummary, PriceTable, SaleLine, Ticket, TicketType,
};
use super::paid::PaymentPart;

/// What giving an order's seats back came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveBack {
    /// This many holds went back (0: none was live).
    Released(u64),
    /// The order is paid: its seats are tickets now, which only a refund gives back.
    Paid,
}

/// A request to hold seats, already validated by the service.
#[derive(Debug, Clone)]
pub struct HoldRequest {
    /// Add to this draft order; `None` opens a new one.
    pub order: Option<OrderId>,
    pub showtime: ShowtimeId,
    pub user: UserId,
    pub channel: Channel,
    /// Distinct and ascending: every transaction locks seats in the same order, so two
    /// overlapping holds can wait for each other but never deadlock.
    pub seats: Vec<SeatId>,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// For the kiosk: keep this many of the showtime's sellable seats for the counter.
    pub reserve: Option<Reserve>,
}

#[derive(Debug, Clone, Copy)]
pub struct Reserve {
    pub keep: u32,
    pub sellable: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldOutcome {
    /// Every seat is held by the order (its `username` is left blank for the caller).
    Held(Order),
    /// Nothing was held: these seats are someone else's live hold or sold, and the
    /// showtime is open. The store knows it from the refusal itself, so the caller need
    /// not ask why (the common refusal under contention).
    Taken(Vec<SeatId>),
    /// Nothing was held: these seats are held by someone else, sold, broken, blocked, not
    /// in the showtime's hall, or the showtime is closed. The caller finds out which.
    Unavailable(Vec<SeatId>),
}

/// A sale to record: priced lines (frozen), new ticket codes, and the payment room's
/// rows, all written in one transaction.
#[derive(Debug, Clone)]
pub struct SaleRecord {
    pub order: OrderId,
    pub user: UserId,
    pub now: DateTime<Utc>,
    pub lines: Vec<SaleLine>,
    pub total: Money,
    pub codes: Vec<String>,
    /// The payment's lease on the order: a sale by anyone else waits until it lapses.
    pub lease_key: Option<String>,
    /// The payment row and its ledger rows: the sale is in the ledger or did not happen.
    pub payment: PaymentPart,
}

impl SaleRecord {
    /// The ticket the database made for one of the sale's seats, with the line's frozen
    /// type and price; `None` for a seat the sale did not price.
    pub fn ticket(&self, id: i64, code: String, seat: i64, showtime: i64) -> Option<Ticket> {
        let line = self.lines.iter().find(|l| l.seat_id.0 == seat)?;
        Some(Ticket {
            id: TicketId(id),
            code,
            order_id: self.order,
            showtime_id: ShowtimeId(showtime),
            seat_id: line.seat_id,
            seat: line.label.clone(),
            ticket_type: line.ticket_type,
            price: line.price,
            valid: true,
        })
    }
}

/// One order's live holds, as the floor lists them: what, where, who, until when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LiveHold {
    pub order: OrderId,
    pub showtime: ShowtimeId,
    pub starts_at: DateTime<Utc>,
    pub movie: String,
    pub hall: String,
    pub user: UserId,
    pub username: String,
    pub channel: Channel,
    /// Seat labels in the hall's order ("C5").
    pub seats: Vec<String>,
    /// When the first of them lapses.
    pub held_until: DateTime<Utc>,
}

/// What must always be zero: the bench and the health check count them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Integrity {
    /// Seats of a showtime with more than one valid ticket.
    pub double_sales: i64,
    /// Seats marked sold whose order is not paid.
    pub sold_not_paid: i64,
    /// Sold seats without a valid ticket, and paid orders without any ticket.
    pub paid_not_ticketed: i64,
}

#[async_trait]
pub trait BookingStore: Send + Sync {
    async fn price_table(&self) -> Result<PriceTable, StoreFailure>;
    async fn set_discount(&self, ticket: TicketType, discount: Money) -> Result<(), StoreFailure>;
    /// A share of the base price off instead of an amount (the amount becomes zero).
    async fn set_discount_percent(
        &self,
        ticket: TicketType,
        percent: u32,
    ) -> Result<(), StoreFailure>;
    async fn set_surcharge(&self, kind: SeatKind, surcharge: Money) -> Result<(), StoreFailure>;
    /// Every claim of a showtime that is not released, with who made it.
    async fn claims(&self, showtime: ShowtimeId) -> Result<Vec<Claim>, StoreFailure>;
    async fn blocked_seats(&self, showtime: ShowtimeId) -> Result<Vec<SeatId>, StoreFailure>;
    /// Seats of the showtime's hall that cannot be held now: live holds, sold, blocked
    /// for this showtime, broken.
    /// Of these seats, which are broken and which blocked for the showtime.
    async fn seat_flags(
        &self,
        showtime: ShowtimeId,
        seats: &[SeatId],
    ) -> Result<Vec<(SeatId, bool, bool)>, StoreFailure>;
    async fn taken_seats(
        &self,
        showtime: ShowtimeId,
        now: DateTime<Utc>,
    ) -> Result<Vec<SeatId>, StoreFailure>;
    /// Puts a blocked seat back on sale for the showtime; false if it was not blocked.
    async fn unblock_seat(&self, showtime: ShowtimeId, seat: SeatId) -> Result<bool, StoreFailure>;
    /// Takes a seat out of sale for one showtime. False if it is held or sold right now
    /// (it is then left as it is).
    async fn block_seat(
        &self,
        showtime: ShowtimeId,
        seat: SeatId,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    /// Takes every seat or none, in one transaction. The statement itself refuses a seat
    /// of another hall, a broken or blocked one, and a showtime that is cancelled or has
    /// started. Errors: `HoldExpired` when adding to an order that is no longer a live
    /// draft; `CounterReserve` for the kiosk.
    async fn hold(&self, request: &HoldRequest) -> Result<HoldOutcome, BookingError>;
    /// Gives back the order's own live holds (all, or the seats named); never anyone
    /// else's. Settled under the order's claim locks, so a sale committing at the same
    /// moment is either before (`Paid`) or after (it finds the holds gone).
    async fn release(
        &self,
        order: OrderId,
        seats: Option<&[SeatId]>,
        now: DateTime<Utc>,
    ) -> Result<GiveBack, StoreFailure>;
    /// Moves the expiry of a live draft to `until`, once. False if it was extended before
    /// or is no longer live.
    async fn extend(
        &self,
        order: OrderId,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    async fn order(&self, id: OrderId) -> Result<Option<Order>, StoreFailure>;
    /// The seats an order holds now (live holds) or bought.
    async fn order_seats(
        &self,
        id: OrderId,
        now: DateTime<Utc>,
    ) -> Result<Vec<OrderSeat>, StoreFailure>;
    async fn order_tickets(&self, id: OrderId) -> Result<Vec<Ticket>, StoreFailure>;
    async fn ticket_by_code(&self, code: &str) -> Result<Option<Ticket>, StoreFailure>;
    /// Turns the order's live holds into tickets with the payment, in one transaction.
    /// Errors: `HoldExpired` if any hold lapsed (nothing is written), `OrderClosed`.
    async fn sell(&self, sale: &SaleRecord) -> Result<Vec<Ticket>, BookingError>;
    /// Releases a draft's holds and marks it cancelled; a paid order is left as it is
    /// and answered `Paid`.
    async fn cancel(&self, order: OrderId, now: DateTime<Utc>) -> Result<GiveBack, StoreFailure>;
    async fn log(
        &self,
        at: DateTime<Utc>,
        user: UserId,
        action: &str,
        order: Option<OrderId>,
        detail: &str,
    ) -> Result<(), StoreFailure>;
    async fn integrity(&self) -> Result<Integrity, StoreFailure>;
    /// Every live hold in the building, grouped by order, the soonest to lapse first;
    /// one statement.
    async fn live_holds(&self, now: DateTime<Utc>) -> Result<Vec<LiveHold>, StoreFailure>;
    /// A user's orders, newest first, with their tickets counted; a draft that holds no
    /// seat any more (all released) is not one of them.
    async fn orders_of_user(
        &self,
        user: UserId,
        limit: i64,
    ) -> Result<Vec<OrderSummary>, StoreFailure>;
}
