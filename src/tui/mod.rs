//! The terminal UI. One loop (`event_loop`), generic over the ratatui backend and fed by a
//! channel of events, serves the local terminal here, and later every SSH session; the
//! loop never touches a real terminal itself. The `app` keeps the open screens and what
//! they share (`ctx`); each screen in `screens` owns its state, updates, work, keys and
//! drawing; `widgets` draw the parts, `keymap` turns keys into actions.

pub mod app;
pub mod ctx;
pub mod event;
pub mod event_loop;
pub mod keymap;
pub mod screens;
pub mod secret;
pub mod session;
pub mod theme;
pub mod watched_backend;
pub mod widgets;

use color_eyre::eyre::WrapErr;
use futures::StreamExt;
use ratatui::crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event as TermEvent, EventStream, KeyEventKind,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::services::Services;

pub use app::Settings;
use event::Event;

/// Runs the TUI on the local terminal until the user quits. `offer_demo`: the database is
/// empty, so first ask whether to load demo data.
pub async fn run(
    services: Services,
    offer_demo: bool,
    settings: Settings,
) -> color_eyre::Result<()> {
    // Made before the terminal changes, so a set-up that fails half way is undone too.
    let _restore = RestoreTerminal;
    // Also installs a panic hook that restores the terminal before the panic is reported.
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    // Clicks on seats and rows. ratatui's panic hook does not know about the mouse, so
    // ours turns it off first.
    ratatui::crossterm::execute!(std::io::stdout(), EnableMouseCapture)
        .wrap_err("cannot turn on the mouse")?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let (tx, rx) = event::channel();
    let _input = AbortOnDrop(tokio::spawn(forward_terminal_input(tx)));
    event_loop::run_loop(&mut terminal, &services, offer_demo, settings, rx).await
}

/// Reads the local terminal's input and posts it to the loop, until the loop is gone.
async fn forward_terminal_input(tx: mpsc::Sender<Event>) {
    let mut stream = EventStream::new();
    loop {
        let event = match stream.next().await {
            Some(Ok(TermEvent::Key(key))) if key.kind != KeyEventKind::Release => Event::Key(key),
            Some(Ok(TermEvent::Mouse(mouse))) => Event::Mouse(mouse),
            Some(Ok(TermEvent::Resize(width, height))) => Event::Resize(width, height),
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                tracing::warn!("TUI: the terminal's input failed: {e}");
                Event::InputClosed
            }
            None => Event::InputClosed,
        };
        let closed = matches!(event, Event::InputClosed);
        if tx.send(event).await.is_err() || closed {
            return;
        }
    }
}

/// Puts the terminal back (raw mode off, main screen) however `run` ends.
struct RestoreTerminal;

impl Drop for RestoreTerminal {
    fn drop(&mut self) {
        if let Err(e) = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture) {
            tracing::warn!("TUI: the mouse could not be released: {e}");
        }
        if let Err(e) = ratatui::try_restore() {
            tracing::warn!("TUI: the terminal could not be restored: {e}");
        }
    }
}

/// Stops a task when its owner is done with it.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests;
