//! The audit's work: a page of the ledger as filtered, and the chain check, whose
//! progress the screen reads while it runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::identity::User;
use crate::payment::ports::{ActedEntry, LedgerFilter};
use crate::payment::service::Verification;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Answer as Reply, Command, Problem};
use crate::tui::screens::{Answer, Job, Runner, asked};

/// Rows read per page.
pub const PAGE: i64 = 100;

/// How far a running check has walked: rows checked, and the last row's number. Shared
/// between the task that walks and the screen that draws it; two are equal when they
/// are the same counter.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<(AtomicU64, AtomicI64)>);

impl Progress {
    pub fn set(&self, rows: u64, head: i64) {
        self.0.0.store(rows, Ordering::Relaxed);
        self.0.1.store(head, Ordering::Relaxed);
    }

    /// Rows checked, and of how many (0 until the first page is walked).
    pub fn get(&self) -> (u64, i64) {
        (
            self.0.0.load(Ordering::Relaxed),
            self.0.1.load(Ordering::Relaxed),
        )
    }
}

impl PartialEq for Progress {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Progress {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Load {
        actor: User,
        filter: LedgerFilter,
        before: Option<i64>,
    },
    Verify {
        actor: User,
        progress: Progress,
    },
}

pub enum Done {
    Loaded(Reply<Vec<ActedEntry>>),
    Verified(Reply<Verification>),
}

const LOADING: &str = "reading the ledger";
const VERIFYING: &str = "checking the chain";

impl Job for Work {
    type Done = Done;

    fn label(&self) -> Option<&'static str> {
        Some(match self {
            Work::Load { .. } => LOADING,
            // The screen draws its own progress line.
            Work::Verify { .. } => return None,
        })
    }

    async fn perform(self, runner: &Runner) -> Done {
        let pay = &runner.services.payment;
        match self {
            Work::Load {
                actor,
                filter,
                before,
            } => Done::Loaded(
                pay.ledger_search(&actor, &filter, before, PAGE)
                    .await
                    .map_err(|e| Problem::logged("ledger", e)),
            ),
            Work::Verify { actor, progress } => Done::Verified(
                pay.verify_with_progress(&actor, move |rows, head| progress.set(rows, head))
                    .await
                    .map_err(|e| Problem::logged("verify", e)),
            ),
        }
    }
}

impl Answer for Done {
    fn label(&self) -> &'static str {
        match self {
            Done::Loaded(_) => LOADING,
            Done::Verified(_) => VERIFYING,
        }
    }

    fn database(&self) -> Option<Result<(), &Problem>> {
        match self {
            Done::Loaded(r) => asked(r),
            Done::Verified(r) => asked(r),
        }
    }

    // A broken chain is said even when the screen is gone.
    fn orphaned(self, ctx: &mut Ctx) -> Option<Command> {
        if let Done::Verified(result) = self {
            match verdict(&result) {
                (true, text) => ctx.info = Some(text),
                (false, text) => ctx.message = Some(text),
            }
        }
        None
    }
}

/// Whether the ledger holds, and the words for it.
pub fn verdict(result: &Reply<Verification>) -> (bool, String) {
    match result {
        Ok(v) => match &v.broken {
            None => (
                true,
                format!("The ledger is whole: {} rows, all chained.", v.rows),
            ),
            Some(b) => (
                false,
                format!(
                    "The ledger is BROKEN at row {}: {} ({} rows checked before it).",
                    b.seq, b.problem, v.rows
                ),
            ),
        },
        Err(e) => (false, format!("The check could not run: {e}")),
    }
}
