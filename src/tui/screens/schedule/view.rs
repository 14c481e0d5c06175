//! Drawing the Schedule: the day and the week's days, the timeline, and under it what
//! the keys are doing (the chosen showtime, the form, the clash and its suggestions).

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::screening::model::Showtime;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screens::message_line;
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};
use crate::tui::widgets::timeline::{Block, BlockKind, Lane, Scale, Timeline, TimelineStyles};
use crate::vocab::venue_time::VenueTime;

use super::panel::panel_lines;
use super::state::{Mode, ScheduleState};
use super::week::Week;

const BROWSE_HINTS: &[Hint<'_>] = &[
    (&[Action::PrevDay, Action::NextDay], "day"),
    (&[Action::Up, Action::Down], "hall"),
    (&[Action::NextField], "show"),
    (&[Action::Add], "add"),
    (&[Action::Move], "move"),
    (&[Action::CancelShowtime], "cancel"),
    (&[Action::CopyDay], "copy day"),
    (&[Action::CopyWeek], "week"),
    (&[Action::WholeWeek], "view"),
];

const FORM_HINTS: &[Hint<'_>] = &[
    (&[Action::NextField], "next field"),
    (&[Action::Up, Action::Down], "choose"),
    (&[Action::Confirm], "place it"),
    (&[Action::Back], "cancel"),
];

const PLACE_HINTS: &[Hint<'_>] = &[
    (&[Action::Left, Action::Right], "time ±5 min"),
    (&[Action::Up, Action::Down], "hall"),
    (&[Action::Confirm], "save"),
    (&[Action::Back], "cancel"),
];

/// A move keeps its hall: no ↑↓.
const MOVE_HINTS: &[Hint<'_>] = &[
    (&[Action::Left, Action::Right], "time ±5 min"),
    (&[Action::Confirm], "save"),
    (&[Action::Back], "cancel"),
];

const ASK_HINTS: &[Hint<'_>] = &[(&[Action::Yes], "yes, cancel it"), (&[Action::No], "no")];

const COPY_HINTS: &[Hint<'_>] = &[(&[Action::Confirm], "copy"), (&[Action::Back], "cancel")];

pub fn render(state: &ScheduleState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let venue = ctx.context.venue;
    let (Some(week), Some(day)) = (&state.week, state.day) else {
        let text = if state.loading {
            " Reading the week…"
        } else {
            " The week could not be read; r tries again."
        };
        let [top, _, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area);
        frame.render_widget(Line::from(text), top);
        if let Some(line) = message_line(ctx) {
            frame.render_widget(line, bottom);
        }
        return;
    };
    let panel = panel_lines(state, week, day, &venue, ctx, area.width);
    let lanes = week.halls.len().max(1);
    let wanted = 1 + 2 * lanes as u16;
    let room = area.height.saturating_sub(5 + panel.len() as u16);
    let [header, strip, timeline, rule, panel_area, message, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(wanted.min(room).max(2)),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(week, day, &venue, frame, header);
    render_strip(week, day, &venue, frame, strip);
    if state.whole_week && matches!(state.mode, Mode::Browse) {
        render_week_timeline(state, week, &venue, ctx, frame, timeline);
    } else {
        render_timeline(state, week, day, &venue, ctx, frame, timeline);
    }
    frame.render_widget(
        Line::styled("─".repeat(usize::from(rule.width)), theme::HINT),
        rule,
    );
    frame.render_widget(Paragraph::new(panel), panel_area);
    if let Some(line) = message_line(ctx) {
        frame.render_widget(line, message);
    }
    let hints_of = match state.mode {
        Mode::Browse => BROWSE_HINTS,
        Mode::Add(_) => FORM_HINTS,
        Mode::Place { ref block, .. } if block.moving.is_some() => MOVE_HINTS,
        Mode::Place { .. } => PLACE_HINTS,
        Mode::Cancel(_) => ASK_HINTS,
        Mode::Copy { .. } => COPY_HINTS,
    };
    let mut line = hint_line(&ctx.keymap, hints_of, false);
    line.spans.insert(0, Span::raw(" "));
    if let Mode::Place { block, .. } = &state.mode
        && let Some(preview) = block.preview(week, &venue)
        && !preview.suggestions().is_empty()
    {
        let keys = match preview.suggestions().len() {
            1 => "1".to_string(),
            n => format!("1-{n}"),
        };
        line.spans.insert(1, Span::styled(keys, theme::KEY));
        line.spans.insert(2, Span::raw(" take a suggestion  "));
    }
    frame.render_widget(line, hints);
}

fn render_header(week: &Week, day: NaiveDate, venue: &VenueTime, frame: &mut Frame, area: Rect) {
    let today = if day == week.today { " · today" } else { "" };
    let count = week.on(venue, day).len();
    let left = format!(" {}{today}", day.format("%A %-d %B %Y"));
    let right = format!("{} halls · {count} showtimes ", week.halls.len());
    let gap = usize::from(area.width).saturating_sub(left.chars().count() + right.chars().count());
    frame.render_widget(
        Line::from(vec![
            Span::styled(left, theme::TITLE),
            Span::raw(" ".repeat(gap)),
            Span::raw(right),
        ]),
        area,
    );
}

/// The week's days, the one shown marked `›`, today `•`.
fn render_strip(week: &Week, day: NaiveDate, venue: &VenueTime, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    for d in week.days() {
        let mark = if d == day { "›" } else { " " };
        let today = if d == week.today { "•" } else { " " };
        let count = week.on(venue, d).len();
        let style = if d == day {
            theme::SELECTED
        } else {
            Style::new()
        };
        let count = if count > 0 {
            format!(" ({count})")
        } else {
            String::new()
        };
        spans.push(Span::styled(
            format!("{mark}{}{count}{today}", d.format("%a %-d")),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The whole week on one timeline, a column a day from the business day's start: where
/// the halls are busy and where they are free, at a glance. Titles show where they fit;
/// each show's sales are in the panel when it is chosen. Placing a showtime always
/// draws the one day, to the five minutes.
fn render_week_timeline(
    state: &ScheduleState,
    week: &Week,
    venue: &VenueTime,
    ctx: &Ctx,
    frame: &mut Frame,
    area: Rect,
) {
    let base = venue.business_day_bounds(week.monday).0;
    let lanes = lanes_of(week);
    let blocks: Vec<Block<'_>> = week
        .showtimes
        .iter()
        .filter_map(|s| {
            let lane = week.lane_of(s.hall_id)?;
            let chosen = state.selected == Some(s.id);
            Some(show_block(s, lane, base, week.now, chosen, None))
        })
        .collect();
    let days: Vec<String> = (0..7)
        .map(|d| {
            let date = week.monday + chrono::Duration::days(d);
            let mark = if Some(date) == state.day { "›" } else { "" };
            format!("{mark}{}", date.format("%a %-d"))
        })
        .collect();
    let whole = 7 * 24 * 60;
    let now = Some(minutes(base, ctx.now.max(week.now))).filter(|m| (0..whole).contains(m));
    let shown = Timeline::lanes_shown(lanes.len(), area.height).max(1);
    frame.render_widget(
        Timeline {
            lanes: &lanes,
            blocks: &blocks,
            minutes: whole,
            scale: Scale::Days(&days),
            now,
            selected_lane: state.lane,
            first_lane: state.lane.saturating_sub(shown - 1),
            styles: timeline_styles(ctx),
        },
        area,
    );
}

/// A lane per hall, in the week's order of halls.
fn lanes_of(week: &Week) -> Vec<Lane<'_>> {
    week.halls
        .iter()
        .map(|h| Lane {
            name: &h.name,
            capacity: h.capacity,
        })
        .collect()
}

/// A showtime as a block on its lane, `base` being minute 0 of the window.
fn show_block(
    s: &Showtime,
    lane: usize,
    base: DateTime<Utc>,
    now: DateTime<Utc>,
    chosen: bool,
    sold: Option<String>,
) -> Block<'_> {
    let kind = if s.starts_at <= now {
        BlockKind::Past
    } else if chosen {
        BlockKind::Selected
    } else {
        BlockKind::Scheduled
    };
    Block {
        lane,
        start: minutes(base, s.starts_at),
        film: s.runtime_minutes,
        extra: minutes(s.starts_at, s.occupied_until) - s.runtime_minutes,
        title: &s.movie_title,
        sold,
        kind,
    }
}

fn timeline_styles(ctx: &Ctx) -> TimelineStyles {
    TimelineStyles {
        block: Style::new(),
        selected: theme::SELECTED,
        past: theme::PAST,
        ghost: ctx.theme.ok,
        clash: ctx.theme.error,
        now: ctx.theme.warning,
        lane: Style::new(),
        selected_lane: theme::SELECTED,
        hint: theme::HINT,
    }
}

/// Minutes since the business day's start.
fn minutes(base: DateTime<Utc>, t: DateTime<Utc>) -> i64 {
    (t - base).num_minutes()
}

#[allow(clippy::too_many_arguments)]
fn render_timeline(
    state: &ScheduleState,
    week: &Week,
    day: NaiveDate,
    venue: &VenueTime,
    ctx: &Ctx,
    frame: &mut Frame,
    area: Rect,
) {
    let base = venue.business_day_bounds(day).0;
    let ghost = match &state.mode {
        Mode::Place { block, .. } => Some(block),
        _ => None,
    };
    let shows = week.on(venue, day);
    let lanes = lanes_of(week);
    let ghost_line = ghost.map(|b| {
        format!(
            "{}: {} {}",
            if b.moving.is_some() { "moving" } else { "new" },
            b.title,
            venue.to_local(b.start).format("%H:%M")
        )
    });
    let mut blocks: Vec<Block<'_>> = Vec::with_capacity(shows.len() + 1);
    for s in &shows {
        if ghost.is_some_and(|g| g.moving == Some(s.id)) {
            continue;
        }
        let Some(lane) = week.lane_of(s.hall_id) else {
            continue;
        };
        let sales = week.sales(s.id);
        let chosen = ghost.is_none() && state.selected == Some(s.id);
        let sold = Some(format!("{}/{}", sales.sold, sales.capacity));
        blocks.push(show_block(s, lane, base, week.now, chosen, sold));
    }
    if let (Some(g), Some(text)) = (ghost, &ghost_line)
        && let Some(lane) = week.lane_of(g.hall)
    {
        let occupied = week.occupied(g.start, g.runtime);
        let clash = g
            .preview(week, venue)
            .is_some_and(|p| !p.clashes.is_empty());
        blocks.push(Block {
            lane,
            start: minutes(base, g.start),
            film: g.runtime,
            extra: minutes(occupied.start, occupied.end) - g.runtime,
            title: text,
            sold: clash.then(|| "(clash)".to_string()),
            kind: BlockKind::Ghost { clash },
        });
    }
    // From 10:00 (or the first start) to midnight (or the last end), on whole hours.
    let day_start_hour = i64::from(venue.to_local(base).hour());
    let first = blocks
        .iter()
        .map(|b| b.start)
        .min()
        .unwrap_or(i64::MAX)
        .min((10 - day_start_hour).max(0) * 60);
    let first = (first.max(0) / 60) * 60;
    let last = blocks
        .iter()
        .map(|b| b.start + b.film + b.extra)
        .max()
        .unwrap_or(0)
        .max((24 - day_start_hour) * 60);
    let last = ((last + 59) / 60) * 60;
    for b in &mut blocks {
        b.start -= first;
    }
    let now = (day == week.today).then(|| minutes(base, ctx.now.max(week.now)) - first);
    let shown = Timeline::lanes_shown(lanes.len(), area.height).max(1);
    let first_lane = state.lane.saturating_sub(shown - 1);
    let styles = timeline_styles(ctx);
    frame.render_widget(
        Timeline {
            lanes: &lanes,
            blocks: &blocks,
            minutes: last - first,
            scale: Scale::Hours {
                first_hour: ((day_start_hour + first / 60) % 24) as u32,
            },
            now,
            selected_lane: state.lane,
            first_lane,
            styles,
        },
        area,
    );
}
