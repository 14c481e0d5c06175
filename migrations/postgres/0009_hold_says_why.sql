-- The hold of 0008, cheaper on both of its paths:
-- * A refusal answered by the read of committed claims now also says whether the
--   showtime is open (`taken`): then every missing seat is somebody else's hold or sale,
--   and the counter can be told so without asking the database again why.
-- * All or nothing without a subtransaction: a partial hold raises an error that is not
--   caught here, so the whole call (the new order, the seats taken) rolls back with the
--   statement. The error (SQLSTATE BXH01) carries the seats that were free in its detail.
DROP FUNCTION boxoffice_hold(BIGINT, BIGINT, TEXT, BIGINT, BIGINT[], TIMESTAMPTZ, TIMESTAMPTZ);

CREATE FUNCTION boxoffice_hold(
    p_showtime BIGINT, p_user BIGINT, p_channel TEXT, p_order BIGINT,
    p_seats BIGINT[], p_now TIMESTAMPTZ, p_until TIMESTAMPTZ
) RETURNS TABLE (order_id BIGINT, extended BOOLEAN, created_at TIMESTAMPTZ, expires_at TIMESTAMPTZ,
                 order_expired BOOLEAN, got BIGINT[], taken BOOLEAN)
LANGUAGE plpgsql AS $$
DECLARE
    v_order BIGINT;
    v_extended BOOLEAN := FALSE;
    v_created TIMESTAMPTZ := p_now;
    v_expires TIMESTAMPTZ := p_until;
    v_got BIGINT[];
BEGIN
    IF p_order IS NULL THEN
        SELECT coalesce(array_agg(s), ARRAY[]::BIGINT[]) INTO v_got
          FROM unnest(p_seats) AS s
         WHERE NOT EXISTS (SELECT 1 FROM seat_claims c
                            WHERE c.showtime_id = p_showtime AND c.seat_id = s
                              AND (c.state = 'sold' OR (c.state = 'held' AND c.held_until > p_now)));
        IF cardinality(v_got) < cardinality(p_seats) THEN
            RETURN QUERY SELECT NULL::BIGINT, FALSE, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, FALSE, v_got,
                   EXISTS (SELECT 1 FROM showtimes st
                            WHERE st.id = p_showtime AND st.status = 'scheduled' AND st.starts_at > p_now);
            RETURN;
        END IF;
        INSERT INTO orders (showtime_id, user_id, channel, created_at, expires_at)
        VALUES (p_showtime, p_user, p_channel, p_now, p_until)
        RETURNING id INTO v_order;
    ELSE
        UPDATE orders o SET expires_at = o.expires_at
         WHERE o.id = p_order AND o.status = 'draft' AND o.expires_at > p_now AND o.showtime_id = p_showtime
        RETURNING o.id, o.extended, o.created_at, o.expires_at INTO v_order, v_extended, v_created, v_expires;
        IF v_order IS NULL THEN
            RETURN QUERY SELECT NULL::BIGINT, FALSE, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, TRUE, ARRAY[]::BIGINT[], FALSE;
            RETURN;
        END IF;
    END IF;
    WITH claimed AS (
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
    SELECT coalesce(array_agg(claimed.seat_id), ARRAY[]::BIGINT[]) INTO v_got FROM claimed;
    IF cardinality(v_got) < cardinality(p_seats) THEN
        RAISE EXCEPTION USING ERRCODE = 'BXH01', MESSAGE = 'partial hold', DETAIL = v_got::TEXT;
    END IF;
    RETURN QUERY SELECT v_order, v_extended, v_created, v_expires, FALSE, v_got, FALSE;
END $$;
