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
from rdflib import Graph

from electionkg import paths
from electionkg.build.pipeline import ASSERTED_GRAPHS, FACTS, ONTOLOGY, parse_file
from electionkg.errors import InputError
from electionkg.provenance import fact_checks
from electionkg.provenance.snapshot import Snapshot
from electionkg.rdf.loading import display_path, load_project_graph, new_graph, parse_rdf_file
from electionkg.shacl.validator import validate_in_store

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
    """Run every check on the data folders (``paths.data_root()``), in a fixed order.

    The data is parsed once, into an Oxigraph store as ``build`` parses it (rdflib reads a file
    again only to word the error of a file Oxigraph rejects), and every check reads that store:
    at a million triples ``check`` costs about what ``build``'s checks cost."""
    root = paths.data_root()
    if not root.is_dir():
        raise InputError(f"{root}: the data folder does not exist (see ${paths.DATA_ENV})")
    results: list[CheckResult] = []
    store = ox.Store()
    ontology = _parse_turtle_folder(paths.ontology_dir(), ONTOLOGY, store, results)
    facts = _parse_turtle_folder(paths.graph_dir(), FACTS, store, results)
    shapes = _check_turtle_folder(paths.shapes_dir(), results)
    not_run = "not run: ontology/ or graph/ does not parse"
    parsed = store if ontology and facts else None
    snapshot: list[Snapshot] = []  # the evidence tables, read once, when needed

    def read(store: ox.Store) -> Snapshot:
        if not snapshot:
            snapshot.append(Snapshot.load(store, paths.seeds_dir()))
        return snapshot[0]

    for kind, check in (
        ("types", _check_literals),
        ("shapes", lambda store: _check_shapes(store, shapes)),
        ("rules", _check_rules),
        *(
            (kind, _outcome(read, check))
            for kind, check in (*fact_checks.EVIDENCE_CHECKS, *fact_checks.CHECKS)
        ),
    ):
        results.append(_run(kind, check, parsed, not_run))
    results.extend(_check_queries(paths.queries_dir()))
    return results


def _outcome(
    read: Callable[[ox.Store], Snapshot], check: Callable[[Snapshot], fact_checks.Outcome]
) -> Callable[[ox.Store], CheckResult]:
    return lambda store: CheckResult(*check(read(store)))


def _run(
    kind: str, check: Callable[[ox.Store], CheckResult], store: ox.Store | None, not_run: str
) -> CheckResult:
    if store is None:
        return CheckResult("error", kind, not_run)
    try:
        return check(store)
    except InputError as error:
        return CheckResult("error", kind, str(error))


def _parse_turtle_folder(
    folder: Path, graph: ox.NamedNode, store: ox.Store, results: list[CheckResult]
) -> bool:
    """Parse each Turtle file into ``graph`` of ``store``, as the build does: one result per
    file; whether every file parsed."""
    files = _turtle_files(folder, results)
    if not files:
        return False
    parsed = True
    for file in files:
        try:
            parse_file(file, graph, store)
        except InputError as error:
            results.append(CheckResult("fail", "turtle", str(error)))
            parsed = False
            continue
        results.append(CheckResult("ok", "turtle", display_path(file)))
    return parsed


def _check_turtle_folder(folder: Path, results: list[CheckResult]) -> Graph | None:
    """One result per Turtle file; the merged graph, or None if any file fails."""
    files = _turtle_files(folder, results)
    if not files:
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


def _turtle_files(folder: Path, results: list[CheckResult]) -> list[Path]:
    """The Turtle files of a data folder; none (and a failed result) if it has none."""
    files = paths.turtle_files(folder) if folder.is_dir() else []
    if not files:
        shown = display_path(folder).rstrip("/") + "/"
        what = "no Turtle (.ttl) files in" if folder.is_dir() else "no folder"
        results.append(CheckResult("fail", "turtle", f"{what} {shown}"))
    return files


def _check_literals(store: ox.Store) -> CheckResult:
    """Ill-typed literals ("9,21"^^xsd:decimal), found as the build finds them."""
    from electionkg.build.gate import WELL_TYPED
    from electionkg.build.integrity import check_rules

    bad = check_rules(store, (WELL_TYPED,))
    if bad:
        noun = "literal is" if len(bad) == 1 else "literals are"
        return CheckResult("fail", "types", f"{len(bad)} {noun} ill-typed", tuple(bad))
    return CheckResult("ok", "types", "every typed literal is well-formed")


def _check_shapes(store: ox.Store, shapes: Graph | None) -> CheckResult:
    if shapes is None:
        return CheckResult("error", "shapes", "not run: shapes/ does not parse")
    report, _ = validate_in_store(store, shapes, list(ASSERTED_GRAPHS), spelling=load_project_graph)
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
