//! Identity: accounts, roles, passwords, login and lockout, and the permission matrix
//! every service checks.

pub mod error;
pub mod model;
pub mod password;
pub mod permissions;
pub mod policy;
pub mod ports;
pub mod service;
mod staff;

pub use error::IdentityError;
pub use model::{Role, User, Username};
pub use staff::NewPassword;
