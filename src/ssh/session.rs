//! One terminal session over SSH: the TUI's loop drawn into the channel, fed by the
//! channel's bytes through the key decoder. However it ends (quit, disconnect, idle),
//! the loop gives back its holds first; then the client's terminal is put back and the
//! channel closed.

use crate::vocab::text::count;
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc;

use crate::identity::User;
use crate::tui::event::{self, Event};
use crate::tui::event_loop::{self, End, Start};

use super::Shared;
use super::input::{Decoder, Input};
use super::limits::Permit;
use super::writer::ChannelWriter;

/// How long an Esc waits for the rest of a sequence before it counts as the Esc key.
/// Over a network the rest of a sequence may come in a later packet.
const ESC_WAIT: Duration = Duration::from_millis(50);

/// Alternate screen, mouse clicks (SGR reports), bracketed paste.
const SET_UP: &[u8] = b"\x1b[?1049h\x1b[?1000h\x1b[?1006h\x1b[?2004h\x1b[2J";
/// And back, with the cursor shown.
const PUT_BACK: &[u8] = b"\x1b[?2004l\x1b[?1006l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

/// Where the connection sends a running session what the client does.
pub struct SessionInput {
    bytes: mpsc::Sender<Vec<u8>>,
    events: mpsc::Sender<Event>,
}

impl SessionInput {
    pub async fn bytes(&self, bytes: Vec<u8>) {
        // A session that ended takes nothing more; that is fine.
        let _ = self.bytes.send(bytes).await;
    }

    pub async fn event(&self, event: Event) {
        let _ = self.events.send(event).await;
    }
}

pub fn start(
    shared: Arc<Shared>,
    handle: Handle,
    channel: ChannelId,
    user: Option<User>,
    size: (u16, u16),
    permit: Permit,
    peer: String,
) -> SessionInput {
    let (events_tx, events_rx) = event::channel();
    let (bytes_tx, bytes_rx) = mpsc::channel(64);
    tokio::spawn(decode(bytes_rx, events_tx.clone()));
    let id = shared.next_session.fetch_add(1, Ordering::Relaxed);
    shared
        .sessions
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(id, events_tx.clone());
    tokio::spawn(async move {
        let username = user
            .as_ref()
            .map_or_else(|| "kiosk".to_string(), |u| u.username.clone());
        let end = run(&shared, handle, channel, user, size, events_rx).await;
        shared
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
        drop(permit);
        match end {
            Ok(end) => tracing::info!("ssh: session of {username} from {peer} ended: {end:?}"),
            Err(e) => tracing::warn!("ssh: session of {username} from {peer} failed: {e}"),
        }
    });
    SessionInput {
        bytes: bytes_tx,
        events: events_tx,
    }
}

async fn run(
    shared: &Shared,
    handle: Handle,
    channel: ChannelId,
    user: Option<User>,
    (cols, rows): (u16, u16),
    events: mpsc::Receiver<Event>,
) -> color_eyre::Result<End> {
    let (mut writer, sender) = ChannelWriter::start(handle.clone(), channel);
    std::io::Write::write_all(&mut writer, SET_UP)?;
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(writer),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, cols, rows)),
        },
    )?;
    let start = Start {
        offer_demo: false,
        kiosk: user.is_none(),
        user,
        idle: Some(shared.settings.idle),
    };
    let result = event_loop::run_session(
        &mut terminal,
        &shared.services,
        shared.tui.clone(),
        events,
        start,
    )
    .await;
    let writer = terminal.backend_mut();
    let mut goodbye = PUT_BACK.to_vec();
    if shared.stopping.load(Ordering::SeqCst) {
        goodbye.extend_from_slice(
            b"boxoffice: the server is stopping; any seats held were released.\r\n",
        );
    } else if let Ok(End::Idle) = result {
        let minutes = shared.settings.idle.as_secs().div_ceil(60);
        goodbye.extend_from_slice(
            format!(
                "boxoffice: closed after {} without a key; any seats held were released.\r\n",
                count(minutes, "minute", "minutes")
            )
            .as_bytes(),
        );
    }
    // A client already gone cannot be told; the rest still closes.
    let _ = std::io::Write::write_all(writer, &goodbye);
    let _ = std::io::Write::flush(writer);
    drop(terminal);
    // Everything drawn is sent before the channel closes.
    let _ = sender.await;
    let status = if result.is_ok() { 0 } else { 1 };
    let _ = handle.exit_status_request(channel, status).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
    result
}

/// Turns the channel's bytes into the loop's events, until the channel is gone.
async fn decode(mut bytes: mpsc::Receiver<Vec<u8>>, events: mpsc::Sender<Event>) {
    let mut decoder = Decoder::new();
    loop {
        let next = if decoder.is_pending() {
            match tokio::time::timeout(ESC_WAIT, bytes.recv()).await {
                Ok(next) => next,
                Err(_) => {
                    if !send_all(&events, decoder.flush()).await {
                        return;
                    }
                    continue;
                }
            }
        } else {
            bytes.recv().await
        };
        let Some(chunk) = next else {
            let _ = send_all(&events, decoder.flush()).await;
            let _ = events.send(Event::InputClosed).await;
            return;
        };
        if !send_all(&events, decoder.feed(&chunk)).await {
            return;
        }
    }
}

async fn send_all(events: &mpsc::Sender<Event>, inputs: Vec<Input>) -> bool {
    for input in inputs {
        for event in events_of(input) {
            if events.send(event).await.is_err() {
                return false;
            }
        }
    }
    true
}

/// Pasted text goes to the app whole, which types it where text is being typed.
fn events_of(input: Input) -> Vec<Event> {
    match input {
        Input::Key(key) => vec![Event::Key(key)],
        Input::Mouse(mouse) => vec![Event::Mouse(mouse)],
        Input::Paste(text) => vec![Event::Paste(text)],
    }
}
