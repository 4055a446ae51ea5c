"""The fact-level checks of ``electionkg check``, each as ``(status, kind, subject, details)``.

``electionkg.build.checks`` turns each tuple into a result line; the build gate calls the
library functions behind them (:mod:`facts`, :mod:`selectors`, :mod:`coverage`) directly.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from electionkg.provenance import coverage, facts, selectors

Outcome = tuple[str, str, str, tuple[str, ...]]


def check_anchors(graph: Graph) -> Outcome:
    """Every quote's oa:TextPositionSelector selects it in its seed."""
    problems = selectors.check_positions(graph)
    if problems:
        subject = f"{len(problems)} quote anchors do not select their quotes"
        return ("fail", "anchors", subject, tuple(str(p) for p in problems))
    return ("ok", "anchors", "every quote's offsets select it in its seed", ())


def check_facts(graph: Graph) -> Outcome:
    """Every fact has a stating quote; documents are credited only for the facts they state."""
    problems = facts.check_fact_provenance(graph)
    count = sum(len(facts.facts_of(graph, node)) for node in facts.sourced_nodes(graph))
    if problems:
        subject = f"{len(problems)} fact provenance problems ({count} facts)"
        return ("fail", "facts", subject, tuple(str(p) for p in problems))
    counted = "1 fact, stated" if count == 1 else f"{count} facts, each stated"
    return ("ok", "facts", f"{counted} by a quote of every credited document", ())


def check_values(graph: Graph) -> Outcome:
    """Each value a quote states is in its words (numbers, dates, flags, entities)."""
    problems, counts = facts.check_values(graph)
    kinds = ", ".join(f"{counts[kind]} {kind}" for kind in sorted(counts))
    if problems:
        subject = f"{len(problems)} values not in their quotes (checked: {kinds})"
        return ("fail", "values", subject, tuple(str(p) for p in problems))
    return ("ok", "values", f"every stated value is in its quote (checked: {kinds})", ())


def list_readings(graph: Graph) -> Outcome:
    """Not a failure: the facts read from around a quote, for a reviewer."""
    lines = facts.readings_for_review(graph)
    return (
        "ok",
        "review",
        f"{len(lines)} quotes with facts read, not literal (for review)",
        tuple(lines),
    )


def check_coverage(graph: Graph) -> Outcome:
    """Every seed sentence quoted or excused in the ledger; per-seed coverage as details."""
    problems, counts = coverage.check_coverage(graph)
    lines = tuple(
        f"{c.seed}: {c.covered} covered, {c.excused} excused, {c.total} sentences" for c in counts
    )
    covered = sum(c.covered for c in counts)
    excused = sum(c.excused for c in counts)
    total = sum(c.total for c in counts)
    if problems:
        subject = f"{len(problems)} coverage problems ({covered} of {total} sentences quoted)"
        return ("fail", "ledger", subject, tuple(problems) + lines)
    subject = f"{covered} sentences quoted, {excused} excused in {coverage.LEDGER}, of {total}"
    return ("ok", "ledger", subject, lines)


CHECKS: tuple[tuple[str, Callable[[Graph], Outcome]], ...] = (
    ("anchors", check_anchors),
    ("facts", check_facts),
    ("values", check_values),
    ("ledger", check_coverage),
    ("review", list_readings),
)
