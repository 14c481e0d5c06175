//! A bordered box centred over the screen, for questions, notices and the help overlay.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget, Wrap};

use crate::tui::theme;

pub struct Dialog<'a> {
    pub title: &'a str,
    pub body: Text<'a>,
    /// The widest the box may be, borders included; it shrinks on narrow screens.
    pub max_width: u16,
}

impl Dialog<'_> {
    /// The box's area: as tall as its lines (wrapped to its width), centred.
    pub fn area(&self, screen: Rect) -> Rect {
        let width = self.max_width.min(screen.width);
        let inner = width.saturating_sub(4).max(1) as usize;
        let lines: usize = self
            .body
            .lines
            .iter()
            .map(|l| l.width().div_ceil(inner).max(1))
            .sum();
        let height = (lines as u16).saturating_add(2).min(screen.height);
        centred(screen, width, height)
    }
}

impl Widget for Dialog<'_> {
    fn render(self, screen: Rect, buf: &mut Buffer) {
        let area = self.area(screen);
        Clear.render(area, buf);
        let block = Block::bordered()
            .title(Line::styled(format!(" {} ", self.title), theme::TITLE))
            .padding(Padding::horizontal(1));
        Paragraph::new(self.body)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(area, buf);
    }
}

/// A `width` x `height` rectangle in the middle of `area` (clipped to it).
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
