//! Payment use cases: pay (cash, card through the gateway, free), refund, cancel a
//! showtime with its refunds, shifts, the ledger and its audit. Validate, then charge,
//! then confirm: nothing reaches the bank for an order that cannot be sold, and nothing
//! is charged without tickets.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;

use crate::booking::BookingError;
use crate::booking::model::{OrderStatus, SaleLine, Ticket, change_due};
use crate::booking::paid::{PaymentPart, PaymentSucceeded};
use crate::booking::service::{BookingService, SalePlan};
use crate::identity::User;
use crate::identity::permissions::{Permission, allows, check};
use crate::screening::model::Showtime;
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{Clock, Money, OrderId, ShowtimeId, StoreFailure, UserId};

use super::error::PaymentError;
use super::gateway::PaymentGateway;
use super::model::{
    AttemptOutcome, AttemptReport, CardNumber, ChainBreak, ChainWalk, CloseOut, LedgerDraft,
    LedgerEntry, LedgerKind, PaymentMethod, RetryPolicy, close_out, refund_allowed, signed,
};
use super::ports::{PaymentStore, RefundOutcome, RefundRecord, SalePayment, Shift};
use super::report::{OccupancyLine, SalesReport, occupancy_lines, sales_report};

/// The payment settings from config.
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    pub currency: String,
    pub retry: RetryPolicy,
    /// How long to wait for the bank before counting the call as timed out.
    pub gateway_timeout: Duration,
    /// How long a payment in flight keeps other terminals off its order.
    pub lease: chrono::Duration,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        PaymentSettings {
            currency: "EUR".into(),
            retry: RetryPolicy::default(),
            gateway_timeout: Duration::from_secs(10),
            lease: chrono::Duration::minutes(2),
        }
    }
}

/// How the customer pays.
#[derive(Debug, Clone)]
pub enum Tender {
    /// `None`: the exact amount.
    Cash { tendered: Option<Money> },
    /// `None`: the card presented at the counter's terminal (no number typed).
    Card { number: Option<CardNumber> },
}

/// The card the counter's terminal reads when no number is typed: the simulated bank
/// treats it by its configured rates.
const TERMINAL_CARD: &str = "4111111111111111";

/// What a finished sale hands over the counter.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub order: OrderId,
    pub showtime: Showtime,
    pub lines: Vec<SaleLine>,
    pub total: Money,
    pub method: &'static str,
    pub tendered: Option<Money>,
    pub change: Option<Money>,
    pub card_last4: Option<String>,
    pub attempts: Vec<AttemptReport>,
    pub tickets: Vec<Ticket>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RefundReceipt {
    pub order: OrderId,
    pub refund: i64,
    pub tickets: Vec<Ticket>,
    pub amount: Money,
    pub method: &'static str,
    pub reason: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub rows: u64,
    pub head: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken: Option<ChainBreak>,
}

#[derive(Clone)]
pub struct PaymentService {
    store: Arc<dyn PaymentStore>,
    booking: BookingService,
    gateway: Arc<dyn PaymentGateway>,
    clock: Arc<dyn Clock>,
    venue: VenueTime,
    settings: PaymentSettings,
}

impl PaymentService {
    pub fn new(
        store: Arc<dyn PaymentStore>,
        booking: BookingService,
        gateway: Arc<dyn PaymentGateway>,
        clock: Arc<dyn Clock>,
        venue: VenueTime,
        settings: PaymentSettings,
    ) -> Self {
        PaymentService {
            store,
            booking,
            gateway,
            clock,
            venue,
            settings,
        }
    }

    /// The same service paying through another bank (tests script one).
    pub fn with_gateway(mut self, gateway: Arc<dyn PaymentGateway>) -> Self {
        self.gateway = gateway;
        self
    }

    pub fn currency(&self) -> &str {
        &self.settings.currency
    }

    async fn now(&self) -> Result<DateTime<Utc>, PaymentError> {
        Ok(self.clock.now().await?)
    }

    fn entry(&self, at: DateTime<Utc>, kind: LedgerKind, actor: UserId) -> LedgerDraft {
        LedgerDraft::new(at, kind, actor, &self.settings.currency)
    }

    /// Sells the order: validates it, takes the payment, and turns the holds into tickets
    /// with the payment and ledger rows in one transaction. `progress` hears of each card
    /// attempt as it happens.
    pub async fn pay(
        &self,
        actor: &User,
        order: OrderId,
        types: &[crate::booking::model::TicketType],
        tender: Tender,
        progress: Option<UnboundedSender<AttemptReport>>,
    ) -> Result<Receipt, PaymentError> {
        let plan = self.booking.prepare_sale(actor, order, types).await?;
        if plan.total == Money::ZERO {
            return self.settle_free(actor, plan).await;
        }
        match tender {
            Tender::Cash { tendered } => {
                if !allows(actor.role, Permission::Sell) {
                    return Err(PaymentError::PermissionDenied(
                        "cash is taken at the counter; pay by card".into(),
                    ));
                }
                self.settle_cash(actor, plan, tendered).await
            }
            Tender::Card { number } => {
                let card = match number {
                    Some(card) => card,
                    None => CardNumber::parse(TERMINAL_CARD)
                        .map_err(|e| PaymentError::invalid("card", e))?,
                };
                self.pay_card(actor, plan, card, progress).await
            }
        }
    }

    /// Cash for the exact amount, the way tests and the bench sell.
    pub async fn pay_cash(
        &self,
        actor: &User,
        order: OrderId,
        types: &[crate::booking::model::TicketType],
        tendered: Option<Money>,
    ) -> Result<Receipt, PaymentError> {
        self.pay(actor, order, types, Tender::Cash { tendered }, None)
            .await
    }

    async fn settle_free(&self, actor: &User, plan: SalePlan) -> Result<Receipt, PaymentError> {
        let at = self.now().await?;
        let ledger = vec![
            self.entry(at, LedgerKind::Success, actor.id)
                .method("free")
                .order(plan.order)
                .detail("free order: nothing to pay"),
        ];
        self.settle(
            actor,
            plan,
            at,
            PaymentMethod::Free,
            None,
            None,
            None,
            ledger,
            Vec::new(),
        )
        .await
    }

    async fn settle_cash(
        &self,
        actor: &User,
        plan: SalePlan,
        tendered: Option<Money>,
    ) -> Result<Receipt, PaymentError> {
        let tendered = tendered.unwrap_or(plan.total);
        let change = change_due(plan.total, tendered)?;
        let at = self.now().await?;
        let ledger = vec![
            self.entry(at, LedgerKind::Success, actor.id)
                .amount(plan.total)
                .method("cash")
                .order(plan.order)
                .detail(format!("tendered {tendered}, change {change}")),
        ];
        let tender = Some((tendered, change));
        self.settle(
            actor,
            plan,
            at,
            PaymentMethod::Cash,
            tender,
            None,
            None,
            ledger,
            Vec::new(),
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn settle(
        &self,
        actor: &User,
        plan: SalePlan,
        at: DateTime<Utc>,
        method: PaymentMethod,
        cash: Option<(Money, Money)>,
        card: Option<(&CardNumber, String, String)>,
        lease: Option<String>,
        ledger: Vec<LedgerDraft>,
        attempts: Vec<AttemptReport>,
    ) -> Result<Receipt, PaymentError> {
        let card_last4 = card.as_ref().map(|(c, _, _)| c.last4().to_string());
        let paid = PaymentSucceeded {
            order: plan.order,
            by: actor.id,
            at,
            lines: plan.lines.clone(),
            total: plan.total,
            lease_key: lease,
            payment: PaymentPart::new(SalePayment {
                method,
                tendered: cash.map(|c| c.0),
                change: cash.map(|c| c.1),
                card_last4: card_last4.clone(),
                gateway_ref: card.map(|(_, reference, _)| reference),
                ledger,
            }),
        };
        let tickets = self.booking.complete_sale(paid).await?;
        Ok(Receipt {
            order: plan.order,
            showtime: plan.showtime,
            lines: plan.lines,
            total: plan.total,
            method: method.as_str(),
            tendered: cash.map(|c| c.0),
            change: cash.map(|c| c.1),
            card_last4,
            attempts,
            tickets,
        })
    }

    async fn pay_card(
        &self,
        actor: &User,
        plan: SalePlan,
        card: CardNumber,
        progress: Option<UnboundedSender<AttemptReport>>,
    ) -> Result<Receipt, PaymentError> {
        let key = format!("pay-{}-{}", plan.order.0, uuid::Uuid::new_v4().simple());
        let now = self.now().await?;
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
            .charge(actor, &plan, &key, &card, &progress, &mut attempts)
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
        key: &str,
        card: &CardNumber,
        progress: &Option<UnboundedSender<AttemptReport>>,
        attempts: &mut Vec<AttemptReport>,
    ) -> Result<String, PaymentError> {
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
            self.store
                .append_ledger(&[base(LedgerKind::Attempt)
                    .detail(format!("attempt {attempt}, card ****{}", card.last4()))])
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

    async fn why_not_payable(&self, actor: &User, order: OrderId) -> PaymentError {
        match self.booking.order(actor, order).await {
            Ok(view) => match view.status {
                OrderStatus::Draft => BookingError::PaymentInProgress.into(),
                OrderStatus::Expired => BookingError::HoldExpired.into(),
                s => BookingError::OrderClosed {
                    id: order.0,
                    status: s.as_str(),
                }
                .into(),
            },
            Err(e) => e.into(),
        }
    }

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

    pub async fn open_shift(&self, actor: &User, float: Money) -> Result<Shift, PaymentError> {
        check(actor, Permission::Sell).map_err(PaymentError::PermissionDenied)?;
        let now = self.now().await?;
        let entry = self
            .entry(now, LedgerKind::ShiftOpen, actor.id)
            .amount(float)
            .method("cash")
            .detail("float");
        match self.store.open_shift(actor.id, float, now, &entry).await? {
            Some(shift) => Ok(shift),
            None => {
                let since = match self.store.open_shift_of(actor.id).await? {
                    Some(s) => s.opened_at.to_rfc3339(),
                    None => "a moment ago".into(),
                };
                Err(PaymentError::ShiftAlreadyOpen(since))
            }
        }
    }

    pub async fn current_shift(&self, actor: &User) -> Result<Option<Shift>, PaymentError> {
        Ok(self.store.open_shift_of(actor.id).await?)
    }

    /// Closes the actor's shift with the cash counted (a blind count: the expected amount
    /// is only shown in the close-out), recording the variance in the ledger.
    pub async fn close_shift(
        &self,
        actor: &User,
        counted: Money,
    ) -> Result<CloseOut, PaymentError> {
        check(actor, Permission::Sell).map_err(PaymentError::PermissionDenied)?;
        let shift = self
            .store
            .open_shift_of(actor.id)
            .await?
            .ok_or(PaymentError::NoOpenShift)?;
        let now = self.now().await?;
        let totals = self
            .store
            .drawer_totals(actor.id, shift.opened_at, now)
            .await?;
        let out = close_out(shift.float, totals, counted);
        let reference = format!("shift {}", shift.id);
        let entries = [
            self.entry(now, LedgerKind::ShiftClose, actor.id)
                .amount(counted)
                .method("cash")
                .reference(reference.clone())
                .detail(format!(
                    "counted {counted}, expected {}, card {}",
                    signed(out.expected_cash),
                    signed(out.card_net_cents)
                )),
            self.entry(now, LedgerKind::Variance, actor.id)
                .signed_amount(out.variance_cents)
                .method("cash")
                .reference(reference)
                .detail(if out.variance_cents == 0 {
                    "drawer balanced".into()
                } else {
                    format!(
                        "{} {}",
                        if out.variance_cents > 0 {
                            "over"
                        } else {
                            "short"
                        },
                        signed(out.variance_cents.abs())
                    )
                }),
        ];
        if !self
            .store
            .close_shift(
                shift.id,
                now,
                counted,
                out.expected_cash,
                out.card_net_cents,
                &entries,
            )
            .await?
        {
            return Err(PaymentError::NoOpenShift);
        }
        Ok(out)
    }

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

    /// Walks the whole chain; names the first row that does not hold.
    pub async fn verify(&self, actor: &User) -> Result<Verification, PaymentError> {
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
        }
        let broken = walk.finish(head, &head_hash).err();
        Ok(Verification {
            rows: walk.checked,
            head,
            broken,
        })
    }

    /// Sales of the business days `from` to `to` (inclusive), grouped every way, with
    /// the refunds made in those days.
    pub async fn sales_report(
        &self,
        actor: &User,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<SalesReport, PaymentError> {
        check(actor, Permission::ViewReports).map_err(PaymentError::PermissionDenied)?;
        let (start, end) = self.range(from, to)?;
        let sales = self.store.sales_facts(start, end).await?;
        let refunds = self.store.refund_facts(start, end).await?;
        let venue = self.venue;
        Ok(sales_report(
            from,
            to,
            &self.settings.currency,
            &sales,
            refunds,
            |t| venue.business_day_of(t),
        ))
    }

    /// Every showtime of the business days `from` to `to`, with seats sold.
    pub async fn occupancy_report(
        &self,
        actor: &User,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<OccupancyLine>, PaymentError> {
        check(actor, Permission::ViewReports).map_err(PaymentError::PermissionDenied)?;
        let (start, end) = self.range(from, to)?;
        Ok(occupancy_lines(self.store.occupancy(start, end).await?))
    }

    fn range(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(DateTime<Utc>, DateTime<Utc>), PaymentError> {
        if to < from {
            return Err(PaymentError::invalid(
                "to",
                format!("{to} is before {from}"),
            ));
        }
        Ok((
            self.venue.business_day_bounds(from).0,
            self.venue.business_day_bounds(to).1,
        ))
    }

    pub async fn today(&self) -> Result<NaiveDate, PaymentError> {
        Ok(self.venue.business_day_of(self.now().await?))
    }
}
