"""``electionkg export`` in every format: round trips, named graphs, determinism, --base-url."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, cast

import pytest
from conftest import RunCli
from rdflib import Dataset, Graph, Literal, URIRef
from support import jena
from support.isomorphism import isomorphic

from electionkg.build import store
from electionkg.publish import export as export_module
from electionkg.publish.export import STREAMED_FORMATS, export_graph
from electionkg.rdf import namespaces
from electionkg.rdf.serialise import CONTEXT_FILE, EXPORT_FORMATS, FORMATS, Rebase

RDFLIB_FORMAT = {
    "turtle": "turtle",
    "nt": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}
GRAPHS = (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH, namespaces.INFERRED_GRAPH)


@pytest.fixture(scope="module")
def source() -> Dataset:
    """The cached build, read by rdflib: what every export must say."""
    folder = store.ensure_built()
    data = b"".join(
        (folder / name).read_bytes() for name in (store.ASSERTED_FILE, store.INFERRED_FILE)
    )
    dataset = Dataset()
    dataset.parse(data=data, format="nquads")  # one document: shared blank nodes stay one node
    return dataset


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.mark.parametrize("rdf_format", EXPORT_FORMATS)
def test_every_format_parses_back_to_a_graph_isomorphic_to_the_source(
    rdf_format: str, source: Dataset
) -> None:
    content = export_graph(rdf_format, inferred=True)
    if FORMATS[rdf_format].quads:
        parsed = Dataset()
        parsed.parse(data=content, format=RDFLIB_FORMAT[rdf_format])
        for name in GRAPHS:
            expected = source.graph(URIRef(name))
            got = parsed.graph(URIRef(name))
            assert len(got) == len(expected) > 0, name
            assert isomorphic(got, expected), f"graph {name} differs after a {rdf_format} trip"
        assert {str(g.identifier) for g in parsed.graphs() if len(g)} == set(GRAPHS)
    else:
        parsed_graph = Graph().parse(data=content, format=RDFLIB_FORMAT[rdf_format])
        expected_graph = _union(source)
        assert len(parsed_graph) == len(expected_graph)
        assert isomorphic(parsed_graph, expected_graph), f"{rdf_format} round trip differs"


def test_without_inferred_the_export_has_only_the_asserted_graphs(source: Dataset) -> None:
    parsed = Dataset()
    parsed.parse(data=export_graph("nquads"), format="nquads")
    names = {str(g.identifier) for g in parsed.graphs() if len(g)}
    assert names == {namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH}


@pytest.mark.parametrize("rdf_format", EXPORT_FORMATS)
def test_two_exports_are_byte_identical(rdf_format: str, run_cli: RunCli, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        result = run_cli(["export", "--format", rdf_format, "--inferred", "-o", str(out)])
        assert result.exit_code == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()


def test_json_ld_uses_the_published_context_and_reads_as_plain_json() -> None:
    document = json.loads(export_graph("jsonld"))
    published = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == published
    nodes = {node["id"]: node for node in document["@graph"]}
    election = nodes["election:az-2024-presidential"]
    assert election["country"] == "state:azerbaijan"
    assert election["pollingDate"] == "2024-02-07"
    assert election["isSnapElection"] is True or election["isSnapElection"] == "true"


def test_the_context_names_every_property_of_the_ontology(source: Dataset) -> None:
    from rdflib import OWL, RDF

    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    named = {value["@id"] for value in context.values() if isinstance(value, dict)}
    ontology = source.graph(URIRef(namespaces.ONTOLOGY_GRAPH))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            local = str(prop).removeprefix(namespaces.EKG)
            if local in namespaces.PREFIXES:  # a prefix of the same name wins: ekg:person
                continue
            assert f"ekg:{local}" in named, f"the JSON-LD context lacks a term for {prop}"


@pytest.mark.parametrize("rdf_format", EXPORT_FORMATS)
def test_base_url_rewrites_the_data_namespace(rdf_format: str, source: Dataset) -> None:
    base = "http://localhost:8123/kg/"
    content = export_graph(rdf_format, inferred=True, base_url=base)
    text = content.decode("utf-8")
    assert namespaces.ID not in text, "an IRI of the data namespace was not rewritten"
    if FORMATS[rdf_format].quads:
        parsed = Dataset()
        parsed.parse(data=content, format=RDFLIB_FORMAT[rdf_format])
        graph = _union(parsed)
    else:
        graph = Graph().parse(data=content, format=RDFLIB_FORMAT[rdf_format])
    election = URIRef(base + "id/election/az-2024-presidential")
    assert (election, None, None) in graph
    assert len(graph) == len(_union(source))
    assert (URIRef(namespaces.EKG + "Election"), None, None) in graph, "ontology IRIs stay"


REBASE_CASES = {
    "the project's data": None,
    "a literal that quotes a data IRI": (
        b"<https://w3id.org/electionkg/id/a> <http://example.org/p> "
        b'"see <https://w3id.org/electionkg/id/a> and <https://w3id.org/electionkg/dataset>" .\n'
        b"<https://w3id.org/electionkg/dataset> <http://example.org/p> _:b1 <http://g> .\n"
    ),
}


@pytest.mark.parametrize("base", ["http://localhost:8123/kg/", namespaces.ID + "mirror/"])
@pytest.mark.parametrize("case", REBASE_CASES)
def test_rebasing_n_quads_as_text_equals_rebasing_quad_by_quad(case: str, base: str) -> None:
    """The server rebases its N-Quads as text (fast); it must say what the per-quad rewrite
    says, a literal that quotes a data IRI keeping its words, and an address under the old
    namespace not being rewritten twice."""
    import pyoxigraph

    folder = store.ensure_built()
    data = REBASE_CASES[case] or (folder / store.ASSERTED_FILE).read_bytes()
    rebase = Rebase(base)
    by_quad = {rebase.quad(q) for q in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_QUADS)}
    as_text = set(pyoxigraph.parse(rebase.nquads(data), pyoxigraph.RdfFormat.N_QUADS))
    assert as_text == by_quad
    assert len(by_quad) > 1


class _Writes:
    """A binary target that keeps the size of each write."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.sizes.append(len(chunk))
        self.data += chunk
        return len(chunk)


@pytest.mark.parametrize("rdf_format", STREAMED_FORMATS)
def test_n_triples_and_n_quads_are_streamed_in_chunks_without_loading_a_store(
    rdf_format: str, source: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flat memory at any size: whole lines of the cache, a chunk at a time, never a store."""

    def no_store(*args: object, **kwargs: object) -> None:
        raise AssertionError("the streamed export loaded the dataset into a store")

    monkeypatch.setattr(export_module, "_CHUNK_BYTES", 4096)
    monkeypatch.setattr(store, "open_default_store", no_store)
    target = _Writes()
    export_module.write_graph(
        cast("IO[bytes]", target), rdf_format, inferred=True, base_url="http://localhost:8123/kg/"
    )
    assert len(target.sizes) > 10 and max(target.sizes) < 4096 + 2000
    parsed = Dataset()
    parsed.parse(data=bytes(target.data), format=RDFLIB_FORMAT[rdf_format])
    assert len(_union(parsed)) == len(_union(source))
    assert namespaces.ID.encode() not in target.data


def test_data_that_fails_its_checks_leaves_no_export_file(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    """The file is written beside its name and renamed at the end: a refusal leaves nothing."""
    tiny_project(value="192.1")  # over 100 %, and its quote says 92.1
    target = tmp_path / "out" / "electionkg.nt"
    target.parent.mkdir()
    result = run_cli(["export", "--format", "nt", "-o", str(target)])
    assert result.exit_code == 1, result.stderr
    assert list(target.parent.iterdir()) == []


def test_a_bad_base_url_is_bad_input(run_cli: RunCli) -> None:
    result = run_cli(["export", "--base-url", "ftp://example.org/"])
    assert result.exit_code == 2
    assert "--base-url" in result.stderr


@pytest.mark.jena
def test_jena_riot_accepts_every_export_file(tmp_path: Path) -> None:
    files = []
    for rdf_format in EXPORT_FORMATS:
        if rdf_format == "jsonld":
            continue
        path = tmp_path / f"electionkg.{FORMATS[rdf_format].extension}"
        path.write_bytes(export_graph(rdf_format, inferred=True))
        files.append(path)
    ok, output = jena.riot_validate(files)
    assert ok, output


@pytest.mark.jena
def test_jena_reads_the_json_ld_export_with_the_same_triple_count(tmp_path: Path) -> None:
    """Debian's Jena 4.5 ships Titanium (JSON-LD 1.1) without a JSON-P provider, so its 1.1
    reader fails on any document; its JSON-LD 1.0 reader (jsonld-java) works, and our context
    is plain 1.0."""
    path = tmp_path / "electionkg.jsonld"
    path.write_bytes(export_graph("jsonld", inferred=True))
    check = jena.run_jena(
        "riotcmd.riot", ["--validate", "--strict", "--syntax=jsonld10", str(path)]
    )
    assert check.returncode == 0 and not check.stderr.strip(), check.stderr
    converted = jena.run_jena("riotcmd.riot", ["--syntax=jsonld10", "--output=nt", str(path)])
    assert converted.returncode == 0, converted.stderr
    expected = export_graph("nt", inferred=True).decode().splitlines()
    assert len(set(converted.stdout.splitlines())) == len(expected)


def test_describe_writes_void_and_dcat_with_counts_of_the_export(run_cli: RunCli) -> None:
    result = run_cli(["export", "--describe", "--base-url", "http://example.org/kg/"])
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format="turtle")
    dataset = URIRef("http://example.org/kg/dataset")
    void = "http://rdfs.org/ns/void#"
    exported = Graph().parse(data=export_graph("nt", inferred=True), format="nt")
    triples = graph.value(dataset, URIRef(void + "triples"))
    assert isinstance(triples, Literal)
    assert int(triples) == len(exported)
    entities = {
        s for s in exported.subjects() if str(s).startswith(namespaces.ID) and isinstance(s, URIRef)
    }
    entity_count = graph.value(dataset, URIRef(void + "entities"))
    assert isinstance(entity_count, Literal)
    assert int(entity_count) == len(entities)
    assert (
        dataset,
        URIRef(void + "sparqlEndpoint"),
        URIRef("http://example.org/kg/sparql"),
    ) in graph
    assert "@prefix void:" in result.stdout
    licence = graph.value(dataset, URIRef("http://purl.org/dc/terms/license"))
    assert str(licence) == "https://creativecommons.org/licenses/by/4.0/"
