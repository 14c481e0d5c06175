//! Reading the ledger, and the audit of its hash chain.

use serde::Serialize;

use crate::identity::User;
use crate::identity::permissions::{Permission, check};
use crate::payment::PaymentError;
use crate::payment::model::{ChainBreak, ChainWalk, LedgerAnchor, LedgerEntry};
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
        self.verify_against(actor, &[]).await
    }

    /// The ledger's head as an anchor to write down: printed at each shift close, so a
    /// later `audit verify --anchor` can prove no row up to it was removed or changed.
    pub async fn ledger_anchor(&self) -> Result<LedgerAnchor, PaymentError> {
        let (seq, hash) = self.store.ledger_head().await?;
        Ok(LedgerAnchor { seq, hash })
    }

    /// As `verify`, and every anchor written down must still name its row.
    pub async fn verify_against(
        &self,
        actor: &User,
        anchors: &[LedgerAnchor],
    ) -> Result<Verification, PaymentError> {
        self.verify_walk(actor, anchors, |_, _| {}).await
    }

    /// As `verify`, telling `progress` the rows checked so far and the head's number
    /// after each page, so a screen can show how far the walk is.
    pub async fn verify_with_progress(
        &self,
        actor: &User,
        progress: impl Fn(u64, i64) + Send,
    ) -> Result<Verification, PaymentError> {
        self.verify_walk(actor, &[], progress).await
    }

    async fn verify_walk(
        &self,
        actor: &User,
        anchors: &[LedgerAnchor],
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
                let checked = walk
                    .check(row)
                    .and_then(|()| LedgerAnchor::check_row(anchors, row));
                if let Err(broken) = checked {
                    return Ok(Verification {
                        rows: walk.checked,
                        head,
                        broken: Some(broken),
                    });
                }
            }
            progress(walk.checked, head);
        }
        let broken = walk
            .finish(head, &head_hash)
            .and_then(|()| LedgerAnchor::check_end(anchors, head))
            .err();
        Ok(Verification {
            rows: walk.checked,
            head,
            broken,
        })
    }
}
