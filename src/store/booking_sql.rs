//! The booking store, written once for both backends (see `screening_sql.rs`). The
//! differences are passed in: how to lock rows (`FOR UPDATE` in PostgreSQL; SQLite's
//! IMMEDIATE transaction already serialises writers), and how a block takes a seat's lock
//! (PostgreSQL: an advisory lock its holds take too, migration 0011; SQLite: none needed).
//! The hold and the sale themselves are in `hold_sale_sql.rs`.

macro_rules! impl_booking_store {
    ($store:ty, $db:ty, $for_update:literal, $seat_lock:literal) => {
        /// Locks the order's claim rows in seat order before they are changed together, so
        /// a sale, a release and a hold touching the same seats queue instead of deadlocking.
        async fn lock_claims(
            tx: &mut $crate::store::write_tx::WriteTx<$db>,
            order: OrderId,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(concat!("SELECT seat_id FROM seat_claims WHERE order_id = $1 ORDER BY showtime_id, seat_id", $for_update))
                .bind(order.0)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        /// Read inside the write transaction (after the claim locks where they are taken),
        /// so it is the state a sale committing at the same moment left.
        async fn order_is_paid(
            tx: &mut $crate::store::write_tx::WriteTx<$db>,
            order: OrderId,
        ) -> Result<bool, sqlx::Error> {
            let status: Option<String> = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
                .bind(order.0)
                .fetch_optional(&mut **tx)
                .await?;
            Ok(status.as_deref() == Some("paid"))
        }

        #[async_trait::async_trait]
        impl $crate::booking::ports::BookingStore for $store {
            async fn price_table(&self) -> Result<PriceTable, StoreFailure> {
                let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
                    "SELECT 'type', code, discount_cents, CAST(discount_percent AS BIGINT) FROM ticket_types \
                     UNION ALL SELECT 'seat', kind, surcharge_cents, CAST(0 AS BIGINT) FROM seat_surcharges",
                )
                .fetch_all(&self.pool)
                .await?;
                let money = |c: i64| Money::from_cents(c).map_err(|e| StoreFailure::new(format!("price table: {e}")));
                let mut table = PriceTable::default();
                for (what, code, cents, percent) in rows {
                    if what == "type" {
                        let t = TicketType::parse(&code)
                            .map_err(|_| StoreFailure::new(format!("ticket type {code:?}")))?;
                        table.discounts.insert(t, money(cents)?);
                        if percent > 0 {
                            let percent = u32::try_from(percent)
                                .map_err(|_| StoreFailure::new(format!("discount {percent}%")))?;
                            table.percents.insert(t, percent);
                        }
                    } else {
                        let k = SeatKind::parse(&code)
                            .ok_or_else(|| StoreFailure::new(format!("seat kind {code:?}")))?;
                        table.surcharges.insert(k, money(cents)?);
                    }
                }
                Ok(table)
            }

            async fn set_discount(&self, ticket: TicketType, discount: Money) -> Result<(), StoreFailure> {
                sqlx::query("UPDATE ticket_types SET discount_cents = $1, discount_percent = 0 WHERE code = $2")
                    .bind(discount.cents())
                    .bind(ticket.as_str())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_discount_percent(&self, ticket: TicketType, percent: u32) -> Result<(), StoreFailure> {
                sqlx::query("UPDATE ticket_types SET discount_percent = $1, discount_cents = 0 WHERE code = $2")
                    .bind(i64::from(percent))
                    .bind(ticket.as_str())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_surcharge(&self, kind: SeatKind, surcharge: Money) -> Result<(), StoreFailure> {
                sqlx::query("UPDATE seat_surcharges SET surcharge_cents = $1 WHERE kind = $2")
                    .bind(surcharge.cents())
                    .bind(kind.as_str())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn claims(&self, showtime: ShowtimeId) -> Result<Vec<Claim>, StoreFailure> {
                let rows: Vec<ClaimRow> = sqlx::query_as(
                    "SELECT c.seat_id, c.order_id, c.state, c.held_until, o.user_id AS holder_id, \
                     u.username AS holder, o.channel \
                     FROM seat_claims c JOIN orders o ON o.id = c.order_id JOIN users u ON u.id = o.user_id \
                     WHERE c.showtime_id = $1 AND c.state <> 'released'",
                )
                .bind(showtime.0)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Claim::try_from).collect()
            }

            async fn blocked_seats(&self, showtime: ShowtimeId) -> Result<Vec<SeatId>, StoreFailure> {
                let ids: Vec<i64> = sqlx::query_scalar("SELECT seat_id FROM blocked_seats WHERE showtime_id = $1")
                    .bind(showtime.0)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(ids.into_iter().map(SeatId).collect())
            }

            async fn unblock_seat(&self, showtime: ShowtimeId, seat: SeatId) -> Result<bool, StoreFailure> {
                let done = sqlx::query("DELETE FROM blocked_seats WHERE showtime_id = $1 AND seat_id = $2")
                    .bind(showtime.0)
                    .bind(seat.0)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn block_seat(
                &self,
                showtime: ShowtimeId,
                seat: SeatId,
                by: UserId,
                now: DateTime<Utc>,
            ) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
                // Waits for every hold of this seat in flight, so the count below sees them.
                if !$seat_lock.is_empty() {
                    sqlx::query($seat_lock)
                        .bind(showtime.0)
                        .bind(seat.0)
                        .execute(&mut *tx)
                        .await?;
                }
                let live: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM seat_claims WHERE showtime_id = $1 AND seat_id = $2 \
                     AND (state = 'sold' OR (state = 'held' AND held_until > $3))",
                )
                .bind(showtime.0)
                .bind(seat.0)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let free = (live == 0).then_some(());
                if free.is_none() {
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO blocked_seats (showtime_id, seat_id, blocked_by) VALUES ($1, $2, $3) \
                     ON CONFLICT (showtime_id, seat_id) DO NOTHING",
                )
                .bind(showtime.0)
                .bind(seat.0)
                .bind(by.0)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn hold(&self, r: &HoldRequest) -> Result<HoldOutcome, BookingError> {
                match self.hold_in_one_trip(r).await {
                    Some(done) => done,
                    None => self.hold_by_statements(r).await,
                }
            }

            async fn seat_flags(
                &self,
                showtime: ShowtimeId,
                seats: &[SeatId],
            ) -> Result<Vec<(SeatId, bool, bool)>, StoreFailure> {
                if seats.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT s.id, s.broken, EXISTS (SELECT 1 FROM blocked_seats b WHERE b.showtime_id = ",
                );
                q.push_bind(showtime.0);
                q.push(" AND b.seat_id = s.id) AS blocked FROM seats s WHERE s.id IN (");
                let mut list = q.separated(", ");
                for seat in seats {
                    list.push_bind(seat.0);
                }
                q.push(")");
                let rows: Vec<(i64, bool, bool)> = q.build_query_as().fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(|(id, broken, blocked)| (SeatId(id), broken, blocked)).collect())
            }

            async fn taken_seats(&self, showtime: ShowtimeId, now: DateTime<Utc>) -> Result<Vec<SeatId>, StoreFailure> {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT seat_id FROM seat_claims WHERE showtime_id = $1 \
                     AND (state = 'sold' OR (state = 'held' AND held_until > $2)) \
                     UNION SELECT seat_id FROM blocked_seats WHERE showtime_id = $1 \
                     UNION SELECT s.id FROM seats s JOIN showtimes st ON st.hall_id = s.hall_id \
                     WHERE st.id = $1 AND s.broken",
                )
                .bind(showtime.0)
                .bind(now)
                .fetch_all(&self.pool)
                .await?;
                Ok(ids.into_iter().map(SeatId).collect())
            }

            async fn release(
                &self,
                order: OrderId,
                seats: Option<&[SeatId]>,
                now: DateTime<Utc>,
            ) -> Result<$crate::booking::ports::GiveBack, StoreFailure> {
                if seats.is_some_and(|s| s.is_empty()) {
                    return Ok($crate::booking::ports::GiveBack::Released(0));
                }
                if let Some(done) = self.release_in_one_trip(order, seats, now).await {
                    return done;
                }
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "UPDATE seat_claims SET state = 'released' WHERE state = 'held' AND order_id = ",
                );
                q.push_bind(order.0);
                q.push(" AND held_until > ");
                q.push_bind(now);
                if let Some(seats) = seats {
                    q.push(" AND seat_id IN (");
                    let mut list = q.separated(", ");
                    for s in seats {
                        list.push_bind(s.0);
                    }
                    q.push(")");
                }
                let mut tx = self.begin_write().await?;
                lock_claims(&mut tx, order).await?;
                if order_is_paid(&mut tx, order).await? {
                    return Ok($crate::booking::ports::GiveBack::Paid);
                }
                let released = q.build().execute(&mut *tx).await?.rows_affected();
                tx.commit().await?;
                Ok($crate::booking::ports::GiveBack::Released(released))
            }

            async fn extend(&self, order: OrderId, now: DateTime<Utc>, until: DateTime<Utc>) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE orders SET extended = TRUE, expires_at = $1 \
                     WHERE id = $2 AND status = 'draft' AND NOT extended AND expires_at > $3",
                )
                .bind(until)
                .bind(order.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                lock_claims(&mut tx, order).await?;
                sqlx::query(
                    "UPDATE seat_claims SET held_until = $1 WHERE order_id = $2 AND state = 'held' AND held_until > $3",
                )
                .bind(until)
                .bind(order.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn order(&self, id: OrderId) -> Result<Option<Order>, StoreFailure> {
                let row: Option<OrderRow> = sqlx::query_as(concat!(order_select!(), "WHERE o.id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(Order::try_from).transpose()
            }

            async fn order_seats(&self, id: OrderId, now: DateTime<Utc>) -> Result<Vec<OrderSeat>, StoreFailure> {
                let rows: Vec<OrderSeatRow> = sqlx::query_as(
                    "SELECT s.id AS seat_id, s.row_label, s.number, s.kind \
                     FROM seat_claims c JOIN seats s ON s.id = c.seat_id \
                     WHERE c.order_id = $1 AND (c.state = 'sold' OR (c.state = 'held' AND c.held_until > $2)) \
                     ORDER BY s.grid_row, s.grid_col",
                )
                .bind(id.0)
                .bind(now)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(OrderSeat::try_from).collect()
            }

            async fn order_tickets(&self, id: OrderId) -> Result<Vec<Ticket>, StoreFailure> {
                let rows: Vec<TicketRow> =
                    sqlx::query_as(concat!(ticket_select!(), "WHERE t.order_id = $1 ORDER BY s.grid_row, s.grid_col"))
                        .bind(id.0)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map(Ticket::try_from).collect()
            }

            async fn ticket_by_code(&self, code: &str) -> Result<Option<Ticket>, StoreFailure> {
                let row: Option<TicketRow> = sqlx::query_as(concat!(ticket_select!(), "WHERE t.code = $1"))
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(Ticket::try_from).transpose()
            }

            async fn sell(&self, sale: &SaleRecord) -> Result<Vec<Ticket>, BookingError> {
                match self.sell_in_one_trip(sale).await {
                    Some(done) => done,
                    None => self.sell_by_statements(sale).await,
                }
            }

            async fn cancel(&self, order: OrderId, now: DateTime<Utc>) -> Result<$crate::booking::ports::GiveBack, StoreFailure> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = $1 AND status = 'draft'")
                    .bind(order.0)
                    .execute(&mut *tx)
                    .await?;
                let mut released = 0;
                if done.rows_affected() > 0 {
                    lock_claims(&mut tx, order).await?;
                    released = sqlx::query(
                        "UPDATE seat_claims SET state = 'released' \
                         WHERE order_id = $1 AND state = 'held' AND held_until > $2",
                    )
                    .bind(order.0)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                } else if order_is_paid(&mut tx, order).await? {
                    return Ok($crate::booking::ports::GiveBack::Paid);
                }
                tx.commit().await?;
                Ok($crate::booking::ports::GiveBack::Released(released))
            }

            async fn log(
                &self,
                at: DateTime<Utc>,
                user: UserId,
                action: &str,
                order: Option<OrderId>,
                detail: &str,
            ) -> Result<(), StoreFailure> {
                sqlx::query("INSERT INTO booking_log (at, user_id, action, order_id, detail) VALUES ($1, $2, $3, $4, $5)")
                    .bind(at)
                    .bind(user.0)
                    .bind(action)
                    .bind(order.map(|o| o.0))
                    .bind(detail)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn orders_of_user(&self, user: UserId, limit: i64) -> Result<Vec<OrderSummary>, StoreFailure> {
                // The columns of order_select!, spelled out: the counts go before its FROM.
                // A draft whose seats were all given back is nothing to a cashier: left out.
                let rows: Vec<OrderSummaryRow> = sqlx::query_as(
                    "SELECT o.id, o.showtime_id, o.user_id, u.username, o.channel, o.status, o.extended, o.total_cents, \
                     o.created_at, o.expires_at, o.paid_at, \
                     (SELECT count(*) FROM tickets t WHERE t.order_id = o.id) AS tickets, \
                     (SELECT count(*) FROM tickets t WHERE t.order_id = o.id AND t.status = 'refunded') AS refunded \
                     FROM orders o JOIN users u ON u.id = o.user_id \
                     WHERE o.user_id = $1 \
                     AND (o.status <> 'draft' OR EXISTS (SELECT 1 FROM seat_claims c \
                          WHERE c.order_id = o.id AND c.state <> 'released')) \
                     ORDER BY o.id DESC LIMIT $2",
                )
                .bind(user.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(OrderSummary::try_from).collect()
            }

            async fn live_holds(
                &self,
                now: DateTime<Utc>,
            ) -> Result<Vec<$crate::booking::ports::LiveHold>, StoreFailure> {
                let rows: Vec<$crate::store::floor_rows::HeldSeatRow> = sqlx::query_as(
                    "SELECT c.order_id, o.showtime_id, st.starts_at, m.title AS movie, h.name AS hall, \
                     o.user_id, u.username, o.channel, s.row_label, s.number, c.held_until \
                     FROM seat_claims c JOIN orders o ON o.id = c.order_id \
                     JOIN users u ON u.id = o.user_id \
                     JOIN showtimes st ON st.id = o.showtime_id \
                     JOIN movies m ON m.id = st.movie_id JOIN halls h ON h.id = st.hall_id \
                     JOIN seats s ON s.id = c.seat_id \
                     WHERE c.state = 'held' AND c.held_until > $1 \
                     ORDER BY c.order_id, s.grid_row, s.grid_col",
                )
                .bind(now)
                .fetch_all(&self.pool)
                .await?;
                $crate::store::floor_rows::group_holds(rows)
            }

            async fn integrity(&self) -> Result<Integrity, StoreFailure> {
                let double_sales: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM (SELECT showtime_id, seat_id FROM tickets WHERE status = 'valid' \
                     GROUP BY showtime_id, seat_id HAVING count(*) > 1) AS d",
                )
                .fetch_one(&self.pool)
                .await?;
                let sold_not_paid: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM seat_claims c JOIN orders o ON o.id = c.order_id \
                     WHERE c.state = 'sold' AND (o.status <> 'paid' \
                     OR NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'succeeded'))",
                )
                .fetch_one(&self.pool)
                .await?;
                let unticketed_seats: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM seat_claims c WHERE c.state = 'sold' AND NOT EXISTS \
                     (SELECT 1 FROM tickets t WHERE t.order_id = c.order_id AND t.seat_id = c.seat_id AND t.status = 'valid')",
                )
                .fetch_one(&self.pool)
                .await?;
                let unticketed_orders: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM orders o WHERE o.status = 'paid' \
                     AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.id)",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(Integrity {
                    double_sales,
                    sold_not_paid,
                    paid_not_ticketed: unticketed_seats + unticketed_orders,
                })
            }
        }
    };
}
