//! First run on an empty database: offer a demo cinema, create it, then show its staff
//! passwords, this once.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};

use crate::demo::DemoSummary;
use crate::tui::keymap::{Action, Keymap};
use crate::tui::theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;

const WIDTH: u16 = 64;

fn offer_text() -> Vec<Line<'static>> {
    vec![
        Line::from(""),
        Line::from("This database is empty."),
        Line::from(""),
        Line::from("Load a demo cinema: 3 halls, 9 movies, a week of showtimes,"),
        Line::from("a manager and a cashier?"),
        Line::from(""),
    ]
}

pub fn render_offer(keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let mut lines = offer_text();
    lines.push(hint_line(
        keymap,
        &[
            (&[Action::Yes], "yes"),
            (&[Action::No], "no, start empty"),
            (&[Action::Quit], "quit"),
        ],
        true,
    ));
    lines.push(Line::from(""));
    let dialog = Dialog {
        title: "Welcome to boxoffice",
        body: Text::from(lines),
        max_width: WIDTH,
    };
    frame.render_widget(dialog, area);
}

pub fn render_seeding(ticks: u64, frame: &mut Frame, area: Rect) {
    let mut lines = offer_text();
    lines.push(Line::from(format!(
        " {} Creating the demo cinema…",
        spinner::frame(ticks)
    )));
    lines.push(Line::from(""));
    let dialog = Dialog {
        title: "Welcome to boxoffice",
        body: Text::from(lines),
        max_width: WIDTH,
    };
    frame.render_widget(dialog, area);
}

pub fn render_accounts(keymap: &Keymap, summary: &DemoSummary, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::from(""),
        Line::from(format!(
            "{} halls ({} seats), {} movies, {} showtimes.",
            summary.halls, summary.seats, summary.movies, summary.showtimes
        )),
        Line::from(""),
        Line::from("Staff accounts:"),
        Line::from(""),
        Line::styled(
            format!("  {:<12}{:<10}{}", "USER", "ROLE", "PASSWORD"),
            theme::COLUMN_HEADER,
        ),
    ];
    for account in &summary.accounts {
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {:<12}{:<10}",
                account.username,
                account.role.as_str()
            )),
            Span::styled(account.password.clone(), theme::SECRET),
        ]));
    }
    lines.extend([
        Line::from(""),
        Line::styled(
            "Write these passwords down: they are not shown again.",
            theme::TITLE,
        ),
        Line::from(""),
        hint_line(keymap, &[(&[Action::Confirm], "continue")], true),
        Line::from(""),
    ]);
    let dialog = Dialog {
        title: "Demo cinema ready",
        body: Text::from(lines),
        max_width: WIDTH,
    };
    frame.render_widget(dialog, area);
}
