//! The TUI's state and how it changes, Elm style: `read` turns an event into a `Msg`
//! (keys through the keymap), `update` applies it and returns the follow-up work, if any.
//! Nothing here awaits, draws or reads a clock: time arrives with the ticks.
//!
//! One file per screen's updates (`login`, `seats`, `checkout`, `sales`), one for what
//! moves without a key (`live`: ticks, the seat feed, answers, the database's health);
//! this one holds the state, reading events and dispatching actions.

mod checkout;
mod live;
mod login;
mod sales;
mod seats;

pub use seats::format_left;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEventKind};

use crate::demo::DemoSummary;
use crate::events::SeatEvent;
use crate::identity::User;
use crate::vocab::venue_time::VenueTime;

use super::event::{Command, Done, Event, Work};
use super::keymap::{Action, Keymap, Scope};
use super::screens::checkout::CheckoutState;
use super::screens::login::LoginState;
use super::screens::receipt::ReceiptState;
use super::screens::sales::SalesState;
use super::screens::seats::SeatsState;
use super::screens::showtimes::ShowtimesState;
use super::theme::Theme;

/// What the header and status bar say about where we are; fixed for a session.
#[derive(Debug, Clone)]
pub struct Context {
    pub venue_name: String,
    pub currency: String,
    /// "SQLite" or "PostgreSQL".
    pub backend: String,
    pub venue: VenueTime,
}

/// How this terminal is set up (config), fixed for a session.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Receipts are written under `<data_dir>/receipts/`.
    pub data_dir: PathBuf,
    /// A command that prints a receipt file (its path is appended); empty: none.
    pub printer_command: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keymap: Keymap::default(),
            theme: Theme::default(),
            data_dir: std::env::temp_dir(),
            printer_command: Vec::new(),
        }
    }
}

pub enum Screen {
    /// The database is empty: load a demo cinema?
    DemoOffer,
    /// The demo cinema is being created.
    Seeding,
    /// The demo's staff passwords, shown this once; dropped when the user moves on.
    Accounts(DemoSummary),
    Login,
    Showtimes,
    Seats,
    Checkout,
    Receipt,
    Sales,
}

impl Screen {
    /// Which keys apply on this screen.
    pub fn scope(&self) -> &'static Scope {
        use super::screens::{checkout, login, receipt, sales, seats, showtimes};
        match self {
            Screen::Showtimes => &showtimes::SCOPE,
            Screen::Login => &login::SCOPE,
            Screen::Seats => &seats::SCOPE,
            Screen::Checkout => &checkout::SCOPE,
            Screen::Receipt => &receipt::SCOPE,
            Screen::Sales => &sales::SCOPE,
            Screen::DemoOffer | Screen::Seeding | Screen::Accounts(_) => &Scope::DIALOG,
        }
    }
}

/// A yes/no question over the screen, before something that cannot be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Leave the seat grid, giving back the seats held.
    LeaveSeats,
    /// Quit, giving back the seats held.
    QuitWithHolds,
    /// Abandon the checkout: the seats go back.
    CancelSale,
}

/// One change to the state. Like `Event`, moved once and never stored.
#[allow(clippy::large_enum_variant)]
pub enum Msg {
    Action(Action),
    /// A character typed into the field being edited.
    Type(char),
    /// Backspace in the field being edited.
    Erase,
    /// A digit typed on the seat grid: how many seats `b` takes.
    Digit(char),
    Click {
        x: u16,
        y: u16,
    },
    Tick(DateTime<Utc>),
    Feed(SeatEvent),
    Attempt(crate::payment::model::AttemptReport),
    Done(Done),
    InputClosed,
}

/// Ticks between two attempts to reach a database that went away (at 100 ms a tick).
pub(super) const PING_EVERY: u64 = 20;
/// Work running longer than this many ticks shows a spinner.
pub const SPINNER_AFTER_TICKS: u64 = 2;

pub struct App {
    pub context: Context,
    pub settings: Settings,
    pub keymap: Keymap,
    pub theme: Theme,
    pub screen: Screen,
    /// Who is logged in.
    pub session: Option<User>,
    pub login: LoginState,
    pub showtimes: ShowtimesState,
    pub seats: Option<SeatsState>,
    pub checkout: Option<CheckoutState>,
    pub receipt: Option<ReceiptState>,
    pub sales: SalesState,
    pub help: bool,
    pub ask: Option<Ask>,
    /// A problem to show on the message line (never a crash).
    pub message: Option<String>,
    /// Good news for the message line (a receipt written, a hold extended).
    pub info: Option<String>,
    /// The database could not be reached: why. The banner shows while this is set.
    pub offline: Option<String>,
    next_ping: u64,
    /// Work under way that someone waits for, with the tick it started on.
    pub busy: Vec<(&'static str, u64)>,
    /// Quitting once the holds are given back.
    quitting: bool,
    /// The wall clock as of the last tick: the status bar and countdowns read this.
    pub now: DateTime<Utc>,
    /// Ticks so far, for spinners.
    pub ticks: u64,
}

impl App {
    /// The state at start, and the first work to do.
    pub fn new(
        context: Context,
        settings: Settings,
        offer_demo: bool,
        now: DateTime<Utc>,
    ) -> (App, Option<Command>) {
        let app = App {
            context,
            keymap: settings.keymap.clone(),
            theme: settings.theme.clone(),
            settings,
            screen: if offer_demo {
                Screen::DemoOffer
            } else {
                Screen::Login
            },
            session: None,
            login: LoginState::default(),
            showtimes: ShowtimesState::default(),
            seats: None,
            checkout: None,
            receipt: None,
            sales: SalesState::default(),
            help: false,
            ask: None,
            message: None,
            info: None,
            offline: None,
            next_ping: 0,
            busy: Vec::new(),
            quitting: false,
            now,
            ticks: 0,
        };
        (app, None)
    }

    /// The keys that apply now: a question's, or the screen's.
    pub fn scope(&self) -> &'static Scope {
        if self.ask.is_some() {
            &Scope::DIALOG
        } else {
            self.screen.scope()
        }
    }

    /// `read` then `update`: what the loop calls for every event.
    pub fn handle(&mut self, event: Event) -> Option<Command> {
        let msg = self.read(event)?;
        let command = self.update(msg);
        if let Some(Command::Run(work)) = &command
            && let Some(label) = work.label()
        {
            self.busy.push((label, self.ticks));
        }
        command
    }

    /// What is under way for longer than a moment, for the spinner.
    pub fn busy_label(&self) -> Option<&'static str> {
        self.busy
            .iter()
            .find(|(_, since)| self.ticks.saturating_sub(*since) >= SPINNER_AFTER_TICKS)
            .map(|(label, _)| *label)
    }

    /// A text field has the keys: the login form, the filter, the cash tendered.
    fn editing(&self) -> bool {
        if self.ask.is_some() || self.help {
            return false;
        }
        match self.screen {
            Screen::Login => true,
            Screen::Showtimes => self.showtimes.editing_filter,
            Screen::Checkout => self.checkout.as_ref().is_some_and(|c| {
                matches!(
                    c.pay,
                    super::screens::checkout::Pay::Cash { .. }
                        | super::screens::checkout::Pay::Card { .. }
                )
            }),
            Screen::Sales => self.sales.refund.is_some(),
            _ => false,
        }
    }

    /// What an event means here and now. While a text field has focus, printable
    /// characters are text; every other key goes through the keymap.
    pub fn read(&self, event: Event) -> Option<Msg> {
        match event {
            Event::Key(key) => {
                let scope = self.scope();
                if self.help {
                    // Any key closes the help (Ctrl-C still quits).
                    return match self.keymap.action(&key, scope) {
                        Some(Action::Interrupt) => Some(Msg::Action(Action::Interrupt)),
                        _ => Some(Msg::Action(Action::Back)),
                    };
                }
                let plain = !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                if self.editing() {
                    match key.code {
                        KeyCode::Char(c) if plain => return Some(Msg::Type(c)),
                        KeyCode::Backspace => return Some(Msg::Erase),
                        // The field's own keys, whatever the keymap says elsewhere.
                        KeyCode::Enter => return Some(Msg::Action(Action::Confirm)),
                        KeyCode::Esc => return Some(Msg::Action(Action::Back)),
                        _ => {}
                    }
                }
                let action = self.keymap.action(&key, scope);
                if action.is_none()
                    && self.ask.is_none()
                    && matches!(self.screen, Screen::Seats)
                    && let KeyCode::Char(c @ '0'..='9') = key.code
                    && plain
                {
                    return Some(Msg::Digit(c));
                }
                action.map(Msg::Action)
            }
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                    x: mouse.column,
                    y: mouse.row,
                }),
                _ => None,
            },
            Event::Tick(now) => Some(Msg::Tick(now)),
            Event::Feed(e) => Some(Msg::Feed(e)),
            Event::Attempt(report) => Some(Msg::Attempt(report)),
            Event::Done(done) => Some(Msg::Done(done)),
            Event::InputClosed => Some(Msg::InputClosed),
            // The loop resizes the terminal; the next draw lays out again.
            Event::Resize(..) => None,
        }
    }

    pub fn update(&mut self, msg: Msg) -> Option<Command> {
        match msg {
            Msg::Action(action) => self.action(action),
            Msg::Type(c) => {
                self.type_char(c);
                None
            }
            Msg::Erase => {
                self.erase();
                None
            }
            Msg::Digit(c) => {
                if let Some(seats) = &mut self.seats
                    && seats.count.len() < 2
                {
                    seats.count.push(c);
                }
                None
            }
            Msg::Click { x, y } => self.click(x, y),
            Msg::Tick(now) => self.tick(now),
            Msg::Feed(event) => self.feed(event),
            Msg::Attempt(report) => self.attempt(report),
            Msg::Done(done) => self.done(done),
            Msg::InputClosed => Some(Command::Quit),
        }
    }

    fn type_char(&mut self, c: char) {
        match self.screen {
            Screen::Login => self.login.type_char(c),
            Screen::Showtimes => self.showtimes.type_char(c),
            Screen::Checkout => self.checkout_type(c),
            Screen::Sales => self.sales_type(c),
            _ => {}
        }
    }

    fn erase(&mut self) {
        match self.screen {
            Screen::Login => self.login.erase(),
            Screen::Showtimes => self.showtimes.erase(),
            Screen::Checkout => self.checkout_erase(),
            Screen::Sales => self.sales_erase(),
            _ => {}
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
        if let Some(ask) = self.ask {
            return self.answer(ask, action);
        }
        match (&self.screen, action) {
            (Screen::Login, _) => self.login_action(action),
            (_, Action::Help) => {
                self.help = true;
                None
            }
            // The passwords are on screen once: only Enter (or Ctrl-C) leaves them. While
            // seeding, quitting would leave half a demo cinema behind.
            (Screen::Accounts(_) | Screen::Seeding, Action::Quit) => None,
            (Screen::Seats | Screen::Checkout, Action::Quit) if self.holds_anything() => {
                self.ask = Some(Ask::QuitWithHolds);
                None
            }
            (_, Action::Quit) => Some(Command::Quit),
            (Screen::DemoOffer, Action::Yes) => {
                self.screen = Screen::Seeding;
                Some(Command::Run(Work::SeedDemo))
            }
            (Screen::DemoOffer, Action::No | Action::Back) => {
                self.login.database_empty = true;
                self.screen = Screen::Login;
                None
            }
            (Screen::Accounts(_), Action::Confirm) => {
                self.screen = Screen::Login;
                None
            }
            (Screen::Showtimes, action) => self.showtimes_action(action),
            (Screen::Seats, action) => self.seats_action(action),
            (Screen::Checkout, action) => self.checkout_action(action),
            (Screen::Receipt, action) => self.receipt_action(action),
            (Screen::Sales, action) => self.sales_action(action),
            _ => None,
        }
    }

    fn answer(&mut self, ask: Ask, action: Action) -> Option<Command> {
        match action {
            Action::Yes => {
                self.ask = None;
                let order = self.current_order();
                match ask {
                    Ask::QuitWithHolds => {
                        self.quitting = true;
                        match self.cancel_work(order) {
                            Some(work) => Some(Command::Run(work)),
                            None => Some(Command::Quit),
                        }
                    }
                    Ask::LeaveSeats | Ask::CancelSale => {
                        let work = self.cancel_work(order);
                        self.open_showtimes_again();
                        work.map(Command::Run)
                    }
                }
            }
            Action::No | Action::Back => {
                self.ask = None;
                None
            }
            Action::Help => {
                self.help = true;
                None
            }
            _ => None,
        }
    }

    fn cancel_work(&self, order: Option<crate::vocab::OrderId>) -> Option<Work> {
        Some(Work::Cancel {
            actor: self.session.clone()?,
            order: order?,
        })
    }

    fn current_order(&self) -> Option<crate::vocab::OrderId> {
        self.checkout
            .as_ref()
            .and_then(|c| c.order)
            .or_else(|| self.seats.as_ref().and_then(|s| s.order))
    }

    fn holds_anything(&self) -> bool {
        self.seats.as_ref().is_some_and(SeatsState::holds_anything)
            || self.checkout.as_ref().is_some_and(|c| c.order.is_some())
    }

    fn showtimes_action(&mut self, action: Action) -> Option<Command> {
        match action {
            Action::Confirm if !self.showtimes.editing_filter => {
                let showtime = self.showtimes.selected_showtime()?.clone();
                self.open_seats(showtime)
            }
            Action::MySales => self.open_sales(),
            _ => self.showtimes.action(action),
        }
    }

    fn receipt_action(&mut self, action: Action) -> Option<Command> {
        match action {
            Action::Print => {
                let receipt = self.receipt.as_ref()?;
                let path = self
                    .settings
                    .data_dir
                    .join("receipts")
                    .join(format!("receipt-{}.txt", receipt.receipt.order));
                Some(Command::Run(Work::Print {
                    path,
                    text: receipt.text.clone(),
                    printer: self.settings.printer_command.clone(),
                }))
            }
            Action::Confirm | Action::Back => {
                self.receipt = None;
                self.open_showtimes_again()
            }
            _ => None,
        }
    }

    /// Logged in: the day's showtimes, today first.
    fn open_showtimes(&mut self) -> Option<Command> {
        self.screen = Screen::Showtimes;
        self.showtimes.action(Action::Today)
    }

    /// Back to the list after a sale or a cancelled one: the same day, re-read.
    fn open_showtimes_again(&mut self) -> Option<Command> {
        self.seats = None;
        self.checkout = None;
        self.screen = Screen::Showtimes;
        self.showtimes.action(Action::Reload)
    }

    fn click(&mut self, x: u16, y: u16) -> Option<Command> {
        if self.help || self.ask.is_some() {
            return None;
        }
        match self.screen {
            Screen::Seats => self.seats_click(x, y),
            Screen::Showtimes => {
                let area = self.showtimes.rows_area.get();
                if !area.contains(ratatui::layout::Position::new(x, y)) {
                    return None;
                }
                let row = usize::from(y - area.y) + self.showtimes.first_shown.get();
                if row >= self.showtimes.visible().len() {
                    return None;
                }
                // A click chooses; a click on the chosen one opens it.
                if row == self.showtimes.selected {
                    self.showtimes_action(Action::Confirm)
                } else {
                    self.showtimes.selected = row;
                    None
                }
            }
            _ => None,
        }
    }
}
