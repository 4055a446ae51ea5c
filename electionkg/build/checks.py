"""``electionkg check``: every rule the data must keep, one result line per check.

The checks: each Turtle file parses; no literal is ill-typed; the project graph conforms to
the SHACL shapes; it keeps the integrity rules; every quote is verbatim in its seed; every
seed file has its recorded SHA-256; the fact-level checks (anchors, a stating quote per fact,
values, bounds, statuses and dates against their quotes, coverage) hold; every stored query
parses. The rules and the evidence checks are the functions `build` runs
(:mod:`electionkg.build.gate`), on an Oxigraph store parsed as `build` parses. A check that
cannot run because an earlier one failed is reported as ``error``, not skipped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal

from electionkg import paths
from electionkg.build.pipeline import parse_into_store
from electionkg.errors import InputError
from electionkg.provenance import fact_checks
from electionkg.provenance.snapshot import Snapshot
from electionkg.rdf.loading import display_path, new_graph, parse_rdf_file
from electionkg.shacl.report import short
from electionkg.shacl.validator import validate_graph

_LABELS = {"ok": "ok", "fail": "FAIL", "error": "ERROR"}
_MAX_DETAILS = 20
_LIST_IN_FULL = {"review", "ledger"}  # lists for a reviewer, not failures to sample


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: status ``ok``, ``fail`` or ``error`` (could not run)."""

    status: str
    kind: str
    subject: str
    details: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def format_line(self) -> str:
        """``ok   turtle  graph/claims.ttl``; details follow on indented lines."""
        line = f"{_LABELS[self.status]:<4} {self.kind:<7} {self.subject}"
        limit = len(self.details) if self.kind in _LIST_IN_FULL else _MAX_DETAILS
        shown = [f"       {detail}" for detail in self.details[:limit]]
        if len(self.details) > limit:
            shown.append(f"       ... and {len(self.details) - limit} more")
        return "\n".join([line, *shown])


def run_checks() -> list[CheckResult]:
    """Run every check on the data folders (``paths.data_root()``), in a fixed order."""
    root = paths.data_root()
    if not root.is_dir():
        raise InputError(f"{root}: the data folder does not exist (see ${paths.DATA_ENV})")
    results: list[CheckResult] = []
    ontology = _check_turtle_folder(paths.ontology_dir(), results)
    facts = _check_turtle_folder(paths.graph_dir(), results)
    shapes = _check_turtle_folder(paths.shapes_dir(), results)
    project = None
    if ontology is not None and facts is not None:
        project = new_graph()
        project += ontology
        project += facts
    not_run = "not run: ontology/ or graph/ does not parse"
    snapshot: list[Snapshot] = []  # the store parsed as the build parses it, once, when needed

    def read(_: Graph) -> Snapshot:
        if not snapshot:
            store = ox.Store()
            parse_into_store(paths.DataFolders.default(), store)
            snapshot.append(Snapshot.load(store, paths.seeds_dir()))
        return snapshot[0]

    for kind, check in (
        ("types", _check_literals),
        ("shapes", lambda graph: _check_shapes(graph, shapes)),
        ("rules", lambda graph: _check_rules(read(graph).store)),
        *(
            (kind, _outcome(read, check))
            for kind, check in (*fact_checks.EVIDENCE_CHECKS, *fact_checks.CHECKS)
        ),
    ):
        results.append(_run(kind, check, project, not_run))
    results.extend(_check_queries(paths.queries_dir()))
    return results


def _outcome(
    read: Callable[[Graph], Snapshot], check: Callable[[Snapshot], fact_checks.Outcome]
) -> Callable[[Graph], CheckResult]:
    return lambda graph: CheckResult(*check(read(graph)))


def _run(
    kind: str, check: Callable[[Graph], CheckResult], graph: Graph | None, not_run: str
) -> CheckResult:
    if graph is None:
        return CheckResult("error", kind, not_run)
    try:
        return check(graph)
    except InputError as error:
        return CheckResult("error", kind, str(error))


def _check_turtle_folder(folder: Path, results: list[CheckResult]) -> Graph | None:
    """One result per Turtle file; the merged graph, or None if any file fails."""
    shown = display_path(folder).rstrip("/") + "/"
    files = paths.turtle_files(folder) if folder.is_dir() else []
    if not files:
        what = "no Turtle (.ttl) files in" if folder.is_dir() else "no folder"
        results.append(CheckResult("fail", "turtle", f"{what} {shown}"))
        return None
    merged: Graph | None = new_graph()
    for file in files:
        try:
            graph = parse_rdf_file(file)
        except InputError as error:
            results.append(CheckResult("fail", "turtle", str(error)))
            merged = None
            continue
        results.append(CheckResult("ok", "turtle", display_path(file)))
        if merged is not None:
            merged += graph
    return merged


def _check_literals(graph: Graph) -> CheckResult:
    bad = sorted(
        f"{short(s)} {short(p)} {short(o)}"
        for s, p, o in graph
        if isinstance(o, Literal) and o.ill_typed
    )
    if bad:
        noun = "literal is" if len(bad) == 1 else "literals are"
        return CheckResult("fail", "types", f"{len(bad)} {noun} ill-typed", tuple(bad))
    return CheckResult("ok", "types", "every typed literal is well-formed")


def _check_shapes(graph: Graph, shapes: Graph | None) -> CheckResult:
    if shapes is None:
        return CheckResult("error", "shapes", "not run: shapes/ does not parse")
    report = validate_graph(graph, shapes)
    if report.conforms:
        return CheckResult("ok", "shapes", report.summary().rstrip(".").lower())
    violations = report.violations
    noun = "violation" if violations == 1 else "violations"
    return CheckResult("fail", "shapes", f"{violations} {noun} (run electionkg validate)")


def _check_rules(store: ox.Store) -> CheckResult:
    """The integrity rules, as `build` runs them."""
    from electionkg.build.integrity import check_rules
    from electionkg.build.vocabulary import check_vocabulary

    problems = check_rules(store) + check_vocabulary(store)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        return CheckResult("fail", "rules", f"{len(problems)} {noun}", tuple(problems))
    return CheckResult("ok", "rules", "integrity rules kept")


def _check_queries(folder: Path) -> list[CheckResult]:
    """One result per stored query: it parses as SPARQL 1.1 (rdflib's parser)."""
    from rdflib.plugins.sparql import prepareQuery

    shown = display_path(folder).rstrip("/") + "/"
    files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    if not files:
        return [CheckResult("fail", "queries", f"no stored queries (.rq files) in {shown}")]
    results = []
    for file in files:
        name = display_path(file)
        try:
            prepareQuery(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            results.append(CheckResult("fail", "queries", f"{name}: cannot read: {error}"))
        except Exception as error:  # pyparsing's ParseException, or rdflib's own errors
            results.append(CheckResult("fail", "queries", f"{name}: {_query_error(error)}"))
        else:
            results.append(CheckResult("ok", "queries", name))
    return results


def _query_error(error: Exception) -> str:
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    message = str(getattr(error, "msg", "") or error).splitlines()[0]
    if line is not None and column is not None:
        return f"line {line}, column {column}: not valid SPARQL: {message}"
    return f"not valid SPARQL: {message}"
