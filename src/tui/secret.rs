//! Text a person typed that must never reach a log line or a debug dump: a password on its
//! way to the login task, a card number on its way to the bank. Kept apart from the
//! screens that take it, so those screens need not import each other for it.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}
