//! The identity store, written once for both backends (see `screening_sql.rs`).

macro_rules! impl_identity_store {
    ($store:ty, $db:ty, $for_update:literal) => {
        /// The account row; a taken username (ignoring case) is `UsernameTaken`.
        async fn insert_user(
            tx: &mut $crate::store::write_tx::WriteTx<$db>,
            user: &NewUser,
        ) -> Result<UserRow, IdentityError> {
            sqlx::query_as(
                "INSERT INTO users (username, username_key, role, password_hash) VALUES ($1, $2, $3, $4) \
                 RETURNING id, username, role, active",
            )
            .bind(user.username.as_str())
            .bind(user.username.key())
            .bind(user.role.as_str())
            .bind(&user.password_hash)
            .fetch_one(&mut **tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    IdentityError::UsernameTaken(user.username.to_string())
                } else {
                    StoreFailure::from(e).into()
                }
            })
        }

        #[async_trait::async_trait]
        impl $crate::identity::ports::IdentityStore for $store {
            async fn create_user(&self, user: &NewUser) -> Result<User, IdentityError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let row = insert_user(&mut tx, user).await?;
                tx.commit().await.map_err(StoreFailure::from)?;
                Ok(User::try_from(row)?)
            }

            async fn create_user_with_profile(&self, user: &NewUser, profile: &Profile) -> Result<User, IdentityError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let row = insert_user(&mut tx, user).await?;
                sqlx::query("INSERT INTO user_profiles (user_id, full_name, email, phone) VALUES ($1, $2, $3, $4)")
                    .bind(row.id)
                    .bind(profile.full_name.as_deref())
                    .bind(profile.email.as_ref().map(|e| e.as_str()))
                    .bind(profile.phone.as_ref().map(|p| p.as_str()))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| {
                        if is_unique_violation(&e) {
                            let field = if e.to_string().contains("phone") { "phone" } else { "email" };
                            IdentityError::invalid(field, format!("this {field} is already registered"))
                        } else {
                            StoreFailure::from(e).into()
                        }
                    })?;
                tx.commit().await.map_err(StoreFailure::from)?;
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

            async fn credentials(&self, username_key: &str) -> Result<Option<Credentials>, StoreFailure> {
                let row: Option<CredentialsRow> = sqlx::query_as(
                    "SELECT id, username, role, active, password_hash, failed_logins, locked_until \
                     FROM users WHERE username_key = $1",
                )
                .bind(username_key)
                .fetch_optional(&self.pool)
                .await?;
                row.map(Credentials::try_from).transpose()
            }

            async fn record_login_failure(
                &self,
                user: UserId,
                lock_after: i32,
                lock_until: DateTime<Utc>,
            ) -> Result<Option<DateTime<Utc>>, StoreFailure> {
                // One statement: two terminals failing at once both count.
                let locked: Option<Option<DateTime<Utc>>> = sqlx::query_scalar(
                    "UPDATE users SET failed_logins = failed_logins + 1, \
                     locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END \
                     WHERE id = $3 RETURNING CASE WHEN failed_logins >= $1 THEN locked_until END",
                )
                .bind(lock_after)
                .bind(lock_until)
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                Ok(locked.flatten())
            }

            async fn record_login_success(&self, user: UserId) -> Result<(), StoreFailure> {
                sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND failed_logins <> 0")
                    .bind(user.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn unlock(&self, user: UserId) -> Result<bool, StoreFailure> {
                let done = sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
                    .bind(user.0)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_password_hash(&self, user: UserId, hash: &str, now: DateTime<Utc>) -> Result<(), StoreFailure> {
                sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                    .bind(hash)
                    .bind(now)
                    .bind(user.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_active(&self, user: UserId, active: bool, now: DateTime<Utc>) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
                // As for a change of role: the managers' rows first, so two managers
                // disabled at once queue and the second sees the first.
                sqlx::query(concat!(
                    "SELECT id FROM users WHERE role = 'manager' AND active ORDER BY id",
                    $for_update
                ))
                .execute(&mut *tx)
                .await?;
                let done = sqlx::query(
                    "UPDATE users SET active = $1, updated_at = $2 WHERE id = $3 AND ( \
                     $1 OR role <> 'manager' OR NOT active OR EXISTS ( \
                     SELECT 1 FROM users m WHERE m.role = 'manager' AND m.active AND m.id <> $3 \
                     AND m.username_key <> 'operator'))",
                )
                .bind(active)
                .bind(now)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(done.rows_affected() > 0)
            }

            async fn set_role(
                &self,
                user: UserId,
                role: $crate::identity::Role,
                now: DateTime<Utc>,
            ) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
                // Every active manager's row is locked first (PostgreSQL; SQLite's write
                // transaction already runs alone), so two managers stepping down at once
                // queue, and the second sees the first's change.
                sqlx::query(concat!(
                    "SELECT id FROM users WHERE role = 'manager' AND active ORDER BY id",
                    $for_update
                ))
                .execute(&mut *tx)
                .await?;
                // Another active manager must remain when a manager's role goes (or the
                // account is not an active manager, or stays one).
                let done = sqlx::query(
                    "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3 AND ( \
                     $1 = 'manager' OR role <> 'manager' OR NOT active OR EXISTS ( \
                     SELECT 1 FROM users m WHERE m.role = 'manager' AND m.active AND m.id <> $3 \
                     AND m.username_key <> 'operator'))",
                )
                .bind(role.as_str())
                .bind(now)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(done.rows_affected() > 0)
            }

            async fn list_users(&self) -> Result<Vec<Credentials>, StoreFailure> {
                let rows: Vec<CredentialsRow> = sqlx::query_as(
                    "SELECT id, username, role, active, password_hash, failed_logins, locked_until \
                     FROM users WHERE username_key <> 'operator' ORDER BY username_key",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Credentials::try_from).collect()
            }

            async fn erase_user(&self, user: UserId, now: DateTime<Utc>) -> Result<(), StoreFailure> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM user_profiles WHERE user_id = $1")
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE users SET username = 'erased-' || CAST(id AS TEXT), username_key = 'erased-' || CAST(id AS TEXT), \
                     password_hash = '!', active = FALSE, failed_logins = 0, locked_until = NULL, updated_at = $1 \
                     WHERE id = $2",
                )
                .bind(now)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn log_activity(
                &self,
                at: DateTime<Utc>,
                actor: Option<UserId>,
                user: Option<UserId>,
                action: &str,
                detail: &str,
            ) -> Result<(), StoreFailure> {
                sqlx::query("INSERT INTO activity_log (at, actor_id, user_id, action, detail) VALUES ($1, $2, $3, $4, $5)")
                    .bind(at)
                    .bind(actor.map(|u| u.0))
                    .bind(user.map(|u| u.0))
                    .bind(action)
                    .bind(detail)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn activity(&self, user: Option<UserId>, limit: i64) -> Result<Vec<Activity>, StoreFailure> {
                let rows: Vec<(DateTime<Utc>, Option<String>, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT a.at, ac.username, u.username, a.action, a.detail FROM activity_log a \
                     LEFT JOIN users ac ON ac.id = a.actor_id LEFT JOIN users u ON u.id = a.user_id \
                     WHERE ($1 IS NULL OR a.user_id = $1 OR a.actor_id = $1) ORDER BY a.id DESC LIMIT $2",
                )
                .bind(user.map(|u| u.0))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(at, actor, user, action, detail)| Activity { at, actor, user, action, detail })
                    .collect())
            }

            async fn count_users(&self) -> Result<i64, StoreFailure> {
                Ok(sqlx::query_scalar("SELECT count(*) FROM users WHERE username_key <> 'operator'").fetch_one(&self.pool).await?)
            }
        }
    };
}
