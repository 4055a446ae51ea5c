"""The evidence of the asserted graphs, read from the build's Oxigraph store set at a time.

The fact-level checks (quotes, hashes, anchors, facts, values, coverage) need the same few
tables: every evidence node with the nodes that point to it, its documents, its selectors and
the properties it states; every document with its seed file, hash and relays; and the seed
texts. A handful of SELECTs over the store's ontology and facts graphs fetch them once
(:meth:`Snapshot.load`); the checks then work in plain Python over the rows, and ask the store
(:meth:`Snapshot.select`) only for the joins SPARQL does best. No rdflib copy of the data: at a
million triples the copy cost three times what the checks cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from electionkg.rdf import namespaces
from electionkg.rdf.terms import to_rdflib
from electionkg.shacl.report import short

FACTS = ox.NamedNode(namespaces.FACTS_GRAPH)
ONTOLOGY = ox.NamedNode(namespaces.ONTOLOGY_GRAPH)
PREFIXES = "\n".join(
    f"PREFIX {prefix}: <{iri}>" for prefix, iri in sorted(namespaces.PREFIXES.items())
)
EKG = namespaces.EKG
OA = namespaces.PREFIXES["oa"]
LINKS = ("ekg:evidence", "ekg:directQuote", "ekg:paraphrase")
"""How a claim or a statement points to its evidence."""
EVIDENCE_OF = f"VALUES ?link {{ {' '.join(LINKS)} }} ?node ?link ?ev ."
"""``?node`` points to its evidence ``?ev``: VALUES joins faster than the path ``a|b|c``."""

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_WHITE_SPACE = re.compile(r"\s+")


def collapse_white_space(text: str) -> str:
    """Every run of white space (line breaks included) as one space."""
    return _WHITE_SPACE.sub(" ", text)


def read_seed(path: Path) -> str:
    """The seed as stored, decoded (offsets count code points of this string)."""
    return path.read_bytes().decode("utf-8", "replace")


@dataclass
class Selector:
    """One ``oa:hasSelector`` of an evidence node (a quote selector or a position selector)."""

    exacts: list[str] = field(default_factory=list)
    prefix: str | None = None
    suffix: str | None = None
    start: Term | None = None
    end: Term | None = None
    is_position: bool = False


@dataclass
class Evidence:
    """One evidence node: who points to it, its documents, selectors and stated properties."""

    node: Term
    claims: list[Term] = field(default_factory=list)
    """The nodes that point to it (``ekg:evidence``, ``ekg:directQuote``, ``ekg:paraphrase``)."""
    evidence_of: list[Term] = field(default_factory=list)
    """The nodes that point to it by ``ekg:evidence`` only."""
    sources: list[Term] = field(default_factory=list)
    selectors: dict[Term, Selector] = field(default_factory=dict)
    states: set[str] = field(default_factory=set)
    by_reading: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    _quote: str | None = None

    def quote(self) -> str:
        """The first quote among its selectors ("" when it has none)."""
        if self._quote is None:
            self._quote = next((s.exacts[0] for s in self.selectors.values() if s.exacts), "")
        return self._quote


@dataclass
class Document:
    """A source document: its seed file name ("" if none), recorded hash, relayed documents."""

    node: Term
    seed: str = ""
    sha256: str | None = None
    relays: set[Term] = field(default_factory=set)


@dataclass
class Snapshot:
    """The evidence tables of ``store``, and the seed texts of ``seeds`` as they are read."""

    store: ox.Store
    seeds: Path
    evidence: dict[Term, Evidence] = field(default_factory=dict)
    documents: dict[Term, Document] = field(default_factory=dict)
    seed_documents: set[Term] = field(default_factory=set)
    """Documents with an ``ekg:seedFile`` or used as an evidence source (the hash check's)."""
    _raw: dict[str, str | None] = field(default_factory=dict)
    _collapsed: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, store: ox.Store, seeds: Path) -> Snapshot:
        """Five SELECTs: selectors, links, sources, stated properties, documents."""
        snapshot = cls(store, seeds)
        evidence = snapshot.evidence

        def get(node: Term) -> Evidence:
            if node not in evidence:
                evidence[node] = Evidence(node)
            return evidence[node]

        for ev, sel, exact, prefix, suffix, start, end, position in snapshot.select(
            """SELECT ?ev ?sel ?exact ?prefix ?suffix ?start ?end ?position WHERE {
                ?ev oa:hasSelector ?sel .
                OPTIONAL { ?sel oa:exact ?exact } OPTIONAL { ?sel oa:prefix ?prefix }
                OPTIONAL { ?sel oa:suffix ?suffix }
                OPTIONAL { ?sel oa:start ?start } OPTIONAL { ?sel oa:end ?end }
                BIND (EXISTS { ?sel a oa:TextPositionSelector } AS ?position) }"""
        ):
            selector = get(ev).selectors.setdefault(sel, Selector())
            if exact is not None and exact.value not in selector.exacts:
                selector.exacts.append(exact.value)
            if prefix is not None and selector.prefix is None:
                selector.prefix = collapse_white_space(prefix.value)
            if suffix is not None and selector.suffix is None:
                selector.suffix = collapse_white_space(suffix.value)
            selector.start = selector.start if selector.start is not None else start
            selector.end = selector.end if selector.end is not None else end
            selector.is_position = position is not None and position.value == "true"
        for node, link, ev in snapshot.select(f"SELECT ?node ?link ?ev WHERE {{ {EVIDENCE_OF} }}"):
            get(ev).claims.append(node)
            if link.value == EKG + "evidence":
                evidence[ev].evidence_of.append(node)
        for ev, doc in snapshot.select("SELECT ?ev ?doc WHERE { ?ev oa:hasSource ?doc }"):
            get(ev).sources.append(doc)
            snapshot.seed_documents.add(doc)
        for how in ("states", "statesByReading"):
            # one row per evidence node, its properties joined: a fifth of the rows' cost
            for ev, joined in snapshot.select(
                f"SELECT ?ev (GROUP_CONCAT(STR(?p)) AS ?ps) WHERE {{ ?ev ekg:{how} ?p }} "
                "GROUP BY ?ev"
            ):
                if ev in evidence:  # else not evidence of anything: nothing to check
                    found = evidence[ev].states if how == "states" else evidence[ev].by_reading
                    found.update(joined.value.split())
        for ev, note in snapshot.select("SELECT ?ev ?note WHERE { ?ev ekg:readingNote ?note }"):
            if ev in evidence:
                evidence[ev].notes.append(note.value)
        for doc, how, value in snapshot.select(
            "SELECT ?doc ?how ?value WHERE { VALUES ?how { ekg:seedFile ekg:sha256 ekg:relays } "
            "?doc ?how ?value }"
        ):
            document = snapshot.document(doc)
            kind = how.value.rsplit("#", 1)[-1]
            if kind == "seedFile":
                snapshot.seed_documents.add(doc)
                if isinstance(value, ox.Literal) and not document.seed:
                    document.seed = value.value
            elif kind == "sha256":
                document.sha256 = document.sha256 or value.value
            else:
                document.relays.add(value)
        return snapshot

    def document(self, node: Term) -> Document:
        """The document ``node`` (one without seed file or hash when nothing describes it)."""
        if node not in self.documents:
            self.documents[node] = Document(node)
        return self.documents[node]

    def select(self, query: str, *, ontology: bool = False) -> list[tuple[Any, ...]]:
        """The rows of a SELECT over the facts graph (and the ontology's, for the labels of
        its terms), as tuples of terms (None where unbound), in the order of its variables.
        The facts graph alone is a third faster to query than a union of two graphs."""
        graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [FACTS]
        if ontology:
            graphs.insert(0, ONTOLOGY)
        solutions = self.store.query(PREFIXES + "\n" + query, default_graph=graphs)
        assert isinstance(solutions, ox.QuerySolutions)
        return [tuple(row) for row in solutions]

    def seed_text(self, seed: str) -> str | None:
        """The seed file as stored, decoded (None if it is not a plain file in the folder)."""
        if seed not in self._raw:
            path = seed_path(self.seeds, seed)
            self._raw[seed] = read_seed(path) if path is not None and path.is_file() else None
        return self._raw[seed]

    def collapsed_text(self, seed: str) -> str | None:
        """The seed file with every run of white space as one space."""
        if seed not in self._collapsed:
            text = self.seed_text(seed)
            self._collapsed[seed] = collapse_white_space(text) if text is not None else None
        return self._collapsed[seed]


def seed_path(folder: Path, seed: str) -> Path | None:
    """The seed file, or None for a name that is not a plain file name (e.g. ``../x``)."""
    if not seed or Path(seed).name != seed or seed in (".", ".."):
        return None
    return folder / seed


def name(term: object) -> str:
    """A term as reports show it (``prefix:local``, a literal as Turtle), "" for None."""
    return short(to_rdflib(term)) if term is not None else ""


def store_of(*graphs: object) -> ox.Store:
    """An Oxigraph store holding rdflib ``graphs`` as its facts graph (tests, small data)."""
    from electionkg.rdf.terms import to_oxigraph

    store = ox.Store()
    for graph in graphs:
        for s, p, o in graph:  # type: ignore[attr-defined]
            store.add(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), FACTS))  # type: ignore[arg-type]
    return store


def snapshot_of(graph: object, seeds: Path | None = None) -> Snapshot:
    """The snapshot of an rdflib graph (tests, small data), against ``seeds`` (by default the
    data root's)."""
    from electionkg import paths

    return Snapshot.load(store_of(graph), seeds if seeds is not None else paths.seeds_dir())
