"""Quote anchors: where a quote sits in its seed, as Web Annotation selectors.

A quote (``oa:exact``) is white-space-collapsed text, so it survives the hard line breaks of
seed 003. Its anchors are computed here, never typed by hand:

* ``oa:TextPositionSelector`` ``oa:start``/``oa:end``: offsets into the seed *as stored*, in
  Unicode code points of the UTF-8-decoded file, no normalisation at all (``end`` exclusive),
  so that ``text[start:end]``, white space collapsed, is the quote;
* ``oa:prefix``/``oa:suffix`` on the ``oa:TextQuoteSelector``: up to ``CONTEXT`` characters of
  the white-space-collapsed seed right before and right after the quote. They tell apart the
  occurrences of a quote that occurs twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from electionkg import paths
from electionkg.errors import InputError
from electionkg.provenance.evidence import EvidenceProblem, problem_at
from electionkg.provenance.snapshot import (
    Selector,
    Snapshot,
    collapse_white_space,
    read_seed,
)

__all__ = ["Anchor", "check_positions", "find_anchors", "quote_anchors", "read_seed"]

CONTEXT = 24


@dataclass(frozen=True)
class Anchor:
    """One occurrence of a quote in its seed: the collapsed quote, offsets, prefix and suffix."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str

    def turtle(self, source: str, indent: str = "    ") -> str:
        """The evidence node for this span, as Turtle (``source`` a CURIE or ``<IRI>``)."""
        return (
            f"[ a oa:SpecificResource ; oa:hasSource {source} ;\n"
            f"{indent}ekg:states ekg:TODO ;\n"
            f"{indent}oa:hasSelector [ a oa:TextQuoteSelector ;\n"
            f"{indent}    oa:exact {_string(self.exact)} ;\n"
            f"{indent}    oa:prefix {_string(self.prefix)} ; oa:suffix {_string(self.suffix)} ] ,\n"
            f"{indent}  [ a oa:TextPositionSelector ; oa:start {self.start} ; oa:end {self.end} ] ]"
        )


def find_anchors(text: str, words: str) -> list[Anchor]:
    """Every occurrence of ``words`` in ``text``, white space matching any run of white space."""
    tokens = collapse_white_space(words).strip().split(" ")
    if not tokens or tokens == [""]:
        return []
    pattern = re.compile(r"\s+".join(re.escape(token) for token in tokens))
    anchors = []
    position = 0
    while (match := pattern.search(text, position)) is not None:
        anchors.append(anchor_at(text, match.start(), match.end()))
        position = match.start() + 1
    return anchors


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of the span ``text[start:end]`` (offsets into the text as stored)."""
    before = collapse_white_space(text[:start])
    after = collapse_white_space(text[end:])
    return Anchor(
        exact=collapse_white_space(text[start:end]),
        start=start,
        end=end,
        prefix=before[-CONTEXT:],
        suffix=after[:CONTEXT],
    )


def position_problem(text: str, exact: str, start: int, end: int) -> str | None:
    """Why ``oa:start``/``oa:end`` do not select ``exact`` in the seed, or None if they do."""
    if not 0 <= start < end <= len(text):
        return f"oa:start {start} / oa:end {end} are outside the seed (0..{len(text)})"
    selected = collapse_white_space(text[start:end])
    if selected != collapse_white_space(exact):
        shown = selected if len(selected) <= 40 else selected[:37] + "..."
        return f'oa:start {start} / oa:end {end} select "{shown}", not the quote'
    return None


def _string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def check_positions(snapshot: Snapshot) -> list[EvidenceProblem]:
    """Every evidence has one ``oa:TextPositionSelector`` whose offsets select its quote."""
    problems = []
    for evidence in snapshot.evidence.values():
        if not evidence.evidence_of and not evidence.sources:
            continue
        document = evidence.sources[0] if evidence.sources else None
        seed = snapshot.document(document).seed if document is not None else ""
        exact = evidence.quote() if any(s.exacts for s in evidence.selectors.values()) else None
        if not seed or exact is None:
            continue  # no seed or no quote: the quote check reports it
        positions = [s for s in evidence.selectors.values() if s.is_position]
        claim = evidence.evidence_of[0] if evidence.evidence_of else None
        problem = _position_problem(snapshot, seed, exact, positions)
        if problem:
            problems.append(problem_at(claim, document, seed, exact, problem))
    return sorted(problems)


def _position_problem(
    snapshot: Snapshot, seed: str, exact: str, positions: list[Selector]
) -> str | None:
    if len(positions) != 1:
        return f"{len(positions)} oa:TextPositionSelector, expected one (electionkg quote)"
    start, end = positions[0].start, positions[0].end
    if not isinstance(start, ox.Literal) or not isinstance(end, ox.Literal):
        return "oa:TextPositionSelector without oa:start and oa:end"
    text = snapshot.seed_text(seed)
    if text is None:
        return None  # the hash check reports a missing seed
    try:
        return position_problem(text, exact, int(start.value), int(end.value))
    except ValueError:
        return "oa:start and oa:end must be integers"


def quote_anchors(source: str, words: str, seeds: Path | None = None) -> tuple[str, list[Anchor]]:
    """The seed file named by ``source`` and every anchor of ``words`` in it.

    ``source`` is a seed file name (``003_b66a12f209a253b3.txt``), its stem or the source IRI's
    last segment, or the three-digit number (``003``). An unknown source is an ``InputError``.
    """
    folder = seeds if seeds is not None else paths.seeds_dir()
    name = source.rstrip(">").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    matches = sorted(
        path
        for path in folder.glob("*.txt")
        if path.name == name or path.stem == name or path.name.startswith(f"{name}_")
    )
    if len(matches) != 1:
        found = "no seed" if not matches else f"{len(matches)} seeds"
        raise InputError(f"{source}: {found} in {folder} matches (give the seed file name)")
    return matches[0].name, find_anchors(read_seed(matches[0]), words)
