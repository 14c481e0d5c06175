-- A sale and a ledger append, each in one round trip (see 0003 for the hold).
--
-- Every sale appends to the ledger, whose head row is locked until the sale commits:
-- done from the client, each round trip of the sale (and there are about ten) would keep
-- the head and the order's seats locked while the client is busy, and every sale of every
-- showtime would queue behind it. Inside the server the lock is held for microseconds.
--
-- The hash is the one of src/payment/model.rs (`chain_hash`): SHA-256 over each field,
-- length-prefixed as "<bytes>:<text>;", in this order: seq, time (UTC, microseconds),
-- kind, amount, currency, method, order (empty when none), actor, reference, detail, and
-- the previous row's hash. `boxoffice audit verify` recomputes it in Rust, so the two can
-- never silently disagree.

CREATE FUNCTION boxoffice_field(v TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$ SELECT octet_length(v)::TEXT || ':' || v || ';' $$;

CREATE FUNCTION boxoffice_ledger_append(
    p_at TIMESTAMPTZ[], p_kind TEXT[], p_amount BIGINT[], p_currency TEXT[], p_method TEXT[],
    p_order BIGINT[], p_actor BIGINT[], p_reference TEXT[], p_detail TEXT[]
) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
    v_seq BIGINT;
    v_prev TEXT;
    v_hash TEXT;
BEGIN
    IF coalesce(cardinality(p_at), 0) = 0 THEN
        RETURN;
    END IF;
    SELECT seq, hash INTO v_seq, v_prev FROM ledger_head WHERE id = 1 FOR UPDATE;
    FOR i IN 1 .. cardinality(p_at) LOOP
        v_seq := v_seq + 1;
        v_hash := encode(sha256(convert_to(
            boxoffice_field(v_seq::TEXT)
            || boxoffice_field(to_char(p_at[i] AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            || boxoffice_field(p_kind[i])
            || boxoffice_field(p_amount[i]::TEXT)
            || boxoffice_field(p_currency[i])
            || boxoffice_field(p_method[i])
            || boxoffice_field(coalesce(p_order[i]::TEXT, ''))
            || boxoffice_field(p_actor[i]::TEXT)
            || boxoffice_field(p_reference[i])
            || boxoffice_field(p_detail[i])
            || boxoffice_field(v_prev), 'UTF8')), 'hex');
        INSERT INTO ledger (seq, at, kind, amount_cents, currency, method, order_id, actor_id,
                            reference, detail, prev_hash, hash)
        VALUES (v_seq, p_at[i], p_kind[i], p_amount[i], p_currency[i], p_method[i], p_order[i],
                p_actor[i], p_reference[i], p_detail[i], v_prev, v_hash);
        v_prev := v_hash;
    END LOOP;
    UPDATE ledger_head SET seq = v_seq, hash = v_prev WHERE id = 1;
END $$;

-- The statements of `sell` in src/store/booking_sql.rs, in the same order and with the
-- same locks. A refusal raises 'boxoffice: <why>' (everything is rolled back); a seat
-- somebody else holds a valid ticket for raises the unique violation of tickets.
CREATE FUNCTION boxoffice_sell(
    p_order BIGINT, p_user BIGINT, p_now TIMESTAMPTZ, p_total BIGINT, p_lease TEXT,
    p_seats BIGINT[], p_types TEXT[], p_prices BIGINT[], p_codes TEXT[],
    p_method TEXT, p_tendered BIGINT, p_change BIGINT, p_last4 TEXT, p_gateway_ref TEXT,
    l_at TIMESTAMPTZ[], l_kind TEXT[], l_amount BIGINT[], l_currency TEXT[], l_method TEXT[],
    l_order BIGINT[], l_actor BIGINT[], l_reference TEXT[], l_detail TEXT[]
) RETURNS TABLE (ticket_id BIGINT, code TEXT, seat_id BIGINT, showtime_id BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    v_showtime BIGINT;
    v_status TEXT;
    v_expires TIMESTAMPTZ;
    v_sold INTEGER;
    v_ids BIGINT[];
    v_codes TEXT[];
    v_seat_ids BIGINT[];
BEGIN
    UPDATE orders o SET status = 'paid', total_cents = p_total, paid_at = p_now,
                        paying_key = NULL, paying_until = NULL
     WHERE o.id = p_order AND o.status = 'draft' AND o.expires_at > p_now
       AND (o.paying_key IS NULL OR o.paying_until <= p_now OR o.paying_key = p_lease)
    RETURNING o.showtime_id INTO v_showtime;
    IF v_showtime IS NULL THEN
        SELECT o.status, o.expires_at INTO v_status, v_expires FROM orders o WHERE o.id = p_order;
        IF v_status IS NULL THEN
            RAISE EXCEPTION 'boxoffice: not_found';
        ELSIF v_status = 'draft' AND v_expires <= p_now THEN
            RAISE EXCEPTION 'boxoffice: expired';
        ELSIF v_status = 'draft' THEN
            RAISE EXCEPTION 'boxoffice: in_progress';
        ELSE
            RAISE EXCEPTION 'boxoffice: %', v_status;
        END IF;
    END IF;
    PERFORM 1 FROM seat_claims c WHERE c.order_id = p_order ORDER BY c.showtime_id, c.seat_id FOR UPDATE;
    UPDATE seat_claims c SET state = 'sold'
     WHERE c.state = 'held' AND c.order_id = p_order AND c.held_until > p_now AND c.seat_id = ANY (p_seats);
    GET DIAGNOSTICS v_sold = ROW_COUNT;
    IF v_sold <> cardinality(p_seats) THEN
        RAISE EXCEPTION 'boxoffice: expired';
    END IF;
    INSERT INTO order_lines (order_id, seat_id, ticket_type, price_cents)
    SELECT p_order, u.s, u.t, u.p FROM unnest(p_seats, p_types, p_prices) AS u(s, t, p);
    WITH made AS (
        INSERT INTO tickets (code, order_id, showtime_id, seat_id, ticket_type, price_cents, sold_by, created_at)
        SELECT u.c, p_order, v_showtime, u.s, u.t, u.p, p_user, p_now
          FROM unnest(p_codes, p_seats, p_types, p_prices) AS u(c, s, t, p)
        RETURNING tickets.id, tickets.code, tickets.seat_id)
    SELECT array_agg(made.id), array_agg(made.code), array_agg(made.seat_id)
      INTO v_ids, v_codes, v_seat_ids FROM made;
    INSERT INTO payments (order_id, method, amount_cents, tendered_cents, change_cents, status, user_id,
                          created_at, card_last4, gateway_ref)
    VALUES (p_order, p_method, p_total, p_tendered, p_change, 'succeeded', p_user, p_now, p_last4, p_gateway_ref);
    PERFORM boxoffice_ledger_append(l_at, l_kind, l_amount, l_currency, l_method, l_order, l_actor,
                                    l_reference, l_detail);
    RETURN QUERY SELECT u.i, u.c, u.s, v_showtime FROM unnest(v_ids, v_codes, v_seat_ids) AS u(i, c, s);
END $$;
