//! Drawing the Halls tab: the list, the new hall's editor beside its preview and errors,
//! a hall's seats.

use crate::vocab::text::count;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::screening::layout::HallLayout;
use crate::screening::model::Seat;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screens::message_line;
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};

use super::{Focus, HallsState, Mode, NewHall};

const LIST_HINTS: &[Hint<'_>] = &[
    (&[Action::Up, Action::Down], "choose"),
    (&[Action::Confirm], "seats"),
    (&[Action::Add], "new hall"),
    (&[Action::Reload], "reload"),
];

const NEW_HINTS: &[Hint<'_>] = &[
    (&[Action::NextField], "next field"),
    (&[Action::Save], "create"),
    (&[Action::Back], "cancel"),
];

const SEAT_HINTS: &[Hint<'_>] = &[
    (
        &[Action::Left, Action::Right, Action::Up, Action::Down],
        "seat",
    ),
    (&[Action::Broken], "broken / mended"),
    (&[Action::Back], "halls"),
];

pub fn render(state: &HallsState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [body, message, hints] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let of = match &state.mode {
        Mode::List => {
            render_list(state, frame, body);
            LIST_HINTS
        }
        Mode::New(new) => {
            render_new(new, frame, body, ctx);
            NEW_HINTS
        }
        Mode::Seats {
            hall,
            seats,
            cursor,
        } => {
            let broken = seats
                .as_ref()
                .map_or(hall.seats.saturating_sub(hall.capacity) as usize, |s| {
                    s.iter().filter(|s| s.broken).count()
                });
            let title = format!(" {}: {} seats, {broken} broken ", hall.name, hall.seats);
            render_seats(&title, seats.as_deref(), *cursor, frame, body);
            SEAT_HINTS
        }
    };
    if let Some(line) = message_line(ctx) {
        frame.render_widget(line, message);
    }
    let mut line = hint_line(&ctx.keymap, of, false);
    line.spans.insert(0, Span::raw(" "));
    frame.render_widget(line, hints);
}

fn render_list(state: &HallsState, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::styled(" Halls", theme::TITLE),
        Line::styled(
            format!(
                "   {:<24} {:>5} {:>6} {:>9} {:>7}",
                "NAME", "ROWS", "SEATS", "CAPACITY", "BROKEN"
            ),
            theme::COLUMN_HEADER,
        ),
    ];
    match &state.halls {
        None => lines.push(Line::from(" Reading the halls…")),
        Some(halls) if halls.is_empty() => {
            lines.push(Line::from(" No halls yet: a makes the first."));
        }
        Some(halls) => {
            for (i, h) in halls.iter().enumerate() {
                let style = if i == state.selected {
                    theme::SELECTED
                } else {
                    Style::new()
                };
                let name: String = h.name.chars().take(24).collect();
                lines.push(Line::styled(
                    format!(
                        "   {name:<24} {:>5} {:>6} {:>9} {:>7}",
                        h.rows,
                        h.seats,
                        h.capacity,
                        h.seats.saturating_sub(h.capacity)
                    ),
                    style,
                ));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn field(label: &str, value: &str, focused: bool) -> Line<'static> {
    let style = if focused {
        theme::SELECTED
    } else {
        Style::new()
    };
    let cursor = if focused { "▏" } else { "" };
    Line::from(vec![
        Span::raw(format!(" {label:<14}")),
        Span::styled(format!("{value}{cursor}"), style),
    ])
}

fn render_new(new: &NewHall, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [fields, rest] = Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(" New hall", theme::TITLE),
            field("Name", &new.name, new.focus == Focus::Name),
            field("Rows x seats", &new.grid, new.focus == Focus::Grid),
            Line::styled(
                " (leave rows x seats empty to draw the hall below: . gap, s p w c seats, # note)",
                theme::HINT,
            ),
        ]),
        fields,
    );
    let [editor, preview] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest);
    let errors = new.errors();
    let mut map = new.map.clone();
    let border = if new.focus == Focus::Map {
        theme::TITLE
    } else {
        theme::HINT
    };
    map.set_block(Block::bordered().title(" Layout map ").border_style(border));
    map.set_cursor_line_style(Style::new());
    if new.focus != Focus::Map {
        map.set_cursor_style(Style::new());
    }
    let [text_area, error_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length((errors.len() as u16 * 2).min(6)),
    ])
    .areas(editor);
    frame.render_widget(&map, text_area);
    // Each error marked where it is, while the whole map fits (it never scrolled).
    let fits = new.map.lines().len() <= usize::from(text_area.height.saturating_sub(2));
    for e in errors.iter().filter(|e| fits && e.line > 0) {
        let x = text_area.x + e.column as u16;
        let y = text_area.y + e.line as u16;
        if x < text_area.right().saturating_sub(1)
            && y < text_area.bottom().saturating_sub(1)
            && let Some(cell) = frame.buffer_mut().cell_mut((x, y))
        {
            cell.set_style(ctx.theme.warning);
        }
    }
    let lines: Vec<Line> = errors
        .iter()
        .map(|e| {
            let at = if e.line == 0 {
                String::new()
            } else {
                format!("line {}, column {}: ", e.line, e.column)
            };
            Line::styled(format!(" {at}{}", e.message), ctx.theme.error)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        error_area,
    );
    let block = Block::bordered().title(" Preview ");
    let inner = block.inner(preview);
    frame.render_widget(block, preview);
    match new.layout() {
        Ok(layout) => frame.render_widget(Paragraph::new(preview_lines(&layout)), inner),
        Err(_) if new.text().trim().is_empty() && new.grid.trim().is_empty() => {
            frame.render_widget(
                Paragraph::new(" Type rows x seats, or draw the hall on the left."),
                inner,
            );
        }
        Err(e) => frame.render_widget(
            Paragraph::new(Line::styled(format!(" {e}"), theme::HINT)),
            inner,
        ),
    }
}

/// The hall as it will stand: row letters, each seat by kind, with its count.
fn preview_lines(layout: &HallLayout) -> Vec<Line<'static>> {
    let width = usize::from(layout.width());
    let mut rows: Vec<(String, Vec<char>)> = (0..usize::from(layout.height()))
        .map(|_| (String::new(), vec![' '; width]))
        .collect();
    for s in layout.seats() {
        if let Some((label, chars)) = rows.get_mut(usize::from(s.grid_row)) {
            label.clone_from(&s.row_label);
            if let Some(c) = chars.get_mut(usize::from(s.grid_col)) {
                *c = match s.kind.map_char() {
                    's' => '▪',
                    other => other.to_ascii_uppercase(),
                };
            }
        }
    }
    let mut lines = vec![Line::styled(
        format!(
            " {}, {}",
            count(layout.row_count() as u64, "row", "rows"),
            count(layout.seats().len() as u64, "seat", "seats")
        ),
        theme::TITLE,
    )];
    lines.push(Line::styled(
        format!("    {:^width$}", "SCREEN"),
        theme::HINT,
    ));
    for (label, chars) in rows {
        let text: String = chars.into_iter().collect();
        lines.push(Line::from(format!(" {label:>2} {text}")));
    }
    lines
}

fn render_seats(title: &str, seats: Option<&[Seat]>, cursor: usize, frame: &mut Frame, area: Rect) {
    let block = Block::bordered().title(title.to_string());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(seats) = seats else {
        frame.render_widget(Line::from(" Reading the seats…"), inner);
        return;
    };
    let height = seats.iter().map(|s| s.grid_row + 1).max().unwrap_or(0);
    let width = seats.iter().map(|s| s.grid_col + 1).max().unwrap_or(0);
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled(
        "   ×× broken   number: can be sold",
        theme::HINT,
    ));
    for row in 0..height {
        let mut spans: Vec<Span> = Vec::new();
        let label = seats
            .iter()
            .find(|s| s.grid_row == row)
            .map_or(String::new(), |s| s.row_label.clone());
        spans.push(Span::raw(format!(" {label:>2} ")));
        for col in 0..width {
            let found = seats
                .iter()
                .enumerate()
                .find(|(_, s)| s.grid_row == row && s.grid_col == col);
            match found {
                Some((i, s)) => {
                    let text = if s.broken {
                        "××".to_string()
                    } else {
                        format!("{:>2}", s.number)
                    };
                    let style = if i == cursor {
                        theme::SELECTED
                    } else {
                        Style::new()
                    };
                    spans.push(Span::styled(text, style));
                    spans.push(Span::raw(" "));
                }
                None => spans.push(Span::raw("   ")),
            }
        }
        lines.push(Line::from(spans));
    }
    if let Some(s) = seats.get(cursor) {
        let state = if s.broken { "broken" } else { "fine" };
        lines.push(Line::from(""));
        lines.push(Line::from(format!(" Seat {}: {state}", s.label())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
