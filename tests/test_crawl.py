"""Follow your nose: from the election IRI, dereference every IRI of the project's namespace
that the data mentions, as rdflib does and with each Accept, on the real server (uvicorn)."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from live_server import running_server
from rdflib import Graph, URIRef

ACCEPTS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server() as url:
        yield url


def test_follow_your_nose_from_the_election_every_iri_dereferences_and_describes_itself(
    base: str,
) -> None:
    namespace = base + "id/"
    start = URIRef(namespace + "election/az-2024-presidential")
    seen: set[URIRef] = set()
    queue = [start]
    failures = []
    while queue:
        iri = queue.pop()
        if iri in seen:
            continue
        seen.add(iri)
        graph = Graph()
        try:
            graph.parse(str(iri))  # rdflib's own content negotiation, following the 303
        except Exception as error:  # noqa: BLE001 - collected and reported below
            failures.append(f"{iri}: {type(error).__name__}: {error}")
            continue
        if (iri, None, None) not in graph:
            failures.append(f"{iri}: its document says nothing about it")
        for term in set(graph.subjects()) | set(graph.objects()):
            if isinstance(term, URIRef) and str(term).startswith(namespace) and term not in seen:
                queue.append(term)
    print(f"\nfollow-your-nose crawl: {len(seen)} IRIs dereferenced from {start}")
    assert not failures, "\n".join(failures[:20])
    assert len(seen) > 100


def test_each_accept_gets_its_format_with_the_same_triples(base: str) -> None:
    iri = base + "id/person/ilham-aliyev"
    graphs = {}
    for accept, rdflib_format in ACCEPTS.items():
        request = urllib.request.Request(iri, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=10) as response:  # follows the 303
            assert response.headers["Content-Type"].split(";")[0] == accept
            assert response.url.startswith(base + "data/person/ilham-aliyev.")
            graphs[accept] = Graph().parse(data=response.read(), format=rdflib_format)
    from rdflib.compare import isomorphic

    reference = graphs["text/turtle"]
    assert len(reference) > 20
    for accept, graph in graphs.items():
        assert isomorphic(graph, reference), f"{accept} gives other triples than Turtle"
    request = urllib.request.Request(iri, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.url == base + "page/person/ilham-aliyev"
        assert "<h1>Ilham Aliyev</h1>" in response.read().decode()
