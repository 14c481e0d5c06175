//! The booking store, written once for both backends (see `screening_sql.rs`). The one
//! difference is passed in: how to lock a showtime row for the kiosk's reserve check
//! (`FOR UPDATE` in PostgreSQL; SQLite's IMMEDIATE transaction already serialises writers).

macro_rules! impl_booking_store {
    ($store:ty, $db:ty, $for_update:literal) => {
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

        #[async_trait::async_trait]
        impl $crate::booking::ports::BookingStore for $store {
            async fn price_table(&self) -> Result<PriceTable, StoreFailure> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT 'type', code, discount_cents FROM ticket_types \
                     UNION ALL SELECT 'seat', kind, surcharge_cents FROM seat_surcharges",
                )
                .fetch_all(&self.pool)
                .await?;
                let money = |c: i64| Money::from_cents(c).map_err(|e| StoreFailure::new(format!("price table: {e}")));
                let mut table = PriceTable::default();
                for (what, code, cents) in rows {
                    if what == "type" {
                        let t = TicketType::parse(&code)
                            .map_err(|_| StoreFailure::new(format!("ticket type {code:?}")))?;
                        table.discounts.insert(t, money(cents)?);
                    } else {
                        let k = SeatKind::parse(&code)
                            .ok_or_else(|| StoreFailure::new(format!("seat kind {code:?}")))?;
                        table.surcharges.insert(k, money(cents)?);
                    }
                }
                Ok(table)
            }

            async fn set_discount(&self, ticket: TicketType, discount: Money) -> Result<(), StoreFailure> {
                sqlx::query("UPDATE ticket_types SET discount_cents = $1 WHERE code = $2")
                    .bind(discount.cents())
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

            async fn block_seat(
                &self,
                showtime: ShowtimeId,
                seat: SeatId,
                by: UserId,
                now: DateTime<Utc>,
            ) -> Result<bool, StoreFailure> {
                let mut tx = self.begin_write().await?;
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
                if let Some(done) = self.hold_in_one_trip(r).await {
                    return done;
                }
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                if let Some(reserve) = r.reserve {
                    // Lock the showtime so two kiosk holds count the free seats one after
                    // the other; counter holds only make the count stricter.
                    sqlx::query(concat!("SELECT id FROM showtimes WHERE id = $1", $for_update))
                        .bind(r.showtime.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreFailure::from)?;
                    let taken: i64 = sqlx::query_scalar(
                        "SELECT count(*) FROM seat_claims c JOIN seats s ON s.id = c.seat_id \
                         WHERE c.showtime_id = $1 AND NOT s.broken \
                         AND (c.state = 'sold' OR (c.state = 'held' AND c.held_until > $2)) \
                         AND NOT EXISTS (SELECT 1 FROM blocked_seats b WHERE b.showtime_id = c.showtime_id AND b.seat_id = c.seat_id)",
                    )
                    .bind(r.showtime.0)
                    .bind(r.now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                    let left = i64::from(reserve.sellable) - taken;
                    if left - (r.seats.len() as i64) < i64::from(reserve.keep) {
                        return Err(BookingError::CounterReserve {
                            left: u32::try_from((left - i64::from(reserve.keep)).max(0)).unwrap_or(0),
                            reserve: reserve.keep,
                        });
                    }
                }
                let order: OrderRow = match r.order {
                    None => sqlx::query_as(
                        "INSERT INTO orders (showtime_id, user_id, channel, created_at, expires_at) \
                         VALUES ($1, $2, $3, $4, $5) \
                         RETURNING id, showtime_id, user_id, '' AS username, channel, status, extended, \
                         total_cents, created_at, expires_at, paid_at",
                    )
                    .bind(r.showtime.0)
                    .bind(r.user.0)
                    .bind(r.channel.as_str())
                    .bind(r.now)
                    .bind(r.expires_at)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?,
                    Some(order) => {
                        // Lock the draft and make sure it is still live.
                        let live: Option<OrderRow> = sqlx::query_as(
                            "UPDATE orders SET expires_at = expires_at \
                             WHERE id = $1 AND status = 'draft' AND expires_at > $2 AND showtime_id = $3 \
                             RETURNING id, showtime_id, user_id, '' AS username, channel, status, extended, \
                             total_cents, created_at, expires_at, paid_at",
                        )
                        .bind(order.0)
                        .bind(r.now)
                        .bind(r.showtime.0)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(StoreFailure::from)?;
                        live.ok_or(BookingError::HoldExpired)?
                    }
                };
                // One statement takes every seat that is free: in this showtime's hall, not
                // broken, not blocked, nobody's live hold, not sold, and only while the
                // showtime is scheduled and has not started. Rows go in seat order, so
                // overlapping holds lock in the same order.
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO seat_claims (showtime_id, seat_id, order_id, state, held_until) \
                     SELECT st.id, s.id, ",
                );
                q.push_bind(order.id);
                q.push(", 'held', ");
                q.push_bind(r.expires_at);
                q.push(" FROM showtimes st JOIN seats s ON s.hall_id = st.hall_id WHERE st.id = ");
                q.push_bind(r.showtime.0);
                q.push(" AND st.status = 'scheduled' AND st.starts_at > ");
                q.push_bind(r.now);
                q.push(
                    " AND NOT s.broken AND NOT EXISTS (SELECT 1 FROM blocked_seats b \
                     WHERE b.showtime_id = st.id AND b.seat_id = s.id) AND s.id IN (",
                );
                let mut list = q.separated(", ");
                for seat in &r.seats {
                    list.push_bind(seat.0);
                }
                q.push(
                    ") ORDER BY s.id ON CONFLICT (showtime_id, seat_id) DO UPDATE SET order_id = excluded.order_id, \
                     state = 'held', held_until = excluded.held_until \
                     WHERE seat_claims.state = 'released' OR (seat_claims.state = 'held' AND seat_claims.held_until <= ",
                );
                q.push_bind(r.now);
                q.push(") RETURNING seat_id");
                let got: Vec<i64> = q
                    .build_query_scalar()
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                if got.len() < r.seats.len() {
                    // All or nothing: dropping the transaction rolls back what was taken.
                    let missing = r.seats.iter().filter(|s| !got.contains(&s.0)).copied().collect();
                    return Ok(HoldOutcome::Unavailable(missing));
                }
                tx.commit().await.map_err(StoreFailure::from)?;
                Ok(HoldOutcome::Held(Order::try_from(order)?))
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
            ) -> Result<u64, StoreFailure> {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "UPDATE seat_claims SET state = 'released' WHERE state = 'held' AND order_id = ",
                );
                q.push_bind(order.0);
                q.push(" AND held_until > ");
                q.push_bind(now);
                if let Some(seats) = seats {
                    if seats.is_empty() {
                        return Ok(0);
                    }
                    q.push(" AND seat_id IN (");
                    let mut list = q.separated(", ");
                    for s in seats {
                        list.push_bind(s.0);
                    }
                    q.push(")");
                }
                let mut tx = self.begin_write().await?;
                lock_claims(&mut tx, order).await?;
                let released = q.build().execute(&mut *tx).await?.rows_affected();
                tx.commit().await?;
                Ok(released)
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
                if let Some(done) = self.sell_in_one_trip(sale).await {
                    return done;
                }
                let pay = sale_payment(sale)?;
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                // Lock the order first: a second terminal paying the same order waits
                // here and then finds it paid.
                let paid: Option<i64> = sqlx::query_scalar(
                    "UPDATE orders SET status = 'paid', total_cents = $1, paid_at = $2, paying_key = NULL, paying_until = NULL \
                     WHERE id = $3 AND status = 'draft' AND expires_at > $2 \
                     AND (paying_key IS NULL OR paying_until <= $2 OR paying_key = $4) RETURNING showtime_id",
                )
                .bind(sale.total.cents())
                .bind(sale.now)
                .bind(sale.order.0)
                .bind(sale.lease_key.as_deref())
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreFailure::from)?;
                let Some(showtime) = paid else {
                    let order: Option<(String, DateTime<Utc>)> =
                        sqlx::query_as("SELECT status, expires_at FROM orders WHERE id = $1")
                            .bind(sale.order.0)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(StoreFailure::from)?;
                    let status = order.as_ref().map(|(status, expires_at)| {
                        if status == "draft" && *expires_at <= sale.now { "expired" } else { status.as_str() }
                    });
                    return Err(match status {
                        None => BookingError::OrderNotFound(sale.order.0),
                        // Live, yet not sold: a card payment by another terminal holds it.
                        Some("draft") => BookingError::PaymentInProgress,
                        Some("paid") => BookingError::OrderClosed { id: sale.order.0, status: "paid" },
                        Some("cancelled") => BookingError::OrderClosed { id: sale.order.0, status: "cancelled" },
                        Some(_) => BookingError::HoldExpired,
                    });
                };
                lock_claims(&mut tx, sale.order).await.map_err(StoreFailure::from)?;
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "UPDATE seat_claims SET state = 'sold' WHERE state = 'held' AND order_id = ",
                );
                q.push_bind(sale.order.0);
                q.push(" AND held_until > ");
                q.push_bind(sale.now);
                q.push(" AND seat_id IN (");
                let mut list = q.separated(", ");
                for line in &sale.lines {
                    list.push_bind(line.seat_id.0);
                }
                q.push(") RETURNING seat_id");
                let sold: Vec<i64> = q
                    .build_query_scalar()
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                if sold.len() != sale.lines.len() {
                    return Err(BookingError::HoldExpired);
                }
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO order_lines (order_id, seat_id, ticket_type, price_cents) ",
                );
                q.push_values(&sale.lines, |mut b, l| {
                    b.push_bind(sale.order.0)
                        .push_bind(l.seat_id.0)
                        .push_bind(l.ticket_type.as_str())
                        .push_bind(l.price.cents());
                });
                q.build().execute(&mut *tx).await.map_err(StoreFailure::from)?;
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO tickets (code, order_id, showtime_id, seat_id, ticket_type, price_cents, sold_by, created_at) ",
                );
                q.push_values(sale.lines.iter().zip(&sale.codes), |mut b, (l, code)| {
                    b.push_bind(code.clone())
                        .push_bind(sale.order.0)
                        .push_bind(showtime)
                        .push_bind(l.seat_id.0)
                        .push_bind(l.ticket_type.as_str())
                        .push_bind(l.price.cents())
                        .push_bind(sale.user.0)
                        .push_bind(sale.now);
                });
                q.push(" RETURNING id, code, seat_id");
                let made: Vec<(i64, String, i64)> = q.build_query_as().fetch_all(&mut *tx).await.map_err(|e| {
                    if is_unique_violation(&e) {
                        // The last line of defence: the database holds one valid ticket per seat.
                        BookingError::SeatUnavailable(sale.lines.iter().map(|l| l.label.clone()).collect())
                    } else {
                        StoreFailure::from(e).into()
                    }
                })?;
                sqlx::query(
                    "INSERT INTO payments (order_id, method, amount_cents, tendered_cents, change_cents, status, user_id, \
                     created_at, card_last4, gateway_ref) VALUES ($1, $2, $3, $4, $5, 'succeeded', $6, $7, $8, $9)",
                )
                .bind(sale.order.0)
                .bind(pay.method.as_str())
                .bind(sale.total.cents())
                .bind(pay.tendered.map(|m| m.cents()))
                .bind(pay.change.map(|m| m.cents()))
                .bind(sale.user.0)
                .bind(sale.now)
                .bind(pay.card_last4.as_deref())
                .bind(pay.gateway_ref.as_deref())
                .execute(&mut *tx)
                .await
                .map_err(StoreFailure::from)?;
                append_ledger(&mut tx, &pay.ledger).await.map_err(StoreFailure::from)?;
                tx.commit().await.map_err(StoreFailure::from)?;
                let tickets = made
                    .into_iter()
                    .filter_map(|(id, code, seat)| sale.ticket(id, code, seat, showtime))
                    .collect();
                Ok(tickets)
            }

            async fn cancel(&self, order: OrderId, now: DateTime<Utc>) -> Result<(), StoreFailure> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = $1 AND status = 'draft'")
                    .bind(order.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() > 0 {
                    lock_claims(&mut tx, order).await?;
                    sqlx::query(
                        "UPDATE seat_claims SET state = 'released' \
                         WHERE order_id = $1 AND state = 'held' AND held_until > $2",
                    )
                    .bind(order.0)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
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
                let rows: Vec<OrderSummaryRow> = sqlx::query_as(
                    "SELECT o.id, o.showtime_id, o.user_id, u.username, o.channel, o.status, o.extended, o.total_cents, \
                     o.created_at, o.expires_at, o.paid_at, \
                     (SELECT count(*) FROM tickets t WHERE t.order_id = o.id) AS tickets, \
                     (SELECT count(*) FROM tickets t WHERE t.order_id = o.id AND t.status = 'refunded') AS refunded \
                     FROM orders o JOIN users u ON u.id = o.user_id \
                     WHERE o.user_id = $1 ORDER BY o.id DESC LIMIT $2",
                )
                .bind(user.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(OrderSummary::try_from).collect()
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
