//! Shared vocabulary of every domain: money, currency, ids, the clock, error kinds, venue
//! time.

pub mod clock;
pub mod currency;
pub mod error;
pub mod ids;
pub mod money;
pub mod text;
pub mod venue_time;

pub use clock::{Clock, ManualClock};
pub use currency::{Currency, CurrencyError};
pub use error::{DomainError, ErrorKind, StoreFailure};
pub use ids::{HallId, MovieId, OrderId, SeatId, ShowtimeId, TicketId, UserId};
pub use money::{Money, MoneyError};
