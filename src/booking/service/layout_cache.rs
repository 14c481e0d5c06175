//! A showtime and its hall's seats, kept for a few seconds: holds under contention would
//! otherwise read the whole hall on every attempt.

use std::sync::Arc;

use crate::booking::BookingError;
use crate::screening::model::{Seat, Showtime};
use crate::vocab::{SeatId, ShowtimeId};

use super::BookingService;

/// How long a cached showtime is shown before it is read again.
const LAYOUT_FRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// A showtime and its hall's seats, as last read.
pub(super) struct Layout {
    pub(super) showtime: Showtime,
    pub(super) seats: Vec<Seat>,
    read_at: std::time::Instant,
}

impl Layout {
    pub(super) fn label_of(&self, id: SeatId) -> String {
        self.seats
            .iter()
            .find(|s| s.id == id)
            .map(Seat::label)
            .unwrap_or_default()
    }
}

impl BookingService {
    /// The showtime and its hall's seats, cached: a hall's seats never change while a
    /// showtime depends on it, so labels, kinds and places can be kept. What can change
    /// (broken seats, the start, cancellation) is re-checked by the hold statement itself;
    /// the cached showtime is only shown, and refreshed after a few seconds.
    pub(super) async fn layout(&self, showtime: ShowtimeId) -> Result<Arc<Layout>, BookingError> {
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

    /// Drops the cached showtime, so its new status shows at once.
    pub fn forget_showtime(&self, id: ShowtimeId) {
        if let Ok(mut cache) = self.layouts.lock() {
            cache.remove(&id);
        }
        self.feed.touched(id);
    }
}
