-- The hold of 0003, answering the common refusal first: a seat that is sold or held by
-- a live hold is refused by a read of committed rows, before any order is inserted or
-- seat row locked. A seat that looks free still goes through the conditional upsert,
-- which alone decides (two terminals can both see it free; one of them gets it).
CREATE OR REPLACE FUNCTION boxoffice_hold(
    p_showtime BIGINT, p_user BIGINT, p_channel TEXT, p_order BIGINT,
    p_seats BIGINT[], p_now TIMESTAMPTZ, p_until TIMESTAMPTZ
) RETURNS TABLE (order_id BIGINT, extended BOOLEAN, created_at TIMESTAMPTZ, expires_at TIMESTAMPTZ,
                 order_expired BOOLEAN, got BIGINT[])
LANGUAGE plpgsql AS $$
DECLARE
    v_order BIGINT;
    v_extended BOOLEAN := FALSE;
    v_created TIMESTAMPTZ := p_now;
    v_expires TIMESTAMPTZ := p_until;
    v_got BIGINT[];
BEGIN
    -- Most refusals are seats somebody already has: answer those from what is committed,
    -- without writing, waiting for a row lock, or opening a subtransaction. (Adding to an
    -- order first checks the order, below.)
    IF p_order IS NULL THEN
        SELECT coalesce(array_agg(s), ARRAY[]::BIGINT[]) INTO v_got
          FROM unnest(p_seats) AS s
         WHERE NOT EXISTS (SELECT 1 FROM seat_claims c
                            WHERE c.showtime_id = p_showtime AND c.seat_id = s
                              AND (c.state = 'sold' OR (c.state = 'held' AND c.held_until > p_now)));
        IF cardinality(v_got) < cardinality(p_seats) THEN
            RETURN QUERY SELECT NULL::BIGINT, FALSE, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, FALSE, v_got;
            RETURN;
        END IF;
    END IF;
    BEGIN
        IF p_order IS NULL THEN
            INSERT INTO orders (showtime_id, user_id, channel, created_at, expires_at)
            VALUES (p_showtime, p_user, p_channel, p_now, p_until)
            RETURNING id INTO v_order;
        ELSE
            UPDATE orders o SET expires_at = o.expires_at
             WHERE o.id = p_order AND o.status = 'draft' AND o.expires_at > p_now AND o.showtime_id = p_showtime
            RETURNING o.id, o.extended, o.created_at, o.expires_at INTO v_order, v_extended, v_created, v_expires;
            IF v_order IS NULL THEN
                RETURN QUERY SELECT NULL::BIGINT, FALSE, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, TRUE, ARRAY[]::BIGINT[];
                RETURN;
            END IF;
        END IF;
        WITH taken AS (
            INSERT INTO seat_claims (showtime_id, seat_id, order_id, state, held_until)
            SELECT st.id, s.id, v_order, 'held', v_expires
              FROM showtimes st JOIN seats s ON s.hall_id = st.hall_id
             WHERE st.id = p_showtime AND st.status = 'scheduled' AND st.starts_at > p_now
               AND NOT s.broken
               AND NOT EXISTS (SELECT 1 FROM blocked_seats b WHERE b.showtime_id = st.id AND b.seat_id = s.id)
               AND s.id = ANY (p_seats)
             ORDER BY s.id
            ON CONFLICT (showtime_id, seat_id) DO UPDATE SET order_id = excluded.order_id,
                   state = 'held', held_until = excluded.held_until
             WHERE seat_claims.state = 'released'
                OR (seat_claims.state = 'held' AND seat_claims.held_until <= p_now)
            RETURNING seat_claims.seat_id)
        SELECT coalesce(array_agg(taken.seat_id), ARRAY[]::BIGINT[]) INTO v_got FROM taken;
        IF cardinality(v_got) < cardinality(p_seats) THEN
            RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'partial hold', DETAIL = v_got::TEXT;
        END IF;
    EXCEPTION WHEN SQLSTATE 'P0001' THEN
        -- The block's changes (the order, the seats taken) are undone.
        RETURN QUERY SELECT NULL::BIGINT, FALSE, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, FALSE, v_got;
        RETURN;
    END;
    RETURN QUERY SELECT v_order, v_extended, v_created, v_expires, FALSE, v_got;
END $$;
