//! An order once it exists: showing it, giving seats back, extending, abandoning, its
//! tickets, and the history of a person's orders.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::booking::BookingError;
use crate::booking::model::{Order, OrderSeat, OrderStatus, OrderSummary, Ticket, status_word};
use crate::booking::ports::GiveBack;
use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::screening::model::{SeatLabel, Showtime};
use crate::vocab::{OrderId, SeatId};

use super::{BookingService, closed, permit};

/// An order as its owner sees it.
#[derive(Debug, Clone, Serialize)]
pub struct OrderView {
    pub order: Order,
    pub status: OrderStatus,
    pub showtime: Showtime,
    pub seats: Vec<OrderSeat>,
    pub tickets: Vec<Ticket>,
}

impl OrderView {
    /// The status as lists name it: "refunded" or "part refunded" for a sale given back.
    pub fn status_word(&self) -> &'static str {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let refunded = self.tickets.iter().filter(|t| !t.valid).count();
        status_word(self.status, count(self.tickets.len()), count(refunded))
    }
}

impl BookingService {
    async fn order_view(
        &self,
        id: OrderId,
        showtime: Showtime,
        now: DateTime<Utc>,
    ) -> Result<OrderView, BookingError> {
        let order = self
            .store
            .order(id)
            .await?
            .ok_or(BookingError::OrderNotFound(id.0))?;
        Ok(OrderView {
            status: order.effective_status(now),
            seats: self.store.order_seats(id, now).await?,
            tickets: self.store.order_tickets(id).await?,
            order,
            showtime,
        })
    }

    pub async fn order(&self, actor: &User, id: OrderId) -> Result<OrderView, BookingError> {
        let order = self.owned_order(actor, id).await?;
        let showtime = self.screening.showtime(order.showtime_id).await?;
        let now = self.now().await?;
        self.order_view(id, showtime, now).await
    }

    /// Gives back some or all of the order's held seats.
    pub async fn release(
        &self,
        actor: &User,
        id: OrderId,
        labels: &[String],
    ) -> Result<OrderView, BookingError> {
        let order = self.owned_order(actor, id).await?;
        let now = self.now().await?;
        let seats = if labels.is_empty() {
            None
        } else {
            let held = self.store.order_seats(id, now).await?;
            let mut ids = Vec::new();
            for l in labels {
                let label = SeatLabel::parse(l)?.to_string();
                let seat = held.iter().find(|s| s.label == label).ok_or_else(|| {
                    BookingError::invalid("seats", format!("order {id} does not hold {label}"))
                })?;
                ids.push(seat.seat_id);
            }
            Some(ids)
        };
        self.release_and_log(actor, &order, seats.as_deref(), now)
            .await?;
        self.order(actor, id).await
    }

    pub async fn release_seat_ids(
        &self,
        actor: &User,
        id: OrderId,
        seats: &[SeatId],
    ) -> Result<(), BookingError> {
        let order = self.owned_order(actor, id).await?;
        let now = self.now().await?;
        self.release_and_log(actor, &order, Some(seats), now).await
    }

    /// Releases and tells every screen; a manager releasing someone else's hold is logged.
    async fn release_and_log(
        &self,
        actor: &User,
        order: &Order,
        seats: Option<&[SeatId]>,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        if self.store.release(order.id, seats, now).await? == GiveBack::Paid {
            return Err(BookingError::OrderPaid(order.id.0));
        }
        self.feed.touched(order.showtime_id);
        if order.user_id != actor.id {
            let detail = format!("released a hold of {}", order.username);
            self.store
                .log(now, actor.id, "release_other", Some(order.id), &detail)
                .await?;
        }
        Ok(())
    }

    /// Gives the order's holds another full `hold_minutes` on top of the time they have
    /// left, once: an extension asked early is never spent on a few seconds.
    pub async fn extend(&self, actor: &User, id: OrderId) -> Result<OrderView, BookingError> {
        let order = self.owned_order(actor, id).await?;
        let now = self.now().await?;
        if order.effective_status(now) != OrderStatus::Draft {
            return Err(closed(&order, now));
        }
        if order.extended {
            return Err(BookingError::AlreadyExtended);
        }
        let until = order.expires_at + Duration::minutes(self.rules.hold_minutes);
        if !self.store.extend(id, now, until).await? {
            return Err(BookingError::AlreadyExtended);
        }
        self.feed.touched(order.showtime_id);
        self.order(actor, id).await
    }

    /// Abandons a checkout: the holds go back at once.
    pub async fn cancel(&self, actor: &User, id: OrderId) -> Result<(), BookingError> {
        let order = self.owned_order(actor, id).await?;
        let now = self.now().await?;
        if self.store.cancel(id, now).await? == GiveBack::Paid {
            return Err(BookingError::OrderPaid(id.0));
        }
        self.feed.touched(order.showtime_id);
        Ok(())
    }

    /// A ticket by the code printed on it, if the actor may see its order.
    pub async fn ticket_by_code(
        &self,
        actor: &User,
        code: &str,
    ) -> Result<Option<Ticket>, BookingError> {
        let code = code.trim().to_uppercase();
        let Some(ticket) = self.store.ticket_by_code(&code).await? else {
            return Ok(None);
        };
        match self.owned_order(actor, ticket.order_id).await {
            Ok(_) => Ok(Some(ticket)),
            Err(BookingError::OrderNotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// "My bookings" for a customer, "my sales" for a cashier, anyone's for a manager
    /// (`of`); newest first, each with how many of its tickets were refunded.
    pub async fn history(
        &self,
        actor: &User,
        of: Option<&User>,
        limit: i64,
    ) -> Result<Vec<OrderSummary>, BookingError> {
        let whose = match of {
            Some(other) if other.id != actor.id => {
                permit(actor, Permission::ActOnOthersOrders)?;
                other.id
            }
            _ => actor.id,
        };
        Ok(self.store.orders_of_user(whose, limit).await?)
    }
}
