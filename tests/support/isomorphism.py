"""Graph isomorphism through Oxigraph's RDF canonicalization.

rdflib's ``isomorphic`` colours blank nodes in Python; on the project graph, whose evidence
selectors are thousands of blank nodes of the same shape, it runs for many minutes. Oxigraph
canonicalizes the same graphs in milliseconds (a stable blank-node labelling, then the triples
compare as sets).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib.term import Node

from electionkg.rdf.terms import to_oxigraph

_DEFAULT = ox.DefaultGraph()


def canonical_triples(triples: Iterable[tuple[Node, Node, Node]]) -> set[ox.Quad]:
    """The triples as a set of quads whose blank nodes are labelled canonically."""
    dataset = ox.Dataset(
        # rdflib types every term as Node: a graph's subjects and predicates are IRIs or blank
        # nodes, which to_oxigraph's return type does not say.
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), _DEFAULT)  # type: ignore[arg-type]
        for s, p, o in triples
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def isomorphic(
    first: Iterable[tuple[Node, Node, Node]], second: Iterable[tuple[Node, Node, Node]]
) -> bool:
    """Whether two graphs are the same up to blank-node names."""
    return canonical_triples(first) == canonical_triples(second)
