"""Answers of the stored queries, computed once when a persistent store is built.

A persistent store is a snapshot: nothing changes it after ``electionkg build --store``. So the
answer of each stored query that takes no parameter is computed at build time, on the
in-memory dataset (where Oxigraph is several times faster than on disk, and while validation
runs on the other core), and kept in the store's folder as SPARQL 1.1 JSON results, named by the
SHA-256 of the query's text. ``query NAME --store DIR`` serves it when the text is unchanged;
an edited query, a parameter, ``--no-inference`` or ``--live`` evaluates on the store instead.
A test holds the stored answers to the live ones.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from electionkg.store import sha256

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.queries import StoredQuery

ANSWERS_FOLDER = "electionkg-answers"
"""The folder of the answers inside a persistent store's folder."""


def answer_file(store_dir: Path, query_text: str) -> Path:
    """Where the answer of ``query_text`` is kept (whether or not it exists)."""
    digest = sha256(query_text.encode("utf-8")).hexdigest()
    return store_dir / ANSWERS_FOLDER / f"{digest}.srj"


def compute_answers(
    dataset: pyoxigraph.Store, store_dir: Path, queries: list[StoredQuery]
) -> dict[str, dict[str, Any]]:
    """Evaluate every parameterless stored SELECT on ``dataset`` (all graphs as the default
    graph) and write its answer under ``store_dir``; returns rows and seconds per query."""
    import pyoxigraph

    (store_dir / ANSWERS_FOLDER).mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict[str, Any]] = {}
    for stored in queries:
        if stored.params:
            continue
        text = stored.path.read_text(encoding="utf-8")
        started = time.perf_counter()
        results = dataset.query(text, use_default_graph_as_union=True)
        if not isinstance(results, pyoxigraph.QuerySolutions):
            continue  # ASK, CONSTRUCT and DESCRIBE are cheap enough, and rare here
        body = results.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
        answer_file(store_dir, text).write_bytes(body)
        rows = len(json.loads(body)["results"]["bindings"])
        summary[stored.name] = {"rows": rows, "seconds": round(time.perf_counter() - started, 3)}
    return summary


def stored_answer(store_dir: Path, query_text: str) -> pyoxigraph.QuerySolutions | None:
    """The answer kept for ``query_text``, or None when there is none."""
    import pyoxigraph

    file = answer_file(store_dir, query_text)
    if not file.is_file():
        return None
    results = pyoxigraph.parse_query_results(
        path=str(file), format=pyoxigraph.QueryResultsFormat.JSON
    )
    return results if isinstance(results, pyoxigraph.QuerySolutions) else None
