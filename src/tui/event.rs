//! What the TUI's loop reacts to (`Event`), and the work it asks for in return
//! (`Command`), whose result comes back as `Event::Done`.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use tokio::sync::mpsc;

use crate::demo::DemoSummary;
use crate::screening::model::Showtime;

/// Everything the loop reacts to. Input (keys, mouse, resize) comes from whoever owns the
/// terminal, through the channel of `channel()`; ticks and finished work are the loop's own.
// Not `Debug`: a finished demo seed carries the staff passwords, which must never reach a
// log line.
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The input source is gone (terminal closed, SSH channel closed): time to stop.
    InputClosed,
    /// A few times a second: the clock and spinners move.
    Tick(DateTime<Utc>),
    Done(Done),
}

/// The capacity of the input channel: a burst of pasted keys fits.
const INPUT_BUFFER: usize = 256;

/// The channel a front end feeds the loop's input through.
pub fn channel() -> (mpsc::Sender<Event>, mpsc::Receiver<Event>) {
    mpsc::channel(INPUT_BUFFER)
}

/// The result of work done off the loop, so drawing never waits on the database. Errors
/// arrive as the text to show: the screen has nothing else to do with them.
pub enum Done {
    Today(Result<NaiveDate, String>),
    Showtimes {
        day: NaiveDate,
        result: Result<Vec<Showtime>, String>,
    },
    Demo(Result<DemoSummary, String>),
    /// The work failed without an answer of its own (a bug: the task panicked).
    Failed(String),
}

/// The follow-up of an update: work to start, or the end of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Run(Work),
    Quit,
}

/// Work that runs as a task while the screen stays live; it ends as a `Done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    LoadToday,
    LoadShowtimes(NaiveDate),
    SeedDemo,
}
