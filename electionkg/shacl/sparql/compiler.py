"""The compiler: reads a shapes graph and writes SPARQL, refusing what it cannot do exactly.

It reads shapes as pySHACL does (targets, paths, parameters, severities, messages) and turns
each constraint parameter into a SPARQL test through the constraint component families in
:mod:`electionkg.shacl.sparql.components`. Per-value tests that need rdflib's reading of a
literal are registered here and resolved by the engine.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from electionkg.rdf import namespaces
from electionkg.shacl.paths import NotAPathError, path_domain, render_path
from electionkg.shacl.report import short
from electionkg.shacl.sparql.components import (
    logical,
    other,
    string_based,
    value_range,
    value_type,
)
from electionkg.shacl.sparql.model import (
    FOCUS_TESTS,
    SHAPE_LIST_PARAMETERS,
    SUPPORTED,
    VALUE_TESTS,
    WHOLE_FOCUS_TESTS,
    Shape,
    TermTest,
    UnsupportedShapesError,
    is_true,
    literal_text,
)


class Compiler:
    """Reads the shapes graph and writes SPARQL; refuses what it cannot do exactly."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._shape_cache: dict[tuple[Node, bool], Shape] = {}
        self._counter = 0
        self.tests: list[TermTest] = []
        self.prefixes = dict(namespaces.PREFIXES)
        self._source: str | None = None
        self._names: dict[Node, str] = {}

    # --- reading ------------------------------------------------------------------------

    def top_shapes(self) -> list[tuple[Shape, str]]:
        """Every shape with targets, with the SPARQL pattern that binds ``?this`` to its focus."""
        self._refuse_global_features()
        result = []
        candidates: set[Node] = set()
        for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
            candidates.update(self.shapes.subjects(predicate, None))
        for kind in (SH.NodeShape, SH.PropertyShape):
            for node in self.shapes.subjects(RDF.type, kind):
                if self._is_class(node):
                    candidates.add(node)
        for node in self.shapes.subjects(SH.target, None):
            raise UnsupportedShapesError(f"{self.name(node)}: custom targets (sh:target)")
        for node in sorted(candidates, key=lambda n: (isinstance(n, BNode), str(n))):
            shape = self.shape(node)
            if shape.deactivated:
                continue
            focus = self._focus_pattern(node)
            if focus is not None:
                result.append((shape, focus))
        return result

    def _refuse_global_features(self) -> None:
        for feature in (SH.rule, SH.entailment, SH.js, SH.jsFunctionName, SH.expression):
            for subject in self.shapes.subjects(feature, None):
                raise UnsupportedShapesError(f"{self.name(subject)}: {short(feature)}")
        # A component may be declared through a subclass of sh:ConstraintComponent, or only by
        # its parameters and validators: any of these is refused, never ignored.
        kinds = set(self.shapes.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent))
        for kind in kinds:
            for component in self.shapes.subjects(RDF.type, kind):
                raise UnsupportedShapesError(
                    f"{self.name(component)}: custom constraint components (sh:ConstraintComponent)"
                )
        for predicate in (SH.parameter, SH.validator, SH.nodeValidator, SH.propertyValidator):
            for component in self.shapes.subjects(predicate, None):
                raise UnsupportedShapesError(
                    f"{self.name(component)}: custom constraint components ({short(predicate)})"
                )

    def _is_class(self, node: Node) -> bool:
        classes = set(self.shapes.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class}
        return any(t in classes for t in self.shapes.objects(node, RDF.type))

    def shape(self, node: Node, *, property_shape: bool | None = None) -> Shape:
        """The shape at ``node`` (a property shape when it has a ``sh:path``)."""
        is_property = (
            self.shapes.value(node, SH.path) is not None
            if property_shape is None
            else property_shape
        )
        key = (node, is_property)
        if key in self._shape_cache:
            return self._shape_cache[key]
        path = self.shapes.value(node, SH.path) if is_property else None
        if is_property and path is None:
            raise UnsupportedShapesError(f"{self.name(node)}: a property shape without sh:path")
        deactivated = [is_true(d) for d in self.shapes.objects(node, SH.deactivated)]
        severities = list(self.shapes.objects(node, SH.severity))
        parameters = sorted(
            ((p, o) for p, o in self.shapes.predicate_objects(node) if str(p).startswith(str(SH))),
            key=lambda po: (str(po[0]), str(po[1])),
        )
        for predicate, _ in parameters:
            if predicate not in SUPPORTED:
                raise UnsupportedShapesError(f"{self.name(node)}: {short(predicate)}")
        shape = Shape(
            node=node,
            path=path,
            sparql_path=self.sparql_path(path, node) if path is not None else None,
            severity=severities[0] if severities else SH.Violation,
            messages=[m for m in self.shapes.objects(node, SH.message) if isinstance(m, Literal)],
            deactivated=any(deactivated),
            parameters=[
                (p, o)
                for p, o in parameters
                if p in VALUE_TESTS | FOCUS_TESTS | WHOLE_FOCUS_TESTS | {SH.sparql}
            ],
        )
        self._shape_cache[key] = shape
        for child in self.shapes.objects(node, SH.property):
            shape.properties.append(self.shape(child, property_shape=True))
        return shape

    def _focus_pattern(self, node: Node) -> str | None:
        """A SPARQL group binding ``?this`` to the shape's focus nodes, as pySHACL finds them."""
        branches = []
        classes = list(self.shapes.objects(node, SH.targetClass))
        if self._is_class(node):
            classes.append(node)
        for cls in classes:
            t = self.fresh("t")
            classes_text = f"%%CLASSES({self.term(cls, node)}, )%%"
            branches.append(f"VALUES {t} {{ {classes_text} }} ?this a {t} .")
        for predicate in self.shapes.objects(node, SH.targetSubjectsOf):
            branches.append(f"?this {self.term(predicate, node)} [] .")
        for predicate in self.shapes.objects(node, SH.targetObjectsOf):
            branches.append(f"[] {self.term(predicate, node)} ?this .")
        targets = list(self.shapes.objects(node, SH.targetNode))
        if targets:
            branches.append(
                "VALUES ?this { " + " ".join(self.term(t, node) for t in targets) + " }"
            )
        if not branches:
            return None
        union = " UNION ".join("{ " + branch + " }" for branch in branches)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    def focus_literal_domain(self, node: Node) -> frozenset[str] | None:
        """The predicates whose objects may be literal focus nodes of a targeted shape."""
        if list(self.shapes.objects(node, SH.targetNode)):
            return None
        return frozenset(str(p) for p in self.shapes.objects(node, SH.targetObjectsOf))

    # --- SPARQL text --------------------------------------------------------------------

    def fresh(self, stem: str = "v") -> str:
        self._counter += 1
        return f"?_{stem}{self._counter}"

    def term(self, node: Node, shape: Node) -> str:
        """An rdflib term of the shapes graph as SPARQL text (blank nodes cannot be written)."""
        if isinstance(node, URIRef):
            return f"<{node}>"
        if isinstance(node, Literal):
            return literal_text(node)
        raise UnsupportedShapesError(f"{self.name(shape)}: a blank node as a constraint value")

    def sparql_path(self, path: Node, shape: Node) -> str:
        """A SHACL path as a SPARQL 1.1 property path."""
        try:
            return render_path(path, self.shapes, lambda iri: f"<{iri}>", sparql=True)
        except NotAPathError:
            raise UnsupportedShapesError(
                f"{self.name(shape)}: a sh:path that is not a SHACL path"
            ) from None

    def path_domain(self, path: Node) -> frozenset[str] | None:
        """The predicates whose objects are the path's values (None: the focus may be one too)."""
        return path_domain(path, self.shapes)

    def name(self, node: Node) -> str:
        """A shape named for an error message (a blank property shape by its parent and path)."""
        if node not in self._names:  # asked for every query; the shapes graph is not changed
            self._names[node] = self._name(node)
        return self._names[node]

    def _name(self, node: Node) -> str:
        if isinstance(node, BNode):
            parent = self.shapes.value(predicate=SH.property, object=node)
            path = self.shapes.value(node, SH.path)
            where = f"{short(parent)} " if parent is not None else ""
            shown = "[]"
            if path is not None:
                try:
                    shown = render_path(path, self.shapes, short, sparql=False)
                except NotAPathError:
                    shown = short(path)
            return f"{where}property shape {shown}".strip()
        return short(node)

    # --- value tests -------------------------------------------------------------------

    def bad_value(
        self,
        shape: Shape,
        parameter: Node,
        value: Node,
        var: str,
        domain: frozenset[str] | None,
        stack: tuple[Node, ...],
        source: str | None = None,
    ) -> str:
        """A SPARQL expression true when the value node ``var`` fails one value test.

        ``source``: a pattern binding ``?v`` to exactly the values tested here (a targeted
        shape's own test), so that a test decided in Python judges only those.
        """
        name = self.name(shape.node)
        self._source = source
        if parameter == SH["class"]:
            return value_type.bad_class(self, value, shape.node, var)
        if parameter == SH.nodeKind:
            return value_type.bad_node_kind(value, var, name)
        if parameter == SH.datatype:
            return value_type.bad_datatype(self, value, var, domain, name)
        if parameter == SH["in"]:
            return other.bad_in(self, value, shape.node, var)
        if parameter in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            return value_range.bad_range(self, parameter, value, var, domain, name)
        if parameter in (SH.minLength, SH.maxLength):
            return string_based.bad_length(self, parameter, value, var, domain, name)
        if parameter == SH.languageIn:
            return string_based.bad_language(self, value, shape.node, var)
        if parameter == SH.pattern:
            return string_based.bad_pattern(self, shape.node, value, var, domain, name)
        if parameter in (SH.node, SH["not"], *SHAPE_LIST_PARAMETERS):
            self._source = None
            return logical.bad_logical(self, parameter, value, var, domain, stack)
        raise UnsupportedShapesError(f"{name}: {short(parameter)}")  # pragma: no cover

    # --- registered per-value tests ------------------------------------------------------

    def register(
        self,
        ok: Callable[[Node], bool],
        prefilter: str,
        domain: frozenset[str] | None,
        outside: str,
    ) -> int:
        """Keep a Python test for the engine to run; its index names it in the SPARQL."""
        source, self._source = self._source, None
        self.tests.append(TermTest(ok, prefilter, domain, outside, source))
        return len(self.tests) - 1

    @staticmethod
    def test_ref(index: int, var: str) -> str:
        """A placeholder for "``var`` is one of the terms test ``index`` rejects"."""
        return f"%%BAD{index}({var})%%"
