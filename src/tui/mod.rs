//! The terminal UI. One loop, generic over the ratatui backend and fed by a channel of
//! events, serves the local terminal (and later every SSH session and the tests): the
//! loop never touches a real terminal itself.

pub mod app;
pub mod event;
pub mod keymap;
pub mod screens;
pub mod status_bar;

use std::time::Duration;

use futures::StreamExt;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::{Frame, Terminal};
use tokio::sync::mpsc;

use crate::services::Services;

use app::{App, Context, Screen};
use event::{Command, Event, Loaded};

/// Draws the whole screen from the state.
pub fn render(app: &App, frame: &mut Frame) {
    let [main, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
    match &app.screen {
        Screen::DemoOffer => screens::demo::render_offer(frame, main, false),
        Screen::Seeding => screens::demo::render_offer(frame, main, true),
        Screen::Accounts(summary) => screens::demo::render_accounts(frame, main, summary),
        Screen::Showtimes => screens::showtimes::render(app, frame, main),
    }
    if app.help {
        screens::help::render(frame, main);
    }
    status_bar::render(app, frame, status);
}

pub fn context_of(services: &Services) -> Context {
    Context {
        venue_name: services.venue.name.clone(),
        currency: services.venue.currency.clone(),
        backend: services.backend.name().to_string(),
        venue: services.venue.time,
    }
}

/// Runs one command as a task that posts its result back to the loop.
fn spawn(command: Command, services: &Services, tx: &mpsc::Sender<Event>) {
    let services = services.clone();
    let tx = tx.clone();
    tokio::spawn(async move {
        let loaded = match command {
            Command::LoadToday => {
                Loaded::Today(services.screening.today().await.map_err(|e| e.to_string()))
            }
            Command::LoadShowtimes(day) => Loaded::Showtimes {
                day,
                result: services
                    .screening
                    .showtimes_on(day)
                    .await
                    .map_err(|e| e.to_string()),
            },
            Command::SeedDemo => Loaded::Demo(
                crate::demo::seed(&services)
                    .await
                    .map_err(|e| e.to_string()),
            ),
            Command::Quit => return,
        };
        let _ = tx.send(Event::Loaded(loaded)).await;
    });
}

/// The loop: draw, wait for an event, update, start the work it asks for. Ends when the
/// user quits or every event source is gone.
pub async fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    services: &Services,
    offer_demo: bool,
    tx: mpsc::Sender<Event>,
    mut rx: mpsc::Receiver<Event>,
) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let (mut app, first) = App::new(context_of(services), offer_demo);
    for c in first {
        spawn(c, services, &tx);
    }
    app.clock = clock_text(services);
    loop {
        terminal.draw(|f| render(&app, f))?;
        let Some(event) = rx.recv().await else {
            return Ok(());
        };
        if let Event::Tick = event {
            app.clock = clock_text(services);
        }
        if let Event::Resize(w, h) = event {
            terminal.resize(ratatui::layout::Rect::new(0, 0, w, h))?;
        }
        for command in app.handle(event) {
            if command == Command::Quit {
                return Ok(());
            }
            spawn(command, services, &tx);
        }
        if app.quit {
            return Ok(());
        }
    }
}

fn clock_text(services: &Services) -> String {
    services
        .venue
        .time
        .to_local(chrono::Utc::now())
        .format("%a %d %b  %H:%M:%S")
        .to_string()
}

/// Restores the terminal when dropped, whichever way `run` ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Runs the TUI on the local terminal until the user quits.
pub async fn run(services: Services, offer_demo: bool) -> color_eyre::Result<()> {
    // `init` also installs a panic hook that restores the terminal before the report.
    let mut terminal = ratatui::init();
    let _restore = Restore;
    let (tx, rx) = mpsc::channel(256);
    let input = tx.clone();
    tokio::spawn(async move {
        let mut stream = EventStream::new();
        while let Some(Ok(ev)) = stream.next().await {
            let event = match ev {
                TermEvent::Key(k) if k.kind != KeyEventKind::Release => Event::Key(k),
                TermEvent::Mouse(m) => Event::Mouse(m),
                TermEvent::Resize(w, h) => Event::Resize(w, h),
                _ => continue,
            };
            if input.send(event).await.is_err() {
                break;
            }
        }
    });
    let ticks = tx.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(1));
        loop {
            interval.tick().await;
            if ticks.send(Event::Tick).await.is_err() {
                break;
            }
        }
    });
    run_loop(&mut terminal, &services, offer_demo, tx, rx).await
}

#[cfg(test)]
mod tests;
