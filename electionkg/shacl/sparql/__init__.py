"""SHACL validation as SPARQL queries inside Oxigraph: the same report as pySHACL, much faster.

pySHACL (:mod:`electionkg.shacl.pyshacl_engine`) walks the data graph in Python, one focus node
at a time; on a graph of a million triples that takes minutes. This package compiles the shapes
into SPARQL (:mod:`.compiler`, one module per constraint family in :mod:`.components`,
SHACL-SPARQL in :mod:`.constraints`) and lets Oxigraph evaluate each constraint over all focus
nodes at once (:mod:`.engine`), then builds the very same
:class:`~electionkg.shacl.report.ValidationReport` (same strings, same order, same
``conforms``). pySHACL remains the reference: the tests compare both on the project graph, on
every shape fixture and on the W3C SHACL test suite, and anything this engine does not
implement is refused with :class:`UnsupportedShapesError` rather than silently skipped.

Supported SHACL subset (SHACL Core and SHACL-SPARQL as pySHACL applies them with
``inference="none"``, ``advanced=True``, warnings and infos allowed):

* targets: ``sh:targetClass`` (instances of subclasses through asserted ``rdfs:subClassOf*`` in
  the data graphs), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``, and
  implicit class targets (a shape that is an ``rdfs:Class``);
* paths: IRIs, sequences, ``sh:inversePath``, ``sh:alternativePath``, ``sh:zeroOrMorePath``,
  ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``;
* ``sh:property`` (on node shapes), ``sh:minCount``, ``sh:maxCount``, ``sh:class``,
  ``sh:datatype`` (ill-typed literals fail, judged by rdflib exactly as pySHACL does),
  ``sh:nodeKind``, ``sh:in``, ``sh:hasValue``, ``sh:minInclusive``, ``sh:maxInclusive``,
  ``sh:minExclusive``, ``sh:maxExclusive``, ``sh:minLength``, ``sh:maxLength``, ``sh:pattern``
  (without ``sh:flags``), ``sh:uniqueLang``, ``sh:node``, ``sh:or``, ``sh:and``, ``sh:xone``,
  ``sh:not``, ``sh:deactivated``, ``sh:severity``, ``sh:message``;
* ``sh:sparql`` SELECT constraints on targeted node shapes (``sh:select`` projecting ``$this``,
  ``sh:prefixes`` with ``sh:declare``, ``sh:message`` templates with ``{$this}``/``{?var}``).

Not supported (raise :class:`UnsupportedShapesError`): ``sh:qualifiedValueShape``, ``sh:closed``,
``sh:languageIn``, property pair constraints (``sh:equals``...), ``sh:flags``, SHACL rules,
custom targets and constraint components, SHACL-JS, ``sh:expression``, ``sh:sparql`` on property
shapes or on shapes only reached through ``sh:node``/``sh:or``..., recursive shapes, shapes
without ``sh:message`` whose pySHACL default message is not reproduced here, and non-Violation
severities inside ``sh:node``/``sh:or``/``sh:xone``/``sh:and``/``sh:not``.

Known differences that remain: the SHACL-SPARQL SELECTs run in Oxigraph, not in rdflib's SPARQL
engine, with ``$this`` joined to the focus nodes rather than pre-bound (the same for queries that
bind ``$this`` in their top-level pattern, as the project's do); Oxigraph keeps typed literals in
canonical form ("1.50"^^xsd:decimal is read back as "1.5"), so a reported value may be spelt
differently from the spelling rdflib kept.
"""

from __future__ import annotations

from electionkg.shacl.sparql.engine import validate_store, validate_store_rdf
from electionkg.shacl.sparql.model import UnsupportedShapesError

__all__ = ["UnsupportedShapesError", "validate_store", "validate_store_rdf"]
