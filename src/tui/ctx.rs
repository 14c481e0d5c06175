//! What every screen may read, and the few shared things it may change: passed to each
//! of its calls, so screens never reach into the app that holds them.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::identity::User;
use crate::vocab::OrderId;
use crate::vocab::venue_time::VenueTime;

use super::keymap::Keymap;
use super::screens::Screen;
use super::theme::Theme;

/// What the header and status bar say about where we are; fixed for a session.
#[derive(Debug, Clone)]
pub struct Context {
    pub venue_name: String,
    pub currency: String,
    /// "SQLite" or "PostgreSQL".
    pub backend: String,
    pub venue: VenueTime,
    /// Film ratings for which checkout asks before selling a child ticket.
    pub child_confirm_ratings: Vec<String>,
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

/// A yes/no question over the screen, before something that cannot be undone. The app
/// asks it and acts on the answer; a screen only raises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Leave the seat grid, giving back the seats held.
    LeaveSeats,
    /// Quit, giving back the seats held.
    QuitWithHolds,
    /// Abandon the checkout: the seats go back.
    CancelSale,
}

/// Seats a screen holds, which leaving it or quitting gives back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holding {
    /// `None` while the first hold is still on its way.
    pub order: Option<OrderId>,
    /// Their labels, for the question that asks first.
    pub seats: Vec<String>,
}

/// Where to go next, as a screen asks it; the app does it once the screen's call returns.
pub enum Nav {
    /// Open a screen over this one.
    Push(Box<dyn Screen>),
    /// Put another screen in this one's place.
    Replace(Box<dyn Screen>),
    /// Close this screen; the one below comes back and re-reads what it shows.
    Pop,
    /// Close every screen and start over with this one (after the login, for one).
    Reset(Box<dyn Screen>),
}

pub struct Ctx {
    pub context: Context,
    pub settings: Settings,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Who is logged in.
    pub session: Option<User>,
    /// A problem to show on the message line (never a crash).
    pub message: Option<String>,
    /// Good news for the message line (a receipt written, a hold extended).
    pub info: Option<String>,
    /// The question over the screen, if any.
    pub ask: Option<Ask>,
    /// The wall clock as of the last tick: the status bar and countdowns read this.
    pub now: DateTime<Utc>,
    /// Ticks so far, for spinners.
    pub ticks: u64,
    /// Whether the user's shift is open, as last heard (`None`: not yet asked); the
    /// status bar says it.
    pub shift_open: Option<bool>,
    nav: Option<Nav>,
}

impl Ctx {
    pub fn new(context: Context, settings: Settings, now: DateTime<Utc>) -> Ctx {
        Ctx {
            context,
            keymap: settings.keymap.clone(),
            theme: settings.theme.clone(),
            settings,
            session: None,
            message: None,
            info: None,
            ask: None,
            now,
            ticks: 0,
            shift_open: None,
            nav: None,
        }
    }

    /// Who does the work asked for; `None` before the login.
    pub fn actor(&self) -> Option<User> {
        self.session.clone()
    }

    /// Asks the app to move to another screen once this call returns.
    pub fn go(&mut self, nav: Nav) {
        self.nav = Some(nav);
    }

    pub(super) fn take_nav(&mut self) -> Option<Nav> {
        self.nav.take()
    }
}
