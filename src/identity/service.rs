//! Identity use cases: accounts, login with lockout, and account management.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::ports::{Activity, Credentials, IdentityStore};
use crate::vocab::Clock;
use crate::vocab::text::has_control;

use super::error::IdentityError;
use super::model::{Email, NewUser, Phone, Profile, Role, User, Username};
use super::password::{DUMMY_HASH, hash_password, verify_password};
use super::permissions::{Permission, check};
use super::policy::Password;

/// How many failed logins lock an account, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct LockoutRules {
    pub attempts: i32,
    pub minutes: i64,
}

impl Default for LockoutRules {
    fn default() -> Self {
        LockoutRules {
            attempts: 5,
            minutes: 15,
        }
    }
}

#[derive(Clone)]
pub struct IdentityService {
    pub(super) store: Arc<dyn IdentityStore>,
    clock: Arc<dyn Clock>,
    lockout: LockoutRules,
}

/// An optional form field: blank counts as not given.
fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// Hashing is slow on purpose; it runs off the async executor.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, IdentityError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| IdentityError::Internal(format!("hashing task failed: {e}")))
}

impl IdentityService {
    pub fn new(
        store: Arc<dyn IdentityStore>,
        clock: Arc<dyn Clock>,
        lockout: LockoutRules,
    ) -> Self {
        IdentityService {
            store,
            clock,
            lockout,
        }
    }

    pub fn with_lockout(mut self, lockout: LockoutRules) -> Self {
        self.lockout = lockout;
        self
    }

    pub(super) async fn now(&self) -> Result<DateTime<Utc>, IdentityError> {
        Ok(self.clock.now().await?)
    }

    /// Creates an account (the first-run way to make a manager, and the seed's staff).
    pub async fn create_user(
        &self,
        username: &str,
        role: Role,
        password: &str,
    ) -> Result<User, IdentityError> {
        let username = Username::parse(username)?;
        let password = Password::parse(password, &username)?;
        let secret = password.expose().to_string();
        let password_hash = blocking(move || hash_password(&secret)).await??;
        let user = self
            .store
            .create_user(&NewUser {
                username,
                role,
                password_hash,
            })
            .await?;
        let now = self.now().await?;
        self.store
            .log_activity(
                now,
                None,
                Some(user.id),
                "account_created",
                &format!("role {}", user.role),
            )
            .await?;
        Ok(user)
    }

    /// A customer registers in the kiosk: username, password, and optionally a name, an
    /// e-mail address and a phone number (each checked, each unique when given).
    pub async fn register(
        &self,
        username: &str,
        password: &str,
        full_name: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Result<User, IdentityError> {
        let name = Username::parse(username)?;
        let secret = Password::parse(password, &name)?.expose().to_string();
        let full_name = given(full_name).map(str::to_string);
        if full_name.as_ref().is_some_and(|n| n.chars().count() > 200) {
            return Err(IdentityError::invalid(
                "name",
                "a name has at most 200 characters",
            ));
        }
        if full_name.as_deref().is_some_and(has_control) {
            return Err(IdentityError::invalid(
                "name",
                "a name cannot hold control characters",
            ));
        }
        let profile = Profile {
            full_name,
            email: given(email).map(Email::parse).transpose()?,
            phone: given(phone).map(Phone::parse).transpose()?,
        };
        let password_hash = blocking(move || hash_password(&secret)).await??;
        let user = self
            .store
            .create_user_with_profile(
                &NewUser {
                    username: name,
                    role: Role::Customer,
                    password_hash,
                },
                &profile,
            )
            .await?;
        let now = self.now().await?;
        self.store
            .log_activity(now, None, Some(user.id), "registered", "")
            .await?;
        Ok(user)
    }

    /// A manager creates an account for someone.
    pub async fn create_user_as(
        &self,
        actor: &User,
        username: &str,
        role: Role,
        password: &str,
    ) -> Result<User, IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        self.create_user(username, role, password).await
    }

    /// Logs in: the acting user with their role. An unknown username, a wrong password
    /// and a locked account fail alike, in about the same time (one argon2 verification
    /// each); `attempts` failures in a row lock the account for `minutes`.
    pub async fn login(&self, username: &str, password: &str) -> Result<User, IdentityError> {
        let key = username.trim().to_lowercase();
        let found = self.store.credentials(&key).await?;
        let now = self.now().await?;
        let secret = password.to_string();
        let Some(cred) = found.filter(|c| c.user.username.to_lowercase() != "operator") else {
            blocking(move || verify_password(&secret, DUMMY_HASH)).await?;
            self.store
                .log_activity(
                    now,
                    None,
                    None,
                    "login_failed",
                    &format!("unknown username {key:?}"),
                )
                .await?;
            return Err(IdentityError::InvalidCredentials);
        };
        let hash = cred.password_hash.clone();
        let matches = blocking(move || verify_password(&secret, &hash)).await?;
        // A locked account answers like a wrong password: a different answer would tell
        // whoever guesses that the name exists. The message says that failures lock.
        if cred.locked_until.is_some_and(|u| u > now) {
            self.store
                .log_activity(now, None, Some(cred.user.id), "login_refused_locked", "")
                .await?;
            return Err(IdentityError::InvalidCredentials);
        }
        if !matches {
            let lock_until = now + Duration::minutes(self.lockout.minutes);
            let locked = self
                .store
                .record_login_failure(cred.user.id, self.lockout.attempts, lock_until)
                .await?;
            self.store
                .log_activity(
                    now,
                    None,
                    Some(cred.user.id),
                    "login_failed",
                    "wrong password",
                )
                .await?;
            if locked.is_some() {
                self.store
                    .log_activity(
                        now,
                        None,
                        Some(cred.user.id),
                        "account_locked",
                        &format!("{} failed logins", self.lockout.attempts),
                    )
                    .await?;
            }
            return Err(IdentityError::InvalidCredentials);
        }
        if !cred.user.active {
            return Err(IdentityError::AccountDisabled);
        }
        self.store.record_login_success(cred.user.id).await?;
        self.store
            .log_activity(now, None, Some(cred.user.id), "login", "")
            .await?;
        Ok(cred.user)
    }

    /// The local operator: the command line without `--user`, and the demo's seeder.
    pub async fn operator(&self) -> Result<User, IdentityError> {
        self.find("operator")
            .await?
            .ok_or_else(|| IdentityError::UserNotFound("operator".into()))
    }

    pub async fn find(&self, username: &str) -> Result<Option<User>, IdentityError> {
        Ok(self
            .store
            .find_user(&username.trim().to_lowercase())
            .await?)
    }

    pub(super) async fn account(&self, username: &str) -> Result<Credentials, IdentityError> {
        self.store
            .credentials(&username.trim().to_lowercase())
            .await?
            .filter(|c| c.user.username.to_lowercase() != "operator")
            .ok_or_else(|| IdentityError::UserNotFound(username.trim().to_string()))
    }

    pub async fn count(&self) -> Result<i64, IdentityError> {
        Ok(self.store.count_users().await?)
    }

    /// Every account with its lock state, for managers.
    pub async fn list(&self, actor: &User) -> Result<Vec<Credentials>, IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        let mut all = self.store.list_users().await?;
        for c in all.iter_mut() {
            c.password_hash.clear();
        }
        Ok(all)
    }

    pub async fn unlock(&self, actor: &User, username: &str) -> Result<User, IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        let cred = self.account(username).await?;
        self.store.unlock(cred.user.id).await?;
        let now = self.now().await?;
        self.store
            .log_activity(
                now,
                Some(actor.id),
                Some(cred.user.id),
                "account_unlocked",
                "",
            )
            .await?;
        Ok(cred.user)
    }

    /// Disables or re-enables an account. The last active manager stays.
    pub async fn set_active(
        &self,
        actor: &User,
        username: &str,
        active: bool,
    ) -> Result<User, IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        let cred = self.account(username).await?;
        let now = self.now().await?;
        if !self.store.set_active(cred.user.id, active, now).await? {
            return Err(IdentityError::Refused(
                "this is the last active manager; make another manager first".into(),
            ));
        }
        let action = if active {
            "account_enabled"
        } else {
            "account_disabled"
        };
        self.store
            .log_activity(now, Some(actor.id), Some(cred.user.id), action, "")
            .await?;
        Ok(User {
            active,
            ..cred.user
        })
    }

    /// Sets a new password: a manager for anyone, anyone for themselves.
    pub async fn set_password(
        &self,
        actor: &User,
        username: &str,
        password: &str,
    ) -> Result<(), IdentityError> {
        let cred = self.account(username).await?;
        if cred.user.id != actor.id {
            check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        }
        let name = Username::parse(&cred.user.username)?;
        let secret = Password::parse(password, &name)?.expose().to_string();
        let hash = blocking(move || hash_password(&secret)).await??;
        let now = self.now().await?;
        self.store
            .set_password_hash(cred.user.id, &hash, now)
            .await?;
        self.store
            .log_activity(
                now,
                Some(actor.id),
                Some(cred.user.id),
                "password_changed",
                "",
            )
            .await?;
        Ok(())
    }

    /// Erases a customer's personal data; their tickets, payments and orders stay, under
    /// an anonymous account that can no longer log in.
    pub async fn erase(&self, actor: &User, username: &str) -> Result<(), IdentityError> {
        check(actor, Permission::ManageUsers).map_err(IdentityError::PermissionDenied)?;
        let cred = self.account(username).await?;
        if cred.user.role != Role::Customer {
            return Err(IdentityError::Refused(
                "only a customer's account is erased; disable a staff account instead".into(),
            ));
        }
        let now = self.now().await?;
        self.store.erase_user(cred.user.id, now).await?;
        self.store
            .log_activity(
                now,
                Some(actor.id),
                Some(cred.user.id),
                "account_erased",
                "",
            )
            .await?;
        Ok(())
    }

    /// Who did what: one account's entries for a manager, or the actor's own.
    pub async fn activity(
        &self,
        actor: &User,
        username: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Activity>, IdentityError> {
        let user = match username {
            Some(name) => {
                let cred = self.account(name).await?;
                if cred.user.id != actor.id {
                    check(actor, Permission::ManageUsers)
                        .map_err(IdentityError::PermissionDenied)?;
                }
                Some(cred.user.id)
            }
            None if actor.role == Role::Manager => None,
            None => Some(actor.id),
        };
        Ok(self.store.activity(user, limit).await?)
    }
}
