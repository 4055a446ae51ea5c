"""The project's IRIs: one base constant, and the namespaces derived from it."""

from __future__ import annotations

BASE = "https://w3id.org/electionkg/"
"""The one base of every IRI the project mints (docs/design.md §2)."""

ONTOLOGY = BASE + "ontology"
EKG = ONTOLOGY + "#"
SHAPES = BASE + "shapes#"
ID = BASE + "id/"

ID_KINDS = (
    "person",
    "organisation",
    "state",
    "leadership",
    "place",
    "group",
    "election",
    "candidacy",
    "outcome",
    "figure",
    "statement",
    "mission",
    "event",
    "position",
    "relation",
    "measure",
    "first",
    "source",
)
"""The kinds of data IRI, ``{ID}{kind}/{slug}``; each is also a prefix of the same name."""

PREFIXES: dict[str, str] = {
    "ekg": EKG,
    "ekgsh": SHAPES,
    **{kind: f"{ID}{kind}/" for kind in ID_KINDS},
    "id": ID,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
}
"""Prefixes for shortening IRIs in people-facing output."""

GRAPH = BASE + "graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
"""Named graph of the asserted ontology and SKOS schemes (``ontology/``) in the default store."""
FACTS_GRAPH = GRAPH + "facts"
"""Named graph of the asserted facts and sourced claims (``graph/``) in the default store."""
INFERRED_GRAPH = GRAPH + "inferred"
"""Named graph of the OWL RL inferences, kept apart from what is asserted."""
