"""The frame of every HTML page: the style, the layout with its link-preview metadata, and
:class:`Page`, which reads labels from the store and links IRIs to the pages that describe them.

Every text that comes from the data is escaped (``html.escape``)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from electionkg.rdf import namespaces
from electionkg.rdf.serialise import Rebase

if TYPE_CHECKING:
    import pyoxigraph

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OA = "http://www.w3.org/ns/oa#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
EKG = namespaces.EKG
EVIDENCE_PREDICATES = {
    EKG + "evidence": "evidence",
    EKG + "directQuote": "direct quote",
    EKG + "paraphrase": "paraphrase",
}
HIDDEN_IN_TABLE = {RDF_TYPE, RDFS_LABEL, *EVIDENCE_PREDICATES}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:0 auto;
padding:0 1rem 3rem;line-height:1.5;color:#1a1a1a;background:#fff}
header nav a{margin-right:1rem}header{border-bottom:1px solid #ccc;padding:.5rem 0;margin-bottom:1rem}
a{color:#0645ad}a:focus{outline:3px solid #ffbf47}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
blockquote{margin:.3rem 0 .8rem;padding:.3rem .8rem;border-left:4px solid #888;background:#fafafa}
mark{background:#fff3a3;color:#000}.types{color:#555}.iri{font-family:monospace;font-size:.9em;word-break:break-all}
.formats a{margin-right:.6rem}figure{margin:1rem 0}figcaption{font-weight:600}
.claim{border-top:1px solid #eee;padding:.5rem 0}
header nav{display:flex;flex-wrap:wrap;gap:.2rem 0}main{overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}pre{overflow-x:auto;white-space:pre-wrap}
textarea,input,select{max-width:100%;box-sizing:border-box}ul.index{columns:16rem auto;padding-left:1.2rem}
.answer{font-size:1.15rem;border-left:6px solid #2b6cb0;padding:.4rem .8rem;background:#f4f8fc}
.conflict{color:#8a1c1c;font-weight:600}h2{margin:1.3rem 0 .5rem}h3{margin:.9rem 0 .4rem}ul.statements li{margin:.25rem 0}table.shares td:first-child{min-width:11rem}
table.shares td:nth-child(2){min-width:9rem}
q{background:#fff8d0}.article{white-space:pre-wrap;border:1px solid #ddd;padding:.8rem;
background:#fcfcfc}.article mark a{color:inherit;text-decoration:none}.article mark:hover{background:#ffe066}
.excused{color:#767676;text-decoration:underline dotted #999}#yasgui{max-width:100%;overflow-x:auto}
"""
DEFAULT_DESCRIPTION = (
    "electionkg: an open knowledge graph of elections, each fact traced to the words of its source."
)


class Page:
    """Reads labels and values from the store, and links IRIs to the pages that describe them."""

    def __init__(self, store: pyoxigraph.Store, rebase: Rebase) -> None:
        self.store = store
        self.rebase = rebase

    # --- reading -------------------------------------------------------------------------
    def objects(self, subject: Any, predicate: str) -> list[Any]:
        import pyoxigraph

        return sorted(
            {
                q.object
                for q in self.store.quads_for_pattern(
                    subject, pyoxigraph.NamedNode(predicate), None, None
                )
            },
            key=str,
        )

    def value(self, subject: Any, predicate: str) -> Any:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def label(self, term: Any) -> str:
        import pyoxigraph

        if isinstance(term, pyoxigraph.Literal):
            return term.value
        if isinstance(term, pyoxigraph.BlankNode):
            return "(unnamed node)"
        labels = self.objects(term, RDFS_LABEL) + self.objects(term, SKOS + "prefLabel")
        english = [label for label in labels if label.language in ("en", None, "")]
        if english or labels:
            return str((english or labels)[0].value)
        iri: str = term.value
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    # --- writing -------------------------------------------------------------------------
    def href(self, iri: str) -> str:
        """Where a browser should go for ``iri``: our page for our IRIs, the IRI otherwise."""
        if iri.startswith(self.rebase.data_namespace):
            return "/page/" + iri[len(self.rebase.data_namespace) :]
        if iri.startswith(namespaces.ONTOLOGY):
            return "/ontology" + iri[len(namespaces.ONTOLOGY) :]
        if iri == self.rebase.dataset_iri:
            return "/dataset"
        return iri

    def link(self, term: Any) -> str:
        import pyoxigraph

        if isinstance(term, pyoxigraph.NamedNode):
            return f'<a href="{escape(self.href(term.value))}">{escape(self.label(term))}</a>'
        if isinstance(term, pyoxigraph.Literal):
            text = escape(term.value)
            return f'<span lang="{escape(term.language)}">{text}</span>' if term.language else text
        return escape(self.blank_summary(term))

    def blank_summary(self, node: Any) -> str:
        """A blank node in words: a count progress reads "54.5 percent of precincts reported"."""
        progress = self.value(node, EKG + "progressValue")
        if progress is not None:
            unit = self.value(node, EKG + "progressUnit")
            return f"{progress.value} {self.label(unit) if unit is not None else ''}".strip()
        import pyoxigraph

        parts = [
            f"{self.label(q.predicate)}: {self.label(q.object)}"
            for q in self.store.quads_for_pattern(node, None, None, None)
            if q.predicate.value != RDF_TYPE and not isinstance(q.object, pyoxigraph.BlankNode)
        ]
        return "; ".join(sorted(set(parts))) or "(unnamed node)"


def layout(
    title: str,
    body: str,
    *,
    alternates: Sequence[tuple[str, str]] = (),
    description: str = DEFAULT_DESCRIPTION,
) -> str:
    """A whole page: head (with description and Open Graph link-preview metadata), site
    navigation, and ``body`` (already HTML)."""
    links = "".join(
        f'<link rel="alternate" type="{escape(media)}" href="{escape(href)}">'
        for media, href in alternates
    )
    meta = (
        f'<meta name="description" content="{escape(description)}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:description" content="{escape(description)}">'
        '<meta property="og:type" content="website"><meta property="og:site_name" content="electionkg">'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · electionkg</title>{meta}{links}<style>{STYLE}</style></head><body>"
        '<header><nav aria-label="site"><a href="/">electionkg</a><a href="/page/election/az-2024-presidential">'
        'Presidential election 2024</a><a href="/page/election/az-2024-parliamentary">Parliamentary election 2024</a>'
        '<a href="/ontology">Ontology</a><a href="/sparql">SPARQL</a><a href="/dataset">Dataset</a></nav></header>'
        f"<main>{body}</main></body></html>\n"
    )


def error_page(status: int, title: str, message: str, hint: str = "") -> str:
    body = f"<h1>{status}: {escape(title)}</h1><p>{escape(message)}</p>"
    if hint:
        body += f"<p>{hint}</p>"
    return layout(title, body)
