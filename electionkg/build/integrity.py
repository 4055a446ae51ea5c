"""Integrity rules: what the data must keep across nodes, as SPARQL that must return no rows.

The shapes say what one node must look like; these rules say what the nodes must agree on
(one winner per election, the winner competes and leads, one candidacy per person, seats that
partition the legislature, dates not after the document that reports them...). Each rule is a
SELECT over the asserted graphs of the build's Oxigraph store, so it runs set-at-a-time at any
size; each row is one problem, worded as ``node: what is wrong (the rule)``.

The rules are written so that they do not switch each other off: they find vote shares by
``ekg:aboutCandidacy`` and seat figures by ``ekg:unit ekg:Seats`` rather than by their type (a
share that lost its ``rdf:type`` is still summed, and the lost type is a problem of its own),
and they count candidates, not candidacy nodes (a duplicated candidacy cannot lower the bar).

Two seat figures may overlap (the Republican Alternative Party's one seat is one of the 12 won
by "candidates from nine political parties"): the data records it as ``?part ekg:countedIn
?whole``, and the partition rules sum only the figures that are not included in another. Where
the data says that figures divide a whole (``?whole ekg:partitionedInto ?part``), they must add
up to it exactly; elsewhere the seats won may not exceed the legislature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from electionkg.rdf import namespaces
from electionkg.rdf.terms import to_rdflib
from electionkg.shacl.report import short

FACTS = ox.NamedNode(namespaces.FACTS_GRAPH)
ONTOLOGY = ox.NamedNode(namespaces.ONTOLOGY_GRAPH)

PREFIXES = "\n".join(
    f"PREFIX {prefix}: <{iri}>" for prefix, iri in sorted(namespaces.PREFIXES.items())
)
_ID = namespaces.ID

# What describes a node: a label or name, or the sources it is derived from (a sourced node).
_DESCRIBED = "rdfs:label|skos:prefLabel|schema:name|prov:wasDerivedFrom|ekg:seedFile"

# A count snapshot: the figures reported together (status, count progress, reporter).
_SNAPSHOT = """
    OPTIONAL {{ ?{f} ekg:resultsStatus ?{f}Status }}
    OPTIONAL {{ ?{f} ekg:countProgress/ekg:progressValue ?{f}Progress }}
    OPTIONAL {{ ?{f} ekg:countProgress/ekg:progressUnit ?{f}ProgressUnit }}
    OPTIONAL {{ ?{f} ekg:reportedBy ?{f}Reporter }}
    BIND (CONCAT(COALESCE(STR(?{f}Status), ""), "|", COALESCE(STR(?{f}Progress), ""), "|",
                 COALESCE(STR(?{f}ProgressUnit), ""), "|", COALESCE(STR(?{f}Reporter), ""))
          AS ?{f}Snapshot)
"""


@dataclass(frozen=True)
class Rule:
    """One integrity rule: a SELECT binding ``?node`` (the node to blame) and the variables
    its ``message`` names (``{value}``, ``{other}``...)."""

    name: str
    message: str
    select: str


RULES: tuple[Rule, ...] = (
    Rule(
        "typed",
        "has no rdf:type (every data node is typed)",
        f"""SELECT DISTINCT ?node WHERE {{
            ?node ?p ?o . FILTER (isIRI(?node) && STRSTARTS(STR(?node), "{_ID}"))
            MINUS {{ ?node a ?type }}
        }}""",
    ),
    Rule(
        "described",
        "{predicate} points to {value}, which is not a typed and described node "
        "(no rdf:type, or no label, name or source): a mistyped IRI?",
        f"""SELECT DISTINCT ?node ?predicate ?value WHERE {{
            ?node ?predicate ?value . FILTER (isIRI(?value) && STRSTARTS(STR(?value), "{_ID}"))
            FILTER NOT EXISTS {{ ?value a ?type ; {_DESCRIBED} ?described }}
        }}""",
    ),
    Rule(
        "one winner",
        "names {value} as the winner of {election}, but {other} names {rival}: "
        "an election has one winner",
        """SELECT DISTINCT ?node ?value ?election ?other ?rival WHERE {
            ?node ekg:winner ?value ; ekg:aboutElection ?election .
            ?other ekg:aboutElection ?election ; ekg:winner ?rival .
            FILTER (?rival != ?value)
        }""",
    ),
    Rule(
        "winner competes",
        "names {value} as the winner of {election}, who has neither a candidacy nor a seat "
        "figure in that election (the winner must have competed)",
        """SELECT DISTINCT ?node ?value ?election WHERE {
            ?node ekg:winner ?value ; ekg:aboutElection ?election .
            MINUS { ?candidacy ekg:candidate ?value ; ekg:inElection ?election }
            MINUS { ?seats ekg:aboutElection ?election ; ekg:aboutAgent ?value ;
                           ekg:unit ekg:Seats }
        }""",
    ),
    Rule(
        "winner leads",
        "names {value} as the winner, but at the same count snapshot {other} gives "
        "{rivalValue} against the winner's {winnerValue} ({figure}): the winner has the top share",
        f"""SELECT DISTINCT ?node ?value ?other ?rivalValue ?winnerValue ?figure WHERE {{
            ?node ekg:winner ?value ; ekg:aboutElection ?election .
            ?candidacy ekg:candidate ?value ; ekg:inElection ?election .
            ?figure ekg:aboutCandidacy ?candidacy ; ekg:value ?winnerValue .
            FILTER NOT EXISTS {{ ?figure a ekg:ExitPoll }}
            FILTER NOT EXISTS {{ ?figure ekg:bound ekg:AtLeast }}
            ?rivalCandidacy ekg:inElection ?election .
            ?other ekg:aboutCandidacy ?rivalCandidacy ; ekg:value ?rivalValue .
            FILTER (?rivalCandidacy != ?candidacy && ?rivalValue > ?winnerValue)
            FILTER NOT EXISTS {{ ?other a ekg:ExitPoll }}
            {_SNAPSHOT.format(f="figure")} {_SNAPSHOT.format(f="other")}
            FILTER (?figureSnapshot = ?otherSnapshot)
        }}""",
    ),
    Rule(
        "winner leads in seats",
        "names {value} as the winner, but {other} gives {rivalValue} seats to a party against "
        "the winner's {winnerValue} ({figure}): the winning party has the most seats",
        """SELECT DISTINCT ?node ?value ?other ?rivalValue ?winnerValue ?figure WHERE {
            ?node ekg:winner ?value ; ekg:aboutElection ?election .
            ?figure ekg:aboutElection ?election ; ekg:aboutAgent ?value ; ekg:unit ekg:Seats ;
                    ekg:value ?winnerValue .
            ?other ekg:aboutElection ?election ; ekg:aboutAgent ?rival ; ekg:unit ekg:Seats ;
                   ekg:value ?rivalValue .
            ?rival a ekg:PoliticalParty .
            FILTER (?rival != ?value && ?rivalValue > ?winnerValue)
        }""",
    ),
    Rule(
        "outcome",
        "has reported results but no election outcome (ekg:aboutElection of an ekg:winner)",
        """SELECT DISTINCT ?node WHERE {
            { ?share ekg:aboutCandidacy ?candidacy . ?candidacy ekg:inElection ?node }
            UNION
            { ?seats a ekg:SeatsWon ; ekg:aboutElection ?node }
            MINUS { ?outcome ekg:winner ?winner ; ekg:aboutElection ?node }
        }""",
    ),
    Rule(
        "one candidacy",
        "and {other} are both candidacies of {value} in {election} "
        "(one candidacy per person per election)",
        """SELECT DISTINCT ?node ?other ?value ?election WHERE {
            ?node ekg:candidate ?value ; ekg:inElection ?election .
            ?other ekg:candidate ?value ; ekg:inElection ?election .
            FILTER (?node != ?other)
        }""",
    ),
    Rule(
        "share's election",
        "is about {value}, but its candidacy {candidacy} is in {election} "
        "(a vote share and its candidacy agree on the election)",
        """SELECT DISTINCT ?node ?value ?candidacy ?election WHERE {
            ?node ekg:aboutCandidacy ?candidacy ; ekg:aboutElection ?value .
            ?candidacy ekg:inElection ?election . FILTER (?value != ?election)
        }""",
    ),
    Rule(
        "one share per snapshot",
        "gives {value} and {other} gives {rivalValue} for the same candidacy {candidacy} at "
        "the same count snapshot (same status, progress and reporter): a share attached to the "
        "wrong candidacy?",
        f"""SELECT DISTINCT ?node ?value ?other ?rivalValue ?candidacy WHERE {{
            ?figure ekg:aboutCandidacy ?candidacy ; ekg:value ?value .
            ?other ekg:aboutCandidacy ?candidacy ; ekg:value ?rivalValue .
            FILTER (?figure != ?other && ?value != ?rivalValue)
            {_SNAPSHOT.format(f="figure")} {_SNAPSHOT.format(f="other")}
            FILTER (?figureSnapshot = ?otherSnapshot)
            BIND (?figure AS ?node)
        }}""",
    ),
    Rule(
        "share is typed",
        "is about candidacy {candidacy} but is neither an ekg:VoteShare nor an ekg:ExitPoll",
        """SELECT DISTINCT ?node ?candidacy WHERE {
            ?node ekg:aboutCandidacy ?candidacy .
            FILTER NOT EXISTS { ?node a ?type . VALUES ?type { ekg:VoteShare ekg:ExitPoll } }
        }""",
    ),
    Rule(
        "shares sum",
        "has vote shares summing to {value} at one count snapshot ({snapshot}); they must sum "
        "to about 100: at most 101, and at least 99 when every candidate has a share",
        f"""SELECT ?node ?value ?snapshot WHERE {{
            {{
                SELECT ?node ?figureSnapshot (SUM(?share) AS ?value)
                       (COUNT(DISTINCT ?person) AS ?reported)
                WHERE {{
                    ?figure ekg:aboutCandidacy ?candidacy ; ekg:value ?share .
                    ?candidacy ekg:inElection ?node ; ekg:candidate ?person .
                    FILTER NOT EXISTS {{ ?figure ekg:bound ekg:AtLeast }}
                    FILTER NOT EXISTS {{ ?figure a ekg:ExitPoll }}
                    {_SNAPSHOT.format(f="figure")}
                }}
                GROUP BY ?node ?figureSnapshot
            }}
            {{
                SELECT ?node (COUNT(DISTINCT ?person) AS ?candidates)
                WHERE {{ ?candidacy ekg:inElection ?node ; ekg:candidate ?person }}
                GROUP BY ?node
            }}
            FILTER (?value > 101 || (?reported >= ?candidates && ?value < 99))
            BIND (?figureSnapshot AS ?snapshot)
        }}""",
    ),
    Rule(
        "on behalf of the speaking state",
        "is spoken by {speaker}, the leadership of {state}, but is on behalf of {value}",
        """SELECT DISTINCT ?node ?speaker ?state ?value WHERE {
            ?node ekg:speaker ?speaker . ?speaker ekg:leadershipOf ?state .
            OPTIONAL { ?node ekg:onBehalfOf ?value }
            FILTER (!BOUND(?value) || ?value != ?state)
        }""",
    ),
    Rule(
        "one congratulation",
        "is one of several congratulations by {value} on {election} "
        "(one node per speech act; a second source is a second evidence)",
        """SELECT DISTINCT ?node ?value ?election WHERE {
            {
                SELECT ?value ?election WHERE {
                    ?congratulation a ekg:Congratulation ; ekg:aboutElection ?election ;
                                    ekg:speaker|ekg:onBehalfOf ?value .
                }
                GROUP BY ?value ?election HAVING (COUNT(DISTINCT ?congratulation) > 1)
            }
            ?node a ekg:Congratulation ; ekg:aboutElection ?election ;
                  ekg:speaker|ekg:onBehalfOf ?value .
        }""",
    ),
    Rule(
        "statement",
        "is a statement without {value} (every statement has a speaker, or is attributed "
        "(prov:wasAttributedTo) to the document that makes it in its own voice, and an election; "
        "a plain statement of context may be about a person or organisation instead)",
        """SELECT DISTINCT ?node ?value WHERE {
            ?node a/rdfs:subClassOf* ekg:Statement .
            OPTIONAL { ?node ekg:speaker|prov:wasAttributedTo ?speaker }
            OPTIONAL { ?node ekg:aboutElection ?election }
            OPTIONAL {
                ?node ekg:aboutAgent ?election
                FILTER NOT EXISTS { ?node a ?kind . ?kind rdfs:subClassOf+ ekg:Statement }
            }
            FILTER (!BOUND(?speaker) || !BOUND(?election))
            BIND (IF(BOUND(?speaker), "ekg:aboutElection", "ekg:speaker") AS ?value)
        }""",
    ),
    Rule(
        "seats within the legislature",
        "says the legislature has {value} seats, but the seats won in {election} add up to "
        "{sum} (seat figures not marked ekg:countedIn another cannot exceed the legislature)",
        """SELECT ?node ?value ?election ?sum WHERE {
            ?node a ekg:LegislatureSize ; ekg:aboutElection ?election ; ekg:value ?value .
            {
                SELECT ?election (SUM(?seats) AS ?sum) WHERE {
                    ?figure ekg:aboutElection ?election ; ekg:unit ekg:Seats ; ekg:value ?seats .
                    FILTER NOT EXISTS { ?figure a ekg:LegislatureSize }
                    FILTER NOT EXISTS { ?figure ekg:countedIn ?whole }
                }
                GROUP BY ?election
            }
            FILTER (?sum > ?value)
        }""",
    ),
    Rule(
        "parts add up to the whole",
        "is divided into figures that add up to {sum}, not to its {value} "
        "(the parts of an ekg:partitionedInto not ekg:countedIn another part add up exactly)",
        """SELECT ?node ?value ?sum WHERE {
            ?node ekg:value ?value .
            {
                SELECT ?node (SUM(?part) AS ?sum) WHERE {
                    ?node ekg:partitionedInto ?figure .
                    OPTIONAL { ?figure ekg:value ?partValue }
                    BIND (COALESCE(?partValue, 0) AS ?part)
                    FILTER NOT EXISTS {
                        ?figure ekg:countedIn ?whole . ?node ekg:partitionedInto ?whole
                    }
                }
                GROUP BY ?node
            }
            FILTER (?sum != ?value)
        }""",
    ),
    Rule(
        "included seats",
        "is marked as included in {other} but gives {value} seats against its {whole} "
        "(a part cannot exceed the whole, and both are seats in one election)",
        """SELECT DISTINCT ?node ?value ?other ?whole WHERE {
            ?node ekg:countedIn ?other ; ekg:value ?value .
            OPTIONAL { ?other ekg:value ?wholeValue }
            BIND (COALESCE(STR(?wholeValue), "no value") AS ?whole)
            FILTER (!BOUND(?wholeValue) || ?value > ?wholeValue
                    || NOT EXISTS { ?node ekg:aboutElection ?e . ?other ekg:aboutElection ?e })
        }""",
    ),
    Rule(
        "final results",
        "is marked final (ekg:FinalResults) but was reported after {value} {unit} of the count",
        """SELECT DISTINCT ?node ?value ?unit WHERE {
            ?node ekg:resultsStatus ekg:FinalResults ;
                  ekg:countProgress [ ekg:progressValue ?value ; ekg:progressUnit ?unit ] .
            FILTER (?value < 100)
        }""",
    ),
)


def check_rules(store: ox.Store, rules: tuple[Rule, ...] = RULES) -> list[str]:
    """Every rule over the asserted graphs: one message per offending row, sorted."""
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ONTOLOGY, FACTS]
    problems: set[str] = set()
    for rule in rules:
        rows = store.query(PREFIXES + "\n" + rule.select, default_graph=graphs)
        assert isinstance(rows, ox.QuerySolutions)
        names = [variable.value for variable in rows.variables]
        for row in rows:
            values = {name: describe(store, row[name]) for name in names}
            node = values.pop("node", "?")
            problems.add(f"{node}: {rule.message.format_map(_Missing(values))} [{rule.name}]")
    return sorted(problems)


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "(none)"


def describe(store: ox.Store, term: object) -> str:
    """A term as the report shows it: a blank node as ``owner predicate [ ]`` (its owner is
    the IRI that points to it, one or two steps up), everything else as ``short`` does."""
    if term is None:
        return "(none)"
    if isinstance(term, ox.BlankNode):
        for owner, predicate in _owners(store, term, depth=2):
            return f"{short(to_rdflib(owner))} {short(to_rdflib(predicate))} [ ]"
        return "[ ]"
    if (
        isinstance(term, ox.Literal)
        and term.datatype.value in _NUMBERS
        and _NUMBER.match(term.value)
    ):
        return term.value  # a count or a share reads as the number: "adds up to 115"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return short(to_rdflib(term))
    return str(term)


_NUMBERS = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("decimal", "integer", "double")}
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
"""A well-formed number: an ill-typed one ("92,1") is shown with its datatype."""


def _owners(
    store: ox.Store, node: ox.BlankNode, depth: int
) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
    """The IRIs (with their predicate) that point to ``node``, up to ``depth`` steps up."""
    found = []
    for quad in store.quads_for_pattern(None, None, node):
        subject = quad.subject
        if isinstance(subject, ox.NamedNode):
            found.append((subject, quad.predicate))
        elif isinstance(subject, ox.BlankNode) and depth > 1:
            found += _owners(store, subject, depth - 1)
    return found
