//! Booking use cases: holding seats, releasing, extending, the sale's booking side, and
//! the seat map as each person sees it. The CLI, the TUI and the SSH kiosk come through
//! here. One service, its use cases grouped one file each below `service/`.

mod age;
mod blocks;
mod floor;
mod holds;
mod layout_cache;
mod map_reads;
mod orders;
mod prices;
mod sale;
mod seat_map;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::events::SeatFeed;
use crate::identity::permissions::{Permission, allows, check};
use crate::identity::{Role, User};
use crate::screening::model::{Showtime, ShowtimeStatus};
use crate::screening::service::ScreeningService;
use crate::vocab::{Clock, OrderId, ShowtimeId};

use super::error::BookingError;
use super::model::{Channel, Order, OrderStatus};
use super::ports::{BookingStore, Integrity};

use layout_cache::Layout;
pub use orders::OrderView;
pub use prices::{Discount, TYPICAL_MIXES, discount_of, typical_costs};
pub use sale::SalePlan;
pub use seat_map::{MapSeat, SeatCounts, SeatMap};

/// The booking settings from config.
#[derive(Debug, Clone)]
pub struct BookingRules {
    pub hold_minutes: i64,
    pub max_seats_per_order: u32,
    pub counter_reserve_seats: u32,
    /// Film ratings for which a child ticket needs a confirmation (`booking::age`).
    pub child_confirm_ratings: Vec<String>,
}

impl Default for BookingRules {
    fn default() -> Self {
        BookingRules {
            hold_minutes: 10,
            max_seats_per_order: 10,
            counter_reserve_seats: 0,
            child_confirm_ratings: super::age::DEFAULT_CONFIRM_RATINGS
                .map(String::from)
                .to_vec(),
        }
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
    map_reads: map_reads::MapReads,
}

fn channel_of(user: &User) -> Channel {
    match user.role {
        Role::Customer => Channel::Kiosk,
        Role::Manager | Role::Cashier => Channel::Counter,
    }
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
            map_reads: map_reads::MapReads::default(),
        }
    }

    pub fn rules(&self) -> &BookingRules {
        &self.rules
    }

    async fn now(&self) -> Result<DateTime<Utc>, BookingError> {
        Ok(self.clock.now().await?)
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

    pub async fn showtime(&self, id: ShowtimeId) -> Result<Showtime, BookingError> {
        Ok(self.screening.showtime(id).await?)
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
