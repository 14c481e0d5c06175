//! Accounts: who may act, under which role. Personal data lives apart (`user_profiles`).

use std::fmt;

use serde::Serialize;

use crate::core::UserId;

use super::error::IdentityError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Manager,
    Cashier,
    Customer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Cashier => "cashier",
            Role::Customer => "customer",
        }
    }

    pub fn parse(text: &str) -> Result<Self, IdentityError> {
        match text.trim().to_lowercase().as_str() {
            "manager" => Ok(Role::Manager),
            "cashier" => Ok(Role::Cashier),
            "customer" => Ok(Role::Customer),
            other => Err(IdentityError::invalid(
                "role",
                format!("{other:?} is not a role (manager, cashier or customer)"),
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// 3 to 32 characters: letters, digits, `.`, `_`, `-`; compared ignoring case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Self, IdentityError> {
        let t = text.trim();
        let n = t.chars().count();
        if !(3..=32).contains(&n) {
            return Err(IdentityError::invalid(
                "username",
                "a username has 3 to 32 characters",
            ));
        }
        if !t
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(IdentityError::invalid(
                "username",
                "a username holds only letters, digits, '.', '_' and '-'",
            ));
        }
        Ok(Username(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub role: Role,
    pub active: bool,
}

/// A user to be stored, with the password already hashed (never the password itself).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub role: Role,
    pub password_hash: String,
}
