//! What reaches the grid without a key: the answers of its work and of checkout's, the
//! countdown running out, and (in `mod.rs`) the seat feed.

use chrono::Duration;

use crate::booking::model::TicketType;
use crate::booking::service::{OrderView, SeatMap};
use crate::payment::service::Receipt;
use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Answer as Reply, Command};
use crate::tui::screens::checkout::{self, Pay};
use crate::tui::screens::receipt::ReceiptScreen;
use crate::tui::widgets::seat_grid::SeatLook;

use super::{Done, SeatsScreen, reload};

impl SeatsScreen {
    pub(super) fn seats_done(&mut self, done: Done, ctx: &mut Ctx) -> Option<Command> {
        match done {
            Done::SeatMap { result, .. } => self.seat_map_done(result, ctx),
            Done::Held { result, .. } => self.held_done(result, ctx),
            Done::Released { result, .. } => self.released_done(result, ctx),
            Done::Extended(result) => {
                match result {
                    Ok(view) => {
                        let added = self
                            .seats
                            .expires_at
                            .map(|before| view.order.expires_at - before);
                        self.seats.expires_at = Some(view.order.expires_at);
                        let until = ctx.context.venue.to_local(view.order.expires_at);
                        ctx.info = Some(match added {
                            Some(d) if d > chrono::Duration::zero() => format!(
                                "The hold was extended by {} min, until {}.",
                                d.num_minutes(),
                                until.format("%H:%M")
                            ),
                            _ => format!("The hold was extended until {}.", until.format("%H:%M")),
                        });
                    }
                    Err(e) => ctx.message = Some(e.text),
                }
                None
            }
        }
    }

    pub(super) fn checkout_done(&mut self, done: checkout::Done, ctx: &mut Ctx) -> Option<Command> {
        match done {
            checkout::Done::Quote { types, result } => {
                self.checkout.as_mut()?.quote_done(types, result, ctx);
                None
            }
            checkout::Done::Sold(result) => self.sold_done(result, ctx),
            checkout::Done::NeedsShift => {
                self.checkout.as_mut()?.needs_shift(ctx);
                None
            }
            checkout::Done::Attempt(report) => {
                self.checkout.as_mut()?.attempt(report);
                None
            }
        }
    }

    fn seat_map_done(&mut self, result: Reply<SeatMap>, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let seats = &mut self.seats;
        seats.loading = false;
        match result {
            Ok(map) => seats.loaded(map, ctx.now),
            Err(e) => ctx.message = Some(format!("The seats could not be read: {e}")),
        }
        if seats.reload {
            seats.reload = false;
            return reload(seats, actor);
        }
        None
    }

    fn held_done(&mut self, result: Reply<OrderView>, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let seats = &mut self.seats;
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
                    && checkout.showtime.id == seats.showtime.id
                {
                    checkout.order = Some(view.order.id);
                    checkout.labels = view.seats.iter().map(|s| s.label.clone()).collect();
                    checkout
                        .types
                        .resize(checkout.labels.len(), TicketType::Adult);
                }
            }
            Err(e) => {
                // What was shown at once is taken back by the map read below.
                ctx.message = Some(e.text);
                seats.queue.clear();
                if seats.order.is_none() {
                    // Typed ahead into checkout, but nothing could be held.
                    self.checkout = None;
                }
            }
        }
        let next = self.next_op(ctx);
        if next.is_some() {
            return next;
        }
        if let Some(cmd) = self.checkout.as_mut().and_then(|c| c.after_hold(ctx)) {
            return Some(cmd);
        }
        reload(&mut self.seats, actor)
    }

    fn released_done(&mut self, result: Reply<()>, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        self.seats.in_flight = false;
        if let Err(e) = result {
            ctx.message = Some(format!("The seat could not be given back: {e}"));
            self.seats.queue.clear();
        }
        let next = self.next_op(ctx);
        if next.is_some() {
            return next;
        }
        reload(&mut self.seats, actor)
    }

    fn sold_done(&mut self, result: Reply<Receipt>, ctx: &mut Ctx) -> Option<Command> {
        match result {
            Ok(receipt) => {
                ctx.go(Nav::Replace(Box::new(ReceiptScreen::new(receipt, ctx))));
                None
            }
            Err(e) => {
                ctx.message = Some(format!("Not sold: {e}"));
                let actor = ctx.actor()?;
                if let Some(checkout) = &mut self.checkout {
                    checkout.pay = Pay::Choosing;
                }
                // The holds may be gone (expired, taken): the grid must show what is true.
                reload(&mut self.seats, actor)
            }
        }
    }

    /// Once a second or so: a hold that ran out is gone, and the screen says so.
    pub(super) fn check_expiry(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let now = ctx.now;
        let seats = &mut self.seats;
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
        ctx.message = Some(if labels.is_empty() {
            "The hold expired.".to_string()
        } else {
            format!(
                "The hold expired: {} went back on sale. Pick again.",
                labels.join(", ")
            )
        });
        self.checkout = None;
        reload(&mut self.seats, actor)
    }
}
