//! Accounts: who may act, under which role. Personal data lives apart (`user_profiles`).

use std::fmt;

use serde::Serialize;

use crate::vocab::UserId;

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

/// An e-mail address, as far as a form can tell: one `@`, something before it, a domain
/// with a dot after it, no spaces. Compared ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, IdentityError> {
        let t = text.trim();
        let bad = || IdentityError::invalid("email", format!("{t:?} is not an e-mail address"));
        let (local, domain) = t.split_once('@').ok_or_else(bad)?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && t.len() <= 254
            && !t.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Email(t.to_string()))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number, kept as `+` and digits only so that two spellings of one number are
/// one number: 6 to 15 digits (E.164), written with spaces, dashes, dots or brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(text: &str) -> Result<Self, IdentityError> {
        let t = text.trim();
        let bad = || IdentityError::invalid("phone", format!("{t:?} is not a phone number"));
        let plus = t.starts_with('+');
        let rest = if plus { &t[1..] } else { t };
        if !rest
            .chars()
            .all(|c| c.is_ascii_digit() || " -.()/".contains(c))
        {
            return Err(bad());
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if !(6..=15).contains(&digits.len()) {
            return Err(bad());
        }
        Ok(Phone(if plus { format!("+{digits}") } else { digits }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Personal data, kept apart from the account.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub full_name: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
}

#[cfg(test)]
mod profile_tests {
    use super::*;

    #[test]
    fn emails_and_phones_are_checked_and_normalised() {
        assert!(Email::parse("carl@example.org").is_ok());
        for bad in [
            "carl",
            "carl@",
            "@example.org",
            "carl@example",
            "carl @example.org",
            "a@b@c.de",
            "carl@.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Phone::parse("+49 (30) 123-4567").unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(Phone::parse("030 1234567").unwrap().as_str(), "0301234567");
        for bad in ["12345", "call me", "+49 30 1234567890123456", "12-34-ab"] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }
}
