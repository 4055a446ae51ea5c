"""Logical and shape-based components: ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone`` and
``sh:node``, each asking "does this value fail that whole shape?" as one SPARQL expression."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from electionkg.shacl.report import short
from electionkg.shacl.sparql.components.cardinality import count_fails
from electionkg.shacl.sparql.components.other import missing_value_fails
from electionkg.shacl.sparql.components.string_based import unique_lang_fails
from electionkg.shacl.sparql.model import (
    FOCUS_TESTS,
    VALUE_TESTS,
    WHOLE_FOCUS_TESTS,
    Shape,
    UnsupportedShapesError,
    count_of,
    is_true,
)

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def bad_logical(
    compiler: Compiler,
    parameter: Node,
    value: Node,
    var: str,
    domain: frozenset[str] | None,
    stack: tuple[Node, ...],
) -> str:
    """``var`` fails ``sh:node``, ``sh:not``, ``sh:and``, ``sh:or`` or ``sh:xone``."""
    if parameter == SH.node:
        return fails(compiler, value, var, domain, stack)
    if parameter == SH["not"]:
        return "!" + fails(compiler, value, var, domain, stack)
    shape_list: list[Node] = list(Collection(compiler.shapes, value))
    failing = [fails(compiler, m, var, domain, stack) for m in shape_list]
    if not failing:
        return "true" if parameter == SH["or"] else "false"
    if parameter == SH["or"]:
        return "(" + " && ".join(failing) + ")"
    if parameter == SH["and"]:
        return "(" + " || ".join(failing) + ")"
    conforming = " + ".join(f"IF({f}, 0, 1)" for f in failing)
    return f"(({conforming}) != 1)"


def fails(
    compiler: Compiler,
    node: Node,
    var: str,
    domain: frozenset[str] | None,
    stack: tuple[Node, ...],
) -> str:
    """An expression true when ``var`` does not conform to the shape at ``node``.

    pySHACL's sh:node fails on any nested result, sh:or/sh:xone/sh:and/sh:not on
    non-conformance; the two agree when every nested shape is a Violation, so other
    severities in nested shapes are refused.
    """
    if node in stack:
        raise UnsupportedShapesError(f"{compiler.name(node)}: recursive shapes")
    shape = compiler.shape(node)
    if shape.deactivated:
        return "false"
    parts = _shape_fails(compiler, shape, var, domain, (*stack, node))
    return "(" + " || ".join(parts) + ")" if parts else "false"


def _shape_fails(
    compiler: Compiler,
    shape: Shape,
    var: str,
    domain: frozenset[str] | None,
    stack: tuple[Node, ...],
) -> list[str]:
    name = compiler.name(shape.node)
    if shape.severity != SH.Violation:
        raise UnsupportedShapesError(
            f"{name}: sh:severity {short(shape.severity)} in a shape used by sh:node, sh:or, "
            "sh:xone, sh:and or sh:not"
        )
    if shape.path is not None and shape.properties:
        raise UnsupportedShapesError(
            f"{name}: sh:property on a property shape used by sh:node, sh:or, sh:xone, sh:and "
            "or sh:not"
        )
    parts = []
    for parameter, value in shape.parameters:
        if parameter in WHOLE_FOCUS_TESTS:
            raise UnsupportedShapesError(
                f"{name}: {short(parameter)} in a shape used by sh:node, sh:or, sh:xone, sh:and "
                "or sh:not"
            )
        if parameter == SH.sparql:
            raise UnsupportedShapesError(
                f"{name}: sh:sparql in a shape used by sh:node, sh:or, sh:xone, sh:and or sh:not"
            )
        if shape.sparql_path is None:
            if parameter in FOCUS_TESTS and parameter != SH.hasValue:
                raise UnsupportedShapesError(f"{name}: {short(parameter)} on a node shape")
            if parameter == SH.hasValue:
                parts.append(f"!sameTerm({var}, {compiler.term(value, shape.node)})")
            else:
                parts.append(compiler.bad_value(shape, parameter, value, var, domain, stack))
            continue
        path = shape.sparql_path
        assert shape.path is not None
        if parameter in VALUE_TESTS:
            w = compiler.fresh("w")
            value_domain = compiler.path_domain(shape.path)
            bad = compiler.bad_value(shape, parameter, value, w, value_domain, stack)
            parts.append(f"EXISTS {{ {var} {path} {w} . FILTER({bad}) }}")
        elif parameter == SH.hasValue:
            parts.append(missing_value_fails(compiler, var, path, compiler.term(value, shape.node)))
        elif parameter == SH.uniqueLang:
            if is_true(value, strict=True):
                parts.append(unique_lang_fails(compiler, var, path))
        elif parameter in (SH.minCount, SH.maxCount):
            test = count_fails(
                compiler, parameter, count_of(value, name, parameter), var, path, name
            )
            if test is not None:
                parts.append(test)
        else:  # pragma: no cover - every supported parameter is handled above
            raise UnsupportedShapesError(f"{name}: {short(parameter)} in a nested shape")
    for child in shape.properties:
        if child.deactivated:
            continue
        if child.node in stack:
            raise UnsupportedShapesError(f"{compiler.name(child.node)}: recursive shapes")
        parts.extend(_shape_fails(compiler, child, var, domain, (*stack, child.node)))
    return parts
