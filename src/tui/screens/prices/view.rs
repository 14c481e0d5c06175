//! Drawing the Prices tab: the list on the left, what typical mixes cost on the right
//! (or under it on a narrow terminal).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::booking::service::typical_costs;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screens::message_line;
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};

use super::{KEEP, PricesState, Row};

const HINTS: &[Hint<'_>] = &[
    (&[Action::Up, Action::Down], "choose"),
    (&[Action::Edit], "change"),
    (&[Action::Reload], "reload"),
];

const EDIT_HINTS: &[Hint<'_>] = &[(&[Action::Confirm], "save"), (&[Action::Back], "cancel")];

pub fn render(state: &PricesState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [title, body, message, hints] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(" Prices", theme::TITLE),
            Line::styled(format!(" {KEEP}"), theme::HINT),
        ]),
        title,
    );
    let wide = body.width >= 100;
    let [list, preview] = if wide {
        Layout::horizontal([Constraint::Min(50), Constraint::Length(54)]).areas(body)
    } else {
        Layout::vertical([Constraint::Min(4), Constraint::Length(7)]).areas(body)
    };
    render_list(state, frame, list, ctx);
    render_preview(state, frame, preview, ctx);
    if let Some(line) = message_line(ctx) {
        frame.render_widget(line, message);
    }
    let of = if state.editing.is_some() {
        EDIT_HINTS
    } else {
        HINTS
    };
    let mut line = hint_line(&ctx.keymap, of, false);
    line.spans.insert(0, Span::raw(" "));
    frame.render_widget(line, hints);
}

fn render_list(state: &PricesState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let Some(prices) = &state.prices else {
        let text = if state.loading {
            " Reading the prices…"
        } else {
            ""
        };
        frame.render_widget(Line::from(text), area);
        return;
    };
    let venue = ctx.context.venue;
    let rows = state.rows();
    let mut lines = Vec::new();
    let mut section = "";
    for (i, row) in rows.iter().enumerate() {
        let (heading, name, sign) = match row {
            Row::Discount(t) => (
                "Ticket types: off the base price",
                t.as_str().to_string(),
                "-",
            ),
            Row::Surcharge(k) => ("Seat kinds: on top of it", k.as_str().to_string(), "+"),
            Row::Base(j) => {
                let s = &prices.showtimes[*j];
                (
                    "Base prices, this week",
                    format!(
                        "{} {} {}",
                        venue.to_local(s.starts_at).format("%a %-d %H:%M"),
                        s.hall_name,
                        s.movie_title
                    ),
                    "",
                )
            }
        };
        if heading != section {
            section = heading;
            lines.push(Line::styled(format!(" {heading}"), theme::COLUMN_HEADER));
        }
        let selected = i == state.selected;
        let value = match (&state.editing, selected) {
            (Some(text), true) => format!("{text}▏"),
            _ => format!("{sign}{}", state.value(*row)),
        };
        let name: String = name.chars().take(34).collect();
        let style = if selected {
            theme::SELECTED
        } else {
            Style::new()
        };
        lines.push(Line::styled(format!("   {name:<34} {value:>10}"), style));
    }
    // Keep the selected line in view.
    let selected_line = lines
        .iter()
        .position(|l| l.style == theme::SELECTED)
        .unwrap_or(0);
    let skip = selected_line.saturating_sub(usize::from(area.height).saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((skip as u16, 0)), area);
}

fn render_preview(state: &PricesState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let base = state.preview_base();
    let mut lines = vec![Line::styled(
        format!(
            " What typical mixes cost at {base} {}",
            ctx.context.currency
        ),
        theme::COLUMN_HEADER,
    )];
    match state.table_preview() {
        Some(table) => {
            lines.push(Line::styled(
                format!("   {:<30} {:>8} {:>8}", "", "standard", "premium"),
                theme::HINT,
            ));
            for (name, standard, premium) in typical_costs(&table, base) {
                lines.push(Line::from(format!(
                    "   {name:<30} {:>8} {:>8}",
                    standard.to_string(),
                    premium.to_string()
                )));
            }
        }
        None => lines.push(Line::from("   Type an amount (2.50) or a share (20%).")),
    }
    frame.render_widget(Paragraph::new(lines), area);
}
