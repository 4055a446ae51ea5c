"""The errors of the library, each with the exit code the command line gives it.

Messages are written for the user: they name what is wrong and where (file and line, node and
rule, or URL), and never a command-line flag, so that the library reads the same from Python.
The command line prints one line, ``electionkg: error: <message>``, and exits with the code.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file that is missing, unreadable or not valid RDF, a bad argument (exit 2)."""

    exit_code = 2


class DataError(Exception):
    """The data does not conform to the shapes, or OWL RL finds it inconsistent: not served.

    The message is the report to show (exit 1).
    """

    exit_code = 1


InvalidDataError = DataError
"""The name :class:`DataError` had before the library API; kept for existing callers."""


class RemoteError(Exception):
    """A remote server failed or refused a request; the message names the URL (exit 3)."""

    exit_code = 3
