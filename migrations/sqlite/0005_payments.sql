-- See migrations/postgres/0006_payments.sql for the reasons; the same schema in SQLite.
ALTER TABLE orders ADD COLUMN paying_key TEXT;
ALTER TABLE orders ADD COLUMN paying_until TEXT;

ALTER TABLE payments ADD COLUMN card_last4 TEXT;
ALTER TABLE payments ADD COLUMN gateway_ref TEXT;

CREATE TABLE refunds (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    payment_id   INTEGER NOT NULL REFERENCES payments (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    method       TEXT NOT NULL CHECK (method IN ('cash', 'card', 'free')),
    reason       TEXT NOT NULL CHECK (length(reason) > 0),
    gateway_ref  TEXT,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    at           TEXT NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_at ON refunds (at);

ALTER TABLE tickets ADD COLUMN refund_id INTEGER REFERENCES refunds (id);
CREATE INDEX tickets_created ON tickets (created_at);

CREATE TABLE shifts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             INTEGER NOT NULL REFERENCES users (id),
    opened_at           TEXT NOT NULL,
    float_cents         INTEGER NOT NULL CHECK (float_cents >= 0),
    closed_at           TEXT,
    counted_cash_cents  INTEGER CHECK (counted_cash_cents >= 0),
    expected_cash_cents INTEGER,
    card_cents          INTEGER
);
CREATE UNIQUE INDEX shifts_one_open ON shifts (user_id) WHERE closed_at IS NULL;

CREATE TABLE ledger (
    seq          INTEGER PRIMARY KEY CHECK (seq > 0),
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    method       TEXT NOT NULL,
    order_id     INTEGER REFERENCES orders (id),
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    reference    TEXT NOT NULL,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX ledger_order ON ledger (order_id);
CREATE INDEX ledger_actor_at ON ledger (actor_id, at);

CREATE TABLE ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO ledger_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only: UPDATE refused');
END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only: DELETE refused');
END;
