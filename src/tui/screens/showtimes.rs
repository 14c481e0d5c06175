//! The day's showtimes: the cashier's starting point.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [header, body, filter] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let day = match app.day {
        Some(d) => {
            let mut text = d.format("%A %-d %B %Y").to_string();
            if Some(d) == app.today {
                text.push_str(" (today)");
            }
            text
        }
        None => "…".to_string(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!(" {} ", app.context.venue_name),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(" Showtimes of {day}")),
            Span::raw(if app.loading { "  loading…" } else { "" }),
        ])),
        header,
    );
    let visible = app.visible();
    let block = Block::default().borders(Borders::TOP | Borders::BOTTOM);
    if visible.is_empty() {
        let text = if app.loading {
            String::new()
        } else if !app.filter.is_empty() {
            format!(
                "No showtime of a movie matching \"{}\". Esc clears the filter.",
                app.filter
            )
        } else if app.showtimes.is_empty() && app.message.is_none() {
            format!(
                "No showtimes on {day}.\n\n← → other days.  To add some: boxoffice hall add, boxoffice movie add,\nboxoffice showtime add (or boxoffice demo on an empty database)."
            )
        } else {
            String::new()
        };
        frame.render_widget(Paragraph::new(text).block(block), body);
    } else {
        let venue = app.context.venue;
        let rows: Vec<Row> = visible
            .iter()
            .map(|s| {
                Row::new(vec![
                    Cell::from(venue.to_local(s.starts_at).format("%H:%M").to_string()),
                    Cell::from(s.movie_title.clone()),
                    Cell::from(s.hall_name.clone()),
                    Cell::from(format!("{} min", s.runtime_minutes)),
                    Cell::from(format!("{} {}", s.price, app.context.currency)),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(6),
                Constraint::Fill(3),
                Constraint::Fill(1),
                Constraint::Length(8),
                Constraint::Length(11),
            ],
        )
        .header(
            Row::new(vec!["TIME", "MOVIE", "HALL", "RUNTIME", "PRICE"])
                .style(Style::new().add_modifier(Modifier::BOLD)),
        )
        // Reversed video reads on dark and light backgrounds and without colour.
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .block(block);
        let mut state =
            TableState::default().with_selected(Some(app.selected.min(visible.len() - 1)));
        frame.render_stateful_widget(table, body, &mut state);
    }
    let line = if app.filter_editing {
        format!(" Filter: {}▏  (Enter keeps it, Esc clears)", app.filter)
    } else if let Some(m) = &app.message {
        format!(" ! {m}")
    } else if !app.filter.is_empty() {
        format!(" Filter: {}  (Esc clears)", app.filter)
    } else {
        " ↑↓ choose  ←→ day  t today  / filter  r reload  ? help  q quit".to_string()
    };
    frame.render_widget(Paragraph::new(line), filter);
}
