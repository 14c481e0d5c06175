//! Screening use cases: the only door through which the CLI, the TUI and the SSH server
//! reach halls, movies and the schedule.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::ports::ScreeningStore;
use crate::events::SeatFeed;
use crate::identity::User;
use crate::identity::permissions::{Permission, check};
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{Clock, HallId, Money, MovieId, ShowtimeId};

use super::error::{Clash, HallSuggestion, ScreeningError, StartSuggestion, Suggestions};
use super::layout::HallLayout;
use super::model::{
    Hall, HallName, Interval, NewHall, NewShowtime, Runtime, Seat, SeatLabel, Showtime,
    ShowtimeStatus,
};
use super::schedule::{self, Buffers};

mod movies;
mod week;

#[derive(Clone)]
pub struct ScreeningService {
    store: Arc<dyn ScreeningStore>,
    clock: Arc<dyn Clock>,
    buffers: Buffers,
    venue: VenueTime,
    /// Broken and mended seats reach open seat grids at once.
    feed: SeatFeed,
}

/// A showtime and the seats of its hall, in map order.
#[derive(Debug, Clone)]
pub struct ShowtimeSeats {
    pub showtime: Showtime,
    pub seats: Vec<Seat>,
}

impl ScreeningService {
    pub fn new(
        store: Arc<dyn ScreeningStore>,
        clock: Arc<dyn Clock>,
        buffers: Buffers,
        venue: VenueTime,
        feed: SeatFeed,
    ) -> Self {
        ScreeningService {
            store,
            clock,
            buffers,
            venue,
            feed,
        }
    }

    pub fn venue(&self) -> VenueTime {
        self.venue
    }

    pub fn buffers(&self) -> Buffers {
        self.buffers
    }

    pub async fn now(&self) -> Result<DateTime<Utc>, ScreeningError> {
        Ok(self.clock.now().await?)
    }

    /// The business day it is now at the venue.
    pub async fn today(&self) -> Result<NaiveDate, ScreeningError> {
        Ok(self.venue.business_day_of(self.now().await?))
    }

    // ---- halls ----

    pub async fn create_hall_grid(
        &self,
        actor: &User,
        name: &str,
        rows: i64,
        seats_per_row: i64,
    ) -> Result<Hall, ScreeningError> {
        permit(actor, Permission::ManageHalls)?;
        let name = HallName::parse(name)?;
        let layout = HallLayout::grid(rows, seats_per_row)?;
        self.store.create_hall(&NewHall { name, layout }).await
    }

    pub async fn create_hall_from_map(
        &self,
        actor: &User,
        name: &str,
        map: &str,
    ) -> Result<Hall, ScreeningError> {
        permit(actor, Permission::ManageHalls)?;
        let name = HallName::parse(name)?;
        let layout = HallLayout::parse_map(map)?;
        self.store.create_hall(&NewHall { name, layout }).await
    }

    pub async fn list_halls(&self) -> Result<Vec<Hall>, ScreeningError> {
        Ok(self.store.list_halls().await?)
    }

    pub async fn hall(&self, name: &str) -> Result<Hall, ScreeningError> {
        let key = HallName::parse(name)
            .map_err(|_| ScreeningError::HallNotFound(name.trim().to_string()))?
            .key();
        self.store
            .find_hall(&key)
            .await?
            .ok_or_else(|| ScreeningError::HallNotFound(name.trim().to_string()))
    }

    pub async fn hall_seats(&self, hall: HallId) -> Result<Vec<Seat>, ScreeningError> {
        Ok(self.store.hall_seats(hall).await?)
    }

    /// Marks a seat broken (or mended) for every showtime; broken seats are not sold and
    /// do not count toward capacity.
    pub async fn set_seat_broken(
        &self,
        actor: &User,
        hall_name: &str,
        seat: &str,
        broken: bool,
    ) -> Result<Seat, ScreeningError> {
        permit(actor, Permission::MarkSeatsBroken)?;
        let hall = self.hall(hall_name).await?;
        let label = SeatLabel::parse(seat)?;
        let seats = self.store.hall_seats(hall.id).await?;
        let found = seats
            .into_iter()
            .find(|s| s.row_label == label.row && s.number == label.number)
            .ok_or_else(|| ScreeningError::SeatNotFound {
                hall: hall.name.clone(),
                seat: label.to_string(),
            })?;
        self.store
            .set_seat_broken(hall.id, found.id, broken)
            .await?;
        // Every open grid of this hall's coming showtimes shows the change.
        let now = self.now().await?;
        let horizon = now + chrono::Duration::days(schedule::HORIZON_DAYS);
        for showtime in self
            .store
            .showtimes_between(now, horizon, Some(hall.id))
            .await?
        {
            self.feed.touched(showtime.id);
        }
        Ok(Seat { broken, ..found })
    }

    pub async fn delete_hall(&self, actor: &User, name: &str) -> Result<(), ScreeningError> {
        permit(actor, Permission::ManageHalls)?;
        let hall = self.hall(name).await?;
        self.store
            .delete_hall(hall.id)
            .await
            .map_err(|e| name_what(e, &format!("hall {:?}", hall.name)))
    }

    // ---- showtimes ----

    /// Schedules a showtime. Refused when it starts in the past or its hall is busy at any
    /// moment of its occupied interval; the refusal carries suggestions.
    pub async fn schedule_showtime(
        &self,
        actor: &User,
        movie: MovieId,
        hall_name: &str,
        start: DateTime<Utc>,
        price: Money,
    ) -> Result<Showtime, ScreeningError> {
        permit(actor, Permission::Schedule)?;
        let movie = self.movie(movie).await?;
        let hall = self.hall(hall_name).await?;
        let runtime = Runtime::from_minutes(movie.runtime_minutes)?;
        let now = self.now().await?;
        if start < now {
            return Err(ScreeningError::StartsInPast(self.local(start)));
        }
        schedule::within_horizon(start, now)?;
        let occupied = schedule::occupied_interval(start, runtime, self.buffers);
        self.refuse_clashes(&hall, &occupied, None, now).await?;
        let new = NewShowtime {
            movie_id: movie.id,
            hall_id: hall.id,
            occupied,
            price,
        };
        match self.store.insert_showtime(&new).await {
            // Another terminal took the slot between our check and our insert: the
            // database refused it; tell the user what is there now.
            Err(ScreeningError::HallBusy { .. }) => {
                self.refuse_clashes(&hall, &occupied, None, now).await?;
                Err(self.busy(&hall, Vec::new(), &occupied, now).await?)
            }
            other => other,
        }
    }

    /// Moves a showtime that has not started to a new start time; it never clashes with
    /// its own old slot.
    pub async fn move_showtime(
        &self,
        actor: &User,
        id: ShowtimeId,
        start: DateTime<Utc>,
    ) -> Result<Showtime, ScreeningError> {
        permit(actor, Permission::Schedule)?;
        let current = self.showtime(id).await?;
        let now = self.now().await?;
        self.refuse_if_history(&current, now, "moved")?;
        // Asked first, so a manager is not sent looking for a free slot in vain; the
        // store asks again inside the move.
        if let Some(refused) =
            ScreeningError::booked(id, self.store.bookings(id, now).await?, "moved")
        {
            return Err(refused);
        }
        if start < now {
            return Err(ScreeningError::StartsInPast(self.local(start)));
        }
        schedule::within_horizon(start, now)?;
        let runtime = Runtime::from_minutes(current.runtime_minutes)?;
        let occupied = schedule::occupied_interval(start, runtime, self.buffers);
        let hall = self.hall_by_id(current.hall_id).await?;
        self.refuse_clashes(&hall, &occupied, Some(id), now).await?;
        match self.store.move_showtime(id, occupied, now).await {
            Err(ScreeningError::HallBusy { .. }) => {
                self.refuse_clashes(&hall, &occupied, Some(id), now).await?;
                Err(self.busy(&hall, Vec::new(), &occupied, now).await?)
            }
            other => other,
        }
    }

    pub async fn delete_showtime(
        &self,
        actor: &User,
        id: ShowtimeId,
    ) -> Result<(), ScreeningError> {
        permit(actor, Permission::Schedule)?;
        let current = self.showtime(id).await?;
        let now = self.now().await?;
        self.refuse_if_history(&current, now, "deleted")?;
        self.store.delete_showtime(id).await
    }

    /// A new base price for sales from now on; tickets already sold keep the price they
    /// were sold at.
    pub async fn set_price(
        &self,
        actor: &User,
        id: ShowtimeId,
        price: Money,
    ) -> Result<Showtime, ScreeningError> {
        permit(actor, Permission::Schedule)?;
        self.showtime(id).await?;
        self.store.set_showtime_price(id, price).await?;
        self.showtime(id).await
    }

    pub async fn showtime(&self, id: ShowtimeId) -> Result<Showtime, ScreeningError> {
        self.store
            .showtime(id)
            .await?
            .ok_or(ScreeningError::ShowtimeNotFound(id.0))
    }

    /// The scheduled showtimes of one business day (a 00:30 show belongs to the day before).
    pub async fn showtimes_on(&self, day: NaiveDate) -> Result<Vec<Showtime>, ScreeningError> {
        let (from, to) = self.venue.business_day_bounds(day);
        let all = self.store.showtimes_between(from, to, None).await?;
        Ok(all
            .into_iter()
            .filter(|s| s.starts_at >= from && s.starts_at < to)
            .collect())
    }

    pub async fn showtime_seats(&self, id: ShowtimeId) -> Result<ShowtimeSeats, ScreeningError> {
        let showtime = self.showtime(id).await?;
        let seats = self.store.hall_seats(showtime.hall_id).await?;
        Ok(ShowtimeSeats { showtime, seats })
    }

    /// A start time on the venue's wall clock, as people write it.
    pub fn local(&self, t: DateTime<Utc>) -> String {
        self.venue.to_local(t).format("%Y-%m-%d %H:%M").to_string()
    }

    fn refuse_if_history(
        &self,
        s: &Showtime,
        now: DateTime<Utc>,
        action: &'static str,
    ) -> Result<(), ScreeningError> {
        if s.status == ShowtimeStatus::Cancelled {
            return Err(ScreeningError::HasDependents {
                what: format!("showtime #{}", s.id),
                action,
                reason: "it was cancelled".into(),
            });
        }
        if s.starts_at <= now {
            return Err(ScreeningError::HasDependents {
                what: format!("showtime #{}", s.id),
                action,
                reason: format!("it started at {}", self.local(s.starts_at)),
            });
        }
        Ok(())
    }

    async fn hall_by_id(&self, id: HallId) -> Result<Hall, ScreeningError> {
        self.store
            .list_halls()
            .await?
            .into_iter()
            .find(|h| h.id == id)
            .ok_or_else(|| ScreeningError::HallNotFound(id.to_string()))
    }

    async fn refuse_clashes(
        &self,
        hall: &Hall,
        occupied: &Interval,
        moving: Option<ShowtimeId>,
        now: DateTime<Utc>,
    ) -> Result<(), ScreeningError> {
        let neighbours = self
            .store
            .showtimes_between(occupied.start, occupied.end, Some(hall.id))
            .await?;
        let clashes: Vec<Clash> = schedule::clashes(occupied, hall.id, &neighbours, moving)
            .into_iter()
            .map(|s| self.clash(s))
            .collect();
        if clashes.is_empty() {
            return Ok(());
        }
        Err(self.busy(hall, clashes, occupied, now).await?)
    }

    /// The refusal for a busy hall, with the other halls free for the whole interval and
    /// the next start times at which this hall is free the same business day.
    async fn busy(
        &self,
        hall: &Hall,
        clashes: Vec<Clash>,
        occupied: &Interval,
        now: DateTime<Utc>,
    ) -> Result<ScreeningError, ScreeningError> {
        let halls = self.store.list_halls().await?;
        let around = self
            .store
            .showtimes_between(occupied.start, occupied.end, None)
            .await?;
        let busy: Vec<(HallId, Interval)> =
            around.iter().map(|s| (s.hall_id, s.occupied())).collect();
        let other_halls = schedule::free_halls(occupied, hall, &halls, &busy)
            .into_iter()
            .map(|h| HallSuggestion {
                hall_id: h.id.0,
                hall: h.name.clone(),
                capacity: h.capacity,
            })
            .collect();
        let day = self.venue.business_day_of(occupied.start);
        let (_, day_end) = self.venue.business_day_bounds(day);
        let later = self
            .store
            .showtimes_between(occupied.start, day_end + occupied.length(), Some(hall.id))
            .await?;
        let later: Vec<Interval> = later.iter().map(Showtime::occupied).collect();
        let start_times = schedule::next_free_starts(occupied, &later, day_end, now)
            .into_iter()
            .map(|t| StartSuggestion {
                starts_at: t,
                local: self.local(t),
            })
            .collect();
        Ok(ScreeningError::HallBusy {
            hall: hall.name.clone(),
            clashes,
            suggestions: Suggestions {
                other_halls,
                start_times,
            },
        })
    }

    fn clash(&self, s: &Showtime) -> Clash {
        let fmt = |t| self.venue.to_local(t).format("%H:%M").to_string();
        Clash {
            showtime_id: s.id.0,
            movie: s.movie_title.clone(),
            occupied: format!("{}-{}", fmt(s.starts_at), fmt(s.occupied_until)),
        }
    }
}

/// Every change to the schedule, halls and movies is the manager's (seats: staff's).
fn permit(actor: &User, permission: Permission) -> Result<(), ScreeningError> {
    check(actor, permission).map_err(ScreeningError::PermissionDenied)
}

/// The store says "this hall"; the service knows its name.
fn name_what(e: ScreeningError, what: &str) -> ScreeningError {
    match e {
        ScreeningError::HasDependents { action, reason, .. } => ScreeningError::HasDependents {
            what: what.to_string(),
            action,
            reason,
        },
        other => other,
    }
}
