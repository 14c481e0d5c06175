//! The showtimes list's work: the business day, a day's showtimes, and how full each is.

use chrono::NaiveDate;

use crate::booking::service::SeatCounts;
use crate::identity::User;
use crate::screening::model::Showtime;
use crate::tui::event::{Answer as Reply, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::ShowtimeId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    LoadToday,
    LoadShowtimes(NaiveDate),
    LoadAvailability {
        actor: User,
        showtimes: Vec<ShowtimeId>,
    },
}

pub enum Done {
    Today(Reply<NaiveDate>),
    Showtimes {
        day: NaiveDate,
        result: Reply<Vec<Showtime>>,
    },
    /// Free, held and sold seats of some showtimes, for the availability bars.
    Availability(Reply<Vec<(ShowtimeId, SeatCounts)>>),
}

const LOADING: &str = "loading showtimes";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        match self {
            Work::LoadToday | Work::LoadShowtimes(_) => Some(LOADING),
            Work::LoadAvailability { .. } => None,
        }
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services;
        match self {
            Work::LoadToday => Done::Today(
                s.screening
                    .today()
                    .await
                    .map_err(|e| Problem::logged("today", e)),
            ),
            Work::LoadShowtimes(day) => Done::Showtimes {
                day,
                result: s
                    .screening
                    .showtimes_on(day)
                    .await
                    .map_err(|e| Problem::logged("showtimes", e)),
            },
            Work::LoadAvailability { actor, showtimes } => {
                let mut counts = Vec::with_capacity(showtimes.len());
                for id in showtimes {
                    match s.booking.seat_map(&actor, id).await {
                        Ok(map) => counts.push((id, map.counts)),
                        Err(e) => {
                            return Done::Availability(Err(Problem::logged("availability", e)));
                        }
                    }
                }
                Done::Availability(Ok(counts))
            }
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Today(_) | Done::Showtimes { .. } => LOADING,
            Done::Availability(_) => "availability",
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Today(r) => asked(r),
            Done::Showtimes { result, .. } => asked(result),
            Done::Availability(r) => asked(r),
        }
    }
}
