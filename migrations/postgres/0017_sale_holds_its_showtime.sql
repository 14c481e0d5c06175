-- A sale checks, under a shared lock on its showtime's row, that the showtime is still
-- on. Before, a sale whose order was held before a cancel could commit just after the
-- cancel had listed the tickets to refund: a valid, paid ticket for a cancelled show,
-- refunded by nobody. Now a cancel (and a move, which refuses a showtime with tickets)
-- waits for the sales under way, and a later sale is refused
-- ('boxoffice: showtime_cancelled'; everything rolls back, a card charge is voided).
-- The rest of the function is 0016's, unchanged.
CREATE OR REPLACE FUNCTION boxoffice_sell(
    p_order BIGINT, p_user BIGINT, p_now TIMESTAMPTZ, p_total BIGINT, p_lease TEXT,
    p_seats BIGINT[], p_types TEXT[], p_prices BIGINT[], p_codes TEXT[],
    p_method TEXT, p_tendered BIGINT, p_change BIGINT, p_last4 TEXT, p_gateway_ref TEXT,
    l_at TIMESTAMPTZ[], l_kind TEXT[], l_amount BIGINT[], l_currency TEXT[], l_method TEXT[],
    l_order BIGINT[], l_actor BIGINT[], l_reference TEXT[], l_detail TEXT[],
    p_needs_shift BOOLEAN
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
    -- Held shared until the sale commits: a cancel (or a move) updates this row, so it
    -- waits for the sale and then sees its tickets; a sale that comes after a cancel
    -- finds the showtime cancelled.
    PERFORM 1 FROM showtimes st WHERE st.id = v_showtime AND st.status = 'scheduled' FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'boxoffice: showtime_cancelled';
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
    -- Under the ledger's lock, as a shift's close takes it: this statement sees a close
    -- that committed while the sale waited, and then the cash would go into no drawer.
    IF p_needs_shift AND NOT EXISTS (SELECT 1 FROM shifts s WHERE s.user_id = p_user AND s.closed_at IS NULL) THEN
        RAISE EXCEPTION 'boxoffice: no_shift';
    END IF;
    RETURN QUERY SELECT u.i, u.c, u.s, v_showtime FROM unnest(v_ids, v_codes, v_seat_ids) AS u(i, c, s);
END $$;
