//! Checkout: a line per seat with its ticket type and price, the total, and the payment
//! (cash tendered and change due, or card with each attempt as it happens). It is opened
//! over the seat grid and sells the grid's hold, so the seats screen keeps it (see
//! `seats`); its state and updates are here, its work in `work`, drawing in `view`.

mod state;
mod view;
mod work;

pub use state::{CheckoutState, Pay};
pub use view::render;
pub use work::{Done, Payment, Work};

use crate::booking::model::{SaleLine, TicketType};
use crate::payment::model::AttemptReport;
use crate::payment::model::CardNumber;
use crate::tui::ctx::{Ask, Ctx};
use crate::tui::event::{Answer as Reply, Command};
use crate::tui::keymap::{Action, Scope};
use crate::tui::screens::seats;
use crate::tui::secret::Secret;
use crate::vocab::Money;

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous line"),
        (Action::Down, "next line"),
        (Action::Left, "previous ticket type"),
        (Action::Right, "next ticket type"),
        (Action::Extend, "extend the hold, once"),
        (Action::Cash, "pay cash"),
        (Action::Card, "pay by card"),
        (Action::Shift, "open your shift (cash needs one)"),
        (Action::CancelSale, "cancel the sale, release the seats"),
        (Action::AllAdults, "all adults"),
        (Action::Family, "2 adults, the rest children"),
        (Action::OneParent, "1 adult, the rest children"),
        (Action::AllSeniors, "all seniors"),
        (Action::AllStudents, "all students"),
        (Action::AllChildren, "all children"),
        (Action::Confirm, "confirm the payment"),
        (Action::Yes, "yes, sell the child ticket (when asked)"),
        (Action::No, "no, choose the tickets again (when asked)"),
        (Action::Back, "back to the seats"),
    ],
};

/// What an action leaves checkout in.
pub enum Step {
    Stay(Option<Command>),
    /// Back to the seats, still held.
    Close,
    /// To the shift screen over the sale, the seats still held.
    Shift,
}

impl CheckoutState {
    pub fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Step {
        let Some(actor) = ctx.actor() else {
            return Step::Stay(None);
        };
        ctx.message = None;
        ctx.info = None;
        if self.pay == Pay::Paying {
            return Step::Stay(None);
        }
        if let Some(payment) = self.age_question.take() {
            return Step::Stay(match action {
                Action::Yes => {
                    self.age_confirmed = true;
                    self.pay_now_or_when_held(payment, ctx)
                }
                // Back to the payment field, to change the tickets or pay as they are.
                Action::No | Action::Back => None,
                _ => {
                    self.age_question = Some(payment);
                    None
                }
            });
        }
        if let Pay::Cash { .. } | Pay::Card { .. } = self.pay {
            return Step::Stay(match action {
                Action::Confirm => self.confirm_payment(ctx),
                Action::Back => {
                    self.pay = Pay::Choosing;
                    None
                }
                _ => None,
            });
        }
        let changed = match action {
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                false
            }
            Action::Down => {
                if self.selected + 1 < self.seat_count() {
                    self.selected += 1;
                }
                false
            }
            Action::Left => self.cycle(-1),
            Action::Right => self.cycle(1),
            Action::AllAdults
            | Action::Family
            | Action::OneParent
            | Action::AllSeniors
            | Action::AllStudents
            | Action::AllChildren => self.mix(action),
            Action::Cash => {
                self.pay = Pay::Cash {
                    tendered: String::new(),
                };
                false
            }
            Action::Card => {
                self.pay = Pay::Card {
                    number: String::new(),
                };
                false
            }
            Action::Confirm => {
                ctx.message = Some(format!(
                    "Choose how to pay: {} cash, {} card.",
                    ctx.keymap.first_keys(&[Action::Cash]),
                    ctx.keymap.first_keys(&[Action::Card])
                ));
                false
            }
            Action::CancelSale => {
                ctx.ask = Some(Ask::CancelSale);
                false
            }
            Action::Extend => {
                return Step::Stay(
                    self.order
                        .map(|order| Command::run(seats::Work::Extend { actor, order })),
                );
            }
            // The seats stay held; the grid shows them.
            Action::Back => return Step::Close,
            Action::Shift => return Step::Shift,
            _ => false,
        };
        if !changed {
            return Step::Stay(None);
        }
        Step::Stay(self.order.map(|order| {
            Command::run(Work::Quote {
                actor,
                order,
                types: self.types.clone(),
            })
        }))
    }

    /// The cash tendered or the card number, while one is being typed.
    pub fn on_char(&mut self, c: char, ctx: &mut Ctx) {
        ctx.message = None;
        match &mut self.pay {
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

    pub fn on_erase(&mut self, ctx: &mut Ctx) {
        ctx.message = None;
        match &mut self.pay {
            Pay::Cash { tendered } => {
                tendered.pop();
            }
            Pay::Card { number } => {
                number.pop();
            }
            _ => {}
        }
    }

    /// A text field has the keys: the cash tendered, the card number (not while the
    /// child-ticket question waits for its yes or no).
    pub fn typing(&self) -> bool {
        matches!(self.pay, Pay::Cash { .. } | Pay::Card { .. }) && self.age_question.is_none()
    }

    fn confirm_payment(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let payment = match &self.pay {
            Pay::Cash { .. } => {
                let tendered = match self.tendered() {
                    Ok(t) => t,
                    Err(e) => {
                        ctx.message = Some(e);
                        return None;
                    }
                };
                if let Some(Err(e)) = self.change() {
                    ctx.message = Some(e);
                    return None;
                }
                Payment::Cash { tendered }
            }
            Pay::Card { number } => {
                // A mistyped number is said here, and stays in the field to be corrected,
                // rather than coming back from the payment with the field closed.
                if !number.trim().is_empty()
                    && let Err(e) = CardNumber::parse(number)
                {
                    ctx.message = Some(e);
                    return None;
                }
                Payment::Card {
                    number: (!number.trim().is_empty()).then(|| Secret(number.clone())),
                }
            }
            Pay::Choosing | Pay::Paying => return None,
        };
        if self
            .age_to_confirm(&ctx.context.child_confirm_ratings)
            .is_some()
        {
            self.age_question = Some(payment);
            return None;
        }
        self.pay_now_or_when_held(payment, ctx)
    }

    fn pay_now_or_when_held(&mut self, payment: Payment, ctx: &Ctx) -> Option<Command> {
        match self.order {
            Some(_) => self.pay(payment, ctx),
            None => {
                // The seats are still being held: pay the moment they are.
                self.pay_when_held = Some(payment);
                self.pay = Pay::Paying;
                None
            }
        }
    }

    fn pay(&mut self, payment: Payment, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let order = self.order?;
        self.pay = Pay::Paying;
        self.pay_when_held = None;
        self.attempts.clear();
        Some(Command::run(Work::Pay {
            actor,
            order,
            types: self.types.clone(),
            payment,
        }))
    }

    /// A card payment called the bank: shown as it happens.
    pub fn attempt(&mut self, report: AttemptReport) {
        self.attempts.push(report);
    }

    /// The seats asked for from checkout are held now: price them, or sell them when the
    /// cashier already confirmed.
    pub fn after_hold(&mut self, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let order = self.order?;
        if let Some(payment) = self.pay_when_held.clone() {
            return self.pay(payment, ctx);
        }
        if self.quote.is_none() {
            return Some(Command::run(Work::Quote {
                actor,
                order,
                types: self.types.clone(),
            }));
        }
        None
    }

    /// Cash was refused for want of an open shift: say so, and how to open one here.
    pub fn needs_shift(&mut self, ctx: &mut Ctx) {
        self.pay = Pay::Choosing;
        ctx.shift_open = Some(false);
        ctx.message = Some(needs_shift_text(ctx));
    }

    pub fn quote_done(
        &mut self,
        types: Vec<TicketType>,
        result: Reply<(Vec<SaleLine>, Money)>,
        ctx: &mut Ctx,
    ) {
        match result {
            Ok((lines, total)) => {
                // Missing types are adult, on the server as here.
                let mut quoted = types;
                quoted.resize(lines.len(), TicketType::Adult);
                self.types.resize(lines.len(), TicketType::Adult);
                self.labels = lines.iter().map(|l| l.label.clone()).collect();
                self.selected = self.selected.min(lines.len().saturating_sub(1));
                self.quoted_types = quoted;
                self.quote = Some((lines, total));
            }
            Err(e) => ctx.message = Some(format!("Could not price the tickets: {e}")),
        }
    }
}

/// What checkout says when cash needs a shift, with the keys as bound.
pub fn needs_shift_text(ctx: &Ctx) -> String {
    format!(
        "No cash without an open shift: {} opens yours; {} (card) still works.",
        ctx.keymap.first_keys(&[Action::Shift]),
        ctx.keymap.first_keys(&[Action::Card])
    )
}
