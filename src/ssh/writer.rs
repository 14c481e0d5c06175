//! The session's screen: ratatui writes into a buffer, and each flush sends the frame's
//! bytes down the SSH channel in one message, in order, from a task of its own (sending
//! awaits, drawing does not).

use std::io;

use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc;

pub struct ChannelWriter {
    sink: Vec<u8>,
    tx: mpsc::UnboundedSender<Vec<u8>>,
}

impl ChannelWriter {
    /// The writer, and the task that sends what it is given until the writer is dropped
    /// or the channel is gone.
    pub fn start(
        handle: Handle,
        channel: ChannelId,
    ) -> (ChannelWriter, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
        let task = tokio::spawn(async move {
            while let Some(bytes) = rx.recv().await {
                if handle.data(channel, bytes).await.is_err() {
                    // The client went away; the session notices through its input.
                    return;
                }
            }
        });
        (
            ChannelWriter {
                sink: Vec::with_capacity(4096),
                tx,
            },
            task,
        )
    }
}

impl io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sink.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.sink.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.sink);
        self.tx
            .send(bytes)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the SSH channel is closed"))
    }
}
