"""A throwaway PostgreSQL cluster for the test session, started by the tests themselves.

First the system binaries (initdb and pg_ctl under /usr/lib/postgresql/*/bin or on PATH), else
the `pgserver` wheel (its own binaries). The cluster listens on a free port on 127.0.0.1, keeps
its data in a temporary folder and is stopped (and the folder removed) at the end. Each test
gets a fresh database: CREATE DATABASE ... TEMPLATE of an empty one.

Root may not run PostgreSQL: then the server runs as the `postgres` system user (present where
the distribution package is installed).
"""

from __future__ import annotations

import asyncio
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import asyncpg

TEMPLATE = "drillbot_template"
USER = "drillbot"


class Unavailable(Exception):
    """No way to start PostgreSQL here; the message says what was tried."""


@dataclass
class Cluster:
    host: str
    port: int
    stop: Callable[[], None]
    user: str = USER

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement in the `postgres` database (not inside a transaction). In a
        thread of its own, so that it works whether or not an event loop is running here."""

        async def run() -> None:
            conn = await asyncpg.connect(self.url("postgres"))
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, run()).result()

    def new_database(self) -> tuple[str, str]:
        """(URL, name) of a fresh, empty database."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name), name

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start() -> Cluster:
    """Start a cluster or raise Unavailable naming every way that was tried."""
    tried = []
    binaries = _system_binaries()
    if binaries:
        try:
            return _prepared(_start_system(binaries))
        except Unavailable as error:
            tried.append(f"system PostgreSQL ({binaries}): {error}")
    else:
        tried.append("system PostgreSQL: no initdb under /usr/lib/postgresql/*/bin or on PATH")
    try:
        return _prepared(_start_pgserver())
    except Unavailable as error:
        tried.append(f"pgserver wheel: {error}")
    raise Unavailable("; ".join(tried))


def _system_binaries() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(found)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_system(bin_dir: Path) -> Cluster:
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="drillbot-pg-"))
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable("running as root and there is no `postgres` user") from None
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = _free_port()
    log = folder / "server.log"

    def run(*command: str) -> None:
        done = subprocess.run(
            [*as_user, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise Unavailable(f"{Path(command[0]).name} failed: {' / '.join(tail)}")

    def stop() -> None:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)

    try:
        run(
            str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    except (Unavailable, OSError, subprocess.TimeoutExpired) as error:
        stop()
        raise Unavailable(str(error)) from None
    return Cluster("127.0.0.1", port, stop)


def _start_pgserver() -> Cluster:
    try:
        import pgserver  # type: ignore[import-not-found]
    except ImportError:
        raise Unavailable("not installed (pip install pgserver)") from None
    folder = Path(tempfile.mkdtemp(prefix="drillbot-pgserver-"))
    try:
        server = pgserver.get_server(folder, cleanup_mode="stop")
        uri = server.get_uri()
    except Exception as error:  # the wheel's own failure, whatever its kind
        shutil.rmtree(folder, ignore_errors=True)
        raise Unavailable(f"could not start: {error}") from None
    from urllib.parse import urlsplit

    parts = urlsplit(uri)

    def stop() -> None:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)

    if not parts.port:  # a Unix socket only: asyncpg would need its path; keep it simple
        stop()
        raise Unavailable(f"serves only a Unix socket ({uri})")
    return Cluster(parts.hostname or "127.0.0.1", parts.port, stop, user=parts.username or USER)


def _prepared(cluster: Cluster) -> Cluster:
    try:
        cluster.admin(f"CREATE DATABASE {TEMPLATE}")
    except Exception as error:
        cluster.stop()
        raise Unavailable(f"started, but cannot create databases: {error}") from None
    return cluster
