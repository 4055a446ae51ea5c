"""Value range components: ``sh:minInclusive``, ``sh:maxInclusive``, ``sh:minExclusive``,
``sh:maxExclusive``, compared in Python exactly as pySHACL compares literals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal
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
    test = compiler.register(range_test(parameter, value), "isLiteral(?v)", domain, outside="false")
    return f"!(isLiteral({var}) && !{compiler.test_ref(test, var)})"
