//! Public keys for SSH logins: a manager lists a key for a staff account; the SSH
//! server then lets whoever proves they hold it in, as that account.

use crate::identity::error::IdentityError;
use crate::identity::model::{Role, User};
use crate::identity::permissions::{Permission, check};
use crate::identity::ports::PublicKeyEntry;

use super::IdentityService;

impl IdentityService {
    /// Lists `key` for `username`'s account. Staff accounts only: customers log in at
    /// the kiosk with their password.
    pub async fn add_public_key(
        &self,
        actor: &User,
        username: &str,
        key: &PublicKeyEntry,
    ) -> Result<User, IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        let cred = self.account(username).await?;
        if cred.user.role == Role::Customer {
            return Err(IdentityError::Refused(
                "public keys are for staff accounts; customers log in with their password".into(),
            ));
        }
        let now = self.now().await?;
        self.store.add_public_key(cred.user.id, key, now).await?;
        self.store
            .log_activity(
                now,
                Some(actor.id),
                Some(cred.user.id),
                "public_key_added",
                &key.fingerprint,
            )
            .await?;
        Ok(cred.user)
    }

    /// Logs in the holder of a key listed for `username` (the signature was checked by
    /// the SSH layer). Unknown name, unlisted key, locked or disabled account: the same
    /// `InvalidCredentials`, and nothing counts as a failed password.
    pub async fn login_by_key(
        &self,
        username: &str,
        fingerprint: &str,
    ) -> Result<User, IdentityError> {
        let key = username.trim().to_lowercase();
        let found = self.store.credentials_by_key(&key, fingerprint).await?;
        let now = self.now().await?;
        let Some(cred) = found.filter(|c| {
            c.user.active
                && c.user.role != Role::Customer
                && c.locked_until.is_none_or(|u| u <= now)
                && c.user.username.to_lowercase() != "operator"
        }) else {
            return Err(IdentityError::InvalidCredentials);
        };
        self.store
            .log_activity(now, None, Some(cred.user.id), "login", "public key")
            .await?;
        Ok(cred.user)
    }
}
