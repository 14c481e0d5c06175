//! One SSH connection: who it is (authentication), and its session channels. The
//! terminal sessions themselves run in `session`; this only routes bytes and sizes to
//! them and refuses what cannot be served, with a message the client sees.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::keys::ssh_key::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Server, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};

use crate::identity::User;
use crate::tui::event::Event;

use super::Shared;
use super::session::{self, SessionInput};

/// The passwordless login of the customer kiosk (when `[ssh] kiosk = true`).
pub const KIOSK: &str = "kiosk";

/// The longest pause after failed logins.
const MAX_FAILURE_DELAY: Duration = Duration::from_secs(10);

pub struct Acceptor {
    shared: Arc<Shared>,
}

impl Acceptor {
    pub fn new(shared: Arc<Shared>) -> Acceptor {
        Acceptor { shared }
    }
}

impl Server for Acceptor {
    type Handler = Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        let refused =
            peer.and_then(|p| self.shared.limits.connection(p.ip(), Instant::now()).err());
        if let (Some(reason), Some(peer)) = (&refused, peer) {
            tracing::warn!("ssh: refused a connection from {peer}: {reason}");
        }
        Connection {
            shared: Arc::clone(&self.shared),
            peer,
            refused,
            user: None,
            kiosk: false,
            failures: 0,
            channels: HashMap::new(),
        }
    }

    fn handle_session_error(&mut self, error: russh::Error) {
        tracing::debug!("ssh: a connection ended with an error: {error}");
    }
}

/// What a session channel has asked for so far.
#[derive(Default)]
struct ChannelState {
    size: Option<(u16, u16)>,
    /// Set once the session runs.
    input: Option<SessionInput>,
}

pub struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    /// Why this connection is refused (too many from its address), told at login.
    refused: Option<String>,
    user: Option<User>,
    /// Logged in as the passwordless kiosk: customers log in or register in the TUI.
    kiosk: bool,
    failures: u32,
    channels: HashMap<ChannelId, ChannelState>,
}

impl Connection {
    fn peer(&self) -> String {
        self.peer.map_or_else(|| "?".into(), |p| p.to_string())
    }

    fn methods() -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(
                &[MethodKind::Password, MethodKind::PublicKey][..],
            )),
            partial_success: false,
        }
    }

    /// Each failure on this connection waits longer before the next try.
    async fn failed(&mut self) {
        self.failures += 1;
        let factor = 1u32 << self.failures.saturating_sub(1).min(8);
        let delay = self
            .shared
            .settings
            .failure_delay
            .saturating_mul(factor)
            .min(MAX_FAILURE_DELAY);
        tokio::time::sleep(delay).await;
    }

    /// Says `text` on the channel, then closes it: the client sees why.
    fn refuse(session: &mut Session, channel: ChannelId, text: &str) -> Result<(), russh::Error> {
        session.data(channel, format!("boxoffice: {text}\r\n").into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)
    }

    fn start(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), russh::Error> {
        let peer = self.peer();
        let Some(state) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        if state.input.is_some() {
            return session.channel_failure(channel);
        }
        session.channel_success(channel)?;
        let Some(size) = state.size else {
            return Self::refuse(
                session,
                channel,
                "a terminal is required: connect with `ssh -t` (and no command).",
            );
        };
        let user = self.user.clone();
        let account = match (&user, self.kiosk) {
            (Some(user), _) => user.username.clone(),
            (None, true) => KIOSK.to_string(),
            (None, false) => return Self::refuse(session, channel, "not logged in."),
        };
        let permit = match self.shared.limits.session(&account) {
            Ok(p) => p,
            Err(reason) => {
                tracing::warn!("ssh: refused a session of {account} from {peer}: {reason}");
                return Self::refuse(session, channel, &reason);
            }
        };
        tracing::info!(
            "ssh: session of {account} from {peer} opened at {}x{}",
            size.0,
            size.1
        );
        state.input = Some(session::start(
            Arc::clone(&self.shared),
            session.handle(),
            channel,
            user,
            size,
            permit,
            peer,
        ));
        Ok(())
    }
}

fn clamp(n: u32) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX).max(1)
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        Ok(self
            .refused
            .as_ref()
            .map(|reason| format!("boxoffice: {reason}\r\n")))
    }

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if self.refused.is_none() && self.shared.settings.kiosk && user == KIOSK {
            tracing::info!("ssh: kiosk connection from {}", self.peer());
            self.kiosk = true;
            return Ok(Auth::Accept);
        }
        Ok(Self::methods())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        if self.refused.is_some() {
            return Ok(Auth::reject());
        }
        // A client that insists on a password for the kiosk: any will do.
        if self.shared.settings.kiosk && user == KIOSK {
            self.kiosk = true;
            return Ok(Auth::Accept);
        }
        let checked = {
            // A closed semaphore never happens (it lives as long as the server).
            let _turn = self.shared.password_checks.acquire().await;
            self.shared.services.identity.login(user, password).await
        };
        match checked {
            Ok(account) => {
                tracing::info!("ssh: {} logged in from {}", account.username, self.peer());
                self.user = Some(account);
                Ok(Auth::Accept)
            }
            Err(e) => {
                // The client hears only "denied", whatever the reason; the log says why.
                tracing::warn!("ssh: login refused for {user:?} from {}: {e}", self.peer());
                self.failed().await;
                Ok(Self::methods())
            }
        }
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        _key: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.refused.is_some() {
            return Ok(Auth::reject());
        }
        Ok(Auth::Accept)
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.refused.is_some() {
            return Ok(Auth::reject());
        }
        match self.key_login(user, key.public_key).await {
            Some(account) => {
                tracing::info!(
                    "ssh: {} logged in by key from {}",
                    account.username,
                    self.peer()
                );
                self.user = Some(account);
                Ok(Auth::Accept)
            }
            None => Ok(Self::methods()),
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.insert(channel.id(), ChannelState::default());
        reply.accept().await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(state) => {
                state.size = Some((clamp(cols), clamp(rows)));
                session.channel_success(channel)
            }
            None => session.channel_failure(channel),
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.start(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Self::refuse(
            session,
            channel,
            "commands are not served here; a terminal is required: connect with `ssh -t` and no command.",
        )
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channels.get_mut(&channel) {
            let size = (clamp(cols), clamp(rows));
            state.size = Some(size);
            if let Some(input) = &state.input {
                input.event(Event::Resize(size.0, size.1)).await;
            }
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(input) = self.channels.get(&channel).and_then(|s| s.input.as_ref()) {
            input.bytes(data.to_vec()).await;
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The input is over: the session ends and gives its seats back.
        self.channels.remove(&channel);
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.remove(&channel);
        Ok(())
    }
}

impl Connection {
    /// The account `user` if `key` is listed for it.
    async fn key_login(&self, user: &str, key: &PublicKey) -> Option<User> {
        let fingerprint = super::keys::fingerprint(key);
        match self
            .shared
            .services
            .identity
            .login_by_key(user, &fingerprint)
            .await
        {
            Ok(account) => Some(account),
            Err(e) => {
                tracing::warn!(
                    "ssh: key {fingerprint} refused for {user:?} from {}: {e}",
                    self.peer()
                );
                None
            }
        }
    }
}
