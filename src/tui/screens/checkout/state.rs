//! Checkout's state: a ticket type per seat, the priced lines, and the payment being
//! taken. No drawing, no I/O.

use crate::booking::age::child_ticket_confirmation;
use crate::booking::model::{SaleLine, TicketType};
use crate::payment::model::AttemptReport;
use crate::screening::model::Showtime;
use crate::tui::keymap::Action;
use crate::vocab::{Money, OrderId};

use super::Payment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pay {
    /// Choosing ticket types; then cash or card.
    Choosing,
    /// Typing the cash tendered; empty means the exact amount.
    Cash { tendered: String },
    /// Paying by card: a number may be typed; empty means the counter's card terminal.
    Card { number: String },
    /// The payment is being taken.
    Paying,
}

#[derive(Debug)]
pub struct CheckoutState {
    pub showtime: Showtime,
    /// `None` while the seats are still being held (keys typed ahead of the database).
    pub order: Option<OrderId>,
    /// The seats as the grid knows them, until the first quote names them in the order's
    /// own order.
    pub labels: Vec<String>,
    /// One per seat, in the quote's order; missing ones are adult.
    pub types: Vec<TicketType>,
    pub selected: usize,
    /// The last quote, and the types it was for (a newer choice makes it stale).
    pub quote: Option<(Vec<SaleLine>, Money)>,
    pub quoted_types: Vec<TicketType>,
    pub pay: Pay,
    /// Confirmed before the order was known: pay as soon as it is.
    pub pay_when_held: Option<Payment>,
    /// The card payment's calls to the bank so far, as they happen.
    pub attempts: Vec<AttemptReport>,
    /// A child ticket for a film the venue asks about: the question is up, and this
    /// payment goes ahead on a yes (`booking::age`).
    pub age_question: Option<Payment>,
    /// Yes was answered for the ticket types on screen; a new choice asks again.
    pub age_confirmed: bool,
}

impl CheckoutState {
    pub fn new(showtime: Showtime, order: Option<OrderId>, labels: Vec<String>) -> Self {
        CheckoutState {
            showtime,
            order,
            types: vec![TicketType::Adult; labels.len()],
            labels,
            selected: 0,
            quote: None,
            quoted_types: Vec::new(),
            pay: Pay::Choosing,
            pay_when_held: None,
            attempts: Vec::new(),
            age_question: None,
            age_confirmed: false,
        }
    }

    /// How many seats are being sold, as far as is known.
    pub fn seat_count(&self) -> usize {
        self.quote
            .as_ref()
            .map_or(self.labels.len(), |(lines, _)| lines.len())
    }

    /// The quote matches the types on screen.
    pub fn quote_is_current(&self) -> bool {
        self.quote.is_some() && self.quoted_types == self.types
    }

    /// The film's rating, when these ticket types need the child-ticket question asked
    /// before the sale (and it was not answered yet).
    pub fn age_to_confirm(&self, confirm_ratings: &[String]) -> Option<String> {
        if self.age_confirmed {
            return None;
        }
        child_ticket_confirmation(
            self.showtime.movie_rating.as_deref(),
            &self.types,
            confirm_ratings,
        )
        .map(str::to_string)
    }

    pub fn total(&self) -> Option<Money> {
        self.quote
            .as_ref()
            .filter(|_| self.quote_is_current())
            .map(|(_, t)| *t)
    }

    /// A mix key: ticket types for every seat at once.
    pub fn mix(&mut self, action: Action) -> bool {
        use TicketType::*;
        let n = self.seat_count();
        let types: Vec<TicketType> = (0..n)
            .map(|i| match action {
                Action::AllAdults => Adult,
                Action::Family if i < 2 => Adult,
                Action::OneParent if i < 1 => Adult,
                Action::Family | Action::OneParent | Action::AllChildren => Child,
                Action::AllSeniors => Senior,
                Action::AllStudents => Student,
                _ => Adult,
            })
            .collect();
        let changed = types != self.types;
        self.types = types;
        self.age_confirmed &= !changed;
        changed
    }

    /// The selected seat's type, one step along adult, child, senior, student.
    pub fn cycle(&mut self, step: i32) -> bool {
        let n = self.seat_count();
        if n == 0 {
            return false;
        }
        self.types.resize(n, TicketType::Adult);
        let i = self.selected.min(n - 1);
        let all = TicketType::ALL;
        let at = all.iter().position(|t| *t == self.types[i]).unwrap_or(0) as i32;
        let next = (at + step).rem_euclid(all.len() as i32) as usize;
        self.types[i] = all[next];
        self.age_confirmed = false;
        true
    }

    /// The tendered amount typed so far: `Ok(None)` is the exact amount.
    pub fn tendered(&self) -> Result<Option<Money>, String> {
        match &self.pay {
            Pay::Cash { tendered } if !tendered.trim().is_empty() => {
                Money::parse(tendered).map(Some).map_err(|e| e.to_string())
            }
            _ => Ok(None),
        }
    }

    /// Change due for what is typed, once the total is known.
    pub fn change(&self) -> Option<Result<Money, String>> {
        let total = self.total()?;
        match self.tendered() {
            Ok(None) => Some(Ok(Money::ZERO)),
            Ok(Some(t)) if t >= total => {
                Some(Money::from_cents(t.cents() - total.cents()).map_err(|e| e.to_string()))
            }
            Ok(Some(t)) => Some(Err(format!("{t} does not cover the total {total}"))),
            Err(e) => Some(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::screening::model::ShowtimeStatus;
    use crate::vocab::{HallId, MovieId, ShowtimeId};

    fn state(n: usize) -> CheckoutState {
        let at = chrono::DateTime::<chrono::Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let showtime = Showtime {
            id: ShowtimeId(1),
            movie_id: MovieId(1),
            movie_title: "Gridlock".into(),
            movie_rating: None,
            runtime_minutes: 133,
            hall_id: HallId(1),
            hall_name: "Grand".into(),
            starts_at: at,
            occupied_until: at,
            price: Money::from_cents(1000).unwrap(),
            status: ShowtimeStatus::Scheduled,
        };
        CheckoutState::new(showtime, None, (1..=n).map(|i| format!("F{i}")).collect())
    }

    #[test]
    fn mixes_are_one_key_and_cycling_wraps() {
        let mut s = state(4);
        assert!(s.mix(Action::Family));
        assert_eq!(
            s.types,
            [
                TicketType::Adult,
                TicketType::Adult,
                TicketType::Child,
                TicketType::Child
            ]
        );
        assert!(!s.mix(Action::Family), "the same mix again changes nothing");
        s.mix(Action::OneParent);
        assert_eq!(s.types[1], TicketType::Child);
        s.selected = 3;
        s.cycle(1);
        assert_eq!(s.types[3], TicketType::Senior);
        s.cycle(-2);
        assert_eq!(s.types[3], TicketType::Adult);
        s.cycle(-1);
        assert_eq!(s.types[3], TicketType::Student);
    }

    #[test]
    fn change_due_follows_what_is_typed() {
        let mut s = state(2);
        assert_eq!(s.change(), None, "no total yet");
        s.quote = Some((Vec::new(), Money::from_cents(2350).unwrap()));
        s.quoted_types = s.types.clone();
        s.pay = Pay::Cash {
            tendered: String::new(),
        };
        assert_eq!(s.change(), Some(Ok(Money::ZERO)), "empty is exact");
        s.pay = Pay::Cash {
            tendered: "50".into(),
        };
        assert_eq!(s.change(), Some(Ok(Money::from_cents(2650).unwrap())));
        s.pay = Pay::Cash {
            tendered: "20".into(),
        };
        assert!(s.change().unwrap().is_err());
        s.pay = Pay::Cash {
            tendered: "2x".into(),
        };
        assert!(s.change().unwrap().is_err());
        // A new type choice makes the old quote stale: no change shown until repriced.
        s.mix(Action::AllChildren);
        assert_eq!(s.change(), None);
    }
}
