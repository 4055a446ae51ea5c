"""What the subcommands share: writing bytes to stdout, log lines, arguments used twice."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

PROG = "electionkg"

if TYPE_CHECKING:  # generic for type checkers only, not at run time
    Subparsers = argparse._SubParsersAction[Any]
    """What the ``add_<name>_command`` functions add their parser to."""


def add_credentials_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--user", metavar="USER", help="the user to authenticate as")
    group.add_argument(
        "--password-env",
        metavar="VAR",
        help="the environment variable holding the password (never the password itself)",
    )


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


def quiet_library_logging() -> None:
    """Replace Python's last-resort log output (which prints tracebacks) for this run."""
    import logging

    class _WarningLine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            print(f"{PROG}: warning: {record.getMessage()}", file=sys.stderr)

    root = logging.getLogger()
    if not any(type(handler).__name__ == "_WarningLine" for handler in root.handlers):
        root.addHandler(_WarningLine(logging.WARNING))
