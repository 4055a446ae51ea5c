"""Quotes as evidence: each claim's verbatim spans, shown inside their sentence of the seed."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from electionkg.web.html_base import EKG, EVIDENCE_PREDICATES, OA, Page


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
