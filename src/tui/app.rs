//! The TUI's state and how it changes, Elm style: `read` turns an event into a `Msg`
//! (keys through the keymap), `update` applies it and returns the follow-up work, if any.
//! Nothing here awaits, draws or reads a clock: time arrives with the ticks.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::core::venue_time::VenueTime;
use crate::demo::DemoSummary;

use super::event::{Command, Done, Event, Work};
use super::keymap::{Action, Keymap, Scope};
use super::screens::showtimes::ShowtimesState;

/// What the header and status bar say about where we are; fixed for a session.
#[derive(Debug, Clone)]
pub struct Context {
    pub venue_name: String,
    pub currency: String,
    /// "SQLite" or "PostgreSQL".
    pub backend: String,
    pub venue: VenueTime,
}

pub enum Screen {
    /// The database is empty: load a demo cinema?
    DemoOffer,
    /// The demo cinema is being created.
    Seeding,
    /// The demo's staff passwords, shown this once; dropped when the user moves on.
    Accounts(DemoSummary),
    Showtimes,
}

impl Screen {
    /// Which keys apply on this screen.
    pub fn scope(&self) -> Scope {
        match self {
            Screen::Showtimes => Scope::List,
            Screen::DemoOffer | Screen::Seeding | Screen::Accounts(_) => Scope::Dialog,
        }
    }
}

/// One change to the state.
pub enum Msg {
    Action(Action),
    /// A character typed into the field being edited.
    Type(char),
    /// Backspace in the field being edited.
    Erase,
    Tick(DateTime<Utc>),
    Done(Done),
    InputClosed,
}

pub struct App {
    pub context: Context,
    pub keymap: Keymap,
    pub screen: Screen,
    pub showtimes: ShowtimesState,
    pub help: bool,
    /// A problem to show on the message line (never a crash).
    pub message: Option<String>,
    /// The wall clock as of the last tick: the status bar and "what is next" read this.
    pub now: DateTime<Utc>,
    /// Ticks so far, for spinners.
    pub ticks: u64,
}

impl App {
    /// The state at start, and the first work to do.
    pub fn new(
        context: Context,
        keymap: Keymap,
        offer_demo: bool,
        now: DateTime<Utc>,
    ) -> (App, Option<Command>) {
        let mut app = App {
            context,
            keymap,
            screen: Screen::DemoOffer,
            showtimes: ShowtimesState::default(),
            help: false,
            message: None,
            now,
            ticks: 0,
        };
        let first = if offer_demo {
            None
        } else {
            app.open_showtimes()
        };
        (app, first)
    }

    /// `read` then `update`: what the loop calls for every event.
    pub fn handle(&mut self, event: Event) -> Option<Command> {
        let msg = self.read(event)?;
        self.update(msg)
    }

    /// What an event means here and now. While a text field has focus, printable
    /// characters are text; every other key goes through the keymap.
    pub fn read(&self, event: Event) -> Option<Msg> {
        match event {
            Event::Key(key) => {
                if self.help {
                    // Any key closes the help (Ctrl-C still quits).
                    return match self.keymap.action(&key, self.screen.scope()) {
                        Some(Action::Interrupt) => Some(Msg::Action(Action::Interrupt)),
                        _ => Some(Msg::Action(Action::Back)),
                    };
                }
                if self.showtimes.editing_filter && matches!(self.screen, Screen::Showtimes) {
                    let plain = !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                    match key.code {
                        KeyCode::Char(c) if plain => return Some(Msg::Type(c)),
                        KeyCode::Backspace => return Some(Msg::Erase),
                        // The field's own keys, whatever the keymap says elsewhere.
                        KeyCode::Enter => return Some(Msg::Action(Action::Confirm)),
                        KeyCode::Esc => return Some(Msg::Action(Action::Back)),
                        _ => {}
                    }
                }
                self.keymap
                    .action(&key, self.screen.scope())
                    .map(Msg::Action)
            }
            Event::Tick(now) => Some(Msg::Tick(now)),
            Event::Done(done) => Some(Msg::Done(done)),
            Event::InputClosed => Some(Msg::InputClosed),
            // The loop resizes the terminal; the next draw lays out again.
            Event::Resize(..) | Event::Mouse(_) => None,
        }
    }

    pub fn update(&mut self, msg: Msg) -> Option<Command> {
        match msg {
            Msg::Action(action) => self.action(action),
            Msg::Type(c) => {
                self.showtimes.type_char(c);
                None
            }
            Msg::Erase => {
                self.showtimes.erase();
                None
            }
            Msg::Tick(now) => {
                self.now = now;
                self.ticks = self.ticks.wrapping_add(1);
                None
            }
            Msg::Done(done) => self.done(done),
            Msg::InputClosed => Some(Command::Quit),
        }
    }

    fn action(&mut self, action: Action) -> Option<Command> {
        if action == Action::Interrupt {
            return Some(Command::Quit);
        }
        if self.help {
            self.help = false;
            return None;
        }
        match (&self.screen, action) {
            (_, Action::Help) => {
                self.help = true;
                None
            }
            // The passwords are on screen once: only Enter (or Ctrl-C) leaves them. While
            // seeding, quitting would leave half a demo cinema behind.
            (Screen::Accounts(_) | Screen::Seeding, Action::Quit) => None,
            (_, Action::Quit) => Some(Command::Quit),
            (Screen::DemoOffer, Action::Yes) => {
                self.screen = Screen::Seeding;
                Some(Command::Run(Work::SeedDemo))
            }
            (Screen::DemoOffer, Action::No | Action::Back) => {
                self.showtimes.database_empty = true;
                self.open_showtimes()
            }
            (Screen::Accounts(_), Action::Confirm) => self.open_showtimes(),
            (Screen::Showtimes, action) => self.showtimes.action(action),
            _ => None,
        }
    }

    fn open_showtimes(&mut self) -> Option<Command> {
        self.screen = Screen::Showtimes;
        self.showtimes.action(Action::Today)
    }

    fn done(&mut self, done: Done) -> Option<Command> {
        match done {
            Done::Demo(Ok(summary)) => {
                self.screen = Screen::Accounts(summary);
                None
            }
            Done::Demo(Err(e)) => {
                self.message = Some(format!("The demo cinema could not be loaded: {e}"));
                self.open_showtimes()
            }
            Done::Today(Ok(day)) => self.showtimes.today_is(day),
            Done::Failed(e) if matches!(self.screen, Screen::Seeding) => {
                self.message = Some(e);
                self.open_showtimes()
            }
            Done::Today(Err(e)) | Done::Failed(e) => {
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
                        self.showtimes.loaded(list, self.now);
                    }
                    Err(e) => {
                        self.showtimes.loading = false;
                        self.message = Some(e);
                    }
                }
                None
            }
        }
    }
}
