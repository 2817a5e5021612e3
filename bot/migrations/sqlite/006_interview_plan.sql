-- An interview date per user (a plan toward it), how the interview went, and FSRS parameters
-- fitted to each user's own review history.

CREATE TABLE interview_plans (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    interview_date  TEXT,                           -- local date in the user's timezone; NULL = none
    target          REAL    NOT NULL DEFAULT 0.9,   -- recall wanted on the day (0 < target < 1)
    set_at          TEXT    NOT NULL                -- UTC ISO-8601
);

CREATE TABLE interview_outcomes (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    interview_date  TEXT    NOT NULL,
    asked_at        TEXT    NOT NULL,               -- asked once, after the date
    outcome         TEXT,                           -- the user's answer; NULL until given
    recorded_at     TEXT,
    PRIMARY KEY (user_id, interview_date)
) WITHOUT ROWID;

CREATE TABLE fsrs_parameters (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    fitted_at       TEXT    NOT NULL,               -- UTC ISO-8601 of the last optimizer run
    reviews_used    INTEGER NOT NULL,
    parameters      TEXT,                           -- JSON list of FSRS weights; NULL when the
                                                    -- history was below the optimizer's minimum
    default_log_loss REAL,                          -- evaluated on the user's own history
    fitted_log_loss REAL,
    default_rmse    REAL,
    fitted_rmse     REAL,
    in_use          INTEGER NOT NULL                -- 1 when the fitted weights did better
);
