//! A manager's staff work: accounts made with a password generated once, a password
//! reset the same way, and a change of role. The password is returned to be shown once
//! and is never stored or logged in the clear.

use super::error::IdentityError;
use super::model::{Role, User, Username};
use super::password::{generate_password, hash_password};
use super::permissions::{Permission, check};
use super::policy::Password;
use super::service::{IdentityService, blocking};

/// A password made for someone, to be shown once. Not `Debug`: it must not reach a log.
pub struct NewPassword(pub String);

impl IdentityService {
    /// A staff account (manager or cashier) with a generated password, shown once.
    pub async fn create_staff(
        &self,
        actor: &User,
        username: &str,
        role: Role,
    ) -> Result<(User, NewPassword), IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        if role == Role::Customer {
            return Err(IdentityError::invalid(
                "role",
                "staff are managers or cashiers; customers register themselves",
            ));
        }
        let password = generate_password();
        let user = self
            .create_user_as(actor, username, role, &password)
            .await?;
        Ok((user, NewPassword(password)))
    }

    /// A new generated password for someone who forgot theirs, shown once; the lock and
    /// failed logins are cleared with it.
    pub async fn reset_password(
        &self,
        actor: &User,
        username: &str,
    ) -> Result<NewPassword, IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        let cred = self.account(username).await?;
        let name = Username::parse(&cred.user.username)?;
        let password = generate_password();
        let secret = Password::parse(&password, &name)?.expose().to_string();
        let hash = blocking(move || hash_password(&secret)).await??;
        let now = self.now().await?;
        self.store
            .set_password_hash(cred.user.id, &hash, now)
            .await?;
        self.store.unlock(cred.user.id).await?;
        self.store
            .log_activity(
                now,
                Some(actor.id),
                Some(cred.user.id),
                "password_reset",
                "",
            )
            .await?;
        Ok(NewPassword(password))
    }

    /// Gives a staff account another role. The last active manager stays one.
    pub async fn set_role(
        &self,
        actor: &User,
        username: &str,
        role: Role,
    ) -> Result<User, IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        let cred = self.account(username).await?;
        if role == Role::Customer || cred.user.role == Role::Customer {
            return Err(IdentityError::Refused(
                "only staff change roles, between manager and cashier".into(),
            ));
        }
        if cred.user.role == role {
            return Ok(cred.user);
        }
        let now = self.now().await?;
        if !self.store.set_role(cred.user.id, role, now).await? {
            return Err(IdentityError::Refused(
                "this is the last active manager; make another manager first".into(),
            ));
        }
        self.store
            .log_activity(
                now,
                Some(actor.id),
                Some(cred.user.id),
                "role_changed",
                &format!("{} to {role}", cred.user.role),
            )
            .await?;
        Ok(User { role, ..cred.user })
    }
}
