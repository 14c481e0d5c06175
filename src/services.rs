//! The services of one database, wired once and handed to every front end (CLI, TUI,
//! SSH). Front ends hold this and nothing below it.

use std::sync::Arc;

use crate::booking::service::{BookingRules, BookingService};
use crate::events::SeatFeed;
use crate::identity::service::{IdentityService, LockoutRules};
use crate::payment::gateway::{BankSettings, PaymentGateway, SimulatedBank};
use crate::payment::service::{PaymentService, PaymentSettings};
use crate::screening::schedule::Buffers;
use crate::screening::service::ScreeningService;
use crate::store::{Backend, Store};
use crate::vocab::venue_time::VenueTime;

/// What the services need to know of the venue, taken from config by the caller.
#[derive(Debug, Clone)]
pub struct VenueSettings {
    pub name: String,
    pub currency: String,
    pub time: VenueTime,
    pub buffers: Buffers,
    pub booking: BookingRules,
    pub payment: PaymentSettings,
    pub bank: BankSettings,
}

#[derive(Clone)]
pub struct Services {
    pub backend: Backend,
    pub venue: VenueSettings,
    pub screening: ScreeningService,
    pub identity: IdentityService,
    pub booking: BookingService,
    pub payment: PaymentService,
    pub feed: SeatFeed,
}

impl Services {
    pub fn new(store: Store, venue: VenueSettings) -> Services {
        let screening = ScreeningService::new(
            store.screening.clone(),
            store.clock.clone(),
            venue.buffers,
            venue.time,
            store.feed.clone(),
        );
        let booking = BookingService::new(
            store.booking.clone(),
            screening.clone(),
            store.clock.clone(),
            store.feed.clone(),
            venue.booking.clone(),
        );
        let bank: Arc<dyn PaymentGateway> = Arc::new(SimulatedBank::new(venue.bank));
        Services {
            payment: PaymentService::new(
                store.payment.clone(),
                booking.clone(),
                bank,
                store.clock.clone(),
                venue.time,
                venue.payment.clone(),
            ),
            booking,
            feed: store.feed.clone(),
            backend: store.backend,
            screening,
            identity: IdentityService::new(
                store.identity.clone(),
                store.clock.clone(),
                LockoutRules::default(),
            ),
            venue,
        }
    }

    /// The same services paying through another bank (tests script one).
    pub fn with_gateway(mut self, gateway: Arc<dyn PaymentGateway>) -> Services {
        self.payment = self.payment.with_gateway(gateway);
        self
    }

    /// The same services with the lockout rules from config.
    pub fn with_lockout(mut self, lockout: LockoutRules) -> Services {
        self.identity = self.identity.with_lockout(lockout);
        self
    }
}

impl Services {
    /// Settles card payments cut off mid-way (see `payment::service::interrupted`) now and
    /// then every `period`, for as long as the returned task runs. Long-running front ends
    /// (the TUI, the SSH server) start it; a failure is logged and tried again next time.
    pub fn sweep_interrupted_payments(
        &self,
        period: std::time::Duration,
    ) -> tokio::task::JoinHandle<()> {
        let services = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(period);
            loop {
                every.tick().await;
                let operator = match services.identity.operator().await {
                    Ok(op) => op,
                    Err(e) => {
                        tracing::warn!("payment sweep: no operator account: {e}");
                        continue;
                    }
                };
                match services
                    .payment
                    .resolve_interrupted_payments(&operator)
                    .await
                {
                    Ok(done) => {
                        for r in done {
                            tracing::info!(
                                "payment sweep: order {} settled ({:?})",
                                r.order.0,
                                r.voided_charge
                            );
                        }
                    }
                    Err(e) => tracing::warn!("payment sweep failed: {e}"),
                }
            }
        })
    }
}
