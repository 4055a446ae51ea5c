"""String-based components: ``sh:minLength``, ``sh:maxLength``, ``sh:pattern`` (with
``sh:flags``), ``sh:languageIn``, ``sh:uniqueLang`` (lengths and patterns judged in Python on
pySHACL's string of a term; the strings and IRIs of an allowed length are left out in SPARQL)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
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
    # A string or an IRI has pySHACL's length in code points, as STRLEN counts them: those of
    # the allowed length need no Python judgement (other literals are judged as pySHACL spells
    # them, which Oxigraph's canonical form may not match).
    plain = f'(isIRI(?v) || datatype(?v) = <{XSD.string}> || lang(?v) != "")'
    allowed = f"STRLEN(STR(?v)) {'>=' if parameter == SH.minLength else '<='} {value.value}"
    test = compiler.register(
        length_test(parameter, value.value),
        f"!isBlank(?v) && !COALESCE({plain} && {allowed}, false)",
        domain,
        outside="false",
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
    flags = _regex_flags(compiler, shape, name)
    if not isinstance(value, Literal):
        raise UnsupportedShapesError(f"{name}: sh:pattern must be a literal")
    pattern_text = str(value.value) if value.value is not None else str(value)
    test = compiler.register(
        pattern_test(re.compile(pattern_text, flags)), "!isBlank(?v)", domain, outside="false"
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


def bad_language(compiler: Compiler, value: Node, shape: Node, var: str) -> str:
    """``sh:languageIn``: not a literal whose language tag matches one of the list."""
    tags = [compiler.term(tag, shape) for tag in Collection(compiler.shapes, value)]
    matches = " || ".join(f"langMatches(lang({var}), {tag})" for tag in tags) or "false"
    return f'!(isLiteral({var}) && lang({var}) != "" && ({matches}))'


_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}


def _regex_flags(compiler: Compiler, shape: Node, name: str) -> int:
    """``sh:flags`` as Python's re flags (XPath's i, s, m, x; q is refused)."""
    flags = 0
    for literal in compiler.shapes.objects(shape, SH.flags):
        for letter in str(literal):
            if letter not in _FLAGS:
                raise UnsupportedShapesError(f"{name}: sh:flags {str(literal)!r}")
            flags |= _FLAGS[letter]
    return flags
