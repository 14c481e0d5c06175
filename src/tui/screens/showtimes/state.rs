//! The showtimes screen's state, and how its actions change it. No drawing, no I/O.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::booking::service::SeatCounts;
use crate::screening::model::Showtime;
use crate::tui::event::Command;
use crate::tui::keymap::Action;
use crate::vocab::ShowtimeId;

use super::Work;

#[derive(Debug, Default)]
pub struct ShowtimesState {
    /// The venue's business day now, once known.
    pub today: Option<NaiveDate>,
    /// The day shown (or being loaded).
    pub day: Option<NaiveDate>,
    /// The showtimes of `listed_day`, in start order.
    pub list: Vec<Showtime>,
    listed_day: Option<NaiveDate>,
    pub loading: bool,
    /// Index into `visible()`.
    pub selected: usize,
    pub filter: String,
    pub editing_filter: bool,
    /// The user declined demo data on an empty database: the empty list says how to add
    /// data, until some arrives.
    pub database_empty: bool,
    /// Free, held and sold seats per showtime, kept up to date from the seat feed.
    pub availability: HashMap<ShowtimeId, SeatCounts>,
    pub availability_loading: bool,
    /// Showtimes to read again once the read under way is done.
    pub availability_wanted: HashSet<ShowtimeId>,
}

impl ShowtimesState {
    /// The showtimes shown: the day's, narrowed by the filter (movie title, any case).
    pub fn visible(&self) -> Vec<&Showtime> {
        let needle = self.filter.to_lowercase();
        self.list
            .iter()
            .filter(|s| needle.is_empty() || s.movie_title.to_lowercase().contains(&needle))
            .collect()
    }

    pub fn selected_showtime(&self) -> Option<&Showtime> {
        self.visible().get(self.selected).copied()
    }

    pub fn action(&mut self, action: Action) -> Option<Command> {
        match action {
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                if self.selected + 1 < self.visible().len() {
                    self.selected += 1;
                }
                None
            }
            Action::PrevDay => {
                let day = self.day?.pred_opt()?;
                self.show_day(day)
            }
            Action::NextDay => {
                let day = self.day?.succ_opt()?;
                self.show_day(day)
            }
            // Asked afresh: past the start of the next business day, today has moved on.
            Action::Today => {
                self.loading = true;
                Some(Command::run(Work::LoadToday))
            }
            Action::Reload => match self.day {
                Some(day) => self.show_day(day),
                None => self.action(Action::Today),
            },
            Action::Filter => {
                self.editing_filter = true;
                None
            }
            Action::Confirm => {
                // Keeps the filter typed so far.
                self.editing_filter = false;
                None
            }
            Action::Back => {
                self.editing_filter = false;
                self.filter.clear();
                self.selected = 0;
                None
            }
            _ => None,
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.selected = 0;
    }

    /// Backspace; on an empty filter it leaves the field.
    pub fn erase(&mut self) {
        if self.filter.pop().is_none() {
            self.editing_filter = false;
        }
        self.selected = 0;
    }

    fn show_day(&mut self, day: NaiveDate) -> Option<Command> {
        if self.listed_day != Some(day) {
            // Never show one day's list under another day's header while loading.
            self.list.clear();
            self.listed_day = None;
            self.selected = 0;
        }
        self.day = Some(day);
        self.loading = true;
        Some(Command::run(Work::LoadShowtimes(day)))
    }

    /// The business day now is known: show it.
    pub fn today_is(&mut self, day: NaiveDate) -> Option<Command> {
        self.today = Some(day);
        self.show_day(day)
    }

    /// The day's list arrived. A reload keeps the selected showtime; a fresh day selects
    /// the next one to start (today) or the first.
    pub fn loaded(&mut self, list: Vec<Showtime>, now: DateTime<Utc>) {
        let keep = self
            .selected_showtime()
            .filter(|_| self.listed_day == self.day)
            .map(|s| s.id);
        self.list = list;
        self.listed_day = self.day;
        self.loading = false;
        if !self.list.is_empty() {
            self.database_empty = false;
        }
        let visible = self.visible();
        let kept = keep.and_then(|id| visible.iter().position(|s| s.id == id));
        let next = || {
            (self.day == self.today)
                .then(|| visible.iter().position(|s| s.starts_at >= now))
                .flatten()
        };
        self.selected = kept.or_else(next).unwrap_or(0);
    }
}
