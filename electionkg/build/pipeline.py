"""The build: parse, validate and reason, in an Oxigraph store, at any size.

Each stage works inside one pyoxigraph store holding the ontology and the facts as two named
graphs (``namespaces.ONTOLOGY_GRAPH``, ``namespaces.FACTS_GRAPH``); reasoning adds
``namespaces.INFERRED_GRAPH``. The engines are chosen for scale and checked against the
reference libraries by the tests:

- **parse:** pyoxigraph (20 times faster than rdflib); a file it rejects is parsed again with
  :mod:`electionkg.rdf.loading`, whose messages name the file, the line and what was expected;
- **validate:** :mod:`electionkg.shacl.validator` runs the shapes as SPARQL in Oxigraph;
  pySHACL (:mod:`electionkg.shacl.pyshacl_engine`) remains the reference, and takes over for shapes
  that use a SHACL feature the SPARQL engine does not implement;
- **reason:** :mod:`electionkg.reasoning.rule_reasoner` runs the OWL RL rules our ontology needs
  as SPARQL updates; owlrl (:mod:`electionkg.reasoning.reasoning`) remains the reference, and
  takes over for data that needs a rule the rule engine lacks;
- **gate:** every other check of `check` (:mod:`electionkg.build.gate`: integrity rules, values
  against their quotes, quotes verbatim, seed hashes, fact-level provenance and coverage) runs
  beside validation; data that fails
  any check is refused.

A stage that finds a problem raises InputError (a file cannot be read or parsed) or
InvalidDataError (the data fails the shapes, or is inconsistent).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from electionkg.errors import InputError, InvalidDataError
from electionkg.rdf import namespaces
from electionkg.rdf.terms import to_oxigraph, to_rdflib
from electionkg.worker_thread import InChildProcess, InThread, can_fork

if TYPE_CHECKING:
    from rdflib import Graph

    from electionkg.build.gate import GateReport
    from electionkg.build.store import DataFolders
    from electionkg.shacl.report import ValidationReport

ONTOLOGY = ox.NamedNode(namespaces.ONTOLOGY_GRAPH)
FACTS = ox.NamedNode(namespaces.FACTS_GRAPH)
INFERRED = ox.NamedNode(namespaces.INFERRED_GRAPH)
ASSERTED_GRAPHS = (ONTOLOGY, FACTS)
"""The graphs that are validated and reasoned over: what the files say."""

_LOG = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build did: triples per graph, seconds per stage, the engine of each stage."""

    triples: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    engines: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "triples": dict(self.triples),
            "seconds": {stage: round(s, 3) for stage, s in self.seconds.items()},
            "engines": dict(self.engines),
        }


def build_in_store(
    folders: DataFolders,
    store: ox.Store | None = None,
    then: Callable[[ox.Store, BuildReport], None] | None = None,
) -> tuple[ox.Store, BuildReport]:
    """Parse, validate and reason into ``store`` (a new in-memory store by default).

    Validation and the gate's other checks (:mod:`electionkg.build.gate`) read only the
    asserted graphs, so each runs in a thread while the main thread reasons and then calls
    ``then(store, report)`` (writing the result somewhere, say): the engines spend their time
    in Oxigraph's Rust code, which releases the GIL, so on two cores the stages overlap. If the
    data fails any check, InvalidDataError is raised after ``then`` has run, and whatever it
    wrote must be discarded by the caller.
    """
    store = store if store is not None else ox.Store()
    report = BuildReport()
    started = time.perf_counter()
    parse_into_store(folders, store)
    report.seconds["parse"] = time.perf_counter() - started
    _LOG.info("parsed the ontology and the facts in %.2f s", report.seconds["parse"])

    from electionkg.build.gate import PARTS, run_gate

    # The gate is mostly Python: on big data its two halves run in two child processes (forked
    # before any thread starts), where they do not wait for the GIL that validation and
    # reasoning share, and the longest stage of the build is half the gate, not all of it.
    seeds = seeds_folder(folders)
    gate_checks: list[InChildProcess[GateReport] | InThread[GateReport]]
    if _gate_in_child(folders):
        gate_checks = [
            InChildProcess(partial(run_gate, store, seeds, (part,)), f"electionkg-{part}")
            for part in PARTS
        ]
    else:
        gate_checks = [InThread(lambda: run_gate(store, seeds), "electionkg-gate")]
    validation = InThread(lambda: validate_in_store(store, folders.shapes), "electionkg-validate")
    try:
        started = time.perf_counter()
        report.engines["reason"] = reason_in_store(store)
        report.seconds["reason"] = time.perf_counter() - started
        for name, graph in (("ontology", ONTOLOGY), ("facts", FACTS), ("inferred", INFERRED)):
            report.triples[name] = count_triples(store, graph)
        _LOG.info(
            "reasoned in %.2f s (%s): %d inferred triples",
            report.seconds["reason"],
            report.engines["reason"],
            report.triples["inferred"],
        )
        if then is not None:
            then(store, report)
    finally:
        (outcome, report.engines["validate"]), report.seconds["validate"] = validation.result()
        gate = _gate_result(gate_checks)
        report.seconds["gate"] = gate.seconds
        if gate.not_checked:
            report.engines["gate"] = "not checked: " + "; ".join(gate.not_checked)
    _LOG.info(
        "validated in %.2f s (%s); the other checks in %.2f s",
        report.seconds["validate"],
        report.engines["validate"],
        report.seconds["gate"],
    )
    if not outcome.conforms or not gate.passes:
        raise InvalidDataError(refusal(folders, outcome, gate))
    return store, report


def _gate_result(checks: list[InChildProcess[GateReport] | InThread[GateReport]]) -> GateReport:
    """The gate's report, from every part; waits for all of them before raising the first
    error one raised."""
    from electionkg.build.gate import merged

    reports, errors = [], []
    for check in checks:
        try:
            reports.append(check.result()[0])
        except BaseException as error:  # raised once every part has ended
            errors.append(error)
    if errors:
        raise errors[0]
    return merged(reports)


GATE_IN_CHILD_BYTES = 8 * 1024 * 1024
"""Graph files of at least this size (about 80,000 triples) have the gate in two child processes:
below it, starting one costs more than the GIL does."""


def _gate_in_child(folders: DataFolders) -> bool:
    if not can_fork():
        return False
    total = sum(file.stat().st_size for file in folders.graph.glob("*") if file.is_file())
    return total >= GATE_IN_CHILD_BYTES


def seeds_folder(folders: DataFolders) -> Path:
    """The seed files beside the data folders (``ROOT/seeds`` for ``ROOT/graph``)."""
    return folders.graph.parent / "seeds"


def refusal(folders: DataFolders, outcome: ValidationReport, gate: GateReport) -> str:
    """Why the build refuses: the shapes' report (when it fails), then the gate's problems."""

    parts = [
        f"the data in {folders.graph.parent} fails its checks, so it is not "
        "built or served (`electionkg check` runs the same checks):"
    ]
    # The gate first: its rules blame the edited node (a swapped winner is reported on the
    # outcome), where a shape may report the nodes that merely point to it.
    if not gate.passes:
        parts.append(gate.format_text())
    if not outcome.conforms:
        parts.append("shapes: " + outcome.format_text())
    return "\n".join(parts)


def parse_into_store(folders: DataFolders, store: ox.Store) -> None:
    """Parse ``ontology/*.ttl`` into ONTOLOGY_GRAPH and ``graph/*.ttl`` into FACTS_GRAPH.

    Blank nodes are local to their file, as when rdflib merges the files. A folder that is
    missing or holds no Turtle file, an empty file, and a file either parser rejects are
    InputErrors naming the file.
    """
    from electionkg.rdf.loading import turtle_files_of

    for folder, graph in ((folders.ontology, ONTOLOGY), (folders.graph, FACTS)):
        for file in turtle_files_of(folder):
            parse_file(file, graph, store)


def parse_file(file: Path, graph: ox.NamedNode, store: ox.Store) -> None:
    """Parse one Turtle file into ``graph`` of ``store``; InputError naming the file (and,
    where rdflib agrees the file is broken, the line) when it cannot be read or parsed."""
    from electionkg.rdf.loading import MAX_FILE_BYTES, _read_bytes, display_path

    # The size limit of `validate` and `check`: the commands agree on what they read.
    data = _read_bytes(file, display_path(file), MAX_FILE_BYTES)
    base = file.resolve().as_uri()
    try:
        if next(ox.parse(data, ox.RdfFormat.TURTLE, base_iri=base), None) is None:
            _reject(file, "the file contains no triples")
        store.load(data, ox.RdfFormat.TURTLE, base_iri=base, to_graph=graph)
    except (SyntaxError, ValueError) as error:
        _reject(file, str(error))


def _reject(file: Path, oxigraph_message: str) -> None:
    """Raise the InputError of :mod:`electionkg.rdf.loading` for ``file``, or Oxigraph's message."""
    from electionkg.rdf.loading import display_path, parse_rdf_file

    # rdflib's parser gives the detailed message (line, column, what was expected) where it
    # agrees that the file is broken (the file is within the size limit: it was read once).
    parse_rdf_file(file)
    first_line = oxigraph_message.strip().splitlines()[0] if oxigraph_message.strip() else ""
    raise InputError(f"{display_path(file)}: not valid Turtle: {first_line}")


def validate_in_store(store: ox.Store, shapes_folder: Path) -> tuple[ValidationReport, str]:
    """Validate the asserted graphs against the shapes: (report, engine used)."""
    from electionkg.rdf.loading import load_turtle_folder
    from electionkg.shacl.validator import validate_in_store as validate

    return validate(store, load_turtle_folder(shapes_folder), list(ASSERTED_GRAPHS))


def validate_project(folders: DataFolders) -> ValidationReport:
    """`electionkg validate` on the project: parsed as the build parses, validated as it
    validates; rdflib reads the files again only to spell a failing literal as written."""
    from electionkg.rdf.loading import load_project_graph, load_turtle_folder
    from electionkg.shacl.validator import validate_in_store as validate

    store = ox.Store()
    parse_into_store(folders, store)
    shapes = load_turtle_folder(folders.shapes)
    return validate(store, shapes, list(ASSERTED_GRAPHS), spelling=load_project_graph)[0]


def reason_in_store(store: ox.Store) -> str:
    """Materialise the inferences into INFERRED_GRAPH; returns the engine used."""
    from electionkg.reasoning.rule_reasoner import UnsupportedOntologyError, materialise

    try:
        materialise(store)
        return "rules"
    except UnsupportedOntologyError as unsupported:
        from electionkg.reasoning.reasoning import InconsistentDataError, materialise_inferences

        try:
            inferred = materialise_inferences(
                rdflib_graph(store, FACTS), rdflib_graph(store, ONTOLOGY)
            )
        except InconsistentDataError as error:
            raise InvalidDataError(str(error)) from None
        store.extend(_oxigraph_quads(inferred, INFERRED))
        return f"owlrl ({unsupported})"


def count_triples(store: ox.Store, graph: ox.NamedNode) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


# -- between pyoxigraph and rdflib, for the reference engines (seed-sized data) ----------------


def rdflib_graph(store: ox.Store, *graphs: ox.NamedNode) -> Graph:
    """The union of ``graphs`` as an rdflib graph; blank nodes keep their store identifiers."""
    from electionkg.rdf.loading import new_graph

    result = new_graph()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, graph):
            try:
                triple = tuple(to_rdflib(term) for term in quad.triple)
            except ValueError as error:
                raise InputError(str(error)) from None
            result.add(triple)
    return result


def _oxigraph_quads(graph: Graph, name: ox.NamedNode) -> list[ox.Quad]:
    return [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)  # type: ignore[arg-type]
        for s, p, o in graph
    ]
