-- See migrations/postgres/0004_activity.sql.
CREATE TABLE activity_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    user_id  INTEGER REFERENCES users (id),
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX activity_log_user ON activity_log (user_id, at);
