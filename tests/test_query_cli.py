"""``electionkg queries``, ``electionkg query`` and ``electionkg export``, as a user sees them.

Most runs are in-process on a tiny data root of our own (``ELECTIONKG_DATA``) with a cache of
our own (``ELECTIONKG_CACHE_DIR``); a few run the command in a new process, as a user would.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph
import pytest
from conftest import CliRun, RunCli
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Node
from support.query_rows import select_rows

from electionkg import paths
from electionkg.build import store
from electionkg.sparql import catalogue, parameters, run

PREFIXES = """\
@prefix ekg:    <https://w3id.org/electionkg/ontology#> .
@prefix person: <https://w3id.org/electionkg/id/person/> .
@prefix stmt:   <https://w3id.org/electionkg/id/statement/> .
@prefix source: <https://w3id.org/electionkg/id/source/> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh:     <http://www.w3.org/ns/shacl#> .
@prefix ekgsh:  <https://w3id.org/electionkg/shapes#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
@prefix election: <https://w3id.org/electionkg/id/election/> .
"""
SPARQL_PREFIXES = """\
PREFIX ekg:  <https://w3id.org/electionkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
QUOTE = 'I congratulate you, "dear friend",\non your victory'
FILES = {
    "ontology/tiny.ttl": PREFIXES
    + """
ekg:Congratulation rdfs:subClassOf ekg:Statement .
ekg:addressee rdfs:subPropertyOf ekg:about .
ekg:evidenceSource owl:propertyChainAxiom ( ekg:evidence oa:hasSource ) .
ekg:Congratulation a owl:Class . ekg:Statement a owl:Class . ekg:Election a owl:Class .
ekg:SourceDocument a owl:Class . ekg:speaker a owl:ObjectProperty .
ekg:addressee a owl:ObjectProperty . ekg:about a owl:ObjectProperty .
ekg:evidence a owl:ObjectProperty . ekg:evidenceSource a owl:ObjectProperty .
ekg:aboutElection a owl:ObjectProperty . ekg:quote a owl:DatatypeProperty .
ekg:share a owl:DatatypeProperty .
""",
    "graph/tiny.ttl": PREFIXES
    + f"""
stmt:putin a ekg:Congratulation ; ekg:speaker person:putin ; ekg:addressee person:aliyev ;
    ekg:quote {json.dumps(QUOTE)}@en ; ekg:aboutElection election:e ;
    ekg:evidence [ oa:hasSource source:s1 ] .
stmt:erdogan a ekg:Congratulation ; ekg:speaker person:erdogan ; ekg:addressee person:aliyev ;
    ekg:aboutElection election:e ;
    ekg:evidence [ oa:hasSource source:s2 ] .
# typed and named, as the build's integrity rules require (names not labels: the queries
# below list the labelled nodes)
person:aliyev a foaf:Person . person:putin a foaf:Person . person:erdogan a foaf:Person .
election:e a ekg:Election ; schema:name "an election" .
source:s1 a ekg:SourceDocument ; schema:name "s1" .
source:s2 a ekg:SourceDocument ; schema:name "s2" .
person:aliyev rdfs:label "Ilham Aliyev"@en ; ekg:share 92.05 .
person:putin rdfs:label "Vladimir Putin"@en .
person:erdogan rdfs:label "Recep Tayyip Erdoğan"@en .
""",
    "shapes/tiny.ttl": PREFIXES
    + """
ekgsh:StatementShape a sh:NodeShape ; sh:targetClass ekg:Statement ;
    sh:property [ sh:path ekg:speaker ; sh:minCount 1 ; sh:message "A statement has a speaker" ] .
""",
    "queries/congratulations.rq": """\
# title: Congratulations
# question: Who congratulated whom,
#   according to which source?
"""
    + SPARQL_PREFIXES
    + """
SELECT ?speaker ?name ?addressee ?source WHERE {
  ?statement a ekg:Statement ; ekg:speaker ?speaker ; ekg:about ?addressee ;
             ekg:evidenceSource ?source .
  ?speaker rdfs:label ?name .
}
ORDER BY ?source
""",
    "queries/statements-about.rq": """\
# title: Statements about a resource
# question: Which statements are about a given resource?
# param: resource — the IRI of the person or election
"""
    + SPARQL_PREFIXES
    + """
SELECT ?resource ?statement WHERE { ?statement ekg:about ?resource } ORDER BY ?statement
""",
}
ID = "https://w3id.org/electionkg/id/"


@pytest.fixture
def data(make_data_root: Callable[[Mapping[str, str]], Path]) -> Path:
    """A tiny data root and an empty cache, both in tmp_path, for in-process and child runs."""
    return make_data_root(FILES)


def write_query(data: Path, name: str, text: str) -> Path:
    path = data / "queries" / name
    path.write_text(text, encoding="utf-8")
    return path


def run_in_new_process(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``electionkg ARGS`` in a child Python (the package as installed or importable here)."""
    code = "import sys; from electionkg.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=cwd,
        timeout=60,
    )


def assert_bad_input(run: CliRun, *fragments: str) -> None:
    """Exit code 2, every fragment in the one-line error, and no traceback."""
    assert run.exit_code == 2, run.stderr
    assert run.stderr.startswith("electionkg: error: ")
    for fragment in fragments:
        assert fragment in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


# --- listing ------------------------------------------------------------------------------


def test_queries_lists_name_title_question_and_parameters(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["queries"])
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        "congratulations — Congratulations",
        "    Who congratulated whom, according to which source?",
        "statements-about — Statements about a resource",
        "    Which statements are about a given resource?",
        "    --param resource=...  the IRI of the person or election",
    ]


def test_a_stored_query_header_is_read_from_its_leading_comments() -> None:
    title, question, params = catalogue.read_header(
        "# title: T\n# question: Q one\n#   and two\n# A note\n# param: x — first\n"
        "# param: $y: second\nSELECT * { ?x ?p ?y }\n# param: z — too late\n"
    )
    assert (title, question) == ("T", "Q one and two")
    assert params == (
        catalogue.QueryParameter("x", "first"),
        catalogue.QueryParameter("y", "second"),
    )


# --- results ------------------------------------------------------------------------------


def test_table_is_aligned_with_short_iris_and_plain_literals(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["query", "congratulations"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == [
        "speaker         name                     addressee      source",
        "--------------  -----------------------  -------------  ---------",
        "person:putin    Vladimir Putin@en        person:aliyev  source:s1",
        "person:erdogan  Recep Tayyip Erdoğan@en  person:aliyev  source:s2",
        "(2 rows)",
    ]


def test_numbers_are_right_aligned_and_unbound_cells_empty(data: Path, run_cli: RunCli) -> None:
    query = write_query(
        data,
        "numbers.rq",
        SPARQL_PREFIXES + "SELECT ?who ?share WHERE { ?who rdfs:label ?n "
        "OPTIONAL { ?who ekg:share ?share } } ORDER BY ?who\n",
    )
    assert run_cli(["query", str(query)]).stdout.splitlines()[2:] == [
        "person:aliyev   92.05",
        "person:erdogan",
        "person:putin",
        "(3 rows)",
    ]


EXPECTED_ROWS = {
    (ID + "person/putin", "Vladimir Putin", ID + "person/aliyev", ID + "source/s1"),
    (ID + "person/erdogan", "Recep Tayyip Erdoğan", ID + "person/aliyev", ID + "source/s2"),
}


def parse_results(text: str, result_format: str) -> list[ResultRow]:
    """The rows of a SELECT result document, as rdflib's own parser for that format reads it."""
    return select_rows(Result.parse(io.StringIO(text), format=result_format))


def rdflib_rows(rows: list[ResultRow]) -> set[tuple[str, ...]]:
    return {tuple(str(value) for value in row) for row in rows}


def test_csv_is_the_w3c_sparql_results_format(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["query", "congratulations", "--format", "csv"])
    assert run.exit_code == 0
    assert run.stdout.startswith("speaker,name,addressee,source\r\n")
    rows = list(csv.reader(io.StringIO(run.stdout, newline="")))
    assert rows[0] == ["speaker", "name", "addressee", "source"]
    assert set(map(tuple, rows[1:])) == EXPECTED_ROWS
    assert rdflib_rows(parse_results(run.stdout, "csv")) == EXPECTED_ROWS


def test_tsv_is_the_w3c_sparql_results_format(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["query", "congratulations", "--format", "tsv"])
    assert run.exit_code == 0
    assert run.stdout.splitlines()[0] == "?speaker\t?name\t?addressee\t?source"
    assert f'<{ID}person/putin>\t"Vladimir Putin"@en\t' in run.stdout
    parsed = parse_results(run.stdout, "tsv")
    assert rdflib_rows(parsed) == EXPECTED_ROWS


def test_json_is_the_w3c_sparql_results_format(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["query", "congratulations", "--format", "json"])
    assert run.exit_code == 0
    document = json.loads(run.stdout)
    assert document["head"]["vars"] == ["speaker", "name", "addressee", "source"]
    first = document["results"]["bindings"][0]
    assert first["speaker"] == {"type": "uri", "value": ID + "person/putin"}
    assert first["name"] == {"type": "literal", "value": "Vladimir Putin", "xml:lang": "en"}
    assert rdflib_rows(parse_results(run.stdout, "json")) == EXPECTED_ROWS


def test_literals_with_commas_quotes_and_line_breaks_survive_every_format(
    data: Path, run_cli: RunCli
) -> None:
    write_query(
        data,
        "quote.rq",
        SPARQL_PREFIXES + "SELECT ?quote WHERE { ?s ekg:quote ?quote }\n",
    )
    csv_run = run_cli(["query", "quote", "--format", "csv"])
    assert list(csv.reader(io.StringIO(csv_run.stdout, newline="")))[1] == [QUOTE]
    tsv_run = run_cli(["query", "quote", "--format", "tsv"])
    parsed = parse_results(tsv_run.stdout, "tsv")
    assert [row[0] for row in parsed] == [Literal(QUOTE, lang="en")]
    json_run = run_cli(["query", "quote", "--format", "json"])
    binding = json.loads(json_run.stdout)["results"]["bindings"][0]["quote"]
    assert binding["value"] == QUOTE
    table_run = run_cli(["query", "quote"])
    assert table_run.stdout.splitlines()[2] == QUOTE.replace("\n", " ") + "@en"


def test_inferences_are_queried_by_default_and_can_be_left_out(data: Path, run_cli: RunCli) -> None:
    with_inferences = run_cli(["query", "congratulations", "--format", "csv"])
    assert len(with_inferences.stdout.splitlines()) == 3
    asserted_only = run_cli(["query", "congratulations", "--format", "csv", "--no-inference"])
    assert asserted_only.exit_code == 0
    assert asserted_only.stdout.splitlines() == ["speaker,name,addressee,source"]


def test_an_ask_query_prints_true_or_false_and_json_gives_a_boolean(
    data: Path, run_cli: RunCli
) -> None:
    ask = write_query(data, "ask.rq", SPARQL_PREFIXES + "ASK { ?s a ekg:Statement }\n")
    assert run_cli(["query", str(ask)]).stdout == "true\n"
    assert json.loads(run_cli(["query", str(ask), "--format", "json"]).stdout) == {
        "head": {},
        "boolean": True,
    }
    assert run_cli(["query", str(ask), "--no-inference"]).stdout == "false\n"


def test_a_construct_query_prints_turtle(data: Path, run_cli: RunCli) -> None:
    construct = write_query(
        data,
        "names.rq",
        SPARQL_PREFIXES + "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?s ekg:speaker ?p . "
        "?p rdfs:label ?n }\n",
    )
    run = run_cli(["query", str(construct)])
    assert run.exit_code == 0
    assert "@prefix person: <https://w3id.org/electionkg/id/person/> ." in run.stdout
    graph = Graph().parse(data=run.stdout, format="turtle")
    assert set(graph.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == {
        Literal("Vladimir Putin", lang="en"),
        Literal("Recep Tayyip Erdoğan", lang="en"),
    }


def test_a_describe_query_prints_turtle(data: Path, run_cli: RunCli) -> None:
    describe = write_query(data, "d.rq", f"DESCRIBE <{ID}person/putin>\n")
    run = run_cli(["query", str(describe)])
    assert run.exit_code == 0, run.stderr
    graph = Graph().parse(data=run.stdout, format="turtle")
    assert (URIRef(ID + "person/putin"), None, Literal("Vladimir Putin", lang="en")) in graph


def test_a_file_and_standard_input_work_like_a_stored_name(
    data: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = run_cli(["query", "congratulations", "--format", "csv"]).stdout
    path = data / "queries" / "congratulations.rq"
    assert run_cli(["query", str(path), "--format", "csv"]).stdout == stored
    monkeypatch.setattr(sys, "stdin", io.StringIO(path.read_text()))
    assert run_cli(["query", "-", "--format", "csv"]).stdout == stored


# --- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        f"<{ID}person/aliyev>",
        "person:aliyev",
        f"{ID}person/aliyev",
    ],
)
def test_a_parameter_is_bound_as_an_iri(data: Path, run_cli: RunCli, value: str) -> None:
    run = run_cli(["query", "statements-about", "--param", f"resource={value}", "--format", "csv"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[1:] == [
        f"{ID}person/aliyev,{ID}statement/erdogan",
        f"{ID}person/aliyev,{ID}statement/putin",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"Ilham Aliyev"@en', pyoxigraph.Literal("Ilham Aliyev", language="en")),
        ("Ilham Aliyev", pyoxigraph.Literal("Ilham Aliyev")),
        (
            '"2024-02-07"^^xsd:date',
            pyoxigraph.Literal(
                "2024-02-07", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#date")
            ),
        ),
        (
            "92.05",
            pyoxigraph.Literal(
                "92.05", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
            ),
        ),
        (
            "7",
            pyoxigraph.Literal(
                "7", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
        ),
        (
            "true",
            pyoxigraph.Literal(
                "true", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
            ),
        ),
        ('"say \\"hi\\""', pyoxigraph.Literal('say "hi"')),
    ],
)
def test_parameter_values_read_like_turtle_terms(value: str, expected: pyoxigraph.Literal) -> None:
    assert parameters.parse_param(f"x={value}") == ("x", expected)


def test_a_parameter_is_a_term_never_query_text(data: Path, run_cli: RunCli) -> None:
    injection = 'x" } UNION { ?statement ?p ?resource } #'
    run = run_cli(
        ["query", "statements-about", "--param", f"resource={injection}", "--format", "csv"]
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == ["resource,statement"]


# --- bad input: a clear message, exit 2, no traceback -------------------------------------


def test_an_unknown_query_name_lists_the_known_ones_and_suggests_the_closest(
    data: Path, run_cli: RunCli
) -> None:
    run = run_cli(["query", "congratulation"])
    assert_bad_input(
        run,
        "unknown query `congratulation`",
        "did you mean `congratulations`?",
        "congratulations, statements-about",
    )


def test_a_missing_query_file_is_named(data: Path, run_cli: RunCli, tmp_path: Path) -> None:
    assert_bad_input(run_cli(["query", str(tmp_path / "nope.rq")]), "nope.rq: no such file")


def test_a_syntax_error_gives_line_column_and_the_offending_token(
    data: Path, run_cli: RunCli
) -> None:
    bad = write_query(
        data, "bad.rq", SPARQL_PREFIXES + "SELECT ?s WHERE {\n  ?s a ekg:Statement\n  ?s ?p\n}\n"
    )
    run = run_cli(["query", str(bad)])
    assert_bad_input(run, "SPARQL syntax error at line 5, column 3, at `?s`")
    assert "  ?s ?p\n      ^" in run.stderr


def test_an_undeclared_prefix_is_named_with_the_declaration_to_add(
    data: Path, run_cli: RunCli
) -> None:
    bad = write_query(data, "bad.rq", "SELECT ?s WHERE {\n  ?s a schema:Event }\n")
    run = run_cli(["query", str(bad)])
    assert_bad_input(
        run,
        "line 2, column 8, at `schema:Event`",
        "the prefix `schema:` is not declared (PREFIX schema: <https://schema.org/>)",
    )


def test_an_unclosed_string_is_named(data: Path, run_cli: RunCli) -> None:
    bad = write_query(data, "bad.rq", 'SELECT ?s WHERE { ?s ?p "oops }\n')
    assert_bad_input(run_cli(["query", str(bad)]), "line 1, column 25", "never closed")


def test_an_update_is_refused_because_the_store_is_read_only(data: Path, run_cli: RunCli) -> None:
    update = write_query(data, "drop.rq", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }\n")
    assert_bad_input(run_cli(["query", str(update)]), "SPARQL update (DELETE)", "read-only")


def test_a_declared_parameter_that_is_not_given_is_named(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["query", "statements-about"])
    assert_bad_input(
        run,
        "needs a value for each of its parameters: resource (the IRI of the person or election)",
    )


def test_a_parameter_the_query_does_not_have_is_refused(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["query", "congratulations", "--param", "winner=person:aliyev"])
    assert_bad_input(run, "parameter winner: congratulations has no variable ?winner")


def test_a_parameter_binds_a_variable_the_select_clause_does_not_return(
    data: Path, run_cli: RunCli
) -> None:
    query = write_query(
        data, "hidden.rq", SPARQL_PREFIXES + "SELECT ?s WHERE { ?s ekg:about ?resource }\n"
    )
    about_aliyev = run_cli(["query", str(query), "--param", "resource=person:aliyev"])
    assert about_aliyev.exit_code == 0, about_aliyev.stderr
    # Both congratulations are addressed to Aliyev (ekg:addressee is a sub-property of about).
    assert about_aliyev.stdout.split("\n")[2:4] == ["statement:erdogan", "statement:putin"]
    about_putin = run_cli(["query", str(query), "--param", "resource=person:putin"])
    assert about_putin.exit_code == 0, about_putin.stderr
    assert "statement:" not in about_putin.stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("<not an iri>", "is not a valid IRI"),
        ("<https://example.org/x", "must end with >"),
        ("nope:thing", "unknown prefix `nope:`"),
        ('"unclosed', "must end with its quote"),
        ('"x"@not_a_tag', "must end with its quote"),
        ('"abc"^^xsd:integer', '"abc" is not a valid xsd:integer'),
        ("_:b0", "a blank node cannot be a parameter"),
        ("", "the value is empty"),
    ],
)
def test_a_parameter_that_is_neither_iri_nor_literal_is_refused(
    data: Path, run_cli: RunCli, value: str, message: str
) -> None:
    run = run_cli(["query", "statements-about", "--param", f"resource={value}"])
    assert_bad_input(run, "parameter resource=", message)


def test_a_parameter_without_a_value_or_given_twice_is_refused(data: Path, run_cli: RunCli) -> None:
    assert_bad_input(
        run_cli(["query", "statements-about", "--param", "resource"]), "expected NAME=VALUE"
    )
    run = run_cli(["query", "statements-about", "--param", "resource=1", "--param", "resource=2"])
    assert_bad_input(run, "parameter resource is given twice")


def test_csv_of_a_construct_query_is_refused(data: Path, run_cli: RunCli) -> None:
    construct = write_query(data, "c.rq", "CONSTRUCT WHERE { ?s ?p ?o }\n")
    assert_bad_input(run_cli(["query", str(construct), "--format", "csv"]), "written as Turtle")


def test_a_negative_timeout_is_a_usage_error(data: Path, run_cli: RunCli) -> None:
    run = run_cli(["query", "congratulations", "--timeout", "-1"])
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr


def test_a_query_that_runs_too_long_stops_at_the_timeout(data: Path) -> None:
    everything = " . ".join(f"?s{n} ?p{n} ?o{n}" for n in range(6))
    slow = write_query(
        data,
        "slow.rq",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {everything} FILTER(STR(?o0) != STR(?o5)) }}\n",
    )
    store.ensure_built()  # so that the timeout measures the query, not the build
    run = run_in_new_process("query", str(slow), "--timeout", "0.5")
    assert run.returncode == 2, run.stderr
    assert "did not finish within 0.5 s" in run.stderr
    assert "Traceback" not in run.stderr


def test_data_that_fails_its_checks_is_not_served(data: Path, run_cli: RunCli) -> None:
    graph = data / "graph" / "tiny.ttl"
    graph.write_text(graph.read_text().replace("ekg:speaker person:putin ;", ""))
    run = run_cli(["query", "congratulations"])
    assert run.exit_code == 1
    assert "A statement has a speaker" in run.stderr
    assert "Traceback" not in run.stderr


# --- in a new process, as installed -------------------------------------------------------


def test_a_warm_query_in_a_new_process_imports_neither_rdf_libraries_nor_the_http_stack(
    data: Path,
) -> None:
    store.ensure_built()
    code = (
        "import sys\n"
        "from electionkg.cli import main\n"
        "code = main(['query', 'congratulations'])\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('rdflib', 'owlrl', 'pyshacl', 'starlette')\n"
        "               or m in ('http.client', 'electionkg.remote.graph_store',\n"
        "                        'electionkg.web.server'))\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy()
    )
    assert run.returncode == 0, run.stderr
    assert "heavy: []" in run.stderr
    assert "(2 rows)" in run.stdout


def test_the_installed_command_works_from_any_directory(data: Path, tmp_path: Path) -> None:
    command = shutil.which("electionkg")
    assert command, "the electionkg command is not installed (pip install .)"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run(
        [command, "query", "congratulations", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=os.environ.copy(),
    )
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 3


def test_standard_input_in_a_new_process(data: Path) -> None:
    run = run_in_new_process(
        "query", "-", "--format", "csv", stdin=FILES["queries/congratulations.rq"]
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "speaker,name,addressee,source"


# --- export -------------------------------------------------------------------------------


def ground(graph: Graph) -> set[tuple[Node, Node, Node]]:
    """The triples without blank nodes (whose labels differ from one export to another)."""
    return {triple for triple in graph if not any(isinstance(t, BNode) for t in triple)}


def test_export_writes_the_asserted_graph_and_with_inferred_also_the_inferences(
    data: Path, run_cli: RunCli
) -> None:
    asserted = run_cli(["export", "--format", "nt"])
    assert asserted.exit_code == 0
    graph = Graph().parse(data=asserted.stdout, format="nt")
    statement_class = URIRef("https://w3id.org/electionkg/ontology#Statement")
    putin = URIRef(ID + "statement/putin")
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert (putin, URIRef("https://w3id.org/electionkg/ontology#speaker"), None) in graph
    assert (putin, rdf_type, statement_class) not in graph
    full = Graph().parse(
        data=run_cli(["export", "--format", "nt", "--inferred"]).stdout, format="nt"
    )
    assert (putin, rdf_type, statement_class) in full
    assert ground(graph) < ground(full)
    assert len(graph) < len(full)


def test_export_is_deterministic_turtle_with_the_project_prefixes(
    data: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    first = run_cli(["export"])
    assert first.exit_code == 0
    assert "@prefix ekg: <https://w3id.org/electionkg/ontology#> ." in first.stdout
    out = tmp_path / "graph.ttl"
    second = run_cli(["export", "--format", "turtle", "-o", str(out)])
    assert second.exit_code == 0 and second.stdout == ""
    assert out.read_text() == first.stdout
    assert len(Graph().parse(data=first.stdout, format="turtle")) == len(
        Graph().parse(data=run_cli(["export", "--format", "nt"]).stdout, format="nt")
    )


def test_export_to_a_folder_that_does_not_exist_is_bad_input(
    data: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    run = run_cli(["export", "-o", str(tmp_path / "missing" / "graph.ttl")])
    assert_bad_input(run, "cannot write")


# --- the project's stored queries ---------------------------------------------------------


def stored_queries() -> list[catalogue.StoredQuery]:
    return catalogue.list_stored_queries(paths.queries_dir())


def test_the_project_has_stored_queries() -> None:
    assert len(stored_queries()) >= 15


@pytest.mark.parametrize("query", stored_queries(), ids=lambda query: query.name)
def test_every_stored_query_parses_and_binds_its_parameters(
    query: catalogue.StoredQuery,
) -> None:
    assert query.title and query.question, f"{query.path.name}: needs # title: and # question:"
    text = catalogue.QueryText(query.name, query.path.read_text(encoding="utf-8"), query.params)
    example = pyoxigraph.NamedNode("https://example.org/resource")
    run.check_query(text, {param.name: example for param in query.params})


def test_a_usage_error_is_one_line_naming_the_command_help(run_cli: RunCli) -> None:
    run = run_cli(["query", "winner", "--format", "xml"])
    assert run.exit_code == 2
    assert run.stderr.startswith("electionkg query: error: argument --format: invalid choice")
    assert run.stderr.endswith(" (see `electionkg query --help`)\n")
    assert run.stderr.count("\n") == 1  # no usage block
