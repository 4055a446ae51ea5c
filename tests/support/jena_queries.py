"""Many SPARQL SELECT queries over one dataset in one JVM (:file:`JenaQueryBatch.java`).

Jena's ``arq.sparql`` and ``tdb2.tdbquery`` start a JVM per query, about a second each; the
batch does what they do for each query, in one JVM: over files read into an in-memory dataset
(as ``arq.sparql --data``) or over a TDB2 database (as ``tdb2.tdbquery --loc``, optionally
with ``tdb:unionDefaultGraph``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rdflib.term import Node

from support.jena import DEFAULT_TIMEOUT, batch_sections, checked, json_term, run_jena

BATCH_SOURCE = Path(__file__).resolve().parent / "JenaQueryBatch.java"


def select_json_many(
    queries: Sequence[str],
    *,
    data: Sequence[Path] = (),
    location: Path | None = None,
    union: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[str]:
    """The SPARQL JSON results of each query, in order, over ``data`` files or a TDB2 database."""
    source = ["--loc", str(location)] if location is not None else ["--data", *map(str, data)]
    with tempfile.TemporaryDirectory(prefix="electionkg-queries-") as folder:
        files = []
        for index, text in enumerate(queries):
            files.append(Path(folder) / f"query-{index}.rq")
            files[-1].write_text(text, encoding="utf-8")
        args = [*source, *(["--union"] if union else []), "--query", *map(str, files)]
        stdout = checked(run_jena(str(BATCH_SOURCE), args, timeout), "SPARQL (batch)")
    return batch_sections(stdout, queries, "SPARQL")


def select_many(
    queries: Sequence[str], data: Sequence[Path], timeout: float = DEFAULT_TIMEOUT
) -> list[list[dict[str, Node]]]:
    """Each query's solutions over the data files, as :func:`support.jena.sparql_select` gives."""
    answers = []
    for body in select_json_many(queries, data=data, timeout=timeout):
        bindings = json.loads(body)["results"]["bindings"]
        answers.append([{k: json_term(v) for k, v in row.items()} for row in bindings])
    return answers
