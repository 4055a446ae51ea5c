"""Every shape has fixtures: valid ones conform, invalid ones fail with the expected message.

Fixture files: ``tests/shapes/{valid,invalid}/*.ttl`` (validated with the ontology and the
shared ``tests/shapes/context.ttl`` against the project's shapes: see ``support/fixtures.py``)
and ``tests/evidence/{valid,invalid}/*.ttl`` (checked against the real seeds by the evidence
rules SHACL cannot express). Each invalid fixture names what it must produce in
comment lines ``# expected-message: <part of the message>``; there may be several.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from support.fixtures import CONTEXT_NAME, NO_CONTEXT, SHAPE_FIXTURES, case_files, ontology_files
from support.reference import assert_same_by_value, reference_report, report_of, turbo_report

from electionkg.provenance.evidence import check_evidence
from electionkg.provenance.snapshot import snapshot_of
from electionkg.rdf.loading import load_shapes, parse_rdf_file

FIXTURES = Path(__file__).resolve().parent
EXPECTED = re.compile(r"^#\s*expected-message:\s*(?P<message>.+?)\s*$")


def fixtures(kind: str, outcome: str) -> list[Path]:
    return sorted((FIXTURES / kind / outcome).glob("*.ttl"))


def expected_messages(path: Path) -> list[str]:
    """The ``# expected-message:`` lines of the comment block at the top of a fixture."""
    messages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        match = EXPECTED.match(line.strip())
        if match:
            messages.append(match.group("message"))
    return messages


def ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [("shapes", "valid"), ("shapes", "invalid"), ("evidence", "valid"), ("evidence", "invalid")],
)
def test_fixture_folder_is_not_empty(kind: str, outcome: str) -> None:
    assert fixtures(kind, outcome), f"no fixtures in tests/{kind}/{outcome}/"


@pytest.mark.parametrize(
    "path", fixtures("shapes", "invalid") + fixtures("evidence", "invalid"), ids=lambda p: p.name
)
def test_invalid_fixture_says_what_it_expects(path: Path) -> None:
    assert expected_messages(path), f"{path.name}: no '# expected-message:' line at the top"


def test_shared_context_conforms_on_its_own() -> None:
    """The context adds no result of its own to the cases that use it."""
    report = report_of((*ontology_files(), SHAPE_FIXTURES / CONTEXT_NAME))
    assert report.conforms and not report.results, report.format_text()


@pytest.mark.parametrize(
    "path", fixtures("shapes", "valid") + fixtures("shapes", "invalid"), ids=lambda p: p.name
)
def test_context_opt_out_is_on_the_first_line(path: Path) -> None:
    """An opt-out anywhere else would be ignored, and the case validated with the context."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not any(line.startswith(NO_CONTEXT) for line in lines[1:]), (
        f"{path.name}: '{NO_CONTEXT}' must be the first line"
    )


@pytest.mark.parametrize("path", fixtures("shapes", "valid"), ids=lambda p: p.name)
def test_valid_shape_fixture_conforms(path: Path) -> None:
    report = reference_report(path)
    assert report.conforms, report.format_text()


@pytest.mark.parametrize("path", fixtures("shapes", "invalid"), ids=lambda p: p.name)
def test_invalid_shape_fixture_fails_with_its_messages(path: Path) -> None:
    report = reference_report(path)
    assert not report.conforms, f"{path.name} conforms, but should not"
    messages = [result.message for result in report.results]
    for expected in expected_messages(path):
        assert any(expected in message for message in messages), (
            f"{path.name}: no result message contains {expected!r}\n{report.format_text()}"
        )


@pytest.mark.parametrize("path", fixtures("evidence", "valid"), ids=lambda p: p.name)
def test_valid_evidence_fixture_has_no_problems(path: Path) -> None:
    problems = check_evidence(snapshot_of(parse_rdf_file(path)))
    assert problems == [], "\n".join(str(problem) for problem in problems)


@pytest.mark.parametrize("path", fixtures("evidence", "invalid"), ids=lambda p: p.name)
def test_invalid_evidence_fixture_reports_its_messages(path: Path) -> None:
    problems = [str(problem) for problem in check_evidence(snapshot_of(parse_rdf_file(path)))]
    assert problems, f"{path.name}: no evidence problem found"
    for expected in expected_messages(path):
        assert any(expected in problem for problem in problems), (
            f"{path.name}: no problem contains {expected!r}\n" + "\n".join(problems)
        )


def fixture_name_of(shape: URIRef, shapes: Graph) -> str:
    """The fixture name of a targeted shape: its one target class, else the shape's own name."""
    classes = list(shapes.objects(shape, SH.targetClass))
    if len(classes) == 1:
        return str(classes[0]).rsplit("#", 1)[1]
    return str(shape).rsplit("#", 1)[1].removesuffix("Shape")


def test_every_targeted_shape_has_a_passing_and_a_failing_fixture(shapes: Graph) -> None:
    valid = {path.stem for path in fixtures("shapes", "valid")}
    invalid = {path.stem.split("-", 1)[0] for path in fixtures("shapes", "invalid")}
    targeted = {
        shape
        for target in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
        for shape in shapes.subjects(target, None)
    }
    names = {fixture_name_of(shape, shapes) for shape in targeted if isinstance(shape, URIRef)}
    assert len(names) > 50
    assert sorted(names - valid) == [], "shapes without a valid fixture"
    assert sorted(names - invalid) == [], "shapes without an invalid fixture"


ALL_SHAPE_FIXTURES = fixtures("shapes", "valid") + fixtures("shapes", "invalid")


@pytest.mark.parametrize("path", ALL_SHAPE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pyshacl_turbo_reports_what_pyshacl_reports(path: Path) -> None:
    """pyshacl-turbo, a third reference beside pySHACL and Jena (issue 14)."""
    files = case_files(path)
    assert_same_by_value(turbo_report(files), report_of(files))


def test_the_engine_comparison_tells_a_different_report_apart() -> None:
    """Not blind: one result fewer, or another value, is a different report."""
    report = reference_report(
        FIXTURES / "shapes" / "invalid" / "Election-vote-shares-sum-to-130.ttl"
    )
    assert report.results
    with pytest.raises(AssertionError):
        assert_same_by_value(dataclasses.replace(report, results=report.results[1:]), report)
    changed = dataclasses.replace(report.results[0], value='"131"^^xsd:decimal')
    with pytest.raises(AssertionError):
        assert_same_by_value(
            dataclasses.replace(report, results=[changed, *report.results[1:]]), report
        )
