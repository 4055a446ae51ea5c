"""Answers of the stored queries, kept in a persistent store's folder as a cache.

A persistent store is a snapshot: nothing changes it after ``electionkg build --store``. So the
first time a stored query that takes no parameter is asked of it (``query NAME --store DIR``),
the answer is evaluated live on the store and kept beside it, as SPARQL 1.1 JSON results and in
each written format, named by the SHA-256 of the query's text; later runs serve the kept answer
while the text is unchanged. An edited query, a file, a parameter, ``--no-inference`` or
``--live`` evaluates on the store and keeps nothing. The build does not compute the answers:
every stored query answers live in about a second at a million triples, and a build that
precomputed fifteen answers spent a quarter of its time on them. A folder that cannot be
written (a store shared read-only) keeps nothing and answers live every time. A test holds the
kept answers to the live ones.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from electionkg.build.cache_key import sha256

if TYPE_CHECKING:
    from electionkg.sparql.catalogue import QueryText
    from electionkg.sparql.run import QueryOutput

_LOG = logging.getLogger(__name__)

ANSWERS_FOLDER = "electionkg-answers"
"""The folder of the answers inside a persistent store's folder."""


KEPT_FORMATS = {"json": ".srj", "csv": ".csv", "tsv": ".tsv"}
"""The result formats kept as written, by file suffix; ``table`` is rendered from the JSON."""


def answer_file(store_dir: Path, query_text: str, result_format: str = "json") -> Path:
    """Where the answer of ``query_text`` in ``result_format`` is kept (whether or not it is)."""
    digest = sha256(query_text.encode("utf-8")).hexdigest()
    return store_dir / ANSWERS_FOLDER / f"{digest}{KEPT_FORMATS[result_format]}"


def keep_answer(
    store_dir: Path, query: QueryText, answer: bytes, result_format: str
) -> QueryOutput:
    """Keep ``answer`` (the query's SPARQL JSON results) under ``store_dir`` in each of
    KEPT_FORMATS, exactly as ``electionkg query`` writes it, and return it in ``result_format``.

    Each file is written beside its place and renamed into it, so a concurrent reader sees the
    whole answer or none; a folder that cannot be written keeps nothing (the answer is still
    returned).
    """
    import pyoxigraph

    from electionkg.sparql.run import format_results

    outputs = {
        kept_format: format_results(
            pyoxigraph.parse_query_results(answer, pyoxigraph.QueryResultsFormat.JSON),
            query,
            kept_format,
        )
        for kept_format in {*KEPT_FORMATS, result_format}
    }
    for kept_format in KEPT_FORMATS:
        file = answer_file(store_dir, query.text, kept_format)
        partial = file.with_name(f".{file.name}.{os.getpid()}.partial")
        try:
            file.parent.mkdir(exist_ok=True)
            partial.write_bytes(outputs[kept_format].body)
            os.replace(partial, file)
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            _LOG.info("the answer of %s is not kept in %s: %s", query.label, store_dir, error)
            break
    return outputs[result_format]


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
