"""Every client speaks to the server (issue 12): SPARQLWrapper with its defaults, the dataset
parameters, the service description, CORS, ETags and 304, gzip, and every IRI under our base
that the data or the dataset description mentions dereferences."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from xml.dom.minidom import Document, Text

import pytest
from rdflib import Graph, URIRef
from starlette.testclient import TestClient

from electionkg.rdf import namespaces
from electionkg.web.server import create_app, load_publication

BASE = "http://testserver/"
FACTS = namespaces.FACTS_GRAPH
SD = "http://www.w3.org/ns/sparql-service-description#"
FOAF_PRIMARY_TOPIC = URIRef("http://xmlns.com/foaf/0.1/primaryTopic")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(load_publication(BASE)))


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    from live_server import running_server

    with running_server() as base:
        yield base


def _count(client: TestClient, params: dict[str, str | list[str]]) -> int:
    response = client.get("/sparql", params=params, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    return int(response.text.split()[-1])


def test_default_graph_uri_and_named_graph_uri_choose_the_graphs(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = _count(client, {"query": count})
    per_graph = {
        graph: _count(client, {"query": count, "default-graph-uri": graph})
        for graph in (namespaces.ONTOLOGY_GRAPH, FACTS, namespaces.INFERRED_GRAPH)
    }
    assert 0 < per_graph[FACTS] < union
    both = _count(client, {"query": count, "default-graph-uri": [namespaces.ONTOLOGY_GRAPH, FACTS]})
    assert per_graph[FACTS] < both <= per_graph[FACTS] + per_graph[namespaces.ONTOLOGY_GRAPH]
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(client, {"query": named, "named-graph-uri": FACTS}) == 1
    assert _count(client, {"query": named}) == 3
    bad = client.get("/sparql", params={"query": count, "default-graph-uri": "not an iri"})
    assert bad.status_code == 400


QUERIES = {
    "SELECT": "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 3",
    "ASK": "ASK { ?s ?p ?o }",
    "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
    "DESCRIBE": "DESCRIBE <https://w3id.org/electionkg/ontology#Election>",
}
RESULT_FORMATS = ["default", "json", "xml", "csv", "tsv"]
GRAPH_FORMATS = ["default", "xml", "turtle", "n3", "rdf+xml", "json-ld"]
COMBINATIONS = [(form, f) for form in ("SELECT", "ASK") for f in RESULT_FORMATS] + [
    (form, f) for form in ("CONSTRUCT", "DESCRIBE") for f in GRAPH_FORMATS
]


@pytest.mark.parametrize(("form", "return_format"), COMBINATIONS)
def test_sparqlwrapper_with_its_defaults_gets_every_form_in_every_format(
    live: str, form: str, return_format: str
) -> None:
    """SPARQLWrapper sends format=, output= and results= beside Accept (and for TSV, RDF/XML and
    JSON-LD a media type as a second value): they must be understood, not rejected."""
    from SPARQLWrapper import SPARQLWrapper

    wrapper = SPARQLWrapper(live + "sparql")
    wrapper.setQuery(QUERIES[form])
    if return_format != "default":
        wrapper.setReturnFormat(return_format)
    result = wrapper.query()
    assert result.response.status == 200
    converted = result.convert()
    if form in ("CONSTRUCT", "DESCRIBE") and isinstance(converted, bytes):  # Turtle, N3: text
        assert result.response.headers["content-type"].startswith("text/turtle")
        converted = Graph().parse(data=converted, format="turtle")
    if form == "SELECT" and return_format in ("default", "xml"):
        assert isinstance(converted, Document)
        assert len(converted.getElementsByTagName("result")) == 3
    elif form == "SELECT" and return_format == "json":
        assert isinstance(converted, dict)
        assert len(converted["results"]["bindings"]) == 3
    elif form == "SELECT":
        assert isinstance(converted, bytes)
        assert len(converted.decode().strip().splitlines()) == 4  # a header and three rows
    elif form == "ASK" and return_format == "json":
        assert isinstance(converted, dict)
        assert converted["boolean"] is True
    elif form == "ASK" and return_format in ("default", "xml"):
        assert isinstance(converted, Document)
        answer = converted.getElementsByTagName("boolean")[0].firstChild
        assert isinstance(answer, Text)
        assert answer.data == "true"
    elif form == "ASK":
        assert isinstance(converted, (bytes, str))
        assert converted.strip() in (b"true", "true")
    elif form == "CONSTRUCT":
        assert isinstance(converted, Graph)
        assert len(converted) == 5
    else:
        assert isinstance(converted, Graph)
        assert (URIRef(namespaces.EKG + "Election"), None, None) in converted


def test_sparql_describes_itself_to_rdf_clients_and_shows_the_query_page_to_browsers(
    client: TestClient,
) -> None:
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert described.status_code == 200
    graph = Graph().parse(data=described.text, format="turtle")
    service = URIRef(BASE + "sparql")
    assert (service, URIRef(SD + "endpoint"), service) in graph
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    names = set(graph.objects(None, URIRef(SD + "name")))
    assert URIRef(FACTS) in names and len(names) == 3
    page = client.get("/sparql", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")


def test_cors_preflight_and_headers_on_data_context_and_sparql(client: TestClient) -> None:
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, Accept",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "https://example.org")
    assert "POST" in preflight.headers["access-control-allow-methods"]
    for path in ("/data/person/ilham-aliyev.ttl", "/context.jsonld", "/sparql?query=ASK{}"):
        response = client.get(path, headers={"Origin": "https://example.org"})
        assert response.status_code == 200, path
        assert response.headers["access-control-allow-origin"] == "*", path


def test_strong_etags_from_the_build_answer_304_and_gzip_shrinks_pages(client: TestClient) -> None:
    path = "/page/election/az-2024-presidential"
    first = client.get(path, headers={"Accept-Encoding": "identity"})
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag) and "max-age" in first.headers["cache-control"]
    assert client.get(path, headers={"Accept-Encoding": "identity"}).headers["etag"] == etag
    again = client.get(path, headers={"If-None-Match": etag, "Accept-Encoding": "identity"})
    assert again.status_code == 304 and again.content == b""
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.headers["etag"] != etag
    assert zipped.content == first.content  # httpx undoes the gzip
    assert int(zipped.headers["content-length"]) < len(first.content) / 4
    modified = first.headers["last-modified"]
    since = client.get(path, headers={"If-Modified-Since": modified, "Accept-Encoding": "identity"})
    assert since.status_code == 304
    stale = client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert stale.status_code == 200
    other = client.get("/page/person/ilham-aliyev", headers={"Accept-Encoding": "identity"})
    assert other.headers["etag"] != etag


def test_a_data_document_describes_itself(client: TestClient) -> None:
    response = client.get("/data/person/ilham-aliyev.ttl")
    graph = Graph().parse(data=response.text, format="turtle")
    document = URIRef(BASE + "data/person/ilham-aliyev")  # the generic document
    assert (document, FOAF_PRIMARY_TOPIC, URIRef(BASE + "id/person/ilham-aliyev")) in graph
    assert (document, URIRef("http://purl.org/dc/terms/license"), None) in graph
    assert (
        document,
        URIRef("http://rdfs.org/ns/void#inDataset"),
        URIRef(BASE + "dataset"),
    ) in graph


def _mentioned_iris(client: TestClient) -> set[str]:
    """Every IRI under our bases that the dump or the dataset description mentions."""
    iris: set[str] = set()
    for path in ("/dumps/electionkg.nq", "/dataset.nt"):
        text = client.get(path).text
        iris |= set(
            re.findall(
                r"<(https://w3id\.org/electionkg/[^>#]*|" + re.escape(BASE) + r"[^>#]*)", text
            )
        )
    return iris


def test_every_iri_the_data_and_the_dataset_mention_dereferences(client: TestClient) -> None:
    iris = _mentioned_iris(client)
    for must in ("ontology/0.1.0", "shapes", "graph/facts", "graph/ontology", "graph/inferred"):
        assert namespaces.BASE + must in iris, must
    failures = []
    for iri in sorted(iris):
        path = (
            "/" + iri.split("/", 3)[3]
            if iri.startswith(BASE)
            else "/" + iri[len(namespaces.BASE) :]
        )
        for accept in ("text/turtle", "text/html"):
            response = client.get(path, headers={"Accept": accept})
            if response.status_code != 200:
                failures.append((iri, accept, response.status_code))
    assert failures == []


ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def paged_client() -> Iterator[tuple[TestClient, set[tuple[str, str, str]]]]:
    """A server whose pages hold 1,000 rows (the limit is read in the worker processes, which
    are forked when the app is made), and every triple of its store, read from the store."""
    import pyoxigraph

    from electionkg.web import sparql_endpoint

    patch = pytest.MonkeyPatch()
    patch.setattr(sparql_endpoint, "MAX_ROWS", 1000)
    publication = load_publication(BASE)
    everything = {
        (str(quad.subject), str(quad.predicate), str(quad.object))
        for quad in publication.store.quads_for_pattern(None, None, None, None)
        if not isinstance(quad.object, pyoxigraph.Triple)
    }
    try:
        yield TestClient(create_app(publication)), everything
    finally:
        publication.endpoint.workers.close()
        patch.undo()


def _rows(response_text: str) -> list[tuple[str, ...]]:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(response_text)))
    return [tuple(row) for row in rows[1:]]


def test_a_large_answer_is_paged_with_a_next_link_until_every_row_is_given(
    paged_client: tuple[TestClient, set[tuple[str, str, str]]],
) -> None:
    """Issue 14: /sparql pages a large answer instead of failing; the Link headers walk it."""
    client, everything = paged_client
    assert len(everything) > 3000  # the seed graph with its inferences: several pages
    response = client.get("/sparql", params={"query": ALL_TRIPLES, "format": "json"})
    seen: list[str] = []  # each row's bindings, with their term types, languages and datatypes
    pages = 0
    url: str | None = None
    while True:
        if url is not None:
            response = client.get(url)
        assert response.status_code == 200, response.text
        bindings = response.json()["results"]["bindings"]
        assert len(bindings) <= 1000
        seen += [json.dumps(row, sort_keys=True) for row in bindings]
        pages += 1
        link = response.headers.get("link")
        if link is None:
            assert "x-sparql-maxrows" not in response.headers
            break
        assert response.headers["x-sparql-maxrows"] == "1000"
        found = re.fullmatch(r'<([^>]+)>; rel="next"', link)
        assert found, link
        url = found.group(1)
        assert "format=json" in url
    assert pages == -(-len(everything) // 1000)
    assert len(seen) == len(set(seen)) == len(everything)


def test_a_posted_query_is_paged_too_and_a_bad_offset_is_400(
    paged_client: tuple[TestClient, set[tuple[str, str, str]]],
) -> None:
    client, everything = paged_client
    posted = client.post(
        "/sparql",
        content=ALL_TRIPLES,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert posted.status_code == 200 and len(_rows(posted.text)) == 1000
    found = re.fullmatch(r'<(/sparql\?[^>]+)>; rel="next"', posted.headers["link"])
    assert found and "offset=1000" in found.group(1)
    following = client.get(found.group(1), headers={"Accept": "text/csv"})
    assert following.status_code == 200
    assert not set(_rows(posted.text)) & set(_rows(following.text))
    last = client.get(
        "/sparql",
        params={"query": ALL_TRIPLES, "offset": str(len(everything) - 1)},
        headers={"Accept": "text/csv"},
    )
    assert len(_rows(last.text)) == 1 and "link" not in last.headers
    for bad in ("-1", "ten", "1e3"):
        refused = client.get("/sparql", params={"query": ALL_TRIPLES, "offset": bad})
        assert refused.status_code == 400 and "offset" in refused.text
