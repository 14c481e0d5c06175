-- Reference: the statements boxoffice sends on PostgreSQL for a counter's cash sale of
-- one seat, in order, as read from the server's statement log of `boxoffice bench --mix
-- sales`: the hold (boxoffice_hold, migration 0015), then the sale's reads (the order,
-- the showtime, the order's seats, the price table), the cashier's open shift, and
-- boxoffice_sell (migration 0017)
-- with the ledger row the app appends. A copy for measuring: change it when the app
-- changes, never the other way.
-- Each client sells seats of its own (seat client_id + clients * j of the hall, `per`
-- of them per showtime, then the next showtime), so clients never meet on a seat and
-- every transaction is a whole sale, as long as the showtimes last (compare.sh makes
-- enough). Each client is its own user, as each of the app bench's counters is.
-- Variables: -D st_lo=<first showtime> -D seat_lo=<first seat id> -D uid_lo=<first user>
--            -D users=<N> -D clients=<N> -D per=<floor(seats / clients)> -D k=0
\set n :k
\set k :k + 1
\set st :st_lo + :n / :per
\set seat :seat_lo + :client_id + :clients * (:n % :per)
\set uid :uid_lo + :client_id % :users
SELECT coalesce(order_id, 0) AS oid FROM boxoffice_hold(:st, :uid, 'counter', NULL, ARRAY[:seat]::BIGINT[], now(), now() + interval '10 minutes') \gset
SELECT o.id, o.showtime_id, o.user_id, u.username, o.channel, o.status, o.extended, o.total_cents, o.created_at, o.expires_at, o.paid_at FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = :oid;
SELECT s.id, s.movie_id, m.title AS movie_title, m.rating AS movie_rating, m.runtime_minutes, s.hall_id, h.name AS hall_name, s.starts_at, s.occupied_until, s.price_cents, s.status FROM showtimes s JOIN movies m ON m.id = s.movie_id JOIN halls h ON h.id = s.hall_id WHERE s.id = :st;
SELECT s.id AS seat_id, s.row_label, s.number, s.kind FROM seat_claims c JOIN seats s ON s.id = c.seat_id WHERE c.order_id = :oid AND (c.state = 'sold' OR (c.state = 'held' AND c.held_until > now())) ORDER BY s.grid_row, s.grid_col;
SELECT 'type', code, discount_cents, CAST(discount_percent AS BIGINT) FROM ticket_types UNION ALL SELECT 'seat', kind, surcharge_cents, CAST(0 AS BIGINT) FROM seat_surcharges;
SELECT id, user_id, opened_at, float_cents, closed_at FROM shifts WHERE user_id = :uid AND closed_at IS NULL;
SELECT * FROM boxoffice_sell(:oid, :uid, now(), 1000, NULL, ARRAY[:seat]::BIGINT[], ARRAY['adult'], ARRAY[1000]::BIGINT[], ARRAY['P-' || :client_id || '-' || :n], 'cash', 1000, 0, NULL, NULL, ARRAY[now()], ARRAY['success'], ARRAY[1000]::BIGINT[], ARRAY['EUR'], ARRAY['cash'], ARRAY[:oid]::BIGINT[], ARRAY[:uid]::BIGINT[], ARRAY[''], ARRAY['tendered 10.00, change 0.00'], TRUE);
