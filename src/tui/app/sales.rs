//! My sales: this cashier's orders, newest first, and one order's tickets.

use crate::booking::model::OrderStatus;
use crate::booking::service::OrderView;
use crate::payment::service::RefundReceipt;
use crate::tui::event::{Answer, Command, SaleRow, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::sales::RefundState;

use super::{App, Screen};

impl App {
    pub(super) fn open_sales(&mut self) -> Option<Command> {
        let actor = self.session.clone()?;
        self.screen = Screen::Sales;
        self.sales.detail = None;
        self.sales.loading = true;
        Some(Command::Run(Work::LoadSales { actor }))
    }

    pub(super) fn sales_action(&mut self, action: Action) -> Option<Command> {
        let actor = self.session.clone()?;
        let sales = &mut self.sales;
        self.message = None;
        self.info = None;
        if let Some(refund) = &sales.refund {
            return match action {
                Action::Confirm if refund.reason.trim().is_empty() => {
                    self.message = Some("A refund needs a reason: type it, then Enter.".into());
                    None
                }
                Action::Confirm => {
                    let refund = sales.refund.take()?;
                    Some(Command::Run(Work::Refund {
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
                        self.message = Some(format!(
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
                Some(Command::Run(Work::LoadSales { actor }))
            }
            Action::Confirm => {
                let order = sales.rows.get(sales.selected)?.sale.order.id;
                Some(Command::Run(Work::LoadOrder { actor, order }))
            }
            Action::Refund => {
                let sale = &sales.rows.get(sales.selected)?.sale;
                let status = sale.order.effective_status(self.now);
                if status != OrderStatus::Paid {
                    self.message = Some(format!(
                        "Order {} is {}: only paid orders are refunded.",
                        sale.order.id,
                        status.as_str()
                    ));
                    return None;
                }
                if sale.all_refunded() {
                    self.message = Some(format!(
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
                    self.screen = Screen::Showtimes;
                    return self.showtimes.action(Action::Reload);
                }
                None
            }
            _ => None,
        }
    }

    pub(super) fn sales_done(&mut self, result: Answer<Vec<SaleRow>>) -> Option<Command> {
        self.sales.loading = false;
        match result {
            Ok(rows) => {
                let keep = self
                    .sales
                    .rows
                    .get(self.sales.selected)
                    .map(|r| r.sale.order.id);
                self.sales.rows = rows;
                self.sales.selected = keep
                    .and_then(|id| self.sales.rows.iter().position(|r| r.sale.order.id == id))
                    .unwrap_or(0);
            }
            Err(e) => self.message = Some(format!("Your sales could not be read: {e}")),
        }
        None
    }

    pub(super) fn sales_type(&mut self, c: char) {
        self.message = None;
        if let Some(refund) = &mut self.sales.refund
            && refund.reason.chars().count() < 200
        {
            refund.reason.push(c);
        }
    }

    pub(super) fn sales_erase(&mut self) {
        if let Some(refund) = &mut self.sales.refund {
            refund.reason.pop();
        }
    }

    pub(super) fn refunded_done(&mut self, result: Answer<RefundReceipt>) -> Option<Command> {
        let actor = self.session.clone()?;
        match result {
            Ok(r) => {
                self.info = Some(format!(
                    "Refunded {} {} ({}) for order {}: {} ticket(s); the seats are free again.",
                    r.amount,
                    self.context.currency,
                    r.method,
                    r.order,
                    r.tickets.len()
                ));
                self.sales.detail = None;
                self.sales.ticket = None;
                self.sales.loading = true;
                Some(Command::Run(Work::LoadSales { actor }))
            }
            Err(e) => {
                self.message = Some(format!("Not refunded: {e}"));
                None
            }
        }
    }

    pub(super) fn order_done(&mut self, result: Answer<OrderView>) -> Option<Command> {
        match result {
            Ok(view) => {
                self.sales.detail = Some(view);
                self.sales.ticket = None;
            }
            Err(e) => self.message = Some(format!("The order could not be read: {e}")),
        }
        None
    }
}
