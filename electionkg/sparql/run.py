"""Running a query on a pyoxigraph store, within a time limit, and writing its result.

The store is read-only: pyoxigraph's query parser rejects a SPARQL update, which is then named
as such in the error and never run. A query runs in a worker thread (pyoxigraph releases the GIL
while it evaluates) and the caller waits at most ``timeout`` seconds; pyoxigraph cannot cancel a
query, so on a timeout the worker is left to die with the process, which is what the command
line does next (it exits with 2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from electionkg.errors import InputError
from electionkg.sparql.lexer import update_keyword
from electionkg.sparql.parameters import bind_values
from electionkg.sparql.syntax_errors import describe_syntax_error
from electionkg.worker_thread import InThread

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.sparql.catalogue import QueryText
    from electionkg.sparql.parameters import Term

T = TypeVar("T")

DEFAULT_TIMEOUT_SECONDS = 30.0
RESULT_FORMATS = ("table", "csv", "tsv", "json")
"""``table`` for people; the others are the W3C SPARQL 1.1 Query Results formats."""


class QueryOutput(NamedTuple):
    """What a query produced, ready to write: ``form`` is select, ask or graph."""

    form: str
    body: bytes


class QueryTimeoutError(InputError):
    """The query did not finish within the time allowed."""


@dataclass(frozen=True)
class QueryResult:
    """What a query answered, as values: ``form`` is ``select``, ``ask`` or ``graph``.

    ``variables`` and ``rows`` (one mapping per solution; unbound variables left out) for
    SELECT, ``boolean`` for ASK, ``triples`` for CONSTRUCT and DESCRIBE. Values are pyoxigraph
    terms: ``.value`` is the IRI or the lexical form.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[Mapping[str, Any], ...] = ()
    boolean: bool | None = None
    triples: tuple[Any, ...] = ()


def check_query(query: QueryText, params: Mapping[str, Term] | None = None) -> None:
    """Refuse an update, a syntax error, or a parameter pyoxigraph cannot bind, as InputError.

    Runs before the store is opened (on an empty store, where parsing is the only work), so that
    a broken query is reported at once, even when the data would first have to be built.
    """
    import pyoxigraph

    format_results(_results(pyoxigraph.Store(), query, params), query, "table")


def run_query(
    query: QueryText,
    store: pyoxigraph.Store,
    params: Mapping[str, Term] | None = None,
    *,
    result_format: str = "table",
    timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    default_graph: list[pyoxigraph.NamedNode] | None = None,
) -> QueryOutput:
    """Evaluate a query on ``store`` (default graph: the union of its graphs, or the graphs
    ``default_graph`` names) and write the result.

    SELECT results are written in ``result_format``; ASK gives ``true``/``false`` (a SPARQL
    JSON boolean for json); CONSTRUCT and DESCRIBE give Turtle. ``timeout`` (seconds; None or
    0 for none) bounds evaluation and writing; past it, QueryTimeoutError.
    """
    if result_format not in RESULT_FORMATS:
        raise InputError(
            f"unknown result format {result_format!r}: use {', '.join(RESULT_FORMATS)}"
        )
    return _within(
        timeout,
        query.label,
        lambda: format_results(_results(store, query, params, default_graph), query, result_format),
    )


def query_rows(
    query: QueryText,
    store: pyoxigraph.Store,
    params: Mapping[str, Term] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    default_graph: list[pyoxigraph.NamedNode] | None = None,
) -> QueryResult:
    """Evaluate a query on ``store`` as :func:`run_query` does; its rows, not written."""
    return _within(
        timeout, query.label, lambda: _rows_of(_results(store, query, params, default_graph))
    )


def _within(timeout: float | None, label: str, work: Callable[[], T]) -> T:
    """``work()`` in a worker thread, waiting at most ``timeout`` seconds (None or 0: no limit)."""
    worker = InThread(work, "electionkg-query")
    if not worker.join(timeout or None):
        raise QueryTimeoutError(
            f"{label} did not finish within {timeout:g} s; it may be too costly "
            "(a pattern that joins everything with everything?), or allow more time"
        )
    return worker.result()[0]


def _rows_of(results: Any) -> QueryResult:
    """pyoxigraph results as values: rows of terms, a boolean, or triples."""
    import pyoxigraph

    if isinstance(results, pyoxigraph.QueryBoolean):
        return QueryResult("ask", boolean=bool(results))
    if isinstance(results, pyoxigraph.QuerySolutions):
        variables = tuple(variable.value for variable in results.variables)
        rows = tuple(
            {name: term for name, term in zip(variables, solution, strict=True) if term is not None}
            for solution in results
        )
        return QueryResult("select", variables, rows)
    return QueryResult("graph", triples=tuple(results))


def _results(
    store: pyoxigraph.Store,
    query: QueryText,
    params: Mapping[str, Term] | None,
    default_graph: list[pyoxigraph.NamedNode] | None = None,
) -> Any:
    """pyoxigraph's results of the query with its parameters bound; InputError if refused."""
    text = bind_values(query.text, params or {})
    try:
        if default_graph is None:
            results = store.query(text, use_default_graph_as_union=True)
        else:
            results = store.query(text, default_graph=default_graph)  # type: ignore[arg-type]
    except SyntaxError as error:  # pyoxigraph parses queries only: an update is one too
        message = str(error)
        if text != query.text:  # the error at its place in the query as written
            message = _syntax_error_of(query.text) or message
        keyword = update_keyword(query.text)
        if keyword:
            raise InputError(
                f"{query.label} is a SPARQL update ({keyword}); the store is read-only: "
                "only SELECT, ASK, CONSTRUCT and DESCRIBE queries run"
            ) from None
        raise InputError(describe_syntax_error(query.text, message, query.label)) from None
    except RuntimeError as error:
        raise InputError(_runtime_error_message(query, str(error))) from None
    except OSError as error:
        raise InputError(f"{query.label}: the query failed: {error}") from None
    return results


def format_results(results: Any, query: QueryText, result_format: str) -> QueryOutput:
    """Write pyoxigraph results (solutions, a boolean, or triples) in ``result_format``."""
    import pyoxigraph

    from electionkg.sparql.results import format_boolean, format_table, graph_to_turtle

    if isinstance(results, pyoxigraph.QueryBoolean):
        answer = bool(results)
        if result_format == "json":
            body = results.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
            return QueryOutput("ask", body + b"\n")
        return QueryOutput("ask", format_boolean(answer).encode())
    if isinstance(results, pyoxigraph.QuerySolutions):
        if result_format == "table":
            variables = [variable.value for variable in results.variables]
            rows = [tuple(solution) for solution in results]
            return QueryOutput("select", format_table(variables, rows).encode())
        body = results.serialize(format=_results_formats()[result_format]) or b""
        return QueryOutput("select", body if body.endswith(b"\n") else body + b"\n")
    if result_format != "table":
        raise InputError(
            f"{query.label} is a CONSTRUCT or DESCRIBE query: its result is a graph, written "
            f"as Turtle; the result format {result_format} applies to SELECT and ASK queries"
        )
    return QueryOutput("graph", graph_to_turtle(results))


def _syntax_error_of(text: str) -> str | None:
    """pyoxigraph's syntax error message for ``text``, or None if it parses."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as error:
        return str(error)
    return None


def _runtime_error_message(query: QueryText, message: str) -> str:
    return f"{query.label}: the query failed: {message}"


def _results_formats() -> dict[str, Any]:
    import pyoxigraph

    return {
        "csv": pyoxigraph.QueryResultsFormat.CSV,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
        "json": pyoxigraph.QueryResultsFormat.JSON,
    }
