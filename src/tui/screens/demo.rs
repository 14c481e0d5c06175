//! First run on an empty database: offer a demo cinema, then show its staff passwords once.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::demo::DemoSummary;

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub fn render_offer(frame: &mut Frame, area: Rect, seeding: bool) {
    let mut lines = vec![
        Line::from(Span::styled(
            "Welcome to boxoffice",
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
        Line::from("This database is empty."),
        Line::from("Load a demo cinema: 3 halls, 9 movies, a week of showtimes,"),
        Line::from("a manager and a cashier account?"),
        Line::from(""),
    ];
    if seeding {
        lines.push(Line::from("Creating the demo cinema…"));
    } else {
        lines.push(Line::from(vec![
            Span::styled("[y]", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" yes   "),
            Span::styled("[n]", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" no, start empty   "),
            Span::styled("[q]", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" quit"),
        ]));
    }
    let box_area = centred(area, 66, lines.len() as u16 + 2);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .block(Block::default().borders(Borders::ALL)),
        box_area,
    );
}

pub fn render_accounts(frame: &mut Frame, area: Rect, summary: &DemoSummary) {
    let mut lines = vec![
        Line::from(Span::styled(
            "Demo cinema ready",
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(format!(
            "{} halls ({} seats), {} movies, {} showtimes.",
            summary.halls, summary.seats, summary.movies, summary.showtimes
        )),
        Line::from(""),
        Line::from("Staff accounts. Write these passwords down:"),
        Line::from("they are not shown again."),
        Line::from(""),
    ];
    for a in &summary.accounts {
        lines.push(Line::from(vec![
            Span::raw(format!("{:<9}{:<9}", a.username, a.role.as_str())),
            Span::styled(
                a.password.clone(),
                Style::new().add_modifier(Modifier::BOLD),
            ),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from("Enter continues"));
    let box_area = centred(area, 56, lines.len() as u16 + 2);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL)),
        box_area,
    );
}
