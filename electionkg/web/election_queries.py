"""The SPARQL the election page runs, one query per section, each with ``?election`` bound.

Kept apart from the page's HTML (:mod:`electionkg.web.election_page`): the queries read the
graph, the page writes what they find.
"""

from __future__ import annotations

PREFIXES = """PREFIX ekg: <https://w3id.org/electionkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
FIGURES_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?election ?figure ?type ?value ?qualitative ?bound ?unit ?progress ?progressUnit ?status ?subject WHERE {
  ?figure ekg:aboutElection ?election ; a ?type .
  ?type rdfs:subClassOf* ekg:ReportedFigure .
  FILTER NOT EXISTS { ?sub rdfs:subClassOf ?type . ?figure a ?sub . FILTER(?sub != ?type) }
  OPTIONAL { ?figure ekg:value ?value }
  OPTIONAL { ?figure ekg:qualitativeValue ?qualitative }
  OPTIONAL { ?figure ekg:bound ?bound }
  OPTIONAL { ?figure ekg:unit ?unit }
  OPTIONAL { ?figure ekg:countProgress ?cp . ?cp ekg:progressValue ?progress . OPTIONAL { ?cp ekg:progressUnit ?progressUnit } }
  OPTIONAL { ?figure ekg:resultsStatus ?status }
  OPTIONAL { { ?figure ekg:aboutCandidacy/ekg:candidate ?subject } UNION { ?figure ekg:aboutAgent ?subject } }
}"""
)
STATEMENTS_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?election ?statement ?stance WHERE {
  ?statement ekg:aboutElection ?election ; a ekg:Statement .
  OPTIONAL { ?statement ekg:stance ?stance }
}"""
)
WINNER_QUERY = (
    PREFIXES
    + "SELECT DISTINCT ?election ?winner WHERE { ?o ekg:aboutElection ?election ; ekg:winner ?winner }"
)
OUTCOMES_QUERY = (
    PREFIXES
    + """SELECT ?election ?outcome ?status WHERE {
  ?outcome ekg:aboutElection ?election ; ekg:winner ?winner .
  OPTIONAL { ?outcome ekg:resultsStatus ?status }
} ORDER BY STR(?outcome)"""
)
"""Each report of an election's outcome, with the count stage it gives (one node per report)."""
MISSIONS_QUERY = (
    PREFIXES
    + "SELECT DISTINCT ?election ?mission ?organisation WHERE { ?mission a ekg:ObserverMission ; ekg:observes ?election . OPTIONAL { ?mission ekg:deployedBy ?organisation } }"
)
TIMELINE_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?election ?date ?what WHERE {
  { ?election ekg:pollingDate ?date . BIND(?election AS ?what) }
  UNION { ?what ekg:aboutElection ?election . { ?what ekg:date ?date } UNION { ?what ekg:pollingDate ?date } }
} ORDER BY STR(?date)"""
)
SOURCES_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?election ?source WHERE {
  { ?election ekg:evidence/oa:hasSource ?source } UNION { ?claim ekg:aboutElection ?election ; ekg:evidence/oa:hasSource ?source }
}"""
)
