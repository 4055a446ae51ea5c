"""Other components: ``sh:in`` and ``sh:hasValue`` (compared by RDF term identity)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib.collection import Collection
from rdflib.term import Node

from electionkg.shacl.sparql.model import same_term_any

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def bad_in(compiler: Compiler, value: Node, shape: Node, var: str) -> str:
    members = [compiler.term(m, shape) for m in Collection(compiler.shapes, value)]
    return "!" + same_term_any(var, members)


def missing_value_query(focus: str, path: str, wanted: str) -> str:
    """The focus nodes none of whose values is ``wanted`` (``sh:hasValue`` on a path)."""
    return (
        f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?_w . "
        f"FILTER(sameTerm(?_w, {wanted})) }} }}"
    )


def missing_value_fails(compiler: Compiler, var: str, path: str, wanted: str) -> str:
    """The same test for a node inside a nested shape."""
    w = compiler.fresh("w")
    return f"!EXISTS {{ {var} {path} {w} . FILTER(sameTerm({w}, {wanted})) }}"
