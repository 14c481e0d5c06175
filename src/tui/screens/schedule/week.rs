//! The week the Schedule shows, as read in one go: halls, showtimes, what each sold,
//! movies for the typeahead, and the clock. Queries about it, no I/O.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::screening::model::{Hall, Interval, Movie, Showtime};
use crate::screening::schedule::Buffers;
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{HallId, Money, ShowtimeId};

/// Seats sold for a showtime and what they brought (what a cancellation refunds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sales {
    pub sold: i64,
    pub capacity: i64,
    pub revenue: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub monday: NaiveDate,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub halls: Vec<Hall>,
    pub showtimes: Vec<Showtime>,
    pub sales: HashMap<ShowtimeId, Sales>,
    pub movies: Vec<Movie>,
    pub buffers: Buffers,
}

/// The Monday of the week `day` is in.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

impl Week {
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..7).map(|i| self.monday + Duration::days(i))
    }

    pub fn holds(&self, day: NaiveDate) -> bool {
        day >= self.monday && day < self.monday + Duration::days(7)
    }

    /// "Mon 30 Nov - Sun 6 Dec".
    pub fn range(&self) -> String {
        let sunday = self.monday + Duration::days(6);
        format!(
            "{} - {}",
            self.monday.format("%a %-d %b"),
            sunday.format("%a %-d %b")
        )
    }

    /// The showtimes of one business day, by start.
    pub fn on(&self, venue: &VenueTime, day: NaiveDate) -> Vec<&Showtime> {
        self.showtimes
            .iter()
            .filter(|s| venue.business_day_of(s.starts_at) == day)
            .collect()
    }

    /// One hall's showtimes of one day, by start.
    pub fn in_lane(&self, venue: &VenueTime, day: NaiveDate, hall: HallId) -> Vec<&Showtime> {
        self.on(venue, day)
            .into_iter()
            .filter(|s| s.hall_id == hall)
            .collect()
    }

    pub fn showtime(&self, id: ShowtimeId) -> Option<&Showtime> {
        self.showtimes.iter().find(|s| s.id == id)
    }

    pub fn hall(&self, id: HallId) -> Option<&Hall> {
        self.halls.iter().find(|h| h.id == id)
    }

    pub fn lane_of(&self, hall: HallId) -> Option<usize> {
        self.halls.iter().position(|h| h.id == hall)
    }

    pub fn sales(&self, id: ShowtimeId) -> Sales {
        self.sales.get(&id).copied().unwrap_or(Sales {
            sold: 0,
            capacity: 0,
            revenue: Money::ZERO,
        })
    }

    /// How long a film of `runtime` minutes holds its hall from `start`.
    pub fn occupied(&self, start: DateTime<Utc>, runtime: i64) -> Interval {
        let minutes = runtime + self.buffers.ads_minutes + self.buffers.cleaning_minutes;
        Interval {
            start,
            end: start + Duration::minutes(minutes),
        }
    }

    /// Movies whose title holds `query` (any case), those starting with it first.
    pub fn matching_movies(&self, query: &str) -> Vec<&Movie> {
        let needle = query.trim().to_lowercase();
        let mut found: Vec<&Movie> = self
            .movies
            .iter()
            .filter(|m| m.title.to_lowercase().contains(&needle))
            .collect();
        found.sort_by_key(|m| {
            (
                !m.title.to_lowercase().starts_with(&needle),
                m.title.clone(),
            )
        });
        found
    }
}
