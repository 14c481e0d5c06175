//! The TUI's state and how it changes (Elm style): `handle` takes an event and returns the
//! work to do next; rendering reads the state and never touches the database.

use chrono::{Duration, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::core::venue_time::VenueTime;
use crate::demo::DemoSummary;
use crate::screening::model::Showtime;

use super::event::{Command, Event, Loaded};
use super::keymap::{Action, action_for};

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// The database is empty: load a demo cinema?
    DemoOffer,
    Seeding,
    /// The demo's staff passwords, shown this once.
    Accounts(DemoSummary),
    Showtimes,
}

/// What the header and status bar say about where we are.
#[derive(Debug, Clone)]
pub struct Context {
    pub venue_name: String,
    pub currency: String,
    pub backend: String,
    pub venue: VenueTime,
}

#[derive(Debug, Clone)]
pub struct App {
    pub context: Context,
    pub screen: Screen,
    pub today: Option<NaiveDate>,
    pub day: Option<NaiveDate>,
    pub showtimes: Vec<Showtime>,
    pub loading: bool,
    pub selected: usize,
    pub filter: String,
    pub filter_editing: bool,
    pub help: bool,
    /// A problem to show on the message line (never a crash).
    pub message: Option<String>,
    /// The venue's wall clock, "HH:MM:SS", set on every tick.
    pub clock: String,
    pub quit: bool,
}

impl App {
    pub fn new(context: Context, offer_demo: bool) -> (App, Vec<Command>) {
        let app = App {
            context,
            screen: if offer_demo {
                Screen::DemoOffer
            } else {
                Screen::Showtimes
            },
            today: None,
            day: None,
            showtimes: Vec::new(),
            loading: !offer_demo,
            selected: 0,
            filter: String::new(),
            filter_editing: false,
            help: false,
            message: None,
            clock: String::new(),
            quit: false,
        };
        let first = if offer_demo {
            Vec::new()
        } else {
            vec![Command::LoadToday]
        };
        (app, first)
    }

    /// The showtimes shown: the day's, narrowed by the filter (movie title, any case).
    pub fn visible(&self) -> Vec<&Showtime> {
        let needle = self.filter.to_lowercase();
        self.showtimes
            .iter()
            .filter(|s| needle.is_empty() || s.movie_title.to_lowercase().contains(&needle))
            .collect()
    }

    pub fn handle(&mut self, event: Event) -> Vec<Command> {
        match event {
            Event::Key(key) => self.key(key),
            Event::Loaded(loaded) => self.loaded(loaded),
            Event::Tick | Event::Resize(..) | Event::Mouse(_) => Vec::new(),
        }
    }

    fn load_day(&mut self, day: NaiveDate) -> Vec<Command> {
        self.day = Some(day);
        self.loading = true;
        vec![Command::LoadShowtimes(day)]
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Command> {
        if self.filter_editing {
            return self.filter_key(key);
        }
        let Some(action) = action_for(&key) else {
            return Vec::new();
        };
        if self.help {
            // Any key closes the help; q still quits.
            self.help = false;
            if action != Action::Quit {
                return Vec::new();
            }
        }
        match (&self.screen, action) {
            (_, Action::Quit) => {
                self.quit = true;
                vec![Command::Quit]
            }
            (_, Action::Help) => {
                self.help = true;
                Vec::new()
            }
            (Screen::DemoOffer, Action::Yes) => {
                self.screen = Screen::Seeding;
                vec![Command::SeedDemo]
            }
            (Screen::DemoOffer, Action::No) => {
                self.screen = Screen::Showtimes;
                self.loading = true;
                vec![Command::LoadToday]
            }
            (Screen::Accounts(_), Action::Confirm) => {
                self.screen = Screen::Showtimes;
                self.loading = true;
                vec![Command::LoadToday]
            }
            (Screen::Showtimes, a) => self.showtimes_action(a),
            _ => Vec::new(),
        }
    }

    fn showtimes_action(&mut self, action: Action) -> Vec<Command> {
        let count = self.visible().len();
        match action {
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            Action::Down => {
                if self.selected + 1 < count {
                    self.selected += 1;
                }
                Vec::new()
            }
            Action::PrevDay => match self.day {
                Some(d) => self.load_day(d - Duration::days(1)),
                None => Vec::new(),
            },
            Action::NextDay => match self.day {
                Some(d) => self.load_day(d + Duration::days(1)),
                None => Vec::new(),
            },
            Action::Today => vec![Command::LoadToday],
            Action::Reload => match self.day {
                Some(d) => self.load_day(d),
                None => vec![Command::LoadToday],
            },
            Action::Filter => {
                self.filter_editing = true;
                Vec::new()
            }
            Action::Back => {
                self.filter.clear();
                self.selected = 0;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn filter_key(&mut self, key: KeyEvent) -> Vec<Command> {
        match key.code {
            KeyCode::Esc => {
                self.filter.clear();
                self.filter_editing = false;
            }
            KeyCode::Enter => self.filter_editing = false,
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.quit = true;
                return vec![Command::Quit];
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.push(c)
            }
            _ => {}
        }
        self.selected = 0;
        Vec::new()
    }

    fn loaded(&mut self, loaded: Loaded) -> Vec<Command> {
        match loaded {
            Loaded::Today(Ok(day)) => {
                self.today = Some(day);
                self.load_day(day)
            }
            Loaded::Today(Err(e)) | Loaded::Demo(Err(e)) => {
                self.loading = false;
                self.message = Some(e);
                if self.screen == Screen::Seeding {
                    self.screen = Screen::Showtimes;
                    return vec![Command::LoadToday];
                }
                Vec::new()
            }
            Loaded::Showtimes { day, result } => {
                // An answer for a day no longer shown is stale: ignore it.
                if Some(day) != self.day {
                    return Vec::new();
                }
                self.loading = false;
                match result {
                    Ok(list) => {
                        self.showtimes = list;
                        self.message = None;
                        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
                    }
                    Err(e) => self.message = Some(e),
                }
                Vec::new()
            }
            Loaded::Demo(Ok(summary)) => {
                self.screen = Screen::Accounts(summary);
                Vec::new()
            }
        }
    }
}
