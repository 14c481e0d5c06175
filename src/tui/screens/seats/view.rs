//! Drawing the seat grid screen: the showtime, the hall's live seat map, the legend, this
//! cashier's seats with the hold's countdown, and the keys.

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::booking::model::SeatState;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screens::message_line;
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};
use crate::tui::widgets::seat_grid::{SeatGrid, legend};
use crate::tui::widgets::spinner;

use super::SeatsState;

const HINTS: &[Hint<'static>] = &[
    (
        &[Action::Left, Action::Down, Action::Up, Action::Right],
        "move",
    ),
    (&[Action::Toggle], "seat"),
    (&[Action::Best], "best N"),
    (&[Action::Confirm], "checkout"),
    (&[Action::Back], "back"),
    (&[Action::Help], "help"),
];

/// Wraps the legend's entries into as few lines as the width allows.
fn legend_lines(ctx: &Ctx, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut current: Vec<Span> = vec![Span::raw(" ")];
    let mut used = 1;
    for (sample, word) in legend(&ctx.theme) {
        let w = sample.width() + 1 + word.chars().count() + 3;
        if used + w > usize::from(width) && current.len() > 1 {
            lines.push(Line::from(std::mem::take(&mut current)));
            current.push(Span::raw(" "));
            used = 1;
        }
        current.push(sample);
        current.push(Span::styled(format!(" {word}   "), theme::HINT));
        used += w;
    }
    lines.push(Line::from(current));
    lines
}

/// The screen's parts, from top to bottom, for a screen drawn in `area`: the same for
/// drawing and for the mouse.
fn layout(ctx: &Ctx, area: Rect) -> (Vec<Line<'static>>, [Rect; 6]) {
    let legend = legend_lines(ctx, area.width);
    let areas = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(legend.len() as u16),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    (legend, areas)
}

/// Where the grid is, for a screen drawn in `area`.
pub fn grid_area(ctx: &Ctx, area: Rect) -> Rect {
    layout(ctx, area).1[1]
}

pub fn render(seats: &SeatsState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let (legend, [header, grid, legend_area, cursor_line, order_line, footer]) = layout(ctx, area);
    render_header(ctx, seats, frame, header);
    if seats.loaded {
        frame.render_widget(
            SeatGrid {
                plan: &seats.plan,
                looks: &seats.looks,
                cursor: seats.cursor,
                theme: &ctx.theme,
            },
            grid,
        );
    } else {
        frame.render_widget(
            Paragraph::new(format!(
                "\n {} Reading the seats…",
                spinner::frame(ctx.ticks)
            )),
            grid,
        );
    }
    frame.render_widget(Paragraph::new(legend), legend_area);
    frame.render_widget(cursor_text(ctx, seats), cursor_line);
    frame.render_widget(order_text(ctx, seats), order_line);
    let line = message_line(ctx).unwrap_or_else(|| {
        let mut hints = hint_line(&ctx.keymap, HINTS, false);
        hints.spans.insert(0, Span::raw(" "));
        hints
    });
    frame.render_widget(line, footer);
}

fn render_header(ctx: &Ctx, seats: &SeatsState, frame: &mut Frame, area: Rect) {
    let s = &seats.showtime;
    let venue = ctx.context.venue;
    let counts = &seats.counts;
    let right = if seats.loaded {
        format!(
            "{} free · {} held · {} sold ",
            counts.free, counts.held, counts.sold
        )
    } else {
        String::new()
    };
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(area);
    // What does not fit is left out whole, least useful first, never cut mid-word.
    let mut spans = vec![Span::styled(
        format!(
            " {} {}",
            venue.to_local(s.starts_at).format("%a %-d %b %H:%M"),
            s.title_and_rating()
        ),
        theme::TITLE,
    )];
    let mut used = spans[0].width();
    for extra in [
        format!(" · {}", s.hall_name),
        format!(" · {} {}", s.price, ctx.context.currency),
        format!(" · {} min", s.runtime_minutes),
    ] {
        let w = extra.chars().count();
        if used + w < usize::from(left_area.width) {
            used += w;
            spans.push(Span::raw(extra));
        }
    }
    frame.render_widget(Line::from(spans), left_area);
    frame.render_widget(Line::from(right).right_aligned(), right_area);
}

/// What the seat under the cursor is.
fn cursor_text(ctx: &Ctx, seats: &SeatsState) -> Line<'static> {
    let Some(seat) = seats.cursor_seat() else {
        return Line::default();
    };
    let state = match &seat.state {
        SeatState::Free => "free".to_string(),
        SeatState::HeldByMe { .. } => "held by you".to_string(),
        SeatState::Held { by, until } => format!(
            "held by {by}, {} left",
            format_left(*until - (ctx.now + seats.skew))
        ),
        SeatState::Sold => "sold".to_string(),
        SeatState::Broken => "broken".to_string(),
        SeatState::Blocked => "blocked for this showtime".to_string(),
    };
    let count = if seats.count.is_empty() {
        String::new()
    } else {
        format!(
            "   {} seats: {} takes the best together",
            seats.count,
            ctx.keymap.first_keys(&[Action::Best])
        )
    };
    Line::from(vec![
        Span::raw(format!(
            " {} · {} · {state}",
            seat.seat.label(),
            seat.seat.kind.as_str()
        )),
        Span::styled(count, theme::TITLE),
    ])
}

/// This cashier's seats and the hold's countdown, warning in its last minute.
fn order_text(ctx: &Ctx, seats: &SeatsState) -> Line<'static> {
    let mine: Vec<String> = seats.mine().iter().map(|s| s.seat.label()).collect();
    if mine.is_empty() && !seats.in_flight {
        return Line::styled(" No seats held.", theme::HINT);
    }
    let mut spans = vec![Span::styled(
        format!(" Your seats: {} ({})", mine.join(" "), mine.len()),
        theme::TITLE,
    )];
    if seats.in_flight || !seats.queue.is_empty() {
        spans.push(Span::raw(format!(" {}", spinner::frame(ctx.ticks))));
    }
    if let Some(left) = seats.remaining(ctx.now) {
        let text = format!("   hold {} left", format_left(left));
        if left < Duration::minutes(1) {
            spans.push(Span::styled(text, ctx.theme.warning));
            spans.push(Span::styled(
                format!(" · {} extends", ctx.keymap.first_keys(&[Action::Extend])),
                ctx.theme.warning,
            ));
        } else {
            spans.push(Span::raw(text));
        }
    }
    Line::from(spans)
}

/// "4:05", "0:42".
pub fn format_left(left: Duration) -> String {
    let secs = left.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}
