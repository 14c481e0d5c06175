//! The one loop every front end runs: draw, wait for an event, update, start the work the
//! update asks for. Generic over the ratatui backend and fed by a channel, it never
//! touches a real terminal: the local terminal, SSH sessions and tests all drive it.

use std::time::Duration;

use chrono::Utc;
use ratatui::layout::Rect;
use ratatui::{Terminal, backend::Backend};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::events::SeatEvent;
use crate::identity::User;
use crate::services::Services;

use super::app::{self, App, Context, Settings};
use super::event::{Command, Done, Event};
use super::screens::kiosk::KioskScreen;
use super::screens::showtimes::ShowtimesScreen;
use super::screens::{Job, Runner};
use super::session;

/// While something moves fast (work under way shows a spinner, a lost database is
/// retried): often enough for a smooth spinner that shows only for work over ~150 ms
/// (two ticks). Otherwise the loop ticks once a second, just after the wall clock's
/// second turns (the status bar's clock and the hold countdowns show seconds), so an idle
/// session wakes once a second rather than ten times.
const TICK: Duration = Duration::from_millis(100);
/// Past the second's turn, so the clock read at the tick shows the new second.
const PAST_THE_SECOND: Duration = Duration::from_millis(2);

pub fn context_of(services: &Services) -> Context {
    Context {
        venue_name: services.venue.name.clone(),
        currency: services.venue.currency.clone(),
        backend: services.backend.name().to_string(),
        venue: services.venue.time,
        child_confirm_ratings: services.venue.booking.child_confirm_ratings.clone(),
    }
}

/// How a session starts.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// The database is empty: offer the demo data first.
    pub offer_demo: bool,
    /// Already authenticated (over SSH): the login form is skipped.
    pub user: Option<User>,
    /// The session ends after this long without a key or click.
    pub idle: Option<Duration>,
    /// The customer kiosk: log in or register first (ignored with `user`).
    pub kiosk: bool,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The user quit.
    Quit,
    /// The terminal or the SSH channel went away.
    InputClosed,
    /// Nothing was typed for the idle timeout.
    Idle,
}

/// How long a closing session waits for work under way (a payment) before giving up on
/// it: stopping it half way would leave the bank and the books disagreeing.
const CLOSE_WAIT: Duration = Duration::from_secs(15);

/// Runs one session until the user quits or the input is closed.
pub async fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    services: &Services,
    offer_demo: bool,
    settings: Settings,
    input: mpsc::Receiver<Event>,
) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let start = Start {
        offer_demo,
        ..Start::default()
    };
    run_session(terminal, services, settings, input, start)
        .await
        .map(|_| ())
}

/// Runs one session until the user quits, the input is closed or it sat idle too long.
/// However it ends, work under way finishes first and the seats it holds go back at once.
pub async fn run_session<B: Backend>(
    terminal: &mut Terminal<B>,
    services: &Services,
    settings: Settings,
    mut input: mpsc::Receiver<Event>,
    start: Start,
) -> color_eyre::Result<End>
where
    B::Error: Send + Sync + 'static,
{
    let (mut app, mut first) =
        App::new(context_of(services), settings, start.offer_demo, Utc::now());
    if let Some(user) = start.user {
        app.ctx.session = Some(user);
        app.stack.reset(Box::new(ShowtimesScreen::new(false)));
        first = app.stack.front_mut().refresh(&mut app.ctx);
    } else if start.kiosk {
        app.stack.reset(Box::new(KioskScreen::new()));
    }
    // Clicks are placed on the screen as it is laid out at this size. The viewport's,
    // never the backend's: an SSH session's backend has no terminal of its own to ask.
    let size = terminal.get_frame().area();
    app.handle(Event::Resize(size.width, size.height));
    let idle = start.idle;
    let mut last_input = Instant::now();
    // Owning the tasks here means they end with the session.
    let mut tasks = JoinSet::new();
    let mut command = first;
    let mut last_tick = Instant::now();
    let mut was_moving = false;
    let mut feed = Some(services.feed.subscribe());
    // Card payments report each attempt while they run; the loop shows them at once.
    let (attempts_tx, mut attempts) = mpsc::unbounded_channel();
    let runner = Runner {
        services: services.clone(),
        attempts: attempts_tx,
    };
    let end = loop {
        match command.take() {
            Some(Command::Quit) => break End::Quit,
            Some(Command::Run(work)) => {
                tasks.spawn(work.perform(runner.clone()));
            }
            None => {}
        }
        terminal.draw(|frame| app::render(&app, frame))?;
        let idle_at = idle.map(|d| last_input + d);
        let moving = !tasks.is_empty() || !app.busy.is_empty() || app.offline.is_some();
        if moving && !was_moving {
            // Fast ticks count from now: a spinner shows only after two of them.
            last_tick = Instant::now();
        }
        was_moving = moving;
        let tick_at = next_tick(moving, last_tick);
        let event = tokio::select! {
            event = input.recv() => event.unwrap_or(Event::InputClosed),
            () = sleep_until(idle_at) => break End::Idle,
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
            () = tokio::time::sleep_until(tick_at) => {
                last_tick = Instant::now();
                Event::Tick(Utc::now())
            }
        };
        match &event {
            Event::Resize(width, height) => {
                terminal.resize(Rect::new(0, 0, *width, *height))?;
                last_input = Instant::now();
            }
            Event::Key(_) | Event::Mouse(_) => last_input = Instant::now(),
            Event::InputClosed => break End::InputClosed,
            _ => {}
        }
        command = app.handle(event);
    };
    close(app, tasks, &runner, end).await;
    Ok(end)
}

/// When the next tick is due: soon while something moves, else at the wall clock's next
/// second.
fn next_tick(moving: bool, last_tick: Instant) -> Instant {
    if moving {
        return last_tick + TICK;
    }
    let into_second = u64::from(Utc::now().timestamp_subsec_millis().min(999));
    Instant::now() + Duration::from_millis(1000 - into_second) + PAST_THE_SECOND
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Lets work under way finish (a payment must not stop half way), then gives back the
/// seats the session still holds, so other counters can sell them at once.
async fn close(mut app: App, mut tasks: JoinSet<Done>, runner: &Runner, end: End) {
    // The answers still change the state (a sale done, its order no longer a draft).
    let finished = tokio::time::timeout(CLOSE_WAIT, async {
        while let Some(finished) = tasks.join_next().await {
            if let Ok(done) = finished {
                let _next_work_not_started = app.handle(Event::Done(done));
            }
        }
    })
    .await;
    if finished.is_err() {
        tracing::warn!("TUI: work still under way after {CLOSE_WAIT:?} at close; stopped");
        tasks.abort_all();
    }
    let order = app
        .stack
        .iter()
        .find_map(|s| s.holding())
        .and_then(|h| h.order);
    let actor = app.ctx.actor();
    drop(app);
    let (Some(actor), Some(order)) = (actor, order) else {
        return;
    };
    let work = session::Work::Cancel {
        actor: actor.clone(),
        order,
    };
    match work.perform(runner).await {
        session::Done::Cancelled(Ok(())) => tracing::info!(
            "TUI: session of {} ended ({end:?}); the holds of order {:?} were released",
            actor.username,
            order
        ),
        session::Done::Cancelled(Err(e)) => tracing::warn!(
            "TUI: session of {} ended ({end:?}); releasing order {:?}: {e}",
            actor.username,
            order
        ),
        session::Done::Ping(_) | session::Done::Shift(_) => {}
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
