"""The default store's cache: keyed on content, rebuilt on any change, never half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph
import pytest
from support.query_rows import solutions

from electionkg import config
from electionkg.build import cache_key, store
from electionkg.errors import InputError, InvalidDataError
from electionkg.rdf import namespaces

PREFIXES = """\
@prefix ekg:    <https://w3id.org/electionkg/ontology#> .
@prefix person: <https://w3id.org/electionkg/id/person/> .
@prefix stmt:   <https://w3id.org/electionkg/id/statement/> .
@prefix election: <https://w3id.org/electionkg/id/election/> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh:     <http://www.w3.org/ns/shacl#> .
@prefix ekgsh:  <https://w3id.org/electionkg/shapes#> .
"""
FILES = {
    "ontology/tiny.ttl": PREFIXES
    + "ekg:Congratulation a owl:Class ; rdfs:subClassOf ekg:Statement .\n"
    + "ekg:Statement a owl:Class . ekg:Election a owl:Class .\n"
    + "ekg:speaker a owl:ObjectProperty . ekg:addressee a owl:ObjectProperty .\n"
    + "ekg:aboutElection a owl:ObjectProperty .\n",
    "graph/tiny.ttl": PREFIXES
    + "stmt:c1 a ekg:Congratulation ; ekg:speaker person:putin ; ekg:addressee _:winner ;\n"
    + "  ekg:aboutElection election:e .\n"
    + '_:winner rdfs:label "the winner"@en .\n'
    + 'person:putin a foaf:Person ; rdfs:label "Vladimir Putin"@en .\n'
    + 'election:e a ekg:Election ; rdfs:label "an election"@en .\n',
    "shapes/tiny.ttl": PREFIXES
    + "ekgsh:StatementShape a sh:NodeShape ; sh:targetClass ekg:Statement ;\n"
    + "  sh:property [ sh:path ekg:speaker ; sh:minCount 1 ;\n"
    + '    sh:message "A statement has a speaker" ] .\n',
}
"""Small, but keeps the build's integrity rules (declared terms, typed and described nodes,
a statement's speaker and election), since the build refuses data that breaks them."""
STATEMENT = pyoxigraph.NamedNode("https://w3id.org/electionkg/id/statement/c1")
STATEMENT_CLASS = pyoxigraph.NamedNode("https://w3id.org/electionkg/ontology#Statement")
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture
def data(make_data_root: Callable[[Mapping[str, str]], Path]) -> Path:
    """A tiny data root (ELECTIONKG_DATA) and an empty cache folder (ELECTIONKG_CACHE_DIR)."""
    return make_data_root(FILES)


def builds() -> list[Path]:
    return sorted(p for p in config.cache_root().iterdir() if store.is_built(p))


def statement_types(dataset: pyoxigraph.Store) -> set[str]:
    types = set()
    for quad in dataset.quads_for_pattern(STATEMENT, RDF_TYPE, None):
        assert not isinstance(quad.object, pyoxigraph.Triple)
        types.add(quad.object.value)
    return types


def test_the_key_is_stable_while_nothing_changes(data: Path) -> None:
    assert cache_key.content_key() == cache_key.content_key()
    assert len(cache_key.content_key()) == 64


@pytest.mark.parametrize("folder", ["ontology", "graph", "shapes"])
def test_a_change_to_any_file_of_the_three_folders_changes_the_key(data: Path, folder: str) -> None:
    before = cache_key.content_key()
    file = data / folder / "tiny.ttl"
    file.write_text(file.read_text() + "\n# an edit\n")
    assert cache_key.content_key() != before


@pytest.mark.parametrize("folder", ["ontology", "graph", "shapes"])
def test_a_new_file_in_a_subfolder_changes_the_key(data: Path, folder: str) -> None:
    before = cache_key.content_key()
    (data / folder / "more").mkdir()
    (data / folder / "more" / "extra.ttl").write_text(PREFIXES)
    assert cache_key.content_key() != before


def test_hidden_files_and_the_location_of_the_checkout_do_not_change_the_key(
    data: Path, tmp_path: Path
) -> None:
    before = cache_key.content_key()
    (data / "graph" / ".tiny.ttl.swp").write_bytes(b"editor state")
    assert cache_key.content_key() == before
    moved = tmp_path / "elsewhere"
    data.rename(moved)
    assert cache_key.content_key(store.DataFolders.under(moved)) == before


@pytest.mark.parametrize(("folder", "name"), [("seeds", "000_x.txt"), ("ledger", "coverage.csv")])
def test_a_seed_or_the_ledger_changes_the_key(data: Path, folder: str, name: str) -> None:
    """The build's gate reads the seeds (quotes, hashes) and the coverage ledger: an edit to
    either is checked by a new build, never served from the cache of the old one."""
    (data / folder).mkdir(exist_ok=True)
    (data / folder / name).write_text("first\n")
    before = cache_key.content_key()
    (data / folder / name).write_text("edited\n")
    assert cache_key.content_key() != before


def test_the_queries_folder_is_not_part_of_the_key(data: Path) -> None:
    before = cache_key.content_key()
    (data / "queries").mkdir()
    (data / "queries" / "new.rq").write_text("SELECT * { ?s ?p ?o }")
    assert cache_key.content_key() == before


def test_the_first_open_builds_the_cache_and_the_next_one_reuses_it(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = store.open_default_store()
    assert [p.name for p in builds()] == [cache_key.content_key()]

    def no_build(*args: object) -> None:
        raise AssertionError("the cache was rebuilt although nothing changed")

    monkeypatch.setattr(store, "build", no_build)
    again = store.open_default_store()
    assert len(again) == len(dataset)


def test_the_cache_holds_three_named_graphs_with_asserted_and_inferred_apart(data: Path) -> None:
    built = store.ensure_built()
    asserted = pyoxigraph.Store()
    asserted.load(path=built / store.ASSERTED_FILE, format=pyoxigraph.RdfFormat.N_QUADS)
    inferred = pyoxigraph.Store()
    inferred.load(path=built / store.INFERRED_FILE, format=pyoxigraph.RdfFormat.N_QUADS)
    assert {g.value for g in asserted.named_graphs()} == {
        namespaces.ONTOLOGY_GRAPH,
        namespaces.FACTS_GRAPH,
    }
    assert {g.value for g in inferred.named_graphs()} == {namespaces.INFERRED_GRAPH}
    assert STATEMENT_CLASS.value in statement_types(inferred)
    assert STATEMENT_CLASS.value not in statement_types(asserted)


def test_without_inference_the_store_holds_only_what_is_asserted(data: Path) -> None:
    with_inferences = store.open_default_store(inference=True)
    asserted_only = store.open_default_store(inference=False)
    assert STATEMENT_CLASS.value in statement_types(with_inferences)
    assert STATEMENT_CLASS.value not in statement_types(asserted_only)
    assert {g.value for g in asserted_only.named_graphs()} == {
        namespaces.ONTOLOGY_GRAPH,
        namespaces.FACTS_GRAPH,
    }


def test_a_blank_node_shared_by_asserted_and_inferred_triples_stays_one_node(data: Path) -> None:
    dataset = store.open_default_store()
    rows = list(
        solutions(
            dataset.query(
                "SELECT ?label WHERE { ?s <https://w3id.org/electionkg/ontology#addressee> ?w . "
                "?w <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
                use_default_graph_as_union=True,
            )
        )
    )
    assert [row["label"].value for row in rows] == ["the winner"]


def test_a_data_change_rebuilds_so_nothing_stale_is_served(data: Path) -> None:
    store.open_default_store()
    graph = data / "graph" / "tiny.ttl"
    graph.write_text(
        graph.read_text()
        + "stmt:c2 a ekg:Congratulation ; ekg:speaker person:x ; ekg:aboutElection election:e .\n"
        + 'person:x a foaf:Person ; rdfs:label "X"@en .\n'
    )
    dataset = store.open_default_store()
    second = pyoxigraph.NamedNode("https://w3id.org/electionkg/id/statement/c2")
    assert list(dataset.quads_for_pattern(second, RDF_TYPE, STATEMENT_CLASS))
    assert len(builds()) == 2


def test_a_broken_leftover_folder_under_the_key_is_replaced(data: Path) -> None:
    target = store.build_folder()
    target.mkdir(parents=True)
    (target / store.ASSERTED_FILE).write_text("half a file <")
    store.open_default_store()
    assert store.is_built(target)
    assert "half a file" not in (target / store.ASSERTED_FILE).read_text()


def test_data_that_fails_the_shapes_is_refused_with_the_report_and_not_cached(data: Path) -> None:
    graph = data / "graph" / "tiny.ttl"
    graph.write_text(graph.read_text().replace("ekg:speaker person:putin ;", ""))
    with pytest.raises(InvalidDataError, match="A statement has a speaker"):
        store.open_default_store()
    # Nothing under the cache, not even the N-Quads written while the checks ran.
    assert not config.cache_root().exists() or list(config.cache_root().iterdir()) == []


def test_a_cache_folder_that_cannot_be_written_is_a_one_line_error(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(blocked / "cache"))
    with pytest.raises(InputError, match=r"cannot write the cache in .*a-file/cache: .*"):
        store.open_default_store()


def test_only_the_newest_builds_are_kept(data: Path) -> None:
    graph = data / "graph" / "tiny.ttl"
    for number in range(store.KEEP_BUILDS + 2):
        graph.write_text(graph.read_text() + f"# edit {number}\n")
        store.ensure_built()
    assert len(builds()) == store.KEEP_BUILDS
    assert store.build_folder() in builds()


def test_the_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "explicit"))
    assert config.cache_root() == tmp_path / "explicit"
    monkeypatch.delenv(config.CACHE_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert config.cache_root() == tmp_path / "xdg" / "electionkg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config.cache_root() == tmp_path / "home" / ".cache" / "electionkg"


def test_a_cache_hit_imports_neither_rdflib_nor_owlrl_nor_pyshacl(data: Path) -> None:
    store.ensure_built()
    probe = (
        "import sys\n"
        "from electionkg.build import store\n"
        "dataset = store.open_default_store()\n"
        "assert len(dataset) > 0\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('rdflib', 'owlrl', 'pyshacl'))\n"
        "print(heavy)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy()
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
