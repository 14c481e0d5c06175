//! Holding seats: by label, by id, or the best block; all or none.

use std::collections::HashSet;

use rand::RngExt;

use chrono::{DateTime, Duration, Utc};

use crate::booking::BookingError;
use crate::booking::model::{Channel, OrderSeat, OrderStatus};
use crate::booking::ports::{HoldOutcome, HoldRequest, Reserve};
use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::screening::model::SeatLabel;
use crate::vocab::{OrderId, SeatId, ShowtimeId};

use super::layout_cache::Layout;
use super::{BookingService, OrderView, channel_of, closed, permit};

/// How many blocks "best available" tries when other counters take them first.
const BEST_ATTEMPTS: usize = 8;

impl BookingService {
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
        // is what the cashier wants, not an error. Counters that lost the same race would
        // all go for the same next block, so a retry reads the seats again and takes one
        // of the few best at random.
        for attempt in 0..BEST_ATTEMPTS {
            let places = crate::booking::best_available::places_from(&layout.seats, &taken);
            let ranked = crate::booking::best_available::ranked_blocks(&places, n);
            if ranked.is_empty() {
                return Err(BookingError::NoSeatsTogether(n));
            }
            let pick = if attempt == 0 {
                0
            } else {
                rand::rng().random_range(0..ranked.len().min(attempt + 1))
            };
            let block = ranked[pick].clone();
            match self.hold_ids(actor, &layout, block.clone(), order).await {
                Err(BookingError::SeatUnavailable(_)) => {
                    taken.extend(block);
                    taken.extend(self.store.taken_seats(showtime, now).await?);
                }
                other => return other,
            }
        }
        Err(BookingError::NoSeatsTogether(n))
    }
}
