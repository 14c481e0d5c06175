//! The schedule of several days at once, for the manager's week.

use chrono::{Duration, NaiveDate};

use super::{ScreeningService, permit};
use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::screening::ScreeningError;
use crate::screening::error::Clash;
use crate::screening::model::{NewShowtime, Runtime, Showtime};
use crate::screening::schedule;

impl ScreeningService {
    /// The scheduled showtimes of the business days `from` to `to` (inclusive), in one
    /// query, by start time.
    pub async fn showtimes_of_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Showtime>, ScreeningError> {
        let (start, _) = self.venue.business_day_bounds(from);
        let (_, end) = self.venue.business_day_bounds(to);
        let all = self.store.showtimes_between(start, end, None).await?;
        Ok(all
            .into_iter()
            .filter(|s| s.starts_at >= start && s.starts_at < end)
            .collect())
    }
}

impl ScreeningService {
    /// Copies the showtimes of `days` business days from `from` to as many days from
    /// `to`, each at the same wall-clock time, hall and price. Refused, copying nothing,
    /// when any copy would clash with what is there (every clash named) or start in the
    /// past. Each copy is then inserted as `schedule_showtime` would (the database still
    /// refuses an overlap another terminal made meanwhile).
    pub async fn copy_days(
        &self,
        actor: &User,
        from: NaiveDate,
        days: u32,
        to: NaiveDate,
    ) -> Result<Vec<Showtime>, ScreeningError> {
        permit(actor, Permission::Schedule)?;
        if days == 0 || from == to {
            return Err(ScreeningError::invalid(
                "to",
                "copy to another day than the one copied",
            ));
        }
        let last = from + Duration::days(i64::from(days) - 1);
        let source = self.showtimes_of_days(from, last).await?;
        let shift = to - from;
        let now = self.now().await?;
        let mut copies = Vec::with_capacity(source.len());
        for s in &source {
            let local = self.venue.to_local(s.starts_at).naive_local() + shift;
            let start = self.venue.from_local(local).ok_or_else(|| {
                ScreeningError::invalid(
                    "to",
                    format!("{local} does not exist on the venue's clock"),
                )
            })?;
            if start < now {
                return Err(ScreeningError::StartsInPast(self.local(start)));
            }
            schedule::within_horizon(start, now)?;
            let runtime = Runtime::from_minutes(s.runtime_minutes)?;
            let occupied = schedule::occupied_interval(start, runtime, self.buffers);
            copies.push((s, occupied));
        }
        let (Some(first), Some(end)) = (
            copies.iter().map(|(_, i)| i.start).min(),
            copies.iter().map(|(_, i)| i.end).max(),
        ) else {
            return Ok(Vec::new());
        };
        let there = self.store.showtimes_between(first, end, None).await?;
        let mut clashes: Vec<Clash> = Vec::new();
        for (s, occupied) in &copies {
            for c in schedule::clashes(occupied, s.hall_id, &there, None) {
                if !clashes.iter().any(|x| x.showtime_id == c.id.0) {
                    clashes.push(self.clash(c));
                }
            }
        }
        if !clashes.is_empty() {
            return Err(ScreeningError::CopyClash(clashes));
        }
        let mut made = Vec::with_capacity(copies.len());
        for (s, occupied) in copies {
            let new = NewShowtime {
                movie_id: s.movie_id,
                hall_id: s.hall_id,
                occupied,
                price: s.price,
            };
            made.push(self.store.insert_showtime(&new).await?);
        }
        Ok(made)
    }
}
