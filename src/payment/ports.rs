//! What the payment room asks of a store: the ledger, order leases for payments in
//! flight, refunds, shifts, and the facts reports are made of. Declared here,
//! implemented for both backends in `store/`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::vocab::{Money, OrderId, ShowtimeId, StoreFailure, TicketId, UserId};

use super::model::{CloseOut, DrawerTotals, LedgerDraft, LedgerEntry, LedgerKind, PaymentMethod};

/// The payment's rows of a sale, which booking carries unread in its `PaymentPart` and the
/// store writes in the sale's transaction.
#[derive(Debug, Clone)]
pub struct SalePayment {
    pub method: PaymentMethod,
    pub tendered: Option<Money>,
    pub change: Option<Money>,
    /// For a card: the last four digits and the bank's reference of the charge.
    pub card_last4: Option<String>,
    pub gateway_ref: Option<String>,
    pub ledger: Vec<LedgerDraft>,
    /// Cash that must go into the seller's open shift (`[shift] required`): checked
    /// inside the sale's transaction, after the ledger is locked, so a shift closed on
    /// another terminal meanwhile either counted this sale or refuses it.
    pub needs_open_shift: bool,
}

/// What a shift's close writes: its close-out and ledger rows, worked out (by a pure
/// function of the payment domain) from the drawer's totals as read under the ledger's
/// lock.
pub struct ShiftCloseOut {
    pub out: CloseOut,
    pub entries: Vec<LedgerDraft>,
}

/// The payment that paid an order, as refunds need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub id: i64,
    pub order: OrderId,
    pub method: PaymentMethod,
    pub amount: Money,
    pub card_last4: Option<String>,
    pub gateway_ref: Option<String>,
}

/// Tickets to refund, with the money already given back (or to give back in cash).
#[derive(Debug, Clone)]
pub struct RefundRecord {
    pub order: OrderId,
    pub payment_id: i64,
    pub tickets: Vec<TicketId>,
    /// The sum of the tickets' frozen prices.
    pub amount: Money,
    pub method: PaymentMethod,
    pub reason: String,
    pub gateway_ref: Option<String>,
    pub user: UserId,
    pub now: DateTime<Utc>,
    /// Releases this lease on the order when the refund commits.
    pub lease_key: Option<String>,
    pub ledger: Vec<LedgerDraft>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundOutcome {
    Refunded {
        id: i64,
    },
    /// Another terminal refunded some of these tickets first: nothing was written.
    AlreadyRefunded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shift {
    pub id: i64,
    pub user: UserId,
    pub opened_at: DateTime<Utc>,
    pub float: Money,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Which ledger rows to read; every field left `None` matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerFilter {
    pub kind: Option<LedgerKind>,
    /// The acting user's username (any case).
    pub actor: Option<String>,
    pub order: Option<OrderId>,
    /// `[from, to)` of the row's time.
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// A ledger row with the username of whoever acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActedEntry {
    #[serde(flatten)]
    pub entry: LedgerEntry,
    pub username: String,
}

/// A shift not yet closed, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenShift {
    #[serde(flatten)]
    pub shift: Shift,
    pub username: String,
}

/// One ticket sold, with what reports group it by. Refunded tickets are included: a
/// refund is reported on its own, on the day it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleFact {
    pub sold_at: DateTime<Utc>,
    pub movie: String,
    pub hall: String,
    pub cashier: String,
    pub method: String,
    pub ticket_type: String,
    pub price: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundFact {
    pub at: DateTime<Utc>,
    pub order: OrderId,
    pub movie: String,
    pub hall: String,
    pub by: String,
    pub method: String,
    pub tickets: i64,
    pub amount: Money,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OccupancyFact {
    pub showtime: ShowtimeId,
    pub starts_at: DateTime<Utc>,
    pub movie: String,
    pub hall: String,
    pub status: String,
    /// Seats that can be sold (not broken).
    pub capacity: i64,
    pub sold: i64,
    pub revenue: Money,
}

#[async_trait]
pub trait PaymentStore: Send + Sync {
    /// Appends rows to the ledger in one transaction, chained after the current head.
    async fn append_ledger(&self, entries: &[LedgerDraft]) -> Result<(), StoreFailure>;
    /// Rows with `seq > after`, in order, at most `limit`.
    async fn ledger_page(&self, after: i64, limit: i64) -> Result<Vec<LedgerEntry>, StoreFailure>;
    /// Rows matching the filter with `seq < before` (all when `None`), the newest first,
    /// at most `limit`, each with its actor's username; one statement.
    async fn ledger_search(
        &self,
        filter: &LedgerFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<ActedEntry>, StoreFailure>;
    /// The last row's number and hash (0 and the genesis hash when empty).
    async fn ledger_head(&self) -> Result<(i64, String), StoreFailure>;
    /// Marks a payment or refund of the order as in flight until `until`, if no other is
    /// and the order is still `status`. False when another terminal holds the lease or
    /// the order is no longer in that state.
    async fn lease_order(
        &self,
        order: OrderId,
        key: &str,
        status: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    async fn end_lease(&self, order: OrderId, key: &str) -> Result<(), StoreFailure>;
    /// Card payments whose process stopped between asking the bank and recording the
    /// answer: draft orders still leased to a charge key whose lease ran out (a payment
    /// that ends, however it ends, gives its lease back). With the amount the last
    /// attempt under that key asked for, as the ledger recorded it.
    async fn interrupted_payments(
        &self,
        order: Option<OrderId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<InterruptedPayment>, StoreFailure>;
    /// Takes over the lapsed lease of an interrupted payment, keeping its key, until
    /// `until`. False when someone else took it first (or it was given back).
    async fn claim_interrupted(
        &self,
        order: OrderId,
        key: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    async fn payment_of(&self, order: OrderId) -> Result<Option<PaymentRecord>, StoreFailure>;
    /// How many refunds of the order the bank declined under `key` or a key derived from
    /// it (`key-rN`), as the ledger recorded them.
    async fn refund_declines(&self, order: OrderId, key: &str) -> Result<i64, StoreFailure>;
    /// Marks the tickets refunded, frees their seats, records the refund and its ledger
    /// rows, all in one transaction; nothing at all if any ticket is no longer valid.
    async fn refund(&self, refund: &RefundRecord) -> Result<RefundOutcome, StoreFailure>;
    /// Cancels a scheduled showtime with its ledger row; false if it was not scheduled.
    async fn cancel_showtime(
        &self,
        showtime: ShowtimeId,
        entry: &LedgerDraft,
    ) -> Result<bool, StoreFailure>;
    /// Orders of the showtime that still have valid tickets.
    async fn orders_with_valid_tickets(
        &self,
        showtime: ShowtimeId,
    ) -> Result<Vec<OrderId>, StoreFailure>;
    /// Opens a shift; `None` if the user already has one open.
    async fn open_shift(
        &self,
        user: UserId,
        float: Money,
        now: DateTime<Utc>,
        entry: &LedgerDraft,
    ) -> Result<Option<Shift>, StoreFailure>;
    async fn open_shift_of(&self, user: UserId) -> Result<Option<Shift>, StoreFailure>;
    /// Every shift not yet closed, the oldest first.
    async fn open_shifts(&self) -> Result<Vec<OpenShift>, StoreFailure>;
    /// Closes the shift: with the ledger locked (no sale can add to the drawer before the
    /// close commits, and a cash sale after it finds no open shift), reads the drawer's
    /// totals since `since`, works out the close-out with `close_out`, and writes it and
    /// its ledger rows. `None` if the shift was closed meanwhile.
    async fn close_shift(
        &self,
        shift: i64,
        user: UserId,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        close_out: &(dyn Fn(DrawerTotals) -> ShiftCloseOut + Send + Sync),
    ) -> Result<Option<CloseOut>, StoreFailure>;
    async fn sales_facts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SaleFact>, StoreFailure>;
    async fn refund_facts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<RefundFact>, StoreFailure>;
    /// Showtimes starting in the range, with their sales.
    async fn occupancy(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<OccupancyFact>, StoreFailure>;
}

/// A card payment cut off mid-way: its order, the idempotency key the bank may have
/// charged under, and what the last attempt asked for (`None` if no attempt was
/// recorded before the process stopped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterruptedPayment {
    pub order: OrderId,
    pub key: String,
    pub amount: Option<Money>,
}
