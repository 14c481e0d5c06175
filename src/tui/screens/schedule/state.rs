//! The Schedule's state and how keys change it. No drawing, no I/O: work to do comes
//! back as a command.

use chrono::{Duration, NaiveDate};

use crate::identity::User;
use crate::tui::event::Command;
use crate::tui::keymap::Action;
use crate::vocab::ShowtimeId;
use crate::vocab::venue_time::VenueTime;

use super::form::AddForm;
use super::place::Placement;
use super::week::{Week, monday_of};
use super::work::Work;

/// What the keys are doing now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Browse,
    /// Filling in a new showtime.
    Add(AddForm),
    /// Placing a block, new or moved, with the clash preview; `saving` once sent.
    Place {
        block: Placement,
        saving: bool,
    },
    /// Asking before a cancellation refunds every ticket.
    Cancel(ShowtimeId),
    /// Copying the day (or the week) shown to the one typed; `clashes`: why the last
    /// try copied nothing, one line per showtime in the way.
    Copy {
        week: bool,
        to: String,
        clashes: Vec<String>,
    },
}

#[derive(Debug)]
pub struct ScheduleState {
    pub week: Option<Week>,
    pub loading: bool,
    /// The day shown; `None` until today is known.
    pub day: Option<NaiveDate>,
    /// The hall (lane) the cursor is on.
    pub lane: usize,
    pub selected: Option<ShowtimeId>,
    pub mode: Mode,
    /// The timeline shows the whole week (a column a day) rather than the day chosen;
    /// the keys still move by day, hall and showtime.
    pub whole_week: bool,
}

impl Default for ScheduleState {
    fn default() -> Self {
        ScheduleState {
            week: None,
            loading: false,
            day: None,
            lane: 0,
            selected: None,
            mode: Mode::Browse,
            whole_week: false,
        }
    }
}

impl ScheduleState {
    pub fn load(&mut self, actor: User, around: Option<NaiveDate>) -> Option<Command> {
        self.loading = true;
        Some(Command::run(Work::LoadWeek { actor, around }))
    }

    /// A new week arrived: the day stays if it is in it, else the week's first (today's).
    pub fn loaded(&mut self, week: Week, venue: &VenueTime) {
        self.loading = false;
        let day = match self.day {
            Some(day) if week.holds(day) => day,
            _ if week.holds(week.today) => week.today,
            _ => week.monday,
        };
        self.day = Some(day);
        self.lane = self.lane.min(week.halls.len().saturating_sub(1));
        self.week = Some(week);
        if self
            .selected
            .and_then(|id| self.week.as_ref()?.showtime(id))
            .is_none()
        {
            self.selected = None;
            self.select_in_lane(venue, 0, true);
        }
    }

    /// The lane's blocks of the day shown.
    fn lane_blocks(&self, venue: &VenueTime) -> Vec<ShowtimeId> {
        let (Some(week), Some(day)) = (&self.week, self.day) else {
            return Vec::new();
        };
        let Some(hall) = week.halls.get(self.lane) else {
            return Vec::new();
        };
        week.in_lane(venue, day, hall.id)
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    /// Moves the cursor `step` blocks along its lane (0: the first, if none is chosen).
    fn select_in_lane(&mut self, venue: &VenueTime, step: isize, keep_if_none: bool) {
        let blocks = self.lane_blocks(venue);
        if blocks.is_empty() {
            if !keep_if_none {
                self.selected = None;
            }
            return;
        }
        let at = self
            .selected
            .and_then(|id| blocks.iter().position(|b| *b == id));
        let i = match at {
            Some(i) => (i as isize + step).clamp(0, blocks.len() as isize - 1) as usize,
            None => 0,
        };
        self.selected = Some(blocks[i]);
    }

    fn lane_nearest(&mut self, venue: &VenueTime) {
        let start = self
            .selected
            .and_then(|id| self.week.as_ref()?.showtime(id))
            .map(|s| s.starts_at);
        let blocks = self.lane_blocks(venue);
        let week = self.week.as_ref();
        self.selected = match (start, week) {
            (Some(start), Some(week)) => blocks
                .iter()
                .filter_map(|id| week.showtime(*id))
                .min_by_key(|s| (s.starts_at - start).num_minutes().abs())
                .map(|s| s.id),
            _ => blocks.first().copied(),
        };
    }

    /// Shows another day, reading its week if it is not the one in memory.
    fn go_to(&mut self, actor: User, venue: &VenueTime, day: NaiveDate) -> Option<Command> {
        self.day = Some(day);
        self.selected = None;
        if self.week.as_ref().is_some_and(|w| w.holds(day)) {
            self.select_in_lane(venue, 0, false);
            return None;
        }
        self.load(actor, Some(monday_of(day)))
    }

    pub fn browse(&mut self, action: Action, actor: User, venue: &VenueTime) -> Option<Command> {
        let halls = self.week.as_ref().map_or(0, |w| w.halls.len());
        match action {
            Action::Up | Action::Down => {
                if halls > 0 {
                    self.lane = if action == Action::Down {
                        (self.lane + 1).min(halls - 1)
                    } else {
                        self.lane.saturating_sub(1)
                    };
                    self.lane_nearest(venue);
                }
                None
            }
            Action::NextField | Action::PrevField => {
                let step = if action == Action::NextField { 1 } else { -1 };
                self.select_in_lane(venue, step, false);
                None
            }
            Action::PrevDay | Action::NextDay | Action::PrevWeek | Action::NextWeek => {
                let days = match action {
                    Action::PrevDay => -1,
                    Action::NextDay => 1,
                    Action::PrevWeek => -7,
                    _ => 7,
                };
                let day = self.day? + Duration::days(days);
                self.go_to(actor, venue, day)
            }
            Action::Today => {
                let today = self.week.as_ref()?.today;
                self.go_to(actor, venue, today)
            }
            Action::Reload => self.load(actor, self.day.map(monday_of)),
            Action::Add => {
                let day = self.day?;
                self.mode = Mode::Add(AddForm::new(self.lane, day));
                None
            }
            _ => None,
        }
    }
}
