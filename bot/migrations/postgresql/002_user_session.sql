-- The question a user is on, and the UTC instant of their next daily push (kept in step by the app).

ALTER TABLE users ADD COLUMN current_question_id TEXT;
ALTER TABLE users ADD COLUMN current_local_date TEXT;
ALTER TABLE users ADD COLUMN next_push_at TEXT;
CREATE INDEX users_next_push ON users (next_push_at) WHERE active = 1 AND paused = 0;
