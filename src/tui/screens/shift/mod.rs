//! The cashier's shift: opened with the float counted into the drawer, closed with a
//! blind count (the count is typed first; only once it is in are the expected cash and
//! the variance shown). Cash is taken only in an open shift (`[shift] required`), so the
//! counter's screens reach this one by a key, and checkout offers it when cash was
//! refused; opened over a sale, it goes back to the sale once the shift is open. The
//! work in `work`, drawing in `view`.

mod view;
mod work;

pub use work::{ClosedShift, Done, Work};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::identity::permissions::{Permission, allows};
use crate::payment::ports::Shift;
use crate::tui::ctx::{Ctx, Holding, Nav};
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::vocab::Money;

use super::{Screen, Typing};

pub const SCOPE: Scope = Scope {
    actions: &[
        (
            Action::Confirm,
            "open the shift; start the count; enter the count",
        ),
        (Action::Back, "back (while counting: not now)"),
    ],
};

/// The longest amount typed, in characters.
const AMOUNT_WIDTH: usize = 12;

/// Where the shift stands on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Asking whether a shift is open.
    Loading,
    /// No shift is open: the float is typed.
    Opening { float: String },
    /// A shift is open: Enter starts the count.
    Open(Shift),
    /// The blind count is typed; nothing on screen says what to expect.
    Counting { shift: Shift, counted: String },
    /// The count is in: expected, counted, variance.
    Closed { shift: Shift, closed: ClosedShift },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftState {
    pub step: Step,
    /// Opening or closing is under way: keys wait for it.
    pub busy: bool,
}

impl ShiftState {
    /// An amount typed into the float or the count.
    fn type_char(&mut self, c: char) {
        if self.busy || !(c.is_ascii_digit() || c == '.' || c == ',') {
            return;
        }
        if let Step::Opening { float: text } | Step::Counting { counted: text, .. } = &mut self.step
            && text.len() < AMOUNT_WIDTH
        {
            text.push(c);
        }
    }

    fn erase(&mut self) {
        if let Step::Opening { float: text } | Step::Counting { counted: text, .. } = &mut self.step
        {
            text.pop();
        }
    }
}

/// An amount as typed, or what is wrong with it, naming the field.
pub fn amount(field: &str, text: &str) -> Result<Money, String> {
    Money::parse(text).map_err(|e| format!("The {field}: {e}"))
}

pub struct ShiftScreen {
    pub state: ShiftState,
    /// Opened from checkout: the sale's seats, still held underneath. Leaving or
    /// quitting asks as it would there; once the shift is open it goes back to the sale.
    over_sale: Option<Holding>,
}

impl ShiftScreen {
    /// The screen and its first read, for the user logged in.
    pub fn open(ctx: &Ctx) -> Option<(ShiftScreen, Command)> {
        ShiftScreen::with(None, ctx)
    }

    /// Opened over a sale whose seats are held.
    pub fn over_sale(holding: Holding, ctx: &Ctx) -> Option<(ShiftScreen, Command)> {
        ShiftScreen::with(Some(holding), ctx)
    }

    /// `None` for a customer (the kiosk): a drawer is the counter's.
    fn with(over_sale: Option<Holding>, ctx: &Ctx) -> Option<(ShiftScreen, Command)> {
        let actor = ctx.actor().filter(|u| allows(u.role, Permission::Sell))?;
        let screen = ShiftScreen {
            state: ShiftState {
                step: Step::Loading,
                busy: false,
            },
            over_sale,
        };
        Some((screen, Command::run(Work::Load { actor })))
    }

    fn confirm(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let state = &mut self.state;
        match &state.step {
            Step::Loading => None,
            Step::Opening { float } => match amount("float", float) {
                Ok(float) => {
                    state.busy = true;
                    Some(Command::run(Work::Open { actor, float }))
                }
                Err(e) => {
                    ctx.message = Some(e);
                    None
                }
            },
            Step::Open(shift) => {
                state.step = Step::Counting {
                    shift: shift.clone(),
                    counted: String::new(),
                };
                None
            }
            Step::Counting { counted, .. } => match amount("count", counted) {
                Ok(counted) => {
                    state.busy = true;
                    Some(Command::run(Work::Close { actor, counted }))
                }
                Err(e) => {
                    ctx.message = Some(e);
                    None
                }
            },
            Step::Closed { .. } => {
                ctx.go(Nav::Pop);
                None
            }
        }
    }

    fn back(&mut self, ctx: &mut Ctx) {
        match &self.state.step {
            // Not counting after all: the shift stays open, nothing was recorded.
            Step::Counting { shift, .. } => self.state.step = Step::Open(shift.clone()),
            _ => ctx.go(Nav::Pop),
        }
    }

    fn load(&mut self, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        self.state.step = Step::Loading;
        Some(Command::run(Work::Load { actor }))
    }
}

impl Screen for ShiftScreen {
    fn name(&self) -> &'static str {
        "shift"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn typing(&self) -> Typing {
        match self.state.step {
            Step::Opening { .. } | Step::Counting { .. } => Typing::Field,
            _ => Typing::Keys,
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        if self.state.busy {
            return None;
        }
        ctx.message = None;
        match action {
            Action::Confirm => {
                ctx.info = None;
                self.confirm(ctx)
            }
            Action::Back => {
                self.back(ctx);
                None
            }
            _ => None,
        }
    }

    fn on_char(&mut self, c: char, ctx: &mut Ctx) {
        ctx.message = None;
        self.state.type_char(c);
    }

    fn on_erase(&mut self, ctx: &mut Ctx) {
        ctx.message = None;
        self.state.erase();
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Shift(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Shift(done) = done else {
            return None;
        };
        let state = &mut self.state;
        state.busy = false;
        match done {
            Done::Current(Ok(Some(shift))) => {
                ctx.shift_open = Some(true);
                state.step = Step::Open(shift);
            }
            Done::Current(Ok(None)) => {
                ctx.shift_open = Some(false);
                state.step = Step::Opening {
                    float: String::new(),
                };
            }
            Done::Current(Err(e)) => {
                ctx.message = Some(format!("Your shift could not be read: {e}"));
            }
            Done::Opened(Ok(shift)) => {
                ctx.shift_open = Some(true);
                let opened = work::opened(&shift, ctx);
                if self.over_sale.is_some() {
                    ctx.info = Some(format!(
                        "{opened} {} takes the cash now.",
                        ctx.keymap.first_keys(&[Action::Cash])
                    ));
                    ctx.go(Nav::Pop);
                } else {
                    ctx.info = Some(opened);
                    state.step = Step::Open(shift);
                }
            }
            Done::Opened(Err(e)) => {
                ctx.message = Some(work::not_opened(&e));
                // Opened meanwhile on another terminal, say: show what is true.
                if !e.database {
                    return self.load(ctx);
                }
            }
            Done::Closed(Ok(closed)) => {
                ctx.shift_open = Some(false);
                if let Step::Counting { shift, .. } = &state.step {
                    state.step = Step::Closed {
                        shift: shift.clone(),
                        closed,
                    };
                }
            }
            // The count stays typed, to be entered again.
            Done::Closed(Err(e)) => ctx.message = Some(work::not_closed(&e)),
        }
        None
    }

    fn on_failure(&mut self, _ctx: &mut Ctx) {
        self.state.busy = false;
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        match self.state.step {
            // The database is back: ask again.
            Step::Loading => self.load(ctx),
            _ => None,
        }
    }

    fn holding(&self) -> Option<Holding> {
        self.over_sale.clone()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.state, self.over_sale.is_some(), frame, area, ctx);
    }
}
