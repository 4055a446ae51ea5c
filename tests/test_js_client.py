"""An independent linked-data client from npm (rdf-dereference, with its own q-weighted Accept
list preferring N-Quads) dereferences the election IRI and gets the same triples as rdflib."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import running_server
from rdflib import BNode, Graph, Literal, URIRef
from support.isomorphism import isomorphic

JS_DIR = Path(__file__).resolve().parent / "js"

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server() as url:
        yield url


def _term(term: dict[str, str]) -> URIRef | BNode | Literal:
    if term["termType"] == "NamedNode":
        return URIRef(term["value"])
    if term["termType"] == "BlankNode":
        return BNode(term["value"])
    if term.get("language"):
        return Literal(term["value"], lang=term["language"])
    datatype = term.get("datatype")
    if datatype in (None, "http://www.w3.org/2001/XMLSchema#string"):
        return Literal(term["value"])
    return Literal(term["value"], datatype=URIRef(datatype))


@pytest.mark.parametrize(
    "path", ["id/election/az-2024-presidential", "id/person/ilham-aliyev", "dataset"]
)
def test_rdf_dereference_gets_the_same_triples_as_rdflib(base: str, path: str) -> None:
    url = base + path
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, str(JS_DIR / "dereference.mjs"), url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=JS_DIR,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    print(f"\n{result.stderr.strip()}")
    theirs = Graph()
    for line in result.stdout.splitlines():
        subject, predicate, obj = json.loads(line)
        theirs.add((_term(subject), _term(predicate), _term(obj)))
    ours = Graph().parse(url)
    assert len(theirs) == len(ours) > 10
    assert isomorphic(theirs, ours)
