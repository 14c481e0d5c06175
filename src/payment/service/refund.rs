//! Refunds, through the method that paid, and the cancellation of a showtime with the
//! refunds of everything sold for it.

use serde::Serialize;

use crate::booking::BookingError;
use crate::booking::model::Ticket;
use crate::identity::User;
use crate::identity::permissions::{Permission, check};
use crate::payment::PaymentError;
use crate::payment::model::{AttemptOutcome, LedgerKind, PaymentMethod, refund_allowed};
use crate::payment::ports::{RefundOutcome, RefundRecord};
use crate::vocab::text::has_control;
use crate::vocab::{Money, OrderId, ShowtimeId};

use super::PaymentService;

#[derive(Debug, Clone, Serialize)]
pub struct RefundReceipt {
    pub order: OrderId,
    pub refund: i64,
    pub tickets: Vec<Ticket>,
    pub amount: Money,
    pub method: &'static str,
    pub reason: String,
}

impl RefundReceipt {
    /// What became of the refunded tickets' seats, in words that fit how many there were.
    pub fn seats_freed(&self) -> &'static str {
        if self.tickets.len() == 1 {
            "its seat is free again"
        } else {
            "the seats are free again"
        }
    }
}

/// Refund a whole order, or one ticket by its code.
#[derive(Debug, Clone)]
pub enum RefundTarget {
    Order(OrderId),
    Ticket(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct CancelReport {
    pub showtime: ShowtimeId,
    pub refunds: Vec<RefundReceipt>,
    /// Orders whose refund failed (run the cancellation again to retry them).
    pub failed: Vec<(OrderId, String)>,
}

impl PaymentService {
    /// Refunds a whole order or one ticket through the method that paid, with a reason;
    /// the seats become free. Cashiers refund before the showtime starts, managers always.
    pub async fn refund(
        &self,
        actor: &User,
        target: RefundTarget,
        reason: &str,
    ) -> Result<RefundReceipt, PaymentError> {
        check(actor, Permission::RefundBeforeStart).map_err(PaymentError::PermissionDenied)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(PaymentError::invalid("reason", "a refund needs a reason"));
        }
        if has_control(reason) {
            return Err(PaymentError::invalid(
                "reason",
                "a refund's reason cannot hold control characters",
            ));
        }
        let (order, only) = match target {
            RefundTarget::Order(id) => (id, None),
            RefundTarget::Ticket(code) => {
                let ticket = self
                    .booking
                    .ticket_by_code(actor, &code)
                    .await?
                    .ok_or_else(|| PaymentError::TicketNotFound(code.clone()))?;
                (ticket.order_id, Some(ticket.id))
            }
        };
        let view = self.booking.order(actor, order).await?;
        let now = self.now().await?;
        refund_allowed(actor.role, now, view.showtime.starts_at)
            .map_err(PaymentError::PermissionDenied)?;
        let tickets: Vec<Ticket> = view
            .tickets
            .into_iter()
            .filter(|t| t.valid && only.is_none_or(|id| id == t.id))
            .collect();
        if tickets.is_empty() {
            return Err(PaymentError::NothingToRefund(match only {
                Some(_) => "that ticket was already refunded".into(),
                None => format!("order {} has no valid tickets", order.0),
            }));
        }
        let payment = self.store.payment_of(order).await?.ok_or_else(|| {
            PaymentError::NothingToRefund(format!("order {} was never paid", order.0))
        })?;
        let amount = tickets
            .iter()
            .try_fold(Money::ZERO, |sum, t| sum.checked_add(t.price))
            .ok_or_else(|| PaymentError::invalid("amount", "refund too large"))?;
        let mut ids: Vec<i64> = tickets.iter().map(|t| t.id.0).collect();
        ids.sort_unstable();
        // One key per refund of these tickets, so a retry after a lost answer can never
        // give the money back twice; a refund the bank declined moved no money, and the
        // bank answers a repeated key with the same refusal, so asking again takes a
        // new key.
        let base = format!(
            "refund-{}-{}",
            order.0,
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join("-")
        );
        let key = match self.store.refund_declines(order, &base).await? {
            0 => base,
            declined => format!("{base}-r{declined}"),
        };
        let (gateway_ref, lease) = match payment.method {
            PaymentMethod::Card => {
                if !self
                    .store
                    .lease_order(order, &key, "paid", now, now + self.settings.lease)
                    .await?
                {
                    return Err(BookingError::PaymentInProgress.into());
                }
                match self.refund_card(&key, &payment.gateway_ref, amount).await {
                    Ok(reference) => (Some(reference), Some(key.clone())),
                    Err((kind, e)) => {
                        let at = self.now().await?;
                        self.store
                            .append_ledger(&[self
                                .entry(at, kind, actor.id)
                                .amount(amount)
                                .method("card")
                                .order(order)
                                .reference(key.clone())
                                .detail(e.to_string())])
                            .await?;
                        self.store.end_lease(order, &key).await?;
                        return Err(e);
                    }
                }
            }
            PaymentMethod::Cash | PaymentMethod::Free => (None, None),
        };
        let codes: Vec<&str> = tickets.iter().map(|t| t.code.as_str()).collect();
        let at = self.now().await?;
        let record = RefundRecord {
            order,
            payment_id: payment.id,
            tickets: tickets.iter().map(|t| t.id).collect(),
            amount,
            method: payment.method,
            reason: reason.to_string(),
            gateway_ref: gateway_ref.clone(),
            user: actor.id,
            now: at,
            lease_key: lease,
            ledger: vec![
                self.entry(at, LedgerKind::Refund, actor.id)
                    .amount(amount)
                    .method(payment.method.as_str())
                    .order(order)
                    .reference(gateway_ref.unwrap_or_default())
                    .detail(format!("{reason} ({})", codes.join(", "))),
            ],
        };
        match self.store.refund(&record).await? {
            RefundOutcome::Refunded { id } => {
                self.booking.seats_changed(view.showtime.id);
                Ok(RefundReceipt {
                    order,
                    refund: id,
                    tickets,
                    amount,
                    method: payment.method.as_str(),
                    reason: reason.to_string(),
                })
            }
            RefundOutcome::AlreadyRefunded => Err(PaymentError::NothingToRefund(
                "another terminal refunded these tickets a moment ago".into(),
            )),
        }
    }

    async fn refund_card(
        &self,
        key: &str,
        charge: &Option<String>,
        amount: Money,
    ) -> Result<String, (LedgerKind, PaymentError)> {
        let Some(charge) = charge else {
            return Err((
                LedgerKind::Decline,
                PaymentError::RefundFailed {
                    reason: "the card payment has no bank reference".into(),
                },
            ));
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = tokio::time::timeout(
                self.settings.gateway_timeout,
                self.gateway.refund(key, charge, amount),
            )
            .await
            .unwrap_or(AttemptOutcome::TimedOut);
            match outcome {
                AttemptOutcome::Approved { reference } => return Ok(reference),
                AttemptOutcome::Declined { reason } => {
                    return Err((LedgerKind::Decline, PaymentError::RefundFailed { reason }));
                }
                // Whether the money went back is unknown: the next request keeps the key.
                AttemptOutcome::TimedOut => match self.settings.retry.pause_before(attempt) {
                    Some(pause) => tokio::time::sleep(pause).await,
                    None => {
                        return Err((
                            LedgerKind::Timeout,
                            PaymentError::RefundFailed {
                                reason: format!(
                                    "the bank did not answer after {attempt} attempts; \
                                     ask again: a refund it made meanwhile is then \
                                     recorded, never paid twice"
                                ),
                            },
                        ));
                    }
                },
            }
        }
    }

    /// Cancels a showtime and refunds every ticket sold for it. Safe to run again: a
    /// second run refunds whatever the first could not.
    pub async fn cancel_showtime(
        &self,
        actor: &User,
        showtime: ShowtimeId,
        reason: &str,
    ) -> Result<CancelReport, PaymentError> {
        check(actor, Permission::Schedule).map_err(PaymentError::PermissionDenied)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(PaymentError::invalid(
                "reason",
                "a cancellation needs a reason",
            ));
        }
        let st = self.booking.showtime(showtime).await?;
        let at = self.now().await?;
        let entry = self
            .entry(at, LedgerKind::Cancellation, actor.id)
            .reference(format!("showtime {}", st.id.0))
            .detail(reason.to_string());
        self.store.cancel_showtime(st.id, &entry).await?;
        self.booking.forget_showtime(st.id);
        let mut report = CancelReport {
            showtime: st.id,
            refunds: Vec::new(),
            failed: Vec::new(),
        };
        for order in self.store.orders_with_valid_tickets(st.id).await? {
            match self.refund(actor, RefundTarget::Order(order), reason).await {
                Ok(r) => report.refunds.push(r),
                Err(e) => report.failed.push((order, e.to_string())),
            }
        }
        Ok(report)
    }
}
