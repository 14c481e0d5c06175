//! The manager's Schedule: one week, a day at a time as a timeline with a lane per hall.
//! Blocks are added (with the clash and its suggestions shown before saving), moved,
//! cancelled (every ticket refunded) and days or weeks copied. State in `state`, the
//! form in `form`, placing a block in `place`, the week read in `week`, work in `work`,
//! drawing in `view`.

mod form;
mod panel;
mod place;
mod state;
mod view;
mod week;
mod work;

pub use form::{AddForm, Field};
pub use place::Placement;
pub use state::{Mode, ScheduleState};
pub use week::{Sales, Week, monday_of};
pub use work::{CANCEL_REASON, Done, Work};

use crate::vocab::text::count;
use chrono::{Duration, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::vocab::venue_time::VenueTime;

use super::{Screen, Typing};

/// The keys of the week, with what they do there.
pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::PrevDay, "day before"),
        (Action::NextDay, "day after"),
        (Action::Up, "hall above"),
        (Action::Down, "hall below"),
        (Action::NextField, "next showtime in the hall"),
        (Action::PrevField, "previous showtime in the hall"),
        (Action::PrevWeek, "week before"),
        (Action::NextWeek, "week after"),
        (Action::Today, "back to today"),
        (Action::Add, "add a showtime"),
        (Action::Move, "move the showtime"),
        (
            Action::CancelShowtime,
            "cancel the showtime, refunding its tickets",
        ),
        (Action::CopyDay, "copy the day to another"),
        (Action::CopyWeek, "copy the week to another"),
        (Action::WholeWeek, "the whole week on the timeline, or one day"),
        (
            Action::Confirm,
            "its seats: block or unblock for this showtime",
        ),
        (Action::Reload, "reload"),
    ],
};

/// The form of a new showtime.
pub const FORM: Scope = Scope {
    actions: &[
        (Action::NextField, "next field"),
        (Action::PrevField, "previous field"),
        (Action::Up, "previous movie or hall"),
        (Action::Down, "next movie or hall"),
        (Action::Confirm, "place it on the timeline"),
        (Action::Back, "give up"),
    ],
};

/// A block being placed: digits take a suggestion.
pub const PLACE: Scope = Scope {
    actions: &[
        (Action::Left, "5 minutes earlier"),
        (Action::Right, "5 minutes later"),
        (Action::Up, "hall above (new showtime)"),
        (Action::Down, "hall below (new showtime)"),
        (Action::Confirm, "save"),
        (Action::Back, "give up"),
    ],
};

pub const ASK: Scope = Scope {
    actions: &[
        (Action::Yes, "yes"),
        (Action::No, "no"),
        (Action::Back, "no"),
    ],
};

pub const COPY: Scope = Scope {
    actions: &[(Action::Confirm, "copy"), (Action::Back, "give up")],
};

#[derive(Default)]
pub struct ScheduleScreen {
    pub schedule: ScheduleState,
}

impl ScheduleScreen {
    pub fn new() -> ScheduleScreen {
        ScheduleScreen::default()
    }

    fn venue(ctx: &Ctx) -> VenueTime {
        ctx.context.venue
    }

    fn start_move(&mut self, ctx: &mut Ctx) {
        let s = &mut self.schedule;
        let Some(week) = &s.week else { return };
        let Some(show) = s.selected.and_then(|id| week.showtime(id)) else {
            ctx.message = Some("Choose a showtime first (Tab moves along the hall).".into());
            return;
        };
        let sold = week.sales(show.id).sold;
        if sold > 0 {
            ctx.message = Some(format!(
                "{} has {} sold: it can be cancelled (x), not moved.",
                show.movie_title,
                count(sold, "ticket", "tickets")
            ));
            return;
        }
        if show.starts_at <= week.now {
            ctx.message = Some(format!("{} has started: it stays.", show.movie_title));
            return;
        }
        s.mode = Mode::Place {
            block: Placement {
                movie: show.movie_id,
                title: show.movie_title.clone(),
                runtime: show.runtime_minutes,
                hall: show.hall_id,
                start: show.starts_at,
                price: show.price,
                moving: Some(show.id),
            },
            saving: false,
        };
    }

    fn start_cancel(&mut self, ctx: &mut Ctx) {
        let s = &mut self.schedule;
        match s.selected {
            Some(id) => s.mode = Mode::Cancel(id),
            None => {
                ctx.message = Some("Choose a showtime first (Tab moves along the hall).".into())
            }
        }
    }

    fn start_copy(&mut self, week: bool) {
        let s = &mut self.schedule;
        let Some(day) = s.day else { return };
        let from = if week { monday_of(day) } else { day };
        let to = from + Duration::days(7);
        s.mode = Mode::Copy {
            week,
            to: to.format("%Y-%m-%d").to_string(),
            clashes: Vec::new(),
        };
    }

    fn place_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let venue = Self::venue(ctx);
        let actor = ctx.actor()?;
        let s = &mut self.schedule;
        let Mode::Place { block, saving } = &mut s.mode else {
            return None;
        };
        let week = s.week.as_ref()?;
        if *saving {
            return None;
        }
        match action {
            Action::Left | Action::Right => block.nudge(action == Action::Right),
            Action::Up | Action::Down => block.other_hall(week, action == Action::Down),
            Action::Back => {
                s.mode = Mode::Browse;
                return None;
            }
            Action::Confirm => {
                let preview = block.preview(week, &venue)?;
                if !preview.clashes.is_empty() {
                    ctx.message = Some(
                        "It still clashes: take a suggestion by its number, or move it.".into(),
                    );
                    return None;
                }
                *saving = true;
                let work = match block.moving {
                    Some(showtime) => Work::Move {
                        actor,
                        showtime,
                        start: block.start,
                    },
                    None => Work::Add {
                        actor,
                        movie: block.movie,
                        hall: week.hall(block.hall)?.name.clone(),
                        start: block.start,
                        price: block.price,
                    },
                };
                return Some(Command::run(work));
            }
            _ => return None,
        }
        // The day shown follows the block, and so does the lane.
        s.day = Some(venue.business_day_of(block.start));
        if let Some(lane) = week.lane_of(block.hall) {
            s.lane = lane;
        }
        ctx.message = None;
        None
    }

    fn form_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let venue = Self::venue(ctx);
        let s = &mut self.schedule;
        let Mode::Add(form) = &mut s.mode else {
            return None;
        };
        let week = s.week.as_ref()?;
        match action {
            Action::NextField | Action::PrevField => form.next_field(action == Action::NextField),
            Action::Up | Action::Down => {
                let matches = week.matching_movies(&form.movie).len();
                form.step(action == Action::Down, matches, week.halls.len());
            }
            Action::Back => s.mode = Mode::Browse,
            Action::Confirm => match form.placement(week, &venue) {
                Ok(block) => {
                    s.day = Some(venue.business_day_of(block.start));
                    if let Some(lane) = week.lane_of(block.hall) {
                        s.lane = lane;
                    }
                    s.mode = Mode::Place {
                        block,
                        saving: false,
                    };
                }
                Err(e) => form.error = Some(e),
            },
            _ => {}
        }
        None
    }

    fn copy_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let s = &mut self.schedule;
        let Mode::Copy { week, to, .. } = &s.mode else {
            return None;
        };
        match action {
            Action::Back => {
                s.mode = Mode::Browse;
                None
            }
            Action::Confirm => {
                let Ok(target) = VenueTime::parse_date(to) else {
                    ctx.message = Some(format!("{to:?} is not a day (YYYY-MM-DD)."));
                    return None;
                };
                let day = s.day?;
                let (from, days, target): (NaiveDate, u32, NaiveDate) = if *week {
                    (monday_of(day), 7, monday_of(target))
                } else {
                    (day, 1, target)
                };
                s.mode = Mode::Browse;
                Some(Command::run(Work::Copy {
                    actor: ctx.actor()?,
                    from,
                    days,
                    to: target,
                }))
            }
            _ => None,
        }
    }
}

impl Screen for ScheduleScreen {
    fn name(&self) -> &'static str {
        "schedule"
    }

    fn scope(&self) -> &'static Scope {
        match self.schedule.mode {
            Mode::Browse => &SCOPE,
            Mode::Add(_) => &FORM,
            Mode::Place { .. } => &PLACE,
            Mode::Cancel(_) => &ASK,
            Mode::Copy { .. } => &COPY,
        }
    }

    fn typing(&self) -> Typing {
        match self.schedule.mode {
            Mode::Add(_) | Mode::Copy { .. } => Typing::Field,
            Mode::Place { .. } => Typing::Digits,
            _ => Typing::Keys,
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        match &self.schedule.mode {
            Mode::Add(_) => return self.form_action(action, ctx),
            Mode::Place { .. } => return self.place_action(action, ctx),
            Mode::Copy { .. } => return self.copy_action(action, ctx),
            Mode::Cancel(id) => {
                let id = *id;
                self.schedule.mode = Mode::Browse;
                if action == Action::Yes {
                    return Some(Command::run(Work::Cancel {
                        actor: ctx.actor()?,
                        showtime: id,
                    }));
                }
                return None;
            }
            Mode::Browse => {}
        }
        ctx.message = None;
        match action {
            Action::Move => {
                self.start_move(ctx);
                None
            }
            Action::CancelShowtime => {
                self.start_cancel(ctx);
                None
            }
            Action::Confirm => match self.schedule.selected {
                Some(id) => super::blocks::BlocksScreen::open(id, ctx),
                None => None,
            },
            Action::CopyDay | Action::CopyWeek => {
                self.start_copy(action == Action::CopyWeek);
                None
            }
            Action::WholeWeek => {
                self.schedule.whole_week = !self.schedule.whole_week;
                None
            }
            _ => {
                let venue = Self::venue(ctx);
                self.schedule.browse(action, ctx.actor()?, &venue)
            }
        }
    }

    fn on_char(&mut self, c: char, ctx: &mut Ctx) {
        let venue = Self::venue(ctx);
        let s = &mut self.schedule;
        match &mut s.mode {
            Mode::Add(form) => {
                let halls = s.week.as_ref().map_or(0, |w| w.halls.len());
                form.type_char(c, halls);
            }
            Mode::Copy { to, clashes, .. } if to.len() < 10 => {
                to.push(c);
                clashes.clear();
            }
            Mode::Place { block, saving } if !*saving => {
                let Some(week) = &s.week else { return };
                let Some(n) = c.to_digit(10) else { return };
                let Some(preview) = block.preview(week, &venue) else {
                    return;
                };
                if block.take(&preview, n as usize) {
                    ctx.message = None;
                    s.day = Some(venue.business_day_of(block.start));
                    if let Some(lane) = week.lane_of(block.hall) {
                        s.lane = lane;
                    }
                } else {
                    ctx.message = Some(format!("There is no suggestion {n}."));
                }
            }
            _ => {}
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        match &mut self.schedule.mode {
            Mode::Add(form) => form.erase(),
            Mode::Copy { to, clashes, .. } => {
                to.pop();
                clashes.clear();
            }
            _ => {}
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Schedule(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Schedule(done) = done else {
            return None;
        };
        let venue = Self::venue(ctx);
        let s = &mut self.schedule;
        match done {
            Done::Week(Ok(week)) => {
                s.loaded(week, &venue);
                None
            }
            Done::Week(Err(e)) => {
                s.loading = false;
                ctx.message = Some(e.text);
                None
            }
            Done::Changed(Ok(text)) => {
                ctx.info = Some(text);
                ctx.message = None;
                s.mode = Mode::Browse;
                s.load(ctx.actor()?, s.day.map(monday_of))
            }
            Done::CopyRefused { week, to, clashes } => {
                ctx.message = Some(format!(
                    "Nothing was copied: {} in the way.",
                    count(clashes.len() as u64, "showtime is", "showtimes are")
                ));
                s.mode = Mode::Copy {
                    week,
                    to: to.format("%Y-%m-%d").to_string(),
                    clashes,
                };
                // What another terminal changed meanwhile shows too.
                s.load(ctx.actor()?, s.day.map(monday_of))
            }
            Done::Changed(Err(e)) => {
                if let Mode::Place { saving, .. } = &mut s.mode {
                    *saving = false;
                }
                ctx.message = Some(e.text);
                // What another terminal changed meanwhile shows too.
                s.load(ctx.actor()?, s.day.map(monday_of))
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) -> Option<Command> {
        if matches!(self.schedule.mode, Mode::Place { saving: true, .. }) {
            return None;
        }
        let around = self.schedule.day.map(monday_of);
        self.schedule.load(ctx.actor()?, around)
    }

    fn note(&self, _ctx: &Ctx) -> Option<String> {
        self.schedule.week.as_ref().map(Week::range)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.schedule, frame, area, ctx);
    }
}
