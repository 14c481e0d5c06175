-- A hold writes its order and its seat, and nothing else. Three foreign keys made every
-- hold lock other rows as well: each check takes FOR KEY SHARE on the parent row, which
-- writes that row's lock into its header (a page written, WAL logged), and many counters
-- holding seats of one showtime all lock the same showtime row (measured with pgbench on
-- the app's own hold call, 64 clients: 2,675 holds/s with the three keys, 4,229 without;
-- docs/PERFORMANCE.md). Each is replaced by a rule that costs nothing on the hot path:
--
-- * orders.showtime_id: every order is created in the same transaction as its first
--   claim, and a claim keeps its row (a released claim is kept, not deleted), so an
--   order's showtime is always referenced by a claim of that showtime, whose own foreign
--   key (kept) refuses the showtime's deletion. `boxoffice_hold` and the statements of
--   src/store/hold_sale_sql.rs take the order's seats only in the order's showtime.
-- * orders.user_id: accounts are disabled, never deleted; now the database refuses it.
-- * seat_claims.order_id: orders are cancelled or expired, never deleted; now the
--   database refuses it, and a claim is only ever written for an order the same
--   statement or function has just created or found a draft.
ALTER TABLE orders DROP CONSTRAINT orders_showtime_id_fkey;
ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;
ALTER TABLE seat_claims DROP CONSTRAINT seat_claims_order_id_fkey;

CREATE FUNCTION boxoffice_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'boxoffice: rows of % are never deleted (disable or cancel instead)', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION boxoffice_never_deleted();
CREATE TRIGGER orders_never_deleted BEFORE DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION boxoffice_never_deleted();

-- The hold of 0009 without its read before the write. The read answered a refusal
-- without writing, but every successful hold paid for it: under 64 clients the probe of
-- the seat's claim (a row rewritten by every hold of that seat) cost as much again as
-- the hold itself (pgbench on the app's hold call: 4,600 holds/s with the read, 6,500
-- without). Now the seats are claimed first, under an order number drawn from the
-- orders' sequence, and the order row is written only once every seat is taken. A
-- refusal raises (SQLSTATE BXH01) and the whole call rolls back: nothing it wrote is
-- kept and nothing waits for a flush to disk. The error's detail carries the seats that
-- were free, its hint says whether the rest are simply somebody else's hold or sale on
-- an open showtime ('taken'), so the counter is told at once, as 0009 did.
DROP FUNCTION boxoffice_hold(BIGINT, BIGINT, TEXT, BIGINT, BIGINT[], TIMESTAMPTZ, TIMESTAMPTZ);

CREATE FUNCTION boxoffice_hold(
    p_showtime BIGINT, p_user BIGINT, p_channel TEXT, p_order BIGINT,
    p_seats BIGINT[], p_now TIMESTAMPTZ, p_until TIMESTAMPTZ
) RETURNS TABLE (order_id BIGINT, extended BOOLEAN, created_at TIMESTAMPTZ, expires_at TIMESTAMPTZ,
                 order_expired BOOLEAN, got BIGINT[], taken BOOLEAN)
LANGUAGE plpgsql AS $$
DECLARE
    v_order BIGINT;
    v_new BOOLEAN := p_order IS NULL;
    v_extended BOOLEAN := FALSE;
    v_created TIMESTAMPTZ := p_now;
    v_expires TIMESTAMPTZ := p_until;
    v_got BIGINT[];
    v_taken BOOLEAN;
BEGIN
    IF v_new THEN
        v_order := nextval(pg_get_serial_sequence('orders', 'id'));
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
        -- Taken: the showtime is open and every seat not got is live in another order.
        SELECT EXISTS (SELECT 1 FROM showtimes st
                        WHERE st.id = p_showtime AND st.status = 'scheduled' AND st.starts_at > p_now)
           AND NOT EXISTS (SELECT 1 FROM unnest(p_seats) AS s
                            WHERE s <> ALL (v_got)
                              AND NOT EXISTS (SELECT 1 FROM seat_claims c
                                               WHERE c.showtime_id = p_showtime AND c.seat_id = s
                                                 AND c.order_id <> v_order
                                                 AND (c.state = 'sold' OR (c.state = 'held' AND c.held_until > p_now))))
          INTO v_taken;
        RAISE EXCEPTION USING ERRCODE = 'BXH01', MESSAGE = 'partial hold', DETAIL = v_got::TEXT,
              HINT = CASE WHEN v_taken THEN 'taken' ELSE 'unavailable' END;
    END IF;
    IF v_new THEN
        INSERT INTO orders (id, showtime_id, user_id, channel, created_at, expires_at)
        OVERRIDING SYSTEM VALUE VALUES (v_order, p_showtime, p_user, p_channel, p_now, p_until);
    END IF;
    RETURN QUERY SELECT v_order, v_extended, v_created, v_expires, FALSE, v_got, FALSE;
END $$;
