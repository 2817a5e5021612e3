-- Answers users give before rating (typed or transcribed), their own reference answers, and the
-- per-day count of model calls behind the per-user limit. Rows go with the user (/forget).

CREATE TABLE answer_attempts (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    question_id     TEXT    NOT NULL,
    answer_text     TEXT    NOT NULL,               -- every part, joined; transcripts for voice
    parts           INTEGER NOT NULL DEFAULT 1,     -- messages that made the answer
    source          TEXT    NOT NULL,               -- text | voice | mixed
    grader          TEXT    NOT NULL,               -- offline | llm | none
    score           REAL,                           -- 0..1; NULL when it could not be graded
    covered         TEXT    NOT NULL DEFAULT '[]',  -- JSON list of key points
    missed          TEXT    NOT NULL DEFAULT '[]',  -- JSON list of key points
    suggested_rating INTEGER CHECK (suggested_rating BETWEEN 1 AND 4),
    chosen_rating   INTEGER CHECK (chosen_rating BETWEEN 1 AND 4),  -- the user's own tap
    created_at      TEXT    NOT NULL,               -- UTC ISO-8601
    updated_at      TEXT    NOT NULL,
    rated_at        TEXT
);
CREATE INDEX answer_attempts_user_question ON answer_attempts (user_id, question_id, created_at);

CREATE TABLE user_answers (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    question_id     TEXT    NOT NULL,
    answer_text     TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (user_id, question_id)
) WITHOUT ROWID;

CREATE TABLE model_usage (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    local_date      TEXT    NOT NULL,               -- the user's calendar day
    calls           INTEGER NOT NULL,
    PRIMARY KEY (user_id, local_date)
) WITHOUT ROWID;
