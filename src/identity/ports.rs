//! What the identity room asks of a store: accounts, credentials and lockout, the
//! activity log. Declared here, implemented for both backends in `store/`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::vocab::{StoreFailure, UserId};

use super::IdentityError;
use super::model::{NewUser, Profile, Role, User};

#[async_trait]
pub trait IdentityStore: Send + Sync {
    /// Errors: `UsernameTaken`.
    async fn create_user(&self, user: &NewUser) -> Result<User, IdentityError>;
    /// The account and its profile in one transaction. Errors: `UsernameTaken`, or
    /// `Invalid` naming `email` or `phone` when another account has it.
    async fn create_user_with_profile(
        &self,
        user: &NewUser,
        profile: &Profile,
    ) -> Result<User, IdentityError>;
    async fn find_user(&self, username_key: &str) -> Result<Option<User>, StoreFailure>;
    /// Accounts people made (the built-in `operator` is not counted).
    async fn count_users(&self) -> Result<i64, StoreFailure>;
    /// What a login needs to know of an account.
    async fn credentials(&self, username_key: &str) -> Result<Option<Credentials>, StoreFailure>;
    /// Counts a failed login; at `lock_after` failures the account is locked until
    /// `lock_until`. Returns the lock's end when the account is now locked.
    async fn record_login_failure(
        &self,
        user: UserId,
        lock_after: i32,
        lock_until: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreFailure>;
    /// A successful login clears the failures.
    async fn record_login_success(&self, user: UserId) -> Result<(), StoreFailure>;
    /// Clears failures and lock. False if there is no such account.
    async fn unlock(&self, user: UserId) -> Result<bool, StoreFailure>;
    async fn set_password_hash(
        &self,
        user: UserId,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreFailure>;
    /// Enables or disables the account. Refuses (false, nothing written) to disable the
    /// last active manager, decided inside the write under a lock on the managers' rows.
    async fn set_active(
        &self,
        user: UserId,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    /// Gives the account another role. Refuses (false, nothing written) to take the
    /// manager role from the last active manager, decided by the statement itself.
    async fn set_role(
        &self,
        user: UserId,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    async fn list_users(&self) -> Result<Vec<Credentials>, StoreFailure>;
    /// Removes a person from the account: the profile row goes, the username becomes
    /// `erased-<id>`, the password is cleared and the account disabled. Business rows
    /// keep their user id, so tickets, payments and orders stay whole.
    async fn erase_user(&self, user: UserId, now: DateTime<Utc>) -> Result<(), StoreFailure>;
    async fn log_activity(
        &self,
        at: DateTime<Utc>,
        actor: Option<UserId>,
        user: Option<UserId>,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreFailure>;
    /// The newest entries first, of one account or of all.
    async fn activity(
        &self,
        user: Option<UserId>,
        limit: i64,
    ) -> Result<Vec<Activity>, StoreFailure>;
}

/// An account with what login and lockout need. The hash never leaves the identity room.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Activity {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub user: Option<String>,
    pub action: String,
    pub detail: String,
}
