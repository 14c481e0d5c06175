//! boxoffice: a terminal box office for cinemas.
#![forbid(unsafe_code)]

pub mod booking;
pub mod cli;
pub mod config;
pub mod demo;
pub mod events;
pub mod identity;
pub mod load_test;
pub mod payment;
pub mod private_files;
pub mod screening;
pub mod services;
pub mod ssh;
pub mod store;
pub mod telemetry;
pub mod tui;
pub mod vocab;
