//! Identity: accounts, roles and passwords. (Minimal for now: accounts with argon2id
//! hashes, enough to seed staff; login, lockout and permissions come with their issue.)

pub mod error;
pub mod model;
pub mod password;
pub mod service;

pub use error::IdentityError;
pub use model::{Role, User, Username};
