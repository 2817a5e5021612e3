-- Teams: a Telegram group or Slack channel practising together. Each member keeps their own
-- cards; the team has its own daily question (a delivery ledger of its own, same states as
-- deliveries) and a weekly board.

CREATE TABLE teams (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,               -- telegram | slack
    chat_id         TEXT    NOT NULL,               -- the group chat / channel id
    title           TEXT,
    owner_id        TEXT,                           -- who added the bot (Slack: may configure)
    timezone        TEXT    NOT NULL,
    push_time       TEXT    NOT NULL,               -- HH:MM local: the question of the day
    board_weekday   INTEGER NOT NULL,               -- 0 = Monday: the weekly board
    board_time      TEXT    NOT NULL,               -- HH:MM local
    topics          TEXT,                           -- JSON list of topic ids; NULL = all
    language        TEXT,
    paused          INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1,     -- 0 once the bot is removed (or /team off)
    next_push_at    TEXT,                           -- UTC instant of the next question
    next_board_at   TEXT,                           -- UTC instant of the next board
    created_at      TEXT    NOT NULL,
    UNIQUE (channel, chat_id)
);
CREATE INDEX teams_next_push ON teams (channel, next_push_at) WHERE active = 1 AND paused = 0;
CREATE INDEX teams_next_board ON teams (channel, next_board_at) WHERE active = 1 AND paused = 0;

CREATE TABLE team_members (
    team_id         INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hidden          INTEGER NOT NULL DEFAULT 0,     -- left out of roll call and board by name
    team_only       INTEGER NOT NULL DEFAULT 0,     -- no personal daily push, only the team's
    joined_at       TEXT    NOT NULL,
    PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE team_deliveries (
    id              INTEGER PRIMARY KEY,
    team_id         INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,               -- question | board
    local_date      TEXT    NOT NULL,               -- the team's calendar day
    question_id     TEXT,
    message_id      TEXT,
    status          TEXT    NOT NULL,               -- claimed | sent | failed | skipped
    claimed_at      TEXT    NOT NULL,
    sent_at         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    UNIQUE (team_id, kind, local_date)              -- once per team per local day
);
CREATE INDEX team_deliveries_status ON team_deliveries (status);

-- The roll call: who practised a team question (names only; the rating stays in their card).
CREATE TABLE team_answers (
    delivery_id     INTEGER NOT NULL REFERENCES team_deliveries(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    answered_at     TEXT    NOT NULL,
    PRIMARY KEY (delivery_id, user_id)
) WITHOUT ROWID;
