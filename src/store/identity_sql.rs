//! The identity store, written once for both backends (see `screening_sql.rs`).

macro_rules! impl_identity_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::IdentityStore for $store {
            async fn create_user(&self, user: &NewUser) -> Result<User, IdentityError> {
                let row: UserRow = sqlx::query_as(
                    "INSERT INTO users (username, username_key, role, password_hash) VALUES ($1, $2, $3, $4) \
                     RETURNING id, username, role, active",
                )
                .bind(user.username.as_str())
                .bind(user.username.key())
                .bind(user.role.as_str())
                .bind(&user.password_hash)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        IdentityError::UsernameTaken(user.username.to_string())
                    } else {
                        StoreFailure::from(e).into()
                    }
                })?;
                Ok(User::try_from(row)?)
            }

            async fn find_user(&self, username_key: &str) -> Result<Option<User>, StoreFailure> {
                let row: Option<UserRow> =
                    sqlx::query_as("SELECT id, username, role, active FROM users WHERE username_key = $1")
                        .bind(username_key)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(User::try_from).transpose()
            }

            async fn count_users(&self) -> Result<i64, StoreFailure> {
                Ok(sqlx::query_scalar("SELECT count(*) FROM users WHERE username_key <> 'operator'").fetch_one(&self.pool).await?)
            }
        }
    };
}
