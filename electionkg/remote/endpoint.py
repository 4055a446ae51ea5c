"""Run a stored query (or any query) on a remote SPARQL endpoint with the SPARQL 1.1 Protocol.

The request is a GET with ``query=`` when the URL stays short, otherwise a POST of an
``application/x-www-form-urlencoded`` form (protocol section 2.1.2); never the direct
``application/sparql-query`` POST, on which Virtuoso hangs. The answer is asked for as SPARQL
JSON results (graphs as N-Triples or Turtle), parsed into terms by pyoxigraph and written with
the same writers as the embedded store, so ``--format`` means the same thing on both paths.

Parameters are bound without pasting user text into the query: each ``--param`` is parsed and
checked into an RDF term (``queries.bind_parameters``), and the terms are written in N-Triples
syntax into one ``VALUES`` block (SPARQL 1.1 section 10.2). The block goes first inside the
query's outermost group (``WHERE { VALUES ... }``, ``queries.bind_values``, as on the
embedded store), which binds the variables before the rest is evaluated; a block appended after
the query is joined only at the end, and Virtuoso 7.2 then drops the join inside ``UNION``
branches that ``BIND`` (``claim-provenance`` returned every candidate's claims). A query
without a group pattern (``DESCRIBE <iri>``) gets the block appended.

Which graph a server's default graph is differs (see the README): GraphDB and Virtuoso answer from
the union of all graphs; Fuseki only with ``tdb2:unionDefaultGraph true``; Oxigraph only when
started with ``--union-default-graph``. So the query names the dataset's own graphs, the three of
:data:`DATASET_GRAPHS` (two with ``--no-inference``), as ``default-graph-uri`` (SPARQL 1.1
Protocol section 2.1.4): every server then answers from the same merge, whatever its set-up, and
no other data on the server leaks in. ``--default-graph-uri`` names other graphs instead;
``--server-default-graph`` sends none and takes the server's default graph.

An empty answer is not an error (exit 0), but when the graphs it was asked of are missing on the
server (an ``ASK`` per graph), :func:`empty_answer_warning` says so in a logged warning: a
server nobody loaded, or a default graph that is not the union, otherwise looks like "no rows".
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from electionkg.errors import InputError, RemoteError
from electionkg.rdf import namespaces
from electionkg.remote.http_client import (
    Credentials,
    HttpRequest,
    check_endpoint_url,
    send,
)
from electionkg.sparql.catalogue import resolve_query
from electionkg.sparql.lexer import tokenize
from electionkg.sparql.parameters import bind_parameters, bind_values
from electionkg.sparql.run import QueryOutput

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.sparql.catalogue import QueryText

MAX_GET_URL = 2000
"""Longer request URLs are sent as a form POST instead (many servers and proxies cap URLs)."""

ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.7"
)
"""The W3C results formats, JSON first; N-Triples or Turtle for CONSTRUCT and DESCRIBE."""

ASSERTED_GRAPHS = (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH)
"""The default graphs of ``--no-inference`` on an endpoint: everything but the inferences."""

DATASET_GRAPHS = (*ASSERTED_GRAPHS, namespaces.INFERRED_GRAPH)
"""The default graphs of a query on an endpoint: the graphs ``electionkg load`` writes."""

_LOG = logging.getLogger(__name__)


def query_form(text: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``: the first query keyword."""
    for token in tokenize(text):
        word = token.text.upper()
        if token.kind == "word" and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word.lower()
    return "select"


def build_request(
    endpoint: str,
    query_text: str,
    default_graphs: Sequence[str] = (),
    max_get_url: int = MAX_GET_URL,
) -> HttpRequest:
    """The SPARQL 1.1 Protocol request: GET when the URL is short enough, else a form POST."""
    fields = [("query", query_text)] + [("default-graph-uri", iri) for iri in default_graphs]
    encoded = urllib.parse.urlencode(fields)
    headers = {"Accept": ACCEPT}
    separator = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{separator}{encoded}"
    if len(url) <= max_get_url:
        return HttpRequest("GET", url, headers)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return HttpRequest("POST", endpoint, headers, encoded.encode("ascii"))


def answer_remote_query(
    spec: str,
    assignments: Sequence[str] = (),
    *,
    endpoint: str,
    result_format: str = "table",
    default_graphs: Sequence[str] = (),
    inference: bool = True,
    server_default_graph: bool = False,
    timeout: float = 30.0,
    credentials: Credentials | None = None,
) -> QueryOutput:
    """Everything ``electionkg query --endpoint`` does: resolve, bind, send, parse, format.

    An empty answer from graphs the server lacks is logged as a warning.
    """
    from electionkg.sparql.run import RESULT_FORMATS

    if result_format not in RESULT_FORMATS:
        raise InputError(
            f"unknown result format {result_format!r}: use {', '.join(RESULT_FORMATS)}"
        )
    url = check_endpoint_url(endpoint)
    graphs = choose_default_graphs(default_graphs, inference, server_default_graph)
    if credentials is not None:  # sent when the server asks, as it asks (Basic or Digest)
        credentials = Credentials(credentials.user, credentials.password, "challenge")
    query = resolve_query(spec)
    params = bind_parameters(query, assignments)
    text = bind_values(query.text, params)
    request = build_request(url, text, graphs)
    response = send(request, timeout=timeout, credentials=credentials, not_found_hint=_NOT_FOUND)
    output, empty = parse_response(query, response.content_type, response.body, result_format, url)
    if empty:
        try:
            warning = empty_answer_warning(url, graphs, timeout, credentials)
        except (InputError, RemoteError, SyntaxError, ValueError):
            # the probe failed: the answer stands
            warning = None
        if warning:
            _LOG.warning("%s", warning)
    return output


_NOT_FOUND = "check the SPARQL endpoint URL (Fuseki: /DATASET/sparql, GraphDB: /repositories/ID)"


def choose_default_graphs(
    default_graphs: Sequence[str], inference: bool, server_default_graph: bool
) -> tuple[str, ...]:
    """The ``default-graph-uri`` values to send: as given, else the dataset's own graphs."""
    for iri in default_graphs:
        if not urllib.parse.urlsplit(iri).scheme:
            raise InputError(f"default_graphs={iri}: not an absolute IRI")
    if server_default_graph:
        if default_graphs or not inference:
            raise InputError(
                "server_default_graph=True takes the server's default graph as it is: do not "
                "combine it with default_graphs or inference=False"
            )
        return ()
    if default_graphs:
        if not inference:
            raise InputError(
                "inference=False on an endpoint queries the asserted graphs "
                "(default_graphs ontology and facts); do not give both"
            )
        return tuple(default_graphs)
    return DATASET_GRAPHS if inference else ASSERTED_GRAPHS


def empty_answer_warning(
    url: str,
    graphs: Sequence[str],
    timeout: float,
    credentials: Credentials | None = None,
) -> str | None:
    """Why an answer may be empty: the graphs asked of are missing (or the default graph is
    empty); None when they hold triples (the empty answer is then the true one)."""
    if not graphs:
        if _ask(url, "ASK { ?s ?p ?o }", timeout, credentials):
            return None
        return (
            "the answer is empty and so is the server's default graph: without "
            "server_default_graph=True the query names the dataset's graphs (Oxigraph's and "
            "Fuseki's default graph is not their union unless configured so)"
        )
    missing = [
        g
        for g in graphs
        if not _ask(url, f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", timeout, credentials)
    ]
    if not missing:
        return None
    names = " ".join(f"<{g}>" for g in missing)
    return (
        f"the answer is empty, and the server holds no triples in {names}: load them "
        "(load_into_triplestore), or name the graphs it has with default_graphs "
        "(or server_default_graph=True)"
    )


def _ask(url: str, text: str, timeout: float, credentials: Credentials | None) -> bool:
    response = send(
        build_request(url, text),
        timeout=timeout,
        credentials=credentials,
        not_found_hint=_NOT_FOUND,
    )
    try:
        return bool(json.loads(response.body)["boolean"])
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError):
        import pyoxigraph

        answer = pyoxigraph.parse_query_results(
            response.body, _results_format(response.content_type.split(";")[0].strip(), url)
        )
        return bool(answer)


def format_response(
    query: QueryText, content_type: str, body: bytes, result_format: str, url: str
) -> QueryOutput:
    """Parse an endpoint's answer and write it as the embedded store would."""
    return parse_response(query, content_type, body, result_format, url)[0]


def parse_response(
    query: QueryText, content_type: str, body: bytes, result_format: str, url: str
) -> tuple[QueryOutput, bool]:
    """The answer written as the embedded store would, and whether it was empty (no rows, no
    triples; an ASK's ``false`` is an answer, not an empty one)."""
    import pyoxigraph

    from electionkg.sparql.results import format_boolean, format_table, graph_to_turtle

    media = content_type.split(";", 1)[0].strip().lower()
    graph_formats = {
        "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
        "text/plain": pyoxigraph.RdfFormat.N_TRIPLES,
        "text/turtle": pyoxigraph.RdfFormat.TURTLE,
        "application/x-turtle": pyoxigraph.RdfFormat.TURTLE,
    }
    if media in graph_formats and query_form(query.text) in ("construct", "describe"):
        if result_format != "table":
            raise InputError(
                f"{query.label} is a CONSTRUCT or DESCRIBE query: its result is a graph, "
                f"written as Turtle; result_format={result_format} applies to SELECT and ASK "
                "queries"
            )
        try:
            triples = [
                pyoxigraph.Triple(q.subject, q.predicate, q.object)
                for q in pyoxigraph.parse(body, graph_formats[media])
            ]
        except SyntaxError as error:
            raise InputError(f"{url}: the answer is not valid RDF ({error})") from None
        return QueryOutput("graph", graph_to_turtle(triples)), not triples
    results_format = _results_format(media, url)
    if results_format == pyoxigraph.QueryResultsFormat.JSON:
        body = normalise_json_results(body, url)

    def parse() -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean:
        try:
            return pyoxigraph.parse_query_results(body, results_format)
        except (SyntaxError, ValueError) as error:
            raise InputError(f"{url}: the answer is not valid SPARQL results ({error})") from None

    results = parse()
    if isinstance(results, pyoxigraph.QueryBoolean):
        if result_format == "json":
            body = results.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
            return QueryOutput("ask", body + b"\n"), False
        return QueryOutput("ask", format_boolean(bool(results)).encode()), False
    variables = [variable.value for variable in results.variables]
    rows = [tuple(solution) for solution in results]
    if result_format == "table":
        return QueryOutput("select", format_table(variables, rows).encode()), not rows
    writers = {
        "csv": pyoxigraph.QueryResultsFormat.CSV,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
        "json": pyoxigraph.QueryResultsFormat.JSON,
    }
    again = parse()  # the rows were read: a fresh result set to write
    assert isinstance(again, pyoxigraph.QuerySolutions)
    out = again.serialize(format=writers[result_format]) or b""
    return QueryOutput("select", out if out.endswith(b"\n") else out + b"\n"), not rows


def _results_format(media: str, url: str) -> pyoxigraph.QueryResultsFormat:
    import pyoxigraph

    formats = {
        "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
        "application/json": pyoxigraph.QueryResultsFormat.JSON,
        "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
        "application/xml": pyoxigraph.QueryResultsFormat.XML,
        "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
    }
    if media not in formats:
        raise InputError(
            f"{url}: answered with {media or 'no content type'}, not SPARQL results; "
            "check that the URL is the SPARQL query endpoint"
        )
    return formats[media]


def normalise_json_results(body: bytes, url: str) -> bytes:
    """SPARQL 1.0-style JSON (``typed-literal``, as Virtuoso writes) as SPARQL 1.1 JSON."""
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{url}: the answer is not valid JSON ({error})") from None
    changed = False
    for row in (document.get("results") or {}).get("bindings") or []:
        for term in row.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
                changed = True
    return json.dumps(document).encode() if changed else body
