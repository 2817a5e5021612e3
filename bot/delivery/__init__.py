"""Daily delivery: who is due, claiming their day, and the paced send queue (channel-neutral).

- `runner.run_delivery(practice, channels, stop, tick)`: what the server runs; one
  `DeliveryService` per channel, a send-out at start-up (resuming unfinished rows), then one
  tick a minute (`delivery_tick_seconds`).
- A channel takes part by implementing `ports.DeliveryChannel` (`name`, `max_per_second`,
  `per_chat_interval`, `send_daily`, optionally `budget`, `start`, `close`) and mapping its
  errors to RecipientGone, RetryLater and TransientFailure. The channels live in
  bot/channels (telegram/delivery.py, slack/delivery.py); bot/server.py picks which run.
- `service.DeliveryService.run_due(now)`: one whole send-out, awaitable from tests.
"""
