//! Drawing, from the state alone: one file per screen, the help overlay and questions on
//! top, the database banner above and the status bar below every screen.

pub mod checkout;
pub mod demo_offer;
pub mod help;
pub mod login;
pub mod receipt;
pub mod sales;
pub mod seats;
pub mod showtimes;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Text};

use super::app::{App, Ask, Screen};
use super::keymap::Scope;

/// Every screen's keys, so a key bound in config is checked against each of them.
pub const SCOPES: &[&Scope] = &[
    &login::SCOPE,
    &showtimes::SCOPE,
    &seats::SCOPE,
    &checkout::SCOPE,
    &receipt::SCOPE,
    &sales::SCOPE,
];
use super::event::busy_text;
use super::keymap::Action;
use super::widgets::dialog::Dialog;
use super::widgets::hints::hint_line;
use super::widgets::spinner;
use super::widgets::status_bar::StatusBar;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let banner_height = u16::from(app.offline.is_some());
    let [banner, main, status] = Layout::vertical([
        Constraint::Length(banner_height),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    if let Some(reason) = &app.offline {
        frame.render_widget(
            Line::styled(
                format!(" Database unreachable, retrying; nothing is lost. ({reason}) "),
                app.theme.banner,
            ),
            banner,
        );
    }
    match &app.screen {
        Screen::DemoOffer => demo_offer::render_offer(&app.keymap, frame, main),
        Screen::Seeding => demo_offer::render_seeding(app.ticks, frame, main),
        Screen::Accounts(summary) => demo_offer::render_accounts(&app.keymap, summary, frame, main),
        Screen::Login => login::render(app, frame, main),
        Screen::Showtimes => showtimes::render(app, frame, main),
        Screen::Seats => seats::render(app, frame, main),
        Screen::Checkout => checkout::render(app, frame, main),
        Screen::Receipt => receipt::render(app, frame, main),
        Screen::Sales => sales::render(app, frame, main),
    }
    if let Some(ask) = app.ask {
        render_question(app, ask, frame, main);
    }
    if app.help {
        help::render(&app.keymap, app.scope(), frame, main);
    }
    let clock = app
        .context
        .venue
        .to_local(app.now)
        .format("%a %-d %b  %H:%M:%S")
        .to_string();
    let user = app
        .session
        .as_ref()
        .map(|u| format!("{} ({})", u.username, u.role.as_str()));
    let busy = app
        .busy_label()
        .map(|label| format!("{} {}", spinner::frame(app.ticks), busy_text(label)));
    frame.render_widget(
        StatusBar {
            user: user.as_deref(),
            venue: &app.context.venue_name,
            backend: &app.context.backend,
            online: app.offline.is_none(),
            busy: busy.as_deref(),
            clock: &clock,
        },
        status,
    );
}

/// The message line's text when there is something to say: a problem, else good news.
pub fn message_line(app: &App) -> Option<Line<'static>> {
    if let Some(message) = &app.message {
        return Some(Line::styled(format!(" ! {message}"), app.theme.error));
    }
    app.info
        .as_ref()
        .map(|info| Line::styled(format!(" {info}"), app.theme.ok))
}

fn render_question(app: &App, ask: Ask, frame: &mut Frame, area: ratatui::layout::Rect) {
    let seats: Vec<String> = app
        .seats
        .as_ref()
        .map(|s| s.mine().iter().map(|m| m.seat.label()).collect())
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
            &app.keymap,
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
