//! Selling an order: cash, free, or card (see `card.rs`), then the handshake that turns
//! the paid order's holds into tickets.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;

use crate::booking::BookingError;
use crate::booking::model::{OrderStatus, SaleLine, Ticket, TicketType, change_due};
use crate::booking::paid::{PaymentPart, PaymentSucceeded};
use crate::booking::service::SalePlan;
use crate::identity::User;
use crate::identity::permissions::{Permission, allows};
use crate::payment::PaymentError;
use crate::payment::model::{AttemptReport, CardNumber, LedgerDraft, LedgerKind, PaymentMethod};
use crate::payment::ports::SalePayment;
use crate::screening::model::Showtime;
use crate::vocab::{Money, OrderId};

use super::PaymentService;

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

impl PaymentService {
    /// Sells the order: validates it, takes the payment, and turns the holds into tickets
    /// with the payment and ledger rows in one transaction. `progress` hears of each card
    /// attempt as it happens.
    pub async fn pay(
        &self,
        actor: &User,
        order: OrderId,
        types: &[TicketType],
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
                // Bad input is said first; then whether there is a drawer to take it.
                change_due(plan.total, tendered.unwrap_or(plan.total))?;
                self.check_drawer(actor).await?;
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
        types: &[TicketType],
        tendered: Option<Money>,
    ) -> Result<Receipt, PaymentError> {
        self.pay(actor, order, types, Tender::Cash { tendered }, None)
            .await
    }

    /// With `[shift] required`, cash goes only into the drawer of an open shift: without
    /// one it would be counted at no close-out. Refused before anything is written; this
    /// is the early answer, and the sale checks again under the ledger's lock
    /// (`SalePayment::needs_open_shift`) for a shift closed meanwhile elsewhere.
    async fn check_drawer(&self, actor: &User) -> Result<(), PaymentError> {
        if self.settings.shift_required && self.store.open_shift_of(actor.id).await?.is_none() {
            return Err(PaymentError::CashNeedsShift);
        }
        Ok(())
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
    pub(super) async fn settle(
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
                needs_open_shift: method == PaymentMethod::Cash && self.settings.shift_required,
            }),
        };
        let tickets = match self.booking.complete_sale(paid).await {
            Ok(tickets) => tickets,
            // The shift was closed on another terminal while this sale was on its way.
            Err(BookingError::DrawerClosed) => return Err(PaymentError::CashNeedsShift),
            Err(e) => return Err(e.into()),
        };
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

    pub(super) async fn why_not_payable(&self, actor: &User, order: OrderId) -> PaymentError {
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
}
