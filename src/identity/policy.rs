//! The password policy: long enough, not guessable from the account, not one of the
//! passwords every attacker tries first.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::error::IdentityError;
use super::model::Username;

pub const MIN_CHARS: usize = 10;
const MAX_CHARS: usize = 200;
const MIN_DISTINCT: usize = 5;

fn common() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../assets/common-passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// A password that passed the policy. It is never logged or shown (no Display, and a
/// Debug that hides it).
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub fn parse(text: &str, username: &Username) -> Result<Password, IdentityError> {
        let n = text.chars().count();
        let refuse = |m: &str| Err(IdentityError::invalid("password", m));
        if n < MIN_CHARS {
            return refuse(&format!("a password has at least {MIN_CHARS} characters"));
        }
        if n > MAX_CHARS {
            return refuse(&format!("a password has at most {MAX_CHARS} characters"));
        }
        if text.trim().is_empty() {
            return refuse("a password cannot be only spaces");
        }
        if text.chars().all(|c| c.is_ascii_digit()) {
            return refuse("a password cannot be only digits");
        }
        let mut distinct: Vec<char> = text.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        // Length alone is no strength: "aaaaaaaaaaaa" and "abababababab" are guessed at once.
        if distinct.len() < MIN_DISTINCT {
            return refuse(&format!(
                "a password needs at least {MIN_DISTINCT} different characters"
            ));
        }
        let lower = text.to_lowercase();
        if lower.contains(&username.key()) {
            return refuse("a password cannot contain the username");
        }
        if common().contains(lower.as_str()) {
            return refuse("this password is one of the most common ones; choose another");
        }
        Ok(Password(text.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_named() {
        let anna = Username::parse("anna").unwrap();
        let msg = |p: &str| Password::parse(p, &anna).unwrap_err().to_string();
        assert!(msg("short1").contains("at least 10"));
        assert!(msg("12345678901").contains("only digits"));
        assert!(msg("            ").contains("only spaces"));
        assert!(msg("aaaaaaaaaaaa").contains("different characters"));
        assert!(msg("abababababab").contains("different characters"));
        assert!(msg("my-anna-pass-2026").contains("username"));
        assert!(msg("password123").contains("most common"));
        assert!(msg("Qwertyuiop123").contains("most common"));
        assert!(Password::parse("velvet curtain 7", &anna).is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("velvet curtain 7", &anna).unwrap()),
            "Password(***)"
        );
    }
}
