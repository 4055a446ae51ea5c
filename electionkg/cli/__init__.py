"""The ``electionkg`` command: a thin layer that parses arguments and calls the library.

Exit codes: 0 ok; 1 the data fails a check (SHACL violations, a failed check: DataError); 2
bad input or usage (InputError); 3 a remote server failed or refused (RemoteError); 130
interrupted; 141 stdout closed early (broken pipe); 70 an internal error (a bug).
Errors are one line, ``electionkg: error: <message>``, on stderr; never a traceback.

Nothing heavy is imported at module level (no rdflib, pySHACL, owlrl): each handler imports
what it needs, so that light subcommands start fast.

To add a subcommand, write one ``add_<name>_command(subparsers)`` function in the module of
its group (``data_commands``, ``query_commands``, ``server_commands``) that adds its parser
and sets ``handler=_<name>``, write the handler ``_<name>(args) -> int`` that calls one
library function, and add the ``add_<name>_command`` call to ``_build_parser``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from electionkg import config
from electionkg.cli.common import PROG, show_library_logging
from electionkg.cli.data_commands import (
    add_build_command,
    add_check_command,
    add_export_command,
    add_quote_command,
    add_validate_command,
)
from electionkg.cli.query_commands import add_queries_command, add_query_command
from electionkg.cli.server_commands import add_load_command, add_serve_command
from electionkg.cli.wording import for_the_command_line
from electionkg.errors import DataError, InputError, RemoteError

DEBUG_ENV = config.DEBUG_ENV
"""Set to 1 to get the Python traceback of an unexpected error instead of one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    code = _main(argv)
    if argv is None:  # the console script: skip the interpreter's teardown (~5 ms)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass
        os._exit(code)
    return code


def _main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
        if extras:  # named after the subcommand they were given to, with its help
            command = getattr(args, "handler", None)
            name = command.__name__.lstrip("_") if command else ""
            _UsageParser(prog=f"{PROG} {name}".strip()).error(
                f"unrecognized arguments: {' '.join(extras)}"
            )
    except SystemExit as exit_:  # --help, --version (0) and usage errors (2) exit in argparse
        return 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 2
    # The library logs (never prints): its warnings, and its progress for load, serve and
    # --verbose, are lines on stderr, worded for the command line (electionkg.cli.log_lines).
    show_library_logging(progress=args.verbose or getattr(args, "progress", False))
    try:
        with config.use_data_root(args.data) if args.data else contextlib.nullcontext():
            if args.verbose:
                print(f"{PROG}: {config.find_data_root().describe()}", file=sys.stderr)
            code: int = args.handler(args)
        sys.stdout.flush()
        return code
    except (RemoteError, InputError) as error:
        # A server failed or refused (the message names its URL), or bad input. The library
        # names its parameters; the command line names the flags that set them.
        print(f"{PROG}: error: {for_the_command_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except DataError as error:  # the data fails its checks: nothing is served
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return DataError.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `electionkg validate | head`): stop quietly, and keep
        # Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:
        if config.debug():
            raise
        print(
            f"{PROG}: internal error: {type(error).__name__}: {error} "
            f"(set {DEBUG_ENV}=1 to see the traceback)",
            file=sys.stderr,
        )
        return 70


class _UsageParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, pointing at the command's help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _UsageParser(
        prog=PROG,
        description="An open knowledge graph of elections: every fact traceable to its source.",
        epilog=(
            "Exit codes: 0 ok, 1 the data fails a check, 2 bad input or usage, "
            "3 a remote server failed."
        ),
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="the data root (ontology/, graph/, shapes/, queries/, seeds/); default: "
        "$ELECTIONKG_DATA, else the checkout around the current folder, else the installed copy",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say which data root is read, and what the library does (on stderr)",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    add_validate_command(subparsers)
    add_check_command(subparsers)
    add_build_command(subparsers)
    add_queries_command(subparsers)
    add_query_command(subparsers)
    add_export_command(subparsers)
    add_load_command(subparsers)
    add_serve_command(subparsers)
    add_quote_command(subparsers)
    return parser


class _VersionAction(argparse.Action):
    """--version, reading the version only when asked for."""

    def __init__(
        self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **_: object
    ) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from electionkg import __version__

        print(f"{PROG} {__version__}")
        parser.exit()
