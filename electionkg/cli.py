"""The ``electionkg`` command: a thin layer that parses arguments and calls the library.

Exit codes: 0 ok; 1 the data fails a check (SHACL violations, a failed check); 2 bad input
or usage; 130 interrupted; 141 stdout closed early (broken pipe); 70 an internal error (a bug).
Errors are one line, ``electionkg: error: <message>``, on stderr; never a traceback.

Nothing heavy is imported at module level (no rdflib, pySHACL, owlrl): each handler imports
what it needs, so that light subcommands start fast.

To add a subcommand, write one ``_add_<name>_command(subparsers)`` function that adds its
parser and sets ``handler=_<name>``, write the handler ``_<name>(args) -> int`` that calls
one library function, and add the ``_add_<name>_command`` call to ``_build_parser``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from electionkg import __version__
from electionkg.errors import InputError

PROG = "electionkg"
DEBUG_ENV = "ELECTIONKG_DEBUG"
"""Set to 1 to get the Python traceback of an unexpected error instead of one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version (0) and usage errors (2) exit in argparse
        return 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 2
    _quiet_library_logging()
    try:
        code: int = args.handler(args)
        sys.stdout.flush()
        return code
    except InputError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
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
        if os.environ.get(DEBUG_ENV):
            raise
        print(
            f"{PROG}: internal error: {type(error).__name__}: {error} "
            f"(set {DEBUG_ENV}=1 to see the traceback)",
            file=sys.stderr,
        )
        return 70


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="An open knowledge graph of elections: every fact traceable to its source.",
        epilog="Exit codes: 0 ok, 1 the data fails a check, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    _add_validate_command(subparsers)
    _add_check_command(subparsers)
    return parser


def _add_validate_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "validate",
        help="SHACL report for the project graph or the given files",
        description=(
            "Validate against the project's SHACL shapes. Without FILE: the project graph "
            "(ontology/ + graph/). With FILEs: the files, merged with the ontology, form the "
            "data graph. Exit 0 conforms, 1 violations, 2 bad input."
        ),
    )
    command.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="RDF file: Turtle unless named .nt, .nq, .trig, .jsonld, .rdf or .xml",
    )
    command.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    from electionkg.loading import load_ontology, load_project_graph, parse_rdf_file
    from electionkg.validation import validate

    if args.files:
        data = load_ontology()
        for file in args.files:
            data += parse_rdf_file(file)
    else:
        data = load_project_graph()
    report = validate(data)
    print(report.format_text())
    return 0 if report.conforms else 1


def _add_check_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "check",
        help="syntax, shapes, verbatim quotes, seed hashes, queries parse",
        description=(
            "Run every check on the project data, one line each. "
            "Exit 0 all ok, 1 a check fails, 2 bad input."
        ),
    )
    command.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    from electionkg.checks import run_checks

    results = run_checks()
    for result in results:
        print(result.format_line())
    return 0 if all(result.ok for result in results) else 1


class _WarningLine(logging.Handler):
    """Library warnings as one line on the current stderr, never with a traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{PROG}: warning: {record.getMessage()}", file=sys.stderr)


def _quiet_library_logging() -> None:
    """Replace Python's last-resort log output (which prints tracebacks) for this run."""
    root = logging.getLogger()
    if not any(isinstance(handler, _WarningLine) for handler in root.handlers):
        root.addHandler(_WarningLine(logging.WARNING))
