"""The one error type the command line turns into a message for the user."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file that is missing, unreadable or not valid RDF, a bad argument.

    The message is written for the user and names what is wrong and where (file, line,
    column). The command line prints it as ``electionkg: error: <message>`` and exits with 2.
    """
