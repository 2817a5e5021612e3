-- Running instances of the bot: each heartbeats its row about every second; the live ones
-- split every send budget evenly (bot/delivery/instances.py).
CREATE TABLE instances (
    id TEXT PRIMARY KEY,             -- the store's claimer id: pid and a random part
    started_at TEXT NOT NULL,        -- ISO UTC
    heartbeat_at TEXT NOT NULL       -- ISO UTC
);
CREATE INDEX instances_heartbeat ON instances (heartbeat_at);

-- Telegram paid broadcasts per UTC day: reserved in blocks by the sending instances, so the
-- daily cap holds across restarts and instances (bot/delivery/paid.py).
CREATE TABLE paid_broadcasts (
    day TEXT PRIMARY KEY,            -- YYYY-MM-DD, UTC
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0)
);
