-- Accounts and personal data live apart: business tables reference users(id) only, so a
-- customer's profile can be erased without touching a ticket, payment or ledger row.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL CHECK (btrim(username) <> ''),
    username_key  TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('manager', 'cashier', 'customer')),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE user_profiles (
    user_id   BIGINT PRIMARY KEY REFERENCES users (id),
    full_name TEXT,
    email     TEXT,
    phone     TEXT
);

CREATE TABLE halls (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL CHECK (btrim(name) <> '' AND name = btrim(name)),
    -- Case-folded by the application (Unicode-aware), so both stores agree on uniqueness.
    name_key   TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Seats go with their hall, which can only be deleted while no showtime refers to it.
CREATE TABLE seats (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hall_id   BIGINT NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    row_label TEXT NOT NULL CHECK (row_label ~ '^[A-Z]{1,2}$'),
    number    INTEGER NOT NULL CHECK (number BETWEEN 1 AND 60),
    kind      TEXT NOT NULL CHECK (kind IN ('standard', 'premium', 'wheelchair', 'companion')),
    grid_row  INTEGER NOT NULL CHECK (grid_row >= 0),
    grid_col  INTEGER NOT NULL CHECK (grid_col >= 0),
    broken    BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (hall_id, row_label, number),
    UNIQUE (hall_id, grid_row, grid_col)
);
CREATE INDEX seats_hall ON seats (hall_id);

CREATE TABLE movies (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           TEXT NOT NULL CHECK (btrim(title) <> ''),
    runtime_minutes INTEGER NOT NULL CHECK (runtime_minutes > 0),
    rating          TEXT,
    genre           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A showtime occupies its hall over [starts_at, occupied_until): film, ads and cleaning.
-- Two scheduled showtimes of one hall never overlap, whoever inserts them.
CREATE TABLE showtimes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    movie_id       BIGINT NOT NULL REFERENCES movies (id) ON DELETE RESTRICT,
    hall_id        BIGINT NOT NULL REFERENCES halls (id) ON DELETE RESTRICT,
    starts_at      TIMESTAMPTZ NOT NULL,
    occupied_until TIMESTAMPTZ NOT NULL,
    price_cents    BIGINT NOT NULL CHECK (price_cents >= 0),
    status         TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (occupied_until > starts_at),
    CONSTRAINT showtimes_no_overlap EXCLUDE USING gist (
        hall_id WITH =,
        tstzrange(starts_at, occupied_until, '[)') WITH &&
    ) WHERE (status = 'scheduled')
);
CREATE INDEX showtimes_starts ON showtimes (starts_at);
CREATE INDEX showtimes_movie ON showtimes (movie_id);
