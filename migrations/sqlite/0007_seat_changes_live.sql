-- A seat broken or mended, and a block lifted, reach open seat grids in other processes
-- as a claim does: the showtime's version moves, and their feeds poll it.
CREATE TRIGGER seats_broken_version AFTER UPDATE OF broken ON seats
BEGIN
    INSERT INTO showtime_versions (showtime_id, version)
    SELECT id, 1 FROM showtimes WHERE hall_id = NEW.hall_id AND status = 'scheduled'
    ON CONFLICT (showtime_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER blocked_seats_version_delete AFTER DELETE ON blocked_seats
BEGIN
    INSERT INTO showtime_versions (showtime_id, version) VALUES (OLD.showtime_id, 1)
    ON CONFLICT (showtime_id) DO UPDATE SET version = version + 1;
END;
