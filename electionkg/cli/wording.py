"""The library's messages in the command line's words: parameters become the flags that set them.

A library caller has no flags, so the library names what is wrong by its parameter, written as
in a call (``endpoint=URL``, ``dataset=NAME``, ``inference=False``): see :mod:`electionkg.errors`.
The command line shows the same message with the flag that sets that parameter (``--endpoint
URL``, ``--dataset NAME``, ``--no-inference``). Each entry is a phrase of a library message and
its command-line wording; ``tests/test_library_hygiene.py`` checks that every phrase still occurs
in the library, so that the table cannot go stale silently.
"""

from __future__ import annotations

import re

FLAG_WORDING: tuple[tuple[str, str], ...] = (
    # credentials: the command line reads the password from a variable, never from argv
    (
        "check the user and the password of credentials=Credentials(USER, PASSWORD)",
        "check --user and the password in the --password-env variable",
    ),
    ("credentials=Credentials(USER, PASSWORD)", "--user and --password-env"),
    # what to run or pass instead
    ("load them (load_into_triplestore)", "load them with `electionkg load --endpoint URL`"),
    # one parameter each
    ("base_url", "--base-url"),
    ("endpoint=", "--endpoint "),
    ("store=NAME", "--store"),
    ("store=", "--store "),
    ("dataset=", "--dataset "),
    ("repository=", "--repository "),
    ("timeout=SECONDS", "--timeout"),
    ("result_format=", "--format "),
    ("default_graphs=", "--default-graph-uri "),
    ("default_graphs", "--default-graph-uri"),
    ("server_default_graph=True", "--server-default-graph"),
    ("inference=False", "--no-inference"),
)
"""(library phrase, command-line phrase), the longer phrase of a parameter first."""

_PHRASE = re.compile("|".join(rf"(?<![\w.?&/]){re.escape(library)}" for library, _ in FLAG_WORDING))
_COMMAND_LINE = dict(FLAG_WORDING)

_PERSISTENT_STORE = re.compile(r"Project\.build\(store=(?P<dir>[^)]*)\)")
"""How the library says to build a persistent store; the command line names its command."""


def for_the_command_line(message: str) -> str:
    """``message`` with each parameter of the library named by its command-line flag."""
    message = _PERSISTENT_STORE.sub(r"`electionkg build --store \g<dir>`", message)
    return _PHRASE.sub(lambda found: _COMMAND_LINE[found.group(0)], message)
