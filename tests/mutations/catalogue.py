"""Realistic curator mistakes, written as edits of the RDF (so they survive reformatting).

The catalogue is the table ``mutations.txt``: one mistake a line, the node the refusal must
name, and edits addressing node IRIs and predicates (never the text of the Turtle files), each
turned here into a SPARQL Update of the facts graph, or an edit of a seed file. ``UNCATCHABLE``
lists the mistakes no rule can catch from inside the repository, with what would catch them;
the suite checks that they really pass, so that the list stays honest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FACTS = "<https://w3id.org/electionkg/graph/facts>"
TABLE = Path(__file__).with_name("mutations.txt")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"(?:\^\^\S+|@\S+)?|\S+')
"""A Turtle literal (quoted, with its datatype or language) or any other word."""


@dataclass(frozen=True)
class Mutation:
    """One mistake: ``updates`` (SPARQL Update on the facts graph), optionally a seed file
    edit ``(file, old text, new text)``, and the node the refusal must name."""

    name: str
    blame: str
    updates: tuple[str, ...] = ()
    seed_edit: tuple[str, str, str] | None = None
    would_catch: str = ""
    """For an uncatchable mutation: what would catch it."""


def _with(delete: str, insert: str, where: str) -> str:
    return f"WITH {FACTS} DELETE {{ {delete} }} INSERT {{ {insert} }} WHERE {{ {where} }}"


def _edit(op: str, args: list[str]) -> str:
    """One edit of the table as a SPARQL Update."""
    if op == "set":
        s, p, o = args
        return _with(f"{s} {p} ?old", f"{s} {p} {o}", f"{s} {p} ?old")
    if op == "del":
        s, p, *given = args
        obj = given[0] if given else "?any"
        return _with(f"{s} {p} {obj}", "", f"{s} {p} {obj}")
    if op == "add":
        s, p, o = args
        return f"INSERT DATA {{ GRAPH {FACTS} {{ {s} {p} {o} }} }}"
    if op == "rename":
        s, p, q = args
        return _with(f"{s} {p} ?o", f"{s} {q} ?o", f"{s} {p} ?o")
    if op == "copy":
        s, new = args
        return _with("", f"{new} ?p ?o", f"{s} ?p ?o")
    if op == "drop":
        (s,) = args
        return _with(f"{s} ?p ?o", "", f"{s} ?p ?o")
    if op == "quote":
        s, old, new, *links = args
        path = (links or ["ekg:evidence"])[0] + "/oa:hasSelector"
        return _with(
            "?sel oa:exact ?q",
            "?sel oa:exact ?changed",
            f"{s} {path} ?sel . ?sel oa:exact ?q . FILTER CONTAINS(?q, {old}) "
            f"BIND (REPLACE(?q, {old}, {new}) AS ?changed)",
        )
    if op == "prefix":
        s, link, new = args
        return _with(
            "?sel oa:prefix ?p",
            f"?sel oa:prefix {new}",
            f"{s} {link}/oa:hasSelector ?sel . ?sel oa:prefix ?p",
        )
    if op == "source":
        s, doc = args
        return _with(
            "?ev oa:hasSource ?d",
            f"?ev oa:hasSource {doc}",
            f"{s} ekg:evidence ?ev . ?ev oa:hasSource ?d",
        )
    if op == "progress":
        s, value = args
        return _with(
            "?c ekg:progressValue ?v",
            f"?c ekg:progressValue {value}",
            f"{s} ekg:countProgress ?c . ?c ekg:progressValue ?v",
        )
    raise ValueError(f"{TABLE.name}: unknown edit {op!r}")


def _parse(line: str) -> Mutation:
    name, blame, edits = (part.strip() for part in line.split(" :: "))
    updates: list[str] = []
    seed_edit = None
    for edit in edits.split(" ; "):
        op, *args = _TOKEN.findall(edit)
        if op == "seed":
            file, old, new = (arg.strip('"') for arg in args)
            seed_edit = (file, old, new)
        else:
            updates.append(_edit(op, args))
    return Mutation(name, blame, tuple(updates), seed_edit)


MUTATIONS: tuple[Mutation, ...] = tuple(
    _parse(line)
    for line in TABLE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

UNCATCHABLE: tuple[Mutation, ...] = (
    Mutation(
        "an exit poll's seed texts, quotes, value and hashes changed together (93.9 as 93.8)",
        "figure:az-2024-presidential-exit-poll-oracle-clrpl",
        updates=(
            _edit(
                "set", ["figure:az-2024-presidential-exit-poll-oracle-clrpl", "ekg:value", "93.8"]
            ),
            _edit(
                "quote", ["figure:az-2024-presidential-exit-poll-oracle-clrpl", '"93.9"', '"93.8"']
            ),
        ),
        seed_edit=("*", "93.9 percent", "93.8 percent"),
        would_catch="a SHA-256 of each seed pinned outside the repository (a signed release, or "
        "the publisher's archived copy): inside it, text, quote, value and hash all agree",
    ),
)
"""Mistakes no rule can catch from inside the repository; with ``seed_edit`` file ``*`` the
harness edits every seed holding the text and records the new SHA-256s in the data."""

NOT_RUN_UNCATCHABLE = (
    "a whole invented claim with an invented seed file, quote and hash: provenance shows where "
    "a fact came from, not that its source is real (would catch it: review of every added "
    "seed, or a fetch of the original article by its URL)",
)
