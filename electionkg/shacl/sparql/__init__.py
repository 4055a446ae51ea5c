"""SHACL validation as SPARQL queries inside Oxigraph: the same report as pySHACL, much faster.

pySHACL (:mod:`electionkg.shacl.pyshacl_engine`) walks the data graph in Python, one focus node
at a time; on a graph of a million triples that takes minutes. This package compiles the shapes
into SPARQL (:mod:`.compiler`, one module per constraint family in :mod:`.components`,
SHACL-SPARQL in :mod:`.constraints`) and lets Oxigraph evaluate each constraint over all focus
nodes at once (:mod:`.engine`), then builds (:mod:`.results`) the very same
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
* every SHACL Core component: value type, cardinality, value range, string based (with
  ``sh:flags`` i, s, m, x and ``sh:languageIn``), property pair, logical, shape based (with
  qualified value shapes), ``sh:closed``, ``sh:hasValue``, ``sh:in``; ``sh:property`` on node
  and property shapes; ``sh:deactivated``, ``sh:severity``, ``sh:message`` (else pySHACL's
  default message);
* ``sh:sparql`` SELECT constraints on targeted node shapes (``sh:select`` projecting ``$this``,
  ``sh:prefixes`` with ``sh:declare``, ``sh:message`` templates with ``{$this}``/``{?var}``),
  with ``$this`` pre-bound as SHACL 5.3.1 defines it (:mod:`.prebinding`).

Refused (:class:`UnsupportedShapesError`, the callers then use pySHACL): SHACL rules, custom
targets and constraint components (however declared), SHACL-JS, ``sh:expression``,
``sh:sparql`` on property shapes or in shapes only reached through ``sh:node``/``sh:or``...,
recursive shapes, ``sh:closed``, property pairs, qualified shapes or ``sh:property`` of a
property shape inside ``sh:node``/``sh:or``/..., non-Violation severities there, the query
forms SHACL 5.3.2 forbids (``MINUS``, ``SERVICE``, ``VALUES``, ``AS $this``, subqueries not
projecting ``$this``), ``$shapesGraph``/``$currentShape``/``$PATH``, and any query Oxigraph
cannot parse. The W3C SHACL test suite (tests/test_w3c_shacl.py) holds this list true: every
case passes or is refused.

Known differences that remain: Oxigraph keeps typed literals in canonical form
("1.50"^^xsd:decimal is read back as "1.5"), so a reported value may be spelt differently from
the spelling rdflib kept; ``sh:lessThan``/``sh:lessThanOrEquals`` compare as SPARQL does, so a
pair with an ill-typed literal ("abc"^^xsd:integer) is a result here, while pySHACL compares
rdflib's values.
"""

from __future__ import annotations

from electionkg.shacl.sparql.model import UnsupportedShapesError
from electionkg.shacl.sparql.results import validate_store, validate_store_rdf

__all__ = ["UnsupportedShapesError", "validate_store", "validate_store_rdf"]
