//! The bottom line of every screen: the venue, which database, and the venue's clock.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::theme;

pub struct StatusBar<'a> {
    pub venue: &'a str,
    pub backend: &'a str,
    /// Already formatted: the widget does not read a clock.
    pub clock: &'a str,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, theme::STATUS_BAR);
        let clock_width = self.clock.chars().count() as u16 + 2;
        let [left, right] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(clock_width)]).areas(area);
        Line::from(format!(" {}  ·  {}", self.venue, self.backend)).render(left, buf);
        Line::from(format!("{} ", self.clock))
            .right_aligned()
            .render(right, buf);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn venue_left_clock_right() {
        let area = Rect::new(0, 0, 50, 1);
        let mut buf = Buffer::empty(area);
        StatusBar {
            venue: "Kino Aurora",
            backend: "SQLite",
            clock: "Tue 1 Dec 17:42:05",
        }
        .render(area, &mut buf);
        let line: String = (0..50).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(line, " Kino Aurora  ·  SQLite        Tue 1 Dec 17:42:05 ");
        assert_eq!(
            buf[(0, 0)].style().add_modifier,
            theme::STATUS_BAR.add_modifier
        );
    }
}
