//! The frame every manager's screen shares: a title line with the venue and a state on
//! the right, and a footer that is the message line when there is something to say, else
//! the screen's key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::tui::ctx::Ctx;
use crate::tui::screens::message_line;
use crate::tui::theme;

use super::hints::{Hint, hint_line};
use super::spinner;

/// The title line: venue and screen on the left; on the right a spinner while `loading`,
/// else `right`.
pub fn header(frame: &mut Frame, area: Rect, ctx: &Ctx, title: &str, loading: bool, right: &str) {
    let right = if loading {
        format!("{} loading ", spinner::frame(ctx.ticks))
    } else {
        format!("{right} ")
    };
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!(" {}", ctx.context.venue_name), theme::TITLE),
            Span::raw(format!("  {title}")),
        ]),
        left_area,
    );
    frame.render_widget(Line::from(right).right_aligned(), right_area);
}

/// The footer: the message line, else the hints.
pub fn footer(frame: &mut Frame, area: Rect, ctx: &Ctx, hints: &[Hint<'_>]) {
    let line = message_line(ctx).unwrap_or_else(|| {
        let mut hints = hint_line(&ctx.keymap, hints, false);
        hints.spans.insert(0, Span::raw(" "));
        hints
    });
    frame.render_widget(line, area);
}

/// A share of `width` cells as a bar of full and partial blocks, for tables with bars.
pub fn bar(value: i64, max: i64, width: u16) -> String {
    if max <= 0 || value <= 0 || width == 0 {
        return String::new();
    }
    const PARTS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let eighths = (value.min(max) as i128 * i128::from(width) * 8 / max as i128) as usize;
    let mut text = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        text.push(PARTS[eighths % 8 - 1]);
    }
    if text.is_empty() {
        // Something sold shows, however little.
        text.push('▏');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_scale_to_the_largest_and_show_any_sale() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 1000, 4), "▏");
        assert_eq!(bar(0, 10, 4), "");
        assert_eq!(bar(3, 8, 1), "▍");
    }
}
