"""Pure practice logic: no channel, network or database imports live here."""
