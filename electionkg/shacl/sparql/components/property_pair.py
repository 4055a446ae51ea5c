"""Property pair components: ``sh:equals``, ``sh:disjoint``, ``sh:lessThan``,
``sh:lessThanOrEquals`` (the values of the path against those of a property of the focus)."""

from __future__ import annotations

from rdflib.namespace import SH
from rdflib.term import Node

from electionkg.shacl.report import short
from electionkg.shacl.sparql.model import UnsupportedShapesError

PROPERTY_PAIRS = {SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals}


def pair_query(parameter: Node, other: str, focus: str, path: str | None, name: str) -> str:
    """The focus nodes and offending values (``?value``) for one property pair parameter.

    ``path`` None: a node shape, whose only value node is the focus node itself.
    """
    values = f"?this {path} ?value ." if path is not None else "BIND(?this AS ?value)"
    if parameter == SH.equals:
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ {{ {focus} {values} "
            f"FILTER NOT EXISTS {{ ?this {other} ?_o . FILTER(sameTerm(?_o, ?value)) }} }} "
            f"UNION {{ {focus} ?this {other} ?value . "
            f"FILTER NOT EXISTS {{ {_exists(values)} }} }} }}"
        )
    if parameter == SH.disjoint:
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
            f"?this {other} ?_o . FILTER(sameTerm(?_o, ?value)) }}"
        )
    if path is None:
        raise UnsupportedShapesError(f"{name}: {short(parameter)} on a node shape")
    operator = "<" if parameter == SH.lessThan else "<="
    # One result per pair of values, as the standard says (?_o is projected for that).
    return (
        f"SELECT DISTINCT ?this ?value ?_o WHERE {{ {focus} {values} ?this {other} ?_o . "
        f"FILTER(!COALESCE(?value {operator} ?_o, false)) }}"
    )


def _exists(values: str) -> str:
    """The value pattern re-stated inside FILTER NOT EXISTS, matching the outer ?value."""
    return values.replace("?value", "?_v") + " FILTER(sameTerm(?_v, ?value))"
