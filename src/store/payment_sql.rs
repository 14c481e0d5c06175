//! The payment store, written once for both backends (see `screening_sql.rs`). The one
//! difference passed in is how to lock the ledger's head row (`FOR UPDATE` in PostgreSQL;
//! SQLite's IMMEDIATE transaction already serialises writers).

macro_rules! impl_payment_store {
    ($store:ty, $db:ty, $for_update:literal) => {
        /// Money through the user's hands since `from`, from the ledger, by method.
        async fn drawer_totals_since(
            conn: &mut <$db as sqlx::Database>::Connection,
            user: UserId,
            from: DateTime<Utc>,
        ) -> Result<$crate::payment::model::DrawerTotals, sqlx::Error> {
            let rows: Vec<(String, String, i64)> = sqlx::query_as(
                "SELECT kind, method, CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM ledger \
                 WHERE actor_id = $1 AND at >= $2 AND kind IN ('success', 'refund') \
                 GROUP BY kind, method",
            )
            .bind(user.0)
            .bind(from)
            .fetch_all(&mut *conn)
            .await?;
            let mut totals = $crate::payment::model::DrawerTotals::default();
            for (kind, method, cents) in rows {
                let amount = Money::from_cents(cents)
                    .map_err(|e| sqlx::Error::Decode(format!("drawer total: {e}").into()))?;
                match (kind.as_str(), method.as_str()) {
                    ("success", "cash") => totals.cash_in = amount,
                    ("refund", "cash") => totals.cash_out = amount,
                    ("success", "card") => totals.card_in = amount,
                    ("refund", "card") => totals.card_out = amount,
                    _ => {}
                }
            }
            Ok(totals)
        }

        /// Appends rows after the ledger's head inside the caller's transaction. The head
        /// row is locked until commit, so concurrent appends queue and the chain never forks.
        async fn append_ledger(
            tx: &mut $crate::store::write_tx::WriteTx<$db>,
            entries: &[$crate::payment::model::LedgerDraft],
        ) -> Result<(), sqlx::Error> {
            if entries.is_empty() {
                return Ok(());
            }
            let (mut seq, mut prev): (i64, String) =
                sqlx::query_as(concat!("SELECT seq, hash FROM ledger_head WHERE id = 1", $for_update))
                    .fetch_one(&mut **tx)
                    .await?;
            for e in entries {
                seq += 1;
                let hash = $crate::payment::model::chain_hash(seq, e, &prev);
                sqlx::query(
                    "INSERT INTO ledger (seq, at, kind, amount_cents, currency, method, order_id, actor_id, \
                     reference, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(seq)
                .bind(e.at)
                .bind(e.kind.as_str())
                .bind(e.amount_cents)
                .bind(&e.currency)
                .bind(&e.method)
                .bind(e.order.map(|o| o.0))
                .bind(e.actor.0)
                .bind(&e.reference)
                .bind(&e.detail)
                .bind(&prev)
                .bind(&hash)
                .execute(&mut **tx)
                .await?;
                prev = hash;
            }
            sqlx::query("UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(seq)
                .bind(&prev)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        #[async_trait::async_trait]
        impl $crate::payment::ports::PaymentStore for $store {
            async fn append_ledger(
                &self,
                entries: &[$crate::payment::model::LedgerDraft],
            ) -> Result<(), StoreFailure> {
                if let Some(done) = self.append_in_one_trip(entries).await {
                    return done;
                }
                let mut tx = self.begin_write().await?;
                append_ledger(&mut tx, entries).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn ledger_page(
                &self,
                after: i64,
                limit: i64,
            ) -> Result<Vec<$crate::payment::model::LedgerEntry>, StoreFailure> {
                let rows: Vec<LedgerRow> = sqlx::query_as(
                    "SELECT seq, at, kind, amount_cents, currency, method, order_id, actor_id, reference, \
                     detail, prev_hash, hash FROM ledger WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn ledger_search(
                &self,
                filter: &$crate::payment::ports::LedgerFilter,
                before: Option<i64>,
                limit: i64,
            ) -> Result<Vec<$crate::payment::ports::ActedEntry>, StoreFailure> {
                self.search_ledger(filter, before, limit).await
            }

            async fn refund_declines(&self, order: OrderId, key: &str) -> Result<i64, StoreFailure> {
                Ok(sqlx::query_scalar(
                    "SELECT count(*) FROM ledger WHERE order_id = $1 AND kind = 'decline' \
                     AND (reference = $2 OR reference LIKE $3)",
                )
                .bind(order.0)
                .bind(key)
                .bind(format!("{key}-r%"))
                .fetch_one(&self.pool)
                .await?)
            }

            async fn ledger_head(&self) -> Result<(i64, String), StoreFailure> {
                Ok(sqlx::query_as("SELECT seq, hash FROM ledger_head WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn lease_order(
                &self,
                order: OrderId,
                key: &str,
                status: &str,
                now: DateTime<Utc>,
                until: DateTime<Utc>,
            ) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE orders SET paying_key = $1, paying_until = $2 \
                     WHERE id = $3 AND status = $4 AND (status <> 'draft' OR expires_at > $5) \
                     AND (paying_key IS NULL OR paying_until <= $5)",
                )
                .bind(key)
                .bind(until)
                .bind(order.0)
                .bind(status)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn end_lease(&self, order: OrderId, key: &str) -> Result<(), StoreFailure> {
                let mut tx = self.begin_write().await?;
                sqlx::query("UPDATE orders SET paying_key = NULL, paying_until = NULL WHERE id = $1 AND paying_key = $2")
                    .bind(order.0)
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn interrupted_payments(
                &self,
                order: Option<OrderId>,
                now: DateTime<Utc>,
            ) -> Result<Vec<$crate::payment::ports::InterruptedPayment>, StoreFailure> {
                // Charge keys start with "pay-"; a refund's lease on a paid order is not a
                // charge and is never voided here.
                let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
                    "SELECT o.id, o.paying_key, \
                     (SELECT l.amount_cents FROM ledger l WHERE l.kind = 'attempt' AND l.reference = o.paying_key \
                      ORDER BY l.seq DESC LIMIT 1) \
                     FROM orders o WHERE o.status = 'draft' AND o.paying_key LIKE 'pay-%' \
                     AND o.paying_until <= $1 AND ($2 IS NULL OR o.id = $2) ORDER BY o.id",
                )
                .bind(now)
                .bind(order.map(|o| o.0))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(id, key, cents)| {
                        let amount = cents
                            .map(Money::from_cents)
                            .transpose()
                            .map_err(|e| StoreFailure::new(format!("ledger amount: {e}")))?;
                        Ok($crate::payment::ports::InterruptedPayment { order: OrderId(id), key, amount })
                    })
                    .collect()
            }

            async fn claim_interrupted(
                &self,
                order: OrderId,
                key: &str,
                now: DateTime<Utc>,
                until: DateTime<Utc>,
            ) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE orders SET paying_until = $1 \
                     WHERE id = $2 AND status = 'draft' AND paying_key = $3 AND paying_until <= $4",
                )
                .bind(until)
                .bind(order.0)
                .bind(key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn payment_of(
                &self,
                order: OrderId,
            ) -> Result<Option<$crate::payment::ports::PaymentRecord>, StoreFailure> {
                let row: Option<PaymentRow> = sqlx::query_as(
                    "SELECT id, order_id, method, amount_cents, card_last4, gateway_ref FROM payments \
                     WHERE order_id = $1 AND status = 'succeeded' ORDER BY id LIMIT 1",
                )
                .bind(order.0)
                .fetch_optional(&self.pool)
                .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn refund(
                &self,
                r: &$crate::payment::ports::RefundRecord,
            ) -> Result<$crate::payment::ports::RefundOutcome, StoreFailure> {
                use $crate::payment::ports::RefundOutcome;
                if r.tickets.is_empty() {
                    return Ok(RefundOutcome::AlreadyRefunded);
                }
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO refunds (order_id, payment_id, amount_cents, method, reason, gateway_ref, user_id, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(r.order.0)
                .bind(r.payment_id)
                .bind(r.amount.cents())
                .bind(r.method.as_str())
                .bind(&r.reason)
                .bind(r.gateway_ref.as_deref())
                .bind(r.user.0)
                .bind(r.now)
                .fetch_one(&mut *tx)
                .await?;
                // Only tickets still valid change: a refund that lost a race to another
                // terminal's refund writes nothing (the transaction is dropped).
                let mut q = sqlx::QueryBuilder::<$db>::new("UPDATE tickets SET status = 'refunded', refunded_at = ");
                q.push_bind(r.now);
                q.push(", refund_id = ");
                q.push_bind(id);
                q.push(" WHERE status = 'valid' AND order_id = ");
                q.push_bind(r.order.0);
                q.push(" AND id IN (");
                let mut list = q.separated(", ");
                for t in &r.tickets {
                    list.push_bind(t.0);
                }
                q.push(") RETURNING seat_id");
                let seats: Vec<i64> = q.build_query_scalar().fetch_all(&mut *tx).await?;
                if seats.len() != r.tickets.len() {
                    return Ok(RefundOutcome::AlreadyRefunded);
                }
                // The seats become free for anyone to hold again.
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "UPDATE seat_claims SET state = 'released' WHERE state = 'sold' AND order_id = ",
                );
                q.push_bind(r.order.0);
                q.push(" AND seat_id IN (");
                let mut list = q.separated(", ");
                for s in &seats {
                    list.push_bind(*s);
                }
                q.push(")");
                q.build().execute(&mut *tx).await?;
                if let Some(key) = &r.lease_key {
                    sqlx::query("UPDATE orders SET paying_key = NULL, paying_until = NULL WHERE id = $1 AND paying_key = $2")
                        .bind(r.order.0)
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                }
                append_ledger(&mut tx, &r.ledger).await?;
                tx.commit().await?;
                Ok(RefundOutcome::Refunded { id })
            }

            async fn cancel_showtime(
                &self,
                showtime: ShowtimeId,
                entry: &$crate::payment::model::LedgerDraft,
            ) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE showtimes SET status = 'cancelled' WHERE id = $1 AND status = 'scheduled'")
                    .bind(showtime.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                append_ledger(&mut tx, std::slice::from_ref(entry)).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn orders_with_valid_tickets(&self, showtime: ShowtimeId) -> Result<Vec<OrderId>, StoreFailure> {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT DISTINCT order_id FROM tickets WHERE showtime_id = $1 AND status = 'valid' ORDER BY order_id",
                )
                .bind(showtime.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(ids.into_iter().map(OrderId).collect())
            }

            async fn open_shift(
                &self,
                user: UserId,
                float: Money,
                now: DateTime<Utc>,
                entry: &$crate::payment::model::LedgerDraft,
            ) -> Result<Option<$crate::payment::ports::Shift>, StoreFailure> {
                let mut tx = self.begin_write().await?;
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO shifts (user_id, opened_at, float_cents) VALUES ($1, $2, $3) \
                     ON CONFLICT (user_id) WHERE closed_at IS NULL DO NOTHING RETURNING id",
                )
                .bind(user.0)
                .bind(now)
                .bind(float.cents())
                .fetch_optional(&mut *tx)
                .await?;
                let Some(id) = id else {
                    return Ok(None);
                };
                let entry = entry.clone().reference(format!("shift {id}"));
                append_ledger(&mut tx, &[entry]).await?;
                tx.commit().await?;
                Ok(Some($crate::payment::ports::Shift {
                    id,
                    user,
                    opened_at: now,
                    float,
                    closed_at: None,
                }))
            }

            async fn open_shift_of(&self, user: UserId) -> Result<Option<$crate::payment::ports::Shift>, StoreFailure> {
                let row: Option<ShiftRow> = sqlx::query_as(
                    "SELECT id, user_id, opened_at, float_cents, closed_at FROM shifts WHERE user_id = $1 AND closed_at IS NULL",
                )
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn open_shifts(&self) -> Result<Vec<$crate::payment::ports::OpenShift>, StoreFailure> {
                let rows: Vec<$crate::store::floor_rows::OpenShiftRow> = sqlx::query_as(
                    "SELECT sh.id, sh.user_id, u.username, sh.opened_at, sh.float_cents \
                     FROM shifts sh JOIN users u ON u.id = sh.user_id \
                     WHERE sh.closed_at IS NULL ORDER BY sh.opened_at, sh.id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn close_shift(
                &self,
                shift: i64,
                user: UserId,
                since: DateTime<Utc>,
                now: DateTime<Utc>,
                close_out: &(dyn Fn($crate::payment::model::DrawerTotals) -> $crate::payment::ports::ShiftCloseOut + Send + Sync),
            ) -> Result<Option<$crate::payment::model::CloseOut>, StoreFailure> {
                let mut tx = self.begin_write().await?;
                // Every sale appends to the ledger under its head: with the head locked, no
                // sale can add to this drawer before the close commits, and a cash sale
                // that comes after finds the shift closed (it checks under the same lock).
                sqlx::query(concat!("SELECT seq FROM ledger_head WHERE id = 1", $for_update))
                    .execute(&mut *tx)
                    .await?;
                let totals = drawer_totals_since(&mut tx, user, since).await?;
                let closing = close_out(totals);
                let done = sqlx::query(
                    "UPDATE shifts SET closed_at = $1, counted_cash_cents = $2, expected_cash_cents = $3, card_cents = $4 \
                     WHERE id = $5 AND closed_at IS NULL",
                )
                .bind(now)
                .bind(closing.out.counted_cash.cents())
                .bind(closing.out.expected_cash)
                .bind(closing.out.card_net_cents)
                .bind(shift)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(None);
                }
                append_ledger(&mut tx, &closing.entries).await?;
                tx.commit().await?;
                Ok(Some(closing.out))
            }

            async fn sales_facts(
                &self,
                from: DateTime<Utc>,
                to: DateTime<Utc>,
            ) -> Result<Vec<$crate::payment::ports::SaleFact>, StoreFailure> {
                let rows: Vec<SaleFactRow> = sqlx::query_as(
                    "SELECT t.created_at AS sold_at, m.title AS movie, h.name AS hall, u.username AS cashier, \
                     COALESCE(p.method, '') AS method, t.ticket_type, t.price_cents \
                     FROM tickets t JOIN showtimes st ON st.id = t.showtime_id JOIN movies m ON m.id = st.movie_id \
                     JOIN halls h ON h.id = st.hall_id JOIN users u ON u.id = t.sold_by \
                     LEFT JOIN payments p ON p.order_id = t.order_id AND p.status = 'succeeded' \
                     WHERE t.created_at >= $1 AND t.created_at < $2 ORDER BY t.created_at, t.id",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn refund_facts(
                &self,
                from: DateTime<Utc>,
                to: DateTime<Utc>,
            ) -> Result<Vec<$crate::payment::ports::RefundFact>, StoreFailure> {
                let rows: Vec<RefundFactRow> = sqlx::query_as(
                    "SELECT r.at, r.order_id, m.title AS movie, h.name AS hall, u.username AS by_user, r.method, \
                     (SELECT count(*) FROM tickets t WHERE t.refund_id = r.id) AS tickets, r.amount_cents, r.reason \
                     FROM refunds r JOIN orders o ON o.id = r.order_id JOIN showtimes st ON st.id = o.showtime_id \
                     JOIN movies m ON m.id = st.movie_id JOIN halls h ON h.id = st.hall_id JOIN users u ON u.id = r.user_id \
                     WHERE r.at >= $1 AND r.at < $2 ORDER BY r.at, r.id",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn occupancy(
                &self,
                from: DateTime<Utc>,
                to: DateTime<Utc>,
            ) -> Result<Vec<$crate::payment::ports::OccupancyFact>, StoreFailure> {
                let rows: Vec<OccupancyRow> = sqlx::query_as(
                    "SELECT st.id, st.starts_at, m.title AS movie, h.name AS hall, st.status, \
                     (SELECT count(*) FROM seats s WHERE s.hall_id = st.hall_id AND NOT s.broken) AS capacity, \
                     (SELECT count(*) FROM tickets t WHERE t.showtime_id = st.id AND t.status = 'valid') AS sold, \
                     (SELECT CAST(COALESCE(SUM(t.price_cents), 0) AS BIGINT) FROM tickets t \
                      WHERE t.showtime_id = st.id AND t.status = 'valid') AS revenue_cents \
                     FROM showtimes st JOIN movies m ON m.id = st.movie_id JOIN halls h ON h.id = st.hall_id \
                     WHERE st.starts_at >= $1 AND st.starts_at < $2 ORDER BY st.starts_at, h.name",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }
        }
    };
}
