"""The evidence and fact-level checks, each as ``(status, kind, subject, details)``.

One implementation for both commands: ``electionkg check`` (:mod:`electionkg.build.checks`)
turns each tuple into a result line, and the build gate (:mod:`electionkg.build.gate`) refuses
the data on the details of a failing one. Both read the Oxigraph store the build parses, through
one :class:`~electionkg.provenance.snapshot.Snapshot` of its evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from electionkg.provenance import coverage, evidence, facts, selectors, value_checks
from electionkg.provenance.snapshot import Snapshot

Outcome = tuple[str, str, str, tuple[str, ...]]


def check_quotes(snapshot: Snapshot) -> Outcome:
    """Every quote is verbatim in its seed (white space collapsed), at its prefix and suffix."""
    count = evidence.quote_count(snapshot)
    if count == 0:
        return ("fail", "quotes", "no quotes found (no oa:hasSelector with oa:exact)", ())
    problems = evidence.check_quotes(snapshot)
    if problems:
        subject = f"{len(problems)} of {count} quotes not verbatim in their seeds"
        return ("fail", "quotes", subject, tuple(str(p) for p in problems))
    verbatim = "quote verbatim in its seed" if count == 1 else "quotes verbatim in their seeds"
    return ("ok", "quotes", f"{count} {verbatim}", ())


def check_hashes(snapshot: Snapshot) -> Outcome:
    """Every seed file has the SHA-256 its source document records."""
    documents = snapshot.seed_documents
    if not documents:
        return ("fail", "hashes", "no source documents (no ekg:seedFile)", ())
    problems = evidence.check_seed_hashes(snapshot)
    if problems:
        subject = f"seed check fails for {len(problems)} of {len(documents)} source documents"
        return ("fail", "hashes", subject, tuple(str(p) for p in problems))
    match = "seed file matches its" if len(documents) == 1 else "seed files match their"
    return ("ok", "hashes", f"{len(documents)} {match} SHA-256", ())


def check_anchors(snapshot: Snapshot) -> Outcome:
    """Every quote's oa:TextPositionSelector selects it in its seed."""
    problems = selectors.check_positions(snapshot)
    if problems:
        subject = f"{len(problems)} quote anchors do not select their quotes"
        return ("fail", "anchors", subject, tuple(str(p) for p in problems))
    return ("ok", "anchors", "every quote's offsets select it in its seed", ())


def check_facts(snapshot: Snapshot) -> Outcome:
    """Every fact has a stating quote; documents are credited only for the facts they state."""
    counts = facts.fact_counts(snapshot)
    problems = facts.check_fact_provenance(snapshot, counts)
    count = sum(counts.values())
    if problems:
        subject = f"{len(problems)} fact provenance problems ({count} facts)"
        return ("fail", "facts", subject, tuple(str(p) for p in problems))
    counted = "1 fact, stated" if count == 1 else f"{count} facts, each stated"
    return ("ok", "facts", f"{counted} by a quote of every credited document", ())


def check_values(snapshot: Snapshot) -> Outcome:
    """Each value is in the words of its quotes (numbers, bounds, dates, flags, entities)."""
    problems, counts = value_checks.check_values(snapshot)
    kinds = ", ".join(f"{counts[kind]} {kind}" for kind in sorted(counts))
    if problems:
        subject = f"{len(problems)} values not in their quotes (checked: {kinds})"
        return ("fail", "values", subject, tuple(problems))
    return ("ok", "values", f"every stated value is in its quote (checked: {kinds})", ())


def list_readings(snapshot: Snapshot) -> Outcome:
    """Not a failure: the facts read from around a quote, for a reviewer."""
    lines = facts.readings_for_review(snapshot)
    return (
        "ok",
        "review",
        f"{len(lines)} quotes with facts read, not literal (for review)",
        tuple(lines),
    )


def check_coverage(snapshot: Snapshot) -> Outcome:
    """Every seed sentence quoted or excused in the ledger; per-seed coverage as details."""
    problems, counts = coverage.check_coverage(snapshot)
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


EVIDENCE_CHECKS: tuple[tuple[str, Callable[[Snapshot], Outcome]], ...] = (
    ("quotes", check_quotes),
    ("hashes", check_hashes),
)
"""The evidence rules: they need the seed texts only."""

CHECKS: tuple[tuple[str, Callable[[Snapshot], Outcome]], ...] = (
    ("anchors", check_anchors),
    ("facts", check_facts),
    ("values", check_values),
    ("ledger", check_coverage),
    ("review", list_readings),
)
"""The fact-level rules, in the order ``check`` prints them."""
