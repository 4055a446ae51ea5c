"""Typed views of query answers for tests.

rdflib and pyoxigraph type the answer to any query as a union of its three forms (solutions,
triples, a boolean); a test that ran a SELECT asks for its rows here, and a wrong form fails the
test instead of being indexed blindly.
"""

from __future__ import annotations

import pyoxigraph
from rdflib.query import Result, ResultRow


def select_rows(result: Result) -> list[ResultRow]:
    """The rows of an rdflib SELECT result, in order (an ASK or CONSTRUCT result fails)."""
    assert result.type == "SELECT", f"expected a SELECT result, got {result.type}"
    return [row for row in result if isinstance(row, ResultRow)]


def solutions(
    results: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples,
) -> pyoxigraph.QuerySolutions:
    """The solutions of a pyoxigraph SELECT answer (an ASK or CONSTRUCT answer fails)."""
    assert isinstance(results, pyoxigraph.QuerySolutions), f"expected solutions, got {results!r}"
    return results
