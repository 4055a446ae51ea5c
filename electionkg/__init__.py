"""electionkg: an open knowledge graph of elections, every fact traceable to its source.

The library API (see :mod:`electionkg.project`)::

    from electionkg import Project, run_query

    for row in run_query("seat-distribution").rows:
        print(row["party"].value)

Names are imported when first used, so that ``import electionkg`` (and a warm
``electionkg query``) stays fast.
"""

from __future__ import annotations

from typing import Any

_API = {
    "Project": "electionkg.project",
    "build": "electionkg.project",
    "check": "electionkg.project",
    "export": "electionkg.project",
    "run_query": "electionkg.project",
    "validate": "electionkg.project",
    "QueryResult": "electionkg.sparql.run",
    "DataError": "electionkg.errors",
    "InputError": "electionkg.errors",
    "RemoteError": "electionkg.errors",
}

__all__ = [*_API, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    # Read from the installed metadata only when asked for: importing importlib.metadata takes
    # about 15 ms, a quarter of a warm `electionkg query`.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("electionkg")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
