//! A block being placed (a new showtime, or one being moved): where it would go, and
//! what it would meet there, worked out from the week in memory on every key.

use chrono::{DateTime, Duration, Utc};

use crate::screening::model::Hall;
use crate::screening::plan::{Placing, Preview, Suggestion, preview};
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{HallId, Money, MovieId, ShowtimeId};

use super::week::Week;

/// How far ←→ move a block.
pub const NUDGE_MINUTES: i64 = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub movie: MovieId,
    pub title: String,
    pub runtime: i64,
    pub hall: HallId,
    pub start: DateTime<Utc>,
    pub price: Money,
    /// The showtime being moved; `None` for a new one.
    pub moving: Option<ShowtimeId>,
}

impl Placement {
    pub fn nudge(&mut self, later: bool) {
        let step = Duration::minutes(if later { NUDGE_MINUTES } else { -NUDGE_MINUTES });
        self.start += step;
    }

    /// ↑↓ on a new showtime: the hall above or below (a move keeps its hall).
    pub fn other_hall(&mut self, week: &Week, down: bool) {
        if self.moving.is_some() || week.halls.is_empty() {
            return;
        }
        let n = week.halls.len();
        let i = week.lane_of(self.hall).unwrap_or(0);
        let j = if down { (i + 1) % n } else { (i + n - 1) % n };
        self.hall = week.halls[j].id;
    }

    /// What it meets where it is now.
    pub fn preview(&self, week: &Week, venue: &VenueTime) -> Option<Preview> {
        let hall: &Hall = week.hall(self.hall)?;
        let day = venue.business_day_bounds(venue.business_day_of(self.start));
        Some(preview(
            &Placing {
                candidate: week.occupied(self.start, self.runtime),
                hall,
                moving: self.moving,
                other_halls: self.moving.is_none(),
            },
            &week.halls,
            &week.showtimes,
            day,
            week.now,
        ))
    }

    /// Takes suggestion `n` (from 1) of `preview`; false if there is none.
    pub fn take(&mut self, preview: &Preview, n: usize) -> bool {
        match n
            .checked_sub(1)
            .and_then(|i| preview.suggestions().get(i).copied())
        {
            Some(Suggestion::Hall(hall)) => {
                self.hall = hall;
                true
            }
            Some(Suggestion::Start(start)) => {
                self.start = start;
                true
            }
            None => false,
        }
    }
}
