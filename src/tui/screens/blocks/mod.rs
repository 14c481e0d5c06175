//! One showtime's seats, from the Schedule: staff take seats out of sale for this
//! showtime only (house seats, a camera position) and put them back. Sold or held seats
//! stay as they are (the service refuses them too).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::booking::model::SeatState;
use crate::booking::service::SeatMap;
use crate::identity::User;
use crate::tui::ctx::{Ctx, Nav};
use crate::tui::event::{Answer as Reply, Command, Done as AnyDone, Problem};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};
use crate::vocab::ShowtimeId;

use super::{Answer, Job, Runner, Screen, asked, message_line};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "row in front"),
        (Action::Down, "row behind"),
        (Action::Left, "seat to the left"),
        (Action::Right, "seat to the right"),
        (Action::Toggle, "block or unblock the seat"),
        (Action::Broken, "block or unblock the seat"),
        (Action::Back, "back to the schedule"),
    ],
};

const HINTS: &[Hint<'_>] = &[
    (
        &[Action::Left, Action::Right, Action::Up, Action::Down],
        "seat",
    ),
    (&[Action::Toggle], "block / unblock"),
    (&[Action::Back], "schedule"),
];

const LOADING: &str = "reading the seats";
const SAVING: &str = "saving the block";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load {
        actor: User,
        showtime: ShowtimeId,
    },
    Block {
        actor: User,
        showtime: ShowtimeId,
        seat: String,
        block: bool,
    },
}

pub enum Done {
    Map(Reply<SeatMap>),
    Changed(Reply<String>),
}

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load { .. } => LOADING,
            Work::Block { .. } => SAVING,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let b = &runner.services.booking;
        match self {
            Work::Load { actor, showtime } => Done::Map(
                b.seat_map(&actor, showtime)
                    .await
                    .map_err(|e| Problem::logged("seats", e)),
            ),
            Work::Block {
                actor,
                showtime,
                seat,
                block,
            } => Done::Changed(
                if block {
                    b.block_seat(&actor, showtime, &seat).await
                } else {
                    b.unblock_seat(&actor, showtime, &seat).await
                }
                .map(|()| {
                    if block {
                        format!("{seat} is out of sale for this showtime.")
                    } else {
                        format!("{seat} is on sale again.")
                    }
                })
                .map_err(|e| Problem::logged("block seat", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Map(_) => LOADING,
            Done::Changed(_) => SAVING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Map(r) => asked(r),
            Done::Changed(r) => asked(r),
        }
    }
}

pub struct BlocksScreen {
    pub showtime: ShowtimeId,
    pub map: Option<SeatMap>,
    pub cursor: usize,
}

impl BlocksScreen {
    /// Opened over the Schedule, with its first work.
    pub fn open(showtime: ShowtimeId, ctx: &mut Ctx) -> Option<Command> {
        let actor = ctx.actor()?;
        ctx.go(Nav::Push(Box::new(BlocksScreen {
            showtime,
            map: None,
            cursor: 0,
        })));
        Some(Command::run(Work::Load { actor, showtime }))
    }

    fn step(&mut self, action: Action) {
        let Some(map) = &self.map else { return };
        let seats = &map.seats;
        let Some(here) = seats.get(self.cursor).map(|s| &s.seat) else {
            return;
        };
        match action {
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(seats.len().saturating_sub(1)),
            Action::Up | Action::Down => {
                let down = action == Action::Down;
                let row = i64::from(here.grid_row) + if down { 1 } else { -1 };
                let best = seats
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        let r = i64::from(s.seat.grid_row);
                        if down { r >= row } else { r <= row }
                    })
                    .min_by_key(|(_, s)| {
                        (
                            (i64::from(s.seat.grid_row) - row).abs(),
                            (i64::from(s.seat.grid_col) - i64::from(here.grid_col)).abs(),
                        )
                    });
                if let Some((i, _)) = best {
                    self.cursor = i;
                }
            }
            _ => {}
        }
    }
}

impl Screen for BlocksScreen {
    fn name(&self) -> &'static str {
        "blocks"
    }

    fn scope(&self) -> &'static Scope {
        &SCOPE
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        ctx.message = None;
        match action {
            Action::Back => {
                ctx.go(Nav::Pop);
                None
            }
            Action::Toggle | Action::Broken => {
                let seat = self.map.as_ref()?.seats.get(self.cursor)?;
                let block = match seat.state {
                    SeatState::Free => true,
                    SeatState::Blocked => false,
                    SeatState::Broken => {
                        ctx.message = Some("The seat is broken: mend it in the Halls tab.".into());
                        return None;
                    }
                    _ => {
                        ctx.message =
                            Some("The seat is held or sold: it cannot be blocked now.".into());
                        return None;
                    }
                };
                Some(Command::run(Work::Block {
                    actor: ctx.actor()?,
                    showtime: self.showtime,
                    seat: seat.seat.label(),
                    block,
                }))
            }
            other => {
                self.step(other);
                None
            }
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Blocks(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Blocks(done) = done else {
            return None;
        };
        match done {
            Done::Map(Ok(map)) => {
                self.cursor = self.cursor.min(map.seats.len().saturating_sub(1));
                self.map = Some(map);
                None
            }
            Done::Changed(Ok(text)) => {
                ctx.info = Some(text);
                self.refresh(ctx)
            }
            Done::Map(Err(e)) | Done::Changed(Err(e)) => {
                ctx.message = Some(e.text);
                None
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        Some(Command::run(Work::Load {
            actor: ctx.actor()?,
            showtime: self.showtime,
        }))
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let [body, message, hints] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let title = self.map.as_ref().map_or(" Seats ".to_string(), |m| {
            format!(
                " {} in {}, {} ",
                m.showtime.movie_title,
                m.showtime.hall_name,
                ctx.context
                    .venue
                    .to_local(m.showtime.starts_at)
                    .format("%a %-d %b %H:%M")
            )
        });
        let block = Block::bordered().title(title);
        let inner = block.inner(body);
        frame.render_widget(block, body);
        let lines = match &self.map {
            None => vec![Line::from(" Reading the seats…")],
            Some(map) => seat_lines(map, self.cursor),
        };
        frame.render_widget(Paragraph::new(lines), inner);
        if let Some(line) = message_line(ctx) {
            frame.render_widget(line, message);
        }
        let mut line = hint_line(&ctx.keymap, HINTS, false);
        line.spans.insert(0, Span::raw(" "));
        frame.render_widget(line, hints);
    }
}

fn seat_lines(map: &SeatMap, cursor: usize) -> Vec<Line<'static>> {
    let seats = &map.seats;
    let height = seats.iter().map(|s| s.seat.grid_row + 1).max().unwrap_or(0);
    let width = seats.iter().map(|s| s.seat.grid_col + 1).max().unwrap_or(0);
    let mut lines = vec![Line::styled(
        "   ▒▒ blocked for this showtime   ██ sold   ░░ held   ×× broken",
        theme::HINT,
    )];
    for row in 0..height {
        let label = seats
            .iter()
            .find(|s| s.seat.grid_row == row)
            .map_or(String::new(), |s| s.seat.row_label.clone());
        let mut spans = vec![Span::raw(format!(" {label:>2} "))];
        for col in 0..width {
            let found = seats
                .iter()
                .enumerate()
                .find(|(_, s)| s.seat.grid_row == row && s.seat.grid_col == col);
            let Some((i, s)) = found else {
                spans.push(Span::raw("   "));
                continue;
            };
            let text = match s.state {
                SeatState::Free => format!("{:>2}", s.seat.number),
                SeatState::Blocked => "▒▒".into(),
                SeatState::Sold => "██".into(),
                SeatState::Broken => "××".into(),
                SeatState::Held { .. } | SeatState::HeldByMe { .. } => "░░".into(),
            };
            let style = if i == cursor {
                theme::SELECTED
            } else {
                Style::new()
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    if let Some(s) = seats.get(cursor) {
        let state = match s.state {
            SeatState::Free => "on sale",
            SeatState::Blocked => "blocked for this showtime",
            SeatState::Sold => "sold",
            SeatState::Broken => "broken",
            _ => "held",
        };
        lines.push(Line::from(""));
        lines.push(Line::from(format!(" Seat {}: {state}", s.seat.label())));
    }
    lines
}
