"""The errors the command line turns into a message for the user (exit 2 and exit 1)."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file that is missing, unreadable or not valid RDF, a bad argument.

    The message is written for the user and names what is wrong and where (file, line,
    column). The command line prints it as ``electionkg: error: <message>`` and exits with 2.
    """


class InvalidDataError(Exception):
    """The data does not conform to the shapes, or OWL RL finds it inconsistent: not served.

    The message is the report to show (the command line prints it and exits with 1).
    """
