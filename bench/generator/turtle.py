"""Turtle written as text, with exact triple counts, and evidence whose anchors come later.

A block's text is a list of pieces: plain strings, and :class:`Quote` and :class:`Digest`
placeholders. A quote's offsets, prefix and suffix depend on the whole seed text it lands in,
and a source's SHA-256 on its finished seed, so both are rendered only when the country's file
is written (:mod:`seeds`), after the generator has chosen which blocks to keep. Their triple
counts do not depend on the text, so a block's count is exact from the start.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

PREFIXES = """\
@prefix ekg:          <https://w3id.org/electionkg/ontology#> .
@prefix rdfs:         <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .
@prefix prov:         <http://www.w3.org/ns/prov#> .
@prefix oa:           <http://www.w3.org/ns/oa#> .
@prefix org:          <http://www.w3.org/ns/org#> .
@prefix foaf:         <http://xmlns.com/foaf/0.1/> .
@prefix schema:       <https://schema.org/> .
@prefix skos:         <http://www.w3.org/2004/02/skos/core#> .
@prefix person:       <https://w3id.org/electionkg/id/person/> .
@prefix organisation: <https://w3id.org/electionkg/id/organisation/> .
@prefix state:        <https://w3id.org/electionkg/id/state/> .
@prefix leadership:   <https://w3id.org/electionkg/id/leadership/> .
@prefix place:        <https://w3id.org/electionkg/id/place/> .
@prefix group:        <https://w3id.org/electionkg/id/group/> .
@prefix election:     <https://w3id.org/electionkg/id/election/> .
@prefix candidacy:    <https://w3id.org/electionkg/id/candidacy/> .
@prefix outcome:      <https://w3id.org/electionkg/id/outcome/> .
@prefix figure:       <https://w3id.org/electionkg/id/figure/> .
@prefix statement:    <https://w3id.org/electionkg/id/statement/> .
@prefix mission:      <https://w3id.org/electionkg/id/mission/> .
@prefix event:        <https://w3id.org/electionkg/id/event/> .
@prefix position:     <https://w3id.org/electionkg/id/position/> .
@prefix relation:     <https://w3id.org/electionkg/id/relation/> .
@prefix measure:      <https://w3id.org/electionkg/id/measure/> .
@prefix first:        <https://w3id.org/electionkg/id/first/> .
@prefix source:       <https://w3id.org/electionkg/id/source/> .

"""

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


@dataclass
class Source:
    """A generated news article: its IRI, label, seed file and the sentences it will hold."""

    iri: str
    label: str
    seed_file: str
    sentences: list[str] = field(default_factory=list)
    text: str = ""
    digest: str = ""


@dataclass
class Quote:
    """One evidence node, rendered once its seed is written (offsets, prefix, suffix).

    ``frame`` is the sentence the quote sits in, ``{q}`` standing for the quote; ``states``
    the properties its words state, ``reading`` those read from around them (with ``note``).
    """

    source: Source
    exact: str
    states: tuple[str, ...]
    reading: tuple[str, ...] = ()
    note: str = ""
    frame: str = ""
    sentence: int = -1  # index in source.sentences, set when placed
    offset: int = -1  # start of the quote in that sentence

    @property
    def triples(self) -> int:
        """Evidence (type, source, 2 selectors, states), quote (4) and position (3) selectors."""
        return 11 + len(self.states) + len(self.reading) + (1 if self.reading else 0)


@dataclass
class Digest:
    """The SHA-256 of a source's seed, known once the seed is written."""

    source: Source


Piece = str | Quote | Digest


class Nested(NamedTuple):
    """A blank node written inline (``[ ... ]``), with the triples and typed nodes it holds."""

    text: str
    triples: int
    types: tuple[str, ...]


Obj = str | Nested | Quote | Digest


@dataclass
class Block:
    """Turtle statements and what they hold: the exact triple count and instances per class.

    The count is kept while writing, so that the generator can stop at the requested size
    without parsing what it wrote. No block ever writes a triple that another block writes too
    (entities are defined once, in the block that introduces them), so counts add up.
    """

    parts: list[list[Piece]] = field(default_factory=list)
    triples: int = 0
    types: dict[str, int] = field(default_factory=dict)
    winner_rows: int = 0  # rows the stored query ``winner`` gives for what the block holds

    def add(self, subject: str, pairs: Sequence[tuple[str, Obj]]) -> None:
        """One subject with its (predicate, object) pairs; objects may be inline nodes."""
        pieces: list[Piece] = [subject + " "]
        for number, (predicate, obj) in enumerate(pairs):
            if number:
                pieces.append(" ;\n    ")
            pieces.append(f"{predicate} ")
            if isinstance(obj, Nested):
                self.triples += obj.triples
                for kind in obj.types:
                    self._count(kind)
                pieces.append(obj.text)
            elif isinstance(obj, Quote):
                self.triples += obj.triples
                self._count("oa:SpecificResource")
                self._count("oa:TextQuoteSelector")
                self._count("oa:TextPositionSelector")
                pieces.append(obj)
            else:
                if predicate == "a" and isinstance(obj, str):
                    self._count(obj)
                pieces.append(obj)
        self.triples += len(pairs)
        pieces.append(" .\n\n")
        self.parts.append(pieces)

    def extend(self, other: Block) -> None:
        self.parts.extend(other.parts)
        self.triples += other.triples
        self.winner_rows += other.winner_rows
        for kind, count in other.types.items():
            self.types[kind] = self.types.get(kind, 0) + count

    def _count(self, kind: str) -> None:
        self.types[kind] = self.types.get(kind, 0) + 1


def lit(text: str) -> str:
    """A Turtle string literal (short form; the generated text has no line breaks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def en(text: str) -> str:
    return lit(text) + "@en"


def xdate(day: datetime.date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def xmonth(day: datetime.date) -> str:
    return f'"{day.year:04d}-{day.month:02d}"^^xsd:gYearMonth'


def xyear(year: int) -> str:
    return f'"{year:04d}"^^xsd:gYear'


def number(value: int) -> str:
    """An integer value as xsd:decimal, the datatype of ekg:value."""
    return f'"{value}"^^xsd:decimal'


def hundredths(value: int) -> str:
    """A value given in hundredths, as a decimal literal (5231 -> 52.31)."""
    return f"{value // 100}.{value % 100:02d}"


def percent_words(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}".rstrip("0").rstrip(".")


def month_day(day: datetime.date) -> str:
    """``March 3``: how the seeds write a date, and how the value check reads it."""
    return f"{_MONTHS[day.month - 1]} {day.day}"


def month(day: datetime.date) -> str:
    return _MONTHS[day.month - 1]


def weekday(day: datetime.date) -> str:
    return _WEEKDAYS[day.weekday()]


def ordinal(rank: int) -> str | None:
    """``first`` .. ``sixth`` (the ordinals the value check reads), else None."""
    return _ORDINALS[rank - 1] if 1 <= rank <= len(_ORDINALS) else None


def count_progress(value: int, unit: str) -> Nested:
    text = (
        f"[ a ekg:CountProgress ; ekg:progressValue {hundredths(value)} ;\n"
        f"        ekg:progressUnit {unit} ]"
    )
    return Nested(text, 3, ("ekg:CountProgress",))


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
