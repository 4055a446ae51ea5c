"""The coverage ledger: every sentence of every seed is quoted by some evidence, or excused.

Sentences are cut from the seed as stored. A seed whose lines mostly end mid-sentence (seed
003 wraps its lines) is read as one block with line breaks as spaces; in the others a line
break ends a sentence (page noise such as seed 001's "Trending stories" list has no full
stops). Within a block a sentence ends at ``.``, ``!`` or ``?`` (and a closing quotation mark)
followed by white space and a capital letter or an opening quotation mark.

A sentence is *covered* when an evidence quote of its seed overlaps it (by the quote's
``oa:TextPositionSelector``); every number in a covered sentence must lie inside a quote. What
is neither is listed in the committed ledger (``ledger/coverage.csv``: seed, the sentence's
opening words, the number if only a number is excused, and the reason), else ``check`` fails.
A ledger line that matches nothing fails too, so the ledger cannot go stale.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from electionkg import paths
from electionkg.errors import InputError
from electionkg.provenance.snapshot import Snapshot, collapse_white_space

LEDGER = Path("ledger") / "coverage.csv"
_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z“\"‘(])")
_NUMBER = re.compile(
    r"\d[\d,.]*\d|\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|hundred|thousand|half)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a seed: offsets into the seed as stored, and its collapsed text."""

    seed: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Excuse:
    """One ledger line: a sentence (by its opening words), or one number in it, and why."""

    seed: str
    opening: str
    number: str
    reason: str
    line: int


@dataclass
class SeedCoverage:
    """How the sentences of one seed are accounted for."""

    seed: str
    covered: int = 0
    excused: int = 0
    total: int = 0


def sentences(seed: str, text: str) -> list[Sentence]:
    """The sentences of a seed, in order (see the module's docstring for the rules)."""
    lines = [line for line in text.splitlines() if line.strip()]
    unfinished = sum(1 for line in lines if not line.rstrip().endswith((".", "”", '"', "?", "!")))
    wraps = len(lines) > 3 and unfinished > len(lines) / 2
    blocks = [(0, len(text))] if wraps else _lines(text)
    found = []
    for block_start, block_end in blocks:
        start = block_start
        for cut in _END.finditer(text, block_start, block_end):
            found.append(_sentence(seed, text, start, cut.start()))
            start = cut.end()
        found.append(_sentence(seed, text, start, block_end))
    return [s for s in found if s.text]


def read_ledger(root: Path | None = None) -> list[Excuse]:
    """The committed ledger's lines (an absent ledger excuses nothing)."""
    path = (root if root is not None else paths.data_root()) / LEDGER
    if not path.is_file():
        return []
    excuses = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        for row in reader:
            if not row or row[0].startswith("#") or row[0] == "seed":
                continue
            if len(row) != 4:
                raise InputError(f"{LEDGER}, line {reader.line_num}: expected 4 columns")
            seed, opening, number, reason = row
            excuses.append(
                Excuse(seed, collapse_white_space(opening), number, reason, reader.line_num)
            )
    return excuses


def check_coverage(
    snapshot: Snapshot, ledger: list[Excuse] | None = None
) -> tuple[list[str], list[SeedCoverage]]:
    """Problems (uncovered sentences, unquoted numbers, stale ledger lines) and per-seed counts."""
    excuses = ledger if ledger is not None else read_ledger()
    spans = _quoted_spans(snapshot)
    used: set[Excuse] = set()
    problems: list[str] = []
    counts = []
    for seed in sorted(spans):
        text = snapshot.seed_text(seed)
        if text is None:
            continue  # the hash check reports a missing seed
        tally = SeedCoverage(seed)
        for sentence in sentences(seed, text):
            tally.total += 1
            quoted = [(a, b) for a, b in spans[seed] if a < sentence.end and b > sentence.start]
            excuse = _excuse(excuses, sentence, "")
            if not quoted:
                if excuse is None:
                    problems.append(f'{seed}: sentence not quoted nor excused: "{_cut(sentence)}"')
                else:
                    used.add(excuse)
                    tally.excused += 1
                continue
            tally.covered += 1
            for match in _NUMBER.finditer(text, sentence.start, sentence.end):
                if any(a <= match.start() and match.end() <= b for a, b in quoted):
                    continue
                excuse = _excuse(excuses, sentence, match.group(0))
                if excuse is None:
                    problems.append(
                        f'{seed}: number "{match.group(0)}" is in no quote: "{_cut(sentence)}"'
                    )
                else:
                    used.add(excuse)
        counts.append(tally)
    for excuse in excuses:
        if excuse not in used:
            problems.append(
                f"{LEDGER}, line {excuse.line}: matches no uncovered sentence or number of "
                f'{excuse.seed}: "{excuse.opening}" {excuse.number}'.rstrip()
            )
    return problems, counts


def excused_spans(seed: str, text: str, excuses: list[Excuse]) -> list[tuple[int, int, str]]:
    """Where the ledger excuses a whole sentence or one number of ``text`` (the seed as
    :func:`read_seed` gives it): (start, end, reason), in order. The source page shows them."""
    found = []
    for sentence in sentences(seed, text):
        whole = _excuse(excuses, sentence, "")
        if whole is not None:
            found.append((sentence.start, sentence.end, whole.reason))
            continue
        for match in _NUMBER.finditer(text, sentence.start, sentence.end):
            excuse = _excuse(excuses, sentence, match.group(0))
            if excuse is not None:
                found.append((match.start(), match.end(), excuse.reason))
    return found


def _quoted_spans(snapshot: Snapshot) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for evidence in snapshot.evidence.values():
        for document in evidence.sources:
            seed = snapshot.document(document).seed
            if not seed:
                continue
            for selector in evidence.selectors.values():
                start, end = selector.start, selector.end
                if isinstance(start, ox.Literal) and isinstance(end, ox.Literal):
                    try:
                        span = (int(start.value), int(end.value))
                    except ValueError:
                        continue  # the anchor check reports it
                    spans.setdefault(seed, []).append(span)
    return spans


def _excuse(excuses: list[Excuse], sentence: Sentence, number: str) -> Excuse | None:
    for excuse in excuses:
        if (
            excuse.seed == sentence.seed
            and excuse.number == number
            and sentence.text.startswith(excuse.opening)
        ):
            return excuse
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    blocks = []
    start = 0
    for line in text.splitlines(keepends=True):
        blocks.append((start, start + len(line.rstrip("\r\n"))))
        start += len(line)
    return blocks


def _sentence(seed: str, text: str, start: int, end: int) -> Sentence:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return Sentence(seed, start + lead, end - trail, collapse_white_space(raw).strip())


def _cut(sentence: Sentence, size: int = 70) -> str:
    text = sentence.text
    return text if len(text) <= size else text[: size - 3] + "..."
