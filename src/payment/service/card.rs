//! A card payment: the order's lease, the bank's calls with their retries, and the void
//! when no tickets can be made for a charge.

use tokio::sync::mpsc::UnboundedSender;

use crate::booking::BookingError;
use crate::booking::service::SalePlan;
use crate::identity::User;
use crate::payment::PaymentError;
use crate::payment::model::{AttemptOutcome, AttemptReport, CardNumber, LedgerKind, PaymentMethod};
use crate::vocab::{Money, OrderId, StoreFailure};

use super::interrupted::ChargeKey;
use super::{PaymentService, Receipt};

impl PaymentService {
    pub(super) async fn pay_card(
        &self,
        actor: &User,
        plan: SalePlan,
        card: CardNumber,
        progress: Option<UnboundedSender<AttemptReport>>,
    ) -> Result<Receipt, PaymentError> {
        let now = self.now().await?;
        let charge_key = self.charge_key(actor, &plan, now).await?;
        let key = charge_key.key.clone();
        // Claim the order before the bank is called: a second terminal paying it now is
        // refused here, so there is one charge at most.
        if !self
            .store
            .lease_order(plan.order, &key, "draft", now, now + self.settings.lease)
            .await?
        {
            return Err(self.why_not_payable(actor, plan.order).await);
        }
        let mut attempts = Vec::new();
        let charged = self
            .charge(actor, &plan, &charge_key, &card, &progress, &mut attempts)
            .await;
        let reference = match charged {
            Ok(reference) => reference,
            Err(e) => {
                self.store.end_lease(plan.order, &key).await?;
                return Err(e);
            }
        };
        let at = self.now().await?;
        let ledger = vec![
            self.entry(at, LedgerKind::Success, actor.id)
                .amount(plan.total)
                .method("card")
                .order(plan.order)
                .reference(reference.clone())
                .detail(format!("card ****{}", card.last4())),
        ];
        let order = plan.order;
        let total = plan.total;
        let card_info = Some((&card, reference.clone(), key.clone()));
        match self
            .settle(
                actor,
                plan,
                at,
                PaymentMethod::Card,
                None,
                card_info,
                Some(key.clone()),
                ledger,
                attempts,
            )
            .await
        {
            Ok(receipt) => Ok(receipt),
            Err(PaymentError::Booking(BookingError::Store(failure))) => {
                // The database failed around the commit: the sale may or may not have
                // been recorded. Only a sale known not to exist may be voided.
                match self.store.payment_of(order).await {
                    Ok(Some(p)) if p.gateway_ref.as_deref() == Some(reference.as_str()) => {
                        Err(PaymentError::Store(StoreFailure::new(format!(
                            "order {} was paid and ticketed, but reading it back failed: {failure}; \
                             show it with `boxoffice order show {}`",
                            order.0, order.0
                        ))))
                    }
                    Ok(_) => {
                        let cause = BookingError::Store(failure);
                        self.void(actor, order, total, &key, &format!("no tickets: {cause}"))
                            .await?;
                        self.store.end_lease(order, &key).await?;
                        Err(PaymentError::Voided { cause })
                    }
                    // Still unreachable: the charge stands until someone looks; the ledger
                    // holds the attempt and its key, so it can be found and voided.
                    Err(e) => {
                        tracing::error!(
                            "payment: order {} charged ({reference}, key {key}) but the database is unreachable: {e}",
                            order.0
                        );
                        Err(PaymentError::Store(failure))
                    }
                }
            }
            Err(PaymentError::Booking(cause)) => {
                // The holds lapsed and the seats went to someone else, or the order
                // changed meanwhile: the buyer is never charged without tickets.
                self.void(actor, order, total, &key, &format!("no tickets: {cause}"))
                    .await?;
                self.store.end_lease(order, &key).await?;
                Err(PaymentError::Voided { cause })
            }
            Err(e) => Err(e),
        }
    }

    /// Calls the bank, retrying timeouts with the same key; every attempt and its result
    /// goes to the ledger. Returns the charge's reference.
    async fn charge(
        &self,
        actor: &User,
        plan: &SalePlan,
        charge_key: &ChargeKey,
        card: &CardNumber,
        progress: &Option<UnboundedSender<AttemptReport>>,
        attempts: &mut Vec<AttemptReport>,
    ) -> Result<String, PaymentError> {
        let key = charge_key.key.as_str();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let at = self.now().await?;
            let base = |kind| {
                self.entry(at, kind, actor.id)
                    .amount(plan.total)
                    .method("card")
                    .order(plan.order)
                    .reference(key)
            };
            // A resumed key says so: its earlier attempts were cut off unanswered.
            let again = if charge_key.resumed {
                ", resuming an interrupted payment under its key"
            } else {
                ""
            };
            self.store
                .append_ledger(&[base(LedgerKind::Attempt).detail(format!(
                    "attempt {attempt}, card ****{}{again}",
                    card.last4()
                ))])
                .await?;
            let outcome = tokio::time::timeout(
                self.settings.gateway_timeout,
                self.gateway.charge(key, plan.total, card),
            )
            .await
            .unwrap_or(AttemptOutcome::TimedOut);
            let retry_in = match &outcome {
                AttemptOutcome::TimedOut => self.settings.retry.pause_before(attempt),
                _ => None,
            };
            let report = AttemptReport {
                attempt,
                outcome: outcome.clone(),
                retry_in_ms: retry_in.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            };
            attempts.push(report.clone());
            if let Some(tx) = progress {
                // The listener may have gone (a closed screen); the payment goes on.
                let _ = tx.send(report);
            }
            match outcome {
                AttemptOutcome::Approved { reference } => return Ok(reference),
                AttemptOutcome::Declined { reason } => {
                    let at = self.now().await?;
                    self.store
                        .append_ledger(&[self
                            .entry(at, LedgerKind::Decline, actor.id)
                            .amount(plan.total)
                            .method("card")
                            .order(plan.order)
                            .reference(key)
                            .detail(reason.clone())])
                        .await?;
                    return Err(PaymentError::Declined { reason });
                }
                AttemptOutcome::TimedOut => {
                    let at = self.now().await?;
                    self.store
                        .append_ledger(&[self
                            .entry(at, LedgerKind::Timeout, actor.id)
                            .amount(plan.total)
                            .method("card")
                            .order(plan.order)
                            .reference(key)
                            .detail(format!("attempt {attempt}: no answer"))])
                        .await?;
                    match retry_in {
                        Some(pause) => tokio::time::sleep(pause).await,
                        None => {
                            // The bank may have taken the money without answering.
                            self.void(
                                actor,
                                plan.order,
                                plan.total,
                                key,
                                "no answer from the bank",
                            )
                            .await?;
                            return Err(PaymentError::GatewayTimeout { attempts: attempt });
                        }
                    }
                }
            }
        }
    }

    /// Gives back whatever was charged under `key`, and records it if anything was.
    async fn void(
        &self,
        actor: &User,
        order: OrderId,
        amount: Money,
        key: &str,
        why: &str,
    ) -> Result<(), PaymentError> {
        let outcome = self.gateway.void(key).await;
        let at = self.now().await?;
        let entry = self
            .entry(at, LedgerKind::Void, actor.id)
            .method("card")
            .order(order)
            .reference(key);
        let entry = match outcome {
            AttemptOutcome::Approved { reference } if reference.is_empty() => return Ok(()),
            AttemptOutcome::Approved { reference } => entry
                .amount(amount)
                .detail(format!("charge {reference} voided: {why}")),
            other => {
                tracing::error!(
                    "payment: voiding {key} of order {} failed: {}",
                    order.0,
                    other.word()
                );
                entry.detail(format!(
                    "void failed ({}): {why}; refund by hand",
                    other.word()
                ))
            }
        };
        self.store.append_ledger(&[entry]).await?;
        Ok(())
    }
}
