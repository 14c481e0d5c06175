//! The seat map: every seat of a showtime with its state as the viewer sees it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::booking::BookingError;
use crate::booking::model::{Claim, SeatState, seat_state};
use crate::identity::{Role, User};
use crate::screening::model::{Seat, Showtime};
use crate::vocab::{OrderId, SeatId, ShowtimeId};

use super::BookingService;

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

impl BookingService {
    /// Every seat of the showtime with its state as `viewer` sees it.
    pub async fn seat_map(
        &self,
        viewer: &User,
        showtime: ShowtimeId,
    ) -> Result<SeatMap, BookingError> {
        let snapshot = self.map_snapshot(showtime).await?;
        let claims = &snapshot.claims;
        let now = snapshot.at;
        let by_seat: HashMap<SeatId, &Claim> = claims.iter().map(|c| (c.seat_id, c)).collect();
        let mine = |o: OrderId| {
            claims
                .iter()
                .any(|c| c.order_id == o && c.holder_id == viewer.id)
        };
        let mut counts = SeatCounts::default();
        let seats: Vec<MapSeat> = snapshot
            .seats
            .iter()
            .map(|seat| {
                let mut state = seat_state(
                    seat.broken,
                    snapshot.blocked.contains(&seat.id),
                    by_seat.get(&seat.id).copied(),
                    &mine,
                    now,
                );
                // Staff see who holds a seat; to a customer another holder is nobody's
                // business (a cashier's name, another customer).
                if viewer.role == Role::Customer
                    && let SeatState::Held { by, .. } = &mut state
                {
                    *by = "someone else".to_string();
                }
                match state {
                    SeatState::Free => counts.free += 1,
                    SeatState::Held { .. } | SeatState::HeldByMe { .. } => counts.held += 1,
                    SeatState::Sold => counts.sold += 1,
                    SeatState::Broken | SeatState::Blocked => counts.unavailable += 1,
                }
                MapSeat {
                    seat: seat.clone(),
                    state,
                }
            })
            .collect();
        Ok(SeatMap {
            showtime: snapshot.showtime.clone(),
            seats,
            counts,
            at: now,
        })
    }

    /// How many seats of the showtime could be held right now.
    pub async fn free_seats(&self, showtime: ShowtimeId) -> Result<usize, BookingError> {
        let layout = self.layout(showtime).await?;
        let now = self.now().await?;
        let taken = self.store.taken_seats(showtime, now).await?.len();
        Ok(layout.seats.len().saturating_sub(taken))
    }
}
