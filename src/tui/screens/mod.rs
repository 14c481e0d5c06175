//! One file per screen; each renders from the app's state and nothing else.

pub mod demo;
pub mod help;
pub mod showtimes;
