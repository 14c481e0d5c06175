-- Staff may log in over SSH with a public key listed for their account.
CREATE TABLE ssh_public_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- OpenSSH's SHA256:... form; a key belongs to one account.
    fingerprint TEXT NOT NULL UNIQUE,
    public_key  TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL
);
CREATE INDEX ssh_public_keys_user ON ssh_public_keys (user_id);
