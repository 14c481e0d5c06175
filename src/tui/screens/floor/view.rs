//! Drawing the floor: the live holds with their countdowns, then the open shifts.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use crate::booking::model::Channel;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::theme;
use crate::tui::widgets::office::{footer, header};

use super::FloorState;

/// "4:05" left; "0:00" once lapsed.
pub fn time_left(until: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (until - now).num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

pub fn render(st: &FloorState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let live = st.live(ctx.now);
    let shift_rows = (st.floor.shifts.len().max(1) as u16 + 2).min(area.height / 3);
    let [top, holds_area, shifts_area, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(shift_rows + 1),
        Constraint::Length(1),
    ])
    .areas(area);
    let seats: usize = live.iter().map(|h| h.seats.len()).sum();
    let summary = format!(
        "{} hold{} · {seats} seat{} · {} open shift{}",
        live.len(),
        if live.len() == 1 { "" } else { "s" },
        if seats == 1 { "" } else { "s" },
        st.floor.shifts.len(),
        if st.floor.shifts.len() == 1 { "" } else { "s" },
    );
    header(frame, top, ctx, "Floor", st.loading, &summary);

    let venue = ctx.context.venue;
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Line::styled(" Live holds ", theme::TITLE));
    if live.is_empty() {
        let text = if st.loading {
            ""
        } else {
            " No seats are held right now."
        };
        frame.render_widget(Paragraph::new(text).block(block), holds_area);
    } else {
        let rows: Vec<Row> = live
            .iter()
            .map(|h| {
                let who = match h.channel {
                    Channel::Counter => h.username.clone(),
                    Channel::Kiosk => format!("{} (kiosk)", h.username),
                };
                Row::new(vec![
                    Cell::from(h.order.to_string()),
                    Cell::from(format!(
                        "{} {}",
                        venue.to_local(h.starts_at).format("%-d %b %H:%M"),
                        h.movie
                    )),
                    Cell::from(h.hall.clone()),
                    Cell::from(h.seats.join(" ")),
                    Cell::from(who),
                    Cell::from(Line::from(time_left(h.held_until, ctx.now)).right_aligned()),
                ])
            })
            .collect();
        // The seats take what they need (up to a point); the showtime the rest.
        let seats_width = live
            .iter()
            .map(|h| h.seats.join(" ").chars().count())
            .max()
            .unwrap_or(0)
            .clamp(5, 24) as u16;
        let table = Table::new(
            rows,
            [
                Constraint::Length(6),
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(seats_width),
                Constraint::Length(14),
                Constraint::Length(5),
            ],
        )
        .header(
            Row::new(vec!["ORDER", "SHOWTIME", "HALL", "SEATS", "WHO", " LEFT"])
                .style(theme::COLUMN_HEADER),
        )
        .column_spacing(1)
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .block(block);
        let mut state = TableState::default().with_selected(Some(st.selected));
        frame.render_stateful_widget(table, holds_area, &mut state);
    }

    let block = Block::default()
        .borders(Borders::TOP)
        .title(Line::styled(" Open shifts ", theme::TITLE));
    if st.floor.shifts.is_empty() {
        let text = if st.loading { "" } else { " No shift is open." };
        frame.render_widget(Paragraph::new(text).block(block), shifts_area);
    } else {
        let currency = &ctx.context.currency;
        let rows: Vec<Row> = st
            .floor
            .shifts
            .iter()
            .map(|s| {
                Row::new(vec![
                    Cell::from(s.username.clone()),
                    Cell::from(
                        venue
                            .to_local(s.shift.opened_at)
                            .format("since %-d %b %H:%M")
                            .to_string(),
                    ),
                    Cell::from(
                        Line::from(format!("float {} {currency}", s.shift.float)).right_aligned(),
                    ),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Length(20),
                Constraint::Length(20),
            ],
        )
        .column_spacing(1)
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_symbol("  ")
        .block(block);
        frame.render_widget(table, shifts_area);
    }
    footer(
        frame,
        bottom,
        ctx,
        &[
            (&[Action::Up, Action::Down], "choose"),
            (&[Action::Release], "release"),
            (&[Action::Reload], "reload"),
        ],
    );
}
