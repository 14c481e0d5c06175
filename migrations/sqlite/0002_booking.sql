-- See migrations/postgres/0002_booking.sql for the reasons; this is the same schema in
-- SQLite's dialect. Times are RFC 3339 UTC text written by the application.
INSERT INTO users (username, username_key, role, password_hash)
VALUES ('operator', 'operator', 'manager', '!');

CREATE TABLE ticket_types (
    code           TEXT PRIMARY KEY CHECK (code IN ('adult', 'child', 'senior', 'student')),
    discount_cents INTEGER NOT NULL DEFAULT 0 CHECK (discount_cents >= 0)
);
INSERT INTO ticket_types (code, discount_cents) VALUES
    ('adult', 0), ('child', 300), ('senior', 200), ('student', 150);

CREATE TABLE seat_surcharges (
    kind            TEXT PRIMARY KEY CHECK (kind IN ('standard', 'premium', 'wheelchair', 'companion')),
    surcharge_cents INTEGER NOT NULL DEFAULT 0 CHECK (surcharge_cents >= 0)
);
INSERT INTO seat_surcharges (kind, surcharge_cents) VALUES
    ('standard', 0), ('premium', 300), ('wheelchair', 0), ('companion', 0);

CREATE TABLE blocked_seats (
    showtime_id INTEGER NOT NULL REFERENCES showtimes (id),
    seat_id     INTEGER NOT NULL REFERENCES seats (id),
    blocked_by  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (showtime_id, seat_id)
);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    showtime_id INTEGER NOT NULL REFERENCES showtimes (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    channel     TEXT NOT NULL CHECK (channel IN ('counter', 'kiosk')),
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'paid', 'cancelled', 'expired')),
    extended    INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
    total_cents INTEGER CHECK (total_cents >= 0),
    created_at  TEXT NOT NULL,
    -- When the order's holds lapse; every seat it holds shares it.
    expires_at  TEXT NOT NULL,
    paid_at     TEXT
);
CREATE INDEX orders_user ON orders (user_id, created_at);
CREATE INDEX orders_showtime ON orders (showtime_id);

CREATE TABLE seat_claims (
    showtime_id INTEGER NOT NULL REFERENCES showtimes (id),
    seat_id     INTEGER NOT NULL REFERENCES seats (id),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    state       TEXT NOT NULL CHECK (state IN ('held', 'sold', 'released')),
    held_until  TEXT NOT NULL,
    PRIMARY KEY (showtime_id, seat_id)
);
CREATE INDEX seat_claims_order ON seat_claims (order_id);

CREATE TABLE order_lines (
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    seat_id     INTEGER NOT NULL REFERENCES seats (id),
    ticket_type TEXT NOT NULL REFERENCES ticket_types (code),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    PRIMARY KEY (order_id, seat_id)
);

CREATE TABLE payments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id       INTEGER NOT NULL REFERENCES orders (id),
    method         TEXT NOT NULL CHECK (method IN ('cash', 'card', 'free')),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents >= 0),
    tendered_cents INTEGER CHECK (tendered_cents >= 0),
    change_cents   INTEGER CHECK (change_cents >= 0),
    status         TEXT NOT NULL CHECK (status IN ('succeeded', 'refunded')),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    code         TEXT NOT NULL UNIQUE,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    showtime_id  INTEGER NOT NULL REFERENCES showtimes (id),
    seat_id      INTEGER NOT NULL REFERENCES seats (id),
    ticket_type  TEXT NOT NULL REFERENCES ticket_types (code),
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    status       TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'refunded')),
    sold_by      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    refunded_at  TEXT
);
CREATE UNIQUE INDEX tickets_one_valid_per_seat ON tickets (showtime_id, seat_id) WHERE status = 'valid';
CREATE INDEX tickets_order ON tickets (order_id);

CREATE TABLE booking_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    action      TEXT NOT NULL,
    order_id    INTEGER REFERENCES orders (id),
    detail      TEXT NOT NULL
);

-- The live feed on SQLite: a version per showtime, bumped by every change of a seat's
-- claim; each process polls it (cheaply gated by PRAGMA data_version).
CREATE TABLE showtime_versions (
    showtime_id INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL
);
CREATE TRIGGER seat_claims_version_insert AFTER INSERT ON seat_claims
BEGIN
    INSERT INTO showtime_versions (showtime_id, version) VALUES (NEW.showtime_id, 1)
    ON CONFLICT (showtime_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER seat_claims_version_update AFTER UPDATE ON seat_claims
BEGIN
    INSERT INTO showtime_versions (showtime_id, version) VALUES (NEW.showtime_id, 1)
    ON CONFLICT (showtime_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER blocked_seats_version AFTER INSERT ON blocked_seats
BEGIN
    INSERT INTO showtime_versions (showtime_id, version) VALUES (NEW.showtime_id, 1)
    ON CONFLICT (showtime_id) DO UPDATE SET version = version + 1;
END;
