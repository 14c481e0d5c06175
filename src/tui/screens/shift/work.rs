//! The shift screen's work: whether a shift is open, opening one, and the blind count
//! that closes it (with the ledger's anchor to keep beside the count).

use crate::identity::User;
use crate::payment::model::CloseOut;
use crate::payment::ports::Shift;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::Money;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load { actor: User },
    Open { actor: User, float: Money },
    Close { actor: User, counted: Money },
}

/// A shift closed: the close-out and the ledger's anchor (`ROW:HASH`) at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedShift {
    pub out: CloseOut,
    pub anchor: String,
}

pub enum Done {
    Current(Reply<Option<Shift>>),
    Opened(Reply<Shift>),
    Closed(Reply<ClosedShift>),
}

const READING: &str = "reading your shift";
const OPENING: &str = "opening the shift";
const CLOSING: &str = "closing the shift";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load { .. } => READING,
            Work::Open { .. } => OPENING,
            Work::Close { .. } => CLOSING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let p = &runner.services.payment;
        match self {
            Work::Load { actor } => Done::Current(
                p.current_shift(&actor)
                    .await
                    .map_err(|e| Problem::logged("shift", e)),
            ),
            Work::Open { actor, float } => Done::Opened(
                p.open_shift(&actor, float)
                    .await
                    .map_err(|e| Problem::logged("shift open", e)),
            ),
            Work::Close { actor, counted } => {
                let out = match p.close_shift(&actor, counted).await {
                    Ok(out) => out,
                    Err(e) => return Done::Closed(Err(Problem::logged("shift close", e))),
                };
                // The count is in; an anchor that cannot be read is said, not fatal.
                let anchor = match p.ledger_anchor().await {
                    Ok(a) => a.to_string(),
                    Err(e) => format!("not read ({e})"),
                };
                Done::Closed(Ok(ClosedShift { out, anchor }))
            }
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Current(_) => READING,
            Done::Opened(_) => OPENING,
            Done::Closed(_) => CLOSING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Current(r) => asked(r),
            Done::Opened(r) => asked(r),
            Done::Closed(r) => asked(r),
        }
    }

    // The screen was left while its work ran: what happened is still said.
    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        match self {
            Done::Opened(Ok(shift)) => {
                ctx.shift_open = Some(true);
                ctx.info = Some(opened(&shift, ctx));
            }
            Done::Closed(Ok(_)) => {
                ctx.shift_open = Some(false);
                ctx.info = Some("Your shift is closed.".into());
            }
            Done::Opened(Err(e)) => ctx.message = Some(not_opened(&e)),
            Done::Closed(Err(e)) => ctx.message = Some(not_closed(&e)),
            Done::Current(_) => {}
        }
        None
    }
}

pub(super) fn opened(shift: &Shift, ctx: &Ctx) -> String {
    format!(
        "Shift {} opened with a float of {} {}.",
        shift.id, shift.float, ctx.context.currency
    )
}

pub(super) fn not_opened(e: &Problem) -> String {
    format!("The shift was not opened: {e}")
}

pub(super) fn not_closed(e: &Problem) -> String {
    format!("The shift was not closed: {e}")
}
