//! The manager's floor: every live hold in the building (showtime, seats, who, time
//! left), each to be released, and every open shift (who, since when, the float). It
//! re-reads when seats change anywhere. The work in `work`, drawing in `view`.

mod view;
mod work;

pub use work::{Done, Floor, Work};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::events::SeatEvent;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};

use super::Screen;

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous hold"),
        (Action::Down, "next hold"),
        (Action::Release, "release the chosen hold"),
        (Action::Reload, "reload"),
    ],
};

#[derive(Debug, Default)]
pub struct FloorState {
    pub floor: Floor,
    pub selected: usize,
    pub loading: bool,
    /// The hold asked about: releasing someone's seats takes the key twice.
    pub confirm: Option<crate::vocab::OrderId>,
}

impl FloorState {
    /// The holds still live at `now` (a countdown that reached zero is gone from the
    /// floor before the next read).
    pub fn live(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Vec<&crate::booking::ports::LiveHold> {
        self.floor
            .holds
            .iter()
            .filter(|h| h.held_until > now)
            .collect()
    }
}

pub struct FloorScreen {
    pub state: FloorState,
}

impl FloorScreen {
    /// The screen, reading as soon as it is in front (`refresh`).
    pub fn new() -> FloorScreen {
        FloorScreen {
            state: FloorState {
                loading: true,
                ..FloorState::default()
            },
        }
    }

    /// The screen and its first read.
    pub fn open(ctx: &Ctx) -> Option<(FloorScreen, Command)> {
        let actor = ctx.actor()?;
        Some((FloorScreen::new(), Command::run(Work::Load { actor })))
    }

    fn load(&mut self, ctx: &Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        self.state.loading = true;
        Some(Command::run(Work::Load { actor }))
    }
}

impl Default for FloorScreen {
    fn default() -> Self {
        FloorScreen::new()
    }
}

/// The manager's Floor tab: the screen, which reads once in front.
pub fn tab(_title: &'static str, _ctx: &Ctx) -> Box<dyn Screen> {
    Box::new(FloorScreen::new())
}

impl Screen for FloorScreen {
    fn name(&self) -> &'static str {
        "floor"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let st = &mut self.state;
        // Any other key keeps the hold.
        let confirming = st.confirm.take();
        match action {
            Action::Up => {
                st.selected = st.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                if st.selected + 1 < st.live(ctx.now).len() {
                    st.selected += 1;
                }
                None
            }
            Action::Reload => {
                ctx.message = None;
                ctx.info = None;
                self.load(ctx)
            }
            Action::Release => {
                ctx.message = None;
                ctx.info = None;
                let actor = ctx.actor()?;
                let Some(hold) = st.live(ctx.now).get(st.selected).copied() else {
                    ctx.message = Some("No hold to release.".into());
                    return None;
                };
                if confirming != Some(hold.order) {
                    ctx.info = Some(format!(
                        "Release order {}, {}'s {}? {} again releases, any other key keeps it.",
                        hold.order,
                        hold.username,
                        hold.seats.join(" "),
                        ctx.keymap.label(Action::Release)
                    ));
                    st.confirm = Some(hold.order);
                    return None;
                }
                Some(Command::run(Work::Release {
                    actor,
                    order: hold.order,
                    who: hold.username.clone(),
                }))
            }
            _ => None,
        }
    }

    // A hold that lapses leaves the list; the choice stays on a line that is there.
    fn on_tick(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let live = self.state.live(ctx.now).len();
        self.state.selected = self.state.selected.min(live.saturating_sub(1));
        None
    }

    fn on_feed(&mut self, _event: SeatEvent, ctx: &mut Ctx) -> Option<Command> {
        if self.state.loading {
            return None;
        }
        self.load(ctx)
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Floor(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Floor(done) = done else {
            return None;
        };
        let st = &mut self.state;
        match done {
            Done::Loaded(result) => {
                st.loading = false;
                match result {
                    Ok(floor) => {
                        let keep = st.live(ctx.now).get(st.selected).map(|h| h.order);
                        st.floor = floor;
                        let live = st.live(ctx.now);
                        st.selected = keep
                            .and_then(|o| live.iter().position(|h| h.order == o))
                            .unwrap_or(st.selected.min(live.len().saturating_sub(1)));
                    }
                    Err(e) => ctx.message = Some(work::load_failed(&e)),
                }
                None
            }
            Done::Released(result) => match result {
                Ok(done) => {
                    ctx.info = Some(work::released(&done));
                    self.load(ctx)
                }
                Err(e) => {
                    ctx.message = Some(work::release_failed(&e));
                    self.load(ctx)
                }
            },
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        self.load(ctx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.state, frame, area, ctx);
    }
}
