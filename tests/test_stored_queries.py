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
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from electionkg import jena, paths
from electionkg.export import export
from electionkg.namespaces import PREFIXES
from electionkg.queries import list_stored_queries, resolve_query
from electionkg.store import open_default_store

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"


Cell = str | Decimal | None
Row = tuple[Cell, ...]

STORED = sorted(query.name for query in list_stored_queries())


def expected_file(name: str) -> Path:
    return EXPECTED_DIR / f"{name}.csv"


def read_expected(name: str) -> tuple[list[str], Counter[Row], dict[str, str]]:
    """The header, the multiset of rows and the parameters of an expected-results file."""
    lines = expected_file(name).read_text(encoding="utf-8").splitlines()
    params = dict(
        line.split(":", 1)[1].strip().split("=", 1) for line in lines if line.startswith("# param:")
    )
    table = list(csv.reader(line for line in lines if not line.startswith("#")))
    header, body = table[0], table[1:]
    return header, Counter(tuple(expand_cell(cell) for cell in row) for row in body), params


def expand_cell(cell: str) -> Cell:
    """A CSV cell as a comparable value: an IRI (prefixes expanded), a number, text or None."""
    if cell == "":
        return None
    prefix, _, local = cell.partition(":")
    if local and " " not in cell and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return number_or_text(cell)


def number_or_text(text: str) -> Cell:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return text


def comparable(term: object) -> Cell:
    """An rdflib or pyoxigraph term as a value comparable with ``expand_cell``."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        numeric = term.datatype.value.rsplit("#", 1)[1] in {"decimal", "integer", "double"}
        return Decimal(term.value).normalize() if numeric else term.value
    if isinstance(term, rdflib.Literal) and isinstance(term.toPython(), int | float | Decimal):
        return Decimal(str(term)).normalize()
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    return str(term)


def multiset(variables: list[str], solutions: Iterable[Mapping[str, object]]) -> Counter[Row]:
    return Counter(tuple(comparable(solution.get(v)) for v in variables) for solution in solutions)


def describe(expected: Counter[Row], actual: Counter[Row]) -> str:
    missing, extra = expected - actual, actual - expected
    lines = [f"missing ({sum(missing.values())}):"] + [f"  {row}" for row in missing]
    lines += [f"unexpected ({sum(extra.values())}):"] + [f"  {row}" for row in extra]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def embedded_store() -> pyoxigraph.Store:
    return open_default_store()


@pytest.fixture(scope="module")
def exported_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The asserted plus inferred graph as N-Triples, as another engine would load it."""
    target = tmp_path_factory.mktemp("export") / "electionkg-inferred.nt"
    export("nt", inferred=True, output=target)
    return target


def oxigraph_answer(store: pyoxigraph.Store, name: str, params: Mapping[str, str]):
    query = resolve_query(name)
    bindings = {key: pyoxigraph.NamedNode(str(expand_cell(value))) for key, value in params.items()}
    results = store.query(
        query.text,
        use_default_graph_as_union=True,
        substitutions={pyoxigraph.Variable(k): v for k, v in bindings.items()} or None,
    )
    variables = [variable.value for variable in results.variables]
    solutions = [{v: solution[v] for v in variables} for solution in results]
    return variables, multiset(variables, solutions)


def test_every_stored_query_has_an_expected_results_file() -> None:
    assert len(STORED) == 15
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
    solutions = [
        {v: row[v] for v in variables if row[v] is not None}
        for row in result  # type: ignore[index]
    ]
    actual = multiset(variables, solutions)
    assert actual == reference, describe(reference, actual)


@pytest.mark.jena
@pytest.mark.parametrize("name", STORED)
def test_jena_arq_agrees_with_the_embedded_store(
    embedded_store: pyoxigraph.Store, exported_graph: Path, name: str
) -> None:
    _, _, params = read_expected(name)
    variables, reference = oxigraph_answer(embedded_store, name, params)
    text = resolve_query(name).text
    for key, value in params.items():  # Jena's command line has no parameters: a VALUES block
        text += f"\nVALUES ?{key} {{ <{expand_cell(value)}> }}\n"
    actual = multiset(variables, jena.sparql_select(text, exported_graph))
    assert actual == reference, describe(reference, actual)


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
        on_behalf_of = {row["onBehalfOf"] for row in rows}
        sources = {row["source"] for row in rows}
    elif result_format == "json":
        bindings = json.loads(out)["results"]["bindings"]
        rows = bindings
        on_behalf_of = {b["onBehalfOf"]["value"] for b in bindings}
        sources = {b["source"]["value"] for b in bindings}
    else:  # TSV: RDF terms in Turtle syntax; read with rdflib's SPARQL results parser
        result = rdflib.query.Result.parse(io.StringIO(out), format="tsv")
        rows = list(result)
        on_behalf_of = {str(row[3]) for row in result}  # type: ignore[index]
        sources = {str(row[5]) for row in result}  # type: ignore[index]
    assert len(rows) == 6
    assert on_behalf_of == STATES
    assert sources == {"https://w3id.org/electionkg/id/source/001_f909973e3a71212b"}


def test_json_results_read_back_with_rdflib(tmp_path: Path) -> None:
    out = run_installed("query", "seat-distribution", "--format", "json", cwd=tmp_path)
    result = rdflib.query.Result.parse(io.BytesIO(out.encode()), format="json")
    seats = sorted(int(row.seats) for row in result)  # type: ignore[union-attr]
    assert seats == [1, 12, 45, 68]
