//! What the TUI's loop reacts to (`Event`), and the work it asks for in return
//! (`Command`), whose result comes back as `Event::Done`.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use tokio::sync::mpsc;

use crate::booking::model::{SaleLine, TicketType};
use crate::booking::service::{OrderView, SeatCounts, SeatMap};
use crate::demo::DemoSummary;
use crate::events::SeatEvent;
use crate::identity::User;
use crate::payment::model::AttemptReport;
use crate::payment::service::{Receipt, RefundReceipt};
use crate::screening::model::Showtime;
use crate::vocab::{DomainError, ErrorKind, Money, OrderId, SeatId, ShowtimeId};

/// Everything the loop reacts to. Input (keys, mouse, resize) comes from whoever owns the
/// terminal, through the channel of `channel()`; ticks, the seat feed and finished work
/// are the loop's own.
// Not `Debug`: a finished demo seed carries the staff passwords, which must never reach a
// log line. Large variants are fine: one event is moved a few times, never stored.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
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

/// An order of the history with its showtime, as the list shows them.
#[derive(Debug, Clone)]
pub struct SaleRow {
    pub sale: crate::booking::model::OrderSummary,
    pub showtime: Option<Showtime>,
}

/// The result of work done off the loop, so drawing never waits on the database.
pub enum Done {
    Today(Answer<NaiveDate>),
    Showtimes {
        day: NaiveDate,
        result: Answer<Vec<Showtime>>,
    },
    /// Free, held and sold seats of some showtimes, for the availability bars.
    Availability(Answer<Vec<(ShowtimeId, SeatCounts)>>),
    Demo(Answer<DemoSummary>),
    Login(Answer<User>),
    SeatMap {
        showtime: ShowtimeId,
        result: Answer<SeatMap>,
    },
    /// Seats taken (one by one or best available), with the order now holding them.
    Held {
        showtime: ShowtimeId,
        result: Answer<OrderView>,
    },
    Released {
        showtime: ShowtimeId,
        result: Answer<()>,
    },
    Extended(Answer<OrderView>),
    /// The order was abandoned and its holds given back.
    Cancelled(Answer<()>),
    Quote {
        types: Vec<TicketType>,
        result: Answer<(Vec<SaleLine>, Money)>,
    },
    Sold(Answer<Receipt>),
    Refunded(Answer<RefundReceipt>),
    /// Where the receipt was written (and whether the printer took it).
    Printed(Answer<String>),
    Sales(Answer<Vec<SaleRow>>),
    Order(Answer<OrderView>),
    /// The database answered again (or still does not).
    Ping(Answer<()>),
    /// The work failed without an answer of its own (a bug: the task panicked).
    Failed(String),
}

impl Done {
    /// The work it answers, by the same name `Work::label` gives (for the spinner).
    pub fn label(&self) -> &'static str {
        match self {
            Done::Today(_) => "today",
            Done::Showtimes { .. } => "showtimes",
            Done::Availability(_) => "availability",
            Done::Demo(_) => "demo",
            Done::Login(_) => "login",
            Done::SeatMap { .. } => "seats",
            Done::Held { .. } => "hold",
            Done::Released { .. } => "release",
            Done::Extended(_) => "extend",
            Done::Cancelled(_) => "cancel",
            Done::Quote { .. } => "quote",
            Done::Sold(_) => "sale",
            Done::Refunded(_) => "refund",
            Done::Printed(_) => "print",
            Done::Sales(_) => "sales",
            Done::Order(_) => "order",
            Done::Ping(_) => "ping",
            Done::Failed(_) => "",
        }
    }

    /// Did the database answer? `Some(true)`: it did (even with a refusal);
    /// `Some(false)`: it could not be reached; `None`: no database was asked.
    pub fn reached_database(&self) -> Option<bool> {
        fn of<T>(r: &Answer<T>) -> Option<bool> {
            Some(!matches!(r, Err(p) if p.database))
        }
        match self {
            Done::Today(r) => of(r),
            Done::Showtimes { result, .. } => of(result),
            Done::Availability(r) => of(r),
            Done::Demo(r) => of(r),
            Done::Login(r) => of(r),
            Done::SeatMap { result, .. } => of(result),
            Done::Held { result, .. } => of(result),
            Done::Released { result, .. } => of(result),
            Done::Extended(r) => of(r),
            Done::Cancelled(r) => of(r),
            Done::Quote { result, .. } => of(result),
            Done::Sold(r) => of(r),
            Done::Refunded(r) => of(r),
            Done::Sales(r) => of(r),
            Done::Order(r) => of(r),
            Done::Ping(r) => of(r),
            Done::Printed(_) | Done::Failed(_) => None,
        }
    }
}

/// A password on its way to the login task: never printed, not even in debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How the customer pays, as the cashier entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payment {
    /// `None`: the exact amount.
    Cash { tendered: Option<Money> },
    /// `None`: the card the counter's terminal reads; else a number typed in.
    Card { number: Option<Secret> },
}

/// The follow-up of an update: work to start, or the end of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(Work),
    Quit,
}

/// Work that runs as a task while the screen stays live; it ends as a `Done`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    LoadToday,
    LoadShowtimes(NaiveDate),
    LoadAvailability {
        actor: User,
        showtimes: Vec<ShowtimeId>,
    },
    SeedDemo,
    Login {
        username: String,
        password: Secret,
    },
    /// `quiet`: a refresh nobody waits for (the feed said the seats changed), so no
    /// spinner.
    LoadSeatMap {
        actor: User,
        showtime: ShowtimeId,
        quiet: bool,
    },
    Hold {
        actor: User,
        showtime: ShowtimeId,
        seats: Vec<SeatId>,
        order: Option<OrderId>,
    },
    HoldBest {
        actor: User,
        showtime: ShowtimeId,
        n: usize,
        order: Option<OrderId>,
    },
    Release {
        actor: User,
        showtime: ShowtimeId,
        order: OrderId,
        seats: Vec<SeatId>,
    },
    Extend {
        actor: User,
        order: OrderId,
    },
    Cancel {
        actor: User,
        order: OrderId,
    },
    Quote {
        actor: User,
        order: OrderId,
        types: Vec<TicketType>,
    },
    Pay {
        actor: User,
        order: OrderId,
        types: Vec<TicketType>,
        payment: Payment,
    },
    /// The order's tickets still valid, or only the ticket with this code.
    Refund {
        actor: User,
        order: OrderId,
        ticket: Option<String>,
        reason: String,
    },
    /// Writes the receipt to `path`, then hands it to the printer command, if any.
    Print {
        path: PathBuf,
        text: String,
        printer: Vec<String>,
    },
    LoadSales {
        actor: User,
    },
    LoadOrder {
        actor: User,
        order: OrderId,
    },
    Ping,
}

impl Work {
    /// What the spinner says while it runs; `None` for work nobody waits for.
    pub fn label(&self) -> Option<&'static str> {
        match self {
            Work::LoadToday => Some("today"),
            Work::LoadShowtimes(_) => Some("showtimes"),
            Work::LoadAvailability { .. } | Work::Ping => None,
            Work::SeedDemo => Some("demo"),
            Work::Login { .. } => Some("login"),
            Work::LoadSeatMap { quiet: true, .. } => None,
            Work::LoadSeatMap { .. } => Some("seats"),
            Work::Hold { .. } | Work::HoldBest { .. } => Some("hold"),
            Work::Release { .. } => Some("release"),
            Work::Extend { .. } => Some("extend"),
            Work::Cancel { .. } => Some("cancel"),
            Work::Quote { .. } => Some("quote"),
            Work::Pay { .. } => Some("sale"),
            Work::Refund { .. } => Some("refund"),
            Work::Print { .. } => Some("print"),
            Work::LoadSales { .. } => Some("sales"),
            Work::LoadOrder { .. } => Some("order"),
        }
    }
}

/// What the spinner says for a label.
pub fn busy_text(label: &str) -> &'static str {
    match label {
        "today" | "showtimes" => "loading showtimes",
        "demo" => "creating the demo cinema",
        "login" => "logging in",
        "seats" => "loading seats",
        "hold" => "holding seats",
        "release" => "releasing",
        "extend" => "extending the hold",
        "cancel" => "releasing the seats",
        "quote" => "pricing",
        "sale" => "taking the payment",
        "refund" => "refunding",
        "print" => "printing",
        "sales" => "loading sales",
        "order" => "loading the order",
        _ => "working",
    }
}
