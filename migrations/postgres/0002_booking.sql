-- The local operator (the command line without --user) is an account like any other, so
-- every business row can name its acting user by id. It can never log in.
INSERT INTO users (username, username_key, role, password_hash)
VALUES ('operator', 'operator', 'manager', '!');

-- What a ticket type takes off the showtime's base price, and what a seat kind adds.
CREATE TABLE ticket_types (
    code           TEXT PRIMARY KEY CHECK (code IN ('adult', 'child', 'senior', 'student')),
    discount_cents BIGINT NOT NULL DEFAULT 0 CHECK (discount_cents >= 0)
);
INSERT INTO ticket_types (code, discount_cents) VALUES
    ('adult', 0), ('child', 300), ('senior', 200), ('student', 150);

CREATE TABLE seat_surcharges (
    kind            TEXT PRIMARY KEY CHECK (kind IN ('standard', 'premium', 'wheelchair', 'companion')),
    surcharge_cents BIGINT NOT NULL DEFAULT 0 CHECK (surcharge_cents >= 0)
);
INSERT INTO seat_surcharges (kind, surcharge_cents) VALUES
    ('standard', 0), ('premium', 300), ('wheelchair', 0), ('companion', 0);

-- Seats taken out of sale for one showtime only.
CREATE TABLE blocked_seats (
    showtime_id BIGINT NOT NULL REFERENCES showtimes (id),
    seat_id     BIGINT NOT NULL REFERENCES seats (id),
    blocked_by  BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (showtime_id, seat_id)
);

-- An order owns its seats while it is a draft (the seed's SeatLock) and becomes paid,
-- cancelled or expired. Tickets come only from a paid order.
CREATE TABLE orders (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    showtime_id BIGINT NOT NULL REFERENCES showtimes (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    channel     TEXT NOT NULL CHECK (channel IN ('counter', 'kiosk')),
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'paid', 'cancelled', 'expired')),
    extended    BOOLEAN NOT NULL DEFAULT FALSE,
    total_cents BIGINT CHECK (total_cents >= 0),
    created_at  TIMESTAMPTZ NOT NULL,
    -- When the order's holds lapse; every seat it holds shares it.
    expires_at  TIMESTAMPTZ NOT NULL,
    paid_at     TIMESTAMPTZ
);
CREATE INDEX orders_user ON orders (user_id, created_at);
CREATE INDEX orders_showtime ON orders (showtime_id);

-- One row per (showtime, seat) ever claimed: the seat is held by an order until
-- held_until, sold, or released. Taking a seat is one conditional upsert on this key, so
-- two terminals can never both hold it; an expired hold is taken over in place.
CREATE TABLE seat_claims (
    showtime_id BIGINT NOT NULL REFERENCES showtimes (id),
    seat_id     BIGINT NOT NULL REFERENCES seats (id),
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    state       TEXT NOT NULL CHECK (state IN ('held', 'sold', 'released')),
    held_until  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (showtime_id, seat_id)
);
CREATE INDEX seat_claims_order ON seat_claims (order_id);

-- The price of each line is frozen at sale time.
CREATE TABLE order_lines (
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    seat_id     BIGINT NOT NULL REFERENCES seats (id),
    ticket_type TEXT NOT NULL REFERENCES ticket_types (code),
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    PRIMARY KEY (order_id, seat_id)
);

CREATE TABLE payments (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id       BIGINT NOT NULL REFERENCES orders (id),
    method         TEXT NOT NULL CHECK (method IN ('cash', 'card', 'free')),
    amount_cents   BIGINT NOT NULL CHECK (amount_cents >= 0),
    tendered_cents BIGINT CHECK (tendered_cents >= 0),
    change_cents   BIGINT CHECK (change_cents >= 0),
    status         TEXT NOT NULL CHECK (status IN ('succeeded', 'refunded')),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

-- Ownership of a seat for a showtime. Whatever the code above does, the database
-- holds at most one valid ticket per seat and showtime.
CREATE TABLE tickets (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    order_id     BIGINT NOT NULL REFERENCES orders (id),
    showtime_id  BIGINT NOT NULL REFERENCES showtimes (id),
    seat_id      BIGINT NOT NULL REFERENCES seats (id),
    ticket_type  TEXT NOT NULL REFERENCES ticket_types (code),
    price_cents  BIGINT NOT NULL CHECK (price_cents >= 0),
    status       TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'refunded')),
    sold_by      BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    refunded_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX tickets_one_valid_per_seat ON tickets (showtime_id, seat_id) WHERE status = 'valid';
CREATE INDEX tickets_order ON tickets (order_id);

-- Manager actions on someone else's hold, and other booking events worth keeping.
CREATE TABLE booking_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    action      TEXT NOT NULL,
    order_id    BIGINT REFERENCES orders (id),
    detail      TEXT NOT NULL
);

-- The live feed uses LISTEN/NOTIFY, but not from a trigger: a notifying transaction takes
-- a cluster-wide lock at commit, which would serialise every hold. Each process instead
-- sends one notification per changed showtime and batch, after its commits.
