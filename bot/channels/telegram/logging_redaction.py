"""Keep the bot token out of logs: httpx and PTB log request URLs, which contain it."""

from __future__ import annotations

import logging
from urllib.parse import quote

REDACTED = "<telegram-token>"


class TokenRedactingFilter(logging.Filter):
    """Replaces the token (and its secret half) in every record that passes through."""

    def __init__(self, token: str) -> None:
        super().__init__()
        # Longest first, so the whole token is replaced before its secret half.
        forms = {token, quote(token, safe=""), token.partition(":")[2]}
        self.secrets = sorted((f for f in forms if len(f) >= 8), key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._leaks(message):
            record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            # Format the traceback now so that the handler reuses the redacted text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._leaks(record.exc_text):
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info and self._leaks(record.stack_info):
            record.stack_info = self.redact(record.stack_info)
        return True

    def _leaks(self, text: str) -> bool:
        return any(secret in text for secret in self.secrets)


def install_token_redaction(token: str) -> TokenRedactingFilter:
    """Attach the filter to every root handler (records of all loggers end there).

    Idempotent for the same token. httpx logs each request at INFO; outside DEBUG runs
    that is noise, so it is quietened too.
    """
    root = logging.getLogger()
    redactor = TokenRedactingFilter(token)
    for handler in root.handlers:
        if not any(
            isinstance(f, TokenRedactingFilter) and f.secrets == redactor.secrets
            for f in handler.filters
        ):
            handler.addFilter(redactor)
    httpx_logger = logging.getLogger("httpx")
    if httpx_logger.level == logging.NOTSET and root.getEffectiveLevel() > logging.DEBUG:
        httpx_logger.setLevel(logging.WARNING)
    return redactor
