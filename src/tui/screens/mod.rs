//! Drawing, from the state alone: one file per screen, the help overlay on top, the
//! status bar at the bottom of every screen.

pub mod demo_offer;
pub mod help;
pub mod showtimes;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use super::app::{App, Screen};
use super::widgets::status_bar::StatusBar;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let [main, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
    match &app.screen {
        Screen::DemoOffer => demo_offer::render_offer(&app.keymap, frame, main),
        Screen::Seeding => demo_offer::render_seeding(app.ticks, frame, main),
        Screen::Accounts(summary) => demo_offer::render_accounts(&app.keymap, summary, frame, main),
        Screen::Showtimes => showtimes::render(app, frame, main),
    }
    if app.help {
        help::render(&app.keymap, app.screen.scope(), frame, main);
    }
    let clock = app
        .context
        .venue
        .to_local(app.now)
        .format("%a %-d %b  %H:%M:%S")
        .to_string();
    frame.render_widget(
        StatusBar {
            venue: &app.context.venue_name,
            backend: &app.context.backend,
            clock: &clock,
        },
        status,
    );
}
