"""A source as an annotated page: the article's own text, each quoted span highlighted and
linked to the claims it supports, so a reader sees what was taken from where and what was not.

Quotes are matched as the build checks them: against the text with runs of white space
collapsed; the highlight is then drawn on the text as written (line breaks kept).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from electionkg.web.html_base import EKG, EVIDENCE_PREDICATES, OA, Page

SEED_FILE = EKG + "seedFile"


def annotated_article(page: Page, source: Any) -> str:
    """The section with the article's text, its highlighted spans and what the coverage
    ledger excuses ("" without a seed)."""
    from electionkg import paths
    from electionkg.errors import InputError
    from electionkg.provenance.coverage import excused_spans, read_ledger
    from electionkg.provenance.selectors import read_seed

    seed = page.value(source, SEED_FILE)
    if seed is None or "/" in seed.value or "\\" in seed.value or seed.value.startswith("."):
        return ""
    try:
        raw = read_seed(paths.seeds_dir() / seed.value)
        excused = excused_spans(seed.value, raw, read_ledger())
    except (OSError, InputError):
        return ""
    spans = _spans(page, source, raw)
    covered = sum(end - start for start, end in _merge(spans))
    body = _highlight(page, raw, spans, excused)
    share = f"{100 * covered / max(1, len(raw.strip())):.0f}"
    return (
        "<h2>The article, annotated</h2>"
        f"<p>Highlighted: the {len({claim for *_, claims in spans for claim in claims})} claims "
        f"this article supports, quoted from it (about {share} % of its text). Hover or follow "
        f"a highlight to see the claim; the file is <code>{escape(seed.value)}</code>. "
        f'<span class="excused">Greyed</span>: what the coverage ledger excuses (not used as '
        f"evidence; the reason on hover and in the list below).</p>"
        f'<div class="article">{body}</div>{_excused_list(raw, excused)}'
    )


def _excused_list(raw: str, excused: list[tuple[int, int, str]]) -> str:
    """The ledger's excuses for this article, each with its words and its reason."""
    if not excused:
        return ""
    items = "".join(
        f"<li><q>{escape(' '.join(raw[start:end].split()))}</q>: {escape(reason)}</li>"
        for start, end, reason in excused
    )
    return (
        f"<details><summary>Not used as evidence ({len(excused)}), from the coverage ledger"
        f"</summary><ul>{items}</ul></details>"
    )


def _spans(page: Page, source: Any, raw: str) -> list[tuple[int, int, list[Any]]]:
    """(start, end, claims) in ``raw`` for every distinct quote taken from this source."""
    import pyoxigraph

    collapsed, offsets = _collapse(raw)
    claims_by_quote: dict[str, set[Any]] = defaultdict(set)
    for evidence_quad in page.store.quads_for_pattern(
        None, pyoxigraph.NamedNode(OA + "hasSource"), source, None
    ):
        evidence = evidence_quad.subject
        exacts = [
            page.value(selector, OA + "exact")
            for selector in page.objects(evidence, OA + "hasSelector")
        ]
        claims = {
            quad.subject
            for predicate in EVIDENCE_PREDICATES
            for quad in page.store.quads_for_pattern(
                None, pyoxigraph.NamedNode(predicate), evidence, None
            )
            if isinstance(quad.subject, pyoxigraph.NamedNode)
        }
        for exact in exacts:
            if exact is not None and claims:
                claims_by_quote[" ".join(exact.value.split())] |= claims
    spans = []
    for quote, claims in claims_by_quote.items():
        where = collapsed.find(quote)
        if where >= 0 and quote:
            start, end = offsets[where], offsets[where + len(quote) - 1] + 1
            spans.append((start, end, sorted(claims, key=str)))
    return sorted(spans)


def _collapse(raw: str) -> tuple[str, list[int]]:
    """The text with white-space runs as one space, and each character's offset in ``raw``."""
    out: list[str] = []
    offsets: list[int] = []
    previous_space = True
    for index, character in enumerate(raw):
        if character.isspace():
            if not previous_space:
                out.append(" ")
                offsets.append(index)
            previous_space = True
        else:
            out.append(character)
            offsets.append(index)
            previous_space = False
    return "".join(out), offsets


def _merge(spans: list[tuple[int, int, list[Any]]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end, _ in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _highlight(
    page: Page,
    raw: str,
    spans: list[tuple[int, int, list[Any]]],
    excused: list[tuple[int, int, str]],
) -> str:
    """The text, cut at every span boundary; each piece marked with the claims covering it,
    or as excused by the ledger (with the reason)."""
    bounds = [(s, e) for s, e, _ in spans] + [(s, e) for s, e, _ in excused]
    cuts = sorted({0, len(raw), *(s for s, _ in bounds), *(e for _, e in bounds)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        text = escape(raw[start:end])
        claims = [c for s, e, cs in spans if s <= start and end <= e for c in cs]
        if not claims:
            reasons = [r for s, e, r in excused if s <= start and end <= e]
            if reasons and text.strip():
                text = f'<span class="excused" title="{escape(reasons[0])}">{text}</span>'
            pieces.append(text)
            continue
        unique = list(dict.fromkeys(claims))
        title = escape("; ".join(page.label(claim) for claim in unique))
        pieces.append(
            f'<mark title="{title}"><a href="{escape(page.href(unique[0].value))}">{text}</a></mark>'
        )
    return "".join(pieces)
