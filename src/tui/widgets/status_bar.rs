//! The bottom line of every screen: who is logged in and whether their shift is open,
//! the venue, which database and whether it answers, work under way, and the venue's
//! clock.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::theme;

pub struct StatusBar<'a> {
    /// "anna (cashier)", once logged in.
    pub user: Option<&'a str>,
    /// Whether the user's shift is open, once known.
    pub shift: Option<bool>,
    pub venue: &'a str,
    pub backend: &'a str,
    /// The last call reached the database.
    pub online: bool,
    /// A spinner and what it waits for, when something takes a while.
    pub busy: Option<&'a str>,
    /// Already formatted: the widget does not read a clock.
    pub clock: &'a str,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, theme::STATUS_BAR);
        // Busy: the spinner takes the date's room; the time stays.
        let right = match self.busy {
            Some(busy) => {
                let time = self.clock.rsplit(' ').next().unwrap_or(self.clock);
                format!("  {busy}   {time} ")
            }
            None => format!("  {} ", self.clock),
        };
        let [left, right_area] = Layout::horizontal([
            Constraint::Min(0),
            Constraint::Length(right.chars().count() as u16),
        ])
        .areas(area);
        let state = if self.online {
            "connected"
        } else {
            "NOT CONNECTED"
        };
        let mut who = String::from(" ");
        if let Some(user) = self.user {
            who.push_str(user);
            who.push_str(" · ");
        }
        match self.shift {
            Some(true) => who.push_str("shift open · "),
            Some(false) => who.push_str("no shift · "),
            None => {}
        }
        let database = format!("{}, {state}", self.backend);
        let text = format!("{who}{} · {database}", self.venue);
        // Narrow: the venue's name (in every screen's title) gives way first.
        let text = if text.chars().count() > usize::from(left.width) && self.shift.is_some() {
            format!("{who}{database}")
        } else {
            text
        };
        Line::from(text).render(left, buf);
        Line::from(right).right_aligned().render(right_area, buf);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn line(bar: StatusBar, width: u16) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        bar.render(area, &mut buf);
        (0..width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn user_venue_database_left_clock_right() {
        let bar = StatusBar {
            user: Some("anna (cashier)"),
            shift: None,
            venue: "Kino Aurora",
            backend: "SQLite",
            online: true,
            busy: None,
            clock: "Tue 1 Dec 17:42:05",
        };
        assert_eq!(
            line(bar, 80),
            " anna (cashier) · Kino Aurora · SQLite, connected            Tue 1 Dec 17:42:05 "
        );
        let bar = StatusBar {
            user: None,
            shift: None,
            venue: "Kino Aurora",
            backend: "PostgreSQL",
            online: false,
            busy: Some("⠙ holding seats"),
            clock: "Tue 1 Dec 17:42:05",
        };
        let text = line(bar, 80);
        assert!(
            text.starts_with(" Kino Aurora · PostgreSQL, NOT CONNECTED"),
            "{text}"
        );
        assert!(text.ends_with("⠙ holding seats   17:42:05 "), "{text}");
    }

    #[test]
    fn the_shift_is_said_and_the_venue_gives_way_when_narrow() {
        let bar = |shift| StatusBar {
            user: Some("anna (cashier)"),
            shift,
            venue: "Kino Aurora",
            backend: "SQLite",
            online: true,
            busy: None,
            clock: "Tue 1 Dec 17:42:05",
        };
        assert_eq!(
            line(bar(Some(true)), 100),
            " anna (cashier) · shift open · Kino Aurora · SQLite, connected                   Tue 1 Dec 17:42:05 "
        );
        assert_eq!(
            line(bar(Some(false)), 80),
            " anna (cashier) · no shift · SQLite, connected               Tue 1 Dec 17:42:05 "
        );
    }
}
