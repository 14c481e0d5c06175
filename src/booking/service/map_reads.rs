//! One read of a showtime's seats, claims and blocks shared by every viewer of one
//! process who asks while another read of it is under way.
//!
//! A hold on a showtime makes every open grid of it read the map again. Over SSH one
//! process serves dozens of grids, and each read is four queries and 600 seats: 50
//! sessions holding once a second each would read the map 2,500 times a second. Reads
//! are coalesced instead: whoever asks while a read is running waits for the next one,
//! which starts when the running one ends and serves everyone who asked meanwhile. So a
//! burst of requests costs at most two reads, and every viewer still gets a read that
//! began after it asked: nothing committed before the request can be missing from it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};

use crate::booking::BookingError;
use crate::booking::model::Claim;
use crate::screening::model::{Seat, Showtime};
use crate::vocab::{SeatId, ShowtimeId};

use super::BookingService;

/// Everything a seat map is made of, as read at `at`, before it is seen by anyone.
pub(super) struct MapSnapshot {
    pub(super) showtime: Showtime,
    pub(super) seats: Vec<Seat>,
    pub(super) claims: Vec<Claim>,
    pub(super) blocked: HashSet<SeatId>,
    pub(super) at: DateTime<Utc>,
}

/// A read's result as its sharers see it. A failed read is not shared: each sharer then
/// reads on its own and gets its own error, with its full cause.
type SharedRead = Shared<BoxFuture<'static, Option<Arc<MapSnapshot>>>>;

/// The reads of one showtime: the one under way, and the one queued behind it.
#[derive(Default)]
struct Slot {
    running: Option<SharedRead>,
    queued: Option<SharedRead>,
}

/// Per-process: cloned services share it, as they share the store's pool.
#[derive(Default, Clone)]
pub(super) struct MapReads {
    slots: Arc<Mutex<HashMap<ShowtimeId, Slot>>>,
}

/// Showtimes remembered at most; past it the table starts again (a read under way keeps
/// its sharers either way).
const SLOTS_KEPT: usize = 512;

impl BookingService {
    /// The showtime's map as read after this call began, shared with every other
    /// viewer in this process who asked meanwhile.
    pub(super) async fn map_snapshot(
        &self,
        showtime: ShowtimeId,
    ) -> Result<Arc<MapSnapshot>, BookingError> {
        let read = self.join_or_queue(showtime);
        match read {
            Some(read) => match read.await {
                Some(snapshot) => Ok(snapshot),
                None => Ok(Arc::new(self.read_snapshot(showtime).await?)),
            },
            None => Ok(Arc::new(self.read_snapshot(showtime).await?)),
        }
    }

    /// The queued read to wait for, queuing one behind the running read if none is.
    /// `None` when the table cannot be used (a poisoned lock): the caller reads alone.
    fn join_or_queue(&self, showtime: ShowtimeId) -> Option<SharedRead> {
        let mut slots = self.map_reads.slots.lock().ok()?;
        if slots.len() > SLOTS_KEPT && !slots.contains_key(&showtime) {
            slots.clear();
        }
        let slot = slots.entry(showtime).or_default();
        if let Some(queued) = &slot.queued {
            return Some(queued.clone());
        }
        let before = slot.running.clone();
        let service = self.clone();
        let read = async move {
            if let Some(before) = before {
                before.await;
            }
            service.start_queued(showtime);
            service.read_snapshot(showtime).await.ok().map(Arc::new)
        }
        .boxed()
        .shared();
        slot.queued = Some(read.clone());
        Some(read)
    }

    /// The queued read begins: from now on, whoever asks queues behind it.
    fn start_queued(&self, showtime: ShowtimeId) {
        if let Ok(mut slots) = self.map_reads.slots.lock()
            && let Some(slot) = slots.get_mut(&showtime)
        {
            slot.running = slot.queued.take();
        }
    }

    async fn read_snapshot(&self, showtime: ShowtimeId) -> Result<MapSnapshot, BookingError> {
        let data = self.screening.showtime_seats(showtime).await?;
        let at = self.now().await?;
        let claims = self.store.claims(showtime).await?;
        let blocked = self
            .store
            .blocked_seats(showtime)
            .await?
            .into_iter()
            .collect();
        Ok(MapSnapshot {
            showtime: data.showtime,
            seats: data.seats,
            claims,
            blocked,
            at,
        })
    }
}
