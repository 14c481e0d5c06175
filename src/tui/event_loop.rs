//! The one loop every front end runs: draw, wait for an event, update, start the work the
//! update asks for. Generic over the ratatui backend and fed by a channel, it never
//! touches a real terminal: the local terminal, SSH sessions and tests all drive it.

use std::time::Duration;

use chrono::Utc;
use ratatui::layout::Rect;
use ratatui::{Terminal, backend::Backend};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

use crate::events::SeatEvent;
use crate::services::Services;

use super::app::{self, App, Context, Settings};
use super::event::{Command, Done, Event};
use super::screens::Runner;

/// Often enough for a smooth spinner, a countdown that never lags, and a spinner that
/// shows only for work over ~150 ms (two ticks).
const TICK: Duration = Duration::from_millis(100);

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
    settings: Settings,
    mut input: mpsc::Receiver<Event>,
) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let (mut app, first) = App::new(context_of(services), settings, offer_demo, Utc::now());
    // Clicks are placed on the screen as it is laid out at this size.
    let size = terminal.size()?;
    app.handle(Event::Resize(size.width, size.height));
    // Owning the tasks here means they end with the session.
    let mut tasks = JoinSet::new();
    let mut command = first;
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut feed = Some(services.feed.subscribe());
    // Card payments report each attempt while they run; the loop shows them at once.
    let (attempts_tx, mut attempts) = mpsc::unbounded_channel();
    let runner = Runner {
        services: services.clone(),
        attempts: attempts_tx,
    };
    loop {
        match command.take() {
            Some(Command::Quit) => return Ok(()),
            Some(Command::Run(work)) => {
                tasks.spawn(work.perform(runner.clone()));
            }
            None => {}
        }
        terminal.draw(|frame| app::render(&app, frame))?;
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
            news = next_feed(&mut feed) => Event::Feed(news),
            Some(attempt) = attempts.recv() => Event::Attempt(attempt),
            _ = ticker.tick() => Event::Tick(Utc::now()),
        };
        if let Event::Resize(width, height) = event {
            terminal.resize(Rect::new(0, 0, width, height))?;
        }
        command = app.handle(event);
    }
}

/// The next seat change. A receiver that fell behind lost some: everything is re-read.
/// A closed feed never answers again (the screens still work, without live updates).
async fn next_feed(feed: &mut Option<broadcast::Receiver<SeatEvent>>) -> SeatEvent {
    let Some(rx) = feed else {
        return std::future::pending().await;
    };
    match rx.recv().await {
        Ok(event) => event,
        Err(broadcast::error::RecvError::Lagged(_)) => SeatEvent::Resync,
        Err(broadcast::error::RecvError::Closed) => {
            *feed = None;
            std::future::pending().await
        }
    }
}
