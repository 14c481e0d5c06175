//! The Prices tab's work: the table and the coming week's base prices read, changes
//! saved through the booking and screening services.

use chrono::Duration;

use crate::booking::model::{PriceTable, TicketType};
use crate::booking::service::Discount;
use crate::identity::User;
use crate::screening::model::{SeatKind, Showtime};
use crate::tui::event::{Answer as Reply, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::{Money, ShowtimeId};

const LOADING: &str = "reading the prices";
const SAVING: &str = "saving the price";

/// Sold tickets never change: every saved change says so.
pub const KEEP: &str = "Tickets already sold keep their price.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prices {
    pub table: PriceTable,
    /// The showtimes of today and the six days after, for their base prices.
    pub showtimes: Vec<Showtime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load,
    Discount {
        actor: User,
        ticket: TicketType,
        discount: Discount,
    },
    Surcharge {
        actor: User,
        kind: SeatKind,
        amount: Money,
    },
    Base {
        actor: User,
        showtime: ShowtimeId,
        amount: Money,
    },
}

pub enum Done {
    Loaded(Reply<Prices>),
    Saved(Reply<String>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load => LOADING,
            _ => SAVING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services;
        match self {
            Work::Load => Done::Loaded(load(runner).await),
            Work::Discount {
                actor,
                ticket,
                discount,
            } => Done::Saved(
                s.booking
                    .set_ticket_discount(&actor, ticket, discount)
                    .await
                    .map(|()| format!("{} tickets: {discount} off. {KEEP}", ticket.as_str()))
                    .map_err(|e| Problem::logged("discount", e)),
            ),
            Work::Surcharge {
                actor,
                kind,
                amount,
            } => Done::Saved(
                s.booking
                    .set_surcharge(&actor, kind, amount)
                    .await
                    .map(|()| format!("{} seats: {amount} more. {KEEP}", kind.as_str()))
                    .map_err(|e| Problem::logged("surcharge", e)),
            ),
            Work::Base {
                actor,
                showtime,
                amount,
            } => Done::Saved(
                s.screening
                    .set_price(&actor, showtime, amount)
                    .await
                    .map(|st| format!("{} now costs {}. {KEEP}", st.movie_title, st.price))
                    .map_err(|e| Problem::logged("base price", e)),
            ),
        }
    }
}

async fn load(runner: &Runner) -> Reply<Prices> {
    let s = &runner.services;
    let table = s
        .booking
        .price_table()
        .await
        .map_err(|e| Problem::logged("prices", e))?;
    let today = s
        .screening
        .today()
        .await
        .map_err(|e| Problem::logged("prices", e))?;
    let showtimes = s
        .screening
        .showtimes_of_days(today, today + Duration::days(6))
        .await
        .map_err(|e| Problem::logged("prices", e))?;
    Ok(Prices { table, showtimes })
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Loaded(_) => LOADING,
            Done::Saved(_) => SAVING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Loaded(r) => asked(r),
            Done::Saved(r) => asked(r),
        }
    }
}
