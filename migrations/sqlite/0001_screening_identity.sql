-- Times are stored as RFC 3339 text in UTC written by the application (always "+00:00"),
-- so comparing them as text compares them in time. SQL never computes a time here.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL CHECK (trim(username) <> ''),
    username_key  TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('manager', 'cashier', 'customer')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until  TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
);

CREATE TABLE user_profiles (
    user_id   INTEGER PRIMARY KEY REFERENCES users (id),
    full_name TEXT,
    email     TEXT,
    phone     TEXT
);

CREATE TABLE halls (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL CHECK (trim(name) <> '' AND name = trim(name)),
    name_key   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
);

CREATE TABLE seats (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    hall_id   INTEGER NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    row_label TEXT NOT NULL CHECK (length(row_label) BETWEEN 1 AND 2 AND row_label GLOB '[A-Z]*' AND row_label NOT GLOB '*[^A-Z]*'),
    number    INTEGER NOT NULL CHECK (number BETWEEN 1 AND 60),
    kind      TEXT NOT NULL CHECK (kind IN ('standard', 'premium', 'wheelchair', 'companion')),
    grid_row  INTEGER NOT NULL CHECK (grid_row >= 0),
    grid_col  INTEGER NOT NULL CHECK (grid_col >= 0),
    broken    INTEGER NOT NULL DEFAULT 0 CHECK (broken IN (0, 1)),
    UNIQUE (hall_id, row_label, number),
    UNIQUE (hall_id, grid_row, grid_col)
);
CREATE INDEX seats_hall ON seats (hall_id);

CREATE TABLE movies (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT NOT NULL CHECK (trim(title) <> ''),
    runtime_minutes INTEGER NOT NULL CHECK (runtime_minutes > 0),
    rating          TEXT,
    genre           TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
);

CREATE TABLE showtimes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    movie_id       INTEGER NOT NULL REFERENCES movies (id) ON DELETE RESTRICT,
    hall_id        INTEGER NOT NULL REFERENCES halls (id) ON DELETE RESTRICT,
    starts_at      TEXT NOT NULL,
    occupied_until TEXT NOT NULL,
    price_cents    INTEGER NOT NULL CHECK (price_cents >= 0),
    status         TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')),
    CHECK (occupied_until > starts_at)
);
CREATE INDEX showtimes_starts ON showtimes (starts_at);
CREATE INDEX showtimes_movie ON showtimes (movie_id);
CREATE INDEX showtimes_hall ON showtimes (hall_id, starts_at);

-- SQLite has no exclusion constraint: these triggers refuse an overlapping scheduled
-- showtime inside the writing statement's own transaction (writes begin IMMEDIATE).
CREATE TRIGGER showtimes_no_overlap_insert
BEFORE INSERT ON showtimes
WHEN NEW.status = 'scheduled' AND EXISTS (
    SELECT 1 FROM showtimes s
     WHERE s.hall_id = NEW.hall_id AND s.status = 'scheduled'
       AND s.starts_at < NEW.occupied_until AND NEW.starts_at < s.occupied_until)
BEGIN
    SELECT RAISE(ABORT, 'showtimes_no_overlap');
END;

CREATE TRIGGER showtimes_no_overlap_update
BEFORE UPDATE OF hall_id, starts_at, occupied_until, status ON showtimes
WHEN NEW.status = 'scheduled' AND EXISTS (
    SELECT 1 FROM showtimes s
     WHERE s.id <> NEW.id AND s.hall_id = NEW.hall_id AND s.status = 'scheduled'
       AND s.starts_at < NEW.occupied_until AND NEW.starts_at < s.occupied_until)
BEGIN
    SELECT RAISE(ABORT, 'showtimes_no_overlap');
END;
