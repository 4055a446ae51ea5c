"""Value type components: ``sh:class``, ``sh:datatype``, ``sh:nodeKind``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from electionkg.shacl.report import short
from electionkg.shacl.sparql.model import NODE_KINDS, UnsupportedShapesError
from electionkg.shacl.sparql.term_tests import datatype_test

if TYPE_CHECKING:
    from electionkg.shacl.sparql.compiler import Compiler


def bad_class(compiler: Compiler, value: Node, shape: Node, var: str) -> str:
    """``var`` is no instance of the class or of a subclass (resolved by the engine)."""
    t = compiler.fresh("t")
    classes_text = f"%%CLASSES({compiler.term(value, shape)}, ,)%%"
    return f"!EXISTS {{ {var} a {t} . FILTER({t} IN ({classes_text})) }}"


def bad_node_kind(value: Node, var: str, name: str) -> str:
    if value not in NODE_KINDS:
        raise UnsupportedShapesError(f"{name}: sh:nodeKind {short(value)}")
    return "!" + NODE_KINDS[value].format(v=var)


def bad_datatype(
    compiler: Compiler, datatype: Node, var: str, domain: frozenset[str] | None, name: str
) -> str:
    """Not a literal of the datatype, or ill-typed as rdflib (and so pySHACL) reads it."""
    if datatype == RDFS.Literal:
        return f"!isLiteral({var})"
    if datatype == RDF.langString:
        return f'!(isLiteral({var}) && lang({var}) != "")'
    if datatype == XSD.string:
        return f"!(isLiteral({var}) && datatype({var}) = <{XSD.string}>)"
    if not isinstance(datatype, URIRef) or datatype == RDFS.Datatype:
        raise UnsupportedShapesError(f"{name}: sh:datatype {datatype}")
    prefilter = f"isLiteral(?v) && datatype(?v) = <{datatype}>"
    if datatype in (XSD.integer, XSD.decimal):
        # The terms reach the Python test in Oxigraph's canonical form, which rdflib reads as
        # an int or a Decimal whenever its lexical form casts back to the same value: only
        # the others need judging.
        prefilter += f" && !COALESCE(<{datatype}>(STR(?v)) = ?v, false)"
    test = compiler.register(datatype_test(datatype), prefilter, domain, outside="false")
    return (
        f"!(isLiteral({var}) && datatype({var}) = <{datatype}> && !{compiler.test_ref(test, var)})"
    )
