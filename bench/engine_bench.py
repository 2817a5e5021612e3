"""Practice engine latency on a large database: next, reveal, rate and stats per call.

    /work/venv/bin/python bench/engine_bench.py [--users 100000] [--reviews 1000000]
        [--samples 2000] [--db PATH] [--postgres URL] [--profile]

Builds (or reuses, when --db already holds the same data set) a database with the real
schema, then runs the real PracticeService on the real Store against a fresh copy of it
for randomly chosen users, and prints p50/p99/max per operation, peak RSS and PASS/FAIL.
With --postgres, the same data set is copied (`drillbot db copy`) into that PostgreSQL
database, which the benchmark drops and re-creates, and the same users are timed there too.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import io
import json
import math
import multiprocessing
import os
import pstats
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import BUNDLED_CONTENT  # noqa: E402
from bot.corpus.loader import load_corpus  # noqa: E402
from bot.domain.clock import ManualClock  # noqa: E402
from bot.domain.models import QuestionCard  # noqa: E402
from bot.domain.practice import PracticeConfig, PracticeService  # noqa: E402
from bot.storage.copy import copy_database  # noqa: E402
from bot.storage.database_url import redacted  # noqa: E402
from bot.storage.store import Store  # noqa: E402

NOW = datetime(2025, 6, 2, 6, 30, tzinfo=UTC)
SEED = 20250602
DATA_VERSION = 1  # bump when the generated data changes, so old databases are rebuilt
CHUNK_USERS = 5_000
MAX_REVIEWS_PER_USER = 5_000
HISTORY_DAYS = 365
TIMEZONES = (
    ("Asia/Shanghai", 50),
    ("Europe/Berlin", 12),
    ("America/New_York", 12),
    ("America/Los_Angeles", 8),
    ("Asia/Tokyo", 8),
    ("UTC", 10),
)
CHANNELS = (("telegram", 70), ("slack", 25), ("console", 5))
RATING_WEIGHTS = (10, 15, 55, 20)
TARGET_MS = {"next_question": 5.0, "reveal": 5.0, "rate": 5.0, "stats": 50.0}
TARGET_RSS_MB = 300.0
HEAVY_USERS = 20
REVIEW_STATE = 2  # fsrs.State.Review

T = TypeVar("T")


# ------------------------------------------------------------------ data set


@dataclass(frozen=True)
class DataSet:
    users: int
    reviews: int
    seed: int = SEED

    def fingerprint(self) -> int:
        """A positive 31-bit id of the generated data, kept in PRAGMA user_version."""
        key = f"{DATA_VERSION}:{self.users}:{self.reviews}:{self.seed}".encode()
        return int.from_bytes(hashlib.blake2b(key, digest_size=4).digest()) & 0x7FFFFFFF


@dataclass(frozen=True)
class Catalog:
    """What the generator needs to know of the corpus."""

    question_ids: list[str]
    topic_ids: list[str]


@dataclass
class Rows:
    """Rows of one chunk of users, ready for executemany."""

    users: list[tuple[Any, ...]] = field(default_factory=list)
    cards: list[tuple[Any, ...]] = field(default_factory=list)
    reviews: list[tuple[Any, ...]] = field(default_factory=list)
    presentations: list[tuple[Any, ...]] = field(default_factory=list)
    deliveries: list[tuple[Any, ...]] = field(default_factory=list)


INSERTS = {
    "users": "INSERT INTO users (id, channel, external_id, chat_id, display_name, timezone,"
    " push_time, paused, active, language, topics, created_at, current_question_id,"
    " current_local_date, next_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "cards": "INSERT INTO cards (user_id, question_id, state, step, stability, difficulty, due,"
    " last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "reviews": "INSERT INTO reviews (user_id, question_id, rating, reviewed_at, local_date,"
    " revealed) VALUES (?, ?, ?, ?, ?, ?)",
    "presentations": "INSERT OR REPLACE INTO presentations (user_id, local_date, question_id,"
    " shown_at, was_new, revealed, rating) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "deliveries": "INSERT INTO deliveries (user_id, local_date, question_id, message_id, status,"
    " claimed_at, sent_at, attempts) VALUES (?, ?, ?, ?, 'sent', ?, ?, 1)",
}


def ts(epoch: float) -> str:
    """The store's timestamp form (UTC, fixed microseconds)."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="microseconds")


def weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def review_counts(rng: random.Random, users: int, reviews: int) -> list[int]:
    """Heavy-tailed reviews per user (many light users, a few very heavy), summing to `reviews`."""
    raw = [rng.lognormvariate(0.0, 1.4) for _ in range(users)]
    scale = reviews / sum(raw)
    counts = [min(MAX_REVIEWS_PER_USER, int(w * scale)) for w in raw]
    missing = reviews - sum(counts)
    order = sorted(range(users), key=lambda i: raw[i], reverse=True)
    i = 0
    while missing > 0:
        user = order[i % users]
        if counts[user] < MAX_REVIEWS_PER_USER:
            counts[user] += 1
            missing -= 1
        i += 1
    return counts


def review_times(rng: random.Random, count: int) -> list[float]:
    """Sorted UTC epochs of `count` reviews, grouped on active days that end near NOW."""
    if not count:
        return []
    per_day = rng.randint(1, 15)
    days = min(HISTORY_DAYS, math.ceil(count / per_day))
    span = min(HISTORY_DAYS, round(days * rng.uniform(1.0, 1.6)))
    idle = 0 if rng.random() < 0.6 else rng.randint(1, 60)
    offsets = rng.sample(range(span), days)
    start = NOW.timestamp() - 86_400 * (idle + 1)
    hours = rng.uniform(0, 20)
    times = []
    for n in range(count):
        offset = offsets[n % days]
        times.append(start - 86_400 * offset + 3_600 * hours + rng.uniform(0, 3_600))
    return sorted(times)


def card_row(
    rng: random.Random, user_id: int, qid: str, ratings: list[int], times: list[float]
) -> tuple[Any, ...]:
    """An FSRS-like Review card: stability grows with good answers, due = last + stability."""
    stability = 1.0
    for rating in ratings:
        stability = max(0.5, stability * (0.3, 1.3, 2.4, 3.5)[rating - 1])
    stability = min(stability * rng.uniform(0.8, 1.25), 400.0)
    difficulty = min(10.0, max(1.0, 5.5 - sum(r - 2.5 for r in ratings) * 0.6))
    lapses = sum(1 for r in ratings[1:] if r == 1)
    due = times[-1] + stability * 86_400
    return (
        user_id,
        qid,
        REVIEW_STATE,
        None,  # no learning steps: every card is in Review after its first rating
        stability,
        difficulty,
        ts(due),
        ts(times[-1]),
        len(ratings),
        lapses,
    )


def user_rows(rng: random.Random, rows: Rows, user_id: int, count: int, catalog: Catalog) -> None:
    """Append one user's profile, reviews, cards, presentations and deliveries to `rows`."""
    tz = weighted(rng, TIMEZONES)
    zone = ZoneInfo(tz)
    times = review_times(rng, count)
    distinct = min(len(catalog.question_ids), max(1, round(count / rng.uniform(1.5, 6))))
    qids = rng.sample(catalog.question_ids, distinct)
    history: dict[str, tuple[list[int], list[float]]] = {}
    delivered: dict[str, tuple[str, float]] = {}
    last: tuple[str, str] | None = None
    for n, at in enumerate(times):
        qid = qids[n % distinct]
        rating = rng.choices((1, 2, 3, 4), RATING_WEIGHTS)[0]
        revealed = int(rng.random() < 0.7)
        local = datetime.fromtimestamp(at, zone).date().isoformat()
        stamp = ts(at)
        ratings, seen_at = history.setdefault(qid, ([], []))
        rows.reviews.append((user_id, qid, rating, stamp, local, revealed))
        rows.presentations.append(
            (user_id, local, qid, ts(at - rng.uniform(5, 600)), int(not ratings), revealed, rating)
        )
        ratings.append(rating)
        seen_at.append(at)
        delivered.setdefault(local, (qid, at))
        last = (qid, local)
    for qid, (ratings, seen_at) in history.items():
        rows.cards.append(card_row(rng, user_id, qid, ratings, seen_at))
    for local, (qid, at) in delivered.items():
        sent = at - rng.uniform(600, 7_200)
        rows.deliveries.append(
            (user_id, local, qid, str(rng.getrandbits(40)), ts(sent - 1), ts(sent))
        )
    rows.users.append(profile_row(rng, user_id, tz, times, last, catalog.topic_ids))


def profile_row(
    rng: random.Random,
    user_id: int,
    tz: str,
    times: list[float],
    last: tuple[str, str] | None,
    topic_ids: list[str],
) -> tuple[Any, ...]:
    channel = weighted(rng, CHANNELS)
    created = (times[0] if times else NOW.timestamp()) - rng.uniform(3_600, 30 * 86_400)
    topics = None
    if rng.random() < 0.1:  # a few users practise only some topics
        topics = json.dumps(rng.sample(topic_ids, min(3, len(topic_ids))))
    return (
        user_id,
        channel,
        f"{channel}-{user_id}",
        str(user_id),
        f"user {user_id}",
        tz,
        f"{rng.randint(6, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}",
        int(rng.random() < 0.05),
        int(rng.random() > 0.02),
        rng.choice((None, "en", "zh")),
        topics,
        ts(created),
        last[0] if last else None,
        last[1] if last else None,
        ts(NOW.timestamp() + rng.uniform(60, 86_400)),
    )


def chunks(counts: list[int]) -> Iterator[tuple[int, list[int]]]:
    for start in range(0, len(counts), CHUNK_USERS):
        yield start + 1, counts[start : start + CHUNK_USERS]


def populate(path: Path, data: DataSet, catalog: Catalog) -> None:
    rng = random.Random(data.seed)
    counts = review_counts(rng, data.users, data.reviews)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        for first_id, chunk in chunks(counts):
            rows = Rows()
            for offset, count in enumerate(chunk):
                user_rows(rng, rows, first_id + offset, count, catalog)
            conn.execute("BEGIN")
            for table, sql in INSERTS.items():
                conn.executemany(sql, getattr(rows, table))
            conn.execute("COMMIT")
        conn.execute(f"PRAGMA user_version = {data.fingerprint()}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def stored_fingerprint(path: Path) -> int | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


async def migrate_schema(path: Path | str) -> None:
    """Create or update the schema through the project's own migrations."""
    store = await Store.open(path)
    await store.close()


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def prepare_database(path: Path, data: DataSet, catalog: Catalog) -> float | None:
    """Build the data set at `path` unless it is already there; the build seconds, or None.

    Rows are written by a child process, so the peak RSS measured later is the engine's alone.
    """
    if stored_fingerprint(path) == data.fingerprint():
        asyncio.run(migrate_schema(path))  # apply migrations added since the build
        return None
    started = time.perf_counter()
    remove_database(path)
    asyncio.run(migrate_schema(path))
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        pool.submit(populate, path, data, catalog).result()
    return time.perf_counter() - started


def working_copy(path: Path) -> Path:
    """A fresh copy to run against, so every run starts from the same state."""
    copy = path.with_name(path.stem + "-run" + path.suffix)
    remove_database(copy)
    shutil.copyfile(path, copy)
    # Flush the copy now, or the first WAL checkpoint of the run would pay for writing it out.
    with copy.open("rb+") as handle:
        os.fsync(handle.fileno())
    return copy


def heaviest_users(path: Path, limit: int) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT user_id FROM reviews GROUP BY user_id ORDER BY COUNT(*) DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [r[0] for r in rows]
    finally:
        conn.close()


# ------------------------------------------------------------------ PostgreSQL


async def pg_admin(url: str, *statements: str) -> list[Any]:
    """Run statements on the server's `postgres` database (outside a transaction, as CREATE
    and DROP DATABASE need); the first value each returns."""
    conn = await asyncpg.connect(urlsplit(url)._replace(path="/postgres").geturl())
    try:
        return [await conn.fetchval(statement) for statement in statements]
    finally:
        await conn.close()


def pg_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def prepare_postgres(url: str, sqlite_path: Path, data: DataSet) -> float | None:
    """Copy the SQLite build into the database at `url` (dropped and re-created) unless it
    already holds this data set (its comment names the fingerprint); the seconds, or None."""
    name, mark = pg_name(url), f"drillbot-engine-bench {data.fingerprint()}"
    comment = f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'"
    [stored] = asyncio.run(pg_admin(url, comment))
    if stored == mark:
        asyncio.run(migrate_schema(url))  # apply migrations added since the build
        return None
    started = time.perf_counter()
    recreate = (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
    asyncio.run(pg_admin(url, *recreate))
    asyncio.run(copy_database(sqlite_path, url, lambda _line: None))
    asyncio.run(pg_admin(url, f"COMMENT ON DATABASE {name} IS '{mark}'"))
    asyncio.run(analyze(url))  # fresh statistics, as autovacuum would gather them in use
    return time.perf_counter() - started


async def analyze(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


def postgres_copy(url: str) -> str:
    """A fresh database made from the built one (its template), so every run starts alike."""
    name = pg_name(url)
    run = f"{name}_run"
    fresh = (f"DROP DATABASE IF EXISTS {run} WITH (FORCE)", f"CREATE DATABASE {run} TEMPLATE {name}")
    asyncio.run(pg_admin(url, *fresh))
    return urlsplit(url)._replace(path=f"/{run}").geturl()


# ------------------------------------------------------------------ measurement


Timings = dict[str, list[float]]


async def timed(timings: Timings, name: str, call: Callable[[], Awaitable[T]]) -> T:
    started = time.perf_counter()
    result = await call()
    timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return result


async def practise_once(
    service: PracticeService, user_id: int, rating: int, timings: Timings
) -> None:
    """One user's round: next question, reveal, rate it, then look at the stats."""
    card = await timed(timings, "next_question", lambda: service.next_question(user_id))
    if isinstance(card, QuestionCard):
        await timed(timings, "reveal", lambda: service.reveal(user_id))
        await timed(timings, "rate", lambda: service.rate(user_id, rating))
    await timed(timings, "stats", lambda: service.stats(user_id))


async def run_rounds(path: Path | str, user_ids: list[int], seed: int) -> Timings:
    rng = random.Random(seed)
    corpus = load_corpus(BUNDLED_CONTENT)
    clock = ManualClock(NOW)
    store = await Store.open(path)
    try:
        service = PracticeService(store, corpus, PracticeConfig(), clock)
        for warm_up in range(1, 11):  # first calls start the worker thread and warm caches
            await practise_once(service, warm_up, 3, {})
        timings: Timings = {}
        for user_id in user_ids:
            clock.advance(seconds=1)
            await practise_once(
                service, user_id, rng.choices((1, 2, 3, 4), RATING_WEIGHTS)[0], timings
            )
        return timings
    finally:
        await store.close()


# ------------------------------------------------------------------ report


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def report(title: str, timings: Timings, with_targets: bool) -> bool:
    print(title)
    passed = True
    for name, target in TARGET_MS.items():
        values = timings.get(name, [])
        if not values:
            print(f"  {name:<14} no calls")
            continue
        p50, p99, worst = percentile(values, 0.5), percentile(values, 0.99), max(values)
        line = f"  {name:<14} n={len(values):<6} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  max {worst:7.2f} ms"
        if with_targets:
            ok = p99 < target
            passed &= ok
            line += f"   target p99 < {target:g} ms: {'PASS' if ok else 'FAIL'}"
        print(line)
    return passed


def profile_rounds(path: Path, user_ids: list[int], seed: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(run_rounds(path, user_ids, seed))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
    print(out.getvalue())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "drillbot-engine-bench.sqlite"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also time the engine on this PostgreSQL database (dropped and re-created)",
    )
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of a run")
    return parser.parse_args(argv)


def build_step(args: argparse.Namespace, data: DataSet) -> None:
    corpus = load_corpus(BUNDLED_CONTENT)
    catalog = Catalog(list(corpus.questions), sorted({q.topic for q in corpus.ordered()}))
    build_s = prepare_database(args.db, data, catalog)
    if build_s is None:
        print(f"database: {args.db} (reused: same data set)")
    else:
        print(f"database: {args.db} built in {build_s:.1f} s")
    print(f"{data.users:,} users, {data.reviews:,} reviews, {len(catalog.question_ids)} questions")


def measure_step(args: argparse.Namespace, data: DataSet) -> bool:
    """Time the random sample against the targets, then the heaviest users; True if all pass."""
    run_db = working_copy(args.db)
    sample = random_users(args, data)
    heavy = heaviest_users(run_db, HEAVY_USERS)
    timings = asyncio.run(run_rounds(run_db, sample, data.seed + 2))
    passed = report(f"{args.samples:,} random users (seed {data.seed + 1}):", timings, True)
    rss = peak_rss_mb()
    rss_ok = rss < TARGET_RSS_MB
    print(
        f"  peak RSS {rss:.0f} MB   target < {TARGET_RSS_MB:g} MB: {'PASS' if rss_ok else 'FAIL'}"
    )
    heavy_timings = asyncio.run(run_rounds(run_db, heavy, data.seed + 3))
    report(f"{len(heavy)} heaviest users (information only):", heavy_timings, False)
    if args.profile:
        profile_rounds(working_copy(args.db), sample, data.seed + 2)
    remove_database(run_db)
    return passed and rss_ok


def random_users(args: argparse.Namespace, data: DataSet) -> list[int]:
    picker = random.Random(data.seed + 1)
    return [picker.randint(1, data.users) for _ in range(args.samples)]


def postgres_step(args: argparse.Namespace, data: DataSet) -> bool:
    """The same users, rounds and targets on PostgreSQL; True if all pass."""
    url = args.postgres
    build_s = prepare_postgres(url, args.db, data)
    done = "reused: same data set" if build_s is None else f"copied in {build_s:.1f} s"
    print(f"PostgreSQL: {redacted(url)} ({done})")
    run_url = postgres_copy(url)
    timings = asyncio.run(run_rounds(run_url, random_users(args, data), data.seed + 2))
    passed = report(f"{args.samples:,} random users on PostgreSQL:", timings, True)
    heavy = heaviest_users(args.db, HEAVY_USERS)
    heavy_timings = asyncio.run(run_rounds(run_url, heavy, data.seed + 3))
    report(f"{len(heavy)} heaviest users on PostgreSQL (information only):", heavy_timings, False)
    asyncio.run(pg_admin(url, f"DROP DATABASE IF EXISTS {pg_name(url)}_run WITH (FORCE)"))
    return passed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data = DataSet(args.users, args.reviews)
    build_step(args, data)
    passed = measure_step(args, data)
    if args.postgres:
        passed = postgres_step(args, data) and passed
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
