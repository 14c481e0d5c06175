//! Reading the ledger, and the audit of its hash chain.

use serde::Serialize;

use crate::identity::User;
use crate::identity::permissions::{Permission, check};
use crate::payment::PaymentError;
use crate::payment::model::{ChainBreak, ChainWalk, LedgerEntry};
use crate::payment::ports::{ActedEntry, LedgerFilter};

use super::PaymentService;

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub rows: u64,
    pub head: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken: Option<ChainBreak>,
}

impl PaymentService {
    /// A page of the ledger, oldest first.
    pub async fn ledger(
        &self,
        actor: &User,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LedgerEntry>, PaymentError> {
        check(actor, Permission::ViewLedger).map_err(PaymentError::PermissionDenied)?;
        Ok(self
            .store
            .ledger_page(after, limit.clamp(1, 10_000))
            .await?)
    }

    /// A page of the ledger matching `filter`, the newest first, below row `before`, each
    /// row with who acted.
    pub async fn ledger_search(
        &self,
        actor: &User,
        filter: &LedgerFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<ActedEntry>, PaymentError> {
        check(actor, Permission::ViewLedger).map_err(PaymentError::PermissionDenied)?;
        Ok(self
            .store
            .ledger_search(filter, before, limit.clamp(1, 1_000))
            .await?)
    }

    /// Walks the whole chain; names the first row that does not hold.
    pub async fn verify(&self, actor: &User) -> Result<Verification, PaymentError> {
        self.verify_with_progress(actor, |_, _| {}).await
    }

    /// As `verify`, telling `progress` the rows checked so far and the head's number
    /// after each page, so a screen can show how far the walk is.
    pub async fn verify_with_progress(
        &self,
        actor: &User,
        progress: impl Fn(u64, i64) + Send,
    ) -> Result<Verification, PaymentError> {
        check(actor, Permission::ViewLedger).map_err(PaymentError::PermissionDenied)?;
        let (head, head_hash) = self.store.ledger_head().await?;
        let mut walk = ChainWalk::default();
        let mut after = 0;
        loop {
            let page = self.store.ledger_page(after, 2_000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for row in &page {
                if let Err(broken) = walk.check(row) {
                    return Ok(Verification {
                        rows: walk.checked,
                        head,
                        broken: Some(broken),
                    });
                }
            }
            progress(walk.checked, head);
        }
        let broken = walk.finish(head, &head_hash).err();
        Ok(Verification {
            rows: walk.checked,
            head,
            broken,
        })
    }
}
