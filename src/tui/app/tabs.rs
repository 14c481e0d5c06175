//! A manager's tabs beside the counter. Each tab is a `Stack` of its own, opened the
//! first time it is chosen and kept while another is in front; the one in front lives
//! in `App::stack`, so everything else in the app is the same with or without tabs. A
//! cashier has no tabs at all: nothing is drawn and no tab key means anything.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::identity::Role;
use crate::tui::ctx::Ctx;
use crate::tui::screens::Screen;
use crate::tui::screens::halls::HallsScreen;
use crate::tui::screens::movies::MoviesScreen;
use crate::tui::screens::prices::PricesScreen;
use crate::tui::screens::schedule::ScheduleScreen;
use crate::tui::theme;

use super::Stack;

/// One of the manager's tabs: its title and how its first screen opens.
pub struct Tab {
    pub title: &'static str,
    open: fn(&'static str, &Ctx) -> Box<dyn Screen>,
}

impl Tab {
    /// A tab whose first screen `open` makes.
    pub const fn new(title: &'static str, open: fn(&'static str, &Ctx) -> Box<dyn Screen>) -> Tab {
        Tab { title, open }
    }
}

/// The manager's tabs after the counter, in order. Adding a tab is one line here.
pub const MANAGER_TABS: &[Tab] = &[
    Tab::new("Schedule", |_, _| Box::new(ScheduleScreen::new())),
    Tab::new("Halls", |_, _| Box::new(HallsScreen::new())),
    Tab::new("Movies", |_, _| Box::new(MoviesScreen::new())),
    Tab::new("Prices", |_, _| Box::new(PricesScreen::new())),
    Tab::new("Staff", crate::tui::screens::staff::tab),
    Tab::new("Floor", crate::tui::screens::floor::tab),
    Tab::new("Reports", crate::tui::screens::reports::tab),
    Tab::new("Audit", crate::tui::screens::audit::tab),
];

/// The first tab, where the login lands: the cashier's screens.
const COUNTER: &str = "Counter";

/// The tabs of the session: none for a cashier.
#[derive(Default)]
pub struct Tabs {
    /// The tabs after the counter; empty for anyone but a manager.
    list: &'static [Tab],
    /// Every tab's stack but the one in front (which is `App::stack`); `None` for a tab
    /// never opened, and for the one in front.
    parked: Vec<Option<Stack>>,
    active: usize,
}

impl Tabs {
    pub fn for_role(role: Option<Role>) -> Tabs {
        let list: &'static [Tab] = match role {
            Some(Role::Manager) => MANAGER_TABS,
            _ => &[],
        };
        Tabs {
            list,
            parked: (0..=list.len()).map(|_| None).collect(),
            active: 0,
        }
    }

    /// Are there tabs to show?
    pub fn shown(&self) -> bool {
        !self.list.is_empty()
    }

    pub fn active(&self) -> usize {
        self.active
    }

    pub fn count(&self) -> usize {
        if self.shown() { self.list.len() + 1 } else { 0 }
    }

    pub fn title(&self, tab: usize) -> Option<&'static str> {
        match tab {
            0 if self.shown() => Some(COUNTER),
            n => self.list.get(n.wrapping_sub(1)).map(|t| t.title),
        }
    }

    /// Puts the stack in `front` away and brings tab `to`'s there (opening it if it
    /// never was).
    pub fn switch(&mut self, to: usize, front: &mut Stack, ctx: &Ctx) {
        let next = match self.parked.get_mut(to).and_then(Option::take) {
            Some(stack) => stack,
            None => {
                let tab = &self.list[to - 1];
                Stack::new((tab.open)(tab.title, ctx))
            }
        };
        let away = std::mem::replace(front, next);
        if let Some(slot) = self.parked.get_mut(self.active) {
            *slot = Some(away);
        }
        self.active = to;
    }

    /// The tabs put away, with their place, for answers meant for one of them.
    pub fn parked_mut(&mut self) -> impl Iterator<Item = (usize, &mut Stack)> {
        self.parked
            .iter_mut()
            .enumerate()
            .filter_map(|(i, s)| s.as_mut().map(|s| (i, s)))
    }

    /// Swaps a parked tab's stack with `other` (for routing an answer to it).
    pub fn swap_parked(&mut self, tab: usize, other: &mut Stack) {
        if let Some(Some(stack)) = self.parked.get_mut(tab) {
            std::mem::swap(stack, other);
        }
    }

    /// Where each title sits on the tab line: (tab, first column, width).
    fn places(&self, area: Rect) -> Vec<(usize, u16, u16)> {
        let mut x = area.x + 1;
        (0..self.count())
            .filter_map(|i| {
                let title = self.title(i)?;
                let width = title.chars().count() as u16 + 2;
                let place = (i, x, width);
                x = x.saturating_add(width);
                Some(place)
            })
            .collect()
    }

    /// The tab under a click on the tab line.
    pub fn hit(&self, x: u16, area: Rect) -> Option<usize> {
        self.places(area)
            .into_iter()
            .find(|(_, start, width)| (*start..start + width).contains(&x))
            .map(|(i, _, _)| i)
    }
}

/// The tab line: every title, the one in front marked, and on the right what the screen
/// in front says about itself (the week shown, for the Schedule).
pub struct TabLine<'a> {
    pub tabs: &'a Tabs,
    pub note: Option<String>,
    pub selected: Style,
}

impl Widget for TabLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let places = self.tabs.places(area);
        let used = places.last().map_or(area.x, |(_, x, w)| x + w);
        for (i, x, width) in places {
            let title = self.tabs.title(i).unwrap_or("");
            let style = if i == self.tabs.active {
                self.selected
            } else {
                Style::new()
            };
            let span = Span::styled(format!(" {title} "), style);
            buf.set_span(x, area.y, &span, width);
        }
        if let Some(note) = self.note {
            let width = note.chars().count() as u16 + 1;
            // Only where it leaves every title whole.
            if used + width < area.x + area.width {
                let line = Line::styled(note, theme::TITLE);
                buf.set_line(area.x + area.width - width, area.y, &line, width);
            }
        }
    }
}
