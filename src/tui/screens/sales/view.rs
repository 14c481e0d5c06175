//! Drawing my sales: the list, the chosen order's tickets, the refund prompt.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use crate::identity::Role;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screens::message_line;
use crate::tui::theme;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;
use crate::tui::widgets::ticket_code::code_lines;

use super::SalesState;

/// The QR code of the ticket a customer chose, to show at the door.
fn chosen_code(sales: &SalesState, ctx: &Ctx) -> Option<Vec<String>> {
    if ctx.session.as_ref().map(|u| u.role) != Some(Role::Customer) {
        return None;
    }
    let ticket = sales.detail.as_ref()?.tickets.get(sales.ticket?)?;
    ticket.valid.then(|| code_lines(&ticket.code)).flatten()
}

pub fn render(sales: &SalesState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let code = chosen_code(sales, ctx);
    let code_height = code.as_ref().map_or(0, |c| c.len() as u16);
    let detail_height = sales.detail.as_ref().map_or(0, |d| {
        let list = d.tickets.len().max(d.seats.len()) as u16 + 4;
        // The code gets the room it needs when the window has it.
        let wanted = list.max(code_height);
        if code_height > 0 && wanted + 5 <= area.height {
            wanted
        } else {
            list.min(area.height / 2)
        }
    });
    let [header, body, detail, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_height),
        Constraint::Length(1),
    ])
    .areas(area);
    let user = ctx.session.as_ref().map_or("", |u| u.username.as_str());
    let right = if sales.loading {
        format!("{} loading ", spinner::frame(ctx.ticks))
    } else {
        match sales.rows.len() {
            1 => "1 order ".to_string(),
            n => format!("{n} orders "),
        }
    };
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(header);
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!(" {}", ctx.context.venue_name), theme::TITLE),
            // A customer's orders are bookings; a cashier's, sales.
            Span::raw(match ctx.session.as_ref().map(|u| u.role) {
                Some(Role::Customer) => format!("  My bookings ({user})"),
                _ => format!("  My sales ({user})"),
            }),
        ]),
        left_area,
    );
    frame.render_widget(Line::from(right).right_aligned(), right_area);

    let block = Block::default().borders(Borders::TOP | Borders::BOTTOM);
    if sales.rows.is_empty() {
        let text = if sales.loading { "" } else { " No sales yet." };
        frame.render_widget(Paragraph::new(text).block(block), body);
    } else {
        let venue = ctx.context.venue;
        let currency = &ctx.context.currency;
        let rows: Vec<Row> = sales
            .rows
            .iter()
            .map(|r| {
                let o = &r.sale.order;
                let when = venue
                    .to_local(o.paid_at.unwrap_or(o.created_at))
                    .format("%-d %b %H:%M")
                    .to_string();
                let show = r.showtime.as_ref().map_or_else(
                    || format!("showtime {}", o.showtime_id),
                    |s| {
                        format!(
                            "{} {}",
                            venue.to_local(s.starts_at).format("%-d %b %H:%M"),
                            s.movie_title
                        )
                    },
                );
                let total = o
                    .total
                    .map(|t| format!("{t} {currency}"))
                    .unwrap_or_default();
                Row::new(vec![
                    Cell::from(o.id.to_string()),
                    Cell::from(when),
                    Cell::from(show),
                    Cell::from(r.sale.status_word(ctx.now)),
                    Cell::from(Line::from(total).right_aligned()),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(6),
                Constraint::Length(12),
                Constraint::Min(20),
                // "part refunded", the longest status.
                Constraint::Length(13),
                Constraint::Length(12),
            ],
        )
        .header(
            Row::new(vec!["ORDER", "WHEN", "SHOWTIME", "STATUS", "       TOTAL"])
                .style(theme::COLUMN_HEADER),
        )
        .column_spacing(2)
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .block(block);
        let mut state = TableState::default().with_selected(Some(sales.selected));
        frame.render_stateful_widget(table, body, &mut state);
    }
    if let Some(d) = &sales.detail {
        let currency = &ctx.context.currency;
        let mut lines = vec![Line::styled(
            format!(
                " Order {} · {} · {}",
                d.order.id,
                d.showtime.movie_title,
                d.status_word()
            ),
            theme::TITLE,
        )];
        if d.tickets.is_empty() {
            let seats: Vec<&str> = d.seats.iter().map(|s| s.label.as_str()).collect();
            lines.push(Line::from(format!(
                " No tickets. Seats: {}",
                seats.join(" ")
            )));
        }
        for (i, t) in d.tickets.iter().enumerate() {
            let valid = if t.valid { "" } else { "  (refunded)" };
            let chosen = sales.ticket == Some(i);
            let text = format!(
                "{}{:<5} {:<8} {:>8} {currency}  {}{valid}",
                if chosen { "▶" } else { " " },
                t.seat,
                t.ticket_type.as_str(),
                t.price.to_string(),
                t.code
            );
            lines.push(if chosen {
                Line::styled(text, theme::SELECTED)
            } else {
                Line::from(text)
            });
        }
        let code_width = code
            .as_ref()
            .and_then(|c| c.first())
            .map_or(0, |l| l.chars().count() as u16);
        match &code {
            Some(code) if code_height <= detail.height && code_width + 40 <= detail.width => {
                let [list, picture] =
                    Layout::horizontal([Constraint::Min(40), Constraint::Length(code_width)])
                        .areas(detail);
                frame.render_widget(Paragraph::new(lines), list);
                let rows: Vec<Line> = code.iter().map(|l| Line::from(l.as_str())).collect();
                frame.render_widget(Paragraph::new(rows), picture);
            }
            Some(_) => {
                lines.push(Line::styled(
                    " (a larger window shows this ticket's code to scan at the door)",
                    theme::HINT,
                ));
                frame.render_widget(Paragraph::new(lines), detail);
            }
            None => frame.render_widget(Paragraph::new(lines), detail),
        }
    }
    if let Some(refund) = &sales.refund {
        let what = match &refund.ticket {
            Some((seat, code)) => format!("ticket {seat} ({code}) of order {}", refund.order),
            None => format!("order {}", refund.order),
        };
        let prompt = format!(" Refund {what}: reason: {}", refund.reason);
        frame.set_cursor_position(ratatui::layout::Position::new(
            (footer.x + prompt.chars().count() as u16).min(footer.right().saturating_sub(1)),
            footer.y,
        ));
        const HINT: &str = "   Enter refunds, Esc cancels";
        let line = match message_line(ctx) {
            Some(line) => line,
            // Where both do not fit, the reason being typed matters more than the hint.
            None if prompt.chars().count() + HINT.chars().count() > usize::from(footer.width) => {
                Line::from(prompt)
            }
            None => Line::from(vec![Span::raw(prompt), Span::styled(HINT, theme::HINT)]),
        };
        frame.render_widget(line, footer);
        return;
    }
    let line = message_line(ctx).unwrap_or_else(|| {
        let hints: &[(&[Action], &str)] = match (&sales.detail, sales.ticket) {
            (Some(d), _) if d.tickets.iter().all(|t| !t.valid) => &[
                (&[Action::Up, Action::Down], "choose a ticket"),
                (&[Action::Back], "close"),
            ],
            (Some(_), Some(_)) => &[
                (&[Action::Up, Action::Down], "choose a ticket"),
                (&[Action::Refund], "refund this ticket"),
                (&[Action::Back], "close"),
            ],
            (Some(_), None) => &[
                (&[Action::Up, Action::Down], "choose a ticket"),
                (&[Action::Refund], "refund the order"),
                (&[Action::Back], "close"),
            ],
            (None, _) => &[
                (&[Action::Up, Action::Down], "choose"),
                (&[Action::Confirm], "tickets"),
                (&[Action::Refund], "refund"),
                (&[Action::Reload], "reload"),
                (&[Action::Back], "back"),
            ],
        };
        let mut hints = hint_line(&ctx.keymap, hints, false);
        hints.spans.insert(0, Span::raw(" "));
        hints
    });
    frame.render_widget(line, footer);
}
