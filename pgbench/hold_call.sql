-- Reference: the hold statements of src/store/hold_sale_sql.rs (SQLite runs them, and
-- PostgreSQL for the kiosk); boxoffice_hold (latest in migration 0015) runs the same
-- statements inside the server, and tests/hold_paths.rs checks the two agree. This script
-- is a copy for measuring: change it when the reference changes, never the other way.
-- The application's whole counter hold as it sends it on PostgreSQL: one call of
-- boxoffice_hold (migration 0015), which takes the seat, then writes the draft order,
-- in one round trip. Each hold is made already lapsed (held until a day ago), so
-- every call opens an order and writes, like hold.sql, and a call that meets another on
-- the same seat takes it over instead of being refused (a refusal of a partly taken hold
-- is an error, which would stop the pgbench client). Same variables as hold_tx.sql.
\set seat random(:seat_lo, :seat_hi)
\set uid :uid_lo + :client_id % :users
SELECT * FROM boxoffice_hold(:st, :uid, 'counter', NULL, ARRAY[:seat]::BIGINT[], now(), now() - interval '1 day');
