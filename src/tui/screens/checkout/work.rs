//! Checkout's work: pricing the tickets, and taking the payment (card attempts are
//! reported as they happen).

use crate::booking::model::{SaleLine, TicketType};
use crate::identity::User;
use crate::payment::PaymentError;
use crate::payment::model::{AttemptReport, CardNumber};
use crate::payment::service::{Receipt, Tender};
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::tui::secret::Secret;
use crate::vocab::{Money, OrderId};

/// How the customer pays, as the cashier entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payment {
    /// `None`: the exact amount.
    Cash { tendered: Option<Money> },
    /// `None`: the card the counter's terminal reads; else a number typed in.
    Card { number: Option<Secret> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Quote {
        actor: User,
        order: OrderId,
        types: Vec<TicketType>,
    },
    Pay {
        actor: User,
        order: OrderId,
        types: Vec<TicketType>,
        payment: Payment,
    },
}

// Large variants are fine: an answer is moved a few times, never stored.
#[allow(clippy::large_enum_variant)]
pub enum Done {
    Quote {
        types: Vec<TicketType>,
        result: Reply<(Vec<SaleLine>, Money)>,
    },
    Sold(Reply<Receipt>),
    /// Cash was refused: the cashier has no open shift (`[shift] required`).
    NeedsShift,
    /// A card payment under way called the bank: what came back.
    Attempt(AttemptReport),
}

// Attempts reach the loop on their own channel; they are answers to checkout's work.
impl From<AttemptReport> for crate::tui::event::Done {
    fn from(report: AttemptReport) -> Self {
        Done::Attempt(report).into()
    }
}

const PRICING: &str = "pricing";
const PAYING: &str = "taking the payment";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        match self {
            Work::Quote { .. } => Some(PRICING),
            Work::Pay { .. } => Some(PAYING),
        }
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services;
        match self {
            Work::Quote {
                actor,
                order,
                types,
            } => Done::Quote {
                result: s
                    .booking
                    .quote(&actor, order, &types)
                    .await
                    .map_err(|e| Problem::logged("quote", e)),
                types,
            },
            Work::Pay {
                actor,
                order,
                types,
                payment,
            } => {
                let tender = match payment {
                    Payment::Cash { tendered } => Tender::Cash { tendered },
                    Payment::Card { number: None } => Tender::Card { number: None },
                    Payment::Card {
                        number: Some(number),
                    } => match CardNumber::parse(&number.0) {
                        Ok(card) => Tender::Card { number: Some(card) },
                        Err(e) => return Done::Sold(Err(Problem::refused(e))),
                    },
                };
                let attempts = Some(runner.attempts.clone());
                match s.payment.pay(&actor, order, &types, tender, attempts).await {
                    Err(PaymentError::CashNeedsShift) => Done::NeedsShift,
                    paid => Done::Sold(paid.map_err(|e| Problem::logged("payment", e))),
                }
            }
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Quote { .. } => PRICING,
            Done::Sold(_) | Done::NeedsShift => PAYING,
            Done::Attempt(_) => "card attempt",
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Quote { result, .. } => asked(result),
            Done::Sold(r) => asked(r),
            // The database answered: no shift.
            Done::NeedsShift => Some(Ok(())),
            Done::Attempt(_) => None,
        }
    }

    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        match self {
            Done::Sold(Err(e)) => ctx.message = Some(format!("Not sold: {e}")),
            Done::NeedsShift => ctx.message = Some(super::needs_shift_text(ctx)),
            _ => {}
        }
        None
    }
}
