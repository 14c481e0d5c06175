//! The schedule of several days at once, for the manager's week.

use chrono::{Duration, NaiveDate};

use super::{ScreeningService, permit};
use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::screening::ScreeningError;
use crate::screening::error::Clash;
use crate::screening::model::{Interval, NewShowtime, Runtime, Showtime};
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
    /// past. The copies are inserted in one transaction: an overlap another terminal made
    /// meanwhile, refused by the database, leaves nothing copied either.
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
        let clashes = self.copy_clashes(&copies, &there);
        if !clashes.is_empty() {
            return Err(ScreeningError::CopyClash(clashes));
        }
        let new: Vec<NewShowtime> = copies
            .iter()
            .map(|(s, occupied)| NewShowtime {
                movie_id: s.movie_id,
                hall_id: s.hall_id,
                occupied: *occupied,
                price: s.price,
            })
            .collect();
        match self.store.insert_showtimes(&new).await {
            // Another terminal scheduled into one of the slots meanwhile: nothing was
            // copied; name what is there now.
            Err(ScreeningError::HallBusy { .. }) => {
                let there = self.store.showtimes_between(first, end, None).await?;
                let clashes = self.copy_clashes(&copies, &there);
                Err(ScreeningError::CopyClash(clashes))
            }
            other => other,
        }
    }

    /// The showtimes already `there` that the planned copies would meet, each once.
    fn copy_clashes(&self, copies: &[(&Showtime, Interval)], there: &[Showtime]) -> Vec<Clash> {
        let mut clashes: Vec<Clash> = Vec::new();
        for (s, occupied) in copies {
            for c in schedule::clashes(occupied, s.hall_id, there, None) {
                if !clashes.iter().any(|x| x.showtime_id == c.id.0) {
                    // Copies span days and halls: each clash says which.
                    let mut clash = self.clash(c);
                    clash.occupied = format!(
                        "{} {}, {}",
                        self.venue.to_local(c.starts_at).format("%a %-d %b"),
                        clash.occupied,
                        c.hall_name
                    );
                    clashes.push(clash);
                }
            }
        }
        clashes
    }
}
