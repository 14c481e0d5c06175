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
use crate::vocab::text::count;

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

/// Where a line starts, for entries of these widths wrapped greedily at `width`.
fn wrap_points(widths: &[usize], width: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut used = 1;
    for (i, w) in widths.iter().enumerate() {
        if used + w > width && i > *starts.last().unwrap_or(&0) {
            starts.push(i);
            used = 1;
        }
        used += w;
    }
    starts
}

/// Where the legend's lines start: as few lines as `width` allows, and as even as they
/// can be, so no entry is left alone on a line of its own.
pub fn balanced_wrap(widths: &[usize], width: usize) -> Vec<usize> {
    let lines = wrap_points(widths, width).len();
    let total: usize = widths.iter().sum();
    // The narrowest width that still needs no more lines.
    (total / lines..width)
        .map(|w| wrap_points(widths, w))
        .find(|starts| starts.len() == lines)
        .unwrap_or_else(|| wrap_points(widths, width))
}

/// The legend's entries, wrapped into as few and as even lines as the width allows.
fn legend_lines(ctx: &Ctx, width: u16) -> Vec<Line<'static>> {
    let entries = legend(&ctx.theme);
    let widths: Vec<usize> = entries
        .iter()
        .map(|(sample, word)| sample.width() + 1 + word.chars().count() + 3)
        .collect();
    let starts = balanced_wrap(&widths, usize::from(width));
    let mut lines = Vec::new();
    let mut current: Vec<Span> = vec![Span::raw(" ")];
    for (i, (sample, word)) in entries.into_iter().enumerate() {
        if i > 0 && starts.contains(&i) {
            lines.push(Line::from(std::mem::take(&mut current)));
            current.push(Span::raw(" "));
        }
        current.push(sample);
        current.push(Span::styled(format!(" {word}   "), theme::HINT));
    }
    lines.push(Line::from(current));
    lines
}

/// Rows the grid keeps before a less important part is given room.
const GRID_ROWS: u16 = 3;

/// Rows of each part, top to bottom (header, grid, legend, the seat under the cursor,
/// this cashier's seats with the hold's countdown, keys) on a screen `height` rows high
/// with a legend of `legend` lines. The countdown's line is kept at every size (the
/// README promises it is always on screen); the others get a row, most useful first,
/// only while the grid keeps `GRID_ROWS`; the legend is the first to go.
pub fn part_heights(height: u16, legend: u16) -> [u16; 6] {
    let order = height.min(1);
    let mut left = height - order;
    let mut take = |rows: u16| {
        if left >= rows + GRID_ROWS {
            left -= rows;
            rows
        } else {
            0
        }
    };
    let header = take(1);
    let keys = take(1);
    let cursor = take(1);
    let legend = take(legend);
    [header, left, legend, cursor, order, keys]
}

/// The screen's parts, from top to bottom, for a screen drawn in `area`: the same for
/// drawing and for the mouse.
fn layout(ctx: &Ctx, area: Rect) -> (Vec<Line<'static>>, [Rect; 6]) {
    let legend = legend_lines(ctx, area.width);
    let heights = part_heights(area.height, legend.len() as u16);
    let areas = Layout::vertical(heights.map(Constraint::Length)).areas(area);
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
    frame.render_widget(order_text(ctx, seats, order_line.width), order_line);
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
    let title = format!(
        " {} {}",
        venue.to_local(s.starts_at).format("%a %-d %b %H:%M"),
        s.title_and_rating()
    );
    // The counts shrink, then go, before they would run into the title.
    let room = usize::from(area.width).saturating_sub(title.chars().count() + 1);
    let right = if seats.loaded {
        [
            format!(
                "{} free · {} held · {} sold ",
                counts.free, counts.held, counts.sold
            ),
            format!("{} free ", counts.free),
        ]
        .into_iter()
        .find(|r| r.chars().count() <= room)
        .unwrap_or_default()
    } else {
        String::new()
    };
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(area);
    // What does not fit is left out whole, least useful first, never cut mid-word.
    let mut spans = vec![Span::styled(title, theme::TITLE)];
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

/// This cashier's seats and the hold's countdown, warning in its last minute. When the
/// line is too narrow the seats are only counted, then left out: the countdown stays.
fn order_text(ctx: &Ctx, seats: &SeatsState, width: u16) -> Line<'static> {
    let mine: Vec<String> = seats.mine().iter().map(|s| s.seat.label()).collect();
    if mine.is_empty() && !seats.in_flight {
        return Line::styled(" No seats held.", theme::HINT);
    }
    let mut countdown = Vec::new();
    if seats.in_flight || !seats.queue.is_empty() {
        countdown.push(Span::raw(format!(" {}", spinner::frame(ctx.ticks))));
    }
    if let Some(left) = seats.remaining(ctx.now) {
        let text = format!("   hold {} left", format_left(left));
        if left < Duration::minutes(1) {
            countdown.push(Span::styled(text, ctx.theme.warning));
            countdown.push(Span::styled(
                format!(" · {} extends", ctx.keymap.first_keys(&[Action::Extend])),
                ctx.theme.warning,
            ));
        } else {
            countdown.push(Span::raw(text));
        }
    }
    let room = usize::from(width).saturating_sub(countdown.iter().map(Span::width).sum());
    let mut spans: Vec<Span<'static>> = [
        format!(" Your seats: {} ({})", mine.join(" "), mine.len()),
        format!(" {}", count(mine.len() as u64, "seat", "seats")),
    ]
    .into_iter()
    .find(|text| text.chars().count() <= room)
    .map(|text| Span::styled(text, theme::TITLE))
    .into_iter()
    .collect();
    if spans.is_empty() {
        // Only the countdown: its leading spaces would waste the narrow line.
        if let Some(first) = countdown.iter_mut().find(|s| s.content.starts_with("   ")) {
            first.content = format!(" {}", first.content.trim_start()).into();
        }
    }
    spans.extend(countdown);
    Line::from(spans)
}

/// "4:05", "0:42".
pub fn format_left(left: Duration) -> String {
    let secs = left.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}
