//! Everything the TUI's loop reacts to arrives as one of these, from the terminal (local
//! or SSH), a timer, or a background task that finished.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::demo::DemoSummary;
use crate::screening::model::Showtime;

#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Once a second: the clock moves.
    Tick,
    Loaded(Loaded),
}

/// The result of work done off the loop, so the screen never waits on the database.
#[derive(Debug)]
pub enum Loaded {
    Today(Result<NaiveDate, String>),
    Showtimes {
        day: NaiveDate,
        result: Result<Vec<Showtime>, String>,
    },
    Demo(Result<DemoSummary, String>),
}

/// Work the loop asks for; it runs as a task and comes back as `Event::Loaded`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    LoadToday,
    LoadShowtimes(NaiveDate),
    SeedDemo,
    Quit,
}
