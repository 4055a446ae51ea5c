"""``electionkg validate``: exit 0 conforms, 1 violations (grouped report), 2 bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliRun, RunCli
from rdflib import Graph

from electionkg import cli
from electionkg.shacl.pyshacl_engine import validate

ONE_FIGURE = """\
@prefix ekg: <https://w3id.org/electionkg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/electionkg/id/figure/turnout> a ekg:VoteShare ;
    ekg:value "177.0"^^xsd:decimal .
"""


def assert_clean_error(run: CliRun, exit_code: int, message: str) -> None:
    assert run.exit_code == exit_code
    assert run.stderr == f"electionkg: error: {message}\n"
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


# --- the project's own data -------------------------------------------------------------


def test_the_project_graph_conforms(run_cli: RunCli) -> None:
    run = run_cli(["validate"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("Conforms")


# --- exit codes on data of our own ------------------------------------------------------


def test_conforming_data_exits_0(run_cli: RunCli, tiny_project: Callable[..., Path]) -> None:
    tiny_project()
    run = run_cli(["validate"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "Conforms.\n", "")


def test_violations_exit_1_with_a_report_grouped_by_focus_node(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    tiny_project(value="192.1")
    run = run_cli(["validate"])
    assert run.exit_code == 1
    assert run.stdout == (
        "Does not conform: 1 violation on 1 focus node.\n"
        "\n"
        "figure:aliyev-share\n"
        "  ekg:value: A reported percentage is one decimal between 0 and 100"
        ' (value: "192.1"^^xsd:decimal)\n'
    )
    assert run.stderr == ""


def test_given_files_are_validated_with_the_ontology(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    # ekg:VoteShare is a subclass of ekg:ReportedFigure only in the ontology, so the shape
    # targeting ekg:ReportedFigure reaches this node only if the ontology is in the data graph
    tiny_project()
    data = tmp_path / "figure.ttl"
    data.write_text(ONE_FIGURE, encoding="utf-8")
    run = run_cli(["validate", str(data)])
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        "Does not conform: 2 violations on 1 focus node.",
        "",
        "figure:turnout",
        "  ekg:evidence: Every reported figure has evidence",
        "  ekg:value: A reported percentage is one decimal between 0 and 100"
        ' (value: "177.0"^^xsd:decimal)',
    ]


def test_several_files_form_one_data_graph(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = tiny_project()
    run = run_cli(
        ["validate", str(root / "graph" / "tiny.ttl"), str(root / "ontology" / "tiny.ttl")]
    )
    assert (run.exit_code, run.stdout) == (0, "Conforms.\n")


# --- bad input: exit 2, one line, no traceback ------------------------------------------


def test_a_missing_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "missing.ttl"
    assert_clean_error(run_cli(["validate", str(path)]), 2, f"{path}: no such file")


def test_a_directory(run_cli: RunCli, tmp_path: Path) -> None:
    assert_clean_error(
        run_cli(["validate", str(tmp_path)]), 2, f"{tmp_path}: is a directory, not an RDF file"
    )


def test_malformed_turtle(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n', encoding="utf-8")
    assert_clean_error(
        run_cli(["validate", str(path)]),
        2,
        f"{path}: line 2, column 18: not valid Turtle: newline found in string literal, "
        "at the end of the file",
    )


def test_not_rdf(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "article.ttl"
    path.write_text("BAKU, Azerbaijan, February 8. The concluded election\n", encoding="utf-8")
    assert_clean_error(
        run_cli(["validate", str(path)]),
        2,
        f"{path}: line 1, column 1: not valid Turtle: expected directive or statement, "
        'near "BAKU, Azerbaijan, February 8. The conclu..."',
    )


def test_an_empty_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "empty.ttl"
    path.write_bytes(b"")
    assert_clean_error(run_cli(["validate", str(path)]), 2, f"{path}: the file is empty (0 bytes)")


def test_binary_junk(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "photo.ttl"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    assert_clean_error(
        run_cli(["validate", str(path)]),
        2,
        f"{path}: a binary file, not RDF text (it contains NUL bytes)",
    )


def test_a_50_mb_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    line = b'<http://example.org/s> <http://example.org/p> "a literal" .\n'
    path.write_bytes(line * (50 * 1024 * 1024 // len(line) + 1))
    assert_clean_error(
        run_cli(["validate", str(path)]),
        2,
        f"{path}: 50.0 MB, more than the 10 MB limit for one file (electionkg parses and "
        "validates in memory; a file this size would take minutes)",
    )


def test_a_missing_data_root(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ELECTIONKG_DATA", str(tmp_path / "nowhere"))
    assert_clean_error(run_cli(["validate"]), 2, "ontology/: no such folder")


def test_an_unknown_option_is_a_usage_error(run_cli: RunCli) -> None:
    run = run_cli(["validate", "--strict"])
    assert run.exit_code == 2
    assert run.stderr == (
        "electionkg validate: error: unrecognized arguments: --strict "
        "(see `electionkg validate --help`)\n"
    )


def test_a_missing_command_is_a_usage_error(run_cli: RunCli) -> None:
    run = run_cli([])
    assert run.exit_code == 2
    assert run.stderr == (
        "electionkg: error: the following arguments are required: COMMAND "
        "(see `electionkg --help`)\n"
    )


# --- the command line itself ----------------------------------------------------------


def test_version(run_cli: RunCli) -> None:
    from electionkg import __version__

    run = run_cli(["--version"])
    assert (run.exit_code, run.stdout) == (0, f"electionkg {__version__}\n")


def test_an_interrupt_exits_130_quietly(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(data: Graph, shapes: Graph | None = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("electionkg.build.pipeline.validate_project", interrupted)
    run = run_cli(["validate"])
    assert (run.exit_code, run.stderr) == (130, "electionkg: interrupted\n")


def test_an_unexpected_error_is_one_line_not_a_traceback(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: Graph, shapes: Graph | None = None) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    monkeypatch.setattr("electionkg.build.pipeline.validate_project", broken)
    run = run_cli(["validate"])
    assert run.exit_code == 70
    assert run.stderr == (
        "electionkg: internal error: ZeroDivisionError: division by zero "
        "(set ELECTIONKG_DEBUG=1 to see the traceback)\n"
    )


def test_importing_the_cli_imports_no_rdf_library() -> None:
    # the light subcommands (queries, query over an endpoint) must start fast
    heavy = ("rdflib", "pyshacl", "owlrl", "pyoxigraph")
    code = f"import sys, electionkg.cli; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_the_installed_command_runs_from_any_directory(tmp_path: Path) -> None:
    command = shutil.which("electionkg")
    assert command, "the electionkg command is not installed (pip install -e .)"
    env = {k: v for k, v in os.environ.items() if k != "ELECTIONKG_DATA"}
    version = subprocess.run(
        [command, "--version"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert version.returncode == 0
    assert version.stdout.startswith("electionkg ")
    missing = subprocess.run(
        [command, "validate", "missing.ttl"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert missing.returncode == 2
    assert missing.stderr == "electionkg: error: missing.ttl: no such file\n"


# --- the report as a library value ------------------------------------------------------


SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "A person has a name" ] ;
    sh:property [ sh:path ( ex:member ex:label ) ; sh:minCount 1 ; sh:severity sh:Warning ;
        sh:message "A person's party has a label"@en , "Die Partei hat ein Label"@de ] .
ex:QuoteShape a sh:NodeShape ; sh:targetClass ex:Quote ;
    sh:property [ sh:path ex:exact ; sh:minCount 1 ; sh:message "A quote has its text" ] .
"""
DATA = """\
@prefix ex: <http://example.org/> .
ex:b a ex:Person ; ex:quote [ a ex:Quote ] .
ex:a a ex:Person ; ex:name "A" .
"""


def test_results_are_short_readable_and_grouped_in_a_stable_order() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    reports = [validate(Graph().parse(data=DATA, format="turtle"), shapes) for _ in range(2)]
    assert reports[0] == reports[1]
    assert reports[0].format_text().splitlines() == [
        "Does not conform: 2 violations, 2 warnings on 3 focus nodes.",
        "",
        "<http://example.org/a>",
        "  [warning] <http://example.org/member>/<http://example.org/label>:"
        " A person's party has a label",
        "",
        "<http://example.org/b>",
        "  <http://example.org/name>: A person has a name",
        "  [warning] <http://example.org/member>/<http://example.org/label>:"
        " A person's party has a label",
        "",
        "[] from <http://example.org/b> via <http://example.org/quote>",
        "  <http://example.org/exact>: A quote has its text",
    ]
    assert not reports[0].conforms
    assert reports[0].violations == 2


def test_only_warnings_still_conform() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = Graph().parse(
        data=DATA.replace("ex:quote [ a ex:Quote ]", 'ex:name "B"'), format="turtle"
    )
    report = validate(data, shapes)
    assert report.conforms
    assert report.format_text().splitlines()[0] == "Conforms, with 2 warnings on 2 focus nodes."


@pytest.mark.parametrize("severity", ["Violation", "Warning"])
def test_each_result_names_its_source_shape(severity: str) -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    report = validate(Graph().parse(data=DATA, format="turtle"), shapes)
    shapes_named = {r.source_shape for r in report.results if r.severity == severity}
    expected = {
        "Violation": {
            "<http://example.org/PersonShape> property <http://example.org/name>",
            "<http://example.org/QuoteShape> property <http://example.org/exact>",
        },
        "Warning": {
            "<http://example.org/PersonShape> property <http://example.org/member>/<http://example.org/label>"
        },
    }
    assert shapes_named == expected[severity]
