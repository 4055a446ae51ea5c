"""Every source a stored query shows states that row's fact: one of the document's quotes,
verbatim in its seed file, contains the row's value (issue 10).

The check reads the seeds: a quote counts only if it occurs in the seed file (white space
collapsed), and the value must be in the quote's words: a number in digits or words with its
bound, an entity by one of its labels or recorded aliases.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from support.evidence import project_snapshot
from support.query_rows import solutions

from electionkg import paths
from electionkg.build.store import open_default_store
from electionkg.provenance.evidence import collapse_white_space
from electionkg.provenance.value_checks import entity_labels
from electionkg.provenance.values import states_number
from electionkg.rdf.loading import load_project_graph
from electionkg.sparql.catalogue import resolve_query

# query: (value column, bound column or None, source column); entity columns are IRIs.
NUMBERS: dict[str, list[tuple[str, str | None, str]]] = {
    "candidates-and-results": [("share", "bound", "source")],
    "winner": [("value", "bound", "source")],
    "seat-distribution": [("seats", None, "source")],
    "exit-polls-vs-official": [("pollValue", None, "source")],
    "turnout-reports": [("value", "bound", "source")],
    "figures-over-the-count": [("value", "bound", "source")],
    "conflicting-figures": [("valueA", "boundA", "sourceA"), ("valueB", "boundB", "sourceB")],
}
ENTITIES = {
    "candidates-and-results": [("candidate", "source")],
    "winner": [("winner", "source")],
    "seat-distribution": [("winnerOfSeats", "source")],
    "exit-polls-vs-official": [("pollster", "source")],
    "observer-missions": [("place", "source"), ("organisation", "source")],
    "who-congratulated-the-winner": [("winner", "source")],
}


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return open_default_store()


@pytest.fixture(scope="module")
def labels() -> dict[str, set[str]]:
    """Every stated entity's labels and aliases, as the value check reads them."""
    return {term.value: found for term, found in entity_labels(project_snapshot()).items()}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_project_graph()


@pytest.fixture(scope="module")
def quotes(graph: Graph) -> dict[str, list[str]]:
    """Each document's quotes that are verbatim in its seed file."""
    oa = "http://www.w3.org/ns/oa#"
    ekg = "https://w3id.org/electionkg/ontology#"
    found: dict[str, list[str]] = {}
    seeds: dict[str, str] = {}
    for evidence, document in graph.subject_objects(URIRef(oa + "hasSource")):
        seed = graph.value(document, URIRef(ekg + "seedFile"))
        if seed is None:
            continue
        if str(seed) not in seeds:
            path = Path(paths.seeds_dir()) / str(seed)
            seeds[str(seed)] = collapse_white_space(path.read_text(encoding="utf-8"))
        for selector in graph.objects(evidence, URIRef(oa + "hasSelector")):
            exact = graph.value(selector, URIRef(oa + "exact"))
            if exact is not None and collapse_white_space(str(exact)) in seeds[str(seed)]:
                found.setdefault(str(document), []).append(str(exact))
    return found


def rows(store: pyoxigraph.Store, name: str) -> list[dict[str, object]]:
    results = solutions(store.query(resolve_query(name).text, use_default_graph_as_union=True))
    variables = [v.value for v in results.variables]
    return [{v: solution[v] for v in variables} for solution in results]


def text(term: object) -> str | None:
    return None if term is None else str(getattr(term, "value", term))


@pytest.mark.parametrize(
    ("name", "column", "bound", "source"),
    [(name, *spec) for name, specs in NUMBERS.items() for spec in specs],
)
def test_every_cited_document_states_the_rows_number(
    store: pyoxigraph.Store,
    quotes: dict[str, list[str]],
    name: str,
    column: str,
    bound: str | None,
    source: str,
) -> None:
    checked = 0
    for row in rows(store, name):
        value, document = text(row[column]), text(row[source])
        if value is None or document is None:
            continue
        bound_name = (text(row[bound]) or "#Exact").rsplit("#", 1)[1] if bound else "Exact"
        said = [q for q in quotes.get(document, []) if states_number(q, Decimal(value), bound_name)]
        assert said, f"{name}: {document} has no quote stating {value} ({bound_name})"
        checked += 1
    assert checked > 0


@pytest.mark.parametrize(
    ("name", "column", "source"),
    [(name, *spec) for name, specs in ENTITIES.items() for spec in specs],
)
def test_every_cited_document_names_the_rows_entity(
    store: pyoxigraph.Store,
    labels: dict[str, set[str]],
    quotes: dict[str, list[str]],
    name: str,
    column: str,
    source: str,
) -> None:
    checked = 0
    for row in rows(store, name):
        entity, document = text(row[column]), text(row[source])
        if entity is None or document is None:
            continue
        named = labels.get(entity, set())
        said = [q for q in quotes.get(document, []) if any(label in q.lower() for label in named)]
        assert said, f"{name}: no quote of {document} names {entity}"
        checked += 1
    assert checked > 0
