"""Command line: argument parsing, one function per subcommand."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import signal
import sys
from collections import Counter
from pathlib import Path

from bot.bootstrap import open_service
from bot.config import ConfigError, Settings, load_settings
from bot.corpus.loader import CorpusError, check_corpus
from bot.storage.connection import DatabaseError
from bot.storage.migrations import MigrationError

log = logging.getLogger("drillbot")
CONNECT_HINT = (
    "Practising in the terminal. To get daily questions on your phone, set TELEGRAM_BOT_TOKEN"
    " (or SLACK_BOT_TOKEN and SLACK_APP_TOKEN) and run this again; see README.md."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drillbot", description=__doc__)
    parser.add_argument("--config", help="YAML config file (default: $DRILLBOT_CONFIG)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("run", help="run the bot (terminal practice when no token is configured)")
    console = sub.add_parser("console", help="practise in the terminal")
    console.add_argument("--user", help="terminal user name (default: your login name)")

    content = sub.add_parser("content", help="check or import question decks")
    content_sub = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    validate = content_sub.add_parser("validate", help="check decks; non-zero exit on problems")
    validate.add_argument("directory", nargs="?", type=Path, help="default: the content directory")
    importer = content_sub.add_parser("import", help="turn notes into a YAML deck")
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importer.add_argument("--deck", help="deck id to write (default: derived from the file name)")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("migrate", help="apply pending migrations")
    backup = db_sub.add_parser("backup", help="consistent online copy of the database")
    backup.add_argument("file", type=Path)

    sub.add_parser("status", help="users and today's deliveries by state")
    sub.add_parser("health", help="exit 0 if a running bot's heartbeat is fresh (container check)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"drillbot: configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.telegram.token:  # before anything that may log a request URL with the token
        from bot.channels.telegram.logging_redaction import install_token_redaction

        install_token_redaction(settings.telegram.token.reveal())
    command = args.command or "run"
    handler = COMMANDS[command if command not in ("content", "db") else _sub(args)]
    try:
        return handler(args, settings)
    except CorpusError as exc:
        print(f"drillbot: {exc}", file=sys.stderr)
        return 1
    except (MigrationError, DatabaseError) as exc:
        print(f"drillbot: database error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _sub(args: argparse.Namespace) -> str:
    return f"{args.command} {getattr(args, 'content_command', None) or args.db_command}"


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not (settings.telegram_enabled or settings.slack_enabled):
        print(CONNECT_HINT, file=sys.stderr)
        return cmd_console(args, settings)
    from bot.server import serve

    return asyncio.run(_until_signalled(lambda stop: serve(settings, stop)))


async def _until_signalled(run) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run(stop)
    return 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.console import run_console

    async def practise() -> int:
        async with open_service(settings) as service:
            return await run_console(
                service,
                getattr(args, "user", None) or getpass.getuser(),
                sys.stdin,
                sys.stdout,
                color=sys.stdout.isatty(),
                chart_dir=Path(settings.database).parent / "charts",
            )

    return asyncio.run(practise())


def cmd_content_validate(args: argparse.Namespace, settings: Settings) -> int:
    directory = args.directory or settings.content
    corpus, problems = check_corpus(directory)
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    errors = sum(1 for p in problems if p.severity == "error")
    for deck in corpus.decks:
        answered = sum(1 for q in deck.questions if q.has_answer)
        print(f"deck {deck.id}: {len(deck.questions)} questions ({answered} with answers)")
    for topic, count in sorted(Counter(q.topic for q in corpus.questions.values()).items()):
        print(f"topic {topic}: {count}")
    warnings = len(problems) - errors
    print(f"{len(corpus.questions)} questions, {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def cmd_content_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus.importer import import_notes

    return import_notes(args.files, args.deck, Path(settings.content), sys.stdout)


def cmd_db_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.connection import connect
    from bot.storage.migrations import migrate

    async def run() -> int:
        conn = await connect(settings.database)
        try:
            applied = await migrate(conn)
        finally:
            await conn.close()
        names = ", ".join(m.name for m in applied) or "none (already up to date)"
        print(f"{settings.database}: applied {names}")
        return 0

    return asyncio.run(run())


def cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import Store

    async def run() -> int:
        if not Path(settings.database).exists():
            print(f"drillbot: no database at {settings.database}", file=sys.stderr)
            return 1
        store = await Store.open(settings.database, run_migrations=False)
        try:
            await store.backup(args.file)
        finally:
            await store.close()
        print(f"backed up {settings.database} to {args.file}")
        return 0

    return asyncio.run(run())


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from bot.status import print_status

    return asyncio.run(print_status(settings, sys.stdout))


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    from bot.server import healthy

    ok = healthy(settings)
    print("healthy" if ok else "unhealthy: no recent heartbeat from a running bot")
    return 0 if ok else 1


COMMANDS = {
    "run": cmd_run,
    "console": cmd_console,
    "content validate": cmd_content_validate,
    "content import": cmd_content_import,
    "db migrate": cmd_db_migrate,
    "db backup": cmd_db_backup,
    "status": cmd_status,
    "health": cmd_health,
}

if __name__ == "__main__":
    sys.exit(main())
