//! What the TUI's loop reacts to (`Event`), and what it does in return (`Command`): run a
//! screen's work, whose answer comes back as `Event::Done`, or stop.

use std::fmt;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use tokio::sync::mpsc;

use crate::events::SeatEvent;
use crate::payment::model::AttemptReport;
use crate::vocab::{DomainError, ErrorKind};

pub use super::screens::{Done, Work};

/// Everything the loop reacts to. Input (keys, mouse, resize) comes from whoever owns the
/// terminal, through the channel of `channel()`; ticks, the seat feed and finished work
/// are the loop's own.
// Not `Debug`: a finished demo seed carries the staff passwords, which must never reach a
// log line. Large variants are fine: one event is moved a few times, never stored.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// Text pasted in one go (a terminal's bracketed paste).
    Paste(String),
    Resize(u16, u16),
    /// The input source is gone (terminal closed, SSH channel closed): time to stop.
    InputClosed,
    /// A few times a second: the clock, countdowns and spinners move.
    Tick(DateTime<Utc>),
    /// Seats changed somewhere (this process or another terminal).
    Feed(SeatEvent),
    /// A card payment under way called the bank: what came back.
    Attempt(AttemptReport),
    Done(Done),
}

/// The capacity of the input channel: a burst of pasted keys fits.
const INPUT_BUFFER: usize = 256;

/// The channel a front end feeds the loop's input through.
pub fn channel() -> (mpsc::Sender<Event>, mpsc::Receiver<Event>) {
    mpsc::channel(INPUT_BUFFER)
}

/// Why a piece of work failed, as the screen shows it. `database` marks failures no
/// business rule explains (connection lost, disk full): they raise the banner and the
/// retries, where a refused seat is only a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub text: String,
    pub database: bool,
}

impl Problem {
    /// A failure of `work`, logged here and shown on screen.
    pub fn logged<E: DomainError>(work: &'static str, e: E) -> Problem {
        tracing::warn!("TUI: {work} failed: {e}");
        Problem::of(&e)
    }

    pub fn of<E: DomainError>(e: &E) -> Problem {
        Problem {
            text: e.to_string(),
            database: e.kind() == ErrorKind::Internal,
        }
    }

    /// A refusal or bad input: a message, no banner.
    pub fn refused(text: impl Into<String>) -> Problem {
        Problem {
            text: text.into(),
            database: false,
        }
    }

    pub fn database(text: impl Into<String>) -> Problem {
        Problem {
            text: text.into(),
            database: true,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

pub type Answer<T> = Result<T, Problem>;

/// The follow-up of an update: work to start, or the end of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(Work),
    Quit,
}

impl Command {
    /// Runs a screen's work.
    pub fn run(work: impl Into<Work>) -> Command {
        Command::Run(work.into())
    }
}
