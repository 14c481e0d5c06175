//! My sales' work: the cashier's orders with their showtimes, one order's tickets, and
//! refunds.

use std::collections::HashMap;

use crate::booking::model::OrderSummary;
use crate::booking::service::OrderView;
use crate::identity::User;
use crate::payment::service::{RefundReceipt, RefundTarget};
use crate::screening::model::Showtime;
use crate::services::Services;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};
use crate::vocab::OrderId;
use crate::vocab::text::count;

/// How many of the cashier's orders "my sales" lists.
const SALES_SHOWN: i64 = 100;

/// An order of the history with its showtime, as the list shows them.
#[derive(Debug, Clone)]
pub struct SaleRow {
    pub sale: OrderSummary,
    pub showtime: Option<Showtime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    LoadSales {
        actor: User,
    },
    LoadOrder {
        actor: User,
        order: OrderId,
    },
    /// The order's tickets still valid, or only the ticket with this code.
    Refund {
        actor: User,
        order: OrderId,
        ticket: Option<String>,
        reason: String,
    },
}

// An answer is moved once from its task to the screen and never stored: its size does
// not matter (as for `Event`).
#[allow(clippy::large_enum_variant)]
pub enum Done {
    Sales(Reply<Vec<SaleRow>>),
    Order(Reply<OrderView>),
    Refunded(Reply<RefundReceipt>),
}

const LOADING: &str = "loading sales";
const LOADING_ORDER: &str = "loading the order";
const REFUNDING: &str = "refunding";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::LoadSales { .. } => LOADING,
            Work::LoadOrder { .. } => LOADING_ORDER,
            Work::Refund { .. } => REFUNDING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let s = &runner.services;
        match self {
            Work::LoadSales { actor } => Done::Sales(sales(s, &actor).await),
            Work::LoadOrder { actor, order } => Done::Order(
                s.booking
                    .order(&actor, order)
                    .await
                    .map_err(|e| Problem::logged("order", e)),
            ),
            Work::Refund {
                actor,
                order,
                ticket,
                reason,
            } => Done::Refunded(
                s.payment
                    .refund(
                        &actor,
                        ticket.map_or(RefundTarget::Order(order), RefundTarget::Ticket),
                        &reason,
                    )
                    .await
                    .map_err(|e| Problem::logged("refund", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Sales(_) => LOADING,
            Done::Order(_) => LOADING_ORDER,
            Done::Refunded(_) => REFUNDING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Sales(r) => asked(r),
            Done::Order(r) => asked(r),
            Done::Refunded(r) => asked(r),
        }
    }

    // The list is closed; what went wrong, or a refund made, is still said.
    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        match self {
            Done::Sales(Err(e)) => ctx.message = Some(sales_failed(&e)),
            Done::Order(Err(e)) => ctx.message = Some(order_failed(&e)),
            Done::Refunded(result) => match result {
                Ok(r) => ctx.info = Some(refunded(&r, ctx)),
                Err(e) => ctx.message = Some(refund_failed(&e)),
            },
            Done::Sales(Ok(_)) | Done::Order(Ok(_)) => {}
        }
        None
    }
}

pub(super) fn sales_failed(e: &Problem) -> String {
    format!("Your sales could not be read: {e}")
}

pub(super) fn order_failed(e: &Problem) -> String {
    format!("The order could not be read: {e}")
}

pub(super) fn refund_failed(e: &Problem) -> String {
    format!("Not refunded: {e}")
}

pub(super) fn refunded(r: &RefundReceipt, ctx: &Ctx) -> String {
    format!(
        "Refunded {} {} ({}) for order {}: {}; {}.",
        r.amount,
        ctx.context.currency,
        r.method,
        r.order,
        count(r.tickets.len() as u64, "ticket", "tickets"),
        r.seats_freed()
    )
}

async fn sales(s: &Services, actor: &crate::identity::User) -> Result<Vec<SaleRow>, Problem> {
    let orders = s
        .booking
        .history(actor, None, SALES_SHOWN)
        .await
        .map_err(|e| Problem::logged("sales", e))?;
    let mut showtimes = HashMap::new();
    let mut rows = Vec::with_capacity(orders.len());
    for sale in orders {
        let id = sale.order.showtime_id;
        if let std::collections::hash_map::Entry::Vacant(slot) = showtimes.entry(id) {
            // A showtime that cannot be read still lists its orders, by number.
            slot.insert(s.screening.showtime(id).await.ok());
        }
        rows.push(SaleRow {
            showtime: showtimes.get(&id).cloned().flatten(),
            sale,
        });
    }
    Ok(rows)
}
