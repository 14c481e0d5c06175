//! What moves without a key: ticks (clock, countdowns, the retries of a lost database),
//! and the answers of the work started, which also tell whether the database is
//! reachable. Each answer goes to the screen that takes it, nearest the front first.

use chrono::{DateTime, Utc};

use crate::identity::permissions::{Permission, allows};
use crate::tui::event::{Command, Done};
use crate::tui::session;

use super::App;

/// Ticks between two attempts to reach a database that went away (at 100 ms a tick).
const PING_EVERY: u64 = 20;
/// How often a quiet session checks that the database still answers.
const HEALTH_EVERY: chrono::Duration = chrono::Duration::seconds(3);

impl App {
    pub(super) fn tick(&mut self, now: DateTime<Utc>) -> Option<Command> {
        self.ctx.now = now;
        self.ctx.ticks = self.ctx.ticks.wrapping_add(1);
        if self.offline.is_some() && self.ctx.ticks >= self.next_ping {
            self.next_ping = self.ctx.ticks + PING_EVERY;
            return Some(Command::run(session::Work::Ping));
        }
        let command = self.stack.front_mut().on_tick(&mut self.ctx);
        let command = self.follow(command);
        // An idle screen asks nothing of the database, so it would not notice an outage
        // until the next key: a health check every few seconds raises the banner anyway.
        // Work a screen asks for reaches the database too, and counts as one.
        if command.is_some() {
            self.last_health = Some(now);
            return command;
        }
        if self.offline.is_none()
            && self.ctx.session.is_some()
            && now - self.last_health.unwrap_or(now) >= HEALTH_EVERY
        {
            self.last_health = Some(now);
            return Some(Command::run(self.health_check()));
        }
        if self.last_health.is_none() {
            self.last_health = Some(now);
        }
        None
    }

    /// A staff member's check also reads whether their shift is open, for the status
    /// bar (a shift opened or closed on another terminal shows within seconds).
    fn health_check(&self) -> session::Work {
        match &self.ctx.session {
            Some(user) if allows(user.role, Permission::Sell) => session::Work::Shift {
                actor: user.clone(),
            },
            _ => session::Work::Ping,
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
        match done.database() {
            Some(Err(problem)) if problem.database => {
                if self.offline.is_none() {
                    self.next_ping = self.ctx.ticks + PING_EVERY;
                }
                self.offline = Some(problem.text.clone());
            }
            // It answered, if only to refuse.
            Some(_) if self.offline.is_some() => {
                self.offline = None;
                // What failed while it was gone ("the seats could not be read: ...") is
                // no longer true; the screen re-reads below.
                self.ctx.message = None;
                self.ctx.info = Some("The database is back.".into());
                // The screen re-reads what it shows.
                resync = self.refresh_front();
            }
            _ => {}
        }
        let next = self.route(done);
        next.or(resync)
    }

    fn route(&mut self, done: Done) -> Option<Command> {
        match done {
            Done::Session(done) => self.session_done(done),
            Done::Failed(e) => {
                self.ctx.message = Some(e);
                for screen in self.stack.iter_mut() {
                    screen.on_failure(&mut self.ctx);
                }
                self.follow(None)
            }
            done => {
                if !self.stack.iter().any(|s| s.takes(&done)) {
                    return self.route_to_parked(done);
                }
                let command = self
                    .stack
                    .iter_mut()
                    .find(|s| s.takes(&done))
                    .and_then(|screen| screen.on_done(done, &mut self.ctx));
                self.follow(command)
            }
        }
    }

    fn session_done(&mut self, done: session::Done) -> Option<Command> {
        match done {
            session::Done::Ping(_) => None,
            session::Done::Shift(seen) => {
                if let Ok(open) = seen {
                    self.ctx.shift_open = Some(open);
                }
                None
            }
            session::Done::Cancelled(result) => {
                if self.quitting {
                    return Some(Command::Quit);
                }
                if let Err(e) = result {
                    self.ctx.message = Some(format!("The seats could not be given back: {e}"));
                }
                // The list shows the seats given back.
                if self.stack.at_first() {
                    self.refresh_front()
                } else {
                    None
                }
            }
        }
    }
}

impl App {
    /// An answer for a tab that is not in front: it goes there all the same (its
    /// screen was waiting for it), the tab staying where it is.
    fn route_to_parked(&mut self, done: Done) -> Option<Command> {
        let tab = self
            .tabs
            .parked_mut()
            .find(|(_, stack)| stack.iter().any(|s| s.takes(&done)))
            .map(|(tab, _)| tab);
        let Some(tab) = tab else {
            return done.orphaned(&mut self.ctx);
        };
        // The tab comes to the front for the answer only, so its screens move as they
        // would in front; what it asks the app to do next runs all the same.
        self.tabs.swap_parked(tab, &mut self.stack);
        let command = self
            .stack
            .iter_mut()
            .find(|s| s.takes(&done))
            .and_then(|screen| screen.on_done(done, &mut self.ctx));
        let command = self.follow(command);
        self.tabs.swap_parked(tab, &mut self.stack);
        command
    }
}
