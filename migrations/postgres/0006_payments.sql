-- Payments by card, refunds, shifts and the tamper-evident ledger.

-- A card payment in progress leases its order, so a second terminal paying the same
-- order is refused before the bank is called (one charge, one set of tickets).
ALTER TABLE orders ADD COLUMN paying_key TEXT;
ALTER TABLE orders ADD COLUMN paying_until TIMESTAMPTZ;

ALTER TABLE payments ADD COLUMN card_last4 TEXT;
-- The bank's reference of the charge, needed to refund through the same method.
ALTER TABLE payments ADD COLUMN gateway_ref TEXT;

CREATE TABLE refunds (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     BIGINT NOT NULL REFERENCES orders (id),
    payment_id   BIGINT NOT NULL REFERENCES payments (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    method       TEXT NOT NULL CHECK (method IN ('cash', 'card', 'free')),
    reason       TEXT NOT NULL CHECK (length(reason) > 0),
    gateway_ref  TEXT,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_at ON refunds (at);

ALTER TABLE tickets ADD COLUMN refund_id BIGINT REFERENCES refunds (id);
CREATE INDEX tickets_created ON tickets (created_at);

-- A cashier's drawer: opened with a float, closed with a blind count.
CREATE TABLE shifts (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id             BIGINT NOT NULL REFERENCES users (id),
    opened_at           TIMESTAMPTZ NOT NULL,
    float_cents         BIGINT NOT NULL CHECK (float_cents >= 0),
    closed_at           TIMESTAMPTZ,
    counted_cash_cents  BIGINT CHECK (counted_cash_cents >= 0),
    expected_cash_cents BIGINT,
    card_cents          BIGINT
);
CREATE UNIQUE INDEX shifts_one_open ON shifts (user_id) WHERE closed_at IS NULL;

-- Every financial event, in order. Each row carries the hash of the one before it, so a
-- changed, removed or inserted row breaks the chain; `boxoffice audit verify` walks it.
CREATE TABLE ledger (
    seq          BIGINT PRIMARY KEY CHECK (seq > 0),
    at           TIMESTAMPTZ NOT NULL,
    kind         TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    method       TEXT NOT NULL,
    order_id     BIGINT REFERENCES orders (id),
    actor_id     BIGINT NOT NULL REFERENCES users (id),
    reference    TEXT NOT NULL,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX ledger_order ON ledger (order_id);
CREATE INDEX ledger_actor_at ON ledger (actor_id, at);

-- The chain's tip. Appending locks this one row, so appends queue and never fork the
-- chain; it is taken last in every transaction, so it cannot deadlock with seat locks.
CREATE TABLE ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO ledger_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON ledger
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();
