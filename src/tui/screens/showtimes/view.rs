//! Drawing the showtimes list, and where its rows are for the mouse.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use crate::screening::model::Showtime;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screens::message_line;
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};

use super::{BAR, ShowtimesState, availability_bar};
use crate::tui::widgets::spinner;

const HINTS: &[Hint<'static>] = &[
    (&[Action::Up, Action::Down], "choose"),
    (&[Action::Confirm], "seats"),
    (&[Action::PrevDay, Action::NextDay], "day"),
    (&[Action::Today], "today"),
    (&[Action::Filter], "filter"),
    (&[Action::MySales], "my sales"),
    (&[Action::Help], "help"),
    (&[Action::Quit], "quit"),
];

const SPACING: u16 = 2;
const HIGHLIGHT: &str = "▶ ";

pub fn render(state: &ShowtimesState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(state, ctx, frame, header);
    render_body(state, ctx, frame, body);
    render_footer(state, ctx, frame, footer);
}

fn date(day: NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// The date with where it is from today: "Tuesday 1 December 2026 · today".
fn day_text(state: &ShowtimesState, day: NaiveDate) -> String {
    let mut text = date(day);
    if let Some(today) = state.today {
        let relative = match (day - today).num_days() {
            0 => " · today",
            1 => " · tomorrow",
            -1 => " · yesterday",
            _ => "",
        };
        text.push_str(relative);
    }
    text
}

fn render_header(state: &ShowtimesState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let day = state.day.map(|d| day_text(state, d)).unwrap_or_default();
    let right = if state.loading {
        format!("{} loading ", spinner::frame(ctx.ticks))
    } else {
        let shown = state.visible().len();
        let total = state.list.len();
        match (shown == total, total) {
            // An empty list says so itself.
            (_, 0) => String::new(),
            (true, 1) => "1 showtime ".to_string(),
            (true, n) => format!("{n} showtimes "),
            (false, n) => format!("{shown} of {n} showtimes "),
        }
    };
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!(" {}", ctx.context.venue_name), theme::TITLE),
            Span::raw("  Showtimes  "),
            Span::styled(day, theme::TITLE),
        ]),
        left_area,
    );
    frame.render_widget(Line::from(right).right_aligned(), right_area);
}

fn render_body(state: &ShowtimesState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::TOP | Borders::BOTTOM);
    let visible = state.visible();
    if visible.is_empty() {
        let text = empty_text(state, ctx);
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    let currency = &ctx.context.currency;
    let price = |s: &Showtime| format!("{} {currency}", s.price);
    let width_of = |texts: &mut dyn Iterator<Item = usize>, header: &str| {
        texts.max().unwrap_or(0).max(header.chars().count()) as u16
    };
    let hall_w = width_of(
        &mut visible.iter().map(|s| s.hall_name.chars().count()),
        "HALL",
    );
    let price_w = width_of(
        &mut visible.iter().map(|s| price(s).chars().count()),
        "FROM",
    );
    let (time_w, runtime_w, seats_w) = (5, 7, BAR as u16 + 4);
    // The movie takes what is left, up to its longest title: on a wide screen the table
    // stays compact instead of spreading its columns apart.
    let fixed = HIGHLIGHT.chars().count() as u16 + time_w + hall_w + runtime_w + price_w + seats_w;
    let room = area.width.saturating_sub(fixed + 5 * SPACING);
    let title_w = width_of(
        &mut visible.iter().map(|s| s.title_and_rating().chars().count()),
        "MOVIE",
    );
    let movie_w = title_w.min(room).max(5);

    let venue = ctx.context.venue;
    let right = |text: String| Cell::from(Line::from(text).right_aligned());
    let rows: Vec<Row> = visible
        .iter()
        .map(|s| {
            let row = Row::new(vec![
                Cell::from(venue.to_local(s.starts_at).format("%H:%M").to_string()),
                Cell::from(s.title_and_rating()),
                Cell::from(s.hall_name.clone()),
                right(format!("{} min", s.runtime_minutes)),
                right(price(s)),
                Cell::from(
                    state
                        .availability
                        .get(&s.id)
                        .map(availability_bar)
                        .unwrap_or_default(),
                ),
            ]);
            if s.starts_at < ctx.now {
                row.style(theme::PAST)
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(vec![
        Cell::from("TIME"),
        Cell::from("MOVIE"),
        Cell::from("HALL"),
        right("RUNTIME".to_string()),
        right("FROM".to_string()),
        Cell::from(format!("{:<BAR$}FREE", "SEATS")),
    ])
    .style(theme::COLUMN_HEADER);
    let table = Table::new(
        rows,
        [
            Constraint::Length(time_w),
            Constraint::Length(movie_w),
            Constraint::Length(hall_w),
            Constraint::Length(runtime_w),
            Constraint::Length(price_w),
            Constraint::Length(seats_w),
        ],
    )
    .header(header)
    .column_spacing(SPACING)
    .row_highlight_style(theme::SELECTED)
    .highlight_symbol(HIGHLIGHT)
    .highlight_spacing(HighlightSpacing::Always)
    .block(block);
    let selected = state.selected.min(visible.len() - 1);
    let mut table_state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// Where the rows are, for a screen drawn in `area`: under the header, the top border and
/// the column names, above the bottom border and the footer.
pub fn rows_area(area: Rect) -> Rect {
    let [_, body, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    Rect {
        y: body.y + 2,
        height: body.height.saturating_sub(3),
        ..body
    }
}

/// The first row shown when `selected` is: the table scrolls just far enough to show it.
pub fn first_shown(selected: usize, rows: Rect) -> usize {
    (selected + 1).saturating_sub(usize::from(rows.height).max(1))
}

/// What an empty list says: why it is empty and what to do about it.
fn empty_text(state: &ShowtimesState, ctx: &Ctx) -> Text<'static> {
    let keys = |actions: &[Action]| ctx.keymap.first_keys(actions);
    if state.loading {
        return Text::default();
    }
    if ctx.message.is_some() {
        return Text::from(vec![
            Line::from(""),
            Line::from(" The showtimes could not be loaded (the reason is below)."),
            Line::from(format!(" {} tries again.", keys(&[Action::Reload]))).style(theme::HINT),
        ]);
    }
    if !state.filter.is_empty() {
        return Text::from(vec![
            Line::from(""),
            Line::from(format!(
                " No showtime of a movie matching \"{}\".",
                state.filter
            )),
            Line::from(format!(" {} clears the filter.", keys(&[Action::Back]))).style(theme::HINT),
        ]);
    }
    let day = state.day.map(date).unwrap_or_default();
    let mut lines = vec![
        Line::from(""),
        Line::styled(format!(" No showtimes on {day}."), theme::TITLE),
        Line::from(""),
        Line::from(format!(
            " {} other days, {} today.",
            keys(&[Action::PrevDay, Action::NextDay]),
            keys(&[Action::Today])
        )),
    ];
    if state.database_empty {
        lines.extend([
            Line::from(""),
            Line::from(" The database is empty. To add data, in a shell:"),
            Line::from(""),
            Line::from("   boxoffice demo          a demo cinema, staff accounts included"),
            Line::from("   boxoffice hall add      a hall (--rows N --seats N, or --layout FILE)"),
            Line::from("   boxoffice movie add     a movie (TITLE --minutes N)"),
            Line::from("   boxoffice showtime add  a showtime (--movie --hall --at --price)"),
            Line::from(""),
            Line::from(format!(" then {} reloads.", keys(&[Action::Reload]))),
        ]);
    }
    Text::from(lines)
}

fn render_footer(state: &ShowtimesState, ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let line = if state.editing_filter {
        let prompt = format!(" Filter: {}", state.filter);
        let cursor_x = area.x + prompt.chars().count() as u16;
        frame.set_cursor_position(Position::new(
            cursor_x.min(area.right().saturating_sub(1)),
            area.y,
        ));
        Line::from(vec![
            Span::raw(prompt),
            Span::styled("   Enter keeps it, Esc clears", theme::HINT),
        ])
    } else if let Some(line) = message_line(ctx) {
        line
    } else if !state.filter.is_empty() {
        Line::from(vec![
            Span::raw(format!(" Filter: {}", state.filter)),
            Span::styled(
                format!("   {} clears", ctx.keymap.first_keys(&[Action::Back])),
                theme::HINT,
            ),
        ])
    } else {
        let mut hints = hint_line(&ctx.keymap, HINTS, false);
        hints.spans.insert(0, Span::raw(" "));
        hints
    };
    frame.render_widget(line, area);
}
