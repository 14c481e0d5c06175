//! Drawing the shift: the float to type, the open shift, the blind count, then the
//! close-out with expected, counted and variance.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::payment::model::signed;
use crate::payment::ports::Shift;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::theme;
use crate::tui::widgets::hints::Hint;
use crate::tui::widgets::office::{footer, header};

use super::{AMOUNT_WIDTH, ShiftState, Step};

pub fn render(st: &ShiftState, over_sale: bool, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let venue = ctx.context.venue;
    let since = |s: &Shift| {
        venue
            .to_local(s.opened_at)
            .format("%-d %b %H:%M")
            .to_string()
    };
    let user = ctx.session.as_ref().map_or("", |u| u.username.as_str());
    let right = match &st.step {
        Step::Loading => String::new(),
        Step::Opening { .. } => "no shift open".to_string(),
        Step::Open(s) | Step::Counting { shift: s, .. } => format!("open since {}", since(s)),
        Step::Closed { .. } => "closed".to_string(),
    };
    let loading = st.step == Step::Loading || st.busy;
    header(frame, top, ctx, &format!("Shift ({user})"), loading, &right);
    let block = Block::default().borders(Borders::TOP | Borders::BOTTOM);
    frame.render_widget(
        Paragraph::new(body_text(st, over_sale, ctx))
            .wrap(Wrap { trim: false })
            .block(block),
        body,
    );
    let hints: &[Hint<'_>] = match &st.step {
        Step::Loading => &[(&[Action::Back], "back")],
        Step::Opening { .. } => &[
            (&[Action::Confirm], "open the shift"),
            (&[Action::Back], "back"),
        ],
        Step::Open(_) => &[
            (&[Action::Confirm], "close: count the drawer"),
            (&[Action::Back], "back"),
        ],
        Step::Counting { .. } => &[
            (&[Action::Confirm], "enter the count"),
            (&[Action::Back], "not now"),
        ],
        Step::Closed { .. } => &[(&[Action::Confirm], "done")],
    };
    footer(frame, bottom, ctx, hints);
}

/// The field being typed, with room for the longest amount.
fn field(label: &str, text: &str, currency: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {label}: "), theme::TITLE),
        Span::styled(format!("{text:<AMOUNT_WIDTH$}"), theme::SELECTED),
        Span::raw(format!(" {currency}")),
    ])
}

/// `label ........ amount`, the amounts right-aligned in one column.
fn row(label: &str, amount: String, currency: &str) -> Line<'static> {
    Line::from(format!("  {label:<22}{amount:>12} {currency}"))
}

fn body_text(st: &ShiftState, over_sale: bool, ctx: &Ctx) -> Text<'static> {
    let cur = ctx.context.currency.clone();
    let venue = ctx.context.venue;
    let at = |s: &Shift| venue.to_local(s.opened_at).format("%H:%M").to_string();
    let mut lines: Vec<Line<'static>> = vec![Line::from("")];
    match &st.step {
        Step::Loading => {}
        Step::Opening { float } => {
            lines.push(Line::from(if over_sale {
                "  No shift is open, and cash goes only into an open shift's drawer."
            } else {
                "  No shift is open. Cash is taken only in an open shift."
            }));
            lines.push(Line::from(""));
            lines.push(Line::from(
                "  Count the float (the cash the drawer starts with) and type it.",
            ));
            lines.push(Line::from(""));
            lines.push(field("Float", float, &cur));
        }
        Step::Open(shift) => {
            lines.push(Line::from(format!(
                "  Shift {} is open since {}, with a float of {} {cur}.",
                shift.id,
                at(shift),
                shift.float
            )));
            lines.push(Line::from(""));
            lines.push(Line::styled(
                "  To close it, count the cash in the drawer: Enter, then type the count.",
                theme::HINT,
            ));
        }
        Step::Counting { shift, counted } => {
            lines.push(Line::from(format!(
                "  Closing shift {} (open since {}).",
                shift.id,
                at(shift)
            )));
            lines.push(Line::from(""));
            lines.push(Line::from(
                "  Count the cash in the drawer and type what you counted.",
            ));
            lines.push(Line::styled(
                "  What the drawer should hold is shown once the count is in.",
                theme::HINT,
            ));
            lines.push(Line::from(""));
            lines.push(field("Counted", counted, &cur));
        }
        Step::Closed { shift, closed } => {
            let out = &closed.out;
            lines.push(Line::from(format!(
                "  Shift {} (since {}) is closed.",
                shift.id,
                at(shift)
            )));
            lines.push(Line::from(""));
            lines.push(row("Float", out.float.to_string(), &cur));
            lines.push(row("Cash taken", format!("+{}", out.totals.cash_in), &cur));
            lines.push(row(
                "Cash refunded",
                format!("-{}", out.totals.cash_out),
                &cur,
            ));
            lines.push(
                Line::from(format!(
                    "  {:<22}{:>12} {cur}",
                    "Expected",
                    signed(out.expected_cash)
                ))
                .style(theme::TITLE),
            );
            lines.push(row("Counted", out.counted_cash.to_string(), &cur));
            let variance = out.variance_cents;
            lines.push(
                Line::from(format!(
                    "  {:<22}{:>12} {cur}",
                    "Variance",
                    if variance > 0 {
                        format!("+{}", signed(variance))
                    } else {
                        signed(variance)
                    }
                ))
                .style(theme::TITLE),
            );
            lines.push(row(
                "Card (not in drawer)",
                signed(out.card_net_cents),
                &cur,
            ));
            lines.push(Line::from(""));
            lines.push(Line::styled(
                match variance {
                    0 => "  The drawer balances.".to_string(),
                    v if v < 0 => format!(
                        "  The drawer is short by {} {cur}; recorded in the ledger.",
                        signed(-v)
                    ),
                    v => format!(
                        "  The drawer is over by {} {cur}; recorded in the ledger.",
                        signed(v)
                    ),
                },
                if variance == 0 {
                    ctx.theme.ok
                } else {
                    ctx.theme.warning
                },
            ));
            lines.push(Line::from("  Ledger anchor (keep it with the count):"));
            lines.push(Line::from(format!("  {}", closed.anchor)));
        }
    }
    Text::from(lines)
}
