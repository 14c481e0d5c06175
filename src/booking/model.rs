//! Booking's vocabulary and its pure rules: ticket types, the price of a seat, what a
//! seat looks like to the person looking at it.

use crate::vocab::text::count;
use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::screening::model::SeatKind;
use crate::vocab::{Money, OrderId, SeatId, ShowtimeId, TicketId, UserId};

use super::error::BookingError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketType {
    Adult,
    Child,
    Senior,
    Student,
}

impl TicketType {
    pub const ALL: [TicketType; 4] = [
        TicketType::Adult,
        TicketType::Child,
        TicketType::Senior,
        TicketType::Student,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketType::Adult => "adult",
            TicketType::Child => "child",
            TicketType::Senior => "senior",
            TicketType::Student => "student",
        }
    }

    pub fn parse(text: &str) -> Result<Self, BookingError> {
        match text.trim().to_lowercase().as_str() {
            "adult" => Ok(TicketType::Adult),
            "child" => Ok(TicketType::Child),
            "senior" => Ok(TicketType::Senior),
            "student" => Ok(TicketType::Student),
            other => Err(BookingError::invalid(
                "type",
                format!("{other:?} is not a ticket type (adult, child, senior or student)"),
            )),
        }
    }
}

impl fmt::Display for TicketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The manager's price table: what each ticket type takes off the showtime's base price
/// and what each seat kind adds to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PriceTable {
    pub discounts: HashMap<TicketType, Money>,
    /// Discounts given as a share of the base price (0 to 100); a type has an amount or
    /// a share, never both.
    #[serde(default)]
    pub percents: HashMap<TicketType, u32>,
    pub surcharges: HashMap<SeatKind, Money>,
}

impl PriceTable {
    /// The price of one seat, never below zero: base + surcharge - discount.
    pub fn price(&self, base: Money, kind: SeatKind, ticket: TicketType) -> Money {
        let surcharge = self.surcharges.get(&kind).copied().unwrap_or(Money::ZERO);
        let discount = self.discounts.get(&ticket).copied().unwrap_or(Money::ZERO);
        let percent = i64::from(self.percents.get(&ticket).copied().unwrap_or(0).min(100));
        // A share of the base, to the nearest cent.
        let share = (base.cents() * percent + 50) / 100;
        let cents = (base.cents() + surcharge.cents() - discount.cents() - share).max(0);
        Money::from_cents(cents).unwrap_or(base)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Counter,
    Kiosk,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Kiosk => "kiosk",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    Paid,
    Cancelled,
    Expired,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Paid => "paid",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "draft" => Some(OrderStatus::Draft),
            "paid" => Some(OrderStatus::Paid),
            "cancelled" => Some(OrderStatus::Cancelled),
            "expired" => Some(OrderStatus::Expired),
            _ => None,
        }
    }
}

/// The state of one claim row: held by an order, sold, or given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
    Held,
    Sold,
    Released,
}

impl ClaimState {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "held" => Some(ClaimState::Held),
            "sold" => Some(ClaimState::Sold),
            "released" => Some(ClaimState::Released),
            _ => None,
        }
    }
}

/// A seat's claim for one showtime, with who holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub seat_id: SeatId,
    pub order_id: OrderId,
    pub state: ClaimState,
    pub held_until: DateTime<Utc>,
    pub holder_id: UserId,
    pub holder: String,
    pub channel: Channel,
}

impl Claim {
    /// Held and not yet lapsed, or sold: the seat is not free. An expired hold counts as
    /// free at once; no sweeper needs to run first.
    pub fn takes_seat(&self, now: DateTime<Utc>) -> bool {
        match self.state {
            ClaimState::Sold => true,
            ClaimState::Held => self.held_until > now,
            ClaimState::Released => false,
        }
    }
}

/// What a seat is for one showtime, as the person looking at it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SeatState {
    Free,
    /// Held by an order of the viewer's.
    HeldByMe {
        order_id: OrderId,
        until: DateTime<Utc>,
    },
    /// Held by someone else: a cashier's name, or "online" for the kiosk.
    Held {
        by: String,
        until: DateTime<Utc>,
    },
    Sold,
    Broken,
    Blocked,
}

impl SeatState {
    pub fn word(&self) -> &'static str {
        match self {
            SeatState::Free => "free",
            SeatState::HeldByMe { .. } => "held_by_me",
            SeatState::Held { .. } => "held",
            SeatState::Sold => "sold",
            SeatState::Broken => "broken",
            SeatState::Blocked => "blocked",
        }
    }

    pub fn is_free(&self) -> bool {
        matches!(self, SeatState::Free)
    }
}

/// The state of a seat as `viewer` sees it (pure: broken first, then blocked, then the
/// claim). A manager sees the holder's name like anyone on staff; the kiosk's holds show
/// as "online" so no customer's name reaches a counter screen.
pub fn seat_state(
    broken: bool,
    blocked: bool,
    claim: Option<&Claim>,
    viewer_orders: &dyn Fn(OrderId) -> bool,
    now: DateTime<Utc>,
) -> SeatState {
    if broken {
        return SeatState::Broken;
    }
    if blocked {
        return SeatState::Blocked;
    }
    match claim {
        Some(c) if c.takes_seat(now) => match c.state {
            ClaimState::Sold => SeatState::Sold,
            _ if viewer_orders(c.order_id) => SeatState::HeldByMe {
                order_id: c.order_id,
                until: c.held_until,
            },
            _ => SeatState::Held {
                by: match c.channel {
                    Channel::Kiosk => "online".to_string(),
                    Channel::Counter => c.holder.clone(),
                },
                until: c.held_until,
            },
        },
        _ => SeatState::Free,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: OrderId,
    pub showtime_id: ShowtimeId,
    pub user_id: UserId,
    pub username: String,
    pub channel: Channel,
    pub status: OrderStatus,
    pub extended: bool,
    pub total: Option<Money>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

impl Order {
    /// A draft whose holds have lapsed is expired, whether or not anyone wrote it down.
    pub fn effective_status(&self, now: DateTime<Utc>) -> OrderStatus {
        match self.status {
            OrderStatus::Draft if self.expires_at <= now => OrderStatus::Expired,
            s => s,
        }
    }
}

/// An order as a history lists it. A refund leaves its order paid, so the count of
/// refunded tickets is what tells a sale that stands from one given back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderSummary {
    #[serde(flatten)]
    pub order: Order,
    /// Tickets made for the order, refunded ones included.
    pub tickets: u32,
    pub refunded: u32,
}

impl OrderSummary {
    /// Every ticket given back: nothing is left to refund.
    pub fn all_refunded(&self) -> bool {
        self.tickets > 0 && self.refunded >= self.tickets
    }

    pub fn status_word(&self, now: DateTime<Utc>) -> &'static str {
        status_word(
            self.order.effective_status(now),
            self.tickets,
            self.refunded,
        )
    }
}

/// How lists name an order: by its status, except that a paid order whose tickets were
/// all refunded reads "refunded", and one with some of them refunded "part refunded".
pub fn status_word(status: OrderStatus, tickets: u32, refunded: u32) -> &'static str {
    match status {
        OrderStatus::Paid if refunded > 0 && refunded >= tickets => "refunded",
        OrderStatus::Paid if refunded > 0 => "part refunded",
        s => s.as_str(),
    }
}

/// A seat the order holds or bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderSeat {
    pub seat_id: SeatId,
    pub label: String,
    pub kind: SeatKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    pub id: TicketId,
    pub code: String,
    pub order_id: OrderId,
    pub showtime_id: ShowtimeId,
    pub seat_id: SeatId,
    pub seat: String,
    pub ticket_type: TicketType,
    pub price: Money,
    pub valid: bool,
}

/// A priced line of a sale: the price is frozen here and never recomputed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleLine {
    pub seat_id: SeatId,
    pub label: String,
    pub ticket_type: TicketType,
    pub price: Money,
}

/// Prices every seat of an order: one ticket type per seat, in the order given.
pub fn price_lines(
    table: &PriceTable,
    base: Money,
    seats: &[OrderSeat],
    types: &[TicketType],
) -> Result<(Vec<SaleLine>, Money), BookingError> {
    if types.len() > seats.len() {
        return Err(BookingError::invalid(
            "type",
            format!(
                "{} for {}",
                count(types.len() as u64, "ticket type", "ticket types"),
                count(seats.len() as u64, "seat", "seats")
            ),
        ));
    }
    let mut total = Money::ZERO;
    let mut lines = Vec::with_capacity(seats.len());
    for (i, seat) in seats.iter().enumerate() {
        let ticket_type = types.get(i).copied().unwrap_or(TicketType::Adult);
        let price = table.price(base, seat.kind, ticket_type);
        total = total
            .checked_add(price)
            .ok_or_else(|| BookingError::invalid("total", "the order's total is too large"))?;
        lines.push(SaleLine {
            seat_id: seat.seat_id,
            label: seat.label.clone(),
            ticket_type,
            price,
        });
    }
    Ok((lines, total))
}

/// Change due for cash: refused if the tendered amount does not cover the total.
pub fn change_due(total: Money, tendered: Money) -> Result<Money, BookingError> {
    if tendered < total {
        return Err(BookingError::TenderedTooLittle { total, tendered });
    }
    Money::from_cents(tendered.cents() - total.cents())
        .map_err(|e| BookingError::invalid("tendered", e.to_string()))
}

#[cfg(test)]
mod tests;
