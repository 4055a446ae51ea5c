"""Server-rendered HTML pages that a journalist can read: no JavaScript, plain semantic HTML.

A resource page shows the label, a short description, the facts as a table, every claim with
its source article and the highlighted verbatim quote, and links to related resources. An
election page adds the results as an SVG bar chart (drawn here, no scripts), every reported
figure with its count progress, and the statements grouped by stance. Every text that comes from
the data is escaped (``html.escape``).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any

from electionkg.rdf import namespaces
from electionkg.rdf.serialise import FORMATS, Rebase
from electionkg.web.election_page import election_sections
from electionkg.web.evidence_html import evidence_items, quote_html
from electionkg.web.html_base import (
    EKG,
    HIDDEN_IN_TABLE,
    PROV_DERIVED,
    RDF_TYPE,
    RDFS_COMMENT,
    RDFS_LABEL,
    SKOS,
    Page,
    layout,
)
from electionkg.web.source_page import annotated_article

if TYPE_CHECKING:
    import pyoxigraph

ELECTION_CLASSES = (EKG + "Election", EKG + "PresidentialElection", EKG + "ParliamentaryElection")


def resource_page(store: pyoxigraph.Store, iri: str, rebase: Rebase) -> str:
    """The page of one resource of the data namespace (it must have a description)."""
    import pyoxigraph

    page = Page(store, rebase)
    node = pyoxigraph.NamedNode(iri)
    label = page.label(node)
    types = page.objects(node, RDF_TYPE)
    local = iri[len(rebase.data_namespace) :]
    parts = [f"<h1>{escape(label)}</h1>"]
    type_links: dict[str, Any] = {}
    for t in types:
        type_links.setdefault(page.label(t).lower(), t)
    types = sorted(type_links.values(), key=str)
    parts.append(
        '<p class="types">'
        + ", ".join(
            page.link(t)
            for t in types
            if t.value.startswith(namespaces.EKG) or not t.value.startswith("http://www.w3.org/")
        )
        + f' · <span class="iri">{escape(iri)}</span></p>'
    )
    is_election = any(t.value in ELECTION_CLASSES for t in types)
    description = _description(page, node, types)
    if description and not is_election:  # an election page opens with its answer instead
        parts.append(f"<p>{escape(description)}</p>")
    parts.append(
        '<p class="formats">This description as data: '
        + "".join(
            f'<a href="/data/{escape(local)}.{info.extension}" type="{info.media_type}">{info.name}</a>'
            for info in FORMATS.values()
            if not info.quads
        )
        + "</p>"
    )
    if is_election:
        # the election's sections already show who and what mention it: the rest is folded
        parts.append(election_sections(page, node))
        parts.append(
            "<details><summary>All facts about this election, with their quotes</summary>"
            + _facts_table(page, node)
            + _evidence_section(page, node, "Sources and quotes for this claim")
            + "</details>"
        )
    elif page.value(node, EKG + "seedFile") is not None:
        parts.append(annotated_article(page, node))
        parts.append(_facts_table(page, node))
        parts.append(
            "<details><summary>Every claim that cites this article, with its quotes</summary>"
            + _incoming_section(page, node)
            + "</details>"
        )
    else:
        parts.append(_facts_table(page, node))
        parts.append(_evidence_section(page, node, "Sources and quotes for this claim"))
        parts.append(_incoming_section(page, node))
    alternates = [
        (info.media_type, f"/data/{local}.{info.extension}")
        for info in FORMATS.values()
        if not info.quads
    ]
    return layout(label, "".join(parts), alternates=alternates)


def _description(page: Page, node: Any, types: list[Any]) -> str:
    """The resource's own definition, or a sentence saying what it is and how it is sourced."""
    import pyoxigraph

    for predicate in (
        SKOS + "definition",
        RDFS_COMMENT,
        "https://schema.org/description",
        "http://purl.org/dc/terms/description",
    ):
        found = page.value(node, predicate)
        if found is not None:
            return str(found.value)
    kinds = sorted({page.label(t) for t in types})
    claims = {
        q.subject
        for q in page.store.quads_for_pattern(None, None, node, None)
        if isinstance(q.subject, pyoxigraph.NamedNode) and page.objects(q.subject, PROV_DERIVED)
    }
    sources = {s for claim in claims for s in page.objects(claim, PROV_DERIVED)}
    sentence = f"{page.label(node)}: {', '.join(kinds) or 'a resource'} in the electionkg dataset"
    if claims:
        sentence += (
            f", mentioned in {len(claims)} sourced claim{'s' if len(claims) != 1 else ''} "
            f"from {len(sources)} source document{'s' if len(sources) != 1 else ''}"
        )
    own_sources = page.objects(node, PROV_DERIVED)
    if own_sources:
        sentence += f"; this claim rests on {len(own_sources)} source document"
        sentence += "s" if len(own_sources) != 1 else ""
    return sentence + "."


def _names_row(page: Page, node: Any) -> str:
    """Every label with its language: the Azerbaijani and Russian spellings help a search."""
    labels = page.objects(node, RDFS_LABEL) + page.objects(node, SKOS + "altLabel")
    if len(labels) < 2:
        return ""
    names = ", ".join(
        f'<span lang="{escape(label.language)}">{escape(label.value)}</span> ({escape(label.language)})'
        if label.language
        else escape(label.value)
        for label in labels
    )
    return f'<tr><th scope="row">names</th><td>{names}</td></tr>'


def _facts_table(page: Page, node: Any) -> str:
    import pyoxigraph

    rows = []
    grouped: dict[str, list[Any]] = defaultdict(list)
    for quad in page.store.quads_for_pattern(node, None, None, None):
        if (
            quad.predicate.value in HIDDEN_IN_TABLE
            or str(quad.graph_name) == f"<{namespaces.INFERRED_GRAPH}>"
        ):
            continue
        grouped[quad.predicate.value].append(quad.object)
    for predicate in sorted(grouped, key=lambda p: page.label(pyoxigraph.NamedNode(p))):
        values = sorted(set(grouped[predicate]), key=str)
        rows.append(
            f'<tr><th scope="row">{page.link(pyoxigraph.NamedNode(predicate))}</th><td>'
            + "<br>".join(page.link(value) for value in values)
            + "</td></tr>"
        )
    names = _names_row(page, node)
    if names:
        rows.insert(0, names)
    if not rows:
        return ""
    return (
        '<h2>Facts</h2><div class="scroll"><table><thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _evidence_section(page: Page, node: Any, heading: str) -> str:
    items = evidence_items(page, node)
    if not items:
        return ""
    return f"<h2>{escape(heading)}</h2>" + "".join(quote_html(page, item) for item in items)


def _incoming_section(page: Page, node: Any) -> str:
    """The claims and resources that point at this one, each claim with its quotes."""
    import pyoxigraph

    by_subject: dict[Any, set[str]] = defaultdict(set)
    for quad in page.store.quads_for_pattern(None, None, node, None):
        if (
            isinstance(quad.subject, pyoxigraph.NamedNode)
            and str(quad.graph_name) != f"<{namespaces.INFERRED_GRAPH}>"
        ):
            by_subject[quad.subject].add(page.label(quad.predicate))
    if not by_subject:
        return ""
    parts = ["<h2>Claims and resources that mention this</h2>"]
    for subject in sorted(by_subject, key=lambda s: page.label(s).lower()):
        roles = ", ".join(sorted(by_subject[subject]))
        parts.append(
            f'<div class="claim"><p>{page.link(subject)} <span class="types">({escape(roles)})</span></p>'
        )
        parts.extend(quote_html(page, item) for item in evidence_items(page, subject)[:3])
        parts.append("</div>")
    return "".join(parts)
