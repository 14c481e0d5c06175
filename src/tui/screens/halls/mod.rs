//! The manager's Halls: the list with capacity and broken seats, a new hall from rows x
//! seats or from a layout map typed in an editor (live preview, each error at its line
//! and column), and a hall's seats to mark broken or mended. The editor in `editor`,
//! work in `work`, drawing in `view`.

mod editor;
mod view;
mod work;

pub use editor::{Focus, MapError, NewHall, Shape};
pub use work::{Done, Work};

use crate::vocab::text::count;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::screening::model::{Hall, Seat};
use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};

use super::{Screen, Typing};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous hall"),
        (Action::Down, "next hall"),
        (Action::Add, "new hall"),
        (Action::Confirm, "the hall's seats"),
        (Action::Reload, "reload"),
    ],
};

pub const NEW: Scope = Scope {
    actions: &[
        (Action::NextField, "next field"),
        (Action::PrevField, "previous field"),
        (Action::Save, "create the hall"),
        (Action::Confirm, "create the hall (from a field)"),
        (Action::Back, "give up"),
    ],
};

pub const SEATS: Scope = Scope {
    actions: &[
        (Action::Up, "row in front"),
        (Action::Down, "row behind"),
        (Action::Left, "seat to the left"),
        (Action::Right, "seat to the right"),
        (Action::Broken, "broken or mended"),
        (Action::Toggle, "broken or mended"),
        (Action::Back, "back to the halls"),
    ],
};

pub enum Mode {
    List,
    New(Box<NewHall>),
    Seats {
        hall: Hall,
        seats: Option<Vec<Seat>>,
        cursor: usize,
    },
}

pub struct HallsState {
    pub halls: Option<Vec<Hall>>,
    pub selected: usize,
    pub mode: Mode,
    pub saving: bool,
}

impl Default for HallsState {
    fn default() -> Self {
        HallsState {
            halls: None,
            selected: 0,
            mode: Mode::List,
            saving: false,
        }
    }
}

#[derive(Default)]
pub struct HallsScreen {
    pub halls: HallsState,
}

impl HallsScreen {
    pub fn new() -> HallsScreen {
        HallsScreen::default()
    }

    fn create(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let Mode::New(new) = &mut self.halls.mode else {
            return None;
        };
        if new.name.trim().is_empty() {
            new.focus = Focus::Name;
            ctx.message = Some("The hall needs a name.".into());
            return None;
        }
        let shape = match new.shape() {
            Ok(shape) => shape,
            Err(e) => {
                ctx.message = Some(e);
                return None;
            }
        };
        if let Some(first) = new.errors().first() {
            ctx.message = Some(format!(
                "Line {}, column {}: {}",
                first.line, first.column, first.message
            ));
            return None;
        }
        self.halls.saving = true;
        Some(Command::run(Work::Create {
            actor: ctx.actor()?,
            name: new.name.trim().to_string(),
            shape,
        }))
    }

    fn seats_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let Mode::Seats {
            hall,
            seats,
            cursor,
        } = &mut self.halls.mode
        else {
            return None;
        };
        if action == Action::Back {
            self.halls.mode = Mode::List;
            return self.refresh(ctx);
        }
        let seats = seats.as_ref()?;
        let here = seats.get(*cursor)?;
        match action {
            Action::Left | Action::Right => {
                let next = if action == Action::Right {
                    (*cursor + 1).min(seats.len() - 1)
                } else {
                    cursor.saturating_sub(1)
                };
                *cursor = next;
            }
            Action::Up | Action::Down => {
                let row = i64::from(here.grid_row) + if action == Action::Down { 1 } else { -1 };
                // The nearest seat on the nearest row that way.
                let candidates = seats.iter().enumerate().filter(|(_, s)| {
                    if action == Action::Down {
                        i64::from(s.grid_row) >= row
                    } else {
                        i64::from(s.grid_row) <= row
                    }
                });
                if let Some((i, _)) = candidates.min_by_key(|(_, s)| {
                    (
                        (i64::from(s.grid_row) - row).abs(),
                        (i64::from(s.grid_col) - i64::from(here.grid_col)).abs(),
                    )
                }) {
                    *cursor = i;
                }
            }
            Action::Broken | Action::Toggle => {
                return Some(Command::run(Work::Broken {
                    actor: ctx.actor()?,
                    hall: hall.name.clone(),
                    seat: here.label(),
                    broken: !here.broken,
                }));
            }
            _ => {}
        }
        None
    }
}

impl Screen for HallsScreen {
    fn name(&self) -> &'static str {
        "halls"
    }

    fn scope(&self) -> &'static Scope {
        match self.halls.mode {
            Mode::List => &SCOPE,
            Mode::New(_) => &NEW,
            Mode::Seats { .. } => &SEATS,
        }
    }

    fn typing(&self) -> Typing {
        match &self.halls.mode {
            Mode::New(new) if new.focus == Focus::Map => Typing::Editor,
            Mode::New(_) => Typing::Field,
            _ => Typing::Keys,
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        match &mut self.halls.mode {
            Mode::New(new) => {
                match action {
                    Action::NextField | Action::PrevField => {
                        new.next_focus(action == Action::NextField)
                    }
                    Action::Back => self.halls.mode = Mode::List,
                    Action::Save | Action::Confirm if !self.halls.saving => {
                        return self.create(ctx);
                    }
                    _ => {}
                }
                return None;
            }
            Mode::Seats { .. } => return self.seats_action(action, ctx),
            Mode::List => {}
        }
        ctx.message = None;
        let h = &mut self.halls;
        let count = h.halls.as_ref().map_or(0, Vec::len);
        match action {
            Action::Up => h.selected = h.selected.saturating_sub(1),
            Action::Down => h.selected = (h.selected + 1).min(count.saturating_sub(1)),
            Action::Add => h.mode = Mode::New(Box::default()),
            Action::Reload => return self.refresh(ctx),
            Action::Confirm => {
                let hall = h.halls.as_ref()?.get(h.selected)?.clone();
                let id = hall.id;
                h.mode = Mode::Seats {
                    hall,
                    seats: None,
                    cursor: 0,
                };
                return Some(Command::run(Work::Seats { hall: id }));
            }
            _ => {}
        }
        None
    }

    fn on_char(&mut self, c: char, _ctx: &mut Ctx) {
        if let Mode::New(new) = &mut self.halls.mode {
            new.type_char(c);
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        if let Mode::New(new) = &mut self.halls.mode {
            new.erase();
        }
    }

    fn on_key(&mut self, key: KeyEvent, _ctx: &mut Ctx) {
        if let Mode::New(new) = &mut self.halls.mode {
            new.key(key);
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Halls(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Halls(done) = done else {
            return None;
        };
        let h = &mut self.halls;
        match done {
            Done::Halls(Ok(halls)) => {
                h.selected = h.selected.min(halls.len().saturating_sub(1));
                h.halls = Some(halls);
                None
            }
            Done::Created(Ok(hall)) => {
                h.saving = false;
                h.mode = Mode::List;
                ctx.info = Some(format!(
                    "Hall {} created: {}, {}.",
                    hall.name,
                    count(hall.rows, "row", "rows"),
                    count(hall.seats, "seat", "seats")
                ));
                self.refresh(ctx)
            }
            Done::Seats(Ok(seats)) => {
                if let Mode::Seats { seats: slot, .. } = &mut h.mode {
                    *slot = Some(seats);
                }
                None
            }
            Done::Broken(Ok(seat)) => {
                if let Mode::Seats {
                    seats: Some(seats), ..
                } = &mut h.mode
                    && let Some(s) = seats.iter_mut().find(|s| s.id == seat.id)
                {
                    s.broken = seat.broken;
                }
                let word = if seat.broken { "broken" } else { "mended" };
                ctx.info = Some(format!("Seat {} marked {word}.", seat.label()));
                None
            }
            Done::Halls(Err(e))
            | Done::Created(Err(e))
            | Done::Seats(Err(e))
            | Done::Broken(Err(e)) => {
                h.saving = false;
                ctx.message = Some(e.text);
                None
            }
        }
    }

    fn refresh(&mut self, _ctx: &mut Ctx) -> Option<Command> {
        match self.halls.mode {
            Mode::List => Some(Command::run(Work::Load)),
            _ => None,
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.halls, frame, area, ctx);
    }
}
