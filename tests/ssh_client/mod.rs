//! A real SSH client (russh's) for the tests: connects to a server on loopback, checks
//! the host key's fingerprint, asks for a terminal, and keeps what the server draws in a
//! terminal emulator, so tests read the screen a user would see.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::HashAlg;
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, ChannelWriteHalf, client};

pub struct Checker {
    /// The fingerprint the server printed; the client refuses any other key.
    pub expect: String,
    pub banner: Arc<Mutex<String>>,
}

impl client::Handler for Checker {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(match key {
            PublicKeyOrCertificate::PublicKey { key, .. } => {
                key.fingerprint(HashAlg::Sha256).to_string() == self.expect
            }
            PublicKeyOrCertificate::Certificate(_) => false,
        })
    }

    async fn auth_banner(
        &mut self,
        banner: &str,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        self.banner.lock().unwrap().push_str(banner);
        Ok(())
    }
}

pub struct Connection {
    pub handle: client::Handle<Checker>,
    pub banner: Arc<Mutex<String>>,
}

pub async fn connect(addr: SocketAddr, fingerprint: &str) -> Connection {
    let banner = Arc::new(Mutex::new(String::new()));
    let handler = Checker {
        expect: fingerprint.to_string(),
        banner: banner.clone(),
    };
    let config = Arc::new(client::Config::default());
    let handle = client::connect(config, addr, handler).await.unwrap();
    Connection { handle, banner }
}

impl Connection {
    pub async fn password(&mut self, user: &str, password: &str) -> bool {
        self.handle
            .authenticate_password(user, password)
            .await
            .unwrap()
            .success()
    }

    /// The "none" method: the passwordless kiosk.
    pub async fn none(&mut self, user: &str) -> bool {
        self.handle.authenticate_none(user).await.unwrap().success()
    }

    /// A session channel with a terminal of `cols` x `rows` and a shell.
    pub async fn terminal(&self, cols: u16, rows: u16) -> Screen {
        let channel = self.handle.channel_open_session().await.unwrap();
        channel
            .request_pty(
                true,
                "xterm-256color",
                u32::from(cols),
                u32::from(rows),
                0,
                0,
                &[],
            )
            .await
            .unwrap();
        channel.request_shell(true).await.unwrap();
        Screen::start(channel, cols, rows)
    }

    /// A session channel without a terminal: everything the server says, until it closes.
    pub async fn without_terminal(&self) -> (String, Option<u32>) {
        let mut channel = self.handle.channel_open_session().await.unwrap();
        channel.request_shell(true).await.unwrap();
        let mut text = Vec::new();
        let mut status = None;
        let deadline = Instant::now() + Duration::from_secs(10);
        while let Ok(Some(msg)) = tokio::time::timeout_at(deadline.into(), channel.wait()).await {
            match msg {
                ChannelMsg::Data { data } => text.extend_from_slice(&data),
                ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                ChannelMsg::Close => break,
                _ => {}
            }
        }
        (String::from_utf8_lossy(&text).into_owned(), status)
    }

    pub async fn disconnect(self) {
        let _ = self
            .handle
            .disconnect(russh::Disconnect::ByApplication, "bye", "en")
            .await;
    }
}

#[derive(Default)]
struct Seen {
    closed: bool,
    exit: Option<u32>,
    /// Every byte, for what is said after the screen is put back.
    raw: Vec<u8>,
}

pub struct Screen {
    writer: ChannelWriteHalf<client::Msg>,
    parser: Arc<Mutex<vt100::Parser>>,
    seen: Arc<Mutex<Seen>>,
}

impl Screen {
    fn start(channel: russh::Channel<client::Msg>, cols: u16, rows: u16) -> Screen {
        let (mut read, writer) = channel.split();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let (p, s) = (parser.clone(), seen.clone());
        tokio::spawn(async move {
            while let Some(msg) = read.wait().await {
                match msg {
                    ChannelMsg::Data { data } => {
                        p.lock().unwrap().process(&data);
                        s.lock().unwrap().raw.extend_from_slice(&data);
                    }
                    ChannelMsg::ExitStatus { exit_status } => {
                        s.lock().unwrap().exit = Some(exit_status)
                    }
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
            s.lock().unwrap().closed = true;
        });
        Screen {
            writer,
            parser,
            seen,
        }
    }

    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn size(&self) -> (u16, u16) {
        let (rows, cols) = self.parser.lock().unwrap().screen().size();
        (cols.get(), rows.get())
    }

    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap().raw).into_owned()
    }

    pub fn closed(&self) -> bool {
        self.seen.lock().unwrap().closed
    }

    pub fn exit(&self) -> Option<u32> {
        self.seen.lock().unwrap().exit
    }

    pub async fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if ok(&self.text()) {
                return start.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("{what} never appeared:\n{}", self.text());
    }

    pub async fn wait_for(&self, needle: &str) -> Duration {
        self.wait_until(needle, |t| t.contains(needle)).await
    }

    pub async fn wait_closed(&self) {
        let start = Instant::now();
        while !self.closed() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "the server never closed the channel:\n{}",
                self.text()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub async fn send(&self, bytes: &[u8]) {
        self.writer.data(bytes).await.unwrap();
    }

    pub async fn resize(&self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.writer
            .window_change(u32::from(cols), u32::from(rows), 0, 0)
            .await
            .unwrap();
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}
