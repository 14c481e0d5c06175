//! The day's showtimes: the cashier's starting point, and the screen under every other.
//! State and its updates in `state`, the work in `work`, drawing in `view`.

mod state;
mod view;
mod work;

pub use state::ShowtimesState;
pub use view::{first_shown, rows_area};
pub use work::{Done, Work};

use crate::tui::widgets::seat_grid::{FREE_MARK, HELD_MARK, SOLD_MARK};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use crate::booking::service::SeatCounts;
use crate::events::SeatEvent;
use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::vocab::ShowtimeId;

use super::Screen;
use super::sales::SalesScreen;
use super::seats::SeatsScreen;
use super::shift::ShiftScreen;

/// The keys of the list, with what they do here.
pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous showtime"),
        (Action::Down, "next showtime"),
        (Action::PrevDay, "day before"),
        (Action::NextDay, "day after"),
        (Action::Today, "back to today"),
        (Action::Filter, "filter by movie"),
        (Action::Reload, "reload"),
        (Action::MySales, "my sales"),
        (Action::Shift, "open or close your shift"),
        (Action::Confirm, "open the showtime's seats"),
        (Action::Back, "clear the filter"),
    ],
};

/// The availability bar's width in characters.
const BAR: usize = 10;

/// `███░░····· 212`: sold, held, free, in proportion, with the seat grid's marks (held
/// by others `░`, sold `█`); each part that is not zero shows at least one character,
/// so a single hold is never invisible.
pub fn availability_bar(counts: &SeatCounts) -> String {
    let total = counts.free + counts.held + counts.sold;
    if total == 0 {
        return format!("{:BAR$} {:>3}", "", 0);
    }
    let share = |n: u32| -> usize {
        if n == 0 {
            0
        } else {
            ((n as usize * BAR + total as usize / 2) / total as usize).max(1)
        }
    };
    let sold = share(counts.sold).min(BAR);
    let held = share(counts.held).min(BAR - sold);
    let free = BAR - sold - held;
    let free = if counts.free > 0 { free.max(1) } else { free };
    let (sold, held) = if sold + held + free > BAR {
        if sold >= held {
            (sold - 1, held)
        } else {
            (sold, held - 1)
        }
    } else {
        (sold, held)
    };
    format!(
        "{}{}{} {:>3}",
        SOLD_MARK.to_string().repeat(sold),
        HELD_MARK.to_string().repeat(held),
        FREE_MARK.to_string().repeat(BAR - sold - held),
        counts.free
    )
}

pub struct ShowtimesScreen {
    pub showtimes: ShowtimesState,
}

impl ShowtimesScreen {
    /// `database_empty`: the user declined demo data on an empty database.
    pub fn new(database_empty: bool) -> ShowtimesScreen {
        let mut showtimes = ShowtimesState::default();
        showtimes.database_empty = database_empty;
        ShowtimesScreen { showtimes }
    }

    /// Reads the availability of these showtimes, one read at a time: a burst of changes
    /// waits for the read under way and goes in the next.
    fn load_availability(&mut self, wanted: Vec<ShowtimeId>, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let state = &mut self.showtimes;
        state.availability_wanted.extend(wanted);
        if state.availability_loading || state.availability_wanted.is_empty() {
            return None;
        }
        let showtimes: Vec<ShowtimeId> = state.availability_wanted.drain().collect();
        state.availability_loading = true;
        Some(Command::run(Work::LoadAvailability { actor, showtimes }))
    }

    fn open_selected(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        let showtime = self.showtimes.selected_showtime()?.clone();
        ctx.message = None;
        ctx.info = None;
        let (seats, load) = SeatsScreen::open(showtime, actor);
        ctx.go(Nav::Push(Box::new(seats)));
        load
    }
}

impl Screen for ShowtimesScreen {
    fn name(&self) -> &'static str {
        "showtimes"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn typing(&self) -> super::Typing {
        if self.showtimes.editing_filter {
            super::Typing::Field
        } else {
            super::Typing::Keys
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        match action {
            Action::Confirm if !self.showtimes.editing_filter => self.open_selected(ctx),
            Action::MySales => {
                let (sales, load) = SalesScreen::open(ctx)?;
                ctx.go(Nav::Push(Box::new(sales)));
                load
            }
            Action::Shift if !self.showtimes.editing_filter => {
                let (shift, load) = ShiftScreen::open(ctx)?;
                ctx.message = None;
                ctx.info = None;
                ctx.go(Nav::Push(Box::new(shift)));
                Some(load)
            }
            _ => self.showtimes.action(action),
        }
    }

    fn on_char(&mut self, c: char, _ctx: &mut Ctx) {
        self.showtimes.type_char(c);
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        self.showtimes.erase();
    }

    fn on_click(&mut self, x: u16, y: u16, area: Rect, ctx: &mut Ctx) -> Option<Command> {
        let rows = rows_area(area);
        if !rows.contains(Position::new(x, y)) {
            return None;
        }
        let selected = self
            .showtimes
            .selected
            .min(self.showtimes.visible().len().saturating_sub(1));
        let row = usize::from(y - rows.y) + first_shown(selected, rows);
        if row >= self.showtimes.visible().len() {
            return None;
        }
        // A click chooses; a click on the chosen one opens it.
        if row == self.showtimes.selected {
            self.on_action(Action::Confirm, ctx)
        } else {
            self.showtimes.selected = row;
            None
        }
    }

    fn on_feed(&mut self, event: SeatEvent, ctx: &mut Ctx) -> Option<Command> {
        ctx.actor()?;
        let wanted: Vec<ShowtimeId> = match event {
            SeatEvent::Changed(id) if self.showtimes.list.iter().any(|s| s.id == id) => vec![id],
            SeatEvent::Changed(_) => Vec::new(),
            SeatEvent::Resync => self.showtimes.list.iter().map(|s| s.id).collect(),
        };
        self.load_availability(wanted, ctx)
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Showtimes(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Showtimes(done) = done else {
            return None;
        };
        let state = &mut self.showtimes;
        match done {
            Done::Today(Ok(day)) => state.today_is(day),
            Done::Today(Err(e)) => {
                state.loading = false;
                ctx.message = Some(e.text);
                None
            }
            Done::Showtimes { day, result } => {
                // An answer for a day no longer shown is stale: the user has moved on.
                if Some(day) != state.day {
                    return None;
                }
                match result {
                    Ok(list) => {
                        ctx.message = None;
                        let ids = list.iter().map(|s| s.id).collect();
                        state.loaded(list, ctx.now);
                        self.load_availability(ids, ctx)
                    }
                    Err(e) => {
                        state.loading = false;
                        ctx.message = Some(e.text);
                        None
                    }
                }
            }
            Done::Availability(result) => {
                state.availability_loading = false;
                if let Ok(counts) = result {
                    state.availability.extend(counts);
                }
                self.load_availability(Vec::new(), ctx)
            }
        }
    }

    fn on_failure(&mut self, _ctx: &mut Ctx) {
        self.showtimes.loading = false;
    }

    fn refresh(&mut self, _ctx: &mut Ctx) -> Option<Command> {
        self.showtimes.action(Action::Reload)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.showtimes, frame, area, ctx);
    }
}
