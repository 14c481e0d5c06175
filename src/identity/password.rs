//! Password hashing with argon2id and explicit parameters. Hashing is slow on purpose, so
//! callers run it off the async executor (`spawn_blocking`).

use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use argon2::{Algorithm, Argon2, Params, Version};

use super::error::IdentityError;

/// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
fn hasher() -> Result<Argon2<'static>, IdentityError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| IdentityError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str) -> Result<String, IdentityError> {
    let hash = hasher()?
        .hash_password(password.as_bytes())
        .map_err(|e| IdentityError::Internal(format!("hashing failed: {e}")))?;
    Ok(hash.to_string())
}

/// What an unknown username's password is checked against, so that an unknown user, a
/// wrong password and a locked account cost the same verification. A hash of a random
/// password nobody kept, made with `hasher()`'s parameters (a test holds them equal); a
/// constant rather than a hash made at first use, which made the first unknown login
/// measurably slower than the rest.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$bVz4XwzuCV+yu4NlfsoWXw$AXoOaEjdJplBPJ1luYj3gmB1lCQL0i/RT6ISNQOzYk8";

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored_hash) else {
        return false;
    };
    hasher()
        .map(|h| h.verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A random password of 16 characters from an alphabet without look-alikes (0/O, 1/l).
pub fn generate_password() -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterz", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash_password("correct horse battery").unwrap();
        let params = |h: &str| h.split('$').nth(3).unwrap().to_string();
        assert_eq!(params(DUMMY_HASH), params(&real));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password("", DUMMY_HASH));
    }

    #[test]
    fn generated_passwords_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 16);
        assert_ne!(a, generate_password());
    }
}
