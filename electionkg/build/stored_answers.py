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

from electionkg.build.cache_key import sha256

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.sparql.catalogue import QueryText, StoredQuery
    from electionkg.sparql.run import QueryOutput

ANSWERS_FOLDER = "electionkg-answers"
"""The folder of the answers inside a persistent store's folder."""


KEPT_FORMATS = {"json": ".srj", "csv": ".csv", "tsv": ".tsv"}
"""The result formats kept as written, by file suffix; ``table`` is rendered from the JSON."""


def answer_file(store_dir: Path, query_text: str, result_format: str = "json") -> Path:
    """Where the answer of ``query_text`` in ``result_format`` is kept (whether or not it is)."""
    digest = sha256(query_text.encode("utf-8")).hexdigest()
    return store_dir / ANSWERS_FOLDER / f"{digest}{KEPT_FORMATS[result_format]}"


def compute_answers(
    dataset: pyoxigraph.Store, store_dir: Path, queries: list[StoredQuery]
) -> dict[str, dict[str, Any]]:
    """Evaluate every parameterless stored SELECT on ``dataset`` (all graphs as the default
    graph) and write its answer under ``store_dir`` in each of KEPT_FORMATS, exactly as
    ``electionkg query`` writes it; returns rows and seconds per query."""
    import pyoxigraph

    from electionkg.sparql.catalogue import resolve_query
    from electionkg.sparql.run import format_results

    (store_dir / ANSWERS_FOLDER).mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict[str, Any]] = {}
    for stored in queries:
        if stored.params:
            continue
        query = resolve_query(str(stored.path))
        started = time.perf_counter()
        results = dataset.query(query.text, use_default_graph_as_union=True)
        if not isinstance(results, pyoxigraph.QuerySolutions):
            continue  # ASK, CONSTRUCT and DESCRIBE: none of the stored queries
        answer = results.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
        for result_format in KEPT_FORMATS:
            parsed = pyoxigraph.parse_query_results(answer, pyoxigraph.QueryResultsFormat.JSON)
            output = format_results(parsed, query, result_format)
            answer_file(store_dir, query.text, result_format).write_bytes(output.body)
        rows = len(json.loads(answer)["results"]["bindings"])
        summary[stored.name] = {"rows": rows, "seconds": round(time.perf_counter() - started, 3)}
    return summary


def kept_output(store_dir: Path, query: QueryText, result_format: str) -> QueryOutput | None:
    """The answer kept for ``query``'s text, written in ``result_format``; None if none is kept."""
    import pyoxigraph

    from electionkg.sparql.run import QueryOutput, format_results

    if result_format in KEPT_FORMATS:
        file = answer_file(store_dir, query.text, result_format)
        return QueryOutput("select", file.read_bytes()) if file.is_file() else None
    file = answer_file(store_dir, query.text, "json")
    if not file.is_file():
        return None
    parsed = pyoxigraph.parse_query_results(
        path=str(file), format=pyoxigraph.QueryResultsFormat.JSON
    )
    return format_results(parsed, query, result_format)
