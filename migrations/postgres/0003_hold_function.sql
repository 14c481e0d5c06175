-- A hold in one round trip. The application's hold is a transaction of several
-- statements; under load each round trip keeps the seat rows locked while the client
-- is busy elsewhere, and every terminal wanting those seats queues behind it. This
-- function does the same work (the statements of src/store/booking_sql.rs) inside the
-- server: all seats or none, seats taken in id order, a partial take rolled back.
-- It returns the order (NULL when nothing was held) and the seats that could be taken.
CREATE FUNCTION boxoffice_hold(
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
