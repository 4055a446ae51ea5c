"""String-based components: ``sh:minLength``, ``sh:maxLength``, ``sh:pattern``,
``sh:uniqueLang`` (lengths and patterns judged in Python on pySHACL's string of a term)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import SH
from rdflib.term import Node

from electionkg.shacl.report import short
from electionkg.shacl.sparql.model import UnsupportedShapesError
from electionkg.shacl.sparql.term_tests import length_test, pattern_test

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def bad_length(
    compiler: Compiler,
    parameter: Node,
    value: Node,
    var: str,
    domain: frozenset[str] | None,
    name: str,
) -> str:
    if not isinstance(value, Literal) or not isinstance(value.value, int):
        raise UnsupportedShapesError(f"{name}: {short(parameter)} must be an integer")
    test = compiler.register(
        length_test(parameter, value.value), "!isBlank(?v)", domain, outside="false"
    )
    if parameter == SH.minLength and value.value == 0:
        return "false"
    return f"(isBlank({var}) || {compiler.test_ref(test, var)})"


def bad_pattern(
    compiler: Compiler,
    shape: Node,
    value: Node,
    var: str,
    domain: frozenset[str] | None,
    name: str,
) -> str:
    if list(compiler.shapes.objects(shape, SH.flags)):
        raise UnsupportedShapesError(f"{name}: sh:flags")
    if not isinstance(value, Literal):
        raise UnsupportedShapesError(f"{name}: sh:pattern must be a literal")
    pattern_text = str(value.value) if value.value is not None else str(value)
    test = compiler.register(
        pattern_test(re.compile(pattern_text)), "!isBlank(?v)", domain, outside="false"
    )
    return f"(isBlank({var}) || {compiler.test_ref(test, var)})"


def unique_lang_query(focus: str, path: str) -> str:
    """The focus nodes with two values of one language tag (case-insensitive)."""
    return (
        f"SELECT ?this ?lang WHERE {{ {focus} ?this {path} ?_w . "
        f'FILTER(lang(?_w) != "") BIND(lcase(lang(?_w)) AS ?lang) }} '
        "GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?_w) > 1)"
    )


def unique_lang_fails(compiler: Compiler, var: str, path: str) -> str:
    """The same test for a node inside a nested shape, as one EXISTS."""
    w, w2 = compiler.fresh("w"), compiler.fresh("w")
    return (
        f"EXISTS {{ {var} {path} {w} . {var} {path} {w2} . "
        f'FILTER(!sameTerm({w}, {w2}) && lang({w}) != "" && '
        f"lcase(lang({w})) = lcase(lang({w2}))) }}"
    )
