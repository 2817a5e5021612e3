"""Command line: argument parsing, one function per subcommand."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import re
import signal
import sys
import textwrap
from collections import Counter
from pathlib import Path

from bot import __version__
from bot.bootstrap import open_checker, open_service
from bot.config import ConfigError, Settings, load_settings
from bot.corpus.loader import CorpusError, check_corpus
from bot.grading import commands as grading_commands
from bot.render.terminal_size import terminal_width
from bot.storage.connection import DatabaseError
from bot.storage.database_url import is_postgres, redacted
from bot.storage.migrations import MigrationError

log = logging.getLogger("drillbot")
DESCRIPTION = "Daily practice of your interview-prep notes on Telegram, Slack or in the terminal."
NO_CHANNEL = (
    "no channel configured and no terminal to practise in: set TELEGRAM_BOT_TOKEN, or"
    " SLACK_BOT_TOKEN and SLACK_APP_TOKEN (to practise with piped input, use `drillbot console`)"
)
CONNECT_HINT = (
    "Practising in the terminal. To get daily questions on your phone, set TELEGRAM_BOT_TOKEN"
    " (or SLACK_BOT_TOKEN and SLACK_APP_TOKEN) and run this again; see README.md."
)


def build_parser() -> argparse.ArgumentParser:
    # Global options are accepted before or after the subcommand: every parser knows them, and
    # SUPPRESS keeps a subcommand from resetting what was given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        help="YAML config file (default: $DRILLBOT_CONFIG)",
    )
    parser = argparse.ArgumentParser(prog="drillbot", description=DESCRIPTION, parents=[common])
    parser.add_argument("--version", action="version", version=f"drillbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(subparsers, name: str, text: str) -> argparse.ArgumentParser:
        return subparsers.add_parser(name, help=text, description=text, parents=[common])

    command(sub, "run", "run the bot (terminal practice, in a terminal, when no token is set)")
    console = command(sub, "console", "practise in the terminal")
    console.add_argument("--user", help="terminal user name (default: your login name)")

    content = command(sub, "content", "check or import question decks")
    content_sub = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    validate = command(content_sub, "validate", "check decks; non-zero exit on problems")
    validate.add_argument("directory", nargs="?", type=Path, help="default: the content directory")
    importer = command(content_sub, "import", "turn notes into a YAML deck")
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importer.add_argument("--deck", help="deck id to write (default: derived from the file name)")

    db = command(sub, "db", "database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    command(db_sub, "migrate", "apply pending migrations")
    backup = command(db_sub, "backup", "consistent online copy of the database")
    backup.add_argument("file", type=Path)
    copy = command(db_sub, "copy", "copy every table into an empty database (SQLite <-> PostgreSQL)")
    copy.add_argument("source", metavar="SRC", help="SQLite file or postgresql:// URL")
    copy.add_argument("destination", metavar="DST", help="an empty (or new) database")

    fsrs = command(sub, "fsrs", "FSRS parameters fitted to each user's reviews")
    fsrs_sub = fsrs.add_subparsers(dest="fsrs_command", metavar="ACTION", required=True)
    fit = command(fsrs_sub, "optimize", "fit now; print default vs fitted on each user's history")
    fit.add_argument("--user", type=int, help="only this user id (default: every user)")

    command(sub, "status", "the database in use, users, and today's deliveries by state")
    command(
        sub, "health", "exit 0 if a running bot is alive and its channels connected (container check)"
    )
    grading_commands.add_parser(sub, command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"drillbot: configuration error: {exc}", file=sys.stderr)
        return 2
    command = args.command or "run"
    practising = command == "console" or (command == "run" and not _has_channel(settings))
    _setup_logging(settings, in_terminal=practising)
    if settings.telegram.token:  # before anything that may log a request URL with the token
        from bot.channels.telegram.logging_redaction import install_token_redaction

        install_token_redaction(settings.telegram.token.reveal())
    handler = COMMANDS[command if command not in ("content", "db", "fsrs") else _sub(args)]
    try:
        return handler(args, settings)
    except CorpusError as exc:
        print(f"drillbot: {exc}", file=sys.stderr)
        return 1
    except (MigrationError, DatabaseError) as exc:
        print(f"drillbot: database error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)  # the shell prompt starts on a line of its own after ^C
        return 130


def _setup_logging(settings: Settings, *, in_terminal: bool) -> None:
    """Log to stderr; while practising in the terminal only warnings and errors, so that routine
    lines (migrations applied, ...) do not land in the middle of a question."""
    level = logging.getLevelName(settings.log_level)
    if in_terminal:
        level = max(level, logging.WARNING)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _has_channel(settings: Settings) -> bool:
    return settings.telegram_enabled or settings.slack_enabled


def _sub(args: argparse.Namespace) -> str:
    return f"{args.command} {getattr(args, f'{args.command}_command')}"


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not _has_channel(settings):
        if not sys.stdin.isatty():
            # In a container or service there is nobody to type: falling back to the terminal
            # would read no input, exit 0 and be restarted forever.
            print(f"drillbot: {NO_CHANNEL}", file=sys.stderr)
            return 2
        print(textwrap.fill(CONNECT_HINT, terminal_width()), file=sys.stderr)
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

    user = getattr(args, "user", None) or getpass.getuser()

    async def practise() -> int:
        # SIGTERM cancels the session like Ctrl-C does (asyncio.run handles that one itself).
        task = asyncio.current_task()
        assert task is not None  # inside asyncio.run
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        async with open_service(settings) as service, open_checker(settings, service) as checker:
            return await run_console(
                service,
                user,
                sys.stdin,
                sys.stdout,
                color=sys.stdout.isatty(),
                chart_dir=chart_dir(settings, user),
                checker=checker,
            )

    try:
        return asyncio.run(practise())
    except asyncio.CancelledError:  # SIGTERM: every rating is already saved
        return 0


def chart_dir(settings: Settings, user: str) -> Path:
    """Each terminal user's charts in a folder of their own, so that they never overwrite
    another user's (the file name carries only the date)."""
    folder = re.sub(r"[^\w.-]+", "_", user).strip("._") or "user"
    return settings.files_dir / "charts" / folder


def cmd_content_validate(args: argparse.Namespace, settings: Settings) -> int:
    directory = args.directory or settings.content
    corpus, problems = check_corpus(directory)
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    errors = sum(1 for p in problems if p.severity == "error")
    for deck in corpus.decks:
        answered = sum(1 for q in deck.questions if q.has_answer)
        points = sum(1 for q in deck.questions if not q.has_answer and q.key_points)
        open_ = len(deck.questions) - answered - points
        print(f"deck {deck.id}: {len(deck.questions)} questions ({answered} with answers,"
              f" {points} with key points only, {open_} open)")  # fmt: skip
    for topic, count in sorted(Counter(q.topic for q in corpus.questions.values()).items()):
        print(f"topic {topic}: {count}")
    warnings = len(problems) - errors
    print(f"{len(corpus.questions)} questions, {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def cmd_content_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus.importer import import_notes

    return import_notes(args.files, args.deck, Path(settings.content), sys.stdout)


def cmd_db_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import Store

    async def run() -> int:
        store = await Store.open(settings.database, run_migrations=False)
        try:
            applied = await store.migrate()
        finally:
            await store.close()
        names = ", ".join(m.name for m in applied) or "none (already up to date)"
        print(f"{redacted(settings.database)}: applied {names}")
        return 0

    return asyncio.run(run())


def cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import Store

    async def run() -> int:
        if is_postgres(settings.database):
            print(
                f"drillbot: {redacted(settings.database)} is a PostgreSQL database; back it up"
                " with pg_dump (e.g. pg_dump --format=custom --file=drillbot.dump DBNAME)",
                file=sys.stderr,
            )
            return 1
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


def cmd_db_copy(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.copy import CopyRefused, copy_database

    def database(text: str) -> Path | str:
        return text if is_postgres(text) else Path(text)

    try:
        asyncio.run(copy_database(database(args.source), database(args.destination), print))
    except CopyRefused as exc:
        print(f"drillbot: nothing copied: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_fsrs_optimize(args: argparse.Namespace, settings: Settings) -> int:
    from bot.fsrs_report import run

    return run(settings, args.user, sys.stdout, sys.stderr)


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from bot.status import print_status

    return asyncio.run(print_status(settings, sys.stdout))


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    from bot.health import check_channels
    from bot.server import healthy

    problem = check_channels(settings)
    if not healthy(settings):
        problem = "no recent heartbeat from a running bot"
    print(f"unhealthy: {problem}" if problem else "healthy")
    return 1 if problem else 0


COMMANDS = {
    "run": cmd_run,
    "console": cmd_console,
    "content validate": cmd_content_validate,
    "content import": cmd_content_import,
    "db migrate": cmd_db_migrate,
    "db backup": cmd_db_backup,
    "db copy": cmd_db_copy,
    "fsrs optimize": cmd_fsrs_optimize,
    "status": cmd_status,
    "health": cmd_health,
    "grading": grading_commands.run,
}

if __name__ == "__main__":
    sys.exit(main())
