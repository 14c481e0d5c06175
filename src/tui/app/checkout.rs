//! Checkout's updates: ticket types (one key per common mix), the quote, cash tendered
//! and change, the sale, and the receipt.

use crate::booking::model::{SaleLine, TicketType};
use crate::payment::model::AttemptReport;
use crate::payment::service::Receipt;
use crate::tui::event::{Answer, Command, Payment, Secret, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::checkout::Pay;
use crate::tui::screens::receipt::ReceiptState;
use crate::vocab::Money;

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
        if let Pay::Cash { .. } | Pay::Card { .. } = checkout.pay {
            return match action {
                Action::Confirm => self.confirm_payment(),
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
                checkout.pay = Pay::Card {
                    number: String::new(),
                };
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
        let Some(checkout) = &mut self.checkout else {
            return;
        };
        match &mut checkout.pay {
            Pay::Cash { tendered }
                if (c.is_ascii_digit() || c == '.' || c == ',') && tendered.len() < 12 =>
            {
                tendered.push(c);
            }
            Pay::Card { number }
                if (c.is_ascii_digit() || c == ' ' || c == '-') && number.len() < 24 =>
            {
                number.push(c);
            }
            _ => {}
        }
    }

    pub(super) fn checkout_erase(&mut self) {
        self.message = None;
        if let Some(checkout) = &mut self.checkout {
            match &mut checkout.pay {
                Pay::Cash { tendered } => {
                    tendered.pop();
                }
                Pay::Card { number } => {
                    number.pop();
                }
                _ => {}
            }
        }
    }

    fn confirm_payment(&mut self) -> Option<Command> {
        let checkout = self.checkout.as_mut()?;
        let payment = match &checkout.pay {
            Pay::Cash { .. } => {
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
                Payment::Cash { tendered }
            }
            Pay::Card { number } => Payment::Card {
                number: (!number.trim().is_empty()).then(|| Secret(number.clone())),
            },
            Pay::Choosing | Pay::Paying => return None,
        };
        match checkout.order {
            Some(_) => self.pay(payment),
            None => {
                // The seats are still being held: pay the moment they are.
                checkout.pay_when_held = Some(payment);
                checkout.pay = Pay::Paying;
                None
            }
        }
    }

    fn pay(&mut self, payment: Payment) -> Option<Command> {
        let actor = self.session.clone()?;
        let checkout = self.checkout.as_mut()?;
        let order = checkout.order?;
        checkout.pay = Pay::Paying;
        checkout.pay_when_held = None;
        checkout.attempts.clear();
        Some(Command::Run(Work::Pay {
            actor,
            order,
            types: checkout.types.clone(),
            payment,
        }))
    }

    /// A card payment called the bank: shown as it happens.
    pub(super) fn attempt(&mut self, report: AttemptReport) -> Option<Command> {
        if let Some(checkout) = &mut self.checkout {
            checkout.attempts.push(report);
        }
        None
    }

    /// The seats asked for from checkout are held now: price them, or sell them when the
    /// cashier already confirmed.
    pub(super) fn after_hold(&mut self) -> Option<Command> {
        let actor = self.session.clone()?;
        let checkout = self.checkout.as_mut()?;
        let order = checkout.order?;
        if let Some(payment) = checkout.pay_when_held.clone() {
            return self.pay(payment);
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
