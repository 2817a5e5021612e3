FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DRILLBOT_DB=/data/drillbot.sqlite3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
COPY migrations ./migrations
# Editable install: the bundled content/ and migrations/ are found next to the package.
RUN pip install -e . && useradd --create-home drillbot && mkdir /data && chown drillbot /data
USER drillbot
VOLUME ["/data"]

HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["drillbot", "health"]
CMD ["drillbot", "run"]
