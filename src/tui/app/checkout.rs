//! Checkout's updates: ticket types (one key per common mix), the quote, cash tendered
//! and change, the sale, and the receipt.

use crate::booking::model::{SaleLine, TicketType};
use crate::booking::service::Receipt;
use crate::core::Money;
use crate::tui::event::{Answer, Command, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::checkout::Pay;
use crate::tui::screens::receipt::ReceiptState;

use super::{App, Ask, Screen};

impl App {
    pub(super) fn checkout_action(&mut self, action: Action) -> Option<Command> {
        let actor = self.session.clone()?;
        let checkout = self.checkout.as_mut()?;
        self.message = None;
        self.info = None;
        if checkout.pay == Pay::Paying {
            return None;
        }
        if let Pay::Cash { .. } = checkout.pay {
            return match action {
                Action::Confirm => self.confirm_cash(),
                Action::Back => {
                    checkout.pay = Pay::Choosing;
                    None
                }
                _ => None,
            };
        }
        let changed = match action {
            Action::Up => {
                checkout.selected = checkout.selected.saturating_sub(1);
                false
            }
            Action::Down => {
                if checkout.selected + 1 < checkout.seat_count() {
                    checkout.selected += 1;
                }
                false
            }
            Action::Left => checkout.cycle(-1),
            Action::Right => checkout.cycle(1),
            Action::AllAdults
            | Action::Family
            | Action::OneParent
            | Action::AllSeniors
            | Action::AllStudents
            | Action::AllChildren => checkout.mix(action),
            Action::Cash => {
                checkout.pay = Pay::Cash {
                    tendered: String::new(),
                };
                false
            }
            Action::Card => {
                self.message = Some("Card payments are not available yet: take cash.".into());
                false
            }
            Action::Confirm => {
                self.message = Some(format!(
                    "Choose how to pay: {} cash, {} card.",
                    self.keymap.first_keys(&[Action::Cash]),
                    self.keymap.first_keys(&[Action::Card])
                ));
                false
            }
            Action::CancelSale => {
                self.ask = Some(Ask::CancelSale);
                false
            }
            Action::Extend => {
                let order = checkout.order?;
                return Some(Command::Run(Work::Extend { actor, order }));
            }
            Action::Back => {
                // The seats stay held; the grid shows them.
                self.checkout = None;
                self.screen = Screen::Seats;
                return None;
            }
            _ => false,
        };
        if !changed {
            return None;
        }
        let order = checkout.order?;
        Some(Command::Run(Work::Quote {
            actor,
            order,
            types: checkout.types.clone(),
        }))
    }

    pub(super) fn checkout_type(&mut self, c: char) {
        self.message = None;
        if let Some(checkout) = &mut self.checkout
            && let Pay::Cash { tendered } = &mut checkout.pay
            && (c.is_ascii_digit() || c == '.' || c == ',')
            && tendered.len() < 12
        {
            tendered.push(c);
        }
    }

    pub(super) fn checkout_erase(&mut self) {
        self.message = None;
        if let Some(checkout) = &mut self.checkout
            && let Pay::Cash { tendered } = &mut checkout.pay
        {
            tendered.pop();
        }
    }

    fn confirm_cash(&mut self) -> Option<Command> {
        let checkout = self.checkout.as_mut()?;
        let tendered = match checkout.tendered() {
            Ok(t) => t,
            Err(e) => {
                self.message = Some(e);
                return None;
            }
        };
        if let Some(Err(e)) = checkout.change() {
            self.message = Some(e);
            return None;
        }
        match checkout.order {
            Some(_) => self.sell(tendered),
            None => {
                // The seats are still being held: sell the moment they are.
                checkout.sell_when_held = Some(tendered);
                checkout.pay = Pay::Paying;
                None
            }
        }
    }

    fn sell(&mut self, tendered: Option<Money>) -> Option<Command> {
        let actor = self.session.clone()?;
        let checkout = self.checkout.as_mut()?;
        let order = checkout.order?;
        checkout.pay = Pay::Paying;
        checkout.sell_when_held = None;
        Some(Command::Run(Work::SellCash {
            actor,
            order,
            types: checkout.types.clone(),
            tendered,
        }))
    }

    /// The seats asked for from checkout are held now: price them, or sell them when the
    /// cashier already confirmed.
    pub(super) fn after_hold(&mut self) -> Option<Command> {
        let actor = self.session.clone()?;
        let checkout = self.checkout.as_mut()?;
        let order = checkout.order?;
        if let Some(tendered) = checkout.sell_when_held {
            return self.sell(tendered);
        }
        if checkout.quote.is_none() {
            return Some(Command::Run(Work::Quote {
                actor,
                order,
                types: checkout.types.clone(),
            }));
        }
        None
    }

    pub(super) fn quote_done(
        &mut self,
        types: Vec<TicketType>,
        result: Answer<(Vec<SaleLine>, Money)>,
    ) -> Option<Command> {
        let checkout = self.checkout.as_mut()?;
        match result {
            Ok((lines, total)) => {
                // Missing types are adult, on the server as here.
                let mut quoted = types;
                quoted.resize(lines.len(), TicketType::Adult);
                checkout.types.resize(lines.len(), TicketType::Adult);
                checkout.labels = lines.iter().map(|l| l.label.clone()).collect();
                checkout.selected = checkout.selected.min(lines.len().saturating_sub(1));
                checkout.quoted_types = quoted;
                checkout.quote = Some((lines, total));
            }
            Err(e) => self.message = Some(format!("Could not price the tickets: {e}")),
        }
        None
    }

    pub(super) fn sold_done(&mut self, result: Answer<Receipt>) -> Option<Command> {
        match result {
            Ok(receipt) => {
                let text = crate::tui::screens::receipt::receipt_text(
                    &receipt,
                    &self.context,
                    self.session.as_ref().map_or("", |u| u.username.as_str()),
                    self.now,
                );
                self.receipt = Some(ReceiptState { receipt, text });
                self.checkout = None;
                self.seats = None;
                self.screen = Screen::Receipt;
                None
            }
            Err(e) => {
                self.message = Some(format!("Not sold: {e}"));
                let actor = self.session.clone()?;
                if let Some(checkout) = &mut self.checkout {
                    checkout.pay = Pay::Choosing;
                }
                // The holds may be gone (expired, taken): the grid must show what is true.
                let seats = self.seats.as_mut()?;
                super::seats::reload(seats, actor)
            }
        }
    }
}
