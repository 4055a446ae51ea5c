"""Apache Jena TDB2, the engine Fuseki runs, gives the expected answers (issues 5 and 14).

The README's bulk-load recipe, as a test: ``electionkg load --write-files DIR`` writes one
N-Triples file per graph, ``tdb2.tdbloader --loc DB --graph IRI FILE`` loads each into its named
graph, and ``tdb2.tdbquery`` answers every stored query in three set-ups:

* ``union``: ``--set tdb:unionDefaultGraph=true`` (what ``tdb2:unionDefaultGraph true`` does in
  ``deploy/fuseki-config.ttl``), the query as it is (``query --endpoint --server-default-graph``);
* ``plain``: a dataset without that setting, asked as ``query --endpoint`` asks by default: the
  three graph IRIs as the query's dataset (SPARQL 1.1 Protocol ``default-graph-uri``, which Fuseki
  turns into the dataset description that ``FROM`` clauses give, SPARQL 1.1 section 13.2);
* ``union+named``: both.

Parameters go into a ``VALUES`` block, as ``query --endpoint`` sends them (``bind_values``).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph
import pytest
from query_results import STORED, Row, describe, multiset, read_expected
from remote_servers import with_dataset
from support import jena, jena_queries

from electionkg.remote.endpoint import DATASET_GRAPHS
from electionkg.remote.graph_store import GRAPHS, graph_payloads, write_graph_files
from electionkg.sparql.catalogue import resolve_query
from electionkg.sparql.parameters import bind_parameters, bind_values

pytestmark = pytest.mark.jena

REPO_ROOT = Path(__file__).resolve().parent.parent

WORKERS = 4
"""TDB2 locks a database to one process: each worker queries its own copy."""


def tdb2(main_class: str, args: list[str]) -> str:
    completed = jena.run_jena(main_class, args)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


SETUPS = ("union", "plain", "union+named")
"""TDB2 with the union as its default graph, without it, and with it but the graphs named."""


def solutions(body: str) -> tuple[list[str], Counter[Row]]:
    """SPARQL JSON results as their variables and the multiset of their rows."""
    results = pyoxigraph.parse_query_results(body.encode(), pyoxigraph.QueryResultsFormat.JSON)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    variables = [variable.value for variable in results.variables]
    return variables, multiset(variables, [{v: s[v] for v in variables} for s in results])


def select(
    database: Path, text: str, folder: Path, setup: str = "union"
) -> tuple[list[str], Counter[Row]]:
    """One query run by ``tdb2.tdbquery`` itself, in one of the set-ups."""
    if setup != "union":
        text = with_dataset(text, DATASET_GRAPHS)
    query_file = folder / f"query-{abs(hash(text))}.rq"
    query_file.write_text(text, encoding="utf-8")
    union = ["--set", "tdb:unionDefaultGraph=true"] if setup.startswith("union") else []
    args = ["--loc", str(database), *union, "--results", "json", "--query", str(query_file)]
    return solutions(tdb2("tdb2.tdbquery", args))


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The three files loaded with tdb2.tdbloader, one call per graph; then copied per worker."""
    folder = tmp_path_factory.mktemp("tdb2")
    write_graph_files(folder / "files", graph_payloads())
    database = folder / "DB"
    for name, iri in GRAPHS:
        file = folder / "files" / f"{name}.nt"
        tdb2("tdb2.tdbloader", ["--loc", str(database), "--graph", iri, str(file)])
    copies = [database]
    for index in range(1, WORKERS):
        copies.append(folder / f"DB-{index}")
        shutil.copytree(database, copies[-1])
    return copies


Answers = dict[tuple[str, str], tuple[list[str], Counter[Row]]]


@pytest.fixture(scope="module")
def answers(databases: list[Path]) -> Answers:
    """Every stored query in every set-up: one JVM per set-up (all its queries, as
    ``tdb2.tdbquery`` runs each), the set-ups in parallel on their own copies."""

    def text(name: str, setup: str) -> str:
        _, _, params = read_expected(name)
        query = resolve_query(name)
        bound = bind_values(
            query.text, bind_parameters(query, [f"{k}={v}" for k, v in params.items()])
        )
        return bound if setup == "union" else with_dataset(bound, DATASET_GRAPHS)

    def run(index: int, setup: str) -> list[tuple[list[str], Counter[Row]]]:
        bodies = jena_queries.select_json_many(
            [text(name, setup) for name in STORED],
            location=databases[index % WORKERS],
            union=setup.startswith("union"),
        )
        return [solutions(body) for body in bodies]

    with ThreadPoolExecutor(max_workers=len(SETUPS)) as pool:
        runs = {setup: pool.submit(run, i, setup) for i, setup in enumerate(SETUPS)}
        return {
            (name, setup): answer
            for setup, future in runs.items()
            for name, answer in zip(STORED, future.result(), strict=True)
        }


def test_each_graph_is_loaded_whole(databases: list[Path], tmp_path: Path) -> None:
    """Counted by graph in TDB2: what the cache holds, shared blank nodes skolemised once."""
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    query_file = tmp_path / "count.rq"
    query_file.write_text(text)
    stdout = tdb2(
        "tdb2.tdbquery",
        ["--loc", str(databases[-1]), "--results", "json", "--query", str(query_file)],
    )
    rows = json.loads(stdout)["results"]["bindings"]
    expected = {(payload.iri, payload.triples) for payload in graph_payloads()}
    assert {(r["g"]["value"], int(r["n"]["value"])) for r in rows} == expected
    sidecars = sorted((databases[0].parent / "files").glob("*.nt.graph"))
    assert {f.read_text().strip() for f in sidecars} == {iri for _, iri in GRAPHS}


def test_the_fuseki_config_makes_the_default_graph_the_union(
    databases: list[Path], tmp_path: Path
) -> None:
    """deploy/fuseki-config.ttl's dataset, read by TDB2's assembler, over the loaded database."""
    config = (REPO_ROOT / "deploy" / "fuseki-config.ttl").read_text(encoding="utf-8")
    assert '"databases/electionkg"' in config
    assembler = tmp_path / "fuseki-config.ttl"
    assembler.write_text(config.replace('"databases/electionkg"', f'"{databases[-1]}"'))
    query_file = tmp_path / "count.rq"
    query_file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    stdout = tdb2(
        "tdb2.tdbquery",
        ["--desc", str(assembler), "--results", "json", "--query", str(query_file)],
    )
    count = int(json.loads(stdout)["results"]["bindings"][0]["n"]["value"])
    assert count == sum(payload.triples for payload in graph_payloads())


def test_the_query_batch_answers_as_tdbquery_does(
    databases: list[Path], answers: Answers, tmp_path: Path
) -> None:
    """The one-JVM batch gives what Jena's own ``tdb2.tdbquery`` gives, with and without the
    union default graph."""
    _, _, params = read_expected("winner")
    query = resolve_query("winner")
    text = bind_values(query.text, bind_parameters(query, [f"{k}={v}" for k, v in params.items()]))
    for setup in ("union", "plain"):
        assert select(databases[-1], text, tmp_path, setup) == answers["winner", setup]


@pytest.mark.parametrize("setup", SETUPS)
@pytest.mark.parametrize("name", STORED)
def test_tdb2_answers_every_stored_query_as_expected(
    answers: Answers, name: str, setup: str
) -> None:
    header, expected, _ = read_expected(name)
    variables, actual = answers[name, setup]
    assert variables == header
    assert actual == expected, describe(expected, actual)


def test_without_the_union_and_without_naming_the_graphs_tdb2_answers_nothing(
    databases: list[Path], tmp_path: Path
) -> None:
    """The failure ``query --endpoint`` now avoids: a plain dataset's default graph is empty."""
    query_file = tmp_path / "winner.rq"
    query_file.write_text(resolve_query("winner").text, encoding="utf-8")
    args = ["--loc", str(databases[-1]), "--results", "json", "--query", str(query_file)]
    stdout = tdb2("tdb2.tdbquery", args)
    assert json.loads(stdout)["results"]["bindings"] == []


def test_the_from_clauses_go_before_the_outer_where() -> None:
    text = "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }"
    assert with_dataset(text, ("urn:a", "urn:b")) == (
        "SELECT ?x FROM <urn:a> FROM <urn:b> WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }"
    )
