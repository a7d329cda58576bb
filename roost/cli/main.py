"""The ``roost`` command: one sub-command per noun; every failure is one line and a non-zero exit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import orjson

from roost.cli import accounts, load, moderation, serve
from roost.config import Settings, load_settings
from roost.domain.errors import TwitterError
from roost.store import StoreError


class CliError(Exception):
    """A failure to report as one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line, exit 2 (argparse's own code)
        sys.stderr.write(f"roost: {message}\n")
        raise SystemExit(2)


def _db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        dest="database_url",
        metavar="URL",
        help="SQLAlchemy database URL (default: $ROOST_DATABASE_URL, then "
        "sqlite:///var/roost.sqlite3)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Every sub-command and flag (these names are contracts for outside tools)."""
    parser = _Parser(prog="roost", description="A self-hostable server for the Twitter API.")
    nouns = parser.add_subparsers(dest="noun", required=True, parser_class=_Parser)

    p = nouns.add_parser("serve", help="run the API server")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    _db_flag(p)
    p.add_argument("--ssl-certfile")
    p.add_argument("--ssl-keyfile")
    p.add_argument("--public-url", help="base URL(s) clients sign for, comma-separated")
    p.add_argument(
        "--proxy-headers",
        action="store_true",
        default=None,
        help="trust X-Forwarded-Proto / X-Forwarded-Host",
    )
    p.add_argument("--rate-limits", help="twitter (default), off, or a TOML overrides file")
    p.add_argument("--worker-id", type=int, help="Snowflake worker id (0-1023)")
    p.add_argument("--log-level")
    p.add_argument("--media-dir", type=Path, help="uploaded media (default: <data dir>/media)")
    p.add_argument("--no-demo", action="store_true", help="do not create the demo app and user")
    p.set_defaults(run=serve.run)

    users = nouns.add_parser("users", help="accounts").add_subparsers(
        dest="verb", required=True, parser_class=_Parser
    )
    p = users.add_parser("create", help="create an account; prints it as JSON")
    p.add_argument("screen_name", metavar="SCREEN_NAME")
    p.add_argument("--name")
    p.add_argument("--protected", action="store_true")
    p.add_argument("--geo-enabled", action="store_true")
    p.add_argument("--no-photo-tagging", action="store_true")
    p.add_argument("--password", help="web sign-in password")
    _db_flag(p)
    p.set_defaults(run=accounts.create_user)

    p = users.add_parser(
        "scrub-geo", help="delete the location of all of a user's statuses (streams: scrub_geo)"
    )
    p.add_argument("screen_name", metavar="SCREEN_NAME")
    _db_flag(p)
    p.set_defaults(run=moderation.scrub_geo)

    withhold = nouns.add_parser(
        "withhold", help="withhold a status or an account in some countries"
    ).add_subparsers(dest="verb", required=True, parser_class=_Parser)
    p = withhold.add_parser("status", help="withhold a status (streams: status_withheld)")
    p.add_argument("status_id", metavar="ID", type=int)
    p.add_argument("--countries", required=True, help="two-letter codes, e.g. DE,AR ('' lifts)")
    _db_flag(p)
    p.set_defaults(run=moderation.withhold_status)
    p = withhold.add_parser("user", help="withhold an account (streams: user_withheld)")
    p.add_argument("screen_name", metavar="SCREEN_NAME")
    p.add_argument("--countries", required=True, help="two-letter codes, e.g. DE,AR ('' lifts)")
    _db_flag(p)
    p.set_defaults(run=moderation.withhold_user)

    apps = nouns.add_parser("apps", help="developer Apps").add_subparsers(
        dest="verb", required=True, parser_class=_Parser
    )
    p = apps.add_parser("create", help="create an App; prints its keys as JSON")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--website")
    p.add_argument("--read-only", action="store_true")
    p.add_argument("--callback-url", action="append", default=[], dest="callback_urls")
    p.add_argument("--client-type", choices=("confidential", "public"), default="confidential")
    p.add_argument("--owner", help="screen name of the App's owner")
    _db_flag(p)
    p.set_defaults(run=accounts.create_app)

    tokens = nouns.add_parser("tokens", help="user access tokens").add_subparsers(
        dest="verb", required=True, parser_class=_Parser
    )
    p = tokens.add_parser("create", help="authorize an App for a user; prints the token as JSON")
    p.add_argument("--consumer-key", required=True)
    p.add_argument("--screen-name", required=True)
    p.add_argument("--read-only", action="store_true")
    _db_flag(p)
    p.set_defaults(run=accounts.create_token)

    web = nouns.add_parser("sessions", help="signed-in web sessions").add_subparsers(
        dest="verb", required=True, parser_class=_Parser
    )
    p = web.add_parser("create", help='sign a browser in; prints {"cookie":"NAME=VALUE"}')
    p.add_argument("--screen-name", required=True)
    _db_flag(p)
    p.set_defaults(run=accounts.create_session)

    load.add_parser(nouns, _db_flag)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from flags > ROOST_* > defaults."""
    names = (
        "database_url",
        "host",
        "port",
        "public_url",
        "proxy_headers",
        "ssl_certfile",
        "ssl_keyfile",
        "rate_limits",
        "worker_id",
        "log_level",
        "media_dir",
    )
    return load_settings(**{n: getattr(args, n, None) for n in names})


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``roost`` command."""
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace, Settings], object] = args.run
    try:
        settings = settings_from(args)
        result = run(args, settings)
    except (CliError, StoreError, ValueError, OSError) as exc:
        sys.stderr.write(f"roost: {exc}\n")
        return 1
    except TwitterError as exc:
        sys.stderr.write(f"roost: {exc.message}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    if result is not None:
        sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
