//! Card payments cut off mid-way (the process killed, the machine off) between asking the
//! bank and recording its answer. The bank may have taken the money under the payment's
//! idempotency key, so nothing else is charged for that order before the key is settled:
//! a new payment of the same amount goes on under the same key (the bank answers a
//! repeated key with its first answer, so it charges once at most), and a sweep at start-up
//! and every minute voids what the bank took under the keys nobody came back for. Both
//! are in the ledger.

use chrono::{DateTime, Utc};

use crate::booking::service::SalePlan;
use crate::identity::User;
use crate::identity::permissions::{Permission, check};
use crate::payment::PaymentError;
use crate::payment::model::{AttemptOutcome, LedgerKind};
use crate::payment::ports::InterruptedPayment;
use crate::vocab::OrderId;

use super::PaymentService;

/// What the sweep did with one interrupted payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedPayment {
    pub order: OrderId,
    pub key: String,
    /// The bank's reference of the charge voided; `None`: nothing had been charged.
    pub voided_charge: Option<String>,
}

/// The key a card payment charges under, and whether it goes on with an interrupted one.
pub(super) struct ChargeKey {
    pub key: String,
    pub resumed: bool,
}

impl PaymentService {
    /// The key to charge `plan` under: the interrupted payment's own key when it asked
    /// for the same amount, else a new one, after the interrupted key was voided.
    pub(super) async fn charge_key(
        &self,
        actor: &User,
        plan: &SalePlan,
        now: DateTime<Utc>,
    ) -> Result<ChargeKey, PaymentError> {
        let fresh = ChargeKey {
            key: format!("pay-{}-{}", plan.order.0, uuid::Uuid::new_v4().simple()),
            resumed: false,
        };
        let stuck = self
            .store
            .interrupted_payments(Some(plan.order), now)
            .await?
            .into_iter()
            .next();
        let Some(stuck) = stuck else {
            return Ok(fresh);
        };
        if stuck.amount == Some(plan.total) {
            return Ok(ChargeKey {
                key: stuck.key,
                resumed: true,
            });
        }
        // Another amount (the ticket types changed): what the old key took goes back
        // before the new amount is asked for.
        self.resolve(actor, &stuck, now, "the order's amount changed")
            .await?;
        Ok(fresh)
    }

    /// Voids what the bank took under every interrupted payment's key whose lease has
    /// lapsed, and records each in the ledger. `actor` is recorded as who resolved them
    /// (the local operator for the sweep).
    pub async fn resolve_interrupted_payments(
        &self,
        actor: &User,
    ) -> Result<Vec<ResolvedPayment>, PaymentError> {
        // Voiding touches other people's orders: a manager's (or the operator's) act.
        check(actor, Permission::ActOnOthersOrders).map_err(PaymentError::PermissionDenied)?;
        let now = self.now().await?;
        let mut resolved = Vec::new();
        for stuck in self.store.interrupted_payments(None, now).await? {
            if let Some(done) = self
                .resolve(actor, &stuck, now, "nobody came back to the order")
                .await?
            {
                resolved.push(done);
            }
        }
        Ok(resolved)
    }

    /// Takes the lapsed lease (so no terminal resumes the key meanwhile), voids the key
    /// and records it. `None` when another terminal took the order first, or when the bank
    /// did not answer: the lease lapses again and the next sweep asks again.
    async fn resolve(
        &self,
        actor: &User,
        stuck: &InterruptedPayment,
        now: DateTime<Utc>,
        why: &str,
    ) -> Result<Option<ResolvedPayment>, PaymentError> {
        let until = now + self.settings.lease;
        if !self
            .store
            .claim_interrupted(stuck.order, &stuck.key, now, until)
            .await?
        {
            return Ok(None);
        }
        let outcome = self.gateway.void(&stuck.key).await;
        let at = self.now().await?;
        let entry = self
            .entry(at, LedgerKind::Void, actor.id)
            .method("card")
            .order(stuck.order)
            .reference(stuck.key.clone());
        let (entry, voided_charge) = match outcome {
            AttemptOutcome::Approved { reference } if reference.is_empty() => (
                entry.detail(format!(
                    "interrupted payment resolved ({why}): nothing had been charged"
                )),
                None,
            ),
            AttemptOutcome::Approved { reference } => {
                let entry = match stuck.amount {
                    Some(amount) => entry.amount(amount),
                    None => entry,
                };
                (
                    entry.detail(format!(
                        "interrupted payment resolved ({why}): charge {reference} voided"
                    )),
                    Some(reference),
                )
            }
            other => {
                tracing::warn!(
                    "payment: the void of interrupted payment {} of order {} was not confirmed ({}); asking again later",
                    stuck.key,
                    stuck.order.0,
                    other.word()
                );
                return Ok(None);
            }
        };
        self.store.append_ledger(&[entry]).await?;
        self.store.end_lease(stuck.order, &stuck.key).await?;
        Ok(Some(ResolvedPayment {
            order: stuck.order,
            key: stuck.key.clone(),
            voided_charge,
        }))
    }
}
