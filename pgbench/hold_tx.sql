-- Reference: the hold statements of src/store/hold_sale_sql.rs (SQLite runs them, and
-- PostgreSQL for the kiosk); boxoffice_hold (latest in migration 0015) runs the same
-- statements inside the server, and tests/hold_paths.rs checks the two agree. This script
-- is a copy for measuring: change it when the reference changes, never the other way.
-- A whole new-order hold as the application runs it: open an order, take the seat, commit
-- (src/store/hold_sale_sql.rs, `hold_by_statements` with no existing order). Same
-- variables as hold.sql plus -D uid_lo=<first user id> -D users=<how many> (client i is
-- user uid_lo + i % users, as each counter of the app bench is its own user).
\set seat random(:seat_lo, :seat_hi)
\set uid :uid_lo + :client_id % :users
BEGIN;
INSERT INTO orders (showtime_id, user_id, channel, created_at, expires_at)
VALUES (:st, :uid, 'counter', now(), now()) RETURNING id AS ord \gset
INSERT INTO seat_claims (showtime_id, seat_id, order_id, state, held_until)
SELECT st.id, s.id, :ord, 'held', now()
  FROM showtimes st JOIN seats s ON s.hall_id = st.hall_id
 WHERE st.id = :st AND st.status = 'scheduled' AND st.starts_at > now()
   AND NOT s.broken
   AND NOT EXISTS (SELECT 1 FROM blocked_seats b WHERE b.showtime_id = st.id AND b.seat_id = s.id)
   AND s.id IN (:seat)
 ORDER BY s.id
ON CONFLICT (showtime_id, seat_id) DO UPDATE SET order_id = excluded.order_id,
       state = 'held', held_until = excluded.held_until
 WHERE seat_claims.state = 'released' OR (seat_claims.state = 'held' AND seat_claims.held_until <= now())
RETURNING seat_id;
COMMIT;
