//! One clock for every terminal. In production "now" is the database's clock, so two
//! counters never disagree about expiry or "in the past"; tests inject a manual clock.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;

use super::error::StoreFailure;

pub trait Clock: Send + Sync {
    fn now(&self) -> BoxFuture<'_, Result<DateTime<Utc>, StoreFailure>>;
}

/// A clock that only moves when told to.
#[derive(Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }

    pub fn get(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> BoxFuture<'_, Result<DateTime<Utc>, StoreFailure>> {
        let t = self.get();
        Box::pin(async move { Ok(t) })
    }
}
