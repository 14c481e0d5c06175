//! The Schedule's work against the services: reading a week (one query each for the
//! clock, halls, showtimes, sales and movies, never one per showtime), and the changes.

use crate::vocab::text::count;
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::identity::User;
use crate::screening::ScreeningError;
use crate::tui::event::{Answer as Reply, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::{Money, MovieId, ShowtimeId};

use super::week::{Sales, Week, monday_of};

const LOADING: &str = "reading the week";
const SAVING: &str = "saving the schedule";

/// Why a cancellation from the schedule happened, for the ledger.
pub const CANCEL_REASON: &str = "showtime cancelled by the manager (schedule)";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    /// The week around `around` (today's when `None`).
    LoadWeek {
        actor: User,
        around: Option<NaiveDate>,
    },
    Add {
        actor: User,
        movie: MovieId,
        hall: String,
        start: DateTime<Utc>,
        price: Money,
    },
    Move {
        actor: User,
        showtime: ShowtimeId,
        start: DateTime<Utc>,
    },
    Cancel {
        actor: User,
        showtime: ShowtimeId,
    },
    /// Copies `days` business days from `from` to the days from `to`.
    Copy {
        actor: User,
        from: NaiveDate,
        days: u32,
        to: NaiveDate,
    },
}

pub enum Done {
    Week(Reply<Week>),
    /// A change went through (what to say), or why not.
    Changed(Reply<String>),
    /// A copy refused whole: the showtimes in the way, a line each.
    CopyRefused {
        week: bool,
        to: NaiveDate,
        clashes: Vec<String>,
    },
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::LoadWeek { .. } => LOADING,
            _ => SAVING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services;
        match self {
            Work::LoadWeek { actor, around } => Done::Week(load_week(runner, &actor, around).await),
            Work::Add {
                actor,
                movie,
                hall,
                start,
                price,
            } => Done::Changed(
                s.screening
                    .schedule_showtime(&actor, movie, &hall, start, price)
                    .await
                    .map(|st| {
                        format!(
                            "Scheduled {} in {} at {}.",
                            st.movie_title,
                            st.hall_name,
                            s.screening.local(st.starts_at)
                        )
                    })
                    .map_err(|e| Problem::logged("schedule", e)),
            ),
            Work::Move {
                actor,
                showtime,
                start,
            } => Done::Changed(
                s.screening
                    .move_showtime(&actor, showtime, start)
                    .await
                    .map(|st| {
                        format!(
                            "Moved {} to {}.",
                            st.movie_title,
                            s.screening.local(st.starts_at)
                        )
                    })
                    .map_err(|e| Problem::logged("move", e)),
            ),
            Work::Cancel { actor, showtime } => Done::Changed(
                s.payment
                    .cancel_showtime(&actor, showtime, CANCEL_REASON)
                    .await
                    .map(|report| {
                        let tickets: usize = report.refunds.iter().map(|r| r.tickets.len()).sum();
                        let cents: i64 = report.refunds.iter().map(|r| r.amount.cents()).sum();
                        let money = Money::from_cents(cents).unwrap_or(Money::ZERO);
                        let mut text = format!(
                            "Showtime #{showtime} cancelled; {} refunded ({money}).",
                            count(tickets as u64, "ticket", "tickets")
                        );
                        if !report.failed.is_empty() {
                            text.push_str(&format!(
                                " {} could not be refunded yet: cancel again to retry.",
                                count(report.failed.len() as u64, "order", "orders")
                            ));
                        }
                        text
                    })
                    .map_err(|e| Problem::logged("cancel showtime", e)),
            ),
            Work::Copy {
                actor,
                from,
                days,
                to,
            } => match s.screening.copy_days(&actor, from, days, to).await {
                Ok(made) => Done::Changed(Ok(format!(
                    "Copied {} to {}.",
                    count(made.len() as u64, "showtime", "showtimes"),
                    to.format("%a %-d %b")
                ))),
                Err(ScreeningError::CopyClash(clashes)) => Done::CopyRefused {
                    week: days > 1,
                    to,
                    clashes: clashes
                        .iter()
                        .map(|c| format!("#{} {} ({})", c.showtime_id, c.movie, c.occupied))
                        .collect(),
                },
                Err(e) => Done::Changed(Err(Problem::logged("copy", e))),
            },
        }
    }
}

async fn load_week(runner: &Runner, actor: &User, around: Option<NaiveDate>) -> Reply<Week> {
    let s = &runner.services;
    let now = s
        .screening
        .now()
        .await
        .map_err(|e| Problem::logged("week", e))?;
    let venue = s.screening.venue();
    let today = venue.business_day_of(now);
    let monday = monday_of(around.unwrap_or(today));
    let sunday = monday + Duration::days(6);
    let halls = s
        .screening
        .list_halls()
        .await
        .map_err(|e| Problem::logged("week", e))?;
    let showtimes = s
        .screening
        .showtimes_of_days(monday, sunday)
        .await
        .map_err(|e| Problem::logged("week", e))?;
    // Sold seats and takings of every showtime of the week, in one query.
    let sales: HashMap<ShowtimeId, Sales> = s
        .payment
        .occupancy_report(actor, monday, sunday)
        .await
        .map_err(|e| Problem::logged("week", e))?
        .into_iter()
        .map(|line| {
            let f = line.fact;
            (
                f.showtime,
                Sales {
                    sold: f.sold,
                    capacity: f.capacity,
                    revenue: f.revenue,
                },
            )
        })
        .collect();
    let movies = s
        .screening
        .list_movies()
        .await
        .map_err(|e| Problem::logged("week", e))?;
    Ok(Week {
        monday,
        today,
        now,
        halls,
        showtimes,
        sales,
        movies,
        buffers: s.screening.buffers(),
    })
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Week(_) => LOADING,
            Done::Changed(_) | Done::CopyRefused { .. } => SAVING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Week(r) => asked(r),
            Done::Changed(r) => asked(r),
            // The database answered, with a refusal.
            Done::CopyRefused { .. } => Some(Ok(())),
        }
    }
}
