//! The booking side of a sale: the quote, the checks and prices before any money moves,
//! and the handshake that turns a paid order's holds into tickets.

use serde::Serialize;

use crate::booking::BookingError;
use crate::booking::model::{OrderStatus, SaleLine, Ticket, TicketType, price_lines};
use crate::booking::paid::PaymentSucceeded;
use crate::booking::ports::SaleRecord;
use crate::identity::User;
use crate::identity::permissions::{Permission, allows};
use crate::screening::model::Showtime;
use crate::vocab::{Money, OrderId, ShowtimeId};

use super::{BookingService, closed, permit};

/// An order validated and priced for payment.
#[derive(Debug, Clone, Serialize)]
pub struct SalePlan {
    pub order: OrderId,
    pub showtime: Showtime,
    pub lines: Vec<SaleLine>,
    pub total: Money,
}

/// A random ticket code, short enough to read out at the door.
fn ticket_code() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    format!("T-{}-{}", &id[..5], &id[5..10])
}

impl BookingService {
    /// What the order would cost with these ticket types (the first seat gets the first
    /// type, and so on; seats without one are adult).
    pub async fn quote(
        &self,
        actor: &User,
        id: OrderId,
        types: &[TicketType],
    ) -> Result<(Vec<SaleLine>, Money), BookingError> {
        let view = self.order(actor, id).await?;
        let table = self.store.price_table().await?;
        price_lines(&table, view.showtime.price, &view.seats, types)
    }

    /// Validates an order for payment and prices it, before any money moves: the order
    /// is the actor's (or the actor is a manager), still a draft with live holds, and its
    /// showtime is open. Prices are computed now; the sale freezes them.
    pub async fn prepare_sale(
        &self,
        actor: &User,
        id: OrderId,
        types: &[TicketType],
    ) -> Result<SalePlan, BookingError> {
        if !allows(actor.role, Permission::Sell) {
            permit(actor, Permission::BookOwn)?;
        }
        let order = self.owned_order(actor, id).await?;
        let now = self.now().await?;
        let showtime = self.screening.showtime(order.showtime_id).await?;
        match order.effective_status(now) {
            OrderStatus::Draft => {}
            OrderStatus::Expired => return Err(BookingError::HoldExpired),
            _ => return Err(closed(&order, now)),
        }
        self.check_open(&showtime, now)?;
        let seats = self.store.order_seats(id, now).await?;
        if seats.is_empty() {
            return Err(BookingError::HoldExpired);
        }
        let table = self.store.price_table().await?;
        let (lines, total) = price_lines(&table, showtime.price, &seats, types)?;
        Ok(SalePlan {
            order: id,
            showtime,
            lines,
            total,
        })
    }

    /// The booking side of the handshake: a payment succeeded, so the order's holds
    /// become tickets, in one transaction with the payment row and its ledger rows.
    /// Refused (and nothing written) if the holds lapsed or the order was paid meanwhile.
    pub async fn complete_sale(&self, paid: PaymentSucceeded) -> Result<Vec<Ticket>, BookingError> {
        let sale = SaleRecord {
            order: paid.order,
            user: paid.by,
            now: paid.at,
            codes: paid.lines.iter().map(|_| ticket_code()).collect(),
            lines: paid.lines,
            total: paid.total,
            lease_key: paid.lease_key,
            payment: paid.payment,
        };
        let tickets = self.store.sell(&sale).await?;
        if let Some(t) = tickets.first() {
            self.feed.touched(t.showtime_id);
        }
        Ok(tickets)
    }

    /// Tells the other terminals that seats of a showtime changed (after a refund).
    pub fn seats_changed(&self, showtime: ShowtimeId) {
        self.feed.touched(showtime);
    }
}
