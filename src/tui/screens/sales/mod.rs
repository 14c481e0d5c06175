//! My sales: this cashier's orders, newest first, and one order's tickets, each to be
//! refunded with a reason. Opened over the showtimes. The work in `work`, drawing in
//! `view`.

mod view;
mod work;

pub use work::{Done, SaleRow, Work};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::booking::model::OrderStatus;
use crate::booking::service::OrderView;
use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};

use super::{Screen, Typing};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous line"),
        (Action::Down, "next line"),
        (Action::Reload, "reload"),
        (
            Action::Refund,
            "refund the order, or the ticket chosen in it",
        ),
        (Action::Confirm, "show the order"),
    ],
};

/// A refund being asked for: which order (or which of its tickets), and the reason
/// being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundState {
    pub order: crate::vocab::OrderId,
    /// One ticket: its seat and code. None: whatever of the order is still valid.
    pub ticket: Option<(String, String)>,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct SalesState {
    pub rows: Vec<SaleRow>,
    pub selected: usize,
    pub loading: bool,
    /// The chosen order with its tickets, once read.
    pub detail: Option<OrderView>,
    /// The ticket chosen in the open order, for a refund of that ticket alone.
    pub ticket: Option<usize>,
    pub refund: Option<RefundState>,
}

pub struct SalesScreen {
    pub sales: SalesState,
}

impl SalesScreen {
    /// The list, and the read of the cashier's orders.
    pub fn open(ctx: &Ctx) -> Option<(SalesScreen, Option<Command>)> {
        let actor = ctx.actor()?;
        let screen = SalesScreen {
            sales: SalesState {
                loading: true,
                ..SalesState::default()
            },
        };
        Some((screen, Some(Command::run(Work::LoadSales { actor }))))
    }
}

impl Screen for SalesScreen {
    fn name(&self) -> &'static str {
        "sales"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn typing(&self) -> Typing {
        if self.sales.refund.is_some() {
            Typing::Field
        } else {
            Typing::Keys
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let sales = &mut self.sales;
        ctx.message = None;
        ctx.info = None;
        if let Some(refund) = &sales.refund {
            return match action {
                Action::Confirm if refund.reason.trim().is_empty() => {
                    ctx.message = Some("A refund needs a reason: type it, then Enter.".into());
                    None
                }
                Action::Confirm => {
                    let refund = sales.refund.take()?;
                    Some(Command::run(Work::Refund {
                        actor,
                        order: refund.order,
                        ticket: refund.ticket.map(|(_, code)| code),
                        reason: refund.reason.trim().to_string(),
                    }))
                }
                Action::Back => {
                    sales.refund = None;
                    None
                }
                _ => None,
            };
        }
        // With an order open, the arrows choose one of its tickets (above the first, none:
        // the whole order); otherwise they choose the order.
        if let Some(detail) = &sales.detail {
            match action {
                Action::Up => {
                    sales.ticket = sales.ticket.and_then(|i| i.checked_sub(1));
                    return None;
                }
                Action::Down => {
                    let last = detail.tickets.len().checked_sub(1)?;
                    sales.ticket = Some(sales.ticket.map_or(0, |i| (i + 1).min(last)));
                    return None;
                }
                Action::Refund if sales.ticket.is_some() => {
                    let t = detail.tickets.get(sales.ticket?)?;
                    if !t.valid {
                        ctx.message = Some(format!(
                            "Ticket {} ({}) was refunded already.",
                            t.seat, t.code
                        ));
                        return None;
                    }
                    sales.refund = Some(RefundState {
                        order: detail.order.id,
                        ticket: Some((t.seat.clone(), t.code.clone())),
                        reason: String::new(),
                    });
                    return None;
                }
                _ => {}
            }
        }
        match action {
            Action::Up => {
                sales.selected = sales.selected.saturating_sub(1);
                sales.detail = None;
                None
            }
            Action::Down => {
                if sales.selected + 1 < sales.rows.len() {
                    sales.selected += 1;
                }
                sales.detail = None;
                None
            }
            Action::Reload => {
                sales.loading = true;
                Some(Command::run(Work::LoadSales { actor }))
            }
            Action::Confirm => {
                let order = sales.rows.get(sales.selected)?.sale.order.id;
                Some(Command::run(Work::LoadOrder { actor, order }))
            }
            Action::Refund => {
                let sale = &sales.rows.get(sales.selected)?.sale;
                let status = sale.order.effective_status(ctx.now);
                if status != OrderStatus::Paid {
                    ctx.message = Some(format!(
                        "Order {} is {}: only paid orders are refunded.",
                        sale.order.id,
                        status.as_str()
                    ));
                    return None;
                }
                if sale.all_refunded() {
                    ctx.message = Some(format!(
                        "Order {} was refunded already: nothing is left to refund.",
                        sale.order.id
                    ));
                    return None;
                }
                sales.refund = Some(RefundState {
                    order: sale.order.id,
                    ticket: None,
                    reason: String::new(),
                });
                None
            }
            Action::Back => {
                sales.ticket = None;
                if sales.detail.take().is_none() {
                    ctx.go(Nav::Pop);
                }
                None
            }
            _ => None,
        }
    }

    fn on_char(&mut self, c: char, ctx: &mut Ctx) {
        ctx.message = None;
        if let Some(refund) = &mut self.sales.refund
            && refund.reason.chars().count() < 200
        {
            refund.reason.push(c);
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        if let Some(refund) = &mut self.sales.refund {
            refund.reason.pop();
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Sales(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Sales(done) = done else {
            return None;
        };
        let sales = &mut self.sales;
        match done {
            Done::Sales(result) => {
                sales.loading = false;
                match result {
                    Ok(rows) => {
                        let keep = sales.rows.get(sales.selected).map(|r| r.sale.order.id);
                        sales.rows = rows;
                        sales.selected = keep
                            .and_then(|id| sales.rows.iter().position(|r| r.sale.order.id == id))
                            .unwrap_or(0);
                    }
                    Err(e) => ctx.message = Some(work::sales_failed(&e)),
                }
                None
            }
            Done::Refunded(result) => {
                let actor = ctx.actor()?;
                match result {
                    Ok(r) => {
                        ctx.info = Some(work::refunded(&r, ctx));
                        sales.detail = None;
                        sales.ticket = None;
                        sales.loading = true;
                        Some(Command::run(Work::LoadSales { actor }))
                    }
                    Err(e) => {
                        ctx.message = Some(work::refund_failed(&e));
                        None
                    }
                }
            }
            Done::Order(result) => {
                match result {
                    Ok(view) => {
                        sales.detail = Some(view);
                        sales.ticket = None;
                    }
                    Err(e) => ctx.message = Some(work::order_failed(&e)),
                }
                None
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        self.on_action(Action::Reload, ctx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.sales, frame, area, ctx);
    }
}
