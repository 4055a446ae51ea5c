"""Reading the expected answers of the stored queries and comparing results by value.

Shared by the tests of every engine (embedded store, rdflib, Jena, remote triplestores): an
expected-results file is ``tests/expected/NAME.csv`` (see ``test_stored_queries``), and results
are compared as multisets of rows of values, numbers by value (Oxigraph writes 92.050 as 92.05).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph
import rdflib

from electionkg.rdf.namespaces import PREFIXES
from electionkg.sparql.catalogue import list_stored_queries

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"


Cell = str | Decimal | None
Row = tuple[Cell, ...]

STORED = sorted(query.name for query in list_stored_queries())


def expected_file(name: str) -> Path:
    return EXPECTED_DIR / f"{name}.csv"


def read_expected(name: str) -> tuple[list[str], Counter[Row], dict[str, str]]:
    """The header, the multiset of rows and the parameters of an expected-results file."""
    lines = expected_file(name).read_text(encoding="utf-8").splitlines()
    params = dict(
        line.split(":", 1)[1].strip().split("=", 1) for line in lines if line.startswith("# param:")
    )
    table = list(csv.reader(line for line in lines if not line.startswith("#")))
    header, body = table[0], table[1:]
    return header, Counter(tuple(expand_cell(cell) for cell in row) for row in body), params


def expand_cell(cell: str) -> Cell:
    """A CSV cell as a comparable value: an IRI (prefixes expanded), a number, text or None."""
    if cell == "":
        return None
    prefix, _, local = cell.partition(":")
    if local and " " not in cell and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return number_or_text(cell)


def number_or_text(text: str) -> Cell:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return text


def comparable(term: object) -> Cell:
    """An rdflib or pyoxigraph term as a value comparable with ``expand_cell``."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        numeric = term.datatype.value.rsplit("#", 1)[1] in {"decimal", "integer", "double"}
        return Decimal(term.value).normalize() if numeric else term.value
    if isinstance(term, rdflib.Literal) and isinstance(term.toPython(), int | float | Decimal):
        return Decimal(str(term)).normalize()
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    return str(term)


def multiset(variables: list[str], solutions: Iterable[Mapping[str, object]]) -> Counter[Row]:
    return Counter(tuple(comparable(solution.get(v)) for v in variables) for solution in solutions)


def describe(expected: Counter[Row], actual: Counter[Row]) -> str:
    missing, extra = expected - actual, actual - expected
    lines = [f"missing ({sum(missing.values())}):"] + [f"  {row}" for row in missing]
    lines += [f"unexpected ({sum(extra.values())}):"] + [f"  {row}" for row in extra]
    return "\n".join(lines)
