"""The SPARQL engine: runs the compiled shapes in Oxigraph and collects raw results.

Each constraint is one SELECT over all focus nodes at once (set-at-a-time); the rows become
the very same :class:`~electionkg.shacl.report.ValidationReport` pySHACL's results give. See
:mod:`electionkg.shacl.sparql` for what is supported and what is refused.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from typing import TypeAlias

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from electionkg.rdf.terms import OxTerm, to_rdflib
from electionkg.shacl.report import (
    short,
)
from electionkg.shacl.sparql import constraints
from electionkg.shacl.sparql.compiler import Compiler
from electionkg.shacl.sparql.components import (
    cardinality,
    other,
    property_pair,
    shape_based,
    string_based,
)
from electionkg.shacl.sparql.components.property_pair import PROPERTY_PAIRS
from electionkg.shacl.sparql.messages import default_message
from electionkg.shacl.sparql.model import (
    FOCUS_TESTS,
    VALUE_TESTS,
    RawResult,
    Shape,
    UnsupportedShapesError,
    component_of,
    count_of,
    is_true,
    quiet_rdflib,
    same_term_any,
)

DataGraph: TypeAlias = "ox.NamedNode | ox.DefaultGraph"

ALLOWED_SEVERITIES = {SH.Info, SH.Warning}


class Engine:
    """Runs the compiled queries against the store and collects raw results."""

    def __init__(self, store: ox.Store, graphs: Sequence[DataGraph], compiler: Compiler) -> None:
        self.store = store
        self.graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = list(graphs)
        self.compiler = compiler
        self._bad: dict[int, list[OxTerm]] = {}
        self._classes: dict[str, list[str]] = {}
        self.seconds: dict[str, float] = {}
        """Seconds per constraint ("shape: parameter", term tests included): for profiling."""

    def select(self, query: str, name: str = "") -> Iterator[ox.QuerySolution]:
        return iter(self._solutions(query, name))

    def _solutions(self, query: str, name: str) -> ox.QuerySolutions:
        """Run one compiled query; a query Oxigraph cannot parse is a refusal, not a crash."""
        try:
            solutions = self.store.query(self._resolve(query), default_graph=self.graphs)
        except SyntaxError as error:
            first = str(error).splitlines()[0]
            raise UnsupportedShapesError(
                f"{name or 'a shape'}: a query Oxigraph cannot parse ({first})"
            ) from None
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    def _resolve(self, query: str) -> str:
        """Replace the term-test placeholders by the failing terms, computed on first use."""

        def replace(match: re.Match[str]) -> str:
            index, var = int(match.group(1)), match.group(2)
            return same_term_any(var, [str(t) for t in self._bad_terms(index)])

        def classes(match: re.Match[str]) -> str:
            return f"{match.group(2)} ".join(self._subclasses(match.group(1)))

        query = re.sub(r"%%CLASSES\((<[^>]*>), (,?)\)%%", classes, query)
        return re.sub(r"%%BAD(\d+)\((\?\w+)\)%%", replace, query)

    def _subclasses(self, iri: str) -> list[str]:
        """The class and its subclasses by asserted ``rdfs:subClassOf*`` in the data graphs.

        Asked once per class, so that the focus nodes and the sh:class checks become plain
        ``rdf:type`` look-ups instead of a property path evaluated for every node.
        """
        if iri not in self._classes:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {iri} }}"
            solutions = self.store.query(query, default_graph=self.graphs)
            assert isinstance(solutions, ox.QuerySolutions)
            found = {str(row["c"]) for row in solutions if isinstance(row["c"], ox.NamedNode)}
            self._classes[iri] = sorted(found | {iri})
        return self._classes[iri]

    def _bad_terms(self, index: int) -> list[OxTerm]:
        if index not in self._bad:
            test = self.compiler.tests[index]
            if test.source is not None:
                source = test.source
            elif test.domain is None:
                source = "?_s ?_p ?v ."
            elif not test.domain:
                self._bad[index] = []
                return []
            else:
                values = " ".join(f"<{p}>" for p in sorted(test.domain))
                source = f"VALUES ?_p {{ {values} }} ?_s ?_p ?v ."
            query = f"SELECT DISTINCT ?v WHERE {{ {source} FILTER({test.prefilter}) }}"
            with quiet_rdflib():
                self._bad[index] = [
                    row["v"] for row in self.select(query) if not test.ok(to_rdflib(row["v"]))
                ]
        return self._bad[index]

    def run(self) -> list[RawResult]:
        results: list[RawResult] = []
        for shape, focus in self.compiler.top_shapes():
            domain = self.compiler.focus_literal_domain(shape.node)
            results.extend(self._shape(shape, focus, domain, shape.severity))
        return results

    def _shape(
        self, shape: Shape, focus: str, domain: frozenset[str] | None, top: Node
    ) -> list[RawResult]:
        """The results of one shape (and of its property shapes) on the focus nodes."""
        results: list[RawResult] = []
        for parameter, value in shape.parameters:
            if parameter == SH.sparql:
                results.extend(self._sparql(shape, value, focus, top))
                continue
            query = self._query(shape, parameter, value, focus, domain)
            if query is None:
                continue
            messages = shape.messages or [default_message(parameter, value)]
            started = time.perf_counter()
            solutions = self._solutions(query, self.compiler.name(shape.node))
            names = {variable.value for variable in solutions.variables}
            for row in solutions:
                results.append(
                    RawResult(
                        top,
                        shape.severity,
                        shape.node,
                        row["this"],
                        row["path"] if "path" in names else shape.path,
                        row["value"] if "value" in names else None,
                        messages,
                        component_of(parameter),
                    )
                )
            self._took(f"{self.compiler.name(shape.node)}: {short(parameter)}", started)
        for child in shape.properties:
            if child.deactivated:
                continue
            if shape.sparql_path is None:
                results.extend(self._shape(child, focus, domain, top))
                continue
            # A property shape of a property shape: its focus nodes are the parent's values,
            # each reached once per parent focus node (so results repeat as pySHACL's do).
            assert shape.path is not None
            outer = self.compiler.fresh("f")
            parents = f"{{ SELECT (?this AS {outer}) WHERE {{ {focus} }} }}"
            reached = f"{parents} {outer} {shape.sparql_path} ?this"
            values = f"{{ SELECT DISTINCT ?this WHERE {{ {reached} }} }}"
            child_domain = self.compiler.path_domain(shape.path)
            found = self._shape(child, values, child_domain, top)
            if found:
                times = f"SELECT ?this (COUNT(*) AS ?n) WHERE {{ {reached} }} GROUP BY ?this"
                counts = {str(row["this"]): int(row["n"].value) for row in self.select(times)}
                results.extend(r for r in found for _ in range(counts.get(str(r.focus), 1)))
        return results

    def _query(
        self,
        shape: Shape,
        parameter: Node,
        value: Node,
        focus: str,
        domain: frozenset[str] | None,
    ) -> str | None:
        """The SELECT of one parameter: ``?this`` failing, with ``?value``/``?path`` when the
        result names them (None: nothing to check)."""
        compiler = self.compiler
        name = compiler.name(shape.node)
        path = shape.sparql_path
        if parameter in PROPERTY_PAIRS:
            partner = compiler.term(value, shape.node)
            return property_pair.pair_query(parameter, partner, focus, path, name)
        if parameter == SH.closed:
            return shape_based.closed_query(compiler, shape, focus) if is_true(value) else None
        if parameter in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            count = count_of(value, name, parameter)
            return shape_based.qualified_query(compiler, shape, parameter, count, focus)
        if path is None:
            if parameter in FOCUS_TESTS and parameter != SH.hasValue:
                raise UnsupportedShapesError(f"{name}: {short(parameter)} on a node shape")
            if parameter == SH.hasValue:
                test = f"!sameTerm(?this, {compiler.term(value, shape.node)})"
                return f"SELECT ?this WHERE {{ {focus} FILTER({test}) }}"
            reached = f"{focus} BIND(?this AS ?v)"
            bad = compiler.bad_value(shape, parameter, value, "?this", domain, (), reached)
            return f"SELECT ?this ?value WHERE {{ {focus} FILTER({bad}) BIND(?this AS ?value) }}"
        assert shape.path is not None
        if parameter in VALUE_TESTS:
            value_domain = compiler.path_domain(shape.path)
            reached = f"{focus} ?this {path} ?v ."
            bad = compiler.bad_value(shape, parameter, value, "?value", value_domain, (), reached)
            return (
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . "
                f"FILTER({bad}) }}"
            )
        if parameter == SH.hasValue:
            wanted = compiler.term(value, shape.node)
            return other.missing_value_query(focus, path, wanted)
        if parameter == SH.uniqueLang:
            strict = is_true(value, strict=True)
            return string_based.unique_lang_query(focus, path) if strict else None
        count = count_of(value, name, parameter)
        return cardinality.count_query(parameter, count, focus, path)

    def _sparql(self, shape: Shape, constraint: Node, focus: str, top: Node) -> list[RawResult]:
        """A SHACL-SPARQL constraint over all focus nodes, read back the way pySHACL does."""
        shapes = self.compiler.shapes
        if any(is_true(d) for d in shapes.objects(constraint, SH.deactivated)):
            return []
        query = constraints.sparql_query(self.compiler, shape, constraint, focus)
        extra = [m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)]
        started = time.perf_counter()
        solutions = self._solutions(query, self.compiler.name(shape.node))
        results = constraints.read_solutions(solutions, shape, constraint, extra, top)
        self._took(f"{self.compiler.name(shape.node)}: sh:sparql {short(constraint)}", started)
        return results

    def _took(self, key: str, started: float) -> None:
        self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - started
