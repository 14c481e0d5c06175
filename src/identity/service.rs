//! Identity use cases. (Minimal: creating accounts; login and permissions come next.)

use std::sync::Arc;

use crate::store::IdentityStore;

use super::error::IdentityError;
use super::model::{NewUser, Role, User, Username};
use super::password::hash_password;

#[derive(Clone)]
pub struct IdentityService {
    store: Arc<dyn IdentityStore>,
}

impl IdentityService {
    pub fn new(store: Arc<dyn IdentityStore>) -> Self {
        IdentityService { store }
    }

    /// Creates an account. The password is hashed off the async executor: argon2 is slow
    /// on purpose and would stall every other task on this thread.
    pub async fn create_user(
        &self,
        username: &str,
        role: Role,
        password: &str,
    ) -> Result<User, IdentityError> {
        let username = Username::parse(username)?;
        if password.chars().count() < 10 {
            return Err(IdentityError::invalid(
                "password",
                "a password has at least 10 characters",
            ));
        }
        let password = password.to_string();
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| IdentityError::Internal(format!("hashing task failed: {e}")))??;
        self.store
            .create_user(&NewUser {
                username,
                role,
                password_hash,
            })
            .await
    }

    pub async fn find(&self, username: &str) -> Result<Option<User>, IdentityError> {
        Ok(self
            .store
            .find_user(&username.trim().to_lowercase())
            .await?)
    }

    pub async fn count(&self) -> Result<i64, IdentityError> {
        Ok(self.store.count_users().await?)
    }
}
