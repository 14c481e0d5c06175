//! Drawing the audit: the filter in force, the check's progress or verdict, the page of
//! rows, and the filter form when it is open.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use crate::payment::model::signed;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::theme;
use crate::tui::widgets::office::{footer, header};
use crate::tui::widgets::spinner;

use super::AuditState;
use super::filter::FIELDS;

pub fn render(st: &AuditState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [top, status, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let page = match (st.rows.first(), st.rows.last()) {
        (Some(first), Some(last)) => format!("rows {}–{}", last.entry.seq, first.entry.seq),
        _ => "no rows".to_string(),
    };
    header(frame, top, ctx, "Audit", st.loading, &page);

    let filter = if st.applied.is_empty() {
        "all rows".to_string()
    } else {
        st.applied.describe()
    };
    let mut spans = vec![Span::raw(format!(" Filter: {filter}   "))];
    if let Some(progress) = &st.verifying {
        let (rows, head) = progress.get();
        let of = if head > 0 {
            format!(" of {head}")
        } else {
            String::new()
        };
        spans.push(Span::styled(
            format!(
                "{} checking the chain: {rows}{of} rows",
                spinner::frame(ctx.ticks)
            ),
            theme::TITLE,
        ));
    } else if let Some((whole, text)) = &st.verdict {
        spans.push(Span::styled(
            text.clone(),
            if *whole {
                ctx.theme.ok
            } else {
                ctx.theme.error
            },
        ));
    }
    frame.render_widget(Line::from(spans), status);

    let block = Block::default().borders(Borders::TOP | Borders::BOTTOM);
    if st.rows.is_empty() {
        let text = if st.loading {
            ""
        } else {
            " No ledger rows match."
        };
        frame.render_widget(Paragraph::new(text).block(block), body);
    } else {
        let venue = ctx.context.venue;
        let rows: Vec<Row> = st
            .rows
            .iter()
            .map(|r| {
                let d = &r.entry.draft;
                Row::new(vec![
                    Cell::from(Line::from(r.entry.seq.to_string()).right_aligned()),
                    Cell::from(venue.to_local(d.at).format("%-d %b %H:%M:%S").to_string()),
                    Cell::from(d.kind.as_str()),
                    Cell::from(Line::from(signed(d.amount_cents)).right_aligned()),
                    Cell::from(d.method.clone()),
                    Cell::from(d.order.map(|o| o.to_string()).unwrap_or_default()),
                    Cell::from(r.username.clone()),
                    Cell::from(d.detail.clone()),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(5),
                Constraint::Length(15),
                Constraint::Length(12),
                Constraint::Length(9),
                Constraint::Length(6),
                Constraint::Length(5),
                Constraint::Length(10),
                Constraint::Fill(1),
            ],
        )
        .header(
            Row::new(vec![
                "    #",
                "WHEN",
                "KIND",
                "   AMOUNT",
                "METHOD",
                "ORDER",
                "WHO",
                "DETAIL",
            ])
            .style(theme::COLUMN_HEADER),
        )
        .column_spacing(1)
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶")
        .highlight_spacing(HighlightSpacing::Always)
        .block(block);
        let mut state = TableState::default().with_selected(Some(st.selected));
        frame.render_stateful_widget(table, body, &mut state);
    }

    if let Some(form) = &st.editing {
        let mut spans = vec![Span::raw(" Filter")];
        let mut cursor = 0;
        for (i, (name, value)) in FIELDS.iter().zip(&form.values).enumerate() {
            spans.push(Span::raw(format!("  {name}: ")));
            let text = format!("[{value}]");
            if i == form.field {
                cursor = spans
                    .iter()
                    .map(|s| s.content.chars().count())
                    .sum::<usize>()
                    + value.chars().count()
                    + 1;
                spans.push(Span::styled(text, theme::SELECTED));
            } else {
                spans.push(Span::raw(text));
            }
        }
        frame.set_cursor_position(Position::new(
            (bottom.x + cursor as u16).min(bottom.right().saturating_sub(1)),
            bottom.y,
        ));
        let line = crate::tui::screens::message_line(ctx).unwrap_or_else(|| Line::from(spans));
        frame.render_widget(line, bottom);
        return;
    }
    footer(
        frame,
        bottom,
        ctx,
        &[
            (&[Action::Up, Action::Down], "choose"),
            (&[Action::PrevPage, Action::NextPage], "page"),
            (&[Action::Filter], "filter"),
            (&[Action::Verify], "check the chain"),
            (&[Action::Reload], "reload"),
        ],
    );
}
