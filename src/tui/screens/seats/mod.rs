//! The seat grid screen: the showtime, the hall's live seat map, the legend, this
//! cashier's seats with the hold's countdown, and the keys.

mod state;

pub use state::{SeatOp, SeatsState, look};

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::booking::model::SeatState;
use crate::tui::app::App;
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};
use crate::tui::widgets::seat_grid::{SeatGrid, legend};
use crate::tui::widgets::spinner;

/// The grid's keys (digits typed before `b` are the count, not actions).
pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "move up"),
        (Action::Down, "move down"),
        (Action::Left, "move left"),
        (Action::Right, "move right"),
        (Action::Reload, "reload"),
        (Action::Toggle, "take or give back the seat"),
        (Action::Best, "best N together (type N first)"),
        (Action::Extend, "extend the hold, once"),
        (Action::Confirm, "checkout"),
        (Action::Back, "back to the showtimes"),
    ],
};

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
fn legend_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut current: Vec<Span> = vec![Span::raw(" ")];
    let mut used = 1;
    for (sample, word) in legend(&app.theme) {
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

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(seats) = &app.seats else {
        return;
    };
    let legend = legend_lines(app, area.width);
    let [header, grid, legend_area, cursor_line, order_line, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(legend.len() as u16),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, seats, frame, header);
    if seats.loaded {
        seats.grid_area.set(grid);
        frame.render_widget(
            SeatGrid {
                plan: &seats.plan,
                looks: &seats.looks,
                cursor: seats.cursor,
                theme: &app.theme,
            },
            grid,
        );
    } else {
        frame.render_widget(
            Paragraph::new(format!(
                "\n {} Reading the seats…",
                spinner::frame(app.ticks)
            )),
            grid,
        );
    }
    frame.render_widget(Paragraph::new(legend), legend_area);
    frame.render_widget(cursor_text(app, seats), cursor_line);
    frame.render_widget(order_text(app, seats), order_line);
    let line = super::message_line(app).unwrap_or_else(|| {
        let mut hints = hint_line(&app.keymap, HINTS, false);
        hints.spans.insert(0, Span::raw(" "));
        hints
    });
    frame.render_widget(line, footer);
}

fn render_header(app: &App, seats: &SeatsState, frame: &mut Frame, area: Rect) {
    let s = &seats.showtime;
    let venue = app.context.venue;
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
            s.movie_title
        ),
        theme::TITLE,
    )];
    let mut used = spans[0].width();
    for extra in [
        format!(" · {}", s.hall_name),
        format!(" · {} {}", s.price, app.context.currency),
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
fn cursor_text(app: &App, seats: &SeatsState) -> Line<'static> {
    let Some(seat) = seats.cursor_seat() else {
        return Line::default();
    };
    let state = match &seat.state {
        SeatState::Free => "free".to_string(),
        SeatState::HeldByMe { .. } => "held by you".to_string(),
        SeatState::Held { by, until } => format!(
            "held by {by}, {} left",
            crate::tui::app::format_left(*until - (app.now + seats.skew))
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
            app.keymap.first_keys(&[Action::Best])
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
fn order_text(app: &App, seats: &SeatsState) -> Line<'static> {
    let mine: Vec<String> = seats.mine().iter().map(|s| s.seat.label()).collect();
    if mine.is_empty() && !seats.in_flight {
        return Line::styled(" No seats held.", theme::HINT);
    }
    let mut spans = vec![Span::styled(
        format!(" Your seats: {} ({})", mine.join(" "), mine.len()),
        theme::TITLE,
    )];
    if seats.in_flight || !seats.queue.is_empty() {
        spans.push(Span::raw(format!(" {}", spinner::frame(app.ticks))));
    }
    if let Some(left) = seats.remaining(app.now) {
        let text = format!("   hold {} left", crate::tui::app::format_left(left));
        if left < Duration::minutes(1) {
            spans.push(Span::styled(text, app.theme.warning));
            spans.push(Span::styled(
                format!(" · {} extends", app.keymap.first_keys(&[Action::Extend])),
                app.theme.warning,
            ));
        } else {
            spans.push(Span::raw(text));
        }
    }
    Line::from(spans)
}
