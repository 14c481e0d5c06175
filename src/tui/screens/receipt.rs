//! The receipt: order number, seats, ticket types, the prices frozen at sale, payment,
//! and the ticket codes. The same text is shown and written to a file (`p`).

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::payment::service::Receipt;
use crate::tui::app::{App, Context};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::hints::hint_line;

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Print, "print the receipt (to a file)"),
        (Action::Confirm, "next sale"),
    ],
};

#[derive(Debug)]
pub struct ReceiptState {
    pub receipt: Receipt,
    /// As shown and as printed.
    pub text: String,
}

const WIDTH: usize = 36;

/// The receipt as plain text, `WIDTH` columns wide.
pub fn receipt_text(
    receipt: &Receipt,
    context: &Context,
    cashier: &str,
    sold_at: DateTime<Utc>,
) -> String {
    let currency = &context.currency;
    let venue = context.venue;
    let rule = "-".repeat(WIDTH);
    let pair = |left: &str, right: &str| {
        let pad = WIDTH.saturating_sub(left.chars().count() + right.chars().count());
        format!("{left}{}{right}", " ".repeat(pad.max(1)))
    };
    let s = &receipt.showtime;
    let mut out = vec![
        format!("{:^WIDTH$}", context.venue_name),
        rule.clone(),
        pair(
            &format!("Order {}", receipt.order),
            &venue
                .to_local(sold_at)
                .format("%a %-d %b %Y %H:%M")
                .to_string(),
        ),
        format!("Cashier: {cashier}"),
        rule.clone(),
        s.movie_title.clone(),
        format!(
            "{} · {}",
            s.hall_name,
            venue.to_local(s.starts_at).format("%a %-d %b %Y %H:%M")
        ),
        rule.clone(),
    ];
    for line in &receipt.lines {
        out.push(pair(
            &format!("{:<5} {}", line.label, line.ticket_type),
            &format!("{} {currency}", line.price),
        ));
    }
    out.push(rule.clone());
    out.push(pair("Total", &format!("{} {currency}", receipt.total)));
    match receipt.method {
        "free" => out.push("Free screening: nothing to pay".to_string()),
        "card" => out.push(pair(
            &format!(
                "Paid card ****{}",
                receipt.card_last4.as_deref().unwrap_or("")
            ),
            &format!("{} {currency}", receipt.total),
        )),
        method => {
            let paid = receipt.tendered.unwrap_or(receipt.total);
            out.push(pair(
                &format!("Paid {method}"),
                &format!("{paid} {currency}"),
            ));
            if let Some(change) = receipt.change {
                out.push(pair("Change", &format!("{change} {currency}")));
            }
        }
    }
    out.push(rule.clone());
    out.push("Tickets".to_string());
    for t in &receipt.tickets {
        out.push(pair(&format!("{:<5} {}", t.seat, t.ticket_type), &t.code));
    }
    out.push(rule);
    out.push(format!("{:^WIDTH$}", "Enjoy the film!"));
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn boxed_with(title: &str) -> Block<'_> {
    Block::bordered()
        .title(title)
        .padding(ratatui::widgets::Padding::horizontal(1))
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(state) = &app.receipt else {
        return;
    };
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let change = state
        .receipt
        .change
        .filter(|c| c.cents() > 0)
        .map(|c| format!("  ·  change due {c} {}", app.context.currency))
        .unwrap_or_default();
    frame.render_widget(
        Line::from(vec![
            Span::styled(
                format!(" Sold: order {}", state.receipt.order),
                app.theme.ok,
            ),
            Span::styled(change, theme::TITLE),
        ]),
        header,
    );
    let lines: Vec<Line> = state
        .text
        .lines()
        .map(|l| Line::from(l.to_string()))
        .collect();
    let width = WIDTH as u16 + 4;
    let tickets_at = state.text.lines().position(|l| l == "Tickets");
    match tickets_at {
        // Too long for the screen but wide enough: the tickets beside the sale.
        Some(at) if lines.len() as u16 + 2 > body.height && body.width >= 2 * width => {
            let mut left = lines;
            let right = left.split_off(at);
            let height = (left.len().max(right.len()) as u16 + 2).min(body.height);
            let boxed = crate::tui::widgets::dialog::centred(body, 2 * width, height);
            let [l, r] = Layout::horizontal([Constraint::Length(width), Constraint::Length(width)])
                .areas(boxed);
            frame.render_widget(Paragraph::new(left).block(boxed_with(" Receipt ")), l);
            frame.render_widget(Paragraph::new(right).block(boxed_with(" Tickets ")), r);
        }
        _ => {
            let height = (lines.len() as u16 + 2).min(body.height);
            let boxed = crate::tui::widgets::dialog::centred(body, width.min(body.width), height);
            frame.render_widget(Paragraph::new(lines).block(boxed_with(" Receipt ")), boxed);
        }
    }
    let line = super::message_line(app).unwrap_or_else(|| {
        let mut hints = hint_line(
            &app.keymap,
            &[
                (&[Action::Print], "print"),
                (&[Action::Confirm], "next sale"),
                (&[Action::Quit], "quit"),
            ],
            false,
        );
        hints.spans.insert(0, Span::raw(" "));
        hints
    });
    frame.render_widget(line, footer);
}
