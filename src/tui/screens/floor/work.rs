//! The floor's work: read every live hold and open shift, release a hold.

use crate::booking::ports::LiveHold;
use crate::identity::User;
use crate::payment::ports::OpenShift;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::OrderId;

/// What the floor shows, read together.
#[derive(Debug, Clone, Default)]
pub struct Floor {
    pub holds: Vec<LiveHold>,
    pub shifts: Vec<OpenShift>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load {
        actor: User,
    },
    /// Gives back every seat of the order's hold (the service logs a manager's release
    /// of another's hold).
    Release {
        actor: User,
        order: OrderId,
        who: String,
    },
}

pub enum Done {
    Loaded(Reply<Floor>),
    Released(Reply<(OrderId, String)>),
}

const LOADING: &str = "reading the floor";
const RELEASING: &str = "releasing the hold";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load { .. } => LOADING,
            Work::Release { .. } => RELEASING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services;
        match self {
            Work::Load { actor } => {
                let holds = s
                    .booking
                    .live_holds(&actor)
                    .await
                    .map_err(|e| Problem::logged("live holds", e));
                let shifts = s
                    .payment
                    .open_shifts(&actor)
                    .await
                    .map_err(|e| Problem::logged("open shifts", e));
                Done::Loaded(holds.and_then(|holds| {
                    Ok(Floor {
                        holds,
                        shifts: shifts?,
                    })
                }))
            }
            Work::Release { actor, order, who } => Done::Released(
                s.booking
                    .release(&actor, order, &[])
                    .await
                    .map(|_| (order, who))
                    .map_err(|e| Problem::logged("release", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Loaded(_) => LOADING,
            Done::Released(_) => RELEASING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Loaded(r) => asked(r),
            Done::Released(r) => asked(r),
        }
    }

    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        match self {
            Done::Released(Ok(done)) => ctx.info = Some(released(&done)),
            Done::Released(Err(e)) => ctx.message = Some(release_failed(&e)),
            Done::Loaded(_) => {}
        }
        None
    }
}

pub(super) fn released((order, who): &(OrderId, String)) -> String {
    format!("Released order {order}, {who}'s hold: the seats are free again.")
}

pub(super) fn release_failed(e: &Problem) -> String {
    format!("Not released: {e}")
}

pub(super) fn load_failed(e: &Problem) -> String {
    format!("The floor could not be read: {e}")
}
