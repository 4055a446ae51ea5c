"""Answering SPARQL 1.1 Protocol queries for the server: read-only, bounded, and offline.

Before a query runs it is read (not parsed) for what the endpoint refuses: an update (403) and a
federated ``SERVICE`` call (400, unless its endpoint is on the allow-list, empty by default: a
public endpoint that calls any URL it is given is an open proxy and a server-side request
forgery). It then runs in a worker process (:mod:`electionkg.web.query_workers`) that is killed
at the time limit, so a runaway query frees its slot. Results are written here row by row
(:mod:`electionkg.web.sparql_results`), so that the time limit is checked between rows.

A large answer is paged, not refused: a response holds at most :data:`MAX_ROWS` rows (or
triples), and when there are more it says so in ``X-SPARQL-MaxRows`` (Virtuoso's header) and
links the next page (``Link: <...&offset=N>; rel="next"``, RFC 8288). ``offset`` is a request
parameter of this endpoint: the same query with ``offset=N`` skips the first N rows. The data
does not change while serving and evaluation is deterministic, so the pages of one query are
its whole answer, each row once.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, NamedTuple

from electionkg.sparql.lexer import declared_prefixes, tokenize, update_keyword
from electionkg.web.negotiation import negotiate
from electionkg.web.query_workers import QueryWorkers, WorkerLost, WorkersBusy, WorkerTimedOut
from electionkg.web.sparql_results import WRITERS, NotWritable, write_boolean

if TYPE_CHECKING:
    import pyoxigraph

QUERY_TIME_LIMIT_SECONDS = 10.0
MAX_ROWS = 100_000
MAX_QUERY_BYTES = 32 * 1024
"""Request bodies (and query strings) longer than this are refused with 413."""
MAX_CONCURRENT_QUERIES = 4
MAX_QUERIES_PER_CLIENT = 2
"""One client address cannot hold more than this many of the worker slots, so a few runaway
queries from one place leave room for everyone else. (Behind a reverse proxy every client has
the proxy's address: set the limit there, per real client.)"""
MAX_KEPT_ANSWERS = 1024
MAX_KEPT_BYTES = 32 * 1024 * 1024
"""An answer up to this size is kept (a page of MAX_ROWS rows of JSON is about 20 MB)..."""
MAX_KEPT_TOTAL_BYTES = 256 * 1024 * 1024
"""... while all the kept answers together stay under this."""
RETRY_AFTER_SECONDS = 2

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "text/html": "html",
}
"""SELECT and ASK result formats in our order of preference; HTML (a table) last, for browsers."""
SELECT_NAMES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
GRAPH_NAMES = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "application/turtle": "text/turtle",
    "text/n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
    "html": "text/html",
}
"""Format names clients put in ``format=``/``output=``/``results=`` (SPARQLWrapper sends its
own name in all three, Virtuoso and Fuseki read ``format`` and ``output``), by query form."""
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/json": "jsonld",
    "text/html": "turtle",
}
"""CONSTRUCT and DESCRIBE formats; a browser (HTML) is shown Turtle as plain text."""

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class SparqlError(Exception):
    """A query the endpoint refuses: ``status`` is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class SparqlAnswer(NamedTuple):
    body: bytes
    media_type: str
    next_offset: int | None = None
    """Where the next page starts, when the answer has more rows than this page holds."""


class QueryJob(NamedTuple):
    """One protocol request: the query, the Accept header in force, and the dataset it names."""

    query: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    """Values of ``format``, ``output`` and ``results``: honoured where they name a format of
    the query's form (``xml`` is SPARQL XML for SELECT and RDF/XML for CONSTRUCT), else ignored."""
    offset: int = 0
    """The rows (or triples) of the answer to skip: the page that starts there."""


def service_endpoints(query: str) -> list[str | None]:
    """The endpoints a query's ``SERVICE`` clauses call (None where it is a variable or unknown).

    SPARQL resolves ``\\uXXXX`` escapes before parsing, so they are resolved here too: a
    ``\\u0053ERVICE`` is a SERVICE."""
    text = _CODEPOINT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    tokens = [t for t in tokenize(text) if t.kind not in ("space", "comment")]
    prefixes = declared_prefixes(text)
    found: list[str | None] = []
    for index, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "SERVICE":
            continue
        following = tokens[index + 1 : index + 3]
        if following and following[0].text.upper() == "SILENT":
            following = following[1:]
        target = following[0] if following else None
        if target is not None and target.kind == "iri":
            found.append(target.text[1:-1])
        elif target is not None and target.kind == "pname":
            prefix, _, local = target.text.partition(":")
            found.append(prefixes[prefix] + local if prefix in prefixes else None)
        else:
            found.append(None)
    return found


class SparqlEndpoint:
    """The query side of the server: checks, worker processes, formats."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        graph_writer: Callable[[list[pyoxigraph.Triple], str], bytes],
        *,
        allowed_services: Sequence[str] = (),
        workers: int = MAX_CONCURRENT_QUERIES,
        wait: float = 1.0,
    ) -> None:
        self.store = store
        self.graph_writer = graph_writer
        self.allowed_services = frozenset(allowed_services)
        self._answers: dict[QueryJob, SparqlAnswer] = {}
        self._kept_bytes = 0
        self._running: Counter[str] = Counter()
        self._client_lock = threading.Lock()
        self._in_flight: dict[QueryJob, Future[SparqlAnswer]] = {}
        self.workers = QueryWorkers(
            self._run_job, size=workers, wait=wait, offline=not self.allowed_services
        )

    def check(self, query: str) -> None:
        """SparqlError for what is refused before anything runs: updates and SERVICE calls."""
        keyword = update_keyword(query)
        if keyword is not None:
            raise SparqlError(403, f"this endpoint is read-only: SPARQL {keyword} is not allowed")
        for endpoint in service_endpoints(query):
            if endpoint is None or endpoint not in self.allowed_services:
                shown = "a variable endpoint" if endpoint is None else f"<{endpoint[:200]}>"
                raise SparqlError(
                    400,
                    f"federated queries are not allowed here: SERVICE {shown} is not on this "
                    "endpoint's allow-list (serve --allow-service IRI adds one)",
                )

    def answer(
        self, job: QueryJob, time_limit: float | None = None, client: str = ""
    ) -> SparqlAnswer:
        """Run ``job`` in a worker; SparqlError says why not (400, 403, 406, 503).

        The data does not change while serving, so an answer is kept (up to
        :data:`MAX_KEPT_ANSWERS`, each under :data:`MAX_KEPT_BYTES`, in all under
        :data:`MAX_KEPT_TOTAL_BYTES`) and the same request is
        answered again without a worker: the stored queries people and pages run repeatedly.
        The same request arriving while it runs waits for that run instead of starting another."""
        kept = self._answers.get(job)
        if kept is not None:
            return kept
        self.check(job.query)
        mine: Future[SparqlAnswer] = Future()
        with self._client_lock:
            running = self._in_flight.setdefault(job, mine)
        if running is not mine:
            return running.result()
        try:
            result = self._answer_for(job, time_limit, client)
        except BaseException as error:
            mine.set_exception(error)
            raise
        else:
            mine.set_result(result)
            return result
        finally:
            with self._client_lock:
                del self._in_flight[job]

    def _answer_for(self, job: QueryJob, time_limit: float | None, client: str) -> SparqlAnswer:
        with self._client_lock:
            if self._running[client] >= MAX_QUERIES_PER_CLIENT:
                raise SparqlError(
                    503,
                    f"you already have {MAX_QUERIES_PER_CLIENT} queries running here; "
                    "wait for them to finish",
                    {"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
            self._running[client] += 1
        try:
            return self._answer_in_worker(job, time_limit)
        finally:
            with self._client_lock:
                self._running[client] -= 1
                if not self._running[client]:
                    del self._running[client]

    def _answer_in_worker(self, job: QueryJob, time_limit: float | None) -> SparqlAnswer:
        if time_limit is None:
            time_limit = QUERY_TIME_LIMIT_SECONDS  # read now, so that a test can lower it
        try:
            outcome = self.workers.run((job, time_limit), time_limit + 0.5)
        except WorkerLost:
            raise SparqlError(
                503,
                "the query's worker process ended without an answer; try again",
                {"Retry-After": str(RETRY_AFTER_SECONDS)},
            ) from None
        except WorkersBusy:
            raise SparqlError(
                503,
                "the endpoint is busy with other queries; try again shortly",
                {"Retry-After": str(RETRY_AFTER_SECONDS)},
            ) from None
        except WorkerTimedOut:
            raise SparqlError(
                400,
                f"the query did not finish within the time limit of {time_limit:g} s; "
                "it was stopped",
            ) from None
        if outcome[0] == "error":
            raise SparqlError(outcome[1], outcome[2])
        result: SparqlAnswer = outcome[1]
        size = len(result.body)
        with self._client_lock:
            if (
                size <= MAX_KEPT_BYTES
                and self._kept_bytes + size <= MAX_KEPT_TOTAL_BYTES
                and len(self._answers) < MAX_KEPT_ANSWERS
                and job not in self._answers
            ):
                self._answers[job] = result
                self._kept_bytes += size
        return result

    def _run_job(self, payload: tuple[QueryJob, float]) -> tuple[Any, ...]:
        """In the worker process: the answer, or the error as (status, message)."""
        job, time_limit = payload
        try:
            return ("ok", self._evaluate(job, time.monotonic() + time_limit))
        except SparqlError as error:
            return ("error", error.status, str(error))
        except SyntaxError as error:
            return ("error", 400, f"SPARQL syntax error: {error}")
        except NotWritable as error:
            return ("error", 406, str(error))
        except (OSError, ValueError, RuntimeError) as error:
            return ("error", 400, f"the query failed: {error}")

    def _evaluate(self, job: QueryJob, deadline: float) -> SparqlAnswer:
        import pyoxigraph

        results = self.store.query(job.query, **_dataset_arguments(job))
        if isinstance(results, pyoxigraph.QueryTriples):
            accept = _named_format(job, GRAPH_NAMES, GRAPH_TYPES)
        else:
            accept = _named_format(job, SELECT_NAMES, SELECT_TYPES)
        if isinstance(results, pyoxigraph.QueryBoolean):
            media_type = _choose(accept, list(SELECT_TYPES))
            kind = SELECT_TYPES[media_type]
            return SparqlAnswer(write_boolean(bool(results), kind), _with_charset(media_type))
        if isinstance(results, pyoxigraph.QueryTriples):
            media_type = _choose(accept, list(GRAPH_TYPES))
            triples, next_offset = _page(results, job.offset, deadline)
            shown = "text/plain" if media_type == "text/html" else media_type
            body = self.graph_writer(triples, GRAPH_TYPES[media_type])
            return SparqlAnswer(body, _with_charset(shown), next_offset)
        media_type = _choose(accept, list(SELECT_TYPES))
        variables = [variable.value for variable in results.variables]
        solutions, next_offset = _page(results, job.offset, deadline)
        rows = [[solution[name] for name in variables] for solution in solutions]
        writer = WRITERS[SELECT_TYPES[media_type]]
        return SparqlAnswer(writer(variables, rows), _with_charset(media_type), next_offset)


def _dataset_arguments(job: QueryJob) -> dict[str, Any]:
    """``default-graph-uri`` and ``named-graph-uri`` as pyoxigraph's query arguments.

    Without them the default graph is the union of the named graphs (the ontology, the facts
    and the inferences); with them, exactly the graphs named (SPARQL 1.1 Protocol §2.1.4)."""
    import pyoxigraph

    if not job.default_graphs and not job.named_graphs:
        return {"use_default_graph_as_union": True}
    arguments: dict[str, Any] = {}
    if job.default_graphs:
        arguments["default_graph"] = [pyoxigraph.NamedNode(iri) for iri in job.default_graphs]
    if job.named_graphs:
        arguments["named_graphs"] = [pyoxigraph.NamedNode(iri) for iri in job.named_graphs]
    elif job.default_graphs:
        arguments["named_graphs"] = []
    return arguments


def _named_format(job: QueryJob, names: dict[str, str], types: dict[str, str]) -> str | None:
    """The media type the first known format parameter names, else the Accept header."""
    for value in job.formats:
        value = value.strip().lower()
        if value in names:
            return names[value]
        if value in types:
            return value
    return job.accept


def _with_charset(media_type: str) -> str:
    return media_type + "; charset=utf-8" if media_type.startswith("text/") else media_type


def _choose(accept: str | None, offers: list[str]) -> str:
    chosen = negotiate(accept, offers)
    if chosen is None:
        raise SparqlError(
            406, "none of the requested formats is offered; offered: " + ", ".join(offers)
        )
    return chosen


def _page(items: Iterable[Any], offset: int, deadline: float) -> tuple[list[Any], int | None]:
    """The rows from ``offset`` on, at most MAX_ROWS of them, and where the next page starts
    (None when this page holds the last row). The time limit is checked between rows."""
    page: list[Any] = []
    for count, item in enumerate(items):
        if count % 256 == 0 and time.monotonic() > deadline:
            raise SparqlError(400, "the query did not finish within the time limit")
        if count < offset:
            continue
        if len(page) == MAX_ROWS:
            return page, count
        page.append(item)
    return page, None
