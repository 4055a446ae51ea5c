"""The evidence rules SHACL cannot express: quotes are verbatim, seed files are unchanged.

Evidence is a W3C Web Annotation node::

    ?claim ekg:evidence ?ev .
    ?ev a oa:SpecificResource ; oa:hasSource ?doc ; oa:hasSelector ?sel .
    ?sel a oa:TextQuoteSelector ; oa:exact ?quote .          # oa:prefix, oa:suffix optional
    ?doc ekg:seedFile "NNN_xxxx.txt" ; ekg:sha256 "hex" .

A quote is verbatim when it occurs in the seed file after runs of white space are collapsed
to one space in both (seeds break lines mid-sentence); nothing else is normalised, so curly
quotes must be kept. A prefix must end right where the quote starts and a suffix must start
right where it ends, at the same occurrence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from electionkg.provenance.snapshot import (
    Selector,
    Snapshot,
    Term,
    collapse_white_space,
    name,
    seed_path,
)

__all__ = ["EvidenceProblem", "check_evidence", "check_quotes", "check_seed_hashes"]
__all__ += ["collapse_white_space", "digest_difference"]
_EXCERPT = 60


@dataclass(frozen=True, order=True)
class EvidenceProblem:
    """One broken evidence rule, every field a short readable string."""

    claim: str
    document: str
    seed_file: str
    quote: str
    problem: str

    def __str__(self) -> str:
        """``claim: problem: "quote excerpt" (source doc, seeds/file)``."""
        about = f"{self.claim}: " if self.claim else ""
        quote = f': "{self.quote}"' if self.quote else ""
        where = f"source {self.document or '(none)'}"
        if self.seed_file:
            where += f", seeds/{self.seed_file}"
        return f"{about}{self.problem}{quote} ({where})"


def check_evidence(snapshot: Snapshot) -> list[EvidenceProblem]:
    """Both rules: every quote verbatim, every seed file's SHA-256 as recorded."""
    return sorted(check_quotes(snapshot) + check_seed_hashes(snapshot))


def quote_count(snapshot: Snapshot) -> int:
    """How many quotes (``oa:exact`` of a selector) the evidence holds."""
    return sum(len(s.exacts) for ev in snapshot.evidence.values() for s in ev.selectors.values())


def check_quotes(snapshot: Snapshot) -> list[EvidenceProblem]:
    """Every ``oa:exact`` (with its ``oa:prefix``/``oa:suffix``) occurs in its seed file."""
    problems = []
    for evidence in snapshot.evidence.values():
        claims: list[Term | None] = [*evidence.claims] or [None]
        documents: list[Term | None] = [*evidence.sources] or [None]
        for selector in evidence.selectors.values():
            for exact in selector.exacts:
                for claim in claims:
                    for document in documents:
                        problem = _quote_problem(snapshot, document, selector, exact)
                        if problem:
                            seed = _seed_name(snapshot, document)
                            problems.append(problem_at(claim, document, seed, exact, problem))
    return sorted(problems)  # by their readable fields: a stable order


def problem_at(
    claim: Term | None, document: Term | None, seed_file: str, exact: str, problem: str
) -> EvidenceProblem:
    """The problem of a quote of ``claim`` in ``document``, every field readable."""
    return EvidenceProblem(name(claim), name(document), seed_file, excerpt(exact), problem)


def check_seed_hashes(snapshot: Snapshot) -> list[EvidenceProblem]:
    """Every document with an ``ekg:seedFile`` or used as evidence source has a matching hash."""
    problems = []
    for document in snapshot.seed_documents:
        problem = _hash_problem(snapshot, document)
        if problem:
            problems.append(
                EvidenceProblem(
                    claim="",
                    document=name(document),
                    seed_file=_seed_name(snapshot, document),
                    quote="",
                    problem=problem,
                )
            )
    return sorted(problems)


def _quote_problem(
    snapshot: Snapshot, document: Term | None, selector: Selector, exact: str
) -> str | None:
    if document is None:
        return "evidence has no oa:hasSource"
    seed = _seed_name(snapshot, document)
    if not seed:
        return "source document has no ekg:seedFile"
    text = snapshot.collapsed_text(seed)
    if text is None:
        return "seed file not found"
    quote = collapse_white_space(exact)
    if not quote.strip():
        return "empty oa:exact"
    prefix, suffix = selector.prefix, selector.suffix
    starts = _occurrences(quote, text)
    if not starts:
        return "quote not in the seed (white space collapsed)"
    before = {start: prefix is None or text[:start].endswith(prefix) for start in starts}
    after = {
        start: suffix is None or text[start + len(quote) :].startswith(suffix) for start in starts
    }
    if any(before[start] and after[start] for start in starts):
        return None
    if not any(before.values()):
        return (
            f'oa:prefix "{excerpt(prefix or "")}" does not come right before the quote in the seed'
        )
    if not any(after.values()):
        return (
            f'oa:suffix "{excerpt(suffix or "")}" does not come right after the quote in the seed'
        )
    return "oa:prefix and oa:suffix match different occurrences of the quote in the seed"


def _occurrences(needle: str, text: str) -> list[int]:
    """Every start of ``needle`` in ``text``, overlapping ones included."""
    starts = []
    start = text.find(needle)
    while start >= 0:
        starts.append(start)
        start = text.find(needle, start + 1)
    return starts


def _hash_problem(snapshot: Snapshot, document: Term) -> str | None:
    seed = _seed_name(snapshot, document)
    if not seed:
        return "source document has no ekg:seedFile"
    recorded = snapshot.document(document).sha256
    if recorded is None:
        return "source document has no ekg:sha256"
    path = seed_path(snapshot.seeds, seed)
    if path is None or not path.is_file():
        return "seed file not found"
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if recorded.strip().lower() != actual:
        return digest_difference(recorded.strip().lower(), actual)
    return None


def digest_difference(recorded: str, actual: str) -> str:
    """Both digests in full, and where they first differ (digests can share a long prefix)."""
    first = next(
        (i for i, (a, b) in enumerate(zip(recorded, actual, strict=False)) if a != b),
        min(len(recorded), len(actual)),
    )
    return f"SHA-256 differs from character {first + 1}: recorded {recorded}, the file has {actual}"


def _seed_name(snapshot: Snapshot, document: Term | None) -> str:
    return snapshot.document(document).seed if document is not None else ""


def excerpt(text: str) -> str:
    text = collapse_white_space(text)
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 3] + "..."
