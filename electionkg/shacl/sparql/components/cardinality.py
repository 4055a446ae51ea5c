"""Cardinality components: ``sh:minCount`` and ``sh:maxCount`` over distinct path values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib.namespace import SH
from rdflib.term import Node

from electionkg.shacl.sparql.model import UnsupportedShapesError

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def count_query(parameter: Node, count: int, focus: str, path: str) -> str | None:
    """The focus nodes with too few or too many values (None: the count cannot fail)."""
    if parameter == SH.minCount and count == 1:
        return f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?_w }} }}"
    if parameter == SH.minCount and count > 1:
        return (
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?_w }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_w) < {count})"
        )
    if parameter == SH.maxCount and count == 0:
        return f"SELECT ?this WHERE {{ {focus} FILTER EXISTS {{ ?this {path} ?_w }} }}"
    if parameter == SH.maxCount:
        return (
            f"SELECT ?this WHERE {{ {focus} ?this {path} ?_w }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_w) > {count})"
        )
    return None


def count_fails(
    compiler: Compiler, parameter: Node, count: int, var: str, path: str, name: str
) -> str | None:
    """The same test for a node inside a nested shape (None: the count cannot fail)."""
    if parameter == SH.minCount and count > 0:
        return "!" + _at_least(compiler, var, path, count, name)
    if parameter == SH.maxCount:
        return _at_least(compiler, var, path, count + 1, name)
    return None


def _at_least(compiler: Compiler, var: str, path: str, count: int, name: str) -> str:
    """``EXISTS`` at least ``count`` distinct values (a correlated count for nested use)."""
    if count > 4:
        raise UnsupportedShapesError(
            f"{name}: sh:minCount/sh:maxCount above 3 in a shape used by sh:node or sh:or"
        )
    values = [compiler.fresh("w") for _ in range(count)]
    triples = " ".join(f"{var} {path} {v} ." for v in values)
    distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(values) for b in values[i + 1 :]]
    condition = f" FILTER({' && '.join(distinct)})" if distinct else ""
    return f"EXISTS {{ {triples}{condition} }}"
