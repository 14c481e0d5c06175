//! The seat grid's state: the showtime's map as last read, the cursor, this cashier's
//! order and its countdown, and the seat changes queued behind the one in flight. No
//! drawing, no I/O.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

use crate::booking::model::SeatState;
use crate::booking::service::{MapSeat, SeatCounts, SeatMap};
use crate::screening::model::Showtime;
use crate::tui::widgets::seat_grid::{HallPlan, SeatLook};
use crate::vocab::{OrderId, SeatId};

/// A change of seats asked for while another is on its way. They go one at a time, so
/// the second seat joins the order the first one created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatOp {
    Hold(SeatId),
    Release(OrderId, SeatId),
    Best(usize),
}

#[derive(Debug)]
pub struct SeatsState {
    pub showtime: Showtime,
    pub plan: HallPlan,
    /// The map's seats, in the plan's order.
    pub seats: Vec<MapSeat>,
    pub looks: Vec<SeatLook>,
    pub counts: SeatCounts,
    /// The map has been read at least once.
    pub loaded: bool,
    pub cursor: Option<usize>,
    /// Digits typed before `b`.
    pub count: String,
    /// The order this cashier is filling, once the first seat is held.
    pub order: Option<OrderId>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The database's clock minus ours, as of the last read: countdowns follow the
    /// database, which decides expiry.
    pub skew: Duration,
    /// A read of the map is under way; `reload`: another is wanted after it.
    pub loading: bool,
    pub reload: bool,
    /// A hold or release is under way; the next ones wait here.
    pub in_flight: bool,
    pub queue: VecDeque<SeatOp>,
    /// When the first of the other holds on the map runs out (database clock): the seat
    /// is free then, with no news from the feed, so the map is read again.
    pub next_expiry: Option<DateTime<Utc>>,
}

impl SeatsState {
    pub fn new(showtime: Showtime) -> SeatsState {
        SeatsState {
            showtime,
            plan: HallPlan::default(),
            seats: Vec::new(),
            looks: Vec::new(),
            counts: SeatCounts::default(),
            loaded: false,
            cursor: None,
            count: String::new(),
            order: None,
            expires_at: None,
            skew: Duration::zero(),
            loading: false,
            reload: false,
            in_flight: false,
            queue: VecDeque::new(),
            next_expiry: None,
        }
    }

    /// A fresh map arrived: the cursor stays on its seat, seats with a change still on
    /// its way keep the look the cashier gave them.
    pub fn loaded(&mut self, map: SeatMap, now: DateTime<Utc>) {
        let at_cursor = self.cursor_seat().map(|s| s.seat.id);
        let mut seats = map.seats;
        seats.sort_by_key(|s| (s.seat.grid_row, s.seat.grid_col));
        self.plan = HallPlan::new(seats.iter().map(|s| {
            (
                s.seat.grid_row,
                s.seat.grid_col,
                s.seat.number,
                s.seat.kind,
                s.seat.row_label.as_str(),
            )
        }));
        self.looks = seats.iter().map(|s| look(&s.state)).collect();
        self.next_expiry = seats
            .iter()
            .filter_map(|s| match &s.state {
                SeatState::Held { until, .. } => Some(*until),
                _ => None,
            })
            .min();
        self.seats = seats;
        self.counts = map.counts;
        self.showtime = map.showtime;
        self.skew = map.at - now;
        self.loaded = true;
        for op in self.queue.clone() {
            self.apply_optimistic(op);
        }
        self.cursor = at_cursor
            .and_then(|id| self.seats.iter().position(|s| s.seat.id == id))
            .or_else(|| self.plan.centre());
        // Holds of this cashier's from before (another terminal, a restart): carry on
        // with that order rather than start a second one.
        if self.order.is_none() {
            let adopted = self.seats.iter().find_map(|s| match &s.state {
                SeatState::HeldByMe { order_id, until } => Some((*order_id, *until)),
                _ => None,
            });
            if let Some((order, until)) = adopted {
                self.order = Some(order);
                self.expires_at = Some(until);
            }
        }
        // The order's holds are gone (expired, sold elsewhere): nothing is held any more.
        if let Some(order) = self.order
            && !self.in_flight
            && self.queue.is_empty()
            && !self.seats.iter().any(|s| held_by(&s.state, order))
        {
            self.order = None;
            self.expires_at = None;
        }
    }

    pub fn cursor_seat(&self) -> Option<&MapSeat> {
        self.cursor.and_then(|i| self.seats.get(i))
    }

    pub fn index_of(&self, id: SeatId) -> Option<usize> {
        self.seats.iter().position(|s| s.seat.id == id)
    }

    /// Shows the change at once; the map read after it confirms or corrects it.
    pub fn apply_optimistic(&mut self, op: SeatOp) {
        let (id, look) = match op {
            SeatOp::Hold(id) => (id, SeatLook::Mine),
            SeatOp::Release(_, id) => (id, SeatLook::Free),
            SeatOp::Best(_) => return,
        };
        if let Some(i) = self.index_of(id)
            && let Some(l) = self.looks.get_mut(i)
        {
            *l = look;
        }
    }

    /// The seats of the current order, in grid order.
    pub fn mine(&self) -> Vec<&MapSeat> {
        match self.order {
            Some(order) => self
                .seats
                .iter()
                .zip(&self.looks)
                .filter(|(s, look)| {
                    **look == SeatLook::Mine
                        && match s.state {
                            SeatState::HeldByMe { order_id, .. } => order_id == order,
                            // Held a moment ago; the map has not caught up yet.
                            _ => true,
                        }
                })
                .map(|(s, _)| s)
                .collect(),
            None => Vec::new(),
        }
    }

    /// Something is held, or about to be.
    pub fn holds_anything(&self) -> bool {
        !self.mine().is_empty() || self.in_flight || !self.queue.is_empty()
    }

    /// How long the hold has left on the database's clock.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.expires_at.map(|e| e - (now + self.skew))
    }

    /// The number typed before `b`, 1 without one.
    pub fn take_count(&mut self) -> usize {
        let n = self.count.parse().unwrap_or(1);
        self.count.clear();
        n
    }
}

fn held_by(state: &SeatState, order: OrderId) -> bool {
    matches!(state, SeatState::HeldByMe { order_id, .. } if *order_id == order)
}

pub fn look(state: &SeatState) -> SeatLook {
    match state {
        SeatState::Free => SeatLook::Free,
        SeatState::HeldByMe { .. } => SeatLook::Mine,
        SeatState::Held { .. } => SeatLook::Held,
        SeatState::Sold => SeatLook::Sold,
        SeatState::Broken | SeatState::Blocked => SeatLook::Unavailable,
    }
}
