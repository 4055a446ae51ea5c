"""The election page: what a journalist needs first (the winner, the shares by count and
source, turnout with conflicts flagged, observers, statements by stance, timeline, sources)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from html import escape
from typing import Any

from electionkg.web.evidence_html import evidence_items, quote_html
from electionkg.web.html_base import EKG, PROV_DERIVED, Page

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
