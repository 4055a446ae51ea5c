"""The election page: what a journalist needs first, in the order they need it.

The answer (who won, with the share as reported and by whom), the shares grouped by count
snapshot and source (a chart of one snapshot, never 92.1, 92.05 and "over 92" side by side as
if they were different candidates), turnout reports with conflicts flagged (the stored
``conflicting-figures`` query decides what conflicts, one truth for the site and the query),
observers, statements by stance (each once, with one quote), a timeline and the sources. Every
figure with all its qualifiers stays one click away, folded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from html import escape
from typing import Any

from electionkg.web.election_queries import (
    FIGURES_QUERY,
    MISSIONS_QUERY,
    OUTCOMES_QUERY,
    SOURCES_QUERY,
    STATEMENTS_QUERY,
    TIMELINE_QUERY,
    WINNER_QUERY,
)
from electionkg.web.evidence_html import evidence_items
from electionkg.web.html_base import EKG, PROV_DERIVED, Page

SHARE_KINDS = (EKG + "VoteShare", EKG + "SeatsWon")


def election_sections(page: Page, election: Any) -> str:
    """The sections of an election page, the answer first."""
    figures = _select(page, FIGURES_QUERY, election)
    conflicting = conflicting_figures(page)
    shares = [f for f in figures if f["type"].value in SHARE_KINDS and f["value"] is not None]
    turnout = [f for f in figures if f["type"].value == EKG + "Turnout"]
    observers = [f for f in figures if "Observer" in f["type"].value]
    parts = [
        _answer(page, election, shares),
        _shares(page, shares),
        _figure_list(page, "Turnout", turnout, conflicting),
        _observers(page, election, observers, conflicting),
        _statements(page, election),
        _timeline(page, election),
        _sources(page, election),
        _all_figures(page, figures, conflicting),
    ]
    return "".join(parts)


def _select(page: Page, query: str, election: Any) -> list[Any]:
    import pyoxigraph

    results: Any = page.store.query(
        query,
        substitutions={pyoxigraph.Variable("election"): election},
        use_default_graph_as_union=True,
    )
    return list(results)


def conflicting_figures(page: Page) -> set[str]:
    """Figures the stored ``conflicting-figures`` query pairs with a contradicting one."""
    from electionkg.sparql.catalogue import list_stored_queries

    for stored in list_stored_queries():
        if stored.path.stem == "conflicting-figures":
            rows: Any = page.store.query(
                stored.path.read_text(encoding="utf-8"), use_default_graph_as_union=True
            )
            return {
                str(row[side].value) for row in rows for side in ("figureA", "figureB") if row[side]
            }
    return set()


def _value(page: Page, f: Any) -> str:
    if f["value"] is None:
        return page.label(f["qualitative"]) if f["qualitative"] is not None else ""
    bound = f["bound"].value if f["bound"] is not None else ""
    prefix = {"AtLeast": "over ", "Approximately": "about ", "AtMost": "under "}.get(
        bound.rsplit("#", 1)[-1], ""
    )
    unit = page.label(f["unit"]) if f["unit"] is not None else ""
    unit = "%" if "percent" in unit.lower() else f" {unit}" if unit else ""
    return f"{prefix}{f['value'].value}{unit}"


def _snapshot(page: Page, f: Any) -> str:
    """How far the count was when the figure was reported, and its status."""
    parts = []
    if f["progress"] is not None:
        unit = page.label(f["progressUnit"]) if f["progressUnit"] is not None else ""
        parts.append(f"{f['progress'].value} {unit}".strip())
    if f["status"] is not None:
        parts.append(page.label(f["status"]))
    return ", ".join(parts) or "count stage not stated"


def _reporters(page: Page, f: Any) -> str:
    """Who reported the figure (a joint exit poll has two), as links; one row per figure."""
    return ", ".join(page.link(r) for r in page.objects(f["figure"], EKG + "reportedBy"))


def _by(page: Page, f: Any) -> str:
    reporters = _reporters(page, f)
    return f", {reporters}" if reporters else ""


def _sources_of(page: Page, figure: Any) -> str:
    return ", ".join(short_source(page, s) for s in page.objects(figure, PROV_DERIVED))


def short_source(page: Page, source: Any) -> str:
    """A link to a source with a short text (``Seed 002``), its full label as the tooltip."""
    label = page.label(source)
    short = label.split(":", 1)[0] if ":" in label[:12] else _shorten(label, 40)
    return (
        f'<a href="{escape(page.href(source.value))}" title="{escape(label)}">{escape(short)}</a>'
    )


def _answer(page: Page, election: Any, shares: list[Any]) -> str:
    winners = [row["winner"] for row in _select(page, WINNER_QUERY, election)]
    if not winners:
        return ""
    names = " and ".join(page.link(w) for w in winners)
    own = sorted(
        (f for f in shares if f["subject"] is not None and f["subject"] in winners),
        key=lambda f: -_progress(f),
    )
    reports = ""
    if own:
        best, others = own[0], own[1:]
        reports = (
            f"<br><strong>{escape(_value(page, best))}</strong> ({escape(_snapshot(page, best))}"
            + _by(page, best)
            + f"; {_sources_of(page, best['figure'])})"
        )
        if others:
            reports += "; also reported: " + ", ".join(
                f"{escape(_value(page, f))} ({_sources_of(page, f['figure'])})" for f in others
            )
    reported = f"{reports}." if reports else ""
    return (
        f'<section class="answer" id="answer"><p><strong>Winner: {names}.</strong>{reported}'
        f"{_outcome_reports(page, election)}</p></section>"
    )


def _outcome_reports(page: Page, election: Any) -> str:
    """How each source reported the outcome: its count stage and reporter, as stated."""
    reports = []
    for row in _select(page, OUTCOMES_QUERY, election):
        outcome = row["outcome"]
        stage = page.label(row["status"]) if row["status"] is not None else "count stage not stated"
        by = ", ".join(page.link(r) for r in page.objects(outcome, EKG + "reportedBy"))
        reports.append(f"{escape(stage)}{', ' + by if by else ''} ({_sources_of(page, outcome)})")
    if not reports:
        return ""
    noun = "report" if len(reports) == 1 else "reports"
    return f"<br>Outcome {noun}: " + "; ".join(reports) + "."


def _progress(f: Any) -> float:
    return float(f["progress"].value) if f["progress"] is not None else -1.0


def _shares(page: Page, shares: list[Any]) -> str:
    if not shares:
        return ""
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for f in shares:
        reporter = _reporters(page, f)
        groups[(_snapshot(page, f), reporter, _sources_of(page, f["figure"]))].append(f)
    rows = []
    for (snapshot, reporter, sources), members in sorted(groups.items()):
        cells = " · ".join(
            f"{page.link(f['subject']) if f['subject'] is not None else ''} {escape(_value(page, f))}"
            for f in sorted(members, key=lambda f: -float(f["value"].value))
        )
        rows.append(
            f"<tr><td>{escape(snapshot)}</td><td>{reporter}</td><td>{sources}</td><td>{cells}</td></tr>"
        )
    by_snapshot: dict[str, dict[Any, Any]] = defaultdict(dict)
    for f in shares:
        by_snapshot[_snapshot(page, f)].setdefault(f["subject"], f)
    fullest = list(
        max(
            by_snapshot.values(), key=lambda one: (len(one), max(map(_progress, one.values())))
        ).values()
    )
    kind = "seats won" if fullest[0]["type"].value == EKG + "SeatsWon" else "vote shares"
    unit = "%" if kind == "vote shares" else " seats"
    top = 100.0 if kind == "vote shares" else max(float(f["value"].value) for f in fullest)
    title = f"Reported {kind}, {_snapshot(page, fullest[0])}"
    return (
        f"<h2>Results by count snapshot and source</h2>{bar_chart(page, fullest, title, unit, top)}"
        '<div class="scroll"><table class="shares"><thead><tr><th scope="col">Count snapshot</th><th scope="col">Reported by</th>'
        f'<th scope="col">Source</th><th scope="col">Figures</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _figure_list(page: Page, heading: str, figures: list[Any], conflicting: set[str]) -> str:
    if not figures:
        return ""
    clash = any(f["figure"].value in conflicting for f in figures)
    note = (
        '<p class="conflict">⚠ These reports cannot all be true at once; they are kept side by side.</p>'
        if clash
        else ""
    )
    items = "".join(
        f"<li><strong>{escape(_value(page, f))}</strong> ({escape(_snapshot(page, f))}"
        + _by(page, f)
        + f"; {_sources_of(page, f['figure'])})"
        + (
            ' <span class="conflict">conflicts with another report</span>'
            if f["figure"].value in conflicting
            else ""
        )
        + "</li>"
        for f in sorted(figures, key=lambda f: str(f["figure"]))
    )
    return f"<h2>{escape(heading)}</h2>{note}<ul>{items}</ul>"


def _observers(page: Page, election: Any, figures: list[Any], conflicting: set[str]) -> str:
    missions = _select(page, MISSIONS_QUERY, election)
    if not missions and not figures:
        return ""
    items = "".join(
        f"<li>{page.link(row['mission'])}"
        + (f" ({page.link(row['organisation'])})" if row["organisation"] is not None else "")
        + "</li>"
        for row in sorted(missions, key=lambda row: page.label(row["mission"]))
    )
    counts = (
        _figure_list(page, "Observer counts", figures, conflicting)
        .replace("<h2>", "<h3>")
        .replace("</h2>", "</h3>")
    )
    return f"<h2>Observers</h2><ul>{items}</ul>{counts}"


_STATEMENTS_SHOWN = 5
"""Statements of one stance listed before the rest are folded."""


def _statements(page: Page, election: Any) -> str:
    by_stance: dict[str, set[Any]] = defaultdict(set)
    for row in _select(page, STATEMENTS_QUERY, election):
        stance = page.label(row["stance"]) if row["stance"] is not None else "no stance recorded"
        by_stance[stance].add(row["statement"])
    if not by_stance:
        return ""
    parts = ["<h2>Statements by stance</h2>"]
    for stance in sorted(by_stance):
        statements = sorted(by_stance[stance], key=page.label)
        # statements resting on the same words (six leaderships in one sentence) share a line
        by_quote: dict[tuple[str, str], list[Any]] = defaultdict(list)
        quote_of: dict[tuple[str, str], tuple[Any, str]] = {}
        for statement in statements:
            quotes = evidence_items(page, statement)[:1]
            key = (str(quotes[0][1]), quotes[0][3]) if quotes else ("", statement.value)
            by_quote[key].append(statement)
            if quotes:
                quote_of[key] = (quotes[0][1], quotes[0][3])
        items = []
        for key, members in by_quote.items():
            links = ", ".join(page.link(statement) for statement in members)
            quoted = ""
            if key in quote_of:
                source, exact = quote_of[key]
                cite = f" ({short_source(page, source)})" if source is not None else ""
                quoted = f' <q title="{escape(exact)}">{escape(_shorten(exact, 90))}</q>{cite}'
            items.append(f"<li>{links}:{quoted}</li>")
        # The first few on screen, the rest one click away (the page fits in four screens).
        shown, folded = items[:_STATEMENTS_SHOWN], items[_STATEMENTS_SHOWN:]
        more = (
            f"<details><summary>{len(folded)} more</summary>"
            f'<ul class="statements">{"".join(folded)}</ul></details>'
            if folded
            else ""
        )
        parts.append(
            f"<h3>{escape(stance.capitalize())} ({len(statements)})</h3>"
            f'<ul class="statements">{"".join(shown)}</ul>{more}'
        )
    return "".join(parts)


def _timeline(page: Page, election: Any) -> str:
    rows = _select(page, TIMELINE_QUERY, election)
    seen: set[tuple[str, str]] = set()
    items = []
    for row in rows:
        key = (row["date"].value, row["what"].value)
        if key not in seen:
            seen.add(key)
            items.append(
                f"<li><time>{escape(row['date'].value)}</time>: {page.link(row['what'])}</li>"
            )
    if not items:
        return ""
    # Folded like the full figure list, so that the answer and the conflicts stay on screen.
    return (
        f"<h2>Timeline</h2><details><summary>{len(items)} dated events, in order</summary>"
        f"<ol>{''.join(items)}</ol></details>"
    )


def _sources(page: Page, election: Any) -> str:
    sources = sorted({row["source"] for row in _select(page, SOURCES_QUERY, election)}, key=str)
    items = "".join(f"<li>{page.link(s)}</li>" for s in sources)
    return f"<h2>Sources</h2><ul>{items}</ul>" if items else ""


def _all_figures(page: Page, figures: list[Any], conflicting: set[str]) -> str:
    if not figures:
        return ""
    rows = "".join(
        f"<tr><td>{page.link(f['figure'])}</td><td>{escape(page.label(f['type']))}</td>"
        f"<td>{page.link(f['subject']) if f['subject'] is not None else ''}</td>"
        f"<td>{escape(_value(page, f))}{' ⚠' if f['figure'].value in conflicting else ''}</td>"
        f"<td>{escape(_snapshot(page, f))}</td>"
        f"<td>{_reporters(page, f)}</td><td>{_sources_of(page, f['figure'])}</td></tr>"
        for f in sorted(figures, key=lambda f: (page.label(f["type"]), str(f["figure"])))
    )
    return (
        f"<details><summary>Every reported figure ({len(figures)}), with its qualifiers</summary>"
        '<div class="scroll"><table><thead><tr><th scope="col">Figure</th><th scope="col">Kind</th><th scope="col">About</th>'
        '<th scope="col">Value</th><th scope="col">Count snapshot</th><th scope="col">Reported by</th><th scope="col">Source</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></details>"
    )


def bar_chart(page: Page, figures: Iterable[Any], title: str, unit: str, maximum: float) -> str:
    """A horizontal SVG bar chart of one snapshot: one bar per candidate, scaled to fit."""
    rows = sorted(figures, key=lambda f: (-float(f["value"].value), str(f["figure"])))
    bar_height, gap, label_width, chart_width = 22, 8, 190, 300
    height = len(rows) * (bar_height + gap) + 6
    width = label_width + chart_width + 90
    bars = []
    for index, f in enumerate(rows):
        value = float(f["value"].value)
        y = 3 + index * (bar_height + gap)
        length = max(1.0, chart_width * value / maximum) if maximum else 1.0
        who = page.label(f["subject"]) if f["subject"] is not None else page.label(f["figure"])
        text = _value(page, f) if unit == "%" else f"{f['value'].value}{unit}"
        bars.append(
            f"<g><title>{escape(who)}: {escape(text)}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="13">{escape(_shorten(who, 26))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="#2b6cb0"></rect>'
            f'<text x="{label_width + length + 5:.1f}" y="{y + 15}" font-size="13">{escape(text)}</text></g>'
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
