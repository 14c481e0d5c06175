-- Who did what, beyond the business rows themselves: logins, failures, lockouts,
-- account changes. user_id is the account acted on (NULL for an unknown username).
CREATE TABLE activity_log (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    user_id  BIGINT REFERENCES users (id),
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX activity_log_user ON activity_log (user_id, at);
