"""How the command line shows the library's log records: one line each on stderr.

The library reports through :mod:`logging` (a logger per module) and never prints. The command
line shows the warnings of every logger as ``electionkg: warning: <message>``, one line (Python's
last-resort output would add a traceback), in its own words (:mod:`electionkg.cli.wording`);
and, for the commands whose progress is part of their output (``load``, ``serve``), the INFO
records of the ``electionkg`` loggers as they are.
"""

from __future__ import annotations

import logging
import sys

from electionkg.cli.wording import for_the_command_line

LIBRARY_LOGGER = "electionkg"
ILL_TYPED_LITERAL = "Failed to convert Literal lexical form to value"
"""rdflib's warning for a literal such as "2024-09-31"^^xsd:date: the checks report it, naming
the node and the property (the "well-typed literals" rule), so the command line drops rdflib's
own line, which names a Python function instead."""


class LogLines(logging.Handler):
    """Writes records to the ``sys.stderr`` of the moment (a test may have replaced it)."""

    def __init__(self, prog: str) -> None:
        super().__init__(logging.INFO)
        self.prog = prog
        self.progress = False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if record.name.startswith("rdflib") and record.getMessage().startswith(
                ILL_TYPED_LITERAL
            ):
                return
            if record.levelno >= logging.WARNING:
                line = f"{self.prog}: warning: {for_the_command_line(record.getMessage())}"
            elif self.progress and record.name.split(".")[0] == LIBRARY_LOGGER:
                line = for_the_command_line(record.getMessage())
            else:
                return
            print(line, file=sys.stderr, flush=True)
        except Exception:  # as logging's own handlers do: a bad record never stops the work
            self.handleError(record)


def install(prog: str, *, progress: bool) -> None:
    """Show the log records of this run as lines on stderr (warnings; with ``progress``, the
    library's INFO records too). Called again for each run, it replaces the settings."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, LogLines)), None)
    if handler is None:
        handler = LogLines(prog)
        root.addHandler(handler)
    handler.progress = progress
    # INFO records of the library are made only when someone shows them (the level is
    # inherited from the root logger, WARNING, otherwise).
    logging.getLogger(LIBRARY_LOGGER).setLevel(logging.INFO if progress else logging.NOTSET)
