//! The seat grid's work: reading the live map, taking and giving back seats, extending
//! the hold.

use crate::booking::service::{OrderView, SeatMap};
use crate::identity::User;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::tui::session;
use crate::vocab::{OrderId, SeatId, ShowtimeId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    /// `quiet`: a refresh nobody waits for (the feed said the seats changed), so no
    /// spinner.
    LoadSeatMap {
        actor: User,
        showtime: ShowtimeId,
        quiet: bool,
    },
    Hold {
        actor: User,
        showtime: ShowtimeId,
        seats: Vec<SeatId>,
        order: Option<OrderId>,
    },
    HoldBest {
        actor: User,
        showtime: ShowtimeId,
        n: usize,
        order: Option<OrderId>,
    },
    Release {
        actor: User,
        showtime: ShowtimeId,
        order: OrderId,
        seats: Vec<SeatId>,
    },
    Extend {
        actor: User,
        order: OrderId,
    },
}

pub enum Done {
    SeatMap {
        showtime: ShowtimeId,
        result: Reply<SeatMap>,
    },
    /// Seats taken (one by one or best available), with the order now holding them.
    Held {
        showtime: ShowtimeId,
        result: Reply<OrderView>,
    },
    Released {
        showtime: ShowtimeId,
        result: Reply<()>,
    },
    Extended(Reply<OrderView>),
}

const LOADING: &str = "loading seats";
const HOLDING: &str = "holding seats";
const RELEASING: &str = "releasing";
const EXTENDING: &str = "extending the hold";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        match self {
            Work::LoadSeatMap { quiet: true, .. } => None,
            Work::LoadSeatMap { .. } => Some(LOADING),
            Work::Hold { .. } | Work::HoldBest { .. } => Some(HOLDING),
            Work::Release { .. } => Some(RELEASING),
            Work::Extend { .. } => Some(EXTENDING),
        }
    }

    async fn perform(self, runner: &Runner) -> Done {
        let booking = &runner.services.booking;
        match self {
            Work::LoadSeatMap {
                actor, showtime, ..
            } => Done::SeatMap {
                showtime,
                result: booking
                    .seat_map(&actor, showtime)
                    .await
                    .map_err(|e| Problem::logged("seat map", e)),
            },
            Work::Hold {
                actor,
                showtime,
                seats,
                order,
            } => Done::Held {
                showtime,
                result: booking
                    .hold_seat_ids(&actor, showtime, &seats, order)
                    .await
                    .map_err(|e| Problem::logged("hold", e)),
            },
            Work::HoldBest {
                actor,
                showtime,
                n,
                order,
            } => Done::Held {
                showtime,
                result: booking
                    .hold_best(&actor, showtime, n, order)
                    .await
                    .map_err(|e| Problem::logged("best available", e)),
            },
            Work::Release {
                actor,
                showtime,
                order,
                seats,
            } => Done::Released {
                showtime,
                result: booking
                    .release_seat_ids(&actor, order, &seats)
                    .await
                    .map_err(|e| Problem::logged("release", e)),
            },
            Work::Extend { actor, order } => Done::Extended(
                booking
                    .extend(&actor, order)
                    .await
                    .map_err(|e| Problem::logged("extend", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::SeatMap { .. } => LOADING,
            Done::Held { .. } => HOLDING,
            Done::Released { .. } => RELEASING,
            Done::Extended(_) => EXTENDING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::SeatMap { result, .. } => asked(result),
            Done::Held { result, .. } => asked(result),
            Done::Released { result, .. } => asked(result),
            Done::Extended(r) => asked(r),
        }
    }

    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        match self {
            // The cashier left the grid before the seats arrived: give them back rather
            // than leave them held until they expire.
            Done::Held { result, .. } => {
                let actor = ctx.actor()?;
                let order = result.ok()?.order.id;
                Some(Command::run(session::Work::Cancel { actor, order }))
            }
            Done::Extended(Ok(_)) => {
                ctx.info = Some("The hold was extended.".into());
                None
            }
            Done::Extended(Err(e)) => {
                ctx.message = Some(e.text);
                None
            }
            Done::SeatMap { .. } | Done::Released { .. } => None,
        }
    }
}
