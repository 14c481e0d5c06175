//! The one loop every front end runs: draw, wait for an event, update, start the work the
//! update asks for. Generic over the ratatui backend and fed by a channel, it never
//! touches a real terminal: the local terminal, SSH sessions and tests all drive it.

use std::time::Duration;

use chrono::Utc;
use ratatui::layout::Rect;
use ratatui::{Terminal, backend::Backend};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

use crate::services::Services;

use super::app::{App, Context};
use super::event::{Command, Done, Event, Work};
use super::keymap::Keymap;
use super::screens;

/// Often enough for a smooth spinner and a clock that never lags a second.
const TICK: Duration = Duration::from_millis(250);

pub fn context_of(services: &Services) -> Context {
    Context {
        venue_name: services.venue.name.clone(),
        currency: services.venue.currency.clone(),
        backend: services.backend.name().to_string(),
        venue: services.venue.time,
    }
}

/// Runs one session until the user quits or the input is closed. Work still running
/// then is dropped with the session.
pub async fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    services: &Services,
    offer_demo: bool,
    keymap: Keymap,
    mut input: mpsc::Receiver<Event>,
) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let (mut app, first) = App::new(context_of(services), keymap, offer_demo, Utc::now());
    // Owning the tasks here means they end with the session.
    let mut tasks = JoinSet::new();
    let mut command = first;
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        match command.take() {
            Some(Command::Quit) => return Ok(()),
            Some(Command::Run(work)) => {
                tasks.spawn(perform(work, services.clone()));
            }
            None => {}
        }
        terminal.draw(|frame| screens::render(&app, frame))?;
        let event = tokio::select! {
            event = input.recv() => event.unwrap_or(Event::InputClosed),
            Some(finished) = tasks.join_next() => match finished {
                Ok(done) => Event::Done(done),
                // A task that panicked: say so on screen rather than wait forever.
                Err(e) => {
                    tracing::error!("TUI: a background task failed: {e}");
                    Event::Done(Done::Failed(format!("internal error: {e}")))
                }
            },
            _ = ticker.tick() => Event::Tick(Utc::now()),
        };
        if let Event::Resize(width, height) = event {
            terminal.resize(Rect::new(0, 0, width, height))?;
        }
        command = app.handle(event);
    }
}

/// The work, off the loop. Errors are logged here and shown on screen.
async fn perform(work: Work, services: Services) -> Done {
    let shown = |e: &dyn std::fmt::Display| {
        tracing::warn!("TUI: {work:?} failed: {e}");
        e.to_string()
    };
    match work {
        Work::LoadToday => Done::Today(services.screening.today().await.map_err(|e| shown(&e))),
        Work::LoadShowtimes(day) => Done::Showtimes {
            day,
            result: services
                .screening
                .showtimes_on(day)
                .await
                .map_err(|e| shown(&e)),
        },
        Work::SeedDemo => Done::Demo(crate::demo::seed(&services).await.map_err(|e| shown(&e))),
    }
}
