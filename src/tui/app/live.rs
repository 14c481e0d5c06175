//! What moves without a key: ticks (clock, countdown, the retries of a lost database),
//! the seat feed (another terminal's holds and sales), and the answers of the work
//! started, which also tell whether the database is reachable.

use chrono::{DateTime, Utc};

use crate::events::SeatEvent;
use crate::tui::event::{Answer, Command, Done, Work};
use crate::tui::keymap::Action;
use crate::vocab::ShowtimeId;

use super::{App, PING_EVERY, Screen, seats};

impl App {
    pub(super) fn tick(&mut self, now: DateTime<Utc>) -> Option<Command> {
        self.now = now;
        self.ticks = self.ticks.wrapping_add(1);
        if self.offline.is_some() && self.ticks >= self.next_ping {
            self.next_ping = self.ticks + PING_EVERY;
            return Some(Command::Run(Work::Ping));
        }
        self.check_expiry()
    }

    pub(super) fn feed(&mut self, event: SeatEvent) -> Option<Command> {
        let actor = self.session.clone()?;
        let (changed, everything) = match event {
            SeatEvent::Changed(id) => (Some(id), false),
            SeatEvent::Resync => (None, true),
        };
        if let Some(seats) = &mut self.seats
            && (everything || changed == Some(seats.showtime.id))
        {
            return seats::reload(seats, actor);
        }
        if matches!(self.screen, Screen::Showtimes) {
            let wanted: Vec<ShowtimeId> = match changed {
                Some(id) if self.showtimes.list.iter().any(|s| s.id == id) => vec![id],
                Some(_) => Vec::new(),
                None => self.showtimes.list.iter().map(|s| s.id).collect(),
            };
            return self.load_availability(wanted);
        }
        None
    }

    /// Reads the availability of these showtimes, one read at a time: a burst of changes
    /// waits for the read under way and goes in the next.
    pub(super) fn load_availability(&mut self, wanted: Vec<ShowtimeId>) -> Option<Command> {
        let actor = self.session.clone()?;
        self.showtimes.availability_wanted.extend(wanted);
        if self.showtimes.availability_loading || self.showtimes.availability_wanted.is_empty() {
            return None;
        }
        let showtimes: Vec<ShowtimeId> = self.showtimes.availability_wanted.drain().collect();
        self.showtimes.availability_loading = true;
        Some(Command::Run(Work::LoadAvailability { actor, showtimes }))
    }

    /// The screen re-reads what it shows: after the database came back.
    fn resync(&mut self) -> Option<Command> {
        match self.screen {
            Screen::Seats | Screen::Checkout => self.feed(SeatEvent::Resync),
            Screen::Showtimes => self.showtimes.action(Action::Reload),
            Screen::Sales => self.sales_action(Action::Reload),
            _ => None,
        }
    }

    pub(super) fn done(&mut self, done: Done) -> Option<Command> {
        if let Done::Failed(_) = done {
            // Which work died is unknown: no spinner should turn for ever.
            self.busy.clear();
        } else if let Some(i) = self.busy.iter().position(|(l, _)| *l == done.label()) {
            self.busy.remove(i);
        }
        let mut resync = None;
        match done.reached_database() {
            Some(true) if self.offline.is_some() => {
                self.offline = None;
                self.info = Some("The database is back.".into());
                resync = self.resync();
            }
            Some(false) => {
                if self.offline.is_none() {
                    self.next_ping = self.ticks + PING_EVERY;
                }
                self.offline = Some(database_reason(&done));
            }
            _ => {}
        }
        let next = self.handle_done(done);
        next.or(resync)
    }

    fn handle_done(&mut self, done: Done) -> Option<Command> {
        match done {
            Done::Demo(Ok(summary)) => {
                self.screen = Screen::Accounts(summary);
                None
            }
            Done::Demo(Err(e)) => {
                self.message = Some(format!("The demo cinema could not be loaded: {e}"));
                self.login.database_empty = true;
                self.screen = Screen::Login;
                None
            }
            Done::Failed(e) if matches!(self.screen, Screen::Seeding) => {
                self.message = Some(e);
                self.screen = Screen::Login;
                None
            }
            Done::Login(result) => self.logged_in(result),
            Done::Today(Ok(day)) => self.showtimes.today_is(day),
            Done::Today(Err(e)) => {
                self.showtimes.loading = false;
                self.message = Some(e.text);
                None
            }
            Done::Failed(e) => {
                self.showtimes.loading = false;
                self.message = Some(e);
                None
            }
            Done::Showtimes { day, result } => {
                // An answer for a day no longer shown is stale: the user has moved on.
                if Some(day) != self.showtimes.day {
                    return None;
                }
                match result {
                    Ok(list) => {
                        self.message = None;
                        let ids = list.iter().map(|s| s.id).collect();
                        self.showtimes.loaded(list, self.now);
                        self.load_availability(ids)
                    }
                    Err(e) => {
                        self.showtimes.loading = false;
                        self.message = Some(e.text);
                        None
                    }
                }
            }
            Done::Availability(result) => {
                self.showtimes.availability_loading = false;
                if let Ok(counts) = result {
                    self.showtimes.availability.extend(counts);
                }
                self.load_availability(Vec::new())
            }
            Done::Ping(_) => None,
            Done::SeatMap { showtime, result } => self.seat_map_done(showtime, result),
            Done::Held { showtime, result } => self.held_done(showtime, result),
            Done::Released { showtime, result } => self.released_done(showtime, result),
            Done::Extended(result) => self.extended_done(result),
            Done::Cancelled(result) => {
                if self.quitting {
                    return Some(Command::Quit);
                }
                if let Err(e) = result {
                    self.message = Some(format!("The seats could not be given back: {e}"));
                }
                // The list shows the seats given back.
                match self.screen {
                    Screen::Showtimes => self.showtimes.action(Action::Reload),
                    _ => None,
                }
            }
            Done::Quote { types, result } => self.quote_done(types, result),
            Done::Sold(result) => self.sold_done(result),
            Done::Printed(result) => {
                match result {
                    Ok(text) => self.info = Some(text),
                    Err(e) => self.message = Some(format!("The receipt was not printed: {e}")),
                }
                None
            }
            Done::Sales(result) => self.sales_done(result),
            Done::Refunded(result) => self.refunded_done(result),
            Done::Order(result) => self.order_done(result),
        }
    }
}

/// The reason a database failure gives, for the banner.
fn database_reason(done: &Done) -> String {
    fn text<T>(r: &Answer<T>) -> Option<String> {
        r.as_ref().err().map(|p| p.text.clone())
    }
    let reason = match done {
        Done::Today(r) => text(r),
        Done::Showtimes { result, .. } => text(result),
        Done::Availability(r) => text(r),
        Done::Demo(r) => text(r),
        Done::Login(r) => text(r),
        Done::SeatMap { result, .. } => text(result),
        Done::Held { result, .. } => text(result),
        Done::Released { result, .. } => text(result),
        Done::Extended(r) => text(r),
        Done::Cancelled(r) => text(r),
        Done::Quote { result, .. } => text(result),
        Done::Sold(r) => text(r),
        Done::Refunded(r) => text(r),
        Done::Sales(r) => text(r),
        Done::Order(r) => text(r),
        Done::Ping(r) => text(r),
        Done::Printed(_) | Done::Failed(_) => None,
    };
    reason.unwrap_or_else(|| "no answer".to_string())
}
