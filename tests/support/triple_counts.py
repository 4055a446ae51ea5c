"""How many triples a data folder holds, counted by rdflib (not by the code under test).

Tests that check a reported count ("facts 3,981", "loaded 4,956 triples") compare with this
rather than with a number typed into the test, which went stale at every data change.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from electionkg import paths


def rdflib_count(folder: Path) -> int:
    """The number of distinct triples in the folder's Turtle files, parsed by rdflib."""
    graph = Graph()
    for file in paths.turtle_files(folder):
        graph.parse(file, format="turtle")
    return len(graph)


def project_counts() -> tuple[int, int]:
    """(ontology triples, facts triples) of the data root."""
    return rdflib_count(paths.ontology_dir()), rdflib_count(paths.graph_dir())
