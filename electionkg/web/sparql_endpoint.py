"""Answering SPARQL 1.1 Protocol queries for the server, read-only and bounded.

Results are written here, row by row, rather than by pyoxigraph's serializers: iterating in
Python lets the endpoint check its time limit and row limit between rows, so a query that would
stream forever (``?a ?b ?c . ?d ?e ?f . ...``) is stopped instead of filling memory. A query that
blocks inside the engine before its first row (a sort over a huge join) cannot be interrupted
(pyoxigraph has no cancellation): it keeps one of :data:`MAX_CONCURRENT_QUERIES` slots until it
ends, and the client gets its time-out answer on time all the same.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

from electionkg.sparql.queries import update_keyword
from electionkg.web.negotiation import negotiate

if TYPE_CHECKING:
    import pyoxigraph

QUERY_TIME_LIMIT_SECONDS = 10.0
MAX_ROWS = 100_000
MAX_QUERY_BYTES = 32 * 1024
"""Request bodies (and query strings) longer than this are refused with 413."""
MAX_CONCURRENT_QUERIES = 4

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "text/html": "html",
}
"""SELECT result formats in our order of preference; HTML (a table) last, for browsers."""
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "html": "text/html",
}


class SparqlError(Exception):
    """A query the endpoint refuses: ``status`` is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class SparqlAnswer(NamedTuple):
    body: bytes
    media_type: str


_slots = threading.BoundedSemaphore(MAX_CONCURRENT_QUERIES)


def answer(
    store: pyoxigraph.Store,
    query: str,
    accept: str | None,
    *,
    graph_writer: Callable[[list[pyoxigraph.Triple], str], bytes],
    time_limit: float | None = None,
) -> SparqlAnswer:
    """Run ``query`` on ``store`` (default graph: the union) and write it as ``accept`` asks.

    Raises SparqlError: 400 a syntax error, 403 an update, 406 no acceptable format,
    503 the endpoint is busy with other queries, 400 past the time limit: the client asked
    for more than the endpoint gives, as with a query that is too long (413).
    """
    keyword = update_keyword(query)
    if keyword is not None:
        raise SparqlError(403, f"this endpoint is read-only: SPARQL {keyword} is not allowed")
    if time_limit is None:
        time_limit = QUERY_TIME_LIMIT_SECONDS  # read now, so that a test can lower it
    deadline = time.monotonic() + time_limit
    if not _slots.acquire(timeout=1.0):
        raise SparqlError(503, "the endpoint is busy with other queries; try again shortly")
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = _evaluate(store, query, accept, graph_writer, deadline)
        except BaseException as error:  # handed to the waiting request, without its frames
            error.__traceback__ = error.__context__ = error.__cause__ = None
            outcome["error"] = error
        finally:
            _slots.release()

    worker = threading.Thread(target=run, name="electionkg-sparql", daemon=True)
    worker.start()
    worker.join(time_limit + 0.5)
    if worker.is_alive():
        raise SparqlError(
            400, f"the query did not finish within the time limit of {time_limit:g} s"
        )
    error = outcome.get("error")
    if isinstance(error, SyntaxError):
        raise SparqlError(400, f"SPARQL syntax error: {error}")
    if error is not None:
        raise error
    result: SparqlAnswer = outcome["value"]
    return result


def _evaluate(
    store: pyoxigraph.Store,
    query: str,
    accept: str | None,
    graph_writer: Callable[[list[pyoxigraph.Triple], str], bytes],
    deadline: float,
) -> SparqlAnswer:
    import pyoxigraph

    results = store.query(query, use_default_graph_as_union=True)
    if isinstance(results, pyoxigraph.QueryBoolean):
        media_type = _choose(
            accept,
            [
                "application/sparql-results+json",
                "application/sparql-results+xml",
                "text/csv",
                "text/tab-separated-values",
                "application/json",
            ],
        )
        kind = SELECT_TYPES[media_type]
        return SparqlAnswer(_boolean(bool(results), kind), _with_charset(media_type))
    if isinstance(results, pyoxigraph.QueryTriples):
        media_type = _choose(accept, list(GRAPH_TYPES))
        triples = list(_bounded(results, deadline))
        return SparqlAnswer(
            graph_writer(triples, GRAPH_TYPES[media_type]), _with_charset(media_type)
        )
    media_type = _choose(accept, list(SELECT_TYPES))
    variables = [variable.value for variable in results.variables]
    rows = [[solution[name] for name in variables] for solution in _bounded(results, deadline)]
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv, "html": _html}[
        SELECT_TYPES[media_type]
    ]
    return SparqlAnswer(writer(variables, rows), _with_charset(media_type))


def _with_charset(media_type: str) -> str:
    return media_type + "; charset=utf-8" if media_type.startswith("text/") else media_type


def _choose(accept: str | None, offers: list[str]) -> str:
    chosen = negotiate(accept, offers)
    if chosen is None:
        raise SparqlError(
            406, "none of the requested formats is offered; offered: " + ", ".join(offers)
        )
    return chosen


def _bounded(items: Iterable[Any], deadline: float) -> Iterable[Any]:
    for count, item in enumerate(items):
        if count >= MAX_ROWS:
            raise SparqlError(400, f"the query gives more than {MAX_ROWS} results; add a LIMIT")
        if count % 256 == 0 and time.monotonic() > deadline:
            raise SparqlError(400, "the query did not finish within the time limit")
        yield item


def _term_json(term: Any) -> dict[str, str]:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": str(term)}


def _json(variables: list[str], rows: list[list[Any]]) -> bytes:
    bindings = [
        {
            name: _term_json(term)
            for name, term in zip(variables, row, strict=True)
            if term is not None
        }
        for row in rows
    ]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _xml(variables: list[str], rows: list[list[Any]]) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(name)}/>" for name in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for name, term in zip(variables, row, strict=True):
            if term is None:
                continue
            value = _term_json(term)
            if value["type"] == "uri":
                inner = f"<uri>{escape(value['value'])}</uri>"
            elif value["type"] == "bnode":
                inner = f"<bnode>{escape(value['value'])}</bnode>"
            else:
                attributes = ""
                if "xml:lang" in value:
                    attributes = f" xml:lang={quoteattr(value['xml:lang'])}"
                elif "datatype" in value:
                    attributes = f" datatype={quoteattr(value['datatype'])}"
                inner = f"<literal{attributes}>{escape(value['value'])}</literal>"
            out.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out).encode("utf-8")


def _csv(variables: list[str], rows: list[list[Any]]) -> bytes:
    import pyoxigraph

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        cells = []
        for term in row:
            if term is None:
                cells.append("")
            elif isinstance(term, pyoxigraph.BlankNode):
                cells.append(f"_:{term.value}")
            else:
                cells.append(term.value)
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def _tsv(variables: list[str], rows: list[list[Any]]) -> bytes:
    lines = ["\t".join(f"?{name}" for name in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else str(term) for term in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _html(variables: list[str], rows: list[list[Any]]) -> bytes:
    """SELECT results as a page with a table, for people using the query form."""
    from html import escape

    from electionkg.sparql.results import format_term
    from electionkg.web.html_pages import layout

    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in variables)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(format_term(term))}</td>" for term in row) + "</tr>"
        for row in rows
    )
    count = f"{len(rows)} result{'s' if len(rows) != 1 else ''}"
    page = (
        f'<h1>Query results</h1><p>{count}. <a href="/sparql">Back to the query form</a>.</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
    return layout("Query results", page).encode("utf-8")


def _boolean(value: bool, kind: str) -> bytes:
    if kind == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if kind in ("csv", "tsv", "html"):
        return b"true\n" if value else b"false\n"
    return json.dumps({"head": {}, "boolean": value}).encode()
