//! The server's limits, shared by every connection: sessions in all, sessions per
//! account, and new connections per address per minute. A session holds a `Permit`;
//! dropping it (however the session ends) gives its place back.

use crate::vocab::text::count;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

const RATE_WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct Limits {
    max_sessions: usize,
    per_account: usize,
    per_minute: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    sessions: usize,
    accounts: HashMap<String, usize>,
    recent: HashMap<IpAddr, VecDeque<Instant>>,
}

/// A place taken by one session.
#[derive(Debug)]
pub struct Permit {
    limits: Arc<Limits>,
    account: String,
}

impl Limits {
    pub fn new(max_sessions: usize, per_account: usize, per_minute: usize) -> Limits {
        Limits {
            max_sessions,
            per_account,
            per_minute,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The counters stay right even if a holder panicked: each change is one step.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new connection from `ip`: `Err(message)` past the rate limit.
    pub fn connection(&self, ip: IpAddr, now: Instant) -> Result<(), String> {
        let mut state = self.state();
        // Forget addresses that went quiet, so the map does not grow for ever.
        state.recent.retain(|_, times| {
            times
                .back()
                .is_some_and(|t| now.duration_since(*t) < RATE_WINDOW)
        });
        let times = state.recent.entry(ip).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= RATE_WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= self.per_minute {
            return Err(format!(
                "Too many connections from your address ({} a minute at most); wait a minute and try again.",
                self.per_minute
            ));
        }
        times.push_back(now);
        Ok(())
    }

    /// A session for `account`: `Err(message)` when the server or the account is full.
    pub fn session(self: &Arc<Self>, account: &str) -> Result<Permit, String> {
        let mut state = self.state();
        if state.sessions >= self.max_sessions {
            return Err(format!(
                "The server is full ({} sessions); try again in a few minutes.",
                self.max_sessions
            ));
        }
        let open = state.accounts.get(account).copied().unwrap_or(0);
        if open >= self.per_account {
            return Err(format!(
                "{account} already has {} open, the most allowed; close one first.",
                count(open as u64, "session", "sessions")
            ));
        }
        state.sessions += 1;
        *state.accounts.entry(account.to_string()).or_default() += 1;
        Ok(Permit {
            limits: Arc::clone(self),
            account: account.to_string(),
        })
    }

    /// Sessions open now.
    pub fn sessions(&self) -> usize {
        self.state().sessions
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.limits.state();
        state.sessions = state.sessions.saturating_sub(1);
        if let Some(n) = state.accounts.get_mut(&self.account) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                state.accounts.remove(&self.account);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_in_all_and_per_account_are_counted_and_given_back() {
        let limits = Arc::new(Limits::new(2, 1, 10));
        let a = limits.session("anna").unwrap();
        assert!(
            limits
                .session("anna")
                .unwrap_err()
                .contains("already has 1")
        );
        let b = limits.session("ben").unwrap();
        assert!(
            limits
                .session("carl")
                .unwrap_err()
                .contains("server is full")
        );
        drop(a);
        let _a = limits.session("anna").unwrap();
        drop(b);
        assert_eq!(limits.sessions(), 1);
    }

    #[test]
    fn connections_per_address_per_minute() {
        let limits = Limits::new(10, 10, 2);
        let ip: IpAddr = [10, 0, 0, 1].into();
        let other: IpAddr = [10, 0, 0, 2].into();
        let t = Instant::now();
        limits.connection(ip, t).unwrap();
        limits.connection(ip, t).unwrap();
        assert!(limits.connection(ip, t).unwrap_err().contains("Too many"));
        limits.connection(other, t).unwrap();
        limits.connection(ip, t + RATE_WINDOW).unwrap();
    }
}
