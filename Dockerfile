# Build a wheel, then install it (not editable) into a clean image: the schema and the bundled
# decks are package data, so nothing from the source tree is needed at run time.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DRILLBOT_DB=/data/drillbot.sqlite3
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 drillbot && mkdir /data && chown drillbot /data
USER drillbot
WORKDIR /home/drillbot
VOLUME ["/data"]

HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["drillbot", "health"]
CMD ["drillbot", "run"]
