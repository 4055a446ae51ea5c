"""The stored queries answer their questions as the articles do, on every engine (issue 3).

For every ``queries/NAME.rq`` there is ``tests/expected/NAME.csv``, written by hand from the
article text (never by running the query): a header of variable names, then one row per
solution; IRIs may be written with the project's prefixes, an empty cell is an unbound
variable, and ``# param: name=value`` comment lines give the parameters to bind. Results are
compared as multisets of bindings, by value (a decimal 92.050 equals 92.05), because Oxigraph
normalises lexical forms. The same queries must give the same answers on the embedded store
(pyoxigraph, what the CLI runs), on rdflib, and on Apache Jena ARQ over the exported graph.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from query_results import (
    EXPECTED_DIR,
    STORED,
    Row,
    describe,
    expand_cell,
    expected_file,
    multiset,
    read_expected,
)
from support import jena, jena_queries
from support.query_rows import select_rows, solutions

from electionkg import paths
from electionkg.build.store import open_default_store
from electionkg.publish.export import export
from electionkg.sparql.catalogue import resolve_query


@pytest.fixture(scope="module")
def embedded_store() -> pyoxigraph.Store:
    return open_default_store()


@pytest.fixture(scope="module")
def exported_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The asserted plus inferred graph as N-Triples, as another engine would load it."""
    target = tmp_path_factory.mktemp("export") / "electionkg-inferred.nt"
    export("nt", inferred=True, output=target)
    return target


def oxigraph_answer(
    store: pyoxigraph.Store, name: str, params: Mapping[str, str]
) -> tuple[list[str], Counter[Row]]:
    query = resolve_query(name)
    bindings = {key: pyoxigraph.NamedNode(str(expand_cell(value))) for key, value in params.items()}
    results = solutions(
        store.query(
            query.text,
            use_default_graph_as_union=True,
            substitutions={pyoxigraph.Variable(k): v for k, v in bindings.items()} or None,
        )
    )
    variables = [variable.value for variable in results.variables]
    answers = [{v: solution[v] for v in variables} for solution in results]
    return variables, multiset(variables, answers)


def test_every_stored_query_has_an_expected_results_file() -> None:
    assert len(STORED) == 16
    missing = [name for name in STORED if not expected_file(name).is_file()]
    assert missing == []
    orphans = sorted({p.stem for p in EXPECTED_DIR.glob("*.csv")} - set(STORED))
    assert orphans == []


@pytest.mark.parametrize("name", STORED)
def test_stored_query_answers_as_the_articles_say(
    embedded_store: pyoxigraph.Store, name: str
) -> None:
    header, expected, params = read_expected(name)
    variables, actual = oxigraph_answer(embedded_store, name, params)
    assert variables == header
    assert actual == expected, describe(expected, actual)


@pytest.mark.parametrize("name", STORED)
def test_rdflib_agrees_with_the_embedded_store(
    embedded_store: pyoxigraph.Store, exported_graph: Path, name: str
) -> None:
    graph = rdflib.Graph()
    graph.parse(exported_graph, format="nt")
    _, _, params = read_expected(name)
    variables, reference = oxigraph_answer(embedded_store, name, params)
    bindings = {key: rdflib.URIRef(str(expand_cell(value))) for key, value in params.items()}
    result = graph.query(resolve_query(name).text, initBindings=bindings)
    answers = [{v: row[v] for v in variables if row[v] is not None} for row in select_rows(result)]
    actual = multiset(variables, answers)
    assert actual == reference, describe(reference, actual)


def jena_text(name: str) -> str:
    """The stored query with its parameters as a VALUES block (Jena's command line has none)."""
    _, _, params = read_expected(name)
    text = resolve_query(name).text
    for key, value in params.items():
        text += f"\nVALUES ?{key} {{ <{expand_cell(value)}> }}\n"
    return text


@pytest.fixture(scope="module")
def jena_answers(exported_graph: Path) -> dict[str, list[dict[str, rdflib.term.Node]]]:
    """Every stored query run by Jena ARQ over the exported graph, all in one JVM."""
    answers = jena_queries.select_many([jena_text(name) for name in STORED], [exported_graph])
    return dict(zip(STORED, answers, strict=True))


@pytest.mark.jena
@pytest.mark.parametrize("name", STORED)
def test_jena_arq_agrees_with_the_embedded_store(
    embedded_store: pyoxigraph.Store,
    jena_answers: dict[str, list[dict[str, rdflib.term.Node]]],
    name: str,
) -> None:
    _, _, params = read_expected(name)
    variables, reference = oxigraph_answer(embedded_store, name, params)
    actual = multiset(variables, jena_answers[name])
    assert actual == reference, describe(reference, actual)


@pytest.mark.jena
def test_the_query_batch_answers_as_jena_arq_does(
    exported_graph: Path, jena_answers: dict[str, list[dict[str, rdflib.term.Node]]]
) -> None:
    """The one-JVM batch gives what Jena's own ``arq.sparql`` command gives, row for row."""
    assert jena.sparql_select(jena_text("winner"), exported_graph) == jena_answers["winner"]


def test_the_results_depend_on_the_data(embedded_store: pyoxigraph.Store) -> None:
    """A guard against a comparison that cannot fail: another answer is told apart."""
    _, expected, params = read_expected("winner")
    _, other = oxigraph_answer(embedded_store, "turnout-reports", {})
    assert other != expected
    assert paths.queries_dir().is_dir()


STATES = {
    f"https://w3id.org/electionkg/id/state/{s}" for s in ("russia", "turkey", "kazakhstan")
} | {f"https://w3id.org/electionkg/id/state/{s}" for s in ("hungary", "venezuela", "belarus")}


def run_installed(*args: str, cwd: Path) -> str:
    """Run the installed ``electionkg`` command in a new process; its standard output."""
    command = shutil.which("electionkg")
    assert command, "the electionkg command is not installed (pip install .)"
    run = subprocess.run([command, *args], capture_output=True, text=True, cwd=cwd)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return run.stdout


@pytest.mark.parametrize("result_format", ["csv", "tsv", "json"])
def test_the_main_job_in_every_results_format_reads_back_with_standard_readers(
    tmp_path: Path, result_format: str
) -> None:
    out = run_installed(
        "query", "who-congratulated-the-winner", "--format", result_format, cwd=tmp_path
    )
    if result_format == "csv":  # W3C SPARQL 1.1 CSV: plain IRIs, a header of variable names
        rows = list(csv.DictReader(io.StringIO(out)))
        row_count = len(rows)
        on_behalf_of = {row["onBehalfOf"] for row in rows}
        sources = {row["source"] for row in rows}
    elif result_format == "json":
        bindings = json.loads(out)["results"]["bindings"]
        row_count = len(bindings)
        on_behalf_of = {b["onBehalfOf"]["value"] for b in bindings}
        sources = {b["source"]["value"] for b in bindings}
    else:  # TSV: RDF terms in Turtle syntax; read with rdflib's SPARQL results parser
        result = rdflib.query.Result.parse(io.StringIO(out), format="tsv")
        parsed = select_rows(result)
        row_count = len(parsed)
        on_behalf_of = {str(row[3]) for row in parsed}
        sources = {str(row[5]) for row in parsed}
    assert row_count == 6
    assert on_behalf_of == STATES
    assert sources == {"https://w3id.org/electionkg/id/source/001_f909973e3a71212b"}


def test_json_results_read_back_with_rdflib(tmp_path: Path) -> None:
    out = run_installed("query", "seat-distribution", "--format", "json", cwd=tmp_path)
    result = rdflib.query.Result.parse(io.BytesIO(out.encode()), format="json")
    seats = sorted(int(row.seats) for row in select_rows(result))
    assert seats == [1, 12, 45, 68]
