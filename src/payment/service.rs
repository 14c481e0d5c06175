//! Payment use cases: pay (cash, card through the gateway, free), refund, cancel a
//! showtime with its refunds, shifts, the ledger and its audit. Validate, then charge,
//! then confirm: nothing reaches the bank for an order that cannot be sold, and nothing
//! is charged without tickets. One service, its use cases grouped one file each below
//! `service/`.

mod card;
mod interrupted;
mod ledger;
mod refund;
mod reports;
mod sale;
mod shift;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::booking::service::BookingService;
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{Clock, UserId};

use super::error::PaymentError;
use super::gateway::PaymentGateway;
use super::model::{LedgerDraft, LedgerKind, RetryPolicy};
use super::ports::PaymentStore;

pub use interrupted::ResolvedPayment;
pub use ledger::Verification;
pub use refund::{CancelReport, RefundReceipt, RefundTarget};
pub use sale::{Receipt, Tender};

/// The payment settings from config.
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    pub currency: String,
    pub retry: RetryPolicy,
    /// How long to wait for the bank before counting the call as timed out.
    pub gateway_timeout: Duration,
    /// How long a payment in flight keeps other terminals off its order.
    pub lease: chrono::Duration,
    /// Cash only in an open shift (`[shift] required`), so all cash is in a drawer.
    pub shift_required: bool,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        PaymentSettings {
            currency: "EUR".into(),
            retry: RetryPolicy::default(),
            gateway_timeout: Duration::from_secs(10),
            lease: chrono::Duration::minutes(2),
            shift_required: true,
        }
    }
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
}
