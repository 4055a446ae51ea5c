"""The one validation path of every command: the SPARQL engine, pySHACL for what it refuses.

``validate``, ``check`` and ``build`` all validate here (the build through
:func:`validate_in_store` on its own store). pySHACL stays the reference the tests compare
with, and takes over only when the shapes use a feature the SPARQL engine refuses
(:class:`~electionkg.shacl.sparql.UnsupportedShapesError`), so the report is the same either
way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import pyoxigraph as ox
from rdflib import Graph

from electionkg.rdf.terms import to_oxigraph
from electionkg.shacl import pyshacl_engine
from electionkg.shacl.report import ValidationReport
from electionkg.shacl.sparql import UnsupportedShapesError, validate_store

_LOG = logging.getLogger(__name__)


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate an rdflib graph against ``shapes`` (by default the project's shapes/ folder).

    The graph is copied into an in-memory Oxigraph store (blank node ids kept), so that the
    report names terms and spells literals exactly as pySHACL's report on ``data`` would.
    """
    if shapes is None:
        from electionkg.rdf.loading import load_shapes

        shapes = load_shapes()
    store = ox.Store()
    default = ox.DefaultGraph()
    store.bulk_extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), default)  # type: ignore[arg-type]
        for s, p, o in data
    )
    report, _ = validate_in_store(store, shapes, [default], original=data)
    return report


def validate_in_store(
    store: ox.Store,
    shapes: Graph,
    graphs: Sequence[ox.NamedNode | ox.DefaultGraph],
    original: Graph | None = None,
    spelling: Callable[[], Graph] | None = None,
) -> tuple[ValidationReport, str]:
    """Validate the union of ``graphs`` of ``store``: (report, the engine that made it).

    ``original``: the rdflib graph the store holds, if there is one (else it is read back from
    the store when pySHACL has to take over). ``spelling``: the same data as rdflib reads it,
    asked for only when a result names a typed literal (see ``sparql.validate_store``).
    """
    try:
        return validate_store(store, shapes, graphs, original, spelling), "sparql"
    except UnsupportedShapesError as unsupported:
        # Only the words go on: a log record keeps its arguments (a test's log capture holds
        # them past this thread), and the error's frames hold pyoxigraph query results, which
        # must not be dropped on another thread than the one that made them.
        reason = str(unsupported)
    _LOG.info("validating with pySHACL: %s", reason)
    if original is None:
        original = _read_back(store, graphs)
    return pyshacl_engine.validate(original, shapes), f"pyshacl ({reason})"


def _read_back(store: ox.Store, graphs: Sequence[ox.NamedNode | ox.DefaultGraph]) -> Graph:
    from electionkg.rdf.terms import to_rdflib

    graph = Graph()
    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, name):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
