"""The triplestore products ``electionkg load`` knows, as light constants.

Kept apart from ``graph_store`` (which imports the HTTP stack) so that building the command
line, which every ``electionkg`` run does, stays fast.
"""

from __future__ import annotations

STORES = ("fuseki", "graphdb", "oxigraph", "virtuoso", "gsp")
"""The values of ``--store``; ``gsp`` is any server implementing the W3C protocol."""

DEFAULT_TIMEOUT_SECONDS = 60.0
"""How long ``load`` waits for one request."""
