-- Daily delivery looks rows up by local day (status per day) and users by channel when due.

CREATE INDEX deliveries_local_date ON deliveries (local_date);
CREATE INDEX users_channel_next_push ON users (channel, next_push_at) WHERE active = 1 AND paused = 0;
