//! Booking use cases: holding seats, releasing, extending, selling for cash, and the seat
//! map as each person sees it. The CLI, the TUI and the SSH kiosk come through here.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::events::SeatFeed;
use crate::identity::permissions::{Permission, allows, check};
use crate::identity::{Role, User};
use crate::screening::model::{Seat, SeatLabel, Showtime, ShowtimeStatus};
use crate::screening::service::ScreeningService;
use crate::vocab::{Clock, Money, OrderId, SeatId, ShowtimeId};

use super::error::BookingError;
use super::model::{
    Channel, Claim, Order, OrderSeat, OrderStatus, OrderSummary, PriceTable, SaleLine, SeatState,
    Ticket, TicketType, price_lines, seat_state, status_word,
};
use super::paid::PaymentSucceeded;
use super::ports::{BookingStore, HoldOutcome, HoldRequest, Integrity, Reserve, SaleRecord};

/// The booking settings from config.
#[derive(Debug, Clone, Copy)]
pub struct BookingRules {
    pub hold_minutes: i64,
    pub max_seats_per_order: u32,
    pub counter_reserve_seats: u32,
}

impl Default for BookingRules {
    fn default() -> Self {
        BookingRules {
            hold_minutes: 10,
            max_seats_per_order: 10,
            counter_reserve_seats: 0,
        }
    }
}

/// One seat of the map with its state for the viewer.
#[derive(Debug, Clone, Serialize)]
pub struct MapSeat {
    #[serde(flatten)]
    pub seat: Seat,
    #[serde(flatten)]
    pub state: SeatState,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SeatCounts {
    pub free: u32,
    pub held: u32,
    pub sold: u32,
    pub unavailable: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeatMap {
    pub showtime: Showtime,
    pub seats: Vec<MapSeat>,
    pub counts: SeatCounts,
    /// When the map was read, on the database's clock.
    pub at: DateTime<Utc>,
}

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

/// An order validated and priced for payment.
#[derive(Debug, Clone, Serialize)]
pub struct SalePlan {
    pub order: OrderId,
    pub showtime: Showtime,
    pub lines: Vec<SaleLine>,
    pub total: Money,
}

/// How many blocks "best available" tries when other counters take them first.
const BEST_ATTEMPTS: usize = 3;

/// How long a cached showtime is shown before it is read again.
const LAYOUT_FRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// A showtime and its hall's seats, as last read.
struct Layout {
    showtime: Showtime,
    seats: Vec<Seat>,
    read_at: std::time::Instant,
}

impl Layout {
    fn label_of(&self, id: SeatId) -> String {
        self.seats
            .iter()
            .find(|s| s.id == id)
            .map(Seat::label)
            .unwrap_or_default()
    }
}

#[derive(Clone)]
pub struct BookingService {
    store: Arc<dyn BookingStore>,
    screening: ScreeningService,
    clock: Arc<dyn Clock>,
    feed: SeatFeed,
    rules: BookingRules,
    layouts: Arc<std::sync::Mutex<HashMap<ShowtimeId, Arc<Layout>>>>,
}

fn channel_of(user: &User) -> Channel {
    match user.role {
        Role::Customer => Channel::Kiosk,
        Role::Manager | Role::Cashier => Channel::Counter,
    }
}

/// A random ticket code, short enough to read out at the door.
fn ticket_code() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    format!("T-{}-{}", &id[..5], &id[5..10])
}

impl BookingService {
    pub fn new(
        store: Arc<dyn BookingStore>,
        screening: ScreeningService,
        clock: Arc<dyn Clock>,
        feed: SeatFeed,
        rules: BookingRules,
    ) -> Self {
        BookingService {
            store,
            screening,
            clock,
            feed,
            rules,
            layouts: Arc::default(),
        }
    }

    pub fn rules(&self) -> BookingRules {
        self.rules
    }

    async fn now(&self) -> Result<DateTime<Utc>, BookingError> {
        Ok(self.clock.now().await?)
    }

    /// Every seat of the showtime with its state as `viewer` sees it.
    pub async fn seat_map(
        &self,
        viewer: &User,
        showtime: ShowtimeId,
    ) -> Result<SeatMap, BookingError> {
        let data = self.screening.showtime_seats(showtime).await?;
        let now = self.now().await?;
        let claims = self.store.claims(showtime).await?;
        let blocked: HashSet<SeatId> = self
            .store
            .blocked_seats(showtime)
            .await?
            .into_iter()
            .collect();
        let by_seat: HashMap<SeatId, &Claim> = claims.iter().map(|c| (c.seat_id, c)).collect();
        let mine = |o: OrderId| {
            claims
                .iter()
                .any(|c| c.order_id == o && c.holder_id == viewer.id)
        };
        let mut counts = SeatCounts::default();
        let seats: Vec<MapSeat> = data
            .seats
            .into_iter()
            .map(|seat| {
                let state = seat_state(
                    seat.broken,
                    blocked.contains(&seat.id),
                    by_seat.get(&seat.id).copied(),
                    &mine,
                    now,
                );
                match state {
                    SeatState::Free => counts.free += 1,
                    SeatState::Held { .. } | SeatState::HeldByMe { .. } => counts.held += 1,
                    SeatState::Sold => counts.sold += 1,
                    SeatState::Broken | SeatState::Blocked => counts.unavailable += 1,
                }
                MapSeat { seat, state }
            })
            .collect();
        Ok(SeatMap {
            showtime: data.showtime,
            seats,
            counts,
            at: now,
        })
    }

    fn check_open(&self, showtime: &Showtime, now: DateTime<Utc>) -> Result<(), BookingError> {
        if showtime.status == ShowtimeStatus::Cancelled {
            return Err(BookingError::ShowtimeCancelled);
        }
        if showtime.starts_at <= now {
            return Err(BookingError::ShowtimeStarted(
                self.screening.local(showtime.starts_at),
            ));
        }
        Ok(())
    }

    /// The showtime and its hall's seats, cached: a hall's seats never change while a
    /// showtime depends on it, so labels, kinds and places can be kept. What can change
    /// (broken seats, the start, cancellation) is re-checked by the hold statement itself;
    /// the cached showtime is only shown, and refreshed after a few seconds.
    async fn layout(&self, showtime: ShowtimeId) -> Result<Arc<Layout>, BookingError> {
        let now = std::time::Instant::now();
        if let Ok(cache) = self.layouts.lock()
            && let Some(l) = cache.get(&showtime)
            && now.duration_since(l.read_at) < LAYOUT_FRESH
        {
            return Ok(l.clone());
        }
        let data = self.screening.showtime_seats(showtime).await?;
        let layout = Arc::new(Layout {
            showtime: data.showtime,
            seats: data.seats,
            read_at: now,
        });
        if let Ok(mut cache) = self.layouts.lock() {
            if cache.len() > 512 {
                cache.clear();
            }
            cache.insert(showtime, layout.clone());
        }
        Ok(layout)
    }

    /// Holds the named seats (e.g. "A1", "A2") for `actor`, all or none, in a new order or
    /// added to `order`.
    pub async fn hold(
        &self,
        actor: &User,
        showtime: ShowtimeId,
        labels: &[String],
        order: Option<OrderId>,
    ) -> Result<OrderView, BookingError> {
        if labels.is_empty() {
            return Err(BookingError::invalid(
                "seats",
                "name at least one seat, like A1",
            ));
        }
        let layout = self.layout(showtime).await?;
        let mut wanted: Vec<SeatLabel> = Vec::with_capacity(labels.len());
        for l in labels {
            let label = SeatLabel::parse(l)?;
            if wanted.contains(&label) {
                return Err(BookingError::invalid(
                    "seats",
                    format!("seat {label} is named twice"),
                ));
            }
            wanted.push(label);
        }
        let mut unknown = Vec::new();
        let mut ids = Vec::new();
        for label in &wanted {
            match layout
                .seats
                .iter()
                .find(|s| s.row_label == label.row && s.number == label.number)
            {
                Some(s) => ids.push(s.id),
                None => unknown.push(label.to_string()),
            }
        }
        if !unknown.is_empty() {
            return Err(BookingError::invalid(
                "seats",
                format!(
                    "no seat {} in hall {:?}",
                    unknown.join(", "),
                    layout.showtime.hall_name
                ),
            ));
        }
        self.hold_ids(actor, &layout, ids, order).await
    }

    /// Holds seats by id (the seat grid knows them), all or none.
    pub async fn hold_seat_ids(
        &self,
        actor: &User,
        showtime: ShowtimeId,
        seats: &[SeatId],
        order: Option<OrderId>,
    ) -> Result<OrderView, BookingError> {
        let layout = self.layout(showtime).await?;
        let mut unique = Vec::new();
        for id in seats {
            if unique.contains(id) {
                return Err(BookingError::invalid("seats", "a seat is named twice"));
            }
            if !layout.seats.iter().any(|s| s.id == *id) {
                return Err(BookingError::invalid(
                    "seats",
                    format!("seat {id} is not in this hall"),
                ));
            }
            unique.push(*id);
        }
        self.hold_ids(actor, &layout, unique, order).await
    }

    async fn hold_ids(
        &self,
        actor: &User,
        layout: &Layout,
        mut ids: Vec<SeatId>,
        order: Option<OrderId>,
    ) -> Result<OrderView, BookingError> {
        if ids.is_empty() {
            return Err(BookingError::invalid(
                "seats",
                "name at least one seat, like A1",
            ));
        }
        permit(actor, Permission::BookOwn)?;
        let showtime = &layout.showtime;
        let now = self.now().await?;
        let (held_before, expires_at) = match order {
            Some(id) => {
                let o = self.owned_order(actor, id).await?;
                if o.showtime_id != showtime.id {
                    return Err(BookingError::invalid(
                        "order",
                        format!("order {id} is for another showtime"),
                    ));
                }
                if o.effective_status(now) != OrderStatus::Draft {
                    return Err(closed(&o, now));
                }
                (self.store.order_seats(id, now).await?, o.expires_at)
            }
            None => (Vec::new(), now + Duration::minutes(self.rules.hold_minutes)),
        };
        let max = self.rules.max_seats_per_order;
        if held_before.len() + ids.len() > max as usize {
            return Err(BookingError::TooManySeats { max });
        }
        let reserve = match channel_of(actor) {
            Channel::Kiosk if self.rules.counter_reserve_seats > 0 => {
                let blocked: HashSet<SeatId> = self
                    .store
                    .blocked_seats(showtime.id)
                    .await?
                    .into_iter()
                    .collect();
                let seats = self.screening.hall_seats(showtime.hall_id).await?;
                Some(Reserve {
                    keep: self.rules.counter_reserve_seats,
                    sellable: seats
                        .iter()
                        .filter(|s| !s.broken && !blocked.contains(&s.id))
                        .count() as u32,
                })
            }
            _ => None,
        };
        ids.sort();
        let request = HoldRequest {
            order,
            showtime: showtime.id,
            user: actor.id,
            channel: channel_of(actor),
            seats: ids.clone(),
            now,
            expires_at,
            reserve,
        };
        match self.store.hold(&request).await? {
            HoldOutcome::Held(mut held) => {
                self.feed.touched(showtime.id);
                if held.user_id == actor.id {
                    held.username = actor.username.clone();
                } else if let Some(o) = self.store.order(held.id).await? {
                    held.username = o.username;
                }
                let mut seats = held_before;
                seats.extend(
                    layout
                        .seats
                        .iter()
                        .filter(|s| ids.contains(&s.id))
                        .map(|s| OrderSeat {
                            seat_id: s.id,
                            label: s.label(),
                            kind: s.kind,
                        }),
                );
                Ok(OrderView {
                    status: held.effective_status(now),
                    order: held,
                    showtime: showtime.clone(),
                    seats,
                    tickets: Vec::new(),
                })
            }
            HoldOutcome::Taken(missing) => Err(BookingError::SeatUnavailable(
                missing.iter().map(|id| layout.label_of(*id)).collect(),
            )),
            HoldOutcome::Unavailable(missing) => {
                Err(self.why_unavailable(layout, &missing, now).await?)
            }
        }
    }

    /// The hold statement refused these seats; find out why, for the person at the counter.
    /// Refusals are common under contention, so this reads only small answers.
    async fn why_unavailable(
        &self,
        layout: &Layout,
        missing: &[SeatId],
        now: DateTime<Utc>,
    ) -> Result<BookingError, BookingError> {
        let showtime = self.screening.showtime(layout.showtime.id).await?;
        if let Err(e) = self.check_open(&showtime, now) {
            return Ok(e);
        }
        let label = |id: &SeatId| layout.label_of(*id);
        let refused: Vec<(String, String)> = self
            .store
            .seat_flags(showtime.id, missing)
            .await?
            .into_iter()
            .filter_map(|(id, broken, blocked)| match (broken, blocked) {
                (true, _) => Some((label(&id), "broken".to_string())),
                (false, true) => Some((label(&id), "blocked for this showtime".to_string())),
                _ => None,
            })
            .collect();
        if !refused.is_empty() {
            return Ok(BookingError::SeatsRefused(refused));
        }
        Ok(BookingError::SeatUnavailable(
            missing.iter().map(label).collect(),
        ))
    }

    /// How many seats of the showtime could be held right now.
    pub async fn free_seats(&self, showtime: ShowtimeId) -> Result<usize, BookingError> {
        let layout = self.layout(showtime).await?;
        let now = self.now().await?;
        let taken = self.store.taken_seats(showtime, now).await?.len();
        Ok(layout.seats.len().saturating_sub(taken))
    }

    /// Holds the best `n` adjacent free seats in one step.
    pub async fn hold_best(
        &self,
        actor: &User,
        showtime: ShowtimeId,
        n: usize,
        order: Option<OrderId>,
    ) -> Result<OrderView, BookingError> {
        if n == 0 || n > self.rules.max_seats_per_order as usize {
            return Err(BookingError::TooManySeats {
                max: self.rules.max_seats_per_order,
            });
        }
        let layout = self.layout(showtime).await?;
        let now = self.now().await?;
        self.check_open(&layout.showtime, now)?;
        let mut taken: HashSet<SeatId> = self
            .store
            .taken_seats(showtime, now)
            .await?
            .into_iter()
            .collect();
        // Another counter may take the best block a moment before us: then the next best
        // is what the cashier wants, not an error.
        for _ in 0..BEST_ATTEMPTS {
            let places = super::best_available::places_from(&layout.seats, &taken);
            let block = super::best_available::best_block(&places, n).ok_or_else(|| {
                BookingError::SeatUnavailable(vec![format!("{n} seats together")])
            })?;
            match self.hold_ids(actor, &layout, block.clone(), order).await {
                Err(BookingError::SeatUnavailable(_)) => taken.extend(block),
                other => return other,
            }
        }
        Err(BookingError::SeatUnavailable(vec![format!(
            "{n} seats together"
        )]))
    }

    /// The order if `actor` may see it: its owner, or a manager. Anyone else is told it
    /// does not exist, so order numbers reveal nothing.
    async fn owned_order(&self, actor: &User, id: OrderId) -> Result<Order, BookingError> {
        match self.store.order(id).await? {
            Some(o)
                if o.user_id == actor.id || allows(actor.role, Permission::ActOnOthersOrders) =>
            {
                Ok(o)
            }
            _ => Err(BookingError::OrderNotFound(id.0)),
        }
    }

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
        self.store.release(order.id, seats, now).await?;
        self.feed.touched(order.showtime_id);
        if order.user_id != actor.id {
            let detail = format!("released a hold of {}", order.username);
            self.store
                .log(now, actor.id, "release_other", Some(order.id), &detail)
                .await?;
        }
        Ok(())
    }

    /// Gives the order's holds another `hold_minutes`, once.
    pub async fn extend(&self, actor: &User, id: OrderId) -> Result<OrderView, BookingError> {
        let order = self.owned_order(actor, id).await?;
        let now = self.now().await?;
        if order.effective_status(now) != OrderStatus::Draft {
            return Err(closed(&order, now));
        }
        if order.extended {
            return Err(BookingError::AlreadyExtended);
        }
        let until = now + Duration::minutes(self.rules.hold_minutes);
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
        self.store.cancel(id, now).await?;
        self.feed.touched(order.showtime_id);
        Ok(())
    }

    /// Takes a seat out of sale for this showtime only (staff); refused while it is held
    /// or sold.
    pub async fn block_seat(
        &self,
        actor: &User,
        showtime: ShowtimeId,
        label: &str,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::MarkSeatsBroken)?;
        let data = self.screening.showtime_seats(showtime).await?;
        let label = SeatLabel::parse(label)?;
        let seat = data
            .seats
            .iter()
            .find(|s| s.row_label == label.row && s.number == label.number)
            .ok_or_else(|| {
                BookingError::invalid(
                    "seat",
                    format!("no seat {label} in hall {:?}", data.showtime.hall_name),
                )
            })?;
        let now = self.now().await?;
        if !self
            .store
            .block_seat(showtime, seat.id, actor.id, now)
            .await?
        {
            return Err(BookingError::SeatUnavailable(vec![label.to_string()]));
        }
        self.feed.touched(showtime);
        Ok(())
    }

    pub async fn price_table(&self) -> Result<PriceTable, BookingError> {
        Ok(self.store.price_table().await?)
    }

    pub async fn set_discount(
        &self,
        actor: &User,
        ticket: TicketType,
        discount: Money,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::SetPrices)?;
        Ok(self.store.set_discount(ticket, discount).await?)
    }

    pub async fn set_surcharge(
        &self,
        actor: &User,
        kind: crate::screening::model::SeatKind,
        surcharge: Money,
    ) -> Result<(), BookingError> {
        permit(actor, Permission::SetPrices)?;
        Ok(self.store.set_surcharge(kind, surcharge).await?)
    }

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

    pub async fn showtime(&self, id: ShowtimeId) -> Result<Showtime, BookingError> {
        Ok(self.screening.showtime(id).await?)
    }

    /// Drops the cached showtime, so its new status shows at once.
    pub fn forget_showtime(&self, id: ShowtimeId) {
        if let Ok(mut cache) = self.layouts.lock() {
            cache.remove(&id);
        }
        self.feed.touched(id);
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

    /// Counts of what must never happen; all zero on a sound database.
    pub async fn integrity(&self) -> Result<Integrity, BookingError> {
        Ok(self.store.integrity().await?)
    }
}

fn closed(order: &Order, now: DateTime<Utc>) -> BookingError {
    match order.effective_status(now) {
        OrderStatus::Expired => BookingError::HoldExpired,
        s => BookingError::OrderClosed {
            id: order.id.0,
            status: s.as_str(),
        },
    }
}

fn permit(actor: &User, permission: Permission) -> Result<(), BookingError> {
    check(actor, permission).map_err(BookingError::PermissionDenied)
}
