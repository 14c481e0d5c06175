//! Drawing checkout.

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Row, Table, TableState};

use crate::booking::age::child_ticket_question;
use crate::booking::model::TicketType;
use crate::payment::model::AttemptOutcome;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screens::message_line;
use crate::tui::screens::seats::{SeatsState, format_left};
use crate::tui::theme;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;

use super::{CheckoutState, Pay};

/// Drawn over the seats whose hold it sells: their countdown and kinds come from there.
pub fn render(c: &CheckoutState, seats: &SeatsState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let currency = &ctx.context.currency;
    let pay = pay_lines(ctx, c);
    // The mix keys do nothing while cash or a card number is typed: not shown then.
    let mixes_shown = c.pay == Pay::Choosing;
    // A long refusal (an unanswered card says what was and was not charged) wraps to a
    // second line rather than being cut off.
    let message = message_line(ctx);
    let footer_rows = match &message {
        Some(m) if m.width() > usize::from(area.width) => 2,
        _ => 1,
    };
    let [header, table_area, total_area, pay_area, mixes_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(1),
        Constraint::Length(pay.lines.len() as u16),
        Constraint::Length(u16::from(mixes_shown)),
        Constraint::Length(footer_rows),
    ])
    .areas(area);

    let s = &c.showtime;
    let venue = ctx.context.venue;
    let countdown = seats
        .remaining(ctx.now)
        .map(|left| {
            let text = format!("  hold {} left ", format_left(left));
            let style = if left < Duration::minutes(1) {
                ctx.theme.warning
            } else {
                ratatui::style::Style::new()
            };
            Span::styled(text, style)
        })
        .unwrap_or_default();
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(countdown.width() as u16),
    ])
    .areas(header);
    let order = c
        .order
        .map_or_else(|| "holding…".to_string(), |o| format!("order {o}"));
    frame.render_widget(
        Line::from(vec![
            Span::styled(" Checkout", theme::TITLE),
            Span::raw(format!(
                "  {} {} · {} · {order}",
                venue.to_local(s.starts_at).format("%a %-d %b %H:%M"),
                s.title_and_rating(),
                s.hall_name
            )),
        ]),
        left_area,
    );
    frame.render_widget(Line::from(countdown).right_aligned(), right_area);

    let current = c.quote_is_current();
    let kind_of = |label: &str| {
        seats
            .seats
            .iter()
            .find(|s| s.seat.label() == label)
            .map_or("", |s| s.seat.kind.as_str())
    };
    let rows: Vec<Row> = (0..c.seat_count().max(c.labels.len()))
        .map(|i| {
            let label = c.labels.get(i).cloned().unwrap_or_default();
            let ticket = c.types.get(i).copied().unwrap_or(TicketType::Adult);
            let price = match (&c.quote, current) {
                (Some((lines, _)), true) => lines
                    .get(i)
                    .map(|l| format!("{} {currency}", l.price))
                    .unwrap_or_default(),
                _ => format!("{} …", spinner::frame(ctx.ticks)),
            };
            let ticket = if i == c.selected {
                format!("◀ {ticket:<7} ▶")
            } else {
                format!("  {ticket:<7}  ")
            };
            Row::new(vec![
                Cell::from(label.clone()),
                Cell::from(kind_of(&label).to_string()),
                Cell::from(ticket),
                Cell::from(Line::from(price).right_aligned()),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(5),
            Constraint::Length(10),
            Constraint::Length(11),
            Constraint::Length(14),
        ],
    )
    .header(
        Row::new(vec![
            Cell::from("SEAT"),
            Cell::from("KIND"),
            Cell::from("  TICKET"),
            Cell::from(Line::from("PRICE").right_aligned()),
        ])
        .style(theme::COLUMN_HEADER),
    )
    .column_spacing(2)
    .row_highlight_style(theme::SELECTED)
    .highlight_symbol("▶ ")
    .highlight_spacing(HighlightSpacing::Always)
    .block(Block::default().borders(Borders::TOP | Borders::BOTTOM));
    let mut state = TableState::default().with_selected(Some(c.selected));
    frame.render_stateful_widget(table, table_area, &mut state);

    let total = c.total().map_or_else(
        || format!("{} …", spinner::frame(ctx.ticks)),
        |t| format!("{t} {currency}"),
    );
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!("   {:<40}", "TOTAL"), theme::TITLE),
            Span::styled(total, theme::TITLE),
        ]),
        total_area,
    );
    frame.render_widget(pay, pay_area);
    let mut mixes = hint_line(
        &ctx.keymap,
        &[
            (&[Action::AllAdults], "adults"),
            (&[Action::Family], "2 adults+kids"),
            (&[Action::OneParent], "1 adult+kids"),
            (&[Action::AllSeniors], "seniors"),
            (&[Action::AllStudents], "students"),
            (&[Action::AllChildren], "kids"),
        ],
        false,
    );
    mixes.spans.insert(0, Span::raw(" Mixes: "));
    if mixes_shown {
        frame.render_widget(mixes, mixes_area);
    }
    if let Some(message) = message {
        frame.render_widget(
            ratatui::widgets::Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: false }),
            footer,
        );
        return;
    }
    let line = {
        let hints: &[crate::tui::widgets::hints::Hint] = match c.pay {
            _ if c.age_question.is_some() => &[(&[Action::Yes], "yes"), (&[Action::No], "no")],
            Pay::Cash { .. } | Pay::Card { .. } => {
                &[(&[Action::Confirm], "confirm"), (&[Action::Back], "back")]
            }
            Pay::Paying => &[],
            _ => &[
                (&[Action::Up, Action::Down], "seat"),
                (&[Action::Left, Action::Right], "type"),
                (&[Action::Cash], "cash"),
                (&[Action::Card], "card"),
                (&[Action::CancelSale], "cancel sale"),
                (&[Action::Back], "seats"),
            ],
        };
        let mut hints = hint_line(&ctx.keymap, hints, false);
        hints.spans.insert(0, Span::raw(" "));
        hints
    };
    frame.render_widget(line, footer);
}

/// The payment step, and below it each card attempt as the bank answered it.
fn pay_lines(ctx: &Ctx, c: &CheckoutState) -> ratatui::text::Text<'static> {
    let mut text = pay_step(ctx, c);
    for a in &c.attempts {
        let outcome = match &a.outcome {
            AttemptOutcome::Approved { reference } => format!("approved ({reference})"),
            AttemptOutcome::Declined { reason } => format!("declined: {reason}"),
            AttemptOutcome::TimedOut => "timed out".to_string(),
        };
        let retry = a
            .retry_in_ms
            .map(|ms| format!(", trying again in {:.1} s", ms as f64 / 1000.0))
            .unwrap_or_default();
        let style = match a.outcome {
            AttemptOutcome::Approved { .. } => ctx.theme.ok,
            AttemptOutcome::Declined { .. } => ctx.theme.error,
            AttemptOutcome::TimedOut => ctx.theme.warning,
        };
        text.lines.push(Line::styled(
            format!("   Card attempt {}: {outcome}{retry}", a.attempt),
            style,
        ));
    }
    text
}

fn pay_step(ctx: &Ctx, c: &CheckoutState) -> ratatui::text::Text<'static> {
    let currency = &ctx.context.currency;
    if c.age_question.is_some()
        && let Some(rating) = c.age_to_confirm(&ctx.context.child_confirm_ratings)
    {
        let mut question = hint_line(
            &ctx.keymap,
            &[(&[Action::Yes], "yes"), (&[Action::No], "no")],
            false,
        );
        question.spans.insert(
            0,
            Span::styled(
                format!("   {}  ", child_ticket_question(&rating)),
                ctx.theme.warning,
            ),
        );
        return ratatui::text::Text::from(vec![Line::from(""), question]);
    }
    match &c.pay {
        Pay::Choosing => ratatui::text::Text::from(vec![
            Line::from(""),
            Line::styled(
                format!(
                    "   Pay: {} cash   {} card",
                    ctx.keymap.first_keys(&[Action::Cash]),
                    ctx.keymap.first_keys(&[Action::Card])
                ),
                theme::HINT,
            ),
        ]),
        Pay::Cash { tendered } => {
            let shown = if tendered.is_empty() {
                "exact".to_string()
            } else {
                tendered.clone()
            };
            let change = match c.change() {
                Some(Ok(change)) => {
                    Span::styled(format!("Change due: {change} {currency}"), theme::TITLE)
                }
                Some(Err(e)) => Span::styled(e, ctx.theme.error),
                None => Span::raw(""),
            };
            ratatui::text::Text::from(vec![
                Line::from(""),
                Line::from(vec![
                    Span::styled("   Cash tendered: ", theme::TITLE),
                    Span::styled(format!("{shown:<12}"), theme::SELECTED),
                    Span::raw("   "),
                    change,
                ]),
            ])
        }
        Pay::Card { number } => {
            let shown = if number.is_empty() {
                "card terminal".to_string()
            } else {
                number.clone()
            };
            ratatui::text::Text::from(vec![
                Line::from(""),
                Line::from(vec![
                    Span::styled("   Card: ", theme::TITLE),
                    Span::styled(format!("{shown:<20}"), theme::SELECTED),
                    Span::styled(
                        "   Enter charges the card (or type its number)",
                        theme::HINT,
                    ),
                ]),
            ])
        }
        Pay::Paying => ratatui::text::Text::from(vec![
            Line::from(""),
            Line::from(if c.order.is_none() {
                format!(
                    "   {} Holding the seats; the sale follows at once.",
                    spinner::frame(ctx.ticks)
                )
            } else {
                format!("   {} Taking the payment…", spinner::frame(ctx.ticks))
            }),
        ]),
    }
}
