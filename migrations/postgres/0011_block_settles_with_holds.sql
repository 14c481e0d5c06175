-- Blocking a seat for a showtime and holding it are settled under one lock per seat, so
-- under READ COMMITTED a seat can never end up both held and blocked. A hold takes the
-- seat's lock shared (holds of different seats, and of the same seat, never wait on each
-- other through it: the claim row's own lock settles those), then looks for a block with
-- a snapshot taken after the lock; a block takes it exclusively, so it waits for every
-- hold of the seat in flight and then sees them committed. The key packs showtime and
-- seat into one bigint, the same expression as `block_seat` in src/store/booking_sql.rs.
CREATE FUNCTION seat_claim_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared((NEW.showtime_id << 31) # NEW.seat_id);
    IF EXISTS (SELECT 1 FROM blocked_seats b
                WHERE b.showtime_id = NEW.showtime_id AND b.seat_id = NEW.seat_id) THEN
        -- Skipped, not raised: the hold then finds the seat missing and refuses it by name.
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER seat_claims_not_blocked BEFORE INSERT OR UPDATE ON seat_claims
    FOR EACH ROW WHEN (NEW.state = 'held') EXECUTE FUNCTION seat_claim_not_blocked();
