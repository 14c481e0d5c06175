//! The handshake with the payment room (PRODUCT.md): a paid order reaches booking as a
//! `PaymentSucceeded`, and booking turns the order's holds into tickets in the same
//! transaction as the payment's own rows.
//!
//! Booking never needs to know how an order was paid, so it carries the payment's rows
//! as a `PaymentPart` it does not read: the payment room fills it in, and the store, which
//! implements both rooms' ports, writes it. This keeps the dependency one way (payment
//! knows booking, booking does not know payment).

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::vocab::{Money, OrderId, UserId};

use super::model::SaleLine;

/// The payment side's word that an order is paid.
#[derive(Debug, Clone)]
pub struct PaymentSucceeded {
    pub order: OrderId,
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub lines: Vec<SaleLine>,
    pub total: Money,
    /// The payment's lease on the order, if it took one before calling the bank.
    pub lease_key: Option<String>,
    pub payment: PaymentPart,
}

/// Whatever the payment room writes with a sale, opaque to booking.
#[derive(Clone)]
pub struct PaymentPart(Arc<dyn Any + Send + Sync>);

impl PaymentPart {
    pub fn new<T: Any + Send + Sync>(part: T) -> PaymentPart {
        PaymentPart(Arc::new(part))
    }

    /// The part as the type the payment room put in; `None` for any other type.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl fmt::Debug for PaymentPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PaymentPart(..)")
    }
}
