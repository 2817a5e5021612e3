"""The conversation flows, one module per area; each returns replies for any channel."""
