"""Server-rendered HTML pages that a journalist can read: no JavaScript, plain semantic HTML.

A resource page shows the label, a short description, the facts as a table, every claim with
its source article and the highlighted verbatim quote, and links to related resources. An
election page adds the results as an SVG bar chart (drawn here, no scripts), every reported
figure with its count progress, and the statements grouped by stance. Every text that comes from
the data is escaped (``html.escape``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from electionkg.rdf import namespaces
from electionkg.rdf.serialise import FORMATS, Rebase

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
"""


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
        iri = term.value
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


def layout(title: str, body: str, *, alternates: Sequence[tuple[str, str]] = ()) -> str:
    links = "".join(
        f'<link rel="alternate" type="{escape(media)}" href="{escape(href)}">'
        for media, href in alternates
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · electionkg</title>{links}<style>{STYLE}</style></head><body>"
        '<header><nav aria-label="site"><a href="/">electionkg</a><a href="/page/election/az-2024-presidential">'
        'Presidential election 2024</a><a href="/page/election/az-2024-parliamentary">Parliamentary election 2024</a>'
        '<a href="/ontology">Ontology</a><a href="/sparql">SPARQL</a><a href="/dataset">Dataset</a></nav></header>'
        f"<main>{body}</main></body></html>\n"
    )


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
    description = _description(page, node, types)
    if description:
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
    if any(
        t.value in (EKG + "Election", EKG + "PresidentialElection", EKG + "ParliamentaryElection")
        for t in types
    ):
        parts.append(election_sections(page, node))
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
        '<h2>Facts</h2><table><thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def evidence_items(page: Page, node: Any) -> list[tuple[str, Any, str, str, str]]:
    """(kind, source, prefix, exact, suffix) of every evidence node of ``node``, sorted."""
    import pyoxigraph

    items = []
    for predicate, kind in EVIDENCE_PREDICATES.items():
        for evidence in page.objects(node, predicate):
            if not isinstance(evidence, pyoxigraph.BlankNode | pyoxigraph.NamedNode):
                continue
            source = page.value(evidence, OA + "hasSource")
            for selector in page.objects(evidence, OA + "hasSelector"):
                exact = page.value(selector, OA + "exact")
                if exact is None:
                    continue
                prefix = page.value(selector, OA + "prefix")
                suffix = page.value(selector, OA + "suffix")
                items.append(
                    (
                        kind,
                        source,
                        prefix.value if prefix else "",
                        exact.value,
                        suffix.value if suffix else "",
                    )
                )
    # a claim with a direct quote and the same span as general evidence lists it once
    unique = {
        (source, exact): (kind, source, prefix, exact, suffix)
        for kind, source, prefix, exact, suffix in sorted(
            items, key=lambda i: (i[0] == "evidence", str(i))
        )
    }
    return sorted(unique.values(), key=lambda i: (str(i[1]), i[3]))


def quote_html(page: Page, item: tuple[str, Any, str, str, str]) -> str:
    """The quote highlighted inside its sentence of the seed file (or its prefix and suffix)."""
    kind, source, prefix, exact, suffix = item
    if not prefix and not suffix and source is not None:
        seed = page.value(source, EKG + "seedFile")
        if seed is not None:
            prefix, suffix = seed_context(seed.value, exact)
    cite = page.link(source) if source is not None else "an unnamed source"
    return (
        f"<blockquote><p>{escape(prefix)}<mark>{escape(exact)}</mark>{escape(suffix)}</p>"
        f"<footer>{escape(kind.capitalize())} from {cite}</footer></blockquote>"
    )


CONTEXT_CHARACTERS = 90


def seed_context(seed_file: str, exact: str) -> tuple[str, str]:
    """Up to CONTEXT_CHARACTERS of the seed text before and after the quote (white space
    collapsed, as quotes are matched), cut at word boundaries; empty if it is not found."""
    text = _seed_text(seed_file)
    where = text.find(exact)
    if where < 0:
        return "", ""
    before = text[max(0, where - CONTEXT_CHARACTERS) : where]
    after = text[where + len(exact) : where + len(exact) + CONTEXT_CHARACTERS]
    if where > CONTEXT_CHARACTERS and " " in before:
        before = "…" + before[before.index(" ") :]
    if where + len(exact) + CONTEXT_CHARACTERS < len(text) and " " in after:
        after = after[: after.rindex(" ")] + " …"
    return before, after


@lru_cache(maxsize=64)
def _seed_text(seed_file: str) -> str:
    from electionkg import paths

    if "/" in seed_file or "\\" in seed_file or seed_file.startswith("."):
        return ""  # only plain file names of the seeds folder
    try:
        raw = (paths.seeds_dir() / seed_file).read_text(encoding="utf-8")
    except OSError:
        return ""
    return " ".join(raw.split())


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


# --- election pages --------------------------------------------------------------------------

FIGURES_QUERY = """
PREFIX ekg: <https://w3id.org/electionkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?election ?figure ?type ?value ?qualitative ?bound ?unit ?progress ?progressUnit ?status ?reporter ?subject WHERE {
  ?figure ekg:aboutElection ?election ; a ?type .
  ?type rdfs:subClassOf* ekg:ReportedFigure .
  FILTER NOT EXISTS { ?sub rdfs:subClassOf ?type . ?figure a ?sub . FILTER(?sub != ?type) }
  OPTIONAL { ?figure ekg:value ?value }
  OPTIONAL { ?figure ekg:qualitativeValue ?qualitative }
  OPTIONAL { ?figure ekg:bound ?bound }
  OPTIONAL { ?figure ekg:unit ?unit }
  OPTIONAL { ?figure ekg:countProgress ?cp . ?cp ekg:progressValue ?progress . OPTIONAL { ?cp ekg:progressUnit ?progressUnit } }
  OPTIONAL { ?figure ekg:resultsStatus ?status }
  OPTIONAL { ?figure ekg:reportedBy ?reporter }
  OPTIONAL { { ?figure ekg:aboutCandidacy/ekg:candidate ?subject } UNION { ?figure ekg:aboutAgent ?subject } }
}
"""

STATEMENTS_QUERY = """
PREFIX ekg: <https://w3id.org/electionkg/ontology#>
SELECT DISTINCT ?election ?statement ?stance ?speaker WHERE {
  ?statement ekg:aboutElection ?election ; a ekg:Statement .
  OPTIONAL { ?statement ekg:stance ?stance }
  OPTIONAL { ?statement ekg:speaker ?speaker }
}
"""


def election_sections(page: Page, election: Any) -> str:
    """Results chart, every reported figure with its count progress, statements by stance."""
    figures = _select(page, FIGURES_QUERY, election)
    parts = []
    shares = [f for f in figures if f["type"].value == EKG + "VoteShare" and f["value"] is not None]
    seats = [f for f in figures if f["type"].value == EKG + "SeatsWon" and f["value"] is not None]
    if shares:
        parts.append(bar_chart(page, shares, "Reported vote shares", "%", 100.0))
    elif seats:
        top = max(float(f["value"].value) for f in seats)
        parts.append(bar_chart(page, seats, "Reported seats won", " seats", top))
    if figures:
        rows = []
        for f in sorted(
            figures,
            key=lambda f: (
                page.label(f["type"]),
                page.label(f["subject"]) if f["subject"] else "",
                str(f["figure"]),
            ),
        ):
            value = (
                f["value"].value
                if f["value"] is not None
                else (f["qualitative"].value if f["qualitative"] is not None else "")
            )
            bound = page.label(f["bound"]) if f["bound"] is not None else ""
            unit = page.label(f["unit"]) if f["unit"] is not None else ""
            progress = ""
            if f["progress"] is not None:
                progress = f"{f['progress'].value} {page.label(f['progressUnit']) if f['progressUnit'] is not None else ''}"
            sources = ", ".join(page.link(s) for s in page.objects(f["figure"], PROV_DERIVED))
            rows.append(
                "<tr>"
                f"<td>{page.link(f['figure'])}</td><td>{escape(page.label(f['type']))}</td>"
                f"<td>{page.link(f['subject']) if f['subject'] is not None else ''}</td>"
                f"<td>{escape(bound)} {escape(str(value))} {escape(unit)}</td>"
                f"<td>{escape(progress)}</td><td>{escape(page.label(f['status'])) if f['status'] is not None else ''}</td>"
                f"<td>{page.link(f['reporter']) if f['reporter'] is not None else ''}</td><td>{sources}</td></tr>"
            )
        parts.append(
            "<h2>Every reported figure</h2><table><caption>Each figure as reported, with its count progress and source</caption>"
            '<thead><tr><th scope="col">Figure</th><th scope="col">Kind</th><th scope="col">About</th><th scope="col">Value</th>'
            '<th scope="col">Count progress</th><th scope="col">Status</th><th scope="col">Reported by</th><th scope="col">Source</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
    statements = _select(page, STATEMENTS_QUERY, election)
    if statements:
        by_stance: dict[str, list[Any]] = defaultdict(list)
        for row in statements:
            by_stance[
                page.label(row["stance"]) if row["stance"] is not None else "no stance recorded"
            ].append(row["statement"])
        parts.append("<h2>Statements by stance</h2>")
        for stance in sorted(by_stance):
            parts.append(f"<h3>{escape(stance.capitalize())}</h3>")
            for statement in sorted(set(by_stance[stance]), key=lambda s: page.label(s)):
                parts.append(f'<div class="claim"><p>{page.link(statement)}</p>')
                parts.extend(quote_html(page, item) for item in evidence_items(page, statement)[:2])
                parts.append("</div>")
    return "".join(parts)


def _select(page: Page, query: str, election: Any) -> list[Any]:
    results: Any = page.store.query(
        query, substitutions={_var("election"): election}, use_default_graph_as_union=True
    )
    return list(results)


def _var(name: str) -> Any:
    import pyoxigraph

    return pyoxigraph.Variable(name)


def bar_chart(page: Page, figures: Iterable[Any], title: str, unit: str, maximum: float) -> str:
    """A horizontal SVG bar chart, one bar per reported figure, labelled with its qualifiers."""
    rows = sorted(figures, key=lambda f: (-float(f["value"].value), str(f["figure"])))
    bar_height, gap, label_width, chart_width = 22, 10, 360, 300
    height = len(rows) * (bar_height + gap) + 10
    width = label_width + chart_width + 80
    bars = []
    for index, f in enumerate(rows):
        value = float(f["value"].value)
        y = 5 + index * (bar_height + gap)
        length = max(1.0, chart_width * value / maximum) if maximum else 1.0
        who = page.label(f["subject"]) if f["subject"] is not None else page.label(f["figure"])
        qualifier = []
        if f["bound"] is not None and f["bound"].value == EKG + "AtLeast":
            qualifier.append("over")
        detail = []
        if f["progress"] is not None:
            detail.append(
                f"{f['progress'].value} {page.label(f['progressUnit']) if f['progressUnit'] is not None else ''}".strip()
            )
        elif f["status"] is not None:
            detail.append(page.label(f["status"]))
        if f["reporter"] is not None:
            detail.append(page.label(f["reporter"]))
        label = who + (f" ({'; '.join(detail)})" if detail else "")
        text = f"{' '.join(qualifier)} {f['value'].value}{unit}".strip()
        bars.append(
            f"<g><title>{escape(label)}: {escape(text)}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(_shorten(label, 58))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="#2b6cb0"></rect>'
            f'<text x="{label_width + length + 5:.1f}" y="{y + 15}" font-size="12">{escape(text)}</text></g>'
        )
    return (
        f'<figure><figcaption id="chart-title">{escape(title)}</figcaption>'
        f'<svg class="results-chart" role="img" aria-labelledby="chart-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        + "".join(bars)
        + "</svg></figure>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_page(status: int, title: str, message: str, hint: str = "") -> str:
    body = f"<h1>{status}: {escape(title)}</h1><p>{escape(message)}</p>"
    if hint:
        body += f"<p>{hint}</p>"
    return layout(title, body)
