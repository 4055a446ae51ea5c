"""Query results written for people (an aligned table) and graph results written as Turtle.

The machine formats (SPARQL 1.1 Query Results CSV, TSV and JSON) are written by pyoxigraph's
own serializers, see ``queries.run_query``; this module only does what they do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from electionkg.rdf.namespaces import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

    Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    _XSD + name
    for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")
}
_SEPARATOR = "  "
_ONE_LINE = str.maketrans("\n\r\t", "   ")
_PLAIN_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")


def shorten_iri(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``prefix:local`` with the longest matching namespace, else ``<iri>``.

    For people, not for Turtle: the local part may hold a ``/`` (``id:statement/x``).
    """
    matches = [(len(ns), prefix) for prefix, ns in prefixes.items() if iri.startswith(ns)]
    if not matches:
        return f"<{iri}>"
    _, prefix = max(matches)
    return f"{prefix}:{iri[len(prefixes[prefix]) :]}"


def format_term(term: Term | None, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """One cell for people: IRIs shortened, literals as their text without datatype.

    A language tag is kept (``Bakı@az``: labels come in several languages); a blank node shows
    as ``_:`` and its first characters (its identifier changes from run to run); an unbound
    variable is an empty cell. Line breaks and tabs become spaces, to keep one row per line.
    """
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return shorten_iri(term.value, prefixes)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value[:8]}"
    if isinstance(term, pyoxigraph.Literal):
        text = (
            " ".join(term.value.split()) if any(c in term.value for c in "\n\r\t") else term.value
        )
        return f"{text}@{term.language}" if term.language else text
    return f"<< {' '.join(format_term(part, prefixes) for part in term)} >>"  # RDF-star triple


def format_table(
    variables: Sequence[str],
    rows: Iterable[Sequence[Term | None]],
    prefixes: Mapping[str, str] = PREFIXES,
) -> str:
    """An aligned text table: a header, a rule, one line per row, and a count of the rows.

    Numbers are right-aligned, everything else left-aligned; the last column is not padded.
    """
    import pyoxigraph

    cells: list[list[str]] = []
    numeric: list[list[bool]] = []
    for row in rows:
        cells.append([format_term(term, prefixes) for term in row])
        numeric.append(
            [
                isinstance(term, pyoxigraph.Literal) and term.datatype.value in _NUMERIC
                for term in row
            ]
        )
    header = list(variables)
    widths = [len(name) for name in header]
    for line in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, line, strict=True)]

    def render(line: Sequence[str], right: Sequence[bool]) -> str:
        parts = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(line, widths, right, strict=True)
        ]
        return _SEPARATOR.join(parts).rstrip()

    output = [render(header, [False] * len(header)), _SEPARATOR.join("-" * w for w in widths)]
    output += [render(line, right) for line, right in zip(cells, numeric, strict=True)]
    count = len(cells)
    output.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(output) + "\n"


def format_boolean(answer: bool) -> str:
    """An ASK answer for people (and for CSV/TSV, which define no boolean form)."""
    return "true\n" if answer else "false\n"


def graph_to_turtle(
    triples: Iterable[pyoxigraph.Triple], prefixes: Mapping[str, str] = PREFIXES
) -> bytes:
    """Turtle for a CONSTRUCT or DESCRIBE result, sorted so that the same graph reads the same.

    Only the prefixes the triples use are declared.
    """
    import pyoxigraph

    ordered = sorted(set(triples), key=str)
    used = turtle_prefixes(ordered, prefixes)
    return pyoxigraph.serialize(ordered, format=pyoxigraph.RdfFormat.TURTLE, prefixes=used) or b""


def turtle_prefixes(
    triples: Iterable[pyoxigraph.Triple], prefixes: Mapping[str, str] = PREFIXES
) -> dict[str, str]:
    """The prefixes worth declaring in Turtle for these triples.

    A prefix is declared when some IRI uses it (as its longest namespace) and every IRI that
    uses it gives a plain local name: ``id:`` would only give ``id:candidacy\\/x``, which is
    worse than the full IRI, while ``person:`` gives ``person:ilham-aliyev``.
    """
    verdict: dict[str, bool] = {}
    for iri in set(re.findall(r"<([^>]*)>", "\n".join(str(triple) for triple in triples))):
        matches = [(len(ns), name) for name, ns in prefixes.items() if iri.startswith(ns)]
        if matches:
            name = max(matches)[1]
            plain = bool(_PLAIN_LOCAL.fullmatch(iri[len(prefixes[name]) :]))
            verdict[name] = verdict.get(name, True) and plain
    return {name: prefixes[name] for name in sorted(verdict) if verdict[name]}
