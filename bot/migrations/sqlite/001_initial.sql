-- Users, their FSRS card state, every review, what was shown each day, and daily deliveries.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,               -- telegram | slack | console
    external_id     TEXT    NOT NULL,               -- the channel's user id
    chat_id         TEXT,                           -- where to send (Telegram chat, Slack DM)
    display_name    TEXT,
    timezone        TEXT    NOT NULL,
    push_time       TEXT    NOT NULL,               -- HH:MM local
    paused          INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1,     -- 0 once the channel says the user is gone
    language        TEXT,
    topics          TEXT,                           -- JSON list of topic ids; NULL = all
    created_at      TEXT    NOT NULL,               -- UTC ISO-8601
    UNIQUE (channel, external_id)
);

CREATE TABLE cards (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    question_id     TEXT    NOT NULL,
    state           INTEGER NOT NULL,               -- fsrs.State
    step            INTEGER,
    stability       REAL,
    difficulty      REAL,
    due             TEXT    NOT NULL,               -- UTC ISO-8601
    last_review     TEXT,
    reps            INTEGER NOT NULL DEFAULT 0,
    lapses          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, question_id)
) WITHOUT ROWID;
CREATE INDEX cards_user_due ON cards (user_id, due);

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    question_id     TEXT    NOT NULL,
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at     TEXT    NOT NULL,               -- UTC ISO-8601
    local_date      TEXT    NOT NULL,               -- the user's calendar day of the review
    revealed        INTEGER NOT NULL                -- whether the answer had been shown
);
CREATE INDEX reviews_user_time ON reviews (user_id, reviewed_at);

CREATE TABLE presentations (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    local_date      TEXT    NOT NULL,
    question_id     TEXT    NOT NULL,
    shown_at        TEXT    NOT NULL,
    was_new         INTEGER NOT NULL,
    revealed        INTEGER NOT NULL DEFAULT 0,
    rating          INTEGER,
    PRIMARY KEY (user_id, local_date, question_id)
) WITHOUT ROWID;

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    local_date      TEXT    NOT NULL,
    question_id     TEXT,
    message_id      TEXT,
    status          TEXT    NOT NULL,               -- claimed | sent | failed | skipped
    claimed_at      TEXT    NOT NULL,
    sent_at         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    UNIQUE (user_id, local_date)                    -- one daily question per user per local day
);
CREATE INDEX deliveries_status ON deliveries (status, local_date);
