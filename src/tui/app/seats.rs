//! The seat grid's updates: moving, taking and giving back seats one at a time (or the
//! best N together), the live map, the countdown, and on to checkout.

use chrono::Duration;

use crate::booking::model::SeatState;
use crate::booking::service::{OrderView, SeatMap};
use crate::identity::User;
use crate::screening::model::Showtime;
use crate::tui::event::{Answer, Command, Work};
use crate::tui::keymap::Action;
use crate::tui::screens::checkout::CheckoutState;
use crate::tui::screens::seats::{SeatOp, SeatsState};
use crate::tui::widgets::seat_grid::{Geometry, SeatLook};
use crate::vocab::ShowtimeId;

use super::{App, Ask, Screen};

/// Reads the map again, or asks for another read after the one under way.
pub(super) fn reload(seats: &mut SeatsState, actor: User) -> Option<Command> {
    if seats.loading {
        seats.reload = true;
        return None;
    }
    seats.loading = true;
    Some(Command::Run(Work::LoadSeatMap {
        actor,
        showtime: seats.showtime.id,
        quiet: seats.loaded,
    }))
}

impl App {
    pub(super) fn open_seats(&mut self, showtime: Showtime) -> Option<Command> {
        let actor = self.session.clone()?;
        self.message = None;
        self.info = None;
        let mut seats = SeatsState::new(showtime);
        let load = reload(&mut seats, actor);
        self.seats = Some(seats);
        self.screen = Screen::Seats;
        load
    }

    pub(super) fn seats_action(&mut self, action: Action) -> Option<Command> {
        let actor = self.session.clone()?;
        let seats = self.seats.as_mut()?;
        self.message = None;
        self.info = None;
        let step = |seats: &mut SeatsState, down, right| {
            if let Some(c) = seats.cursor {
                seats.cursor = Some(seats.plan.step(c, down, right));
            }
            None
        };
        match action {
            Action::Up => step(seats, -1, 0),
            Action::Down => step(seats, 1, 0),
            Action::Left => step(seats, 0, -1),
            Action::Right => step(seats, 0, 1),
            Action::Toggle => self.toggle_at_cursor(),
            Action::Best => {
                let n = seats.take_count();
                self.queue_op(SeatOp::Best(n))
            }
            Action::Extend => match seats.order {
                Some(order) => Some(Command::Run(Work::Extend { actor, order })),
                None => {
                    self.message = Some("Nothing is held yet.".into());
                    None
                }
            },
            Action::Reload => reload(seats, actor),
            Action::Confirm => self.open_checkout(),
            Action::Back => {
                if !seats.count.is_empty() {
                    seats.count.clear();
                } else if seats.holds_anything() {
                    self.ask = Some(Ask::LeaveSeats);
                } else {
                    return self.open_showtimes_again();
                }
                None
            }
            _ => None,
        }
    }

    fn toggle_at_cursor(&mut self) -> Option<Command> {
        let seats = self.seats.as_mut()?;
        let i = seats.cursor?;
        let seat = seats.seats.get(i)?;
        let look = seats.looks.get(i).copied()?;
        let label = seat.seat.label();
        let op = match (look, &seat.state) {
            (SeatLook::Free, _) => SeatOp::Hold(seat.seat.id),
            (SeatLook::Mine, SeatState::HeldByMe { order_id, .. }) => {
                SeatOp::Release(*order_id, seat.seat.id)
            }
            (SeatLook::Mine, _) => match seats.order {
                Some(order) => SeatOp::Release(order, seat.seat.id),
                // Its hold is still on its way: give it back once it is there.
                None => {
                    self.message = Some(format!("{label} is being held; a moment."));
                    return None;
                }
            },
            (_, SeatState::Held { by, until }) => {
                let left = format_left(*until - (self.now + seats.skew));
                self.message = Some(format!("{label} is held by {by} ({left} left)."));
                return None;
            }
            (_, SeatState::Sold) => {
                self.message = Some(format!("{label} is sold."));
                return None;
            }
            (_, SeatState::Broken) => {
                self.message = Some(format!("{label} is broken."));
                return None;
            }
            (_, SeatState::Blocked) => {
                self.message = Some(format!("{label} is blocked for this showtime."));
                return None;
            }
            _ => {
                self.message = Some(format!("{label} is not free."));
                return None;
            }
        };
        self.queue_op(op)
    }

    /// Shows the change at once and sends it, or queues it behind the one under way.
    fn queue_op(&mut self, op: SeatOp) -> Option<Command> {
        let seats = self.seats.as_mut()?;
        seats.apply_optimistic(op);
        seats.queue.push_back(op);
        self.next_op()
    }

    fn next_op(&mut self) -> Option<Command> {
        let actor = self.session.clone()?;
        let seats = self.seats.as_mut()?;
        if seats.in_flight {
            return None;
        }
        let op = seats.queue.pop_front()?;
        seats.in_flight = true;
        let showtime = seats.showtime.id;
        let order = seats.order;
        Some(Command::Run(match op {
            SeatOp::Hold(id) => Work::Hold {
                actor,
                showtime,
                seats: vec![id],
                order,
            },
            SeatOp::Best(n) => Work::HoldBest {
                actor,
                showtime,
                n,
                order,
            },
            SeatOp::Release(order, id) => Work::Release {
                actor,
                showtime,
                order,
                seats: vec![id],
            },
        }))
    }

    fn open_checkout(&mut self) -> Option<Command> {
        let actor = self.session.clone()?;
        let seats = self.seats.as_ref()?;
        if !seats.holds_anything() {
            self.message = Some(format!(
                "Pick seats first: {} takes the seat, or a number then {} the best together.",
                self.keymap.first_keys(&[Action::Toggle]),
                self.keymap.first_keys(&[Action::Best])
            ));
            return None;
        }
        let labels = seats.mine().iter().map(|s| s.seat.label()).collect();
        let checkout = CheckoutState::new(seats.showtime.clone(), seats.order, labels);
        let quote = checkout.order.map(|order| Work::Quote {
            actor,
            order,
            types: checkout.types.clone(),
        });
        self.checkout = Some(checkout);
        self.screen = Screen::Checkout;
        quote.map(Command::Run)
    }

    pub(super) fn seats_click(&mut self, x: u16, y: u16) -> Option<Command> {
        let seats = self.seats.as_mut()?;
        let area = seats.grid_area.get();
        let geometry = Geometry::new(&seats.plan, area, seats.cursor);
        let i = geometry.seat_at(&seats.plan, x, y)?;
        seats.cursor = Some(i);
        self.message = None;
        self.toggle_at_cursor()
    }

    pub(super) fn seat_map_done(
        &mut self,
        showtime: ShowtimeId,
        result: Answer<SeatMap>,
    ) -> Option<Command> {
        let actor = self.session.clone()?;
        let now = self.now;
        let seats = self.seats.as_mut().filter(|s| s.showtime.id == showtime)?;
        seats.loading = false;
        match result {
            Ok(map) => seats.loaded(map, now),
            Err(e) => self.message = Some(format!("The seats could not be read: {e}")),
        }
        let seats = self.seats.as_mut()?;
        if seats.reload {
            seats.reload = false;
            return reload(seats, actor);
        }
        None
    }

    pub(super) fn held_done(
        &mut self,
        showtime: ShowtimeId,
        result: Answer<OrderView>,
    ) -> Option<Command> {
        let actor = self.session.clone()?;
        let Some(seats) = self.seats.as_mut().filter(|s| s.showtime.id == showtime) else {
            // The cashier left the grid before the seats arrived: give them back rather
            // than leave them held until they expire.
            let order = result.ok()?.order.id;
            return Some(Command::Run(Work::Cancel { actor, order }));
        };
        seats.in_flight = false;
        match result {
            Ok(view) => {
                seats.order = Some(view.order.id);
                seats.expires_at = Some(view.order.expires_at);
                // Best available chose the seats: the cursor goes to them.
                for held in &view.seats {
                    if let Some(i) = seats.index_of(held.seat_id) {
                        seats.looks[i] = SeatLook::Mine;
                    }
                }
                if let Some(first) = view.seats.last().and_then(|s| seats.index_of(s.seat_id))
                    && seats.queue.is_empty()
                {
                    seats.cursor = Some(first);
                }
                if let Some(checkout) = &mut self.checkout
                    && checkout.showtime.id == showtime
                {
                    checkout.order = Some(view.order.id);
                    checkout.labels = view.seats.iter().map(|s| s.label.clone()).collect();
                    checkout.types.resize(
                        checkout.labels.len(),
                        crate::booking::model::TicketType::Adult,
                    );
                }
            }
            Err(e) => {
                // What was shown at once is taken back by the map read below.
                self.message = Some(e.text);
                seats.queue.clear();
                if matches!(self.screen, Screen::Checkout) && seats.order.is_none() {
                    // Typed ahead into checkout, but nothing could be held.
                    self.checkout = None;
                    self.screen = Screen::Seats;
                }
            }
        }
        let next = self.next_op();
        if next.is_some() {
            return next;
        }
        if let Some(cmd) = self.after_hold() {
            return Some(cmd);
        }
        let seats = self.seats.as_mut()?;
        reload(seats, actor)
    }

    pub(super) fn released_done(
        &mut self,
        showtime: ShowtimeId,
        result: Answer<()>,
    ) -> Option<Command> {
        let actor = self.session.clone()?;
        let seats = self.seats.as_mut().filter(|s| s.showtime.id == showtime)?;
        seats.in_flight = false;
        if let Err(e) = result {
            self.message = Some(format!("The seat could not be given back: {e}"));
            seats.queue.clear();
        }
        let next = self.next_op();
        if next.is_some() {
            return next;
        }
        let seats = self.seats.as_mut()?;
        reload(seats, actor)
    }

    pub(super) fn extended_done(&mut self, result: Answer<OrderView>) -> Option<Command> {
        match result {
            Ok(view) => {
                if let Some(seats) = &mut self.seats {
                    seats.expires_at = Some(view.order.expires_at);
                }
                self.info = Some("The hold was extended.".into());
            }
            Err(e) => self.message = Some(e.text),
        }
        None
    }

    /// Once a second or so: a hold that ran out is gone, and the screen says so.
    pub(super) fn check_expiry(&mut self) -> Option<Command> {
        let actor = self.session.clone()?;
        let now = self.now;
        let seats = self.seats.as_mut()?;
        let mine_ran_out = seats
            .remaining(now)
            .is_some_and(|left| left <= Duration::zero() && !seats.in_flight);
        if !mine_ran_out {
            // Another counter's hold ran out: its seat is free now.
            if seats
                .next_expiry
                .is_some_and(|at| at <= now + seats.skew && !seats.loading)
            {
                seats.next_expiry = None;
                return reload(seats, actor);
            }
            return None;
        }
        let labels: Vec<String> = seats.mine().iter().map(|s| s.seat.label()).collect();
        seats.order = None;
        seats.expires_at = None;
        self.message = Some(if labels.is_empty() {
            "The hold expired.".to_string()
        } else {
            format!(
                "The hold expired: {} went back on sale. Pick again.",
                labels.join(", ")
            )
        });
        if matches!(self.screen, Screen::Checkout) {
            self.checkout = None;
            self.screen = Screen::Seats;
        }
        let seats = self.seats.as_mut()?;
        reload(seats, actor)
    }
}

/// "4:05", "0:42".
pub fn format_left(left: Duration) -> String {
    let secs = left.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}
