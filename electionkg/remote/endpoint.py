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

Which graph a query sees by default depends on the server (see the README): GraphDB and Virtuoso
answer from the union of all graphs; Fuseki only with ``tdb2:unionDefaultGraph true``
(``deploy/fuseki-config.ttl``); Oxigraph only when started with ``--union-default-graph``. With
``--default-graph-uri`` (repeatable) the query's default graph is the merge of the graphs named.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from electionkg.errors import InputError
from electionkg.rdf import namespaces
from electionkg.remote.http_client import Credentials, HttpRequest, check_endpoint_url, send
from electionkg.sparql.queries import (
    QueryOutput,
    bind_parameters,
    bind_values,
    resolve_query,
    tokenize,
)

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.sparql.queries import QueryText

MAX_GET_URL = 2000
"""Longer request URLs are sent as a form POST instead (many servers and proxies cap URLs)."""

ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.7"
)
"""The W3C results formats, JSON first; N-Triples or Turtle for CONSTRUCT and DESCRIBE."""

ASSERTED_GRAPHS = (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH)
"""The default graphs of ``--no-inference`` on an endpoint: everything but the inferences."""


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
    timeout: float = 30.0,
    credentials: Credentials | None = None,
) -> QueryOutput:
    """Everything ``electionkg query --endpoint`` does: resolve, bind, send, parse, format."""
    from electionkg.sparql.queries import RESULT_FORMATS

    if result_format not in RESULT_FORMATS:
        raise InputError(
            f"unknown result format {result_format!r}: use {', '.join(RESULT_FORMATS)}"
        )
    url = check_endpoint_url(endpoint)
    for iri in default_graphs:
        if not urllib.parse.urlsplit(iri).scheme:
            raise InputError(f"--default-graph-uri {iri}: not an absolute IRI")
    if not inference:
        if default_graphs:
            raise InputError(
                "--no-inference with --endpoint queries the asserted graphs "
                "(--default-graph-uri ontology and facts); do not give both"
            )
        default_graphs = ASSERTED_GRAPHS
    query = resolve_query(spec)
    params = bind_parameters(query, assignments)
    text = bind_values(query.text, params)
    request = build_request(url, text, default_graphs)
    hint = "check the SPARQL endpoint URL (Fuseki: /DATASET/sparql, GraphDB: /repositories/ID)"
    response = send(request, timeout=timeout, credentials=credentials, not_found_hint=hint)
    return format_response(query, response.content_type, response.body, result_format, url)


def format_response(
    query: QueryText, content_type: str, body: bytes, result_format: str, url: str
) -> QueryOutput:
    """Parse an endpoint's answer and write it as the embedded store would."""
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
                f"written as Turtle; --format {result_format} applies to SELECT and ASK queries"
            )
        try:
            triples = [
                pyoxigraph.Triple(q.subject, q.predicate, q.object)
                for q in pyoxigraph.parse(body, graph_formats[media])
            ]
        except SyntaxError as error:
            raise InputError(f"{url}: the answer is not valid RDF ({error})") from None
        return QueryOutput("graph", graph_to_turtle(triples))
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
            return QueryOutput("ask", body + b"\n")
        return QueryOutput("ask", format_boolean(bool(results)).encode())
    if result_format == "table":
        variables = [variable.value for variable in results.variables]
        rows = [tuple(solution) for solution in results]
        return QueryOutput("select", format_table(variables, rows).encode())
    writers = {
        "csv": pyoxigraph.QueryResultsFormat.CSV,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
        "json": pyoxigraph.QueryResultsFormat.JSON,
    }
    out = results.serialize(format=writers[result_format]) or b""
    return QueryOutput("select", out if out.endswith(b"\n") else out + b"\n")


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
