"""Daily delivery: who is due, claiming their day, and the paced send queue (channel-neutral)."""
