"""The site's own pages for people: the home page (an index), label search, the dataset in
words, and the static assets of the query page (YASGUI, installed from npm, never a CDN)."""

from __future__ import annotations

import mimetypes
import re
from html import escape
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from electionkg.rdf import namespaces
from electionkg.web.html_base import Page, layout
from electionkg.web.publication import Publication
from electionkg.web.routes_common import HTML, media_with_charset, not_found

INDEX = (
    ("Elections", namespaces.EKG + "Election"),
    ("People", "http://xmlns.com/foaf/0.1/Person"),
    ("Organisations", "http://www.w3.org/ns/org#Organization"),
    ("Sources", namespaces.EKG + "SourceDocument"),
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MAX_SEARCH_CHARACTERS = 100
MAX_HITS = 50
ASSET_PATH = re.compile(r"^[A-Za-z0-9@._/-]+$")
ASSETS = {"yasgui.min.js", "yasgui.min.css"}
"""The only files served from ``web-assets``: YASGUI's build, by name."""


def members(publication: Publication, class_iri: str) -> list[Any]:
    """The things of the data namespace of one class, by label."""
    import pyoxigraph

    page = Page(publication.store, publication.rebase)
    found = {
        quad.subject
        for quad in publication.store.quads_for_pattern(
            None, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(class_iri), None
        )
        if isinstance(quad.subject, pyoxigraph.NamedNode)
        and quad.subject.value.startswith(publication.rebase.data_namespace)
    }
    return sorted(found, key=lambda term: page.label(term).casefold())


def _search_form(value: str = "") -> str:
    return (
        '<form method="get" action="/search" role="search" class="search">'
        '<label for="q">Search by name</label> '
        f'<input id="q" name="q" type="search" value="{escape(value)}" maxlength="{MAX_SEARCH_CHARACTERS}" '
        'placeholder="Aliyev, OSCE, turnout…"> <button type="submit">Search</button></form>'
    )


def home(request: Request, publication: Publication) -> Response:
    def render() -> str:
        page = Page(publication.store, publication.rebase)
        sections = []
        for heading, class_iri in INDEX:
            items = "".join(f"<li>{page.link(t)}</li>" for t in members(publication, class_iri))
            sections.append(f'<section><h2>{heading}</h2><ul class="index">{items}</ul></section>')
        body = (
            "<h1>electionkg</h1><p>An open knowledge graph of elections: every fact traceable "
            "to the exact words of its source article.</p>"
            + _search_form()
            + "".join(sections)
            + '<p>Also: <a href="/ontology">the ontology</a>, <a href="/sparql">the SPARQL '
            'endpoint</a>, <a href="/dataset">the dataset</a>, <a href="/dumps/">data dumps</a>.</p>'
        )
        return layout(
            "Home",
            body,
            description="Elections in Azerbaijan, 2024: results, turnout, observers and "
            "statements, each traced to the words of its source.",
        )

    return Response(publication.cached(("home",), render), media_type=media_with_charset(HTML))


def search(request: Request, publication: Publication) -> Response:
    """Things whose label (any language) contains the words searched for, case-insensitively."""
    import pyoxigraph

    text = " ".join(request.query_params.get("q", "").split())[:MAX_SEARCH_CHARACTERS]
    page = Page(publication.store, publication.rebase)
    hits: dict[str, Any] = {}
    if text:
        wanted = text.casefold()
        for predicate in (
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2004/02/skos/core#altLabel",
        ):
            for quad in publication.store.quads_for_pattern(
                None, pyoxigraph.NamedNode(predicate), None, None
            ):
                subject = quad.subject
                if (
                    isinstance(subject, pyoxigraph.NamedNode)
                    and subject.value.startswith(publication.rebase.data_namespace)
                    and wanted in str(getattr(quad.object, "value", "")).casefold()
                ):
                    hits.setdefault(subject.value, subject)
    found = sorted(hits.values(), key=lambda term: page.label(term).casefold())[:MAX_HITS]
    items = "".join(f"<li>{page.link(term)}</li>" for term in found)
    result = (
        f"<p>{len(found)} match{'es' if len(found) != 1 else ''} for “{escape(text)}”.</p>"
        f"<ul>{items}</ul>"
        if text
        else "<p>Type part of a name (in English, Azerbaijani or Russian).</p>"
    )
    body = "<h1>Search</h1>" + _search_form(text) + result
    return Response(layout("Search", body), media_type=media_with_charset(HTML))


def dataset_page(publication: Publication, triples: list[Any]) -> str:
    """The dataset description in words, with links (the RDF is one click away)."""
    from electionkg.publish.dataset_description import DESCRIPTION, LICENSE, TITLE

    counts = {
        t.predicate.value.rsplit("#", 1)[-1]: t.object.value
        for t in triples
        if t.subject.value == publication.rebase.dataset_iri and hasattr(t.object, "datatype")
    }
    facts = ", ".join(
        f"{escape(str(counts[name]))} {words}"
        for name, words in (
            ("triples", "triples"),
            ("entities", "entities"),
            ("classes", "classes"),
            ("properties", "properties"),
        )
        if name in counts
    )
    graphs = "".join(
        f'<li><a href="/graph/{name}">{name}</a></li>' for name in ("ontology", "facts", "inferred")
    )
    body = (
        f"<h1>{escape(TITLE)}</h1><p>{escape(DESCRIPTION)}</p>"
        + (f"<p>In numbers: {facts}.</p>" if facts else "")
        + f'<p>Licence: <a href="{LICENSE}">Creative Commons Attribution 4.0</a>. '
        'Query it at <a href="/sparql">the SPARQL endpoint</a>; download it from '
        '<a href="/dumps/">the dumps</a>; read its terms in <a href="/ontology">the ontology</a> '
        'and the rules it is checked against in <a href="/shapes">the shapes</a>; JSON-LD '
        'clients can use <a href="/context.jsonld">the context</a>.</p>'
        f"<h2>Named graphs</h2><ul>{graphs}</ul>"
        '<p class="formats">This description as data (VoID and DCAT): '
        '<a href="/dataset.ttl">Turtle</a> <a href="/dataset.jsonld">JSON-LD</a> '
        '<a href="/dataset.rdf">RDF/XML</a> <a href="/dataset.nt">N-Triples</a></p>'
    )
    return layout("Dataset", body, description=DESCRIPTION)


def yasgui_installed() -> bool:
    return (_yasgui_build() / "yasgui.min.js").is_file()


def asset(request: Request, publication: Publication) -> Response:
    """``/assets/yasgui/{file}``: YASGUI's build files, by name only."""
    path = request.path_params["path"]
    folder, _, name = path.partition("/")
    if folder != "yasgui" or name not in ASSETS or not yasgui_installed():
        return not_found(request, "no such asset")
    file = _yasgui_build() / name
    body = publication.cached(("asset", name), file.read_bytes)
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(
        body, media_type=media_with_charset(media) if media.startswith("text/") else media
    )


def _yasgui_build() -> Path:
    """YASGUI's build folder, installed by ``npm ci`` in ``web-assets/``: beside the data root
    (a checkout, whatever copy of the package runs), else beside the package (editable)."""
    from electionkg import config

    for root in (config.data_root(), Path(__file__).resolve().parents[2]):
        build = root / "web-assets" / "node_modules" / "@zazuko" / "yasgui" / "build"
        if build.is_dir():
            return build
    return build
