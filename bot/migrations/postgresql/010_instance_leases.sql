-- Several instances on one database: a claimed delivery carries a lease its claimer renews
-- while it runs (another instance takes over a row whose lease ran out), and a stored update
-- names its chat, so that one instance at a time handles a chat's updates, in order; the
-- signed requests seen (Slack HTTP mode) are shared, so a replay to any instance is refused.

ALTER TABLE deliveries ADD COLUMN lease_until TEXT;     -- UTC ISO-8601; NULL counts as run out
CREATE INDEX deliveries_claimed_lease ON deliveries (lease_until) WHERE status = 'claimed';

ALTER TABLE inbound_updates ADD COLUMN chat_id BIGINT NOT NULL DEFAULT 0; -- 0: of no chat
CREATE INDEX inbound_updates_chat_pending ON inbound_updates (channel, chat_id, update_id)
    WHERE handled_at IS NULL;

CREATE TABLE seen_requests (
    signature       TEXT    PRIMARY KEY,            -- Slack's X-Slack-Signature
    forget_at       TEXT    NOT NULL                -- UTC ISO-8601: no longer acceptable after
);
CREATE INDEX seen_requests_forget ON seen_requests (forget_at);
