"""The gate: every check beyond the shapes, run on the build's store before anything is served.

`check` and `build` (hence `query`, `serve`, `export`, `load`, which build first) run the same
functions, so what one refuses the other refuses: the integrity rules
(:mod:`~electionkg.build.integrity`), the vocabulary rules (:mod:`~electionkg.build.vocabulary`),
well-formed typed literals, the evidence (:mod:`electionkg.provenance.evidence`: every quote
verbatim in its seed, every seed file with its recorded SHA-256) and the fact-level checks
(:mod:`electionkg.provenance.fact_checks`: anchors, a stating quote per fact, values, bounds,
statuses and dates against their quotes, every seed sentence quoted or excused). Each returns
plain-words lines naming the node. All of them read the store set at a time: the fact-level
checks through one :class:`~electionkg.provenance.snapshot.Snapshot` of its evidence, never a
copy of the data in rdflib.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from electionkg.build.integrity import Rule, check_rules
from electionkg.build.vocabulary import check_vocabulary
from electionkg.provenance import fact_checks
from electionkg.provenance.snapshot import Snapshot

_LOG = logging.getLogger(__name__)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CHECKED_DATATYPES = ("decimal", "integer", "date", "boolean", "gYear", "double")

_ILL_TYPED = " || ".join(
    f"(DATATYPE(?value) = <{_XSD}{name}> && !COALESCE(<{_XSD}{name}>(STR(?value)) = ?value, false))"
    for name in _CHECKED_DATATYPES
)
WELL_TYPED = Rule(
    "well-typed literals",
    "{predicate} has the ill-typed literal {value}",
    "SELECT DISTINCT ?node ?predicate ?value WHERE { ?node ?predicate ?value . "
    f"FILTER (isLiteral(?value) && ({_ILL_TYPED})) }}",
)
"""Oxigraph keeps an ill-typed literal ("9,21"^^xsd:decimal) as written; a cast of its lexical
form back to its datatype fails, or gives a different value."""


@dataclass
class GateReport:
    """The problems each family of checks found (empty lists: the data passes)."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    not_checked: list[str] = field(default_factory=list)
    """Checks that could not run on this data root, and why."""

    @property
    def passes(self) -> bool:
        return not any(self.problems.values())

    def format_text(self) -> str:
        lines = []
        for family, problems in self.problems.items():
            if problems:
                lines.append(f"{family}: {len(problems)} problem{'s' if len(problems) > 1 else ''}")
                lines += [f"  {problem}" for problem in problems]
        return "\n".join(lines)


PARTS = ("rules", "evidence")
"""The gate's two halves, of about equal cost on big data, which the build runs in two child
processes: "rules" (integrity, vocabulary, well-typed literals: queries on the store) and
"evidence" (the quotes, the seed hashes and the fact-level checks, on one snapshot)."""


def run_gate(store: ox.Store, seeds: Path, parts: tuple[str, ...] = PARTS) -> GateReport:
    """Every check beyond the shapes over the asserted graphs of ``store`` (or those of
    ``parts``, see PARTS); ``seeds`` is the folder of the seed files the quotes and hashes are
    checked against."""
    started = time.perf_counter()
    report = GateReport()
    if "rules" in parts:
        report.problems["integrity rules"] = check_rules(store) + check_vocabulary(store)
        report.problems["types"] = check_rules(store, (WELL_TYPED,))
    if "evidence" in parts:
        _check_evidence(store, seeds, report)
    report.seconds = time.perf_counter() - started
    return report


def _check_evidence(store: ox.Store, seeds: Path, report: GateReport) -> None:
    snapshot = Snapshot.load(store, seeds)
    checks: list[tuple[str, Callable[[Snapshot], fact_checks.Outcome]]]
    checks = [("values", fact_checks.check_values)]
    if seeds.is_dir():
        checks = [*fact_checks.EVIDENCE_CHECKS, *fact_checks.CHECKS]
    else:
        # A data root without seed texts: the quotes cannot be checked, which the build says
        # (and `check` fails), rather than pretend.
        report.not_checked.append(f"quotes and seed hashes: no folder {seeds}")
        _LOG.info("quotes and seed hashes not checked: no folder %s", seeds)
    for kind, check in checks:
        status, _, subject, details = check(snapshot)
        if status != "ok":
            report.problems[kind] = [subject, *details]


def merged(reports: list[GateReport]) -> GateReport:
    """One report of the parts' reports, in their order; its seconds are the longest part's
    (the parts run side by side)."""
    report = GateReport(seconds=max((part.seconds for part in reports), default=0.0))
    for part in reports:
        for family, problems in part.problems.items():
            report.problems.setdefault(family, []).extend(problems)
        report.not_checked += part.not_checked
    return report
