//! Drawing the frame: the database banner above, the front screen, the question or the
//! help over it, and the status bar below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Text};

use crate::tui::ctx::Ask;
use crate::tui::keymap::Action;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::hints::hint_line;
use crate::tui::widgets::spinner;
use crate::tui::widgets::status_bar::StatusBar;

use super::tabs::TabLine;
use super::{App, help};
use crate::tui::theme;

/// The banner (a line while the database is away), the screen, the status bar: the same
/// for drawing and for placing a click.
pub fn layout(offline: bool, area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(u16::from(offline)),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// A manager's tab line over the screen (no line without tabs): [tab line, screen].
pub fn split_tabs(tabs: bool, area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(u16::from(tabs)), Constraint::Min(1)]).areas(area)
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let ctx = &app.ctx;
    let [banner, main, status] = layout(app.offline.is_some(), frame.area());
    if let Some(reason) = &app.offline {
        frame.render_widget(
            Line::styled(
                format!(" Database unreachable, retrying; nothing is lost. ({reason}) "),
                ctx.theme.banner,
            ),
            banner,
        );
    }
    let [tab_line, main] = split_tabs(app.tabs.shown(), main);
    if app.tabs.shown() {
        frame.render_widget(
            TabLine {
                tabs: &app.tabs,
                note: app.stack.front().note(ctx),
                selected: theme::SELECTED,
            },
            tab_line,
        );
    }
    app.stack.front().render(frame, main, ctx);
    if let Some(ask) = ctx.ask {
        render_question(app, ask, frame, main);
    }
    if app.help {
        help::render(&ctx.keymap, app.scope(), app.tabs.shown(), frame, main);
    }
    let clock = ctx
        .context
        .venue
        .to_local(ctx.now)
        .format("%a %-d %b  %H:%M:%S")
        .to_string();
    let user = ctx
        .session
        .as_ref()
        .map(|u| format!("{} ({})", u.username, u.role.as_str()));
    let busy = app
        .busy_label()
        .map(|label| format!("{} {label}", spinner::frame(ctx.ticks)));
    frame.render_widget(
        StatusBar {
            user: user.as_deref(),
            shift: ctx.shift_open,
            venue: &ctx.context.venue_name,
            backend: &ctx.context.backend,
            online: app.offline.is_none(),
            busy: busy.as_deref(),
            clock: &clock,
        },
        status,
    );
}

fn render_question(app: &App, ask: Ask, frame: &mut Frame, area: Rect) {
    let seats: Vec<String> = app
        .stack
        .front()
        .holding()
        .map(|h| h.seats)
        .unwrap_or_default();
    let held = if seats.is_empty() {
        "the seats held".to_string()
    } else {
        seats.join(", ")
    };
    let (title, question) = match ask {
        Ask::LeaveSeats => ("Leave the seats?", format!("Give back {held} and go back?")),
        Ask::QuitWithHolds => ("Quit?", format!("Give back {held} and quit?")),
        Ask::CancelSale => (
            "Cancel the sale?",
            format!("Cancel the sale and give back {held}?"),
        ),
    };
    let lines = vec![
        Line::from(""),
        Line::from(question),
        Line::from(""),
        hint_line(
            &app.ctx.keymap,
            &[(&[Action::Yes], "yes"), (&[Action::No], "no, stay")],
            true,
        ),
        Line::from(""),
    ];
    frame.render_widget(
        Dialog {
            title,
            body: Text::from(lines),
            max_width: 56,
        },
        area,
    );
}
