"""Per-value tests pySHACL decides in Python, applied to distinct terms of the store.

Datatype well-formedness, value ranges and string lengths or patterns depend on how rdflib
reads a literal. Each test here is pySHACL's own rule; the engine runs it once per distinct
candidate term and writes the failing terms into the SPARQL, so the verdict is exactly
pySHACL's while the evaluation stays set-at-a-time. The candidates are the terms whose verdict
SPARQL cannot settle for certain: each component's prefilter leaves out, for instance, strings
of an allowed length and well-typed integers within an integer bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node


def datatype_test(datatype: URIRef) -> Callable[[Node], bool]:
    """pySHACL's DatatypeConstraintComponent for a literal of this very datatype."""

    def ok(term: Node) -> bool:
        if not isinstance(term, Literal) or term.datatype != datatype:
            return False
        if getattr(term, "ill_typed", None) is True:
            return False
        value = term.value
        expected: dict[URIRef, type | tuple[type, ...]] = {
            XSD.integer: int,
            XSD.float: float,
            XSD.decimal: Decimal,
            XSD.boolean: bool,
            XSD.date: date,
            XSD.time: time,
            XSD.dateTime: datetime,
        }
        kind = expected.get(datatype)
        return kind is None or isinstance(value, kind)

    return ok


def _compare_literal(l1: Literal, l2: Literal) -> int:
    """pySHACL's ``rdfutil.compare.compare_literal``."""
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime, time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def range_test(parameter: Node, bound: Literal) -> Callable[[Node], bool]:
    """pySHACL's value range components (strings only compare with strings)."""
    accepts: dict[Node, Callable[[int], bool]] = {
        SH.minInclusive: lambda c: c >= 0,
        SH.maxInclusive: lambda c: c <= 0,
        SH.minExclusive: lambda c: c > 0,
        SH.maxExclusive: lambda c: c < 0,
    }
    accept = accepts[parameter]
    bound_is_string = isinstance(bound.value, str)

    def ok(term: Node) -> bool:
        if not isinstance(term, Literal):
            return False
        if isinstance(term.value, str) != bound_is_string:
            return False
        try:
            return accept(_compare_literal(term, bound))
        except (TypeError, NotImplementedError):
            return False

    return ok


def _value_string(term: Node) -> str:
    """pySHACL's ``value_node_to_string`` for the string-based components."""
    plain = isinstance(term, Literal) and term.datatype in (None, RDF.langString, XSD.string)
    if plain and isinstance(term, Literal) and term.value is not None:
        return str(term.value)
    return str(term)


def length_test(parameter: Node, length: int) -> Callable[[Node], bool]:
    def ok(term: Node) -> bool:
        if isinstance(term, BNode):
            return False
        size = len(_value_string(term))
        return size >= length if parameter == SH.minLength else size <= length

    return ok


def pattern_test(pattern: re.Pattern[str]) -> Callable[[Node], bool]:
    def ok(term: Node) -> bool:
        if isinstance(term, BNode):
            return False
        return pattern.search(_value_string(term)) is not None

    return ok
