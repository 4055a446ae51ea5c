"""`build --store DIR` and `query --store DIR`: a persistent store for big graphs.

The store holds what the default cache holds (ontology, facts and inferences as three named
graphs), so every stored query gives the same answer from either.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph
import pytest
from conftest import RunCli
from remote_servers import OxigraphServer
from support.triple_counts import project_counts

from electionkg import paths
from electionkg.build import store
from electionkg.build.stored_answers import ANSWERS_FOLDER, answer_file
from electionkg.rdf import namespaces
from electionkg.sparql.catalogue import list_stored_queries
from electionkg.sparql.lexer import query_form

STORED = sorted(query.name for query in list_stored_queries())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project graph built into a persistent store, once for the module."""
    directory = tmp_path_factory.mktemp("stores") / "electionkg"
    store.build_persistent_store(store.DataFolders.default(), directory)
    return directory


def rows(csv_text: str) -> Counter[str]:
    """The result rows as a multiset, blank node labels (store-local) made equal."""
    lines = csv_text.splitlines()
    return Counter([lines[0], *(re.sub(r"_:\w+", "_:b", line) for line in lines[1:])])


@pytest.mark.parametrize("name", STORED)
def test_every_stored_query_answers_the_same_from_the_store_as_from_the_default(
    name: str, built: Path, run_cli: RunCli
) -> None:
    params = ["--param", "resource=person:zahid-oruj"] if name == "claim-provenance" else []
    default = run_cli(["query", name, "--format", "csv", *params])
    persistent = run_cli(["query", name, "--format", "csv", "--store", str(built), *params])
    live = run_cli(["query", name, "--format", "csv", "--store", str(built), "--live", *params])
    assert default.exit_code == persistent.exit_code == live.exit_code == 0, persistent.stderr
    assert rows(persistent.stdout) == rows(live.stdout) == rows(default.stdout)
    assert len(rows(default.stdout)) > 1, "a stored query with no rows compares nothing"


@pytest.mark.parametrize("result_format", ["table", "csv", "tsv", "json"])
def test_a_kept_answer_is_written_in_every_format_as_a_live_one(
    built: Path, run_cli: RunCli, result_format: str
) -> None:
    kept = run_cli(["query", "timeline", "--format", result_format, "--store", str(built)])
    live = run_cli(
        ["query", "timeline", "--format", result_format, "--store", str(built), "--live"]
    )
    assert kept.exit_code == live.exit_code == 0
    assert kept.stdout == live.stdout  # timeline is ordered and has no blank nodes


@pytest.fixture
def unasked(built: Path, tmp_path: Path) -> Path:
    """A copy of the built store that no query has been asked of yet: no answer kept."""
    copy = tmp_path / "kg"
    shutil.copytree(built, copy)
    shutil.rmtree(copy / ANSWERS_FOLDER, ignore_errors=True)
    return copy


def test_a_stored_query_keeps_its_answer_the_first_time_it_is_asked(
    unasked: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    copy = unasked
    for stored in list_stored_queries():
        params = ["--param", "resource=person:zahid-oruj"] if stored.params else []
        asked = run_cli(["query", stored.name, "--format", "csv", "--store", str(copy), *params])
        assert asked.exit_code == 0, asked.stderr
        kept = answer_file(copy, stored.path.read_text(encoding="utf-8"), "csv")
        # A query with parameters answers for those values only: nothing is kept.
        assert kept.is_file() == (not stored.params), stored.name
        if kept.is_file():
            assert kept.read_bytes().decode("utf-8") == asked.stdout
    assert not list((copy / ANSWERS_FOLDER).glob(".*partial"))
    # Another file or --live keeps nothing either.
    file = tmp_path / "winner.rq"
    file.write_text((paths.queries_dir() / "winner.rq").read_text(encoding="utf-8") + "#\n")
    run_cli(["query", str(file), "--store", str(copy)])
    assert not answer_file(copy, file.read_text(encoding="utf-8"), "csv").exists()


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("# title: x\nPREFIX ex: <urn:ex:>\nBASE <urn:b>\nselect * { ?s ?p ?o }", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("PREFIX ex: <urn:ex:> CONSTRUCT WHERE { ?s ex:p ?o }", "CONSTRUCT"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
        ("# only a comment", None),
    ],
)
def test_the_query_form_is_read_after_the_prologue(text: str, form: str | None) -> None:
    """Only a SELECT's answer is kept: the form is read past comments, PREFIX and BASE."""
    assert query_form(text) == form


def test_a_store_whose_folder_cannot_keep_answers_still_answers(
    built: Path, unasked: Path, run_cli: RunCli
) -> None:
    copy = unasked
    (copy / ANSWERS_FOLDER).write_text("not a folder")  # as unwritable as it gets for root
    asked = run_cli(["query", "winner", "--format", "csv", "--store", str(copy)])
    live = run_cli(["query", "winner", "--format", "csv", "--store", str(built), "--live"])
    assert asked.exit_code == 0 and asked.stderr == ""
    assert asked.stdout == live.stdout


def test_a_kept_answer_serves_only_its_own_query_text(
    built: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    copy = tmp_path / "kg"
    shutil.copytree(built, copy)
    winner = (paths.queries_dir() / "winner.rq").read_text(encoding="utf-8")
    planted = {
        "head": {"vars": ["election"]},
        "results": {"bindings": [{"election": {"type": "uri", "value": "urn:planted"}}]},
    }
    answer_file(copy, winner, "json").write_text(json.dumps(planted))
    answer_file(copy, winner, "csv").write_text("election\nurn:planted\n")

    served = run_cli(["query", "winner", "--format", "csv", "--store", str(copy)])
    assert served.stdout.splitlines() == ["election", "urn:planted"]  # read from the file
    table = run_cli(["query", "winner", "--store", str(copy)])  # rendered from the JSON
    assert "urn:planted" in table.stdout
    live = run_cli(["query", "winner", "--format", "csv", "--store", str(copy), "--live"])
    assert "urn:planted" not in live.stdout and len(live.stdout.splitlines()) > 1
    edited = tmp_path / "winner.rq"
    edited.write_text(winner + "# edited\n")
    other_text = run_cli(["query", str(edited), "--format", "csv", "--store", str(copy)])
    assert rows(other_text.stdout) == rows(live.stdout)


def test_live_needs_a_store(run_cli: RunCli) -> None:
    result = run_cli(["query", "winner", "--live"])
    assert result.exit_code == 2
    assert "--live" in result.stderr and "--store DIR" in result.stderr


def test_without_inference_the_store_answers_from_the_asserted_graphs_only(
    built: Path, run_cli: RunCli
) -> None:
    file = built.parent / "count.rq"
    file.write_text(
        "SELECT (COUNT(*) AS ?n) { ?s a <https://w3id.org/electionkg/ontology#Statement> }"
    )
    inferred = run_cli(["query", str(file), "--format", "csv", "--store", str(built)])
    asserted = run_cli(
        ["query", str(file), "--format", "csv", "--store", str(built), "--no-inference"]
    )
    default_asserted = run_cli(["query", str(file), "--format", "csv", "--no-inference"])
    assert asserted.stdout == default_asserted.stdout
    # Statements are typed by their sub-classes (Congratulation, Assessment, ...); one only is
    # a plain statement (seed 004's article voice: Aliyev's "widespread popularity").
    assert asserted.stdout.splitlines()[1] == "1"
    assert int(inferred.stdout.splitlines()[1]) >= 24


def test_the_store_is_an_oxigraph_store_with_the_three_named_graphs_of_the_export(
    built: Path,
) -> None:
    opened = pyoxigraph.Store.read_only(str(built))
    assert {graph.value for graph in opened.named_graphs()} == {
        namespaces.ONTOLOGY_GRAPH,
        namespaces.FACTS_GRAPH,
        namespaces.INFERRED_GRAPH,
    }
    cached = store.load_store(store.ensure_built())
    assert len(opened) == len(cached)


def test_the_build_command_reports_counts_stages_and_engines(
    run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(["build", "--store", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.stderr
    assert f"facts {project_counts()[1]:,}" in result.stdout  # 3,981 on 2026-11-30
    for stage in ("parse", "validate", "reason", "store"):
        assert stage in result.stdout
    assert "reason rules" in result.stdout
    # The answers of the stored queries are kept when first asked, not at build time.
    assert not (tmp_path / "kg" / ANSWERS_FOLDER).exists()


def test_a_folder_that_is_not_a_store_is_refused_by_query_with_how_to_build_one(
    run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(["query", "winner", "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}: not an electionkg store" in result.stderr
    assert f"electionkg build --store {tmp_path}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_with_other_files_is_never_overwritten(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("precious")
    result = run_cli(["build", "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert "not empty and is not an electionkg store" in result.stderr
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def test_an_update_through_the_store_is_refused(built: Path, run_cli: RunCli) -> None:
    file = built.parent / "update.rq"
    file.write_text("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    refused = run_cli(["query", str(file), "--store", str(built)])
    assert refused.exit_code == 2
    assert "read-only" in refused.stderr


@pytest.fixture
def tiny_root(make_data_root: Callable[[Mapping[str, str]], Path]) -> Path:
    prefixes = (
        "@prefix ekg: <https://w3id.org/electionkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    )
    return make_data_root(
        {
            "ontology/o.ttl": prefixes
            + "ekg:Congratulation rdfs:subClassOf ekg:Statement .\n"
            + "ekg:Congratulation a rdfs:Class . ekg:Statement a rdfs:Class .\n"
            + "ekg:speaker a rdf:Property . ekg:aboutElection a rdf:Property .\n",
            "graph/g.ttl": prefixes
            + "<urn:c1> a ekg:Congratulation ; ekg:speaker <urn:p> ; ekg:aboutElection <urn:e> .\n",
            "shapes/s.ttl": prefixes
            + "<urn:shape> a sh:NodeShape ; sh:targetClass ekg:Statement ; sh:property "
            + "[ sh:path ekg:speaker ; sh:minCount 1 ;\n"
            + '  sh:message "A statement has a speaker" ] .\n',
        }
    )


def test_a_rebuild_replaces_the_store_and_a_failed_one_keeps_the_previous(
    tiny_root: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "kg"
    assert run_cli(["build", "--store", str(target)]).exit_code == 0
    count = "SELECT (COUNT(*) AS ?n) { ?s a <https://w3id.org/electionkg/ontology#Statement> }"
    (tmp_path / "count.rq").write_text(count)
    before = run_cli(
        ["query", str(tmp_path / "count.rq"), "--store", str(target), "--format", "csv"]
    )
    assert before.stdout.splitlines()[1] == "1"

    graph = tiny_root / "graph" / "g.ttl"
    graph.write_text(
        graph.read_text() + "<urn:c2> a <https://w3id.org/electionkg/ontology#Congratulation> .\n"
    )
    failed = run_cli(["build", "--store", str(target)])
    assert failed.exit_code == 1
    assert "A statement has a speaker" in failed.stderr
    still = run_cli(
        ["query", str(tmp_path / "count.rq"), "--store", str(target), "--format", "csv"]
    )
    assert still.stdout == before.stdout

    graph.write_text(
        graph.read_text()
        + "<urn:c2> <https://w3id.org/electionkg/ontology#speaker> <urn:q> ;"
        + " <https://w3id.org/electionkg/ontology#aboutElection> <urn:e> .\n"
    )
    assert run_cli(["build", "--store", str(target)]).exit_code == 0
    after = run_cli(
        ["query", str(tmp_path / "count.rq"), "--store", str(target), "--format", "csv"]
    )
    assert after.stdout.splitlines()[1] == "2"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_malformed_turtle_stops_the_build_naming_file_and_line(
    tiny_root: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    (tiny_root / "graph" / "broken.ttl").write_text("<urn:a> <urn:b> .\n")
    result = run_cli(["build", "--store", str(tmp_path / "kg")])
    assert result.exit_code == 2
    assert "graph/broken.ttl: line 1" in result.stderr
    assert not (tmp_path / "kg").exists()


def test_store_and_endpoint_exclude_each_other(run_cli: RunCli, built: Path) -> None:
    result = run_cli(
        ["query", "winner", "--store", str(built), "--endpoint", "http://127.0.0.1:1/q"]
    )
    assert result.exit_code == 2
    assert "--store and --endpoint" in result.stderr


@pytest.mark.oxigraph
def test_the_oxigraph_server_serves_the_store_as_it_is(
    built: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    server = OxigraphServer(tmp_path, union_default_graph=True, read_only_store=built)
    try:
        served = run_cli(["query", "winner", "--format", "csv", "--endpoint", server.query_url])
    finally:
        server.stop()
    local = run_cli(["query", "winner", "--format", "csv", "--store", str(built)])
    assert served.exit_code == local.exit_code == 0, served.stderr
    assert rows(served.stdout) == rows(local.stdout)
