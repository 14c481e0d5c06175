-- A ticket type's discount may be a share of the base price instead of an amount
-- (`boxoffice price discount student 20%`). One of the two is used: setting either sets
-- the other to zero.
ALTER TABLE ticket_types ADD COLUMN discount_percent INTEGER NOT NULL DEFAULT 0
    CHECK (discount_percent >= 0 AND discount_percent <= 100);
