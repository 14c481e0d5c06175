//! Work that belongs to the session rather than to a screen: asking whether a lost
//! database is back (or, for staff, whether their shift is open, which asks it too),
//! and giving back an order's seats when its screen is gone.

use crate::identity::User;
use crate::vocab::OrderId;

use super::event::{Answer as Reply, Problem};
use super::screens::{Answer, Job, Runner, asked};

/// How long a health check waits for the database before calling it lost.
const PING_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Ping,
    /// A quiet staff session's health check: is the user's shift open?
    Shift {
        actor: User,
    },
    /// The order is abandoned and its holds given back.
    Cancel {
        actor: User,
        order: OrderId,
    },
}

pub enum Done {
    /// The database answered again (or still does not).
    Ping(Reply<()>),
    /// Whether the user's shift is open.
    Shift(Reply<bool>),
    Cancelled(Reply<()>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        match self {
            Work::Ping | Work::Shift { .. } => None,
            Work::Cancel { .. } => Some("releasing the seats"),
        }
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services;
        match self {
            // Bounded: a database that went away must not keep the banner waiting for the
            // pool's own timeout.
            Work::Ping => Done::Ping(
                match tokio::time::timeout(PING_TIMEOUT, s.identity.count()).await {
                    Ok(answer) => answer.map(|_| ()).map_err(|e| Problem::logged("ping", e)),
                    Err(_) => Err(Problem::database(format!(
                        "the database did not answer within {} s",
                        PING_TIMEOUT.as_secs()
                    ))),
                },
            ),
            Work::Shift { actor } => Done::Shift(
                match tokio::time::timeout(PING_TIMEOUT, s.payment.current_shift(&actor)).await {
                    Ok(answer) => answer
                        .map(|shift| shift.is_some())
                        .map_err(|e| Problem::logged("shift", e)),
                    Err(_) => Err(Problem::database(format!(
                        "the database did not answer within {} s",
                        PING_TIMEOUT.as_secs()
                    ))),
                },
            ),
            Work::Cancel { actor, order } => Done::Cancelled(
                s.booking
                    .cancel(&actor, order)
                    .await
                    .map_err(|e| Problem::logged("cancel", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Ping(_) | Done::Shift(_) => "ping",
            Done::Cancelled(_) => "releasing the seats",
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Ping(r) | Done::Cancelled(r) => asked(r),
            Done::Shift(r) => asked(r),
        }
    }
}
