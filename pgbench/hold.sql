-- Reference: the hold statements of src/store/hold_sale_sql.rs (SQLite runs them, and
-- PostgreSQL for the kiosk); boxoffice_hold (latest in migration 0015) runs the same
-- statements inside the server, and tests/hold_paths.rs checks the two agree. This script
-- is a copy for measuring: change it when the reference changes, never the other way.
-- The hold statement of boxoffice (src/store/hold_sale_sql.rs), for one random seat of one
-- hot showtime, adding to an existing draft order. Every attempt writes: the hold it
-- makes lapses at once (held_until = now()), so the next attempt takes it over in place,
-- as pgbench/baseline/hold_update.sql does with ttl_ms=0.
-- Variables: -D st=<showtime id> -D seat_lo=<first seat id> -D seat_hi=<last seat id> -D ord=<order id>
\set seat random(:seat_lo, :seat_hi)
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
