"""The synthetic graphs of ``bench/generate_graph.py``, which the scale benchmark measures.

A benchmark on data that fails the shapes would time the error path, and one whose size or
content drifts between runs would not be comparable: so the generated graph must conform to the
project's shapes (with the reference validator), be byte-identical for one seed and size, land
within 5 % of the requested size, hold an instance of every class a shape targets, and answer
the stored query ``winner`` for every election it generated. Its seeds must hold every quote
(each sentence quoted), so that ``electionkg check`` runs the quote, anchor and value checks
over all of them and passes.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rdflib import Graph, Namespace
from support.query_rows import select_rows

from electionkg import config, paths
from electionkg.rdf import namespaces
from electionkg.rdf.loading import load_turtle_folder
from electionkg.shacl.validator import validate_graph

REPO_ROOT = Path(__file__).resolve().parent.parent
TRIPLES = 10_000
SMALL_TRIPLES = 4_000
SEED = 7


def _load_generator() -> ModuleType:
    """bench/ is not a package: load the script as a module."""
    path = REPO_ROOT / "bench" / "generate_graph.py"
    spec = importlib.util.spec_from_file_location("generate_graph", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


generate_graph = _load_generator()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """One generated data root (10k triples) and the generator's summary of it."""
    root = tmp_path_factory.mktemp("generated") / "data"
    return root, generate_graph.generate(TRIPLES, SEED, root)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A smaller root for the command line, whose first query builds (validates, reasons) it."""
    root = tmp_path_factory.mktemp("small") / "data"
    return root, generate_graph.generate(SMALL_TRIPLES, SEED, root)


@pytest.fixture(scope="module")
def dataset(generated: tuple[Path, Any]) -> tuple[Graph, Graph]:
    """The ontology and the generated facts, parsed as the package parses them."""
    root, _ = generated
    return load_turtle_folder(root / "ontology"), load_turtle_folder(root / "graph")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_same_seed_and_size_give_the_same_bytes(
    generated: tuple[Path, Any], tmp_path: Path
) -> None:
    root, _ = generated
    again = generate_graph.generate(TRIPLES, SEED, tmp_path / "again")
    assert again.triples > 0
    first, second = _files(root), _files(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert len([name for name in first if name.startswith("graph/")]) >= 2  # reference + country
    assert len([name for name in first if name.startswith("seeds/")]) >= 10  # seeds compared too


def test_another_seed_gives_another_graph(generated: tuple[Path, Any], tmp_path: Path) -> None:
    root, _ = generated
    generate_graph.generate(TRIPLES, SEED + 1, tmp_path / "other")
    assert _files(root)["graph/reference.ttl"] != _files(tmp_path / "other")["graph/reference.ttl"]


def test_the_requested_size_is_met_within_5_percent(
    generated: tuple[Path, Any], dataset: tuple[Graph, Graph]
) -> None:
    _, summary = generated
    _, facts = dataset
    assert len(facts) == summary.triples  # the generator's own count is exact
    assert abs(len(facts) - TRIPLES) <= 0.05 * TRIPLES


def test_the_generated_graph_conforms_to_the_shapes(
    generated: tuple[Path, Any], dataset: tuple[Graph, Graph]
) -> None:
    root, _ = generated
    ontology, facts = dataset
    # The build's validator (held to pySHACL on every fixture and to the W3C suite elsewhere):
    # pySHACL's SHACL-SPARQL constraints take minutes on a graph this size.
    report = validate_graph(ontology + facts, load_turtle_folder(root / "shapes"))
    assert report.conforms, report.format_text()


def test_every_class_with_a_shape_has_instances(
    generated: tuple[Path, Any], dataset: tuple[Graph, Graph]
) -> None:
    root, _ = generated
    ontology, facts = dataset
    shapes = load_turtle_folder(root / "shapes")
    targets = {
        str(row[0])
        for row in select_rows(
            shapes.query(
                "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?c WHERE { ?s sh:targetClass ?c }"
            )
        )
    }
    data = ontology + facts
    empty = [
        target
        for target in sorted(targets)
        if not data.query(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            f"ASK {{ ?x a/rdfs:subClassOf* <{target}> }}"
        ).askAnswer
    ]
    assert len(targets) > 50
    assert empty == []


@pytest.fixture
def small_root(
    small: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[Path, Any]:
    """The small root as the command line's data root, with a cache of its own."""
    monkeypatch.setenv(paths.DATA_ENV, str(small[0]))
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "cache"))
    return small


def test_winner_answers_once_per_generated_election(
    small_root: tuple[Path, Any], run_cli: Callable[[Sequence[str]], Any]
) -> None:
    """Expected from the generator's own record of what it made, never from a first run."""
    root, summary = small_root
    facts = load_turtle_folder(root / "graph")

    run = run_cli(["query", "winner", "--format", "csv"])

    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    expected = {(_expand(election.iri), _expand(election.winner)) for election in summary.elections}
    assert {(row["election"], row["winner"]) for row in rows} == expected
    assert len({row["election"] for row in rows}) == len(summary.elections)
    # one row per figure reported for the winner and per source quoted for it
    assert len(rows) == sum(election.winner_rows for election in summary.elections)
    # and the generator's record agrees with the data: every election it wrote is there
    elections = facts.query(
        "PREFIX ekg: <https://w3id.org/electionkg/ontology#> "
        "SELECT DISTINCT ?e WHERE { ?e a ?kind . "
        "VALUES ?kind { ekg:PresidentialElection ekg:ParliamentaryElection } }"
    )
    assert len(list(elections)) == len(summary.elections) >= 2
    assert {election.kind for election in summary.elections} == {"presidential", "parliamentary"}


OA = Namespace(namespaces.PREFIXES["oa"])
EKG = Namespace(namespaces.EKG)


def test_every_seed_sentence_holds_a_quote_of_its_source(
    generated: tuple[Path, Any], dataset: tuple[Graph, Graph]
) -> None:
    """The generator writes only quoted sentences, one a paragraph, and a seed per source."""
    root, summary = generated
    _, facts = dataset
    quotes: dict[str, set[str]] = {}
    for evidence, document in facts.subject_objects(OA.hasSource):
        for selector in facts.objects(evidence, OA.hasSelector):
            for exact in facts.objects(selector, OA.exact):
                seed = str(facts.value(document, EKG.seedFile))
                quotes.setdefault(seed, set()).add(str(exact))
    seeds = sorted(path.name for path in (root / "seeds").iterdir())
    assert seeds == sorted(str(name) for name in facts.objects(None, EKG.seedFile))
    assert len(seeds) == summary.seeds >= 10
    unquoted = [
        (name, sentence)
        for name in seeds
        for sentence in (root / "seeds" / name).read_text(encoding="utf-8").split("\n\n")
        if sentence.strip() and not any(q in sentence for q in quotes.get(name, ()))
    ]
    assert unquoted == []
    assert sum(len(q) for q in quotes.values()) > 300


def test_check_passes_and_runs_the_quote_checks_over_every_quote(
    small_root: tuple[Path, Any], run_cli: Callable[[Sequence[str]], Any]
) -> None:
    """``electionkg check`` on the generated graph: every check ok, each over all quotes."""
    _, summary = small_root

    run = run_cli(["check"])

    assert run.exit_code == 0, run.stdout[-3000:]
    lines = run.stdout.splitlines()
    assert [line for line in lines if not line.startswith(("ok ", "   "))] == []
    assert summary.quotes > 100
    assert f"ok   quotes  {summary.quotes} quotes verbatim in their seeds" in lines
    assert f"ok   hashes  {summary.seeds} seed files match their SHA-256" in lines
    assert "ok   anchors every quote's offsets select it in its seed" in lines
    ledger = next(line for line in lines if line.startswith("ok   ledger"))
    quoted, total = ledger.split()[2], ledger.rsplit(" ", 1)[1]
    assert quoted == total and int(total) > 100 and ", 0 excused" in ledger  # every one quoted
    values = next(line for line in lines if line.startswith("ok   values"))
    checked = dict(
        (kind, int(count))
        for count, kind in (
            part.split() for part in values.split("(checked: ")[1].rstrip(")").split(", ")
        )
    )
    assert checked["number"] >= 50 and checked["date"] >= 10 and checked["entity"] >= 100


def _expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return namespaces.PREFIXES[prefix] + local
