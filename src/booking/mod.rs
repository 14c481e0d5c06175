//! Booking: seat holds, orders, tickets, pricing and price freeze, best available.

pub mod age;
pub mod best_available;
pub mod error;
pub mod model;
pub mod paid;
pub mod ports;

pub use error::BookingError;
pub mod service;
