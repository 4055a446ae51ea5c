"""Value range components: ``sh:minInclusive``, ``sh:maxInclusive``, ``sh:minExclusive``,
``sh:maxExclusive``, compared in Python exactly as pySHACL compares literals (well-typed
integers and decimals within an integer or decimal bound are left out in SPARQL first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from electionkg.shacl.report import short
from electionkg.shacl.sparql.model import UnsupportedShapesError
from electionkg.shacl.sparql.term_tests import range_test

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def bad_range(
    compiler: Compiler,
    parameter: Node,
    value: Node,
    var: str,
    domain: frozenset[str] | None,
    name: str,
) -> str:
    if not isinstance(value, Literal):
        raise UnsupportedShapesError(f"{name}: {short(parameter)} with a non-literal")
    prefilter = "isLiteral(?v)"
    surely_in_range = _surely_in_range(parameter, value)
    if surely_in_range:
        prefilter += f" && !COALESCE({surely_in_range}, false)"
    test = compiler.register(range_test(parameter, value), prefilter, domain, outside="false")
    return f"!(isLiteral({var}) && !{compiler.test_ref(test, var)})"


_OPERATORS: dict[Node, str] = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
_EXACT = (XSD.integer, XSD.decimal)


def _surely_in_range(parameter: Node, bound: Literal) -> str | None:
    """A SPARQL test of ``?v`` that holds only for values pySHACL also finds in range, so
    that Python need not judge them: a well-typed xsd:integer or xsd:decimal (its lexical
    form casts back to it) against a well-typed bound of those types, compared as exact
    numbers by both. None for any other bound: everything goes to the Python test."""
    if bound.datatype not in _EXACT or bound.ill_typed or parameter not in _OPERATORS:
        return None
    well_typed = " || ".join(
        f"(datatype(?v) = <{kind}> && <{kind}>(STR(?v)) = ?v)" for kind in _EXACT
    )
    return f'(({well_typed}) && ?v {_OPERATORS[parameter]} "{bound}"^^<{bound.datatype}>)'
