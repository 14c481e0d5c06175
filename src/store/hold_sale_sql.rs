//! The hold and the sale as plain statements in one transaction, written once for both
//! backends (see `screening_sql.rs`); `$for_update` is how to lock a showtime row for the
//! kiosk's reserve check (`FOR UPDATE` in PostgreSQL) and `$for_share` how a sale holds
//! it against a cancel or a move (`FOR SHARE`); SQLite's IMMEDIATE transaction already
//! serialises writers.
//!
//! These statements are the reference for what a hold and a sale do. SQLite always runs
//! them; PostgreSQL runs the same statements inside the server as `boxoffice_hold`
//! (latest in migration 0015, which takes the seats before it writes the order row),
//! `boxoffice_sell` (latest in migration 0017, which checks the showtime is still on)
//! and `boxoffice_release` (0014), one round trip each, and falls back to these where
//! the functions do not apply (the kiosk's reserve). The pgbench scripts in `pgbench/`
//! are copies for measuring. A change here is made again in a new migration and in
//! those scripts, and `tests/hold_paths.rs` checks that both paths still agree case by
//! case.

macro_rules! impl_booking_writes {
    ($store:ty, $db:ty, $for_update:literal, $for_share:literal) => {
        impl $store {
            pub(crate) async fn hold_by_statements(&self, r: &HoldRequest) -> Result<HoldOutcome, BookingError> {
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

            pub(crate) async fn sell_by_statements(&self, sale: &SaleRecord) -> Result<Vec<Ticket>, BookingError> {
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
                // A cancelled showtime sells nothing, even to an order held before the
                // cancel. Its row is held shared until the sale commits: a cancel waits
                // and then refunds this sale's tickets too; a move waits and then counts
                // them.
                let on: Option<String> =
                    sqlx::query_scalar(concat!("SELECT status FROM showtimes WHERE id = $1", $for_share))
                        .bind(showtime)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(StoreFailure::from)?;
                if on.as_deref() != Some("scheduled") {
                    return Err(BookingError::ShowtimeCancelled);
                }
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
                // Under the ledger's lock, as a shift's close takes it: the drawer this cash
                // goes into is still open, or the close already counted everything before.
                if pay.needs_open_shift {
                    let open: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM shifts WHERE user_id = $1 AND closed_at IS NULL",
                    )
                    .bind(sale.user.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                    if open.is_none() {
                        return Err(BookingError::DrawerClosed);
                    }
                }
                tx.commit().await.map_err(StoreFailure::from)?;
                let tickets = made
                    .into_iter()
                    .filter_map(|(id, code, seat)| sale.ticket(id, code, seat, showtime))
                    .collect();
                Ok(tickets)
            }
        }
    };
}
