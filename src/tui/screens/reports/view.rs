//! Drawing the reports: the range and totals, the views to step through, and the view
//! in front (a bar chart, tables with bars, a heat map, a list).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Borders, Cell, Paragraph, Row, Table};

use crate::payment::model::signed;
use crate::payment::report::Group;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::theme;
use crate::tui::widgets::heat_map::{HeatMap, LEGEND};
use crate::tui::widgets::office::{bar, footer, header};
use crate::vocab::text::count;

use super::ReportsState;
use super::model::{self, Pane, Report};

pub fn render(st: &ReportsState, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let [top, panes, totals, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let days = (st.to - st.from).num_days() + 1;
    let range = format!(
        "{} – {} · {days} day{}",
        st.from.format("%a %-d %b"),
        st.to.format("%a %-d %b %Y"),
        if days == 1 { "" } else { "s" }
    );
    header(frame, top, ctx, "Reports", st.loading, &range);

    let mut spans = vec![Span::raw(" ")];
    for (i, pane) in Pane::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", theme::HINT));
        }
        let style = if *pane == st.pane {
            theme::SELECTED
        } else {
            Style::default()
        };
        spans.push(Span::styled(format!(" {} ", pane.title()), style));
    }
    frame.render_widget(Line::from(spans), panes);

    match &st.report {
        None => {
            let text = if st.loading { "" } else { " No report." };
            frame.render_widget(Paragraph::new(text), body);
        }
        Some(report) => {
            let cur = &ctx.context.currency;
            let s = &report.sales;
            frame.render_widget(
                Line::from(format!(
                    " Sold {}, {} {cur} · refunded {}, {} {cur} · net {} {cur}",
                    count(s.sold.tickets, "ticket", "tickets"),
                    signed(s.sold.amount_cents),
                    count(s.refunded.tickets, "ticket", "tickets"),
                    signed(s.refunded.amount_cents),
                    signed(s.net_cents),
                )),
                totals,
            );
            let block = Block::default().borders(Borders::TOP);
            let inner = block.inner(body);
            frame.render_widget(block, body);
            // A column of margin on both sides, as the title lines have.
            let inner = Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(2),
                ..inner
            };
            match st.pane {
                Pane::Sales => sales(report, frame, inner, ctx),
                Pane::Titles => titles(report, frame, inner, ctx),
                Pane::Occupancy => occupancy(report, frame, inner, ctx),
                Pane::Refunds => refunds(report, frame, inner, ctx),
            }
        }
    }
    footer(
        frame,
        bottom,
        ctx,
        &[
            (&[Action::PrevDay, Action::NextDay], "move"),
            (&[Action::Widen, Action::Narrow], "widen/narrow"),
            (&[Action::NextField], "view"),
            (&[Action::Export], "export CSV"),
            (&[Action::Today], "last 7 days"),
        ],
    );
}

/// Takings per day as a bar chart, then the payment methods.
fn sales(report: &Report, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let methods = model::ranked(&report.sales, "method");
    let [chart, split] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(methods.len().max(1) as u16 + 2),
    ])
    .areas(area);
    let days = model::days(&report.sales);
    let count = days.len().max(1) as u16;
    let width = (chart.width.saturating_sub(2) / count)
        .saturating_sub(1)
        .clamp(1, 9);
    let bars: Vec<Bar> = days
        .iter()
        .map(|(day, cents, _)| {
            Bar::default()
                .value(u64::try_from(*cents).unwrap_or(0))
                .text_value(if width >= 6 {
                    signed(*cents)
                } else {
                    String::new()
                })
                .label(Line::from(model::day_label(*day)))
        })
        .collect();
    let title = format!("Takings per day ({})", ctx.context.currency);
    frame.render_widget(
        BarChart::default()
            .block(Block::default().title(Line::styled(title, theme::TITLE)))
            .data(ratatui::widgets::BarGroup::default().bars(&bars))
            .bar_width(width)
            .bar_gap(1)
            .value_style(theme::SELECTED),
        chart,
    );
    let total = report.sales.sold.amount_cents;
    groups_table(
        frame,
        split,
        ctx,
        "Payment methods",
        &methods,
        total,
        "METHOD",
    );
}

/// Per movie and per hall, each a table with bars.
fn titles(report: &Report, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let movies = model::ranked(&report.sales, "movie");
    let halls = model::ranked(&report.sales, "hall");
    let [top, bottom] = Layout::vertical([
        Constraint::Fill(movies.len().max(1) as u16 + 2),
        Constraint::Fill(halls.len().max(1) as u16 + 2),
    ])
    .areas(area);
    let total = report.sales.sold.amount_cents;
    groups_table(frame, top, ctx, "Per movie", &movies, total, "MOVIE");
    groups_table(frame, bottom, ctx, "Per hall", &halls, total, "HALL");
}

/// Groups with tickets, takings, share and a bar scaled to the biggest.
fn groups_table(
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    title: &str,
    groups: &[&Group],
    total: i64,
    key: &str,
) {
    let block = Block::default().title(Line::styled(title.to_string(), theme::TITLE));
    if groups.is_empty() {
        frame.render_widget(Paragraph::new("Nothing sold.").block(block), area);
        return;
    }
    let max = groups
        .iter()
        .map(|g| g.tally.amount_cents)
        .max()
        .unwrap_or(0);
    let bar_width = area.width.saturating_sub(20 + 8 + 12 + 6 + 5).clamp(4, 40);
    let rows: Vec<Row> = groups
        .iter()
        .map(|g| {
            let share = if total > 0 {
                g.tally.amount_cents * 100 / total
            } else {
                0
            };
            Row::new(vec![
                Cell::from(g.key.clone()),
                Cell::from(Line::from(g.tally.tickets.to_string()).right_aligned()),
                Cell::from(Line::from(signed(g.tally.amount_cents)).right_aligned()),
                Cell::from(Line::from(format!("{share}%")).right_aligned()),
                Cell::from(bar(g.tally.amount_cents, max, bar_width)),
            ])
        })
        .collect();
    let amount = format!("{:>12}", ctx.context.currency);
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(20),
                Constraint::Length(7),
                Constraint::Length(12),
                Constraint::Length(5),
                Constraint::Length(bar_width),
            ],
        )
        .header(
            Row::new(vec![
                key.to_string(),
                "TICKETS".into(),
                amount,
                "SHARE".into(),
                String::new(),
            ])
            .style(theme::COLUMN_HEADER),
        )
        .column_spacing(1)
        .block(block),
        area,
    );
}

/// Each showtime as a mark in its hall and day, shaded by how full it was.
fn occupancy(report: &Report, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let (columns, rows) = model::heat(report, &ctx.context.venue);
    let [title, map, legend, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(rows.len() as u16 + 1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled("Occupancy per showtime", theme::TITLE),
            Span::raw(format!(
                " · {}, {}% of seats sold",
                count(report.occupancy.len() as u64, "showtime", "showtimes"),
                model::average_occupancy(report)
            )),
        ]),
        title,
    );
    if rows.is_empty() {
        frame.render_widget(Paragraph::new("No showtimes in these days."), map);
        return;
    }
    frame.render_widget(
        HeatMap {
            columns: &columns,
            rows: &rows,
            header_style: theme::COLUMN_HEADER,
        },
        map,
    );
    frame.render_widget(
        Paragraph::new(vec![Line::default(), Line::styled(LEGEND, theme::HINT)]),
        legend,
    );
    // As much of the list of showtimes as fits, the fullest first.
    let mut lines: Vec<_> = report.occupancy.iter().collect();
    lines.sort_by(|a, b| {
        b.percent
            .total_cmp(&a.percent)
            .then(a.fact.starts_at.cmp(&b.fact.starts_at))
    });
    let venue = ctx.context.venue;
    let bar_width = list
        .width
        .saturating_sub(14 + 24 + 10 + 8 + 7 + 6)
        .clamp(4, 30);
    let rows: Vec<Row> = lines
        .iter()
        .map(|l| {
            let f = &l.fact;
            Row::new(vec![
                Cell::from(
                    venue
                        .to_local(f.starts_at)
                        .format("%a %-d %H:%M")
                        .to_string(),
                ),
                Cell::from(f.movie.clone()),
                Cell::from(f.hall.clone()),
                Cell::from(Line::from(format!("{}/{}", f.sold, f.capacity)).right_aligned()),
                Cell::from(Line::from(format!("{:.0}%", l.percent)).right_aligned()),
                Cell::from(bar(f.sold, f.capacity, bar_width)),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(13),
                Constraint::Length(22),
                Constraint::Length(10),
                Constraint::Length(7),
                Constraint::Length(5),
                Constraint::Length(bar_width),
            ],
        )
        .header(
            Row::new(vec!["STARTS", "MOVIE", "HALL", "   SOLD", "FULL", ""])
                .style(theme::COLUMN_HEADER),
        )
        .column_spacing(1)
        .block(Block::default().borders(Borders::TOP)),
        list,
    );
}

fn refunds(report: &Report, frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let s = &report.sales;
    if s.refunds.is_empty() {
        frame.render_widget(Paragraph::new("No refunds in these days."), area);
        return;
    }
    let venue = ctx.context.venue;
    let rows: Vec<Row> = s
        .refunds
        .iter()
        .map(|r| {
            Row::new(vec![
                Cell::from(venue.to_local(r.at).format("%a %-d %H:%M").to_string()),
                Cell::from(r.order.to_string()),
                Cell::from(r.movie.clone()),
                Cell::from(r.by.clone()),
                Cell::from(r.method.clone()),
                Cell::from(Line::from(r.tickets.to_string()).right_aligned()),
                Cell::from(Line::from(r.amount.to_string()).right_aligned()),
                Cell::from(r.reason.clone()),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(12),
                Constraint::Length(5),
                Constraint::Length(16),
                Constraint::Length(8),
                Constraint::Length(6),
                Constraint::Length(3),
                Constraint::Length(9),
                Constraint::Fill(1),
            ],
        )
        .header(
            Row::new(vec![
                "WHEN",
                "ORDER",
                "MOVIE",
                "BY",
                "METHOD",
                "TIX",
                "   AMOUNT",
                "REASON",
            ])
            .style(theme::COLUMN_HEADER),
        )
        .column_spacing(1),
        area,
    );
}
