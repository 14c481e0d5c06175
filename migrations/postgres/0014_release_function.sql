-- A counter's release in one round trip, as 0003 did for the hold and 0007 for the sale:
-- the statements of `release` in src/store/booking_sql.rs (the reference, which SQLite
-- runs) in the same order with the same locks. The order's claims are locked in seat
-- order first (a sale of the same order locks them in that order too, so the two never
-- deadlock); then the order's status is read, and under READ COMMITTED each statement of
-- a function sees what committed before it began, so a sale that committed while this
-- call waited for the locks is seen and the paid order is left alone; then the holds
-- are given back. Returns how many seats were given back, or -1 when the order is paid.
CREATE FUNCTION boxoffice_release(p_order BIGINT, p_seats BIGINT[], p_now TIMESTAMPTZ)
RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    v_released BIGINT;
BEGIN
    PERFORM 1 FROM seat_claims c WHERE c.order_id = p_order ORDER BY c.showtime_id, c.seat_id FOR UPDATE;
    IF EXISTS (SELECT 1 FROM orders o WHERE o.id = p_order AND o.status = 'paid') THEN
        RETURN -1;
    END IF;
    UPDATE seat_claims c SET state = 'released'
     WHERE c.state = 'held' AND c.order_id = p_order AND c.held_until > p_now
       AND (p_seats IS NULL OR c.seat_id = ANY (p_seats));
    GET DIAGNOSTICS v_released = ROW_COUNT;
    RETURN v_released;
END $$;
