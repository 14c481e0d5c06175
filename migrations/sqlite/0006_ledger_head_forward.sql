-- The ledger's head only moves forward, to a row that exists: rewinding it to hide rows
-- cut off the end is refused, and `audit verify --anchor` catches a file edited by hand.
CREATE TRIGGER ledger_head_forward BEFORE UPDATE ON ledger_head
WHEN NEW.id <> OLD.id OR NEW.seq <= OLD.seq
     OR NOT EXISTS (SELECT 1 FROM ledger WHERE seq = NEW.seq AND hash = NEW.hash)
BEGIN
    SELECT RAISE(ABORT, 'the ledger head only moves forward, to the last row written');
END;
CREATE TRIGGER ledger_head_no_delete BEFORE DELETE ON ledger_head
BEGIN
    SELECT RAISE(ABORT, 'the ledger head cannot be deleted');
END;
