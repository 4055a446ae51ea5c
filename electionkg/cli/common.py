"""What the subcommands share: writing bytes to stdout, log lines, arguments used twice."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, cast

PROG = "electionkg"

if TYPE_CHECKING:  # generic for type checkers only, not at run time
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec
    from types import ModuleType

    from electionkg.remote.http_client import Credentials

    Subparsers = argparse._SubParsersAction[Any]
    """What the ``add_<name>_command`` functions add their parser to."""


def add_credentials_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--user", metavar="USER", help="the user to authenticate as")
    group.add_argument(
        "--password-env",
        metavar="VAR",
        help="the environment variable holding the password (never the password itself)",
    )


def credentials_from_env(user: str | None, password_env: str | None) -> Credentials | None:
    """``--user`` with the password read from the environment variable ``--password-env`` names.

    The password never appears on the command line (where ``ps`` and shell history show it).
    """
    from electionkg import config
    from electionkg.errors import InputError
    from electionkg.remote.http_client import Credentials

    if user is None and password_env is None:
        return None
    if user is None:
        raise InputError("--password-env needs --user (the user name to authenticate as)")
    if password_env is None:
        raise InputError(
            "--user needs --password-env VAR: the name of an environment variable holding "
            "the password (never the password itself)"
        )
    password = config.environment_variable(password_env)
    if password is None:
        raise InputError(
            f"--password-env {password_env}: the environment variable {password_env} is not set"
        )
    return Credentials(user, password)


def seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more: {value!r}")
    return seconds


def write_stdout(content: bytes) -> None:
    """Bytes as they are (CSV results end lines with CRLF, as the W3C format says)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()


def show_library_logging(*, progress: bool = False) -> None:
    """Show the library's log records on stderr for this run (:mod:`electionkg.cli.log_lines`).

    A warm query logs nothing and never imports :mod:`logging` (about 4 ms of its budget), so
    when it is not imported yet the lines are set up the moment something imports it: a finder
    on ``sys.meta_path`` steps aside at the first ``import logging``, lets the import system
    find the module as usual, and installs the handler as soon as the module has run.
    """
    if "logging" in sys.modules:
        from electionkg.cli import log_lines

        log_lines.install(PROG, progress=progress)
        return
    for finder in sys.meta_path:
        if isinstance(finder, _WhenLoggingIsImported):
            finder.progress = progress
            return
    sys.meta_path.insert(0, _WhenLoggingIsImported(progress))


class _WhenLoggingIsImported:
    """A meta path finder for one name, ``logging``, that wraps the loader found for it."""

    def __init__(self, progress: bool) -> None:
        self.progress = progress

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec: ModuleSpec | None = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = cast("Loader", _ThenShowLogLines(spec.loader, self.progress))
                return spec
        return None


class _ThenShowLogLines:
    """A module loader that runs the one it wraps, then :func:`log_lines.install`."""

    def __init__(self, loader: Any, progress: bool) -> None:
        self.loader = loader
        self.progress = progress

    def __getattr__(self, name: str) -> Any:  # get_source, is_package, ... as the real one
        return getattr(self.loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        from electionkg.cli import log_lines

        log_lines.install(PROG, progress=self.progress)
