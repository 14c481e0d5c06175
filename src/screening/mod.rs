//! Screening: halls and their seats, movies, showtimes, and the rule that two showtimes
//! never share a hall at the same time.

pub mod error;
pub mod layout;
pub mod model;
pub mod movie_lookup;
pub mod plan;
pub mod ports;
pub mod schedule;
pub mod service;

pub use error::ScreeningError;
