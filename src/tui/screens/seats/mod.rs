//! The seat grid screen: the hall's live seat map, taking and giving back seats one at a
//! time (or the best N together), the hold's countdown, and on to checkout, which it
//! keeps over itself while it sells the hold. State in `state`, its work in `work`, the
//! answers, ticks and feed in `live`, drawing in `view`.

mod live;
mod state;
pub mod view;
mod work;

pub use state::{SeatOp, SeatsState, look};
pub use view::{format_left, grid_area};
pub use work::{Done, Work};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::booking::model::SeatState;
use crate::events::SeatEvent;
use crate::identity::User;
use crate::screening::model::Showtime;
use crate::tui::ctx::{Ask, Ctx, Holding, Nav};
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::tui::widgets::seat_grid::{Geometry, SeatLook};

use super::checkout::{self, CheckoutState, Step};
use super::shift::ShiftScreen;
use super::{OnQuit, Screen, Typing};

/// The grid's keys (digits typed before `b` are the count, not actions).
pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "move up"),
        (Action::Down, "move down"),
        (Action::Left, "move left"),
        (Action::Right, "move right"),
        (Action::Reload, "reload"),
        (Action::Toggle, "take or give back the seat"),
        (Action::Best, "best N together (type N first)"),
        (Action::Extend, "extend the hold, once"),
        (Action::Confirm, "checkout"),
        (Action::Back, "back to the showtimes"),
    ],
};

pub struct SeatsScreen {
    pub seats: SeatsState,
    /// Checkout, while it is open over the grid.
    pub checkout: Option<CheckoutState>,
}

/// Reads the map again, or asks for another read after the one under way.
fn reload(seats: &mut SeatsState, actor: User) -> Option<Command> {
    if seats.loading {
        seats.reload = true;
        return None;
    }
    seats.loading = true;
    Some(Command::run(Work::LoadSeatMap {
        actor,
        showtime: seats.showtime.id,
        quiet: seats.loaded,
    }))
}

impl SeatsScreen {
    /// The grid of `showtime`, and the read of its map.
    pub fn open(showtime: Showtime, actor: User) -> (SeatsScreen, Option<Command>) {
        let mut seats = SeatsState::new(showtime);
        let load = reload(&mut seats, actor);
        let screen = SeatsScreen {
            seats,
            checkout: None,
        };
        (screen, load)
    }

    fn grid_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let seats = &mut self.seats;
        ctx.message = None;
        ctx.info = None;
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
            Action::Toggle => self.toggle_at_cursor(ctx),
            Action::Best => {
                let n = seats.take_count();
                self.queue_op(SeatOp::Best(n), ctx)
            }
            Action::Extend => match seats.order {
                Some(order) => Some(Command::run(Work::Extend { actor, order })),
                None => {
                    ctx.message = Some("Nothing is held yet.".into());
                    None
                }
            },
            Action::Reload => reload(seats, actor),
            Action::Confirm => self.open_checkout(ctx),
            Action::Back => {
                if !seats.count.is_empty() {
                    seats.count.clear();
                } else if seats.holds_anything() {
                    ctx.ask = Some(Ask::LeaveSeats);
                } else {
                    ctx.go(Nav::Pop);
                }
                None
            }
            _ => None,
        }
    }

    fn toggle_at_cursor(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let seats = &mut self.seats;
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
                    ctx.message = Some(format!("{label} is being held; a moment."));
                    return None;
                }
            },
            (_, SeatState::Held { by, until }) => {
                let left = format_left(*until - (ctx.now + seats.skew));
                ctx.message = Some(format!("{label} is held by {by} ({left} left)."));
                return None;
            }
            (_, SeatState::Sold) => {
                ctx.message = Some(format!("{label} is sold."));
                return None;
            }
            (_, SeatState::Broken) => {
                ctx.message = Some(format!("{label} is broken."));
                return None;
            }
            (_, SeatState::Blocked) => {
                ctx.message = Some(format!("{label} is blocked for this showtime."));
                return None;
            }
            _ => {
                ctx.message = Some(format!("{label} is not free."));
                return None;
            }
        };
        self.queue_op(op, ctx)
    }

    /// Shows the change at once and sends it, or queues it behind the one under way.
    fn queue_op(&mut self, op: SeatOp, ctx: &Ctx) -> Option<Command> {
        self.seats.apply_optimistic(op);
        self.seats.queue.push_back(op);
        self.next_op(ctx)
    }

    fn next_op(&mut self, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let seats = &mut self.seats;
        if seats.in_flight {
            return None;
        }
        let op = seats.queue.pop_front()?;
        seats.in_flight = true;
        let showtime = seats.showtime.id;
        let order = seats.order;
        Some(Command::run(match op {
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

    fn open_checkout(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let seats = &self.seats;
        if !seats.holds_anything() {
            ctx.message = Some(format!(
                "Pick seats first: {} takes the seat, or a number then {} the best together.",
                ctx.keymap.first_keys(&[Action::Toggle]),
                ctx.keymap.first_keys(&[Action::Best])
            ));
            return None;
        }
        let labels = seats.mine().iter().map(|s| s.seat.label()).collect();
        let checkout = CheckoutState::new(seats.showtime.clone(), seats.order, labels);
        let quote = checkout.order.map(|order| checkout::Work::Quote {
            actor,
            order,
            types: checkout.types.clone(),
        });
        self.checkout = Some(checkout);
        quote.map(Command::run)
    }
}

impl Screen for SeatsScreen {
    fn name(&self) -> &'static str {
        if self.checkout.is_some() {
            "checkout"
        } else {
            "seats"
        }
    }

    fn scope(&self) -> &'static Scope {
        if self.checkout.is_some() {
            &checkout::SCOPE
        } else {
            &SCOPE
        }
    }

    fn typing(&self) -> Typing {
        match &self.checkout {
            Some(checkout) if checkout.typing() => Typing::Field,
            Some(_) => Typing::Keys,
            None => Typing::Digits,
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let Some(open) = &mut self.checkout else {
            return self.grid_action(action, ctx);
        };
        match open.on_action(action, ctx) {
            Step::Stay(command) => command,
            Step::Close => {
                self.checkout = None;
                None
            }
            Step::Shift => {
                let holding = self.holding()?;
                let (shift, load) = ShiftScreen::over_sale(holding, ctx)?;
                ctx.go(Nav::Push(Box::new(shift)));
                Some(load)
            }
        }
    }

    fn on_char(&mut self, c: char, ctx: &mut Ctx) {
        match &mut self.checkout {
            Some(checkout) => checkout.on_char(c, ctx),
            // A digit: how many seats `b` takes.
            None => {
                if self.seats.count.len() < 2 {
                    self.seats.count.push(c);
                }
            }
        }
    }

    fn on_erase(&mut self, ctx: &mut Ctx) {
        if let Some(checkout) = &mut self.checkout {
            checkout.on_erase(ctx);
        }
    }

    fn on_click(&mut self, x: u16, y: u16, area: Rect, ctx: &mut Ctx) -> Option<Command> {
        if self.checkout.is_some() {
            return None;
        }
        let seats = &mut self.seats;
        let geometry = Geometry::new(&seats.plan, grid_area(ctx, area), seats.cursor);
        let i = geometry.seat_at(&seats.plan, x, y)?;
        seats.cursor = Some(i);
        ctx.message = None;
        self.toggle_at_cursor(ctx)
    }

    fn on_tick(&mut self, ctx: &mut Ctx) -> Option<Command> {
        self.check_expiry(ctx)
    }

    fn on_feed(&mut self, event: SeatEvent, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let ours = match event {
            SeatEvent::Changed(id) => id == self.seats.showtime.id,
            SeatEvent::Resync => true,
        };
        if ours {
            return reload(&mut self.seats, actor);
        }
        None
    }

    fn takes(&self, done: &AnyDone) -> bool {
        let showtime = self.seats.showtime.id;
        match done {
            AnyDone::Seats(
                Done::SeatMap { showtime: of, .. }
                | Done::Held { showtime: of, .. }
                | Done::Released { showtime: of, .. },
            ) => *of == showtime,
            AnyDone::Seats(Done::Extended(_)) | AnyDone::Checkout(_) => true,
            _ => false,
        }
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        match done {
            AnyDone::Seats(done) => self.seats_done(done, ctx),
            AnyDone::Checkout(done) => self.checkout_done(done, ctx),
            _ => None,
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        self.on_feed(SeatEvent::Resync, ctx)
    }

    fn on_quit(&self) -> OnQuit {
        let checkout_order = self.checkout.as_ref().and_then(|c| c.order);
        if self.seats.holds_anything() || checkout_order.is_some() {
            OnQuit::Ask
        } else {
            OnQuit::Quit
        }
    }

    // The order even when nothing shows as held: its holds may be on their way back.
    fn holding(&self) -> Option<Holding> {
        let checkout_order = self.checkout.as_ref().and_then(|c| c.order);
        Some(Holding {
            order: checkout_order.or(self.seats.order),
            seats: self.seats.mine().iter().map(|s| s.seat.label()).collect(),
        })
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        match &self.checkout {
            Some(open) => checkout::render(open, &self.seats, frame, area, ctx),
            None => view::render(&self.seats, frame, area, ctx),
        }
    }
}
