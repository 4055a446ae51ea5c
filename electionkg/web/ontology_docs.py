"""Human documentation of the ontology: every class, property and concept, one anchor each.

Generated from the ontology graph of the store (so it never drifts from the Turtle), at the
ontology document ``/ontology``; ``/ontology#VoteShare`` lands on the term's entry, which is
what a browser does with the hash IRI ``ekg:VoteShare``. Hand-written rather than pyLODE: the
3.4 releases need Python 3.12, and a page of a few hundred terms needs no more than this.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from electionkg.rdf import namespaces
from electionkg.rdf.serialise import FORMATS
from electionkg.web.html_base import RDF_TYPE, RDFS_COMMENT, SKOS, Page, layout

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.rdf.serialise import Rebase

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SECTIONS = (
    ("Classes", (OWL + "Class",)),
    ("Object properties", (OWL + "ObjectProperty",)),
    ("Datatype properties", (OWL + "DatatypeProperty",)),
    ("Concepts", (SKOS + "Concept", SKOS + "ConceptScheme")),
)
DETAILS = (
    ("Subclass of", RDFS + "subClassOf"),
    ("Subproperty of", RDFS + "subPropertyOf"),
    ("Domain", RDFS + "domain"),
    ("Range", RDFS + "range"),
    ("Inverse of", OWL + "inverseOf"),
    ("In scheme", SKOS + "inScheme"),
    ("Broader", SKOS + "broader"),
)


def ontology_page(store: pyoxigraph.Store, rebase: Rebase) -> str:
    """The ontology documentation as one HTML page."""
    import pyoxigraph

    page = Page(store, rebase)
    graph = pyoxigraph.NamedNode(namespaces.ONTOLOGY_GRAPH)
    ontology = pyoxigraph.NamedNode(namespaces.ONTOLOGY)
    title = (
        page.label(ontology)
        if page.objects(ontology, "http://purl.org/dc/terms/title") == []
        else page.value(ontology, "http://purl.org/dc/terms/title").value
    )
    description = page.value(ontology, "http://purl.org/dc/terms/description")
    parts = [f"<h1>{escape(str(title))}</h1>", f'<p class="iri">{escape(namespaces.ONTOLOGY)}</p>']
    if description is not None:
        parts.append(f"<p>{escape(description.value)}</p>")
    parts.append(
        '<p class="formats">The ontology as data: '
        + "".join(
            f'<a href="/ontology.{info.extension}">{info.name}</a>'
            for info in FORMATS.values()
            if not info.quads
        )
        + "</p>"
    )
    toc, sections = [], []
    for heading, types in SECTIONS:
        terms: set[Any] = set()
        for kind in types:
            for quad in store.quads_for_pattern(
                None, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(kind), graph
            ):
                if isinstance(quad.subject, pyoxigraph.NamedNode) and quad.subject.value.startswith(
                    namespaces.EKG
                ):
                    terms.add(quad.subject)
        entries = sorted(terms, key=lambda t: t.value.lower())
        toc.append(f'<li><a href="#{_slug(heading)}">{escape(heading)}</a> ({len(entries)})</li>')
        sections.append(
            f'<section aria-labelledby="{_slug(heading)}"><h2 id="{_slug(heading)}">{escape(heading)}</h2>'
        )
        for term in entries:
            sections.append(_entry(page, term))
        sections.append("</section>")
    parts.append('<nav aria-label="contents"><ul>' + "".join(toc) + "</ul></nav>")
    parts.extend(sections)
    return layout("Ontology", "".join(parts))


def _entry(page: Page, term: Any) -> str:
    local = term.value[len(namespaces.EKG) :]
    label = page.label(term)
    definition = page.value(term, SKOS + "definition") or page.value(term, RDFS_COMMENT)
    rows = []
    for name, predicate in DETAILS:
        values = page.objects(term, predicate)
        if values:
            rows.append(
                f"<dt>{escape(name)}</dt><dd>" + ", ".join(page.link(v) for v in values) + "</dd>"
            )
    return (
        f'<article id="{escape(local)}"><h3>{escape(label)} <code>ekg:{escape(local)}</code></h3>'
        + (f"<p>{escape(definition.value)}</p>" if definition is not None else "")
        + (f"<dl>{''.join(rows)}</dl>" if rows else "")
        + "</article>"
    )


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")
