-- The ledger's head only moves forward, to a row that exists: rewinding it to hide rows
-- cut off the end (with the ledger's own triggers turned off) is refused as long as this
-- trigger stands, and `audit verify --anchor` catches it when it does not.
CREATE FUNCTION ledger_head_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the ledger head cannot be deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id <> OLD.id OR NEW.seq <= OLD.seq
       OR NOT EXISTS (SELECT 1 FROM ledger WHERE seq = NEW.seq AND hash = NEW.hash) THEN
        RAISE EXCEPTION 'the ledger head only moves forward, to the last row written'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_head_forward BEFORE UPDATE OR DELETE ON ledger_head
    FOR EACH ROW EXECUTE FUNCTION ledger_head_moves_forward();
CREATE TRIGGER ledger_head_no_truncate BEFORE TRUNCATE ON ledger_head
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();
