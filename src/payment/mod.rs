//! The Transaction domain: payments (cash, card through a gateway, free), the handshake
//! that turns a paid order into tickets, refunds, shifts, the hash-chained ledger and
//! reports.

pub mod error;
pub mod gateway;
pub mod model;
pub mod ports;
pub mod report;
pub mod service;

pub use error::PaymentError;
