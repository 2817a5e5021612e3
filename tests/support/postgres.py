"""A throwaway PostgreSQL cluster for the test session, started by the tests themselves.

First the system binaries (initdb and pg_ctl under /usr/lib/postgresql/*/bin or on PATH), else
the binaries inside the `pgserver` wheel (a test dependency). The cluster listens on a free
port on 127.0.0.1, keeps its data in a temporary folder and is stopped (and the folder removed)
at the end. Each test gets a fresh database: CREATE DATABASE ... TEMPLATE of an empty one.

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
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import asyncpg

PREFIX = "drillbot-pg-"  # the temporary folder of each cluster
TEMPLATE = "drillbot_template"
USER = "drillbot"
PASSWORD = "s3cret-pw"  # asked over TCP (scram-sha-256), so tests can see it never printed


class Unavailable(Exception):
    """No way to start PostgreSQL here; the message says what was tried."""


@dataclass
class Cluster:
    host: str
    port: int
    stop: Callable[[], None]
    user: str = USER
    password: str | None = None

    def url(self, database: str, password: str | None = None) -> str:
        secret = password or self.password
        login = f"{self.user}:{secret}" if secret else self.user
        return f"postgresql://{login}@{self.host}:{self.port}/{database}"

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
        return _prepared(_start_system(_pgserver_binaries()))
    except Unavailable as error:
        tried.append(f"pgserver wheel: {error}")
    raise Unavailable("; ".join(tried))


def _system_binaries() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parents[1].name) if Path(path).parents[1].name.isdigit() else 0,
        reverse=True,
    )  # the newest version first
    found = shutil.which("initdb")
    if found:
        candidates.append(found)
    return Path(candidates[0]).parent if candidates else None


def _stop_abandoned(bin_dir: Path) -> None:
    """Stop the clusters of test sessions that were killed before they could stop them."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((folder / "owner").read_text())
            os.kill(owner, 0)
            continue  # its session is still running
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge (no owner file yet, or another user's)
        subprocess.run(
            [*_as_postgres(), str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m",
             "immediate", "stop"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_system(bin_dir: Path) -> Cluster:
    _stop_abandoned(bin_dir)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    (folder / "owner").write_text(str(os.getpid()))
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable("running as root and there is no `postgres` user") from None
        os.chown(folder, account.pw_uid, account.pw_gid)
    as_user = _as_postgres()
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

    password_file = folder / "password"
    password_file.write_text(PASSWORD)
    if as_user:
        os.chown(password_file, account.pw_uid, account.pw_gid)
    try:
        run(
            str(bin_dir / "initdb"), "-D", str(data), "-U", USER, f"--pwfile={password_file}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C",
            "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    except (Unavailable, OSError, subprocess.TimeoutExpired) as error:
        stop()
        raise Unavailable(str(error)) from None
    return Cluster("127.0.0.1", port, stop, password=PASSWORD)


def _pgserver_binaries() -> Path:
    """The PostgreSQL build inside the `pgserver` wheel, started the same way as the system's
    (its own launcher serves only a Unix socket)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs' notes on import
            from pgserver._commands import POSTGRES_BIN_PATH  # type: ignore[import-not-found]
    except ImportError:
        raise Unavailable("not installed (pip install pgserver)") from None
    return Path(POSTGRES_BIN_PATH)


def _prepared(cluster: Cluster) -> Cluster:
    try:
        cluster.admin(f"CREATE DATABASE {TEMPLATE}")
    except Exception as error:
        cluster.stop()
        raise Unavailable(f"started, but cannot create databases: {error}") from None
    return cluster
