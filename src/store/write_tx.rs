//! A write transaction, and for SQLite the gate in front of it.
//!
//! SQLite has one writer per file, and its busy handler is unfair: under load some
//! writers wait for seconds while others pass. Within one process every write to a file
//! therefore queues at one async mutex (first come, first served) before it begins its
//! IMMEDIATE transaction, so the busy handler only ever arbitrates between processes.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, OnceLock};

use sqlx::{Database, Transaction};
use tokio::sync::OwnedMutexGuard;

pub struct WriteTx<DB: Database> {
    tx: Transaction<'static, DB>,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl<DB: Database> WriteTx<DB> {
    pub fn new(tx: Transaction<'static, DB>, gate: Option<OwnedMutexGuard<()>>) -> Self {
        WriteTx { tx, _gate: gate }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl<DB: Database> Deref for WriteTx<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl<DB: Database> DerefMut for WriteTx<DB> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// The gate of one database file, shared by every store of this process that opens it.
pub fn sqlite_gate(key: &str) -> Arc<tokio::sync::Mutex<()>> {
    static GATES: OnceLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let gates = GATES.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = gates.lock().unwrap_or_else(|p| p.into_inner());
    map.entry(key.to_string()).or_default().clone()
}
