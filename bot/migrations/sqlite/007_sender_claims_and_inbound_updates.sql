-- Which process claimed a delivery (resuming takes only rows whose claimer is gone), and the
-- updates received from a channel, stored before the channel is told they arrived.

ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;

CREATE TABLE inbound_updates (
    channel         TEXT    NOT NULL,               -- telegram
    update_id       INTEGER NOT NULL,               -- the channel's id: a re-delivery is ignored
    body            TEXT    NOT NULL,               -- the update as received (JSON)
    received_at     TEXT    NOT NULL,               -- UTC ISO-8601
    handled_at      TEXT,                           -- NULL until handled
    PRIMARY KEY (channel, update_id)
) WITHOUT ROWID;
CREATE INDEX inbound_updates_pending ON inbound_updates (channel, update_id) WHERE handled_at IS NULL;
